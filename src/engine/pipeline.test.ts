/**
 * End-to-end: the reference example (front-end Apache with mod_proxy → Apache + mod_wsgi trusting it).
 * Expected values are what Apache 2.4.71 + mod_wsgi 4.9.4 (Debian 12) returned for the same configs on
 * loopback; the conformance corpus runs these scenarios on real servers in every CI run.
 */
import { describe, expect, it } from "vitest";
import { simulate, type Scenario } from "./index.ts";

const FRONT = "ServerName www.example.com\nProxyPass / http://127.0.0.1:8000/\nProxyPassReverse / http://127.0.0.1:8000/\nProxyPreserveHost On\nRequestHeader set X-Forwarded-Port 80\n";
const BACK = "WSGIScriptAlias / /srv/example/wsgi.py\nWSGITrustedProxies 127.0.0.1\nWSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Proto X-Forwarded-Host X-Forwarded-Port\n";

function example(request: string, front = FRONT, back = BACK): Scenario {
  return {
    version: 1,
    modwsgi: "4.9",
    client: { address: "127.0.0.9", tls: false, request },
    proxies: [{ server: "apache", listen: "127.0.0.1:80", address: "127.0.0.1", config: front }],
    backend: { server: "apache", listen: "127.0.0.1:8000", address: "127.0.0.1", config: back, directories: ["/static"] },
  };
}

describe("reference example", () => {
  it("gives the application the public view of the request", () => {
    const r = simulate(example("GET /somepath HTTP/1.1\nHost: www.example.com\n"));
    expect(r.diagnostics).toEqual([]);
    expect(r.response.status).toBe(200);
    expect(r.environ).toMatchObject({
      REMOTE_ADDR: "127.0.0.9",
      HTTP_HOST: "www.example.com",
      SERVER_NAME: "www.example.com",
      SERVER_PORT: "80",
      "wsgi.url_scheme": "http",
      SCRIPT_NAME: "",
      PATH_INFO: "/somepath",
      HTTP_X_FORWARDED_FOR: "127.0.0.9",
      HTTP_X_FORWARDED_HOST: "www.example.com",
      HTTP_X_FORWARDED_SERVER: "www.example.com",
      HTTP_X_FORWARDED_PORT: "80",
      HTTP_CONNECTION: "Keep-Alive",
      "mod_wsgi.application_group": "127.0.0.1|",
    });
    expect(r.environChanges?.REMOTE_ADDR).toEqual({ before: "127.0.0.1", after: "127.0.0.9", step: "mod_wsgi.trusted-proxies" });
  });

  it("records what each hop received", () => {
    const r = simulate(example("GET /somepath HTTP/1.1\nHost: www.example.com\n"));
    expect(r.hops.map((h) => [h.server, h.peer, h.listen])).toEqual([
      ["apache", "127.0.0.9", "127.0.0.1:80"],
      ["apache", "127.0.0.1", "127.0.0.1:8000"],
    ]);
    expect(r.hops[1]!.request).toBe(
      "GET /somepath HTTP/1.1\r\nHost: www.example.com\r\nX-Forwarded-Port: 80\r\nX-Forwarded-For: 127.0.0.9\r\n" +
        "X-Forwarded-Host: www.example.com\r\nX-Forwarded-Server: www.example.com\r\nConnection: Keep-Alive\r\n\r\n",
    );
  });

  it("redirects a directory without its slash to the public host", () => {
    const r = simulate(example("GET /static HTTP/1.1\nHost: www.example.com\n"));
    expect(r.environ).toBeNull();
    expect(r.response.status).toBe(301);
    expect(r.response.headers.Location).toBe("http://www.example.com/static/");
    expect(r.response.body).toContain('<a href="http://www.example.com/static/">here</a>');
  });

  it("without ProxyPreserveHost, rewrites Location but leaks the back end in the 301 body", () => {
    const r = simulate(example("GET /static HTTP/1.1\nHost: www.example.com\n", FRONT.replace("ProxyPreserveHost On\n", "")));
    expect(r.hops[1]!.response?.headers.Location).toBe("http://127.0.0.1:8000/static/");
    expect(r.response.headers.Location).toBe("http://www.example.com/static/");
    expect(r.response.body).toContain('<a href="http://127.0.0.1:8000/static/">here</a>');
  });

  it("without ProxyPreserveHost, trusts X-Forwarded-Host for HTTP_HOST but SERVER_NAME stays the back end's", () => {
    const r = simulate(example("GET /somepath?x=1 HTTP/1.1\nHost: www.example.com\n", FRONT.replace("ProxyPreserveHost On\n", "")));
    expect(r.environ).toMatchObject({ HTTP_HOST: "www.example.com", SERVER_NAME: "127.0.0.1", SERVER_PORT: "80", QUERY_STRING: "x=1", "mod_wsgi.application_group": "127.0.0.1:8000|" });
  });

  it("removing the front end from the trust list exposes the proxy as REMOTE_ADDR", () => {
    const r = simulate(example("GET / HTTP/1.1\nHost: www.example.com\n", FRONT, BACK.replace("WSGITrustedProxies 127.0.0.1", "WSGITrustedProxies 10.0.0.1")));
    expect(r.environ?.REMOTE_ADDR).toBe("127.0.0.1");
    expect(r.environ?.HTTP_X_FORWARDED_FOR).toBeUndefined();
  });
});

