/**
 * The X-WSGIProxy-<Kind>-N values. Tags: [DOC] WSGIProxy's documentation, "The Proxy" (plain when the value
 * can go in a header, otherwise `b64` + base64); [RUN] what the code produced when run under Python 2.7.18
 * (recorded examples of WSGIProxyApp's output and WSGIProxyMiddleware's decoding).
 */
import { describe, expect, it } from "vitest";
import { decodeKeyHeader, encodeKeyValue, jsonDumps, pickleDumps, stringRule, urlQuote, urlUnquote, base64Utf8 } from "./keys.ts";

describe("string rule ([DOC] \"The Proxy\"; [RUN] the recorded string_keys output)", () => {
  it.each([
    ["[RUN] a plain value goes raw: REMOTE_USER bob", "bob", "bob", null],
    ["[RUN] trailing whitespace: b64Ym9iIA==", "bob ", "b64Ym9iIA==", "whitespace"],
    ["[RUN] a value starting with b64: b64YjY0YWJj", "b64abc", "b64YjY0YWJj", "b64"],
    ["[RUN] the empty value goes raw (the header ends in a space)", "", "", null],
    ["[DOC] a newline is encoded", "a\nb", "b64YQpi", "0x0a"],
    ["[RUN] bytes 0x7F and non-ASCII go raw (café as UTF-8)", "caf\u00e9\x7f", "caf\u00e9\x7f", null],
    ["[DOC] leading whitespace is encoded", " x", "b64IHg=", "whitespace"],
  ])("%s", (_name, value, text, why) => {
    const r = stringRule(value);
    expect(r.text).toBe(text);
    if (why === null) expect(r.why).toBeNull();
    else expect(r.why).toContain(why);
  });
});

describe("the four kinds ([DOC] \"The Proxy\": unicode UTF-8, JSON, pickle; [RUN] recorded output)", () => {
  it("[RUN] unicode_keys: UTF-8, raw when it fits (UNI caf\\xc3\\xa9)", () => {
    expect(encodeKeyValue("Unicode", "café")).toMatchObject({ ok: true, value: "café", why: null });
  });
  it("[RUN] json_keys: json.dumps with Python's default separators ({\"a\": [1, 2]})", () => {
    expect(encodeKeyValue("Json", { a: [1, 2] })).toMatchObject({ ok: true, value: '{"a": [1, 2]}' });
    expect(jsonDumps({ s: "é\n", f: 1.5, t: true, n: null })).toBe('{"s": "\\u00e9\\n", "f": 1.5, "t": true, "n": null}');
  });
  it("[RUN] pickle_keys: protocol 0 holds newlines, so it is always b64", () => {
    const r = encodeKeyValue("Pickle", [1, 2]);
    expect(r).toMatchObject({ ok: true, raw: "(lp1\nI1\naI2\na." });
    expect(r.ok && r.value).toBe("b64" + base64Utf8("(lp1\nI1\naI2\na."));
    expect(pickleDumps({ u: "bob" })).toBe("(dp1\nS'u'\np2\nS'bob'\np3\ns.");
    expect(pickleDumps(null)).toBe("N.");
  });
  it("[RUN] string_keys with a value that is not a str: str_encode's assert fails", () => {
    expect(encodeKeyValue("Str", 5)).toMatchObject({ ok: false, exception: expect.stringContaining("AssertionError") });
  });
  it("[RUN] key names are quoted as Python 2 urllib.quote does, / kept", () => {
    expect(urlQuote("beaker.session")).toBe("beaker.session");
    expect(urlQuote("a b/c:é")).toBe("a%20b/c%3A%C3%A9");
    expect(urlUnquote("a%20b/c%3A%C3%A9")).toBe("a b/c:é");
  });
});

describe("decoding in WSGIProxyMiddleware ([RUN] recorded key decoding)", () => {
  it("[RUN] split at the first whitespace run, b64 decoded", () => {
    expect(decodeKeyHeader("Str", "REMOTE_ADDR b64MS4yLjMuNA==")).toEqual({ ok: true, key: "REMOTE_ADDR", value: "1.2.3.4", b64: true });
    expect(decodeKeyHeader("Str", "REMOTE_USER bob")).toMatchObject({ ok: true, key: "REMOTE_USER", value: "bob", b64: false });
  });
  it("[RUN] an empty value whose trailing space a server stripped: ValueError", () => {
    expect(decodeKeyHeader("Str", "EMPTY")).toMatchObject({ ok: false, exception: expect.stringContaining("ValueError") });
  });
  it("[RUN] unicode must be UTF-8; JSON must parse", () => {
    expect(decodeKeyHeader("Unicode", "U b64/w==")).toMatchObject({ ok: false, exception: expect.stringContaining("UnicodeDecodeError") });
    expect(decodeKeyHeader("Json", "J {nope")).toMatchObject({ ok: false, exception: expect.stringContaining("ValueError") });
    expect(decodeKeyHeader("Json", 'J {"a": [1, 2]}')).toMatchObject({ ok: true, key: "J", value: '{"a": [1, 2]}' });
  });
  it("round trip: every encoded str value decodes to itself", () => {
    for (const v of ["bob", "bob ", "b64abc", "a\nb", "café", " x\t"]) {
      const enc = encodeKeyValue("Str", v);
      expect(enc.ok && decodeKeyHeader("Str", `K ${enc.value}`)).toMatchObject({ ok: true, value: v });
    }
  });
});
