/**
 * Variable values (`ngx_http_variables.c`, `ngx_http_proxy_module.c`, release-1.22.1), checked through the
 * headers the back end received in the conformance scenarios named in each row (nginx 1.22.1, Debian 12).
 */
import { describe, expect, it } from "vitest";
import { evaluate, isKnownVariable, proxyAddXForwardedFor, variableRefs, type VariableContext } from "./variables.ts";

const ctx: VariableContext = {
  method: "GET", requestUri: "/v/a%20b?x=1", uri: "/v/a b", args: "x=1", protocol: "HTTP/1.1",
  headers: [{ name: "Host", value: "pub.example:8443" }, { name: "User-Agent", value: "curl/8" }, { name: "X-Forwarded-For", value: "1.1.1.1" }, { name: "X-Forwarded-For", value: "2.2.2.2" }],
  host: "pub.example", serverName: "127.0.0.1", tls: false, local: { host: "127.0.0.1", port: 19014 },
  remoteAddr: "127.0.0.9", realipRemoteAddr: "127.0.0.9", proxy: { host: "127.0.0.1:19500", port: "19500" },
};

describe("variables", () => {
  it.each([
    ["$host: lowercased name without port [ngx-psh-variables]", "$host", "pub.example"],
    ["$http_host: the header as sent [ngx-psh-variables]", "$http_host", "pub.example:8443"],
    ["$proxy_add_x_forwarded_for: every line, then $remote_addr [ngx-psh-xff-two-lines]", "$proxy_add_x_forwarded_for", "1.1.1.1, 2.2.2.2, 127.0.0.9"],
    ["$http_x_forwarded_for joins lines with \", \"", "$http_x_forwarded_for", "1.1.1.1, 2.2.2.2"],
    ["$server_port: nginx's own port [ngx-psh-variables]", "$server_port", "19014"],
    ["$request_uri: as received [ngx-psh-variables]", "$request_uri", "/v/a%20b?x=1"],
    ["$http_<name> [ngx-psh-variables]", "$http_user_agent", "curl/8"],
    ["${name} braces [ngx-quotes-escapes]", "${host}x", "pub.examplex"],
    ["a missing header is empty [ngx-psh-variables]", "[$http_x_nothing]", "[]"],
    ["$scheme", "$scheme", "http"],
    ["$proxy_host", "$proxy_host", "127.0.0.1:19500"],
  ])("%s", (_name, text, want) => {
    expect(evaluate(text, ctx)).toBe(want);
  });

  it("$proxy_add_x_forwarded_for with an empty line keeps its \", \" [ngx-psh-xff-empty-line]", () => {
    expect(proxyAddXForwardedFor([{ name: "X-Forwarded-For", value: "" }], "127.0.0.9")).toBe(", 127.0.0.9");
  });

  it("knows nginx's names, prefix families and $1…$9, and nothing else", () => {
    expect(["host", "proxy_add_x_forwarded_for", "http_x_anything", "arg_page", "1", "realip_remote_addr"].every((n) => isKnownVariable(n, new Set()))).toBe(true);
    expect(isKnownVariable("nosuch", new Set())).toBe(false);
    expect(isKnownVariable("up", new Set(["up"]))).toBe(true);
  });

  it("finds references with their offsets", () => {
    expect(variableRefs("a$b${c}d$1")).toEqual([
      { name: "b", start: 1, end: 3 },
      { name: "c", start: 3, end: 7 },
      { name: "1", start: 8, end: 10 },
    ]);
  });
});
