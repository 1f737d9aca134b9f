/**
 * WSGIProxyApp and exactproxy as a front end. Tags: [DOC] WSGIProxy's documentation ("The Proxy", "Signing
 * Requests", the WSGIProxyApp docstring); [RUN 0.2.2] PyPI's release as it runs under Python 2.7.18;
 * [RUN d43d048] the repository's last code as it runs. Nothing here runs on a real server: WSGIProxy is
 * Python 2 code and cannot run on this machine.
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../pipeline.ts";
import type { Scenario } from "../types.ts";
import { wsgiproxyScenario } from "./wsgiproxyTesting.ts";
import { frontEnviron, parseFrontConfig, runProxyApp, titleCase, DATE_STANDIN, SIGNATURE_STANDIN } from "./app.ts";

/** The request head the back end received, as lines. */
const sent = (s: Scenario) => simulate(s).hops[1]?.request.split("\r\n") ?? [];
const header = (lines: string[], name: string) => lines.find((l) => l.toLowerCase().startsWith(name.toLowerCase() + ":"))?.slice(name.length + 1).trim();

const HREF = "WSGIProxyApp('http://127.0.0.1:23002/backend?tq=1')";
const MOUNTED = { SCRIPT_NAME: "/mount" };

describe("WSGIProxyApp: the headers it adds ([DOC] \"The Proxy\"; [RUN] the recorded request of an href with a path and a query)", () => {
  for (const behaviour of ["documented", "released", "unreleased"] as const) {
    const lines = sent(wsgiproxyScenario({ config: HREF, environ: MOUNTED, behaviour }));
    it(`${behaviour}: request line: the href's path, then PATH_INFO; the query gets the href's query appended`, () => {
      expect(lines[0]).toBe("GET /backend/a%20b?x=1&tq=1 HTTP/1.1");
    });
    it(`${behaviour}: Host is the href's netloc with its port ([RUN] a port is always added)`, () => {
      expect(header(lines, "Host")).toBe("127.0.0.1:23002");
    });
    it(`${behaviour}: X-Forwarded-For is REMOTE_ADDR, replacing the client's own`, () => {
      expect(header(lines, "X-Forwarded-For")).toBe("127.0.0.9");
      expect(lines.filter((l) => /^x-forwarded-for:/i.test(l))).toHaveLength(1);
    });
    it(`${behaviour}: X-Forwarded-Server is the original Host, port included`, () => {
      expect(header(lines, "X-Forwarded-Server")).toBe("front.example:8080");
    });
    it(`${behaviour}: X-Forwarded-Scheme is wsgi.url_scheme`, () => {
      expect(header(lines, "X-Forwarded-Scheme")).toBe("http");
    });
    it(`${behaviour}: X-Forwarded-Script-Name is the original SCRIPT_NAME, which leaves the path`, () => {
      expect(header(lines, "X-Forwarded-Script-Name")).toBe("/mount");
    });
    it(`${behaviour}: X-Traversal-Path names the href's path (${behaviour === "documented" ? "[DOC] with its leading /" : "[RUN] without its leading /"})`, () => {
      expect(header(lines, "X-Traversal-Path")).toBe(behaviour === "documented" ? "/backend" : "backend");
    });
    it(`${behaviour}: X-Traversal-Query-String is the href's query`, () => {
      expect(header(lines, "X-Traversal-Query-String")).toBe("tq=1");
    });
    it(`${behaviour}: X-Wsgiproxy-Version 0.1, Content-Length 0, Accept-Encoding identity ([RUN] httplib)`, () => {
      expect(header(lines, "X-Wsgiproxy-Version")).toBe("0.1");
      expect(header(lines, "Content-Length")).toBe("0");
      expect(header(lines, "Accept-Encoding")).toBe("identity");
    });
  }

  it("[RUN] the wsgi.url_scheme of an HTTPS client reaches X-Forwarded-Scheme; an https href speaks TLS onward", () => {
    const r = simulate(wsgiproxyScenario({ config: "WSGIProxyApp('https://127.0.0.1:23002/')", tls: true }));
    expect(header(r.hops[1]!.request.split("\r\n"), "X-Forwarded-Scheme")).toBe("https");
    expect(r.hops[1]!.tls).toBe(true);
  });

  it("[RUN] a bare href: no X-Traversal-Path; a client-sent X-Traversal-Path and X-Script-Name pass through; a client X-WSGIProxy-* is removed", () => {
    const lines = sent(wsgiproxyScenario({ config: "WSGIProxyApp('http://127.0.0.1:23002')", request: "GET /x HTTP/1.1\nHost: f\nX-Traversal-Path: /client-sent\nX-Script-Name: /spoof\nX-WSGIProxy-Evil: 1\n" }));
    expect(header(lines, "X-Traversal-Path")).toBe("/client-sent");
    expect(header(lines, "X-Script-Name")).toBe("/spoof");
    expect(header(lines, "X-Wsgiproxy-Evil")).toBeUndefined();
    expect(header(lines, "Host")).toBe("127.0.0.1:23002");
  });

  it("[RUN] exactproxy title-cases every HTTP_* name and forwards hop-by-hop headers", () => {
    expect(titleCase("X-WSGIPROXY-STR-0")).toBe("X-Wsgiproxy-Str-0");
    const lines = sent(wsgiproxyScenario({ config: HREF, request: "GET /x HTTP/1.1\nHost: f\nConnection: keep-alive, X-Private\nX-Private: 1\n" }));
    expect(header(lines, "Connection")).toBe("keep-alive, X-Private");
    expect(header(lines, "X-Private")).toBe("1");
  });
});

