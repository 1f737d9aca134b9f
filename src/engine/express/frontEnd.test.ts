import { describe, expect, it } from "vitest";
import { simulate } from "../pipeline.ts";
import type { ModWsgiVersion, Scenario } from "../types.ts";

/** A mod_wsgi-express front end on 127.0.0.1:24100 (connecting from 127.0.0.3) before Apache + mod_wsgi on 24101. */
const front = (args: string, request: string, opts: { version?: ModWsgiVersion; tls?: boolean; listen?: string; redirect?: string } = {}): Scenario => ({
  version: 1,
  modwsgi: opts.version ?? "4.9",
  client: { address: "127.0.0.9", tls: opts.tls ?? false, request },
  proxies: [{ server: "mod_wsgi-express", listen: opts.listen ?? "127.0.0.1:24100", address: "127.0.0.3", config: `mod_wsgi-express start-server wsgi.py --host 127.0.0.1 --port 24100 ${args}` }],
  backend: { server: "apache", listen: "127.0.0.1:24101", address: "127.0.0.1", config: "WSGIScriptAlias / /srv/app.py\n", ...(opts.redirect ? { app: { redirect: opts.redirect } } : {}) },
});

/** The request head the next server received, as lines. */
const received = (s: Scenario) => simulate(s).hops[1]?.request.split("\r\n") ?? [];

describe("mod_wsgi-express as a front end (modwsgi-behaviour.md §4.4; 4.9 checked on Apache 2.4.71, corpus express-front-*)", () => {
  const mount = "--proxy-mount-point /api http://127.0.0.1:24101";

  it("4.9: /api/users?x=1 goes out as /users?x=1 with X-Forwarded-Port and mod_proxy's headers merged with the client's", () => {
    const lines = received(front(mount, "GET /api/users?x=1 HTTP/1.1\nHost: www.example.com:24100\nX-Forwarded-For: 6.6.6.6\n"));
    expect(lines[0]).toBe("GET /users?x=1 HTTP/1.1");
    expect(lines).toContain("Host: 127.0.0.1:24101");
    expect(lines).toContain("X-Forwarded-For: 6.6.6.6, 127.0.0.9");
    expect(lines).toContain("X-Forwarded-Port: 24100");
    expect(lines).toContain("X-Forwarded-Host: www.example.com:24100");
    expect(lines.some((l) => l.startsWith("X-Forwarded-Prefix") || l.startsWith("X-Forwarded-Scheme"))).toBe(false);
  });

  it("6.0 adds X-Forwarded-Prefix (the mount point without its trailing slash)", () => {
    expect(received(front("--proxy-mount-point /api/ http://127.0.0.1:24101/", "GET /api/x HTTP/1.1\nHost: h:24100\n", { version: "6.0" }))).toContain("X-Forwarded-Prefix: /api");
  });

  it("the next server's environ is the one the result shows; the peer is the front end's address", () => {
    const r = simulate(front(mount, "GET /api/a HTTP/1.1\nHost: h:24100\n"));
    expect(r.environ?.REMOTE_ADDR).toBe("127.0.0.3");
    expect(r.environ?.PATH_INFO).toBe("/a");
    expect(r.hops.map((h) => h.server)).toEqual(["mod_wsgi-express", "apache"]);
  });

  it("over TLS: X-Forwarded-Scheme https and the HTTPS port (RewriteCond %{HTTPS} on)", () => {
    const s = front("--server-name www.example.com --https-port 24111 --ssl-certificate /c/s " + mount, "GET /api/s HTTP/1.1\nHost: www.example.com:24111\n", { tls: true, listen: "127.0.0.1:24111" });
    const lines = received(s);
    expect(lines).toContain("X-Forwarded-Scheme: https");
    expect(lines).toContain("X-Forwarded-Port: 24111");
    expect(lines).toContain("X-Forwarded-Server: www.example.com");
  });

  it("over TLS with --https-only --hsts-policy, the proxied answer carries HSTS, and the ProxyPassReverse step is traced (corpus express-front-tls-hsts*)", () => {
    const s = front("--server-name www.example.com --https-port 24111 --ssl-certificate /c/s --https-only --hsts-policy max-age=600 " + mount, "GET /api/start HTTP/1.1\nHost: www.example.com:24111\n", { tls: true, listen: "127.0.0.1:24111", redirect: "/login" });
    const r = simulate(s);
    expect(r.response.headers).toMatchObject({ Location: "https://www.example.com:24111/api/login", "Strict-Transport-Security": "max-age=600" });
    expect(r.trace.filter((t) => t.hop === 0).map((t) => t.step)).toEqual(expect.arrayContaining(["mod_proxy.proxy-pass-reverse", "mod_wsgi-express.hsts"]));
  });

  it("the bare prefix is answered by the front end: 302 to http://HOST/api/ (scheme always http)", () => {
    const r = simulate(front(mount, "GET /api?x=1 HTTP/1.1\nHost: www.example.com:24100\n"));
    expect([r.response.status, r.response.headers.Location, r.hops.length, r.environ]).toEqual([302, "http://www.example.com:24100/api/?x=1", 1, null]);
  });

  it("ProxyPassReverse maps the next server's redirect back under /api/", () => {
    expect(simulate(front(mount, "GET /api/start HTTP/1.1\nHost: www.example.com:24100\n", { redirect: "/login" })).response.headers.Location).toBe("http://www.example.com:24100/api/login");
  });

  it("4.9 'URL//' (a mount URL with a trailing slash): the next server gets //users and ProxyPassReverse no longer matches", () => {
    const slash = "--proxy-mount-point /api http://127.0.0.1:24101/";
    expect(received(front(slash, "GET /api/users HTTP/1.1\nHost: h:24100\n"))[0]).toBe("GET //users HTTP/1.1");
    expect(simulate(front(slash, "GET /api/s HTTP/1.1\nHost: h:24100\n", { redirect: "/login" })).response.headers.Location).toBe("http://127.0.0.1:24101/login");
    expect(received(front(slash, "GET /api/users HTTP/1.1\nHost: h:24100\n", { version: "6.0" }))[0]).toBe("GET /users HTTP/1.1");
  });

  it("a path no proxy rule takes is answered by the front end's own application", () => {
    const r = simulate(front(mount, "GET /other HTTP/1.1\nHost: h:24100\n"));
    expect([r.response.status, r.hops.length, r.environ?.REMOTE_ADDR, r.environ?.PATH_INFO]).toEqual([200, 1, "127.0.0.9", "/other"]);
  });

  it("--proxy-virtual-host: every path of its Host is forwarded with the literal X-Forwarded-Port; other Hosts reach the own application", () => {
    const vh = "--proxy-virtual-host api.example.com http://127.0.0.1:24101/";
    const lines = received(front(vh, "GET /v/w HTTP/1.1\nHost: api.example.com\n"));
    expect(lines[0]).toBe("GET /v/w HTTP/1.1");
    expect(lines).toContain("X-Forwarded-Port: 24100");
    expect(lines).toContain("X-Forwarded-Server: api.example.com");
    expect(simulate(front(vh, "GET /v HTTP/1.1\nHost: www.example.com\n")).hops).toHaveLength(1);
  });

  it("with --server-name, another Host gets the _default_ 403 before any proxy rule", () => {
    const r = simulate(front("--server-name www.example.com " + mount, "GET /api/n HTTP/1.1\nHost: other.example.com\n"));
    expect([r.response.status, r.hops.length]).toEqual([403, 1]);
  });

  it("a proxy target that is not the next server is a warning at the URL", () => {
    const r = simulate(front("--proxy-mount-point /api http://127.0.0.1:9999", "GET /api/a HTTP/1.1\nHost: h:24100\n"));
    expect(r.diagnostics).toMatchObject([{ severity: "warning", code: "proxy-target-mismatch", source: "proxies[0].config", line: 1, column: 94, endColumn: 115 }]);
    expect(r.response.status).toBe(200);
  });

  it("a command line with errors: nothing listens, no response", () => {
    const r = simulate(front("--port nope", "GET / HTTP/1.1\nHost: h\n"));
    expect(r.response.status).toBe(0);
    expect(r.diagnostics.some((d) => d.severity === "error" && d.source === "proxies[0].config")).toBe(true);
  });

  it("the front end's generated text is the Apache configuration express writes; generated.apache stays the back end's", () => {
    const r = simulate(front(mount, "GET /api/a HTTP/1.1\nHost: h:24100\n"));
    expect(r.generated.frontends?.[0]).toContain("ProxyPass '/api/' 'http://127.0.0.1:24101/'");
    expect(r.generated.apache).toContain("WSGIScriptAlias / /srv/app.py");
  });
});

