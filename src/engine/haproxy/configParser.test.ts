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
