/**
 * mod_proxy's ProxyPass matching and URL building, and the request head it sends. Checked on Apache 2.4.71
 * (Debian 12) through the conformance corpus `apache/proxypass` (pp-first-match-*, pp-slashes-*,
 * pp-exclude-*, pp-pairs-*) unless a test says otherwise.
 */
import { describe, expect, it } from "vitest";
import { directive } from "../testing/builders.ts";
import { aliasMatch, canonPath, mapRequest, proxyRequest, proxyUpgrade, type ProxyMapping, type ProxyPassRule } from "./modProxy.ts";
import type { ScopeLayer } from "./server.ts";

const rule = (path: string, url: string | null): ProxyPassRule => ({ path, url, directive: directive(`ProxyPass ${path} ${url ?? "!"}`) });
const mapped = (m: ReturnType<typeof mapRequest>): ProxyMapping => {
  if (!m || "error" in m) throw new Error(`not mapped: ${JSON.stringify(m)}`);
  return m;
};

describe("alias_match: a ProxyPass prefix ends at a path-segment boundary", () => {
  it("takes /app and /app/x for /app, not /apple", () => {
    expect(aliasMatch("/app", "/app")).toBe(4);
    expect(aliasMatch("/app/x", "/app")).toBe(4);
    expect(aliasMatch("/apple", "/app")).toBe(0);
  });
  it("a prefix ending in / needs that slash", () => {
    expect(aliasMatch("/app", "/app/")).toBe(0);
    expect(aliasMatch("/app/x", "/app/")).toBe(5);
  });
  it("first match wins, and /a does not take /ab", () => {
    const rules = [rule("/a", "http://b:8000/one"), rule("/a/b", "http://b:8000/two"), rule("/", "http://b:8000/root/")];
    expect(mapped(mapRequest(rules, "/a/b/c", null)).target).toBe("/one/b/c");
    expect(mapped(mapRequest(rules, "/ab", null)).target).toBe("/root/ab");
  });
  it("a ! rule excludes only at a segment boundary", () => {
    const rules = [rule("/app/static", null), rule("/app/", "http://b:8000/")];
    expect(mapRequest(rules, "/app/static/x", null)).toBeNull();
    expect(mapped(mapRequest(rules, "/app/staticky", null)).target).toBe("/staticky");
  });
});

describe("the URL sent to the back end (proxy_http_canon)", () => {
  it("encodes the decoded path again; the raw query is appended", () => {
    expect(canonPath("/a b/x?y/\"q\"/~user/a+b;p=1")).toBe("/a%20b/x%3Fy/%22q%22/~user/a+b;p=1");
    expect(canonPath("/caf\u00c3\u00a9/%")).toBe("/caf%C3%A9/%25");
    expect(canonPath("/\u20ac")).toBe("/%E2%82%AC");
    expect(mapped(mapRequest([rule("/app/", "http://127.0.0.1:8000/")], "/app/a b", "q=%20&x")).target).toBe("/a%20b?q=%20&x");
  });
  it("a rule without a trailing slash joins the rest of the path to the URL as it is", () => {
    const rules = [rule("/app", "http://127.0.0.1:8000"), rule("/half", "http://127.0.0.1:8000/")];
    expect(mapped(mapRequest(rules, "/app/x", null)).target).toBe("/x");
    expect(mapped(mapRequest(rules, "/app", null)).target).toBe("/");
    expect(mapped(mapRequest(rules, "/half/x", null)).target).toBe("//x");
  });
  it("a port glued to the path (http://127.0.0.1:8000x) leaves a host that cannot be looked up: 500", () => {
    expect(mapRequest([rule("/svc/", "http://127.0.0.1:8000")], "/svc/x", null)).toMatchObject({ error: { status: 500 } });
  });
  it("a port that is not 1-65535 or is missing after the colon: 400", () => {
    expect(mapRequest([rule("/", "http://127.0.0.1:0/")], "/x", null)).toMatchObject({ error: { status: 400 } });
    expect(mapRequest([rule("/", "http://h:/")], "/x", null)).toMatchObject({ error: { status: 400 } });
    expect(mapRequest([rule("/", "http:/h/")], "/x", null)).toMatchObject({ error: { status: 400 } });
  });
  it("the host is lower-cased", () => {
    expect(mapped(mapRequest([rule("/", "http://Back.Example:8000/")], "/x", null)).host).toBe("back.example");
  });
});

