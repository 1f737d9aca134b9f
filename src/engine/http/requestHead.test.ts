import { describe, expect, it } from "vitest";
import { fieldValueAsRead, MAX_REQUEST_TEXT_BYTES, parseRequestHead, serializeRequestHead } from "./requestHead.ts";

/** A head from lines joined with "\n" and ending in a blank line. */
const head = (...lines: string[]) => lines.join("\n") + "\n\n";
const H = "Host: www.example.com";

describe("request heads Apache accepts", () => {
  it.each([
    ["plain HTTP/1.1", head("GET / HTTP/1.1", H), "GET", "/", "HTTP/1.1"],
    ["CRLF line ends", "GET /a?b=1 HTTP/1.1\r\nHost: x\r\n\r\n", "GET", "/a?b=1", "HTTP/1.1"],
    ["no final blank line", "GET / HTTP/1.1\nHost: x", "GET", "/", "HTTP/1.1"],
    ["leading blank lines skipped", "\n\r\n" + head("GET / HTTP/1.1", H), "GET", "/", "HTTP/1.1"],
    ["ten leading blank lines", "\n".repeat(10) + head("GET / HTTP/1.1", H), "GET", "/", "HTTP/1.1"],
    ["HTTP/1.0 without Host", head("GET / HTTP/1.0"), "GET", "/", "HTTP/1.0"],
    ["absolute form names the host", head("GET http://www.example.com/x HTTP/1.1", H), "GET", "http://www.example.com/x", "HTTP/1.1"],
    ["OPTIONS *", head("OPTIONS * HTTP/1.1", H), "OPTIONS", "*", "HTTP/1.1"],
    ["CONNECT host:port", head("CONNECT www.example.com:443 HTTP/1.1", H), "CONNECT", "www.example.com:443", "HTTP/1.1"],
    ["unknown method token", head("PURGE /x HTTP/1.1", H), "PURGE", "/x", "HTTP/1.1"],
    ["obs-text in the target", head("GET /caf\u00e9 HTTP/1.1", H), "GET", "/caf\u00e9", "HTTP/1.1"],
    ["leading double slash kept as sent", head("GET //x HTTP/1.1", H), "GET", "//x", "HTTP/1.1"],
  ])("%s", (_name, text, method, target, protocol) => {
    const r = parseRequestHead(text);
    expect(r.rejection).toBeUndefined();
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.request).toMatchObject({ method, target, protocol });
  });

  it("keeps repeated headers apart, in arrival order, values trimmed", () => {
    const r = parseRequestHead(head("GET / HTTP/1.1", H, "X-Forwarded-For: 203.0.113.7 \t", "x-forwarded-for:\t198.51.100.2", "Empty:"));
    expect(r.request?.headers).toEqual([
      { name: "Host", value: "www.example.com", line: 2, column: 1, valueColumn: 7 },
      { name: "X-Forwarded-For", value: "203.0.113.7", line: 3, column: 1, valueColumn: 18 },
      { name: "x-forwarded-for", value: "198.51.100.2", line: 4, column: 1, valueColumn: 18 },
      { name: "Empty", value: "", line: 5, column: 1, valueColumn: 7 },
    ]);
  });

  it("joins obs-fold lines with one space and warns once per field", () => {
    const r = parseRequestHead(head("GET / HTTP/1.1", H, "X-Long: a", " \t b", "\tc", "X-Other: d", " e"));
    expect(r.rejection).toBeUndefined();
    expect(r.request?.headers[1]).toMatchObject({ name: "X-Long", value: "a b c", line: 3 });
    expect(r.request?.headers[2]).toMatchObject({ name: "X-Other", value: "d e", line: 6 });
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
      ["header-obs-fold", "warning", 4],
      ["header-obs-fold", "warning", 7],
    ]);
  });

  it("reads a request line without protocol as HTTP/0.9 and no headers", () => {
    const r = parseRequestHead("GET /\nHost: x\n");
    expect(r.rejection).toBeUndefined();
    expect(r.request).toEqual({ method: "GET", target: "/", protocol: "HTTP/0.9", headers: [] });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["request-http09", "request-body-ignored"]);
  });

  it("ignores a body after the blank line, with an info diagnostic on its first line", () => {
    const r = parseRequestHead("POST / HTTP/1.1\nHost: x\nContent-Length: 3\n\nabc");
    expect(r.rejection).toBeUndefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: "request-body-ignored", severity: "info", line: 5, column: 1 })]);
  });

  it("says nothing about extra blank lines after the head", () => {
    expect(parseRequestHead("GET / HTTP/1.1\nHost: x\n\n\n\r\n").diagnostics).toEqual([]);
  });

  it("replaces Host with the absolute target's host (info)", () => {
    const r = parseRequestHead(head("GET http://a.example:8080/ HTTP/1.1", "Host: b.example"));
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: "host-replaced-by-uri", severity: "info", message: expect.stringContaining("with host 'a.example:8080'") }),
    ]);
  });

  it("warns that Transfer-Encoding drops Content-Length", () => {
    const r = parseRequestHead(head("POST / HTTP/1.1", H, "Content-Length: 5", "Transfer-Encoding: gzip, chunked"));
    expect(r.rejection).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["content-length-dropped"]);
  });
});

