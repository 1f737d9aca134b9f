/**
 * The Python call reader: literals as the Python language reference defines them (2.7 and 3.x agree on
 * these), diagnostics at the exact token, and a property test that no input makes it throw.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parsePythonCall, pyRepr, MAX_PYTHON_DEPTH, type PyValue } from "./pythonCall.ts";

const read = (text: string) => parsePythonCall(text, "proxies[0].config");
const value = (text: string): PyValue => {
  const r = read(text);
  expect(r.diagnostics).toEqual([]);
  return r.value!;
};

describe("Python call reader: literals (Python language reference, lexical analysis)", () => {
  it.each([
    ["'abc'", "abc"],
    ['"abc"', "abc"],
    ["'''a\nb'''", "a\nb"],
    ['"""x"""', "x"],
    ["'a\\nb\\t\\\\'", "a\nb\t\\"],
    ["'\\x41\\101\\u00e9'", "AAé"],
    ["'\\U0001F600'", "😀"],
    ["r'a\\nb'", "a\\nb"],
    ["u'caf\\xe9'", "café"],
    ["'a' 'b' \"c\"", "abc"],
    ["'\\q'", "\\q"],
    ["'a\\\nb'", "ab"],
  ])("string %s reads as %j", (text, want) => {
    const v = value(text);
    expect(v.kind).toBe("str");
    expect(v.kind === "str" && v.value).toBe(want);
  });

  it("bytes literals are marked as bytes", () => {
    const v = value("b'\\xff'");
    expect(v).toMatchObject({ kind: "str", bytes: true, value: "\xff" });
  });

  it.each([
    ["42", 42n],
    ["-7", -7n],
    ["0x1F", 31n],
    ["0o17", 15n],
    ["0b101", 5n],
    ["1_000", 1000n],
    ["0", 0n],
    ["123456789012345678901234567890", 123456789012345678901234567890n],
  ])("integer %s", (text, want) => {
    expect(value(text)).toMatchObject({ kind: "int", value: want });
  });

  it.each([
    ["1.5", 1.5],
    [".5", 0.5],
    ["1e3", 1000],
    ["2.5E-1", 0.25],
    ["-0.25", -0.25],
  ])("float %s", (text, want) => {
    expect(value(text)).toMatchObject({ kind: "float", value: want });
  });

  it("True, False, None, names, lists, tuples, dicts", () => {
    expect(value("True")).toMatchObject({ kind: "bool", value: true });
    expect(value("None")).toMatchObject({ kind: "none" });
    expect(value("wsgiproxy.exactproxy")).toMatchObject({ kind: "name", name: "wsgiproxy.exactproxy" });
    expect(pyRepr(value("[1, 'a', (2,), (), {'k': None}]"))).toBe("[1, 'a', (2,), (), {'k': None}]");
    expect(value("(1)")).toMatchObject({ kind: "int", value: 1n });
    expect(value("[1, 2,]")).toMatchObject({ kind: "list" });
  });
});

describe("Python call reader: calls", () => {
  it("reads the WSGIProxyApp call of the documentation, keyword arguments and all", () => {
    const text = "WSGIProxyApp('http://10.0.0.5:8080/myapp?some=querystring', string_keys=['REMOTE_USER'], json_keys=['beaker.session'])";
    const r = read(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toMatchObject({ kind: "call", callee: "WSGIProxyApp", args: [{ kind: "str", value: "http://10.0.0.5:8080/myapp?some=querystring" }] });
    const call = r.value!.kind === "call" ? r.value! : null;
    expect(call!.keywords.map((k) => k.name)).toEqual(["string_keys", "json_keys"]);
    expect(call!.keywords[0]!.nameSpan).toMatchObject({ line: 1, column: text.indexOf("string_keys") + 1, endColumn: text.indexOf("string_keys") + 12 });
  });

  it("takes the line of a .wsgi file: imports skipped, `application =` kept, comments and line breaks", () => {
    const r = read("from wsgiproxy.app import WSGIProxyApp\n\napplication = WSGIProxyApp(  # the back end\n    'http://b:8080/',\n)\n");
    expect(r.diagnostics).toEqual([]);
    expect(r.target).toBe("application");
    expect(r.value).toMatchObject({ kind: "call", callee: "WSGIProxyApp" });
  });

  it.each([
    ["WSGIProxyApp('http://b/'", "python-syntax", 1, 25, "Expected"],
    ["WSGIProxyApp('http://b/)", "python-string-unterminated", 1, 14, "not closed"],
    ["WSGIProxyApp(href='a', href='b')", "python-keyword-repeated", 1, 24, "twice"],
    ["WSGIProxyApp(href='a', 'b')", "python-positional-after-keyword", 1, 24, "positional"],
    ["WSGIProxyApp(f'x{y}')", "python-unsupported", 1, 14, "f-string"],
    ["WSGIProxyApp('\\x4')", "python-escape-invalid", 1, 15, "hexadecimal"],
    ["WSGIProxyApp(09)", "python-number-invalid", 1, 14, "cannot start with 0"],
    ["WSGIProxyApp(1__0)", "python-number-invalid", 1, 14, "underscore"],
    ["WSGIProxyApp(*args)", "python-unsupported", 1, 14, "*args"],
    ["WSGIProxyApp(x if y else z)", "python-syntax", 1, 16, "Expected"],
    ["WSGIProxyApp('a')\nother()", "python-syntax", 2, 1, "Only one expression"],
    ["WSGIProxyApp({1, 2})", "python-unsupported", 1, 16, "set"],
    ["WSGIProxyApp($)", "python-syntax", 1, 14, "no place"],
    ["", "python-syntax", 1, 1, "empty"],
  ])("%j: %s at %i:%i", (text, code, line, column, words) => {
    const r = read(text);
    expect(r.value).toBeNull();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ severity: "error", code, source: "proxies[0].config", line, column });
    expect(r.diagnostics[0]!.message).toContain(words);
  });

  it("refuses nesting deeper than the limit with a diagnostic, not a stack overflow", () => {
    const r = read("[".repeat(30_000) + "]".repeat(30_000));
    expect(r.diagnostics[0]).toMatchObject({ code: "python-too-deep", line: 1, column: MAX_PYTHON_DEPTH + 1 });
  });

  it("refuses a huge paste with one diagnostic", () => {
    const r = read("x".repeat(1_000_000));
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: "python-too-long" })]);
  });

  it("counts columns in UTF-16 code units, as editors do", () => {
    const r = read("f('😀', $)");
    expect(r.diagnostics[0]).toMatchObject({ line: 1, column: 9 });
  });
});

describe("Python call reader: never throws (property)", () => {
  // Python-shaped fragments make most inputs get past the first token; raw strings cover the rest.
  const fragment = fc.constantFrom(
    "WSGIProxyApp",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    "=",
    ":",
    ".",
    "'",
    '"',
    "'''",
    "\\",
    "\\x",
    "\\u12",
    "\n",
    " ",
    "#",
    "r'",
    "b'",
    "f'",
    "0x",
    "1_",
    "1e",
    "-",
    "+",
    "*",
    "None",
    "True",
    "string_keys",
    "'http://a:1/'",
    "é",
    "😀",
    "\r\n",
  );
  const input = fc.oneof(fc.array(fragment, { maxLength: 24 }).map((a) => a.join("")), fc.string({ maxLength: 24, unit: "grapheme-ascii" }), fc.string({ maxLength: 12, unit: "binary" }));

  it("returns a value or diagnostics for 100,000 inputs, with positions inside the text", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(input, (text) => {
        const r = parsePythonCall(text, "s");
        if (r.value === null && r.diagnostics.length === 0) return false;
        const lines = 1 + (text.match(/\r\n|\r|\n/g)?.length ?? 0);
        return r.diagnostics.every((d) => d.line >= 1 && d.column >= 1 && d.line <= lines && d.code.startsWith("python-"));
      }),
      { numRuns: 100_000, seed: 6 },
    );
  });
});
