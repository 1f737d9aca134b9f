/**
 * The proxy module (`ngx_http_proxy_module.c`, release-1.22.1). Rows cite `proxies-and-frameworks.md` §9 and
 * §12 [emp] or the conformance scenario (`ngx-*`, nginx 1.22.1 on Debian 12) that checks the same rule.
 */
import { describe, expect, it } from "vitest";
import { parseNginxConfig, type NginxDirective } from "./configParser.ts";
import { buildNginxModel } from "./server.ts";
import { parseProxyPass, parseUpstreamUrl, redirectRules, rewriteRedirect, upstreamHeaders, upstreamUri, type ProxiedRequest } from "./proxy.ts";
import type { VariableContext } from "./variables.ts";

const model = buildNginxModel([], "server-inside", { listen: "127.0.0.1:1", tls: false }, "p").model;
/** Directives as they stand inside a location (where proxy_pass is allowed). */
const inLocation = (text: string): NginxDirective[] => parseNginxConfig(`location / { ${text} }`, "p").nodes[0]!.children!;
const directive = (text: string): NginxDirective => inLocation(text)[0]!;
const pass = (url: string, location: string | null = "/one/") => parseProxyPass(directive(`proxy_pass ${url};`), location, model, "p", [])!;
const ctx: VariableContext = {
  method: "GET", requestUri: "/one/p?q=1", uri: "/one/p", args: "q=1", protocol: "HTTP/1.1",
  headers: [{ name: "Host", value: "pub.example:8443" }, { name: "X-Forwarded-For", value: "1.1.1.1" }],
  host: "pub.example", serverName: "127.0.0.1", tls: false, local: { host: "127.0.0.1", port: 28180 },
  remoteAddr: "127.0.0.9", realipRemoteAddr: "127.0.0.9", proxy: { host: "127.0.0.1:28090", port: "28090" },
};

describe("proxy_pass URL", () => {
  it.each([
    ["host, port and URI", "127.0.0.1:28090/two/", { host: "127.0.0.1", port: 28090, uri: "/two/" }],
    ["no URI part", "127.0.0.1:28090", { host: "127.0.0.1", port: 28090, uri: "" }],
    ["only args make the URI /?…", "127.0.0.1:28090?x", { uri: "/?x" }],
    ["IPv6", "[::1]:8000/", { host: "::1", port: 8000, uri: "/" }],
  ])("%s", (_name, rest, want) => {
    expect(parseUpstreamUrl(rest, 80)).toMatchObject(want);
  });

  it.each([
    ["the port when not the default", "http://127.0.0.1:28090/two/", "127.0.0.1:28090"],
    ["no port for :80", "http://127.0.0.1:80/", "127.0.0.1"],
    ["no port for https :443 (unlike Apache's Host)", "https://h.example:443/", "h.example"],
    ["the host as written", "http://Back.Example:8000", "Back.Example:8000"],
  ])("$proxy_host: %s", (_name, url, want) => {
    expect(pass(url).hostHeader).toBe(want);
  });
});

describe("the upstream URI (ngx_http_proxy_create_request)", () => {
  const r = (over: Partial<ProxiedRequest>): ProxiedRequest => ({ method: "GET", uri: "/one/p", args: "q=1", unparsedUri: "/one/p?q=1", validUnparsedUri: true, validLocation: true, escape: false, headers: [], ...over });
  it.each([
    ["a URI part replaces the location [§12 ex. 39]", "http://127.0.0.1:28090/two/", "/one/", r({}), "/two/p?q=1"],
    ["no URI part: as received [ngx-pp-nouri-raw]", "http://127.0.0.1:28090", "/one/", r({ unparsedUri: "/one//p%2F?q=1" }), "/one//p%2F?q=1"],
    ["decoded %2F reaches the back end as / [ngx-pp-uri-decoded-slash]", "http://127.0.0.1:28090/two/", "/one/", r({ uri: "/one/a/b", args: null, escape: true }), "/two/a/b"],
    ["a decoded space is escaped again [ngx-pp-uri-space-reescaped]", "http://127.0.0.1:28090/two/", "/one/", r({ uri: "/one/a b", args: null, escape: true }), "/two/a%20b"],
    ["a location without a slash glues [ngx-pp-noslash-glued]", "http://127.0.0.1:28090/two", "/noslash", r({ uri: "/noslashy", args: null }), "/twoy"],
    ["after rewrite … break the URI part is ignored [ngx-pp-rewrite-break]", "http://127.0.0.1:28090/two/", "/rw/", r({ uri: "/new/a", validLocation: false, validUnparsedUri: false, escape: true }), "/new/a?q=1"],
  ])("%s", (_name, url, location, req, want) => {
    expect(upstreamUri(pass(url, location), location, req).uri).toBe(want);
  });
});