describe("WSGIProxyApp: environ keys ([DOC] \"The Proxy\": string_keys=['REMOTE_USER'] gives X-WSGIProxy-Str-1 'REMOTE_USER {value}')", () => {
  const keys = "WSGIProxyApp('http://127.0.0.1:23002/', string_keys=['REMOTE_USER', 'NOPE', 'TRAIL'], unicode_keys=['UNI'], json_keys=['beaker.session'], pickle_keys=['P'])";
  const environ = { REMOTE_USER: "bob", TRAIL: "bob ", UNI: "café", "beaker.session": { a: [1, 2] }, P: [1, 2] };

  it("[RUN d43d048] numbered from 0 by list position; a missing key uses up its number; b64 only where needed", () => {
    const lines = sent(wsgiproxyScenario({ config: keys, environ, behaviour: "unreleased" }));
    expect(header(lines, "X-Wsgiproxy-Str-0")).toBe("REMOTE_USER bob");
    expect(header(lines, "X-Wsgiproxy-Str-1")).toBeUndefined();
    expect(header(lines, "X-Wsgiproxy-Str-2")).toBe("TRAIL b64Ym9iIA==");
    expect(header(lines, "X-Wsgiproxy-Unicode-0")).toBe("UNI café");
    expect(header(lines, "X-Wsgiproxy-Json-0")).toBe('beaker.session {"a": [1, 2]}');
    expect(header(lines, "X-Wsgiproxy-Pickle-0")).toMatch(/^P b64/);
  });

  it("[DOC] the documentation's numbering starts at 1", () => {
    const lines = sent(wsgiproxyScenario({ config: keys, environ, behaviour: "documented" }));
    expect(header(lines, "X-Wsgiproxy-Str-1")).toBe("REMOTE_USER bob");
    expect(header(lines, "X-Wsgiproxy-Json-1")).toBe('beaker.session {"a": [1, 2]}');
  });

  it("[RUN 0.2.2] any configured key present in the environ raises KeyError: the front server answers 500", () => {
    const r = simulate(wsgiproxyScenario({ config: keys, environ, behaviour: "released" }));
    expect(r.response.status).toBe(500);
    expect(r.hops).toHaveLength(1);
    expect(r.trace.find((t) => t.step === "wsgiproxy.app.keys")!.message).toContain("KeyError 'HTTP_X_WSGIPROXY_STR_0'");
  });

  it("[RUN 0.2.2] configured keys absent from the environ do no harm", () => {
    const r = simulate(wsgiproxyScenario({ config: keys, behaviour: "released" }));
    expect(r.response.status).toBe(200);
  });
});