describe("request heads Apache rejects", () => {
  it.each([
    // name, text, status, code, line, column, message fragment
    ["lowercase protocol", head("GET / http/1.1", H), 400, "request-protocol-invalid", 1, 7, "Unrecognized protocol 'http/1.1'"],
    ["HTTP/0.9 written out", head("GET / HTTP/0.9"), 400, "request-protocol-invalid", 1, 7, "Unrecognized protocol 'HTTP/0.9'"],
    ["garbage protocol", head("GET / FTP/1.0"), 400, "request-protocol-invalid", 1, 7, "Unrecognized protocol"],
    ["two spaces after the method", head("GET  / HTTP/1.1", H), 400, "request-line-malformed", 1, 5, "Excess whitespace"],
    ["two spaces after the target", head("GET /  HTTP/1.1", H), 400, "request-line-malformed", 1, 7, "Excess whitespace"],
    ["trailing space", head("GET / HTTP/1.1 ", H), 400, "request-line-malformed", 1, 15, "Excess whitespace"],
    ["tab as separator", head("GET\t/ HTTP/1.1", H), 400, "request-line-malformed", 1, 4, "Invalid whitespace"],
    ["leading space", head(" GET / HTTP/1.1", H), 400, "request-line-malformed", 1, 1, "Invalid whitespace"],
    ["extra word", head("GET / HTTP/1.1 x", H), 400, "request-line-malformed", 1, 15, "Excess whitespace"],
    ["method with a separator", head("GE(T / HTTP/1.1", H), 400, "request-line-malformed", 1, 1, "Invalid method token: 'GE(T"],
    ["method only (Apache reports the empty target as badly encoded)", head("GET"), 400, "request-target-invalid", 1, 4, "URI incorrectly encoded: '' (there is no request target)"],
    ["HTTP/0.9 POST", head("POST /"), 400, "request-line-malformed", 1, 1, "only GET is allowed for HTTP/0.9"],
    ["HTTP/0.9 HEAD", head("HEAD /"), 400, "request-line-malformed", 1, 1, "only GET is allowed for HTTP/0.9"],
    ["control character in target", head("GET /a\u0001b HTTP/1.1", H), 400, "request-target-invalid", 1, 5, "URI incorrectly encoded"],
    ["relative target", head("GET a/b HTTP/1.1", H), 400, "request-target-invalid", 1, 5, "Unable to parse URI: 'a/b'"],
    ["asterisk with GET", head("GET * HTTP/1.1", H), 400, "request-target-invalid", 1, 5, "Unable to parse URI: '*'"],
    ["fragment", head("GET /a#frag HTTP/1.1", H), 400, "request-target-invalid", 1, 5, "must not contain a fragment"],
    ["user info", head("GET http://u:p@www.example.com/ HTTP/1.1", H), 400, "request-target-invalid", 1, 5, "username/password"],
    ["bad port in absolute target", head("GET http://h:8x/ HTTP/1.1", H), 400, "request-target-invalid", 1, 5, "Unable to parse URI"],
    ["eleven blank lines", "\n".repeat(11) + head("GET / HTTP/1.1", H), 400, "request-line-malformed", 11, 1, "Invalid method token: ''"],
    ["header without colon", head("GET / HTTP/1.1", H, "X-Foo bar"), 400, "header-missing-colon", 3, 1, "Request header field name is malformed: X-Foo bar"],
    ["space before colon", head("GET / HTTP/1.1", "Host : x"), 400, "header-name-invalid", 2, 5, "whitespace before ':'"],
    ["underscore is a token char, but @ is not", head("GET / HTTP/1.1", H, "X@Y: 1"), 400, "header-name-invalid", 3, 2, "'@' is not allowed"],
    ["non-ASCII header name", head("GET / HTTP/1.1", H, "Caf\u00e9: 1"), 400, "header-name-invalid", 3, 4, "is not allowed in a field name"],
    ["empty header name", head("GET / HTTP/1.1", H, ": 1"), 400, "header-name-invalid", 3, 1, "field name is empty"],
    ["control character in a value", head("GET / HTTP/1.1", H, "X-A: a\u0001b"), 400, "header-value-invalid", 3, 7, "Request header value is malformed: a\u0001b"],
    ["lone CR in a value", head("GET / HTTP/1.1", H, "X-A: a\rb"), 400, "header-value-invalid", 3, 7, "control character 0x0d"],
    ["fold before the first header", head("GET / HTTP/1.1", " Host: x"), 400, "header-obs-fold", 2, 1, "Line folding encountered before first header line"],
    ["blank fold line", head("GET / HTTP/1.1", H, "X-A: a", "   "), 400, "header-obs-fold", 4, 1, "Empty folded line encountered"],
    ["HTTP/1.1 without Host", head("GET / HTTP/1.1", "Accept: */*"), 400, "host-missing", 1, 7, "client sent HTTP/1.1 request without hostname"],
    ["HTTP/1.1 with an empty Host", head("GET / HTTP/1.1", "Host:"), 400, "host-missing", 1, 7, "The Host header is empty"],
    ["HTTP/1.1 absolute target, no Host", head("GET http://www.example.com/ HTTP/1.1"), 400, "host-missing", 1, 29, "without hostname"],
    ["two Host headers", head("GET / HTTP/1.1", "Host: a.example", "Host: b.example"), 400, "host-invalid", 3, 7, "Invalid host name 'a.example, b.example'"],
    ["Host with a slash", head("GET / HTTP/1.1", "Host: a.example/x"), 400, "host-invalid", 2, 7, "Client sent malformed Host header: a.example/x"],
    ["Host port out of range", head("GET / HTTP/1.1", "Host: a.example:70000"), 400, "host-invalid", 2, 7, "malformed Host header"],
    ["purely numeric Host", head("GET / HTTP/1.1", "Host: 8080"), 400, "host-invalid", 2, 7, "purely numeric host names not allowed"],
    ["dotted quad with leading zero", head("GET / HTTP/1.1", "Host: 010.0.0.1"), 400, "host-invalid", 2, 7, "Invalid host name '010.0.0.1'"],
    ["bad IPv6 literal", head("GET / HTTP/1.1", "Host: [::1::2]:80"), 400, "host-invalid", 2, 7, "malformed Host header"],
    ["HTTP/1.0 with a bad Host", head("GET / HTTP/1.0", "Host: a..b"), 400, "host-invalid", 2, 7, "malformed Host header: a..b"],
    ["bad Content-Length", head("POST / HTTP/1.1", H, "Content-Length: +5"), 400, "content-length-invalid", 3, 17, "client sent invalid Content-Length (+5): /"],
    ["two Content-Length fields", head("POST / HTTP/1.1", H, "Content-Length: 5", "Content-Length: 5"), 400, "content-length-invalid", 4, 17, "(5, 5)"],
    ["Transfer-Encoding not chunked last", head("POST / HTTP/1.1", H, "Transfer-Encoding: chunked, gzip"), 400, "transfer-encoding-invalid", 3, 20, "unknown Transfer-Encoding"],
    ["unknown expectation", head("POST / HTTP/1.1", H, "Expect: 200-ok"), 417, "expect-unsupported", 3, 9, "unrecognized expectation value of Expect: 200-ok"],
  ] as const)("%s", (_name, text, status, code, line, column, fragment) => {
    const r = parseRequestHead(text);
    expect(r.rejection?.status).toBe(status);
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code, line, column, source: "client.request" });
    expect(errors[0]!.message).toContain(fragment);
  });

  it("still returns the request line and the headers read before a header error", () => {
    const r = parseRequestHead(head("GET /x HTTP/1.1", H, "Bad Header"));
    expect(r.rejection).toEqual({ status: 400, reason: "Request header field name is malformed: Bad Header" });
    expect(r.request).toMatchObject({ method: "GET", target: "/x", headers: [{ name: "Host" }] });
  });

  it("returns no request when the request line is rejected", () => {
    expect(parseRequestHead(head("GET / http/1.1", H)).request).toBeNull();
  });

  it("uses the source it is given", () => {
    expect(parseRequestHead("GET / HTTP/1.1\n", "hops[1].request").diagnostics[0]?.source).toBe("hops[1].request");
  });
});

