/**
 * How the Apache hops compose, for rules that span more than one module. Each was a disagreement between the
 * engine and Apache 2.4.71 + mod_wsgi 4.9.4 (Debian 12) in the conformance corpus `apache/` and is now held
 * here without servers; the corpus ids are named in each test.
 */
import { describe, expect, it } from "vitest";
import { simulate, type Scenario } from "./index.ts";
import { backendOnly, req } from "./testing/builders.ts";

function proxied(front: string, back: string, request: string, opts: { tls?: boolean; frontAddress?: string } = {}): Scenario {
  return {
    version: 1,
    modwsgi: "4.9",
    client: { address: "127.0.0.9", tls: opts.tls ?? false, request },
    proxies: [{ server: "apache", listen: "127.0.0.1:20001", address: opts.frontAddress ?? "127.0.0.3", config: front }],
    backend: { server: "apache", listen: "127.0.0.1:20002", address: "127.0.0.1", config: back },
  };
}
const FRONT = "ServerName www.example.com\nProxyPass / http://127.0.0.1:20002/\n";

describe("a front end's connections come from its own address", () => {
  it("the back end's peer is proxies[i].address, not the back end's (xff-v-*)", () => {
    const r = simulate(proxied(FRONT, "WSGITrustedProxies 127.0.0.3\nWSGITrustedProxyHeaders X-Forwarded-For\n", req("GET /x", "Host: www.example.com")));
    expect(r.hops[1]!.peer).toBe("127.0.0.3");
    expect(r.environ).toMatchObject({ REMOTE_ADDR: "127.0.0.9", HTTP_X_FORWARDED_FOR: "127.0.0.9" });
  });
});

describe("RequestHeader on the back end runs before mod_wsgi builds the environ", () => {
  it("adds a header the application sees (hd-on-requestheader-*)", () => {
    const r = simulate(backendOnly("RequestHeader set X-Probe 1\n", { request: req("GET /t/x", "Host: 127.0.0.1:18080") }));
    expect(r.environ?.HTTP_X_PROBE).toBe("1");
  });
  it("and before the trusted-proxy headers are read", () => {
    const r = simulate(backendOnly("WSGITrustedProxyHeaders X-Forwarded-Proto\nRequestHeader set X-Forwarded-Proto https\n", { request: req("GET /t/x", "Host: 127.0.0.1:18080") }));
    expect(r.environ?.["wsgi.url_scheme"]).toBe("https");
  });
});

describe("WSGIMapHEADToGET Auto maps HEAD to GET when mod_headers' Header filter is in the chain (hd-auto-header-*)", () => {
  const head = req("HEAD /t/x", "Host: 127.0.0.1:18080");
  const method = (config: string, modwsgi: "4.9" | "6.0" = "4.9") => simulate(backendOnly(config, { request: head, modwsgi })).environ?.REQUEST_METHOD;
  it("Auto + Header set or Header always set: GET; Auto and no Header: HEAD; Off: HEAD", () => {
    expect(method("WSGIMapHEADToGET Auto\nHeader set X-Probe 1\n")).toBe("GET");
    expect(method("WSGIMapHEADToGET Auto\nHeader always set X-Probe 1\n")).toBe("GET");
    expect(method("WSGIMapHEADToGET Auto\n")).toBe("HEAD");
    expect(method("WSGIMapHEADToGET Off\nHeader set X-Probe 1\n")).toBe("HEAD");
  });
  it("without the directive 4.9.4 behaves as Off (hd-default-header-head); 6.0 as Auto", () => {
    expect(method("Header set X-Probe 1\n")).toBe("HEAD");
    expect(method("Header set X-Probe 1\n", "6.0")).toBe("GET");
  });
  it("a <VirtualHost> that does not set it takes the main server's value (hd-vh-inherit)", () => {
    const vh = (top: string, inner = "") => simulate(backendOnly(`${top}<VirtualHost *:18080>\n    ServerName v.example\n${inner}</VirtualHost>\n`, { request: req("HEAD /t/x", "Host: v.example") })).environ?.REQUEST_METHOD;
    expect(vh("WSGIMapHEADToGET On\n")).toBe("GET");
    expect(vh("WSGIMapHEADToGET On\n", "    WSGIMapHEADToGET Off\n")).toBe("HEAD");
  });
});