describe("WSGIProxyApp: signing ([DOC] \"Signing Requests\"; [RUN] sign_request called with one argument)", () => {
  const signed = "WSGIProxyApp('http://127.0.0.1:23002/', secret_file='/etc/wsgiproxy/secret')";
  it("[DOC] X-WSGIProxy-Signature (a stand-in value) and a Date header are added", () => {
    const lines = sent(wsgiproxyScenario({ config: signed, behaviour: "documented" }));
    expect(header(lines, "X-Wsgiproxy-Signature")).toBe(SIGNATURE_STANDIN);
    expect(header(lines, "Date")).toBe(DATE_STANDIN);
  });
  it.each(["released", "unreleased"] as const)("[RUN] %s: TypeError on every request, the front server answers 500", (behaviour) => {
    const r = simulate(wsgiproxyScenario({ config: signed, behaviour }));
    expect(r.response.status).toBe(500);
    expect(r.trace.find((t) => t.step === "wsgiproxy.app.sign")!.message).toContain("TypeError");
  });
});

describe("WSGIProxyApp: failures and the way back ([RUN])", () => {
  it("[RUN] a request without Host (HTTP/1.0) raises KeyError 'HTTP_HOST': 500", () => {
    const r = simulate(wsgiproxyScenario({ config: HREF, request: "GET /x HTTP/1.0\n" }));
    expect(r.response.status).toBe(500);
    expect(r.trace.some((t) => t.message.includes("KeyError 'HTTP_HOST'"))).toBe(true);
  });
  it("Apache in front answers 400 to HTTP/1.1 without Host before the application runs", () => {
    expect(simulate(wsgiproxyScenario({ config: HREF, request: "GET /x HTTP/1.1\n" })).response.status).toBe(400);
  });
  it("a path outside the mount point (environ SCRIPT_NAME) is Apache's 404", () => {
    expect(simulate(wsgiproxyScenario({ config: HREF, environ: { SCRIPT_NAME: "/other" } })).response.status).toBe(404);
  });
  it("[RUN] Location passes back untouched: WSGIProxy rewrites no Location", () => {
    const s = wsgiproxyScenario({ config: "WSGIProxyApp('http://127.0.0.1:23002/')" });
    s.backend.app = { redirect: "/login" };
    const r = simulate(s);
    expect(r.response.status).toBe(302);
    expect(r.response.headers.Location).toBe("http://127.0.0.1:23002/login");
  });
  it("[DOC] exactproxy sends to SERVER_NAME:SERVER_PORT with HTTP_HOST as Host and adds no forwarded headers", () => {
    const r = simulate(wsgiproxyScenario({ config: "exactproxy", request: "GET /p?q=1 HTTP/1.1\nHost: public.example\n", environ: { SERVER_NAME: "127.0.0.1", SERVER_PORT: "23002" } }));
    const lines = r.hops[1]!.request.split("\r\n");
    expect(lines[0]).toBe("GET /p?q=1 HTTP/1.1");
    expect(header(lines, "Host")).toBe("public.example");
    expect(lines.some((l) => /^x-forwarded|^x-wsgiproxy/i.test(l))).toBe(false);
    expect(r.diagnostics.filter((d) => d.code === "proxy-target-mismatch")).toEqual([]);
  });
  it("[DOC] exactproxy without SERVER_NAME/SERVER_PORT set goes where the Host points: a warning says so", () => {
    const r = simulate(wsgiproxyScenario({ config: "exactproxy", request: "GET /p HTTP/1.1\nHost: public.example\n" }));
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: "proxy-target-mismatch", severity: "warning", message: expect.stringContaining("public.example:23001") }));
  });
});