describe("limits", () => {
  const target = (lineBytes: number) => "/" + "a".repeat(lineBytes - "GET / HTTP/1.1".length);
  it.each([
    ["request line of 8190 bytes", 8190, undefined],
    ["request line of 8191 bytes (the CR still fits Apache's buffer)", 8191, undefined],
    ["request line of 8192 bytes", 8192, 414],
  ])("%s", (_name, bytes, status) => {
    const line = `GET ${target(bytes)} HTTP/1.1`;
    expect(line.length).toBe(bytes);
    const r = parseRequestHead(head(line, H));
    expect(r.rejection?.status).toBe(status);
    if (status) expect(r.diagnostics[0]).toMatchObject({ code: "request-line-too-long", line: 1, column: 1 });
  });

  it("counts the request line in UTF-8 bytes", () => {
    const line = `GET /${"\u00e9".repeat(4090)} HTTP/1.1`; // 4 + 1 + 8180 + 9 = 8194 bytes, 4104 UTF-16 units
    expect(parseRequestHead(head(line, H)).rejection?.status).toBe(414);
  });

  it.each([
    ["header line of 8191 bytes", 8191, undefined],
    ["header line of 8192 bytes", 8192, 400],
  ])("%s", (_name, bytes, status) => {
    const field = "X-Big: " + "v".repeat(bytes - 7);
    const r = parseRequestHead(head("GET / HTTP/1.1", H, field));
    expect(r.rejection?.status).toBe(status);
    if (status) {
      expect(r.diagnostics[0]).toMatchObject({ code: "header-field-too-long", line: 3, column: 1 });
      expect(r.diagnostics[0]!.message).toContain("Size of a request header field exceeds server limit");
      expect(r.rejection?.reason).toBe("Request header exceeds LimitRequestFieldSize: X-Big");
    }
  });

  it("refuses a merged value longer than LimitRequestFieldSize", () => {
    const half = "c=" + "v".repeat(4200);
    const r = parseRequestHead(head("GET / HTTP/1.1", H, `Cookie: ${half}`, `Cookie: ${half}`));
    expect(r.rejection?.status).toBe(400);
    expect(r.diagnostics[0]).toMatchObject({ code: "header-merged-too-long", line: 4 });
    expect(r.rejection?.reason).toBe("Request header exceeds LimitRequestFieldSize after merging: Cookie");
  });

  it("refuses a fold that grows the field past the limit", () => {
    const r = parseRequestHead(head("GET / HTTP/1.1", H, "X-A: " + "a".repeat(5000), " " + "b".repeat(5000)));
    expect(r.rejection?.status).toBe(400);
    expect(r.diagnostics.at(-1)).toMatchObject({ code: "header-field-too-long", line: 4 });
  });

  it.each([
    ["100 headers", 100, undefined],
    ["101 headers", 101, 400],
  ])("%s", (_name, count, status) => {
    const fields = Array.from({ length: count - 1 }, (_, i) => `X-${i}: ${i}`);
    const r = parseRequestHead(head("GET / HTTP/1.1", H, ...fields));
    expect(r.rejection?.status).toBe(status);
    if (status) expect(r.diagnostics[0]).toMatchObject({ code: "too-many-headers", line: 102 });
  });

  it("honours configured limits", () => {
    const opts = { limitRequestLine: 20, limitRequestFieldSize: 20, limitRequestFields: 1 };
    expect(parseRequestHead(head("GET /0123456789 HTTP/1.1", H), undefined, opts).rejection?.status).toBe(414);
    expect(parseRequestHead(head("GET / HTTP/1.1", H, "A: 1"), undefined, opts).diagnostics[0]?.code).toBe("too-many-headers");
  });
});