describe("an absolute-form target names the host (hd-v11-absolute, hd-v10-absolute, hd-v11-absolute-https)", () => {
  it("replaces a Host header the client also sent", () => {
    const r = simulate(backendOnly("", { request: req("GET http://abs.example/t/x", "Host: other.example") }));
    expect(r.environ).toMatchObject({ HTTP_HOST: "abs.example", SERVER_NAME: "abs.example" });
  });
  it("keeps HTTP_HOST absent for HTTP/1.0 without Host, with the URI's port as SERVER_PORT", () => {
    const r = simulate(backendOnly("", { request: "GET http://abs.example:7070/t/x HTTP/1.0\n" }));
    expect(r.environ).toMatchObject({ SERVER_NAME: "abs.example", SERVER_PORT: "7070" });
    expect(r.environ?.HTTP_HOST).toBeUndefined();
  });
  it("is still 400 over HTTP/1.1 without a Host header", () => {
    expect(simulate(backendOnly("", { request: req("GET http://abs.example/t/x") })).response.status).toBe(400);
  });
  it("does not name the host when its scheme is not the connection's", () => {
    const r = simulate(backendOnly("", { request: req("GET https://abs.example/t/x", "Host: other.example") }));
    expect(r.environ).toMatchObject({ HTTP_HOST: "other.example", SERVER_NAME: "other.example", PATH_INFO: "/t/x" });
  });
});

describe("SNI reaches the environ as SSL_TLS_SNI (tls-*)", () => {
  it("from a TLS client that named a host", () => {
    expect(simulate(backendOnly("", { tls: true, request: req("GET /t/x", "Host: www.example.com") })).environ?.SSL_TLS_SNI).toBe("www.example.com");
    expect(simulate(backendOnly("", { tls: true, request: req("GET /t/x", "Host: 127.0.0.1:18080") })).environ?.SSL_TLS_SNI).toBeUndefined();
  });
  it("from mod_proxy with ProxyPreserveHost On, not for an IP-addressed https:// target", () => {
    const tlsFront = (extra: string) => `ServerName www.example.com\nSSLProxyEngine On\n${extra}ProxyPass / https://127.0.0.1:20002/\n`;
    expect(simulate(proxied(tlsFront("ProxyPreserveHost On\n"), "", req("GET /x", "Host: www.example.com"))).environ?.SSL_TLS_SNI).toBe("www.example.com");
    expect(simulate(proxied(tlsFront(""), "", req("GET /x", "Host: www.example.com"))).environ?.SSL_TLS_SNI).toBeUndefined();
  });
});

describe("a response to HEAD reaches the client without a body (dr-plain-head)", () => {
  it("even Apache's 301 page", () => {
    const r = simulate(backendOnly("", { request: req("HEAD /static", "Host: www.example.com"), directories: ["/static"] }));
    expect(r.response).toMatchObject({ status: 301, body: "", headers: { Location: "http://www.example.com/static/" } });
  });
});

describe("a ProxyPass URL mod_proxy refuses is answered by the front end (pp-slashes-svc-x)", () => {
  it("500 for a host that cannot be looked up", () => {
    const r = simulate(proxied("ProxyPass /svc/ http://127.0.0.1:20002\n", "", req("GET /svc/x", "Host: www.example.com")));
    expect(r.response.status).toBe(500);
    expect(r.hops).toHaveLength(1);
    expect(r.response.body).toContain("<title>500 Proxy Error</title>");
    expect(r.response.body).toContain("Reason: <strong>DNS lookup failure for: 127.0.0.1:20002x</strong></p><p />");
  });
});