describe("upstream headers (ngx_http_proxy_init_headers)", () => {
  const client = ctx.headers;
  const set = (text: string) => inLocation(text);
  it.each([
    ["defaults: Host $proxy_host, Connection close, client lines after [§12 ex. 39]", "", ["Host: 127.0.0.1:28090", "Connection: close", "X-Forwarded-For: 1.1.1.1"]],
    ["a configured name replaces the client's line", "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;", ["X-Forwarded-For: 1.1.1.1, 127.0.0.9", "Host: 127.0.0.1:28090", "Connection: close"]],
    ["an empty value sends nothing and blocks the client's line [ngx-psh-variables]", 'proxy_set_header X-Forwarded-For "";', ["Host: 127.0.0.1:28090", "Connection: close"]],
    ["a value that evaluates empty is not sent [ngx-psh-variables]", "proxy_set_header X-Empty $http_x_nothing;", ["Host: 127.0.0.1:28090", "Connection: close", "X-Forwarded-For: 1.1.1.1"]],
    ["Connection \"\" removes nginx's close [ngx-psh-keepalive-pattern]", 'proxy_set_header Connection "";', ["Host: 127.0.0.1:28090", "X-Forwarded-For: 1.1.1.1"]],
  ])("%s", (_name, text, want) => {
    expect(upstreamHeaders(set(text), ctx, client, true, []).map((h) => `${h.name}: ${h.value}`)).toEqual(want);
  });
});

describe("proxy_redirect", () => {
  const level = (text: string, location = "/one/") => {
    const body = inLocation(text);
    const d = body.find((x) => x.name === "proxy_pass");
    return { directives: body, pass: d ? parseProxyPass(d, location, model, "p", []) : null, locationName: location };
  };
  const apply = (levels: ReturnType<typeof level>[], value: string) => {
    const rules = redirectRules(levels, "p", []);
    return rules ? (rewriteRedirect(value, rules, ctx)?.value ?? null) : "no rules";
  };
  it.each([
    ["implicit default with a URI part [§12 ex. 40]", [level("proxy_pass http://127.0.0.1:28090/two/;")], "http://127.0.0.1:28090/two/x", "/one/x"],
    ["case-sensitive: HTTP:// is left alone [§12 ex. 40]", [level("proxy_pass http://127.0.0.1:28090/two/;")], "HTTP://127.0.0.1:28090/two/x", null],
    ["relative values are left alone [§12 ex. 40]", [level("proxy_pass http://127.0.0.1:28090/two/;")], "/two/x", null],
    ["without a URI part, URL/ → / [§12 ex. 41]", [level("proxy_pass http://127.0.0.1:28090;", "/bare/")], "http://127.0.0.1:28090/elsewhere", "/elsewhere"],
    ["off [ngx-red-off]", [level("proxy_pass http://127.0.0.1:28090/two/; proxy_redirect off;")], "http://127.0.0.1:28090/two/x", "no rules"],
    ["a server-level rule replaces the locations' default [ngx-red-server-level-rule]", [level("proxy_redirect http://127.0.0.1:28090/ /;", ""), level("proxy_pass http://127.0.0.1:28090/two/;")], "http://127.0.0.1:28090/two/x", "/two/x"],
    ["a regex with a capture [ngx-red-regex]", [level("proxy_pass http://127.0.0.1:28090/two/; proxy_redirect ~^http://[^/]+/two/(.*)$ /one/$1;")], "http://127.0.0.1:28090/two/x", "/one/x"],
    ["variables in the replacement [ngx-red-explicit-host-var]", [level("proxy_pass http://127.0.0.1:28090/two/; proxy_redirect http://127.0.0.1:28090/two/ http://$host/one/;")], "http://127.0.0.1:28090/two/x", "http://pub.example/one/x"],
    ["no implicit default with variables in proxy_pass", [level("proxy_pass http://$host;")], "http://pub.example/x", "no rules"],
  ])("%s", (_name, levels, value, want) => {
    expect(apply(levels, value)).toBe(want);
  });
});
