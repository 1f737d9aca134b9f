/**
 * HAProxy 2.6 configuration reading. Rows cite the Configuration Manual 2.6 (doc/configuration.txt as Debian's
 * haproxy 2.6.12 ships it), section 2.2 "Quoting and escaping" and 2.3 "Environment variables"; the error rows
 * were also run with `haproxy -c` of 2.6.12 (conformance syntax rows `syntax/haproxy.json`).
 */
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../types.ts";
import { parseHaproxyConfig, tokenizeLine } from "./configParser.ts";

function words(line: string): string[] {
  return tokenizeLine(line, 1, "t", []).map((w) => w.text);
}

describe("HAProxy 2.6 words (manual 2.2)", () => {
  it.each([
    ["blanks separate words", "http-request  set-header\tX a", ["http-request", "set-header", "X", "a"]],
    ["# starts a comment", "server app 127.0.0.1:80 # the app", ["server", "app", "127.0.0.1:80"]],
    ["a backslash escapes a blank", "set-header X a\\ b", ["set-header", "X", "a b"]],
    ["double quotes group words", 'set-header X "a b"', ["set-header", "X", "a b"]],
    ["single quotes take everything literally", "set-header X 'a \\ b'", ["set-header", "X", "a \\ b"]],
    ["quotes inside a word join with it", 'a"b c"d', ["ab cd"]],
    ["\\# inside a word is a #", "set-header X a\\#b", ["set-header", "X", "a#b"]],
    ["\\x41 is A", "set-header X \\x41", ["set-header", "X", "A"]],
    ["# in quotes is text", 'set-header X "a#b"', ["set-header", "X", "a#b"]],
    ["; is an ordinary character (Forwarded values)", "set-header Forwarded for=%[src];proto=http", ["set-header", "Forwarded", "for=%[src];proto=http"]],
  ])("%s", (_name, line, expected) => {
    expect(words(line)).toEqual(expected);
  });

  it("word positions are 1-based columns of the first character", () => {
    const w = tokenizeLine('  bind "127.0.0.1:80" ssl', 3, "t", []);
    expect(w.map((x) => [x.text, x.line, x.column, x.endColumn])).toEqual([
      ["bind", 3, 3, 7],
      ["127.0.0.1:80", 3, 8, 22],
      ["ssl", 3, 23, 26],
    ]);
  });

  it("an unterminated quote is an error (haproxy -c: 'unmatched quote')", () => {
    const d: Diagnostic[] = [];
    expect(tokenizeLine('set-header X "a b', 2, "t", d)).toEqual([]);
    expect(d[0]).toMatchObject({ severity: "error", line: 2, column: 14, message: "unmatched quote at position 14" });
  });

  it("${NAME} expands to nothing here, with a warning (manual 2.3)", () => {
    const d: Diagnostic[] = [];
    expect(tokenizeLine("bind ${ADDR}:80", 1, "t", d).map((w) => w.text)).toEqual(["bind", ":80"]);
    expect(d[0]).toMatchObject({ severity: "warning", code: "haproxy-env", column: 6 });
  });
});