describe("bad input never throws", () => {
  it.each([
    ["not an object", "hello"],
    ["null", null],
    ["wrong version", { version: 2 }],
    ["unparsable request line", { ...example("GARBAGE\n") }],
    ["1 MB header", { ...example(`GET / HTTP/1.1\nHost: a\nX-Big: ${"a".repeat(1 << 20)}\n`) }],
    ["malformed trust list", { ...example("GET / HTTP/1.1\nHost: www.example.com\n", FRONT, "WSGITrustedProxies 0.0.0.0/0\n") }],
  ])("%s", (_name, input) => {
    const r = simulate(input);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics.every((d) => d.line >= 1 && d.column >= 1 && d.message.length > 0)).toBe(true);
  });

  it("points a bad trust-list token at its line and column", () => {
    const r = simulate(example("GET / HTTP/1.1\nHost: www.example.com\n", FRONT, "WSGIScriptAlias / /x.py\nWSGITrustedProxyHeaders X-Forwarded-For\nWSGITrustedProxies 127.0.0.1 0.0.0.0/0\n"));
    expect(r.diagnostics.find((d) => d.severity === "error")).toMatchObject({ source: "backend.config", line: 3, column: 30, code: "trusted-proxies-bad-mask" });
  });
});

describe("the way back: application redirects and what they expose", () => {
  const withApp = (front: string, back = "WSGIScriptAlias / /srv/app/wsgi.py\n"): Scenario => ({
    ...example("GET /account HTTP/1.1\nHost: www.example.com\n", front, back),
    backend: { server: "apache", listen: "127.0.0.1:8000", address: "127.0.0.1", config: back, app: { redirect: "/login" } },
  });

  // Each of these ran on Apache 2.4.71 + mod_wsgi 4.9.4 (conformance corpus app-redirect-2, -3, -4, -7).
  it("ProxyPassReverse rewrites the application's own redirect to the public host", () => {
    const r = simulate(withApp("ServerName www.example.com\nProxyPass / http://127.0.0.1:8000/\nProxyPassReverse / http://127.0.0.1:8000/\n"));
    expect(r.hops[1]!.response?.headers.Location).toBe("http://127.0.0.1:8000/login");
    expect(r.response).toMatchObject({ status: 302, headers: { Location: "http://www.example.com/login" } });
    expect(r.exposure?.location).toMatchObject({ reachable: true });
    expect(r.exposure?.leaks).toEqual([]);
  });

  it("without ProxyPassReverse or ProxyPreserveHost, sends the client to the back end it cannot reach", () => {
    const r = simulate(withApp("ServerName www.example.com\nProxyPass / http://127.0.0.1:8000/\n"));
    expect(r.response.headers.Location).toBe("http://127.0.0.1:8000/login");
    expect(r.exposure?.location).toMatchObject({ reachable: false, message: expect.stringContaining("127.0.0.1:8000, the back end, which it cannot reach") });
    expect(r.exposure?.leaks).toEqual([{ where: "header Location", value: "127.0.0.1:8000", server: "the back end" }]);
  });

  it("ProxyPreserveHost On lets the application build the public URL itself", () => {
    const r = simulate(withApp("ServerName www.example.com\nProxyPass / http://127.0.0.1:8000/\nProxyPreserveHost On\n"));
    expect(r.response.headers.Location).toBe("http://www.example.com/login");
  });

  // Conformance corpus content-running-behind-a-reverse-proxy (the ProxyPreserveHost prefix example): Apache
  // 2.4.71 answers the 301 to http://www.example.com/static/; a GET of that URL meets the front end's own 404.
  it("a redirect that keeps the host but loses the mount prefix is reported as broken, not reachable", () => {
    const front = "ServerName www.example.com\nProxyPreserveHost On\nProxyPass /app/ http://127.0.0.1:8000/\nProxyPassReverse /app/ http://127.0.0.1:8000/\n";
    const r = simulate(example("GET /app/static HTTP/1.1\nHost: www.example.com\n", front));
    expect(r.response).toMatchObject({ status: 301, headers: { Location: "http://www.example.com/static/" } });
    expect(r.exposure?.location).toMatchObject({ url: "http://www.example.com/static/", reachable: false });
    expect(r.exposure?.location?.message).toContain("But there a GET /static/ gets 404: the request does not reach the application.");
    // With the prefix kept (no mount path on the front end), following the redirect reaches the directory.
    const ok = simulate(example("GET /static HTTP/1.1\nHost: www.example.com\n"));
    expect(ok.exposure?.location).toMatchObject({ reachable: true });
  });

  it("a trusted X-Forwarded-Host that mod_proxy merged gives a Location no client can follow", () => {
    const s = withApp("ServerName www.example.com\nProxyPass / http://127.0.0.1:8000/\n", "WSGIScriptAlias / /srv/app/wsgi.py\nWSGITrustedProxies 127.0.0.1\nWSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Host\n");
    s.client.request = "GET /account HTTP/1.1\nHost: www.example.com\nX-Forwarded-Host: evil.example\n";
    const r = simulate(s);
    expect(r.response.headers.Location).toBe("http://evil.example, www.example.com/login");
    expect(r.exposure?.location?.reachable).toBe(false);
  });

  it("flags the back end's address in a 301 body even when the Location was rewritten", () => {
    const r = simulate(example("GET /static HTTP/1.1\nHost: www.example.com\n", FRONT.replace("ProxyPreserveHost On\n", "")));
    expect(r.exposure?.location?.reachable).toBe(true);
    expect(r.exposure?.leaks).toEqual([{ where: "body", value: "127.0.0.1:8000", server: "the back end" }]);
  });
});