describe("the Host header with ProxyPreserveHost Off: the URL's host and written port, unless 80", () => {
  const layers: ScopeLayer[] = [{ kind: "main", label: "server config", directives: [] }];
  const host = (url: string) => {
    const out = proxyRequest({ method: "GET", headers: [{ name: "Host", value: "www.example.com" }], clientIp: "127.0.0.9", serverHostname: "www.example.com" }, mapped(mapRequest([rule("/", url)], "/x", null)), layers, []);
    return out.headers.find((h) => h.name === "Host")?.value;
  };
  it("keeps a written port, drops :80 and an absent one ([emp] proxies-and-frameworks.md §8)", () => {
    expect(host("http://127.0.0.1:8000/")).toBe("127.0.0.1:8000");
    expect(host("http://back.example:80/")).toBe("back.example");
    expect(host("https://back.example:443/")).toBe("back.example:443");
    expect(host("https://back.example/")).toBe("back.example");
    expect(host("http://[::1]:8000/")).toBe("[::1]:8000");
  });
  it("sends SNI over TLS only for a name: the URL's host, or the request's host with ProxyPreserveHost On", () => {
    const sni = (url: string, preserve: boolean) =>
      proxyRequest(
        { method: "GET", headers: [{ name: "Host", value: "www.example.com" }], clientIp: "127.0.0.9", serverHostname: "www.example.com", requestHostname: "www.example.com" },
        mapped(mapRequest([rule("/", url)], "/x", null)),
        [{ kind: "main", label: "server config", directives: preserve ? [directive("ProxyPreserveHost On")] : [] }],
        [],
      ).sni;
    expect(sni("https://127.0.0.1:8443/", false)).toBeNull();
    expect(sni("https://127.0.0.1:8443/", true)).toBe("www.example.com");
    expect(sni("https://back.example:8443/", false)).toBe("back.example");
    expect(sni("http://back.example:8000/", true)).toBeNull();
  });
});

describe("upgrades (Apache 2.4.47+): forwarded only when the ProxyPass allows the client's protocol", () => {
  const withParams = (url: string, params: string): ProxyPassRule => ({ path: "/", url, directive: directive(`ProxyPass / ${url} ${params}`.trim()) });
  const upgrade = (url: string, params: string, client: string | undefined) => proxyUpgrade(mapped(mapRequest([withParams(url, params)], "/ws", null)), client);
  it.each([
    ["no upgrade= on an http URL: dropped with the other hop-by-hop headers", "http://127.0.0.1:8001/", "", "websocket", null],
    ["upgrade=websocket, any case", "http://127.0.0.1:8001/", "upgrade=websocket", "WebSocket", "WebSocket"],
    ["upgrade= names another protocol", "http://127.0.0.1:8001/", "upgrade=h2c", "websocket", null],
    ["upgrade=* takes any protocol", "http://127.0.0.1:8001/", "upgrade=*", "foo", "foo"],
    ["a ws:// URL allows WebSocket by default", "ws://127.0.0.1:8001/", "", "websocket", "websocket"],
    ["a ws:// URL allows nothing else by default", "ws://127.0.0.1:8001/", "", "h2c", null],
    ["no Upgrade from the client", "http://127.0.0.1:8001/", "upgrade=websocket", undefined, null],
  ])("%s", (_name, url, params, client, want) => {
    expect(upgrade(url, params, client)).toBe(want);
  });

  it("sends Connection: Upgrade and the client's Upgrade in place of Connection: Keep-Alive", () => {
    const headers = [
      { name: "Host", value: "www.example.com" },
      { name: "Upgrade", value: "websocket" },
      { name: "Connection", value: "Upgrade" },
    ];
    const layers: ScopeLayer[] = [{ kind: "main", label: "server config", directives: [] }];
    const sent = (params: string) =>
      proxyRequest({ method: "GET", headers, clientIp: "127.0.0.9", serverHostname: "www.example.com" }, mapped(mapRequest([withParams("http://127.0.0.1:8001/", params)], "/ws", null)), layers, []).headers.slice(-2);
    expect(sent("upgrade=websocket")).toEqual([
      { name: "Connection", value: "Upgrade" },
      { name: "Upgrade", value: "websocket" },
    ]);
    expect(sent("").map((h) => h.name)).toEqual(["X-Forwarded-Server", "Connection"]);
  });
});