describe("mod_wsgi-express back end with a proxy rule: the request leaves the scenario", () => {
  /** Status 0, and the request express would send, from the trace. */
  const leaving = (args: string, request: string, version: ModWsgiVersion) => {
    const r = simulate({
      version: 1,
      modwsgi: version,
      client: { address: "127.0.0.9", request },
      proxies: [],
      backend: { server: "mod_wsgi-express", listen: "127.0.0.1:24100", address: "127.0.0.1", config: `mod_wsgi-express start-server wsgi.py --host 127.0.0.1 --port 24100 ${args}` },
    });
    expect(r.response.status).toBe(0);
    return r.trace.find((t) => t.step === "mod_wsgi-express.proxy-request")?.message ?? "";
  };

  it("--proxy-virtual-host: the request in the trace, with the literal X-Forwarded-Port", () => {
    const sent = leaving("--proxy-virtual-host api.example.com http://10.0.0.5:9000/", "GET /v HTTP/1.1\nHost: api.example.com\n", "4.9");
    expect(sent).toContain("GET /v HTTP/1.1\nHost: 10.0.0.5:9000\nX-Forwarded-Port: 24100\n");
    expect(sent).toContain("X-Forwarded-Server: api.example.com");
  });

  it("--proxy-mount-point: the exact request that would be sent (6.0: X-Forwarded-Prefix)", () => {
    const sent = leaving("--proxy-mount-point /api http://10.0.0.5:9000", "GET /api/users?x=1 HTTP/1.1\nHost: www.example.com:24100\n", "6.0");
    expect(sent).toContain("GET /users?x=1 HTTP/1.1\nHost: 10.0.0.5:9000\n");
    expect(sent).toContain("X-Forwarded-Prefix: /api");
    expect(sent).toContain("X-Forwarded-For: 127.0.0.9");
  });
});