describe("environChanges", () => {
  it("lists only what proxy processing changed, not keys mod_wsgi adds afterwards", () => {
    const r = simulate(example("GET /somepath HTTP/1.1\nHost: www.example.com\n"));
    expect(Object.keys(r.environChanges ?? {})).toEqual(["REMOTE_ADDR"]);
  });

  it("lists a key that proxy processing added: HTTP_HOST from X-Forwarded-Host when the request had no Host", () => {
    const r = simulate({
      ...example("GET /somepath HTTP/1.0\nX-Forwarded-Host: fh.example\n", "", BACK),
      proxies: [],
      backend: { server: "apache", listen: "127.0.0.1:8000", address: "127.0.0.1", config: BACK.replace("127.0.0.1\n", "127.0.0.0/8\n") },
    });
    expect(r.environ?.HTTP_HOST).toBe("fh.example");
    expect(r.environChanges?.HTTP_HOST).toEqual({ before: null, after: "fh.example", step: "mod_wsgi.trusted-proxies" });
  });

  it("names the scheme change when a trusted X-Forwarded-Proto says https", () => {
    const r = simulate(example("GET /somepath HTTP/1.1\nHost: www.example.com\nX-Forwarded-Proto: https\n", FRONT.replace("ProxyPass /", "RequestHeader set X-Forwarded-Proto https\nProxyPass /")));
    expect(r.environ?.["wsgi.url_scheme"]).toBe("https");
    expect(r.environChanges?.["wsgi.url_scheme"]).toEqual({ before: "http", after: "https", step: "mod_wsgi.url-scheme" });
    expect(r.environChanges?.HTTPS).toBeUndefined();
  });
});

describe("generated texts", () => {
  it("are built when first read, kept, and part of the result like any other property", () => {
    const r = simulate(example("GET /somepath HTTP/1.1\nHost: www.example.com\n", FRONT, `ServerName app.example.com\n${BACK}`));
    const descriptor = Object.getOwnPropertyDescriptor(r, "generated");
    expect(descriptor?.enumerable).toBe(true);
    expect(typeof descriptor?.get).toBe("function");
    const first = r.generated;
    expect(r.generated).toBe(first);
    expect(first.curl).toMatch(/^# Proxy Playground #v2\.f1\.e[^\n]+\ncurl /);
    // The notes about a text sit with the texts, not in the simulation's trace.
    expect(first.notes?.map((n) => n.step)).toEqual(["generate.express"]);
    expect(r.trace.some((t) => t.step.startsWith("generate."))).toBe(false);
    expect(JSON.parse(JSON.stringify(r)).generated).toEqual(first);
    expect({ ...r }.generated).toBe(first);
    expect(structuredClone(r).generated).toEqual(first);
    r.generated = {};
    expect(r.generated).toEqual({});
  });

  it("of a mod_wsgi-express back end hold the Apache configuration it generates", () => {
    const r = simulate({ version: 1, modwsgi: "4.9", client: { address: "127.0.0.9", request: "GET / HTTP/1.1\nHost: localhost\n" }, proxies: [], backend: { server: "mod_wsgi-express", listen: "127.0.0.1:8000", address: "127.0.0.1", config: "mod_wsgi-express start-server /srv/app/wsgi.py --port 8000" } });
    expect(r.generated.apache).toMatch(/WSGIScriptAliasMatch|WSGIHandlerScript|WSGIScriptAlias/);
    expect(r.generated.express).toBeUndefined();
  });
});