describe("input guard", () => {
  it.each([
    ["empty text", "", "request-empty"],
    ["only blank lines", "\n\r\n", "request-empty"],
  ])("%s", (_name, text, code) => {
    const r = parseRequestHead(text);
    expect(r.request).toBeNull();
    expect(r.rejection).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual([code]);
  });

  it("stops at 256 KiB with an error at the position where the limit is crossed", () => {
    const text = head("GET / HTTP/1.1", H) + "x".repeat(MAX_REQUEST_TEXT_BYTES);
    const r = parseRequestHead(text);
    expect(r.request).toBeNull();
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: "request-too-large", severity: "error", line: 4 })]);
  });

  it.each([
    ["a 10 MB line", "GET /" + "a".repeat(10_000_000)],
    ["a million colons", "GET / HTTP/1.1\n" + ":".repeat(200_000)],
    ["many short lines", "GET / HTTP/1.1\n" + "a:\n".repeat(80_000)],
    ["a long fold chain", "GET / HTTP/1.1\nA: a\n" + " b\n".repeat(80_000)],
  ])("stays fast on %s", { timeout: 60_000 }, (_name, text) => {
    const r = parseRequestHead(text);
    expect(r.diagnostics.length).toBeGreaterThan(0);
  });

  it("stays linear on a long fold chain under a large configured limit", { timeout: 60_000 }, () => {
    const text = "GET / HTTP/1.1\nHost: x\nA: a\n" + " b\n".repeat(80_000);
    const r = parseRequestHead(text, undefined, { limitRequestFieldSize: 1_000_000 });
    expect(r.rejection).toBeUndefined();
    expect(r.request?.headers[1]?.value).toHaveLength(1 + 2 * 80_000);
    expect(r.diagnostics).toHaveLength(1);
  });

  it("never throws on odd input", () => {
    for (const text of ["\0", "\r", "\r\r\n", "GET / HTTP/1.1\r", "\uD800 / HTTP/1.1", "GET http://[::1 HTTP/1.1", "CONNECT [::1]:x HTTP/1.1"]) {
      expect(() => parseRequestHead(text)).not.toThrow();
    }
  });
});

