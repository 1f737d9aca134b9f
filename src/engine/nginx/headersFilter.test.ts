/**
 * add_header (`ngx_http_headers_filter_module.c`, release-1.22.1), with the conformance scenarios
 * `ngx-add-header-*` that check it on nginx 1.22.1 (Debian 12).
 */
import { describe, expect, it } from "vitest";
import { parseNginxConfig } from "./configParser.ts";
import { addHeaders } from "./headersFilter.ts";
import type { VariableContext } from "./variables.ts";

const ctx = { method: "GET", requestUri: "/", uri: "/", args: null, protocol: "HTTP/1.1", headers: [], host: "h", serverName: "s", tls: false, local: { host: "127.0.0.1", port: 1 }, remoteAddr: "127.0.0.9", realipRemoteAddr: "127.0.0.9" } satisfies VariableContext;
const levels = (...texts: string[]) => texts.map((t) => parseNginxConfig(t, "p").nodes);

describe("addHeaders", () => {
  it.each([
    ["a 200 gets every header [ngx-add-header-proxied]", 200, levels("add_header A 1; add_header B 2 always;"), { A: "1", B: "2" }],
    ["a 404 gets only the always ones [ngx-add-header-404]", 404, levels("add_header A 1; add_header B 2 always;"), { B: "2" }],
    ["the innermost level with any replaces the outer ones", 200, levels("add_header Outer 1;", "add_header Inner 2;"), { Inner: "2" }],
    ["an empty value adds nothing", 200, levels("add_header Empty $http_nothing;"), {}],
  ])("%s", (_name, status, lv, want) => {
    expect(addHeaders({ status, headers: {} }, lv, ctx, []).headers).toEqual(want);
  });
});