describe("the front environ and the config ([DOC] WSGIProxyApp's signature)", () => {
  it("REMOTE_ADDR is the client, HTTP_* from the headers, the proxy's environ laid over", () => {
    const e = frontEnviron({ method: "GET", target: "/app/x?y", protocol: "HTTP/1.1", fields: [{ name: "Host", value: "h:81" }], peer: "203.0.113.7", tls: true }, "10.0.0.1:443", { SCRIPT_NAME: "/app", REMOTE_USER: "bob" });
    expect(e).toMatchObject({ environ: { REMOTE_ADDR: "203.0.113.7", HTTP_HOST: "h:81", SERVER_NAME: "h", SERVER_PORT: "81", SCRIPT_NAME: "/app", PATH_INFO: "/x", QUERY_STRING: "y", "wsgi.url_scheme": "https", REMOTE_USER: "bob" } });
  });
  it.each([
    ["WSGIProxyApp('ftp://b/')", "wsgiproxy-href-invalid"],
    ["WSGIProxyApp('/path-only')", "wsgiproxy-href-invalid"],
    ["WSGIProxyApp('http://b/', strng_keys=['X'])", "wsgiproxy-argument-unknown"],
    ["WSGIProxyApp()", "wsgiproxy-argument-missing"],
    ["WSGIProxyApp(5)", "wsgiproxy-argument-type"],
    ["WSGIProxyApp('http://b/', string_keys='REMOTE_USER')", "wsgiproxy-argument-type"],
    ["Proxy('http://b/')", "wsgiproxy-callee-unknown"],
    ["wsgiproxy.spawn.SpawningApplication('cmd')", "wsgiproxy-spawn-not-modelled"],
    ["exactproxy()", "wsgiproxy-argument-type"],
  ])("%s: %s, and the front server answers 500", (config, code) => {
    const diagnostics: import("../types.ts").Diagnostic[] = [];
    expect(parseFrontConfig(config, "proxies[0].config", diagnostics)).toBeNull();
    expect(diagnostics.map((d) => d.code)).toContain(code);
    expect(simulate(wsgiproxyScenario({ config })).response.status).toBe(500);
  });
  it("an href without a port gets :80 / :443; its path loses its leading /", () => {
    const c = parseFrontConfig("WSGIProxyApp(href='https://b.example/app/')", "s", []);
    expect(c).toMatchObject({ kind: "app", href: { scheme: "https", netloc: "b.example:443", path: "app/" } });
  });
  it("runProxyApp never touches the environ it is given", () => {
    const env = { REQUEST_METHOD: "GET", HTTP_HOST: "h", REMOTE_ADDR: "1.2.3.4", "wsgi.url_scheme": "http" };
    const copy = structuredClone(env);
    runProxyApp(env, parseFrontConfig(HREF, "s", [])!, "unreleased");
    expect(env).toEqual(copy);
  });
});

describe("generated texts and the permalink", () => {
  const s = wsgiproxyScenario({ config: "WSGIProxyApp('http://127.0.0.1:23002/', string_keys=['REMOTE_USER'])", environ: { SCRIPT_NAME: "/mount", REMOTE_USER: "bob" }, middleware: "WSGIProxyMiddleware(app)", behaviour: "documented", request: "GET /mount/x HTTP/1.1\nHost: front.example\n" });
  it("generated.frontends holds the .wsgi file with the scenario's Python call; curl goes to the front server", () => {
    const g = simulate(s).generated;
    expect(g.frontends![0]).toContain("application = WSGIProxyApp('http://127.0.0.1:23002/', string_keys=['REMOTE_USER'])");
    expect(g.frontends![0]).toContain("WSGIScriptAlias /mount /srv/wsgiproxy/proxy.wsgi");
    expect(g.curl).toContain("--connect-to front.example:23001:127.0.0.1:23001");
    expect(simulate(wsgiproxyScenario({ config: "exactproxy" })).generated.frontends![0]).toContain("application = proxy_exact_request");
  });
  it("a permalink keeps the behaviour, the proxy's environ and the middleware", async () => {
    const { encodePermalink, decodePermalink } = await import("../scenario/permalink.ts");
    const back = decodePermalink(encodePermalink(s));
    expect(back).toMatchObject({ scenario: { wsgiproxy: "documented", proxies: [{ environ: { SCRIPT_NAME: "/mount", REMOTE_USER: "bob" } }], backend: { middleware: "WSGIProxyMiddleware(app)" } } });
  });
});
