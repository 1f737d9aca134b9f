/**
 * Traefik v3.7.9 rows. [TFK-EP] docs/content/reference/install-configuration/entrypoints.md (forwardedHeaders);
 * [TFK-SP] .../http/middlewares/stripprefix.md; [TFK-HD] .../http/middlewares/headers.md; [TFK-LB]
 * .../http/load-balancing/service.md; [TFK-SRC] the v3.7.9 source where the docs are silent
 * (pkg/middlewares/forwardedheaders/forwarded_header.go, pkg/middlewares/stripprefix/strip_prefix.go,
 * pkg/proxy/httputil/proxy.go, Go net/http). Not run on a real Traefik.
 */
import { describe, expect, it } from "vitest";
import { goCanonicalHeader } from "./traefik.ts";
import { runPreset } from "./presetTesting.ts";

const GET = (...headers: string[]) => ["GET /api/users HTTP/1.1", "Host: www.example.com", ...headers];

describe("Traefik: forwarded headers from untrusted and trusted peers ([TFK-EP], [TFK-SRC])", () => {
  it("[TFK-SRC] untrusted peer: X-Forwarded-* and X-Real-Ip are replaced by Traefik's own (proxies-and-frameworks.md §12 example 44)", () => {
    const r = runPreset("traefik", "", GET("X-Forwarded-For: 6.6.6.6", "X-Forwarded-Prefix: /evil", "X-Real-Ip: 6.6.6.6", "X_Forwarded_Proto: https"));
    expect(r.header("X-Forwarded-For")).toBe("203.0.113.7");
    expect(r.header("X-Forwarded-Prefix")).toBeNull();
    expect(r.header("X-Real-Ip")).toBe("203.0.113.7");
    expect(r.header("X_forwarded_proto")).toBeNull();
    expect(r.header("X-Forwarded-Proto")).toBe("http");
    expect(r.header("X-Forwarded-Host")).toBe("www.example.com");
    expect(r.header("X-Forwarded-Port")).toBe("80");
    expect(r.header("X-Forwarded-Server")).toBe("traefik");
  });

  it.each([
    ["[TFK-EP] trustedIPs containing the peer keeps its headers and appends the peer", "forwardedHeaders.trustedIPs: 203.0.113.0/24", "6.6.6.6, 203.0.113.7"],
    ["[TFK-EP] insecure keeps everyone's", "forwardedHeaders.insecure: true", "6.6.6.6, 203.0.113.7"],
    ["[TFK-EP] trustedIPs without the peer", "forwardedHeaders.trustedIPs: 10.0.0.0/8", "203.0.113.7"],
    ["[TFK-EP] notAppendXForwardedFor with a trusted peer leaves the header as it is", "forwardedHeaders.insecure: true\nforwardedHeaders.notAppendXForwardedFor: true", "6.6.6.6"],
  ])("%s", (_name, config, xff) => {
    expect(runPreset("traefik", config, GET("X-Forwarded-For: 6.6.6.6")).header("X-Forwarded-For")).toBe(xff);
  });

  it("[TFK-SRC] several X-Forwarded-For lines of a trusted peer are folded with \", \" before the peer is appended", () => {
    const r = runPreset("traefik", "forwardedHeaders.insecure: true", GET("X-Forwarded-For: 1.1.1.1", "X-Forwarded-For: 2.2.2.2"));
    expect(r.values("X-Forwarded-For")).toEqual(["1.1.1.1, 2.2.2.2, 203.0.113.7"]);
  });

  it("[TFK-SRC] X-Forwarded-Port is the Host's port when it has one, 443 for https", () => {
    expect(runPreset("traefik", "", ["GET / HTTP/1.1", "Host: www.example.com:8443"]).header("X-Forwarded-Port")).toBe("8443");
    expect(runPreset("traefik", "", GET(), { tls: true, listen: "192.0.2.10:443" }).header("X-Forwarded-Port")).toBe("443");
  });
});

