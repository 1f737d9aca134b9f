/**
 * How nginx reads the request head (`ngx_http_request.c`, `ngx_http_parse.c`, release-1.22.1). Rows name the
 * conformance scenario that checks the rule on nginx 1.22.1 (Debian 12) where there is one.
 */
import { describe, expect, it } from "vitest";
import { escapeUri, parseRequestUri, readHeaders, validateHost } from "./request.ts";

describe("ngx_http_validate_host", () => {
  it.each([
    ["lowercased, port dropped [ngx-sn-case-port]", "SECOND.Example:8080", "second.example"],
    ["trailing dot dropped [ngx-host-trailing-dot]", "Pub.Example.:99", "pub.example"],
    ["IPv6 literal keeps brackets [ngx-red-ipv6-host]", "[::1]:8443", "[::1]"],
    ["two dots in a row: 400 [ngx-bad-host]", "a..b", null],
    ["a slash: 400", "a/b", null],
    ["empty: 400", "", null],
    ["only a port: 400", ":80", null],
  ])("%s", (_name, value, want) => {
    expect(validateHost(value)).toBe(want);
  });
});

describe("ngx_http_parse_complex_uri", () => {
  it.each([
    ["dot segments", "/a/./b/../c", "/a/c"],
    ["merged slashes [ngx-pp-uri-merged-slashes]", "//x//y", "/x/y"],
    ["%2F decodes to a real slash [ngx-pp-uri-decoded-slash]", "/one/a%2Fb", "/one/a/b"],
    ["%2E%2E after a slash is .. ", "/a/%2E%2E/b", "/b"],
    ["%3F stays a character, not the query", "/x%3Fy?z=1", "/x?y"],
    ["a trailing /. keeps the slash", "/a/.", "/a/"],
    ["an absolute-form target gives its path", "http://h.example:8/p?q", "/p"],
  ])("%s", (_name, target, uri) => {
    expect(parseRequestUri(target, true)?.uri).toBe(uri);
  });

  it.each([["climbing above the root [ngx-bad-dotdot-root]", "/a/../../b"], ["a bad escape", "/%zz"], ["%00", "/%00"]])("400 for %s", (_name, target) => {
    expect(parseRequestUri(target, true)).toBeNull();
  });

  it("keeps // with merge_slashes off [ngx-merge-slashes-off]", () => {
    expect(parseRequestUri("/one//x", false)?.uri).toBe("/one//x");
  });
});

describe("header lines", () => {
  it("drops names with _ unless underscores_in_headers is on [ngx-underscores-dropped, ngx-underscores-allowed]", () => {
    const fields = [{ name: "Host", value: "h" }, { name: "X_Custom_Header", value: "v" }];
    expect(readHeaders(fields, () => false, true).lines.map((h) => h.name)).toEqual(["Host"]);
    expect(readHeaders(fields, () => true, true).lines.map((h) => h.name)).toEqual(["Host", "X_Custom_Header"]);
  });

  it("answers 400 to a second Host line (ngx_http_process_host)", () => {
    expect(readHeaders([{ name: "Host", value: "a" }, { name: "host", value: "b" }], () => false, true).reject).toMatch(/^client sent duplicate host header/);
  });
});

describe("ngx_escape_uri (NGX_ESCAPE_URI)", () => {
  it.each([["space", "a b", "a%20b"], ["query and hash", "a?b#c", "a%3Fb%23c"], ["percent", "100%", "100%25"], ["slash and colon stay", "/a:b", "/a:b"]])("%s", (_name, text, want) => {
    expect(escapeUri(text)).toBe(want);
  });
});