describe("serializeRequestHead", () => {
  it("writes CRLF lines and a final empty line", () => {
    expect(serializeRequestHead({ method: "GET", target: "/a", protocol: "HTTP/1.1", headers: [{ name: "Host", value: "x" }, { name: "A", value: "" }] })).toBe(
      "GET /a HTTP/1.1\r\nHost: x\r\nA: \r\n\r\n",
    );
  });

  it("round-trips through the parser", () => {
    const text = head("POST /p?q HTTP/1.1", H, "X-Forwarded-For: 203.0.113.7", "X-Forwarded-For: 10.0.0.2");
    const { request } = parseRequestHead(text);
    expect(parseRequestHead(serializeRequestHead(request!)).request).toEqual(request);
  });

  it("throws RangeError on a line break inside a value (a caller's bug)", () => {
    expect(() => serializeRequestHead({ method: "GET", target: "/", protocol: "HTTP/1.1", headers: [{ name: "A", value: "a\r\nB: b" }] })).toThrow(RangeError);
  });

  it("sends a lone CR in a value as it is, and the next Apache answers 400 (observed: apache-cr-front-quoted, ngx-cr-quoted)", () => {
    const wire = serializeRequestHead({ method: "GET", target: "/", protocol: "HTTP/1.1", headers: [{ name: "Host", value: "x" }, { name: "X-A", value: "a\rb" }] });
    expect(wire).toBe("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n");
    const read = parseRequestHead(wire);
    expect(read.rejection?.status).toBe(400);
    expect(read.diagnostics[0]).toMatchObject({ code: "header-value-invalid", line: 3, column: 7 }); // at the CR
  });
});

describe("fieldValueAsRead: a forwarded value as the next Apache reads it (corpus rnd-078)", () => {
  it("drops leading and trailing SP/HT, keeps the inside", () => {
    expect(fieldValueAsRead("/mnt, ")).toBe("/mnt,");
    expect(fieldValueAsRead(" \ta b\t ")).toBe("a b");
    expect(fieldValueAsRead("")).toBe("");
  });
});