describe("Traefik: middlewares and the service", () => {
  it.each([
    ["[TFK-SP] /api stripped from /api/users, X-Forwarded-Prefix added", "/api/users", "GET /users HTTP/1.1", "/api"],
    ["[TFK-SRC] a plain string prefix: /api strips /apix to /x", "/apix", "GET /x HTTP/1.1", "/api"],
    ["[TFK-SP] a path without the prefix is untouched", "/other", "GET /other HTTP/1.1", null],
  ])("%s", (_name, target, line, prefix) => {
    const r = runPreset("traefik", "stripPrefix.prefixes: /api", [`GET ${target} HTTP/1.1`, "Host: www.example.com"]);
    expect(r.requestLine).toBe(line);
    expect(r.header("X-Forwarded-Prefix")).toBe(prefix);
  });

  it("[TFK-SRC] a stripped path that does not normalise to itself is refused with 400", () => {
    const r = runPreset("traefik", "stripPrefix.prefixes: /api", ["GET /api//x HTTP/1.1", "Host: www.example.com"]);
    expect(r.result.response.status).toBe(400);
  });

  it.each([
    ["[TFK-LB] passHostHeader true (default): the client's Host", "", "www.example.com"],
    ["[TFK-LB] passHostHeader false: the server's host", "loadBalancer.passHostHeader: false", "127.0.0.1:8000"],
    ["[TFK-LB] the short spelling passHostHeader", "passHostHeader: false", "127.0.0.1:8000"],
  ])("%s", (_name, config, host) => {
    expect(runPreset("traefik", config, GET()).header("Host")).toBe(host);
  });

  it("[TFK-HD] customRequestHeaders sets a header; an empty value removes one", () => {
    const r = runPreset("traefik", "headers.customRequestHeaders.X-Forwarded-Proto: https\nheaders.customRequestHeaders.X-Remove-Me: \"\"", GET("X-Remove-Me: 1"));
    expect(r.header("X-Forwarded-Proto")).toBe("https");
    expect(r.header("X-Remove-Me")).toBeNull();
  });

  it("[TFK-SRC] Go writes canonical names, sorted after Host, and adds Accept-Encoding: gzip", () => {
    const r = runPreset("traefik", "", ["GET / HTTP/1.1", "Host: www.example.com", "x-custom: 1"]);
    expect(r.lines[0]!.name).toBe("Host");
    expect(r.header("X-Custom")).toBe("1");
    expect(r.lines.some((l) => l.name === "X-Custom")).toBe(true);
    expect(r.header("Accept-Encoding")).toBe("gzip");
    const names = r.lines.slice(1, -1).map((l) => l.name);
    expect([...names].sort()).toEqual(names);
  });

  it.each([
    ["x-forwarded-for", "X-Forwarded-For"],
    ["X_forwarded_for", "X_forwarded_for"],
    ["WWW-AUTHENTICATE", "Www-Authenticate"],
  ])("Go's canonical header name: %s → %s", (name, canonical) => {
    expect(goCanonicalHeader(name)).toBe(canonical);
  });

  it("no Location rewriting ([TFK-LB] documents none); a closed upstream gives 502 Bad Gateway", () => {
    const redirect = runPreset("traefik", "", ["GET /account HTTP/1.1", "Host: www.example.com"], { app: { redirect: "/login" } });
    expect(redirect.result.response.headers.Location).toBe("http://www.example.com/login");
    const closed = runPreset("traefik", "", GET(), { backend: "WSGITrustedProxyHeaders X_Bad\n" });
    expect(closed.result.response.status).toBe(502);
    expect(closed.result.response.body).toBe("Bad Gateway");
  });

  it.each([
    ["a bad CIDR in trustedIPs: error at that item", "forwardedHeaders.trustedIPs: 10.0.0.0/8, 10.1.2", "1:42 ", /"10.1.2" in forwardedHeaders.trustedIPs/],
    ["an unknown option", "forwardedHeaders.trusted: 10.0.0.0/8", "1:1 ", /no setting "forwardedHeaders.trusted"/],
  ])("settings: %s", (_name, config, at, message) => {
    const r = runPreset("traefik", config, GET());
    expect(r.errors[0]!.startsWith(at)).toBe(true);
    expect(r.errors[0]).toMatch(message);
  });
});