// Carriage returns, as haproxy 2.6.12 (Debian 12) reads them: `haproxy -c` and requests through it (conformance
// syntax rows HA37–HA45, scenarios ha-cr-line-ends and ha-cr-blanks). The manual says nothing about CR.
describe("HAProxy 2.6.12 carriage returns (observed)", () => {
  const parse = (text: string) => {
    const p = parseHaproxyConfig(text, "t");
    return { lines: p.sections.flatMap((s) => s.lines).map((l) => [l.line, ...l.words.map((w) => w.text)]), diagnostics: p.diagnostics };
  };

  it("a CR right after a word ends the reading of the line; the rest is ignored and is no new line (HA37)", () => {
    const { lines, diagnostics } = parse("timeout client 5s\rtimeout server 5s\nserver app 127.0.0.1:22001\n");
    expect(lines).toEqual([
      [1, "timeout", "client", "5s"],
      [2, "server", "app", "127.0.0.1:22001"],
    ]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: "warning", code: "haproxy-carriage-return", line: 1, column: 18, endColumn: 36, message: expect.stringContaining("ignores 'timeout server 5s'") }),
    ]);
  });

  it("inside a word it cuts the word: set-header X-A a\\rb sends 'a' (scenario ha-cr-line-ends)", () => {
    expect(words("http-request set-header X-A a\rb")).toEqual(["http-request", "set-header", "X-A", "a"]);
  });

  it("a CR after a blank is a blank: the words after it stay on the line (HA38, HA43)", () => {
    const d: Diagnostic[] = [];
    expect(tokenizeLine("http-request set-header X-A 1 \rfrobnicate on", 4, "t", d).map((w) => w.text)).toEqual(["http-request", "set-header", "X-A", "1", "frobnicate", "on"]);
    expect(d).toEqual([expect.objectContaining({ severity: "warning", code: "haproxy-carriage-return", line: 4, column: 31, message: expect.stringContaining("as a blank") })]);
    expect(words("set-header X-A 1\t\rif TRUE")).toEqual(["set-header", "X-A", "1", "if", "TRUE"]);
    const once: Diagnostic[] = [];
    tokenizeLine("a \rb \rc \rd", 1, "t", once);
    expect(once.map((x) => x.column)).toEqual([3]);
  });

  it("a CR inside quotes leaves the quote open: 'unmatched quote' at the quote's column (HA39, HA40)", () => {
    for (const q of ['"', "'"]) {
      const d: Diagnostic[] = [];
      expect(tokenizeLine(`http-request set-header X-A ${q}a\rb${q}`, 1, "t", d)).toEqual([]);
      expect(d).toEqual([expect.objectContaining({ severity: "error", code: "haproxy-syntax", column: 29, endColumn: 31, message: expect.stringMatching(/^unmatched quote at position 29 \(a carriage return/) })]);
    }
  });

  it("CRs among a line's leading blanks are skipped with them (HA41, scenario ha-cr-blanks)", () => {
    const { lines, diagnostics } = parse("listen www\n    bind :80\n\r    frobnicate on\n");
    expect(lines).toEqual([
      [2, "bind", ":80"],
      [3, "frobnicate", "on"],
    ]);
    expect(diagnostics).toEqual([]);
  });

  it("CRLF reads as LF, with or without a blank or a closing quote before the CR (HA42)", () => {
    const { lines, diagnostics } = parse('option forwardfor\r\nhttp-request set-header X-A "a b"\r\nserver app 127.0.0.1:22001 \r\n');
    expect(lines).toEqual([
      [1, "option", "forwardfor"],
      [2, "http-request", "set-header", "X-A", "a b"],
      [3, "server", "app", "127.0.0.1:22001"],
    ]);
    expect(diagnostics).toEqual([]);
  });

  it("a CR right after a section keyword leaves the section without a name (HA44)", () => {
    expect(parse("listen\rwww\n    bind :80\n").diagnostics).toEqual([
      expect.objectContaining({ severity: "warning", code: "haproxy-carriage-return", line: 1, column: 7 }),
      expect.objectContaining({ severity: "error", line: 1, column: 1, message: "'listen' expects an <id> argument" }),
    ]);
  });

  it("a CR after # is part of the comment, and a CR before a comment changes nothing: no warning", () => {
    expect(parse("server app 127.0.0.1:1 # note\rfrobnicate\n").diagnostics).toEqual([]);
    expect(parse("server app 127.0.0.1:1\r# note\n").diagnostics).toEqual([]);
  });

  it("vertical tab and form feed separate words too (C's isspace; HA45)", () => {
    expect(words("option\vforwardfor\fheader X-Client")).toEqual(["option", "forwardfor", "header", "X-Client"]);
  });

  it("a long rest is quoted shortened, with its CRs written \\r", () => {
    const d: Diagnostic[] = [];
    tokenizeLine(`a\r${"b\r".repeat(100)}`, 1, "t", d);
    expect(d[0]!.message).toContain(`ignores '${"b\\r".repeat(29)}b…'`);
  });
});

describe("HAProxy 2.6 sections (manual 4)", () => {
  it("a text without a section keyword is one implicit listen section", () => {
    const p = parseHaproxyConfig("option forwardfor\nserver app 127.0.0.1:8000\n", "t");
    expect(p.implicit).toBe(true);
    expect(p.sections.map((s) => [s.kind, s.name, s.lines.length])).toEqual([["listen", "proxy", 2]]);
  });

  it("sections group the lines after them", () => {
    const p = parseHaproxyConfig("global\n  maxconn 10\ndefaults\n  mode http\nfrontend www\n  bind :80\nbackend app\n  server a 127.0.0.1:8000\n", "t");
    expect(p.sections.map((s) => [s.kind, s.name, s.lines.length])).toEqual([
      ["global", null, 1],
      ["defaults", null, 1],
      ["frontend", "www", 1],
      ["backend", "app", 1],
    ]);
  });

  it("lines before the first section are out of section (haproxy -c: unknown keyword … out of section)", () => {
    const p = parseHaproxyConfig("option forwardfor\nlisten www\n  bind :80\n", "t");
    expect(p.diagnostics[0]).toMatchObject({ severity: "error", line: 1, message: "unknown keyword 'option' out of section." });
  });
});
