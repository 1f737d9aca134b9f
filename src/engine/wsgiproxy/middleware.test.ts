/**
 * WSGIProxyMiddleware on the back end. Tags: [DOC] the WSGIProxyMiddleware docstring (each option) and
 * WSGIProxy's documentation ("The Middleware", "Signing Requests"); [RUN 0.2.2] PyPI's release as it runs
 * under Python 2.7.18; [RUN d43d048] the repository's last code as it runs. Nothing here runs on a real
 * server: WSGIProxy is Python 2 code and cannot run on this machine.
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../pipeline.ts";
import type { Diagnostic, WsgiProxyBehaviour } from "../types.ts";
import { parseMiddleware, runMiddleware, type MiddlewareConfig } from "./middleware.ts";
import { wsgiproxyScenario } from "./wsgiproxyTesting.ts";

const BASE: Record<string, string> = { REQUEST_METHOD: "GET", SCRIPT_NAME: "", PATH_INFO: "/x", QUERY_STRING: "", HTTP_HOST: "back:8080", SERVER_NAME: "back", SERVER_PORT: "9000", REMOTE_ADDR: "10.0.0.1", "wsgi.url_scheme": "http" };
const none: MiddlewareConfig = { secretFile: null, trustIps: null, prefix: null, popPrefix: null, scheme: null, host: null, domain: null, port: null };

function run(behaviour: WsgiProxyBehaviour, env: Record<string, string>, config: Partial<MiddlewareConfig> = {}) {
  const notes: { step: string; message: string }[] = [];
  const out = runMiddleware({ ...BASE, ...env }, { ...none, ...config }, behaviour, (step, message) => notes.push({ step, message }));
  return { ...out, notes, status: out.response?.status ?? 200 };
}
const ALL = ["documented", "released", "unreleased"] as const;

describe("forwarded headers ([DOC] \"The Middleware\": it reads every header WSGIProxyApp sets)", () => {
  it.each(ALL)("%s: X-Forwarded-Server becomes HTTP_HOST; SERVER_NAME and SERVER_PORT stay", (b) => {
    const r = run(b, { HTTP_X_FORWARDED_SERVER: "front.example:8080" });
    expect(r.environ).toMatchObject({ HTTP_HOST: "front.example:8080", SERVER_NAME: "back", SERVER_PORT: "9000" });
    expect(r.environ!.HTTP_X_FORWARDED_SERVER).toBeUndefined();
    expect(r.changes.HTTP_HOST).toEqual({ before: "back:8080", after: "front.example:8080", step: "wsgiproxy.middleware.x-forwarded-server" });
  });
  it.each(ALL)("%s: X-Forwarded-Scheme becomes wsgi.url_scheme verbatim", (b) => {
    expect(run(b, { HTTP_X_FORWARDED_SCHEME: "https" }).environ!["wsgi.url_scheme"]).toBe("https");
  });
  it("[RUN d43d048] the whole X-Forwarded-For list becomes REMOTE_ADDR", () => {
    expect(run("unreleased", { HTTP_X_FORWARDED_FOR: "203.0.113.7, 10.0.0.1" }).environ!.REMOTE_ADDR).toBe("203.0.113.7, 10.0.0.1");
  });
  it("[DOC] X-Forwarded-For is the address the request originally came from: the first of a list", () => {
    expect(run("documented", { HTTP_X_FORWARDED_FOR: "203.0.113.7, 10.0.0.1" }).environ!.REMOTE_ADDR).toBe("203.0.113.7");
  });
  it("[RUN d43d048] X-Forwarded-Script-Name is ignored (the code reads X-Script-Name); [DOC] it is read", () => {
    expect(run("unreleased", { HTTP_X_FORWARDED_SCRIPT_NAME: "/mount" }).environ!.SCRIPT_NAME).toBe("");
    expect(run("documented", { HTTP_X_FORWARDED_SCRIPT_NAME: "/mount/" }).environ!.SCRIPT_NAME).toBe("/mount");
  });
  it.each(ALL)("%s: X-Script-Name is put in front of SCRIPT_NAME, with X-Traversal-Path removed from PATH_INFO", (b) => {
    const r = run(b, { HTTP_X_SCRIPT_NAME: "/mount/", HTTP_X_TRAVERSAL_PATH: "/app", PATH_INFO: "/app/x", SCRIPT_NAME: "" });
    expect(r.environ).toMatchObject({ SCRIPT_NAME: "/mount", PATH_INFO: "/x", HTTP_X_TRAVERSAL_PATH: "/app" });
  });
  it.each(ALL)("%s: X-Traversal-Path equal to PATH_INFO leaves PATH_INFO empty", (b) => {
    expect(run(b, { HTTP_X_TRAVERSAL_PATH: "/app/", PATH_INFO: "/app" }).environ!.PATH_INFO).toBe("");
  });
});

describe("a mismatched X-Traversal-Path or a relative X-Script-Name", () => {
  it("[RUN d43d048] 400 through start_response, then the application is called anyway with the path unchanged", () => {
    const r = run("unreleased", { HTTP_X_TRAVERSAL_PATH: "app", PATH_INFO: "/app/x" });
    expect(r.status).toBe(200);
    expect(r.environ!.PATH_INFO).toBe("/app/x");
    expect(r.notes.find((n) => n.step === "wsgiproxy.middleware.x-traversal-path")!.message).toContain("400");
  });
  it("[RUN 0.2.2] NameError (start_response): 500", () => {
    expect(run("released", { HTTP_X_TRAVERSAL_PATH: "app", PATH_INFO: "/app/x" }).status).toBe(500);
    expect(run("released", { HTTP_X_SCRIPT_NAME: "mount" }).status).toBe(500);
  });
  it("[DOC] the code's intent: 400 Bad Request and no application", () => {
    const r = run("documented", { HTTP_X_SCRIPT_NAME: "mount" });
    expect(r.status).toBe(400);
    expect(r.environ).toBeNull();
  });
});

describe("the protocol version, the direct overrides and the keys ([RUN] recorded middleware runs)", () => {
  it.each(ALL)("%s: X-WSGIProxy-Version other than 0.1 fails an assert: 500", (b) => {
    expect(run(b, { HTTP_X_WSGIPROXY_VERSION: "0.2" }).status).toBe(500);
    expect(run(b, { HTTP_X_WSGIPROXY_VERSION: "0.1" }).environ!.HTTP_X_WSGIPROXY_VERSION).toBeUndefined();
  });
  it("[RUN d43d048] X-WSGIProxy-Path-Info, -Script-Name, -Wsgi-Url-Scheme from an untrusted peer are applied", () => {
    const r = run("unreleased", { HTTP_X_WSGIPROXY_PATH_INFO: "/p", HTTP_X_WSGIPROXY_SCRIPT_NAME: "/s", HTTP_X_WSGIPROXY_WSGI_URL_SCHEME: "https", HTTP_X_WSGIPROXY_HOST: "h", HTTP_X_WSGIPROXY_QUERY_STRING: "q=1" }, { trustIps: ["10.9.9.9"] });
    expect(r.environ).toMatchObject({ PATH_INFO: "/p", SCRIPT_NAME: "/s", "wsgi.url_scheme": "https", HTTP_HOST: "h", QUERY_STRING: "q=1" });
  });
  it("[RUN d43d048] a key that overwrites an existing environ key works (REMOTE_ADDR from b64)", () => {
    expect(run("unreleased", { HTTP_X_WSGIPROXY_STR_0: "REMOTE_ADDR b64MS4yLjMuNA==" }).environ!.REMOTE_ADDR).toBe("1.2.3.4");
  });
  it("[RUN d43d048] a new key raises RuntimeError (dictionary changed size during iteration): 500", () => {
    const r = run("unreleased", { HTTP_X_WSGIPROXY_STR_0: "REMOTE_USER bob" });
    expect(r.status).toBe(500);
    expect(r.notes.at(-1)!.message).toContain("RuntimeError");
  });
  it("[DOC] the new key is set: REMOTE_USER passes through", () => {
    expect(run("documented", { HTTP_X_WSGIPROXY_STR_1: "REMOTE_USER bob", HTTP_X_WSGIPROXY_JSON_1: 'beaker.session {"u": 1}' }).environ).toMatchObject({ REMOTE_USER: "bob", "beaker.session": '{"u": 1}' });
  });
});

describe("trust_ips ([DOC] docstring: trusted hosts can send pickle headers; [RUN] exact string match)", () => {
  const pickle = { HTTP_X_WSGIPROXY_PICKLE_0: "REMOTE_ADDR b64UycxLjIuMy40JwpwMQou" };
  it("[RUN d43d048] a pickle from an untrusted peer fails an assert: 500; from a trusted one it is read", () => {
    expect(run("unreleased", pickle, { trustIps: ["10.0.0.2"] }).status).toBe(500);
    expect(run("unreleased", pickle, { trustIps: ["10.0.0.1"] }).status).toBe(200);
  });
  it("[RUN d43d048] trust_ips gates only pickle: X-Forwarded-For is honoured from anyone", () => {
    expect(run("unreleased", { HTTP_X_FORWARDED_FOR: "6.6.6.6" }, { trustIps: ["10.9.9.9"] }).environ!.REMOTE_ADDR).toBe("6.6.6.6");
  });
  it("[RUN d43d048] the match is an exact string: a network never matches", () => {
    expect(run("unreleased", pickle, { trustIps: ["10.0.0.0/8"] }).status).toBe(500);
  });
  it("[RUN 0.2.2] any trust_ips raises NameError on every request: 500", () => {
    expect(run("released", {}, { trustIps: ["10.0.0.1"] }).status).toBe(500);
  });
  it("[DOC] trust_ips stands instead of signing: an untrusted peer's forwarded headers are left as they are", () => {
    const r = run("documented", { HTTP_X_FORWARDED_FOR: "6.6.6.6" }, { trustIps: ["10.9.9.9"] });
    expect(r.environ!.REMOTE_ADDR).toBe("10.0.0.1");
    expect(run("documented", { HTTP_X_FORWARDED_FOR: "6.6.6.6" }, { trustIps: ["10.0.0.1"] }).environ!.REMOTE_ADDR).toBe("6.6.6.6");
  });
});

describe("secret_file ([DOC] \"Signing Requests\"; [RUN] check_request never imported)", () => {
  it.each(["released", "unreleased"] as const)("[RUN] %s: NameError on every request: 500", (b) => {
    expect(run(b, { HTTP_X_WSGIPROXY_SIGNATURE: "0 abc", HTTP_DATE: "d" }, { secretFile: "/s" }).status).toBe(500);
  });
  it("[DOC] a signed request is trusted (pickle allowed); an unsigned one is refused", () => {
    expect(run("documented", { HTTP_X_WSGIPROXY_SIGNATURE: "0 abc", HTTP_DATE: "d", HTTP_X_WSGIPROXY_PICKLE_0: "REMOTE_ADDR b64UycxJwpwMQou" }, { secretFile: "/s" }).status).toBe(200);
    expect(run("documented", {}, { secretFile: "/s" }).status).toBe(500);
  });
});

describe("configured overrides ([DOC] the WSGIProxyMiddleware docstring, one option each)", () => {
  it.each(ALL)("%s: prefix replaces SCRIPT_NAME; PATH_INFO unchanged (/foo with prefix /bar/)", (b) => {
    const r = run(b, { PATH_INFO: "/foo", SCRIPT_NAME: "/old" }, { prefix: "/bar" });
    expect(r.environ).toMatchObject({ SCRIPT_NAME: "/bar", PATH_INFO: "/foo" });
  });
  it("[DOC] pop_prefix moves the prefix into SCRIPT_NAME (/bar/foo gives /bar and /foo)", () => {
    expect(run("documented", { PATH_INFO: "/bar/foo" }, { popPrefix: "/bar" }).environ).toMatchObject({ SCRIPT_NAME: "/bar", PATH_INFO: "/foo" });
  });
  it("[RUN d43d048] pop_prefix changes nothing when it matches, answers 400 when it does not", () => {
    expect(run("unreleased", { PATH_INFO: "/bar/foo" }, { popPrefix: "/bar" }).environ).toMatchObject({ SCRIPT_NAME: "", PATH_INFO: "/bar/foo" });
    expect(run("unreleased", { PATH_INFO: "/other" }, { popPrefix: "/bar" }).status).toBe(400);
  });
  it("[RUN 0.2.2] a pop_prefix mismatch raises NameError (httpexception): 500", () => {
    expect(run("released", { PATH_INFO: "/other" }, { popPrefix: "/bar" }).status).toBe(500);
  });
  it.each(ALL)("%s: scheme sets wsgi.url_scheme", (b) => {
    expect(run(b, {}, { scheme: "https" }).environ!["wsgi.url_scheme"]).toBe("https");
  });
  it.each(ALL)("%s: host sets HTTP_HOST, SERVER_NAME and SERVER_PORT", (b) => {
    expect(run(b, {}, { host: "pub.example:443" }).environ).toMatchObject({ HTTP_HOST: "pub.example:443", SERVER_NAME: "pub.example", SERVER_PORT: "443" });
  });
  it.each(ALL)("%s: domain sets SERVER_NAME and HTTP_HOST domain:SERVER_PORT, port always written", (b) => {
    expect(run(b, {}, { domain: "pub.example" }).environ).toMatchObject({ HTTP_HOST: "pub.example:9000", SERVER_NAME: "pub.example" });
  });
  it("[DOC] port sets SERVER_PORT and the port part of HTTP_HOST", () => {
    expect(run("documented", {}, { port: "443" }).environ).toMatchObject({ SERVER_PORT: "443", HTTP_HOST: "back:443" });
  });
  it.each(["released", "unreleased"] as const)("[RUN] %s: port without domain raises TypeError: 500", (b) => {
    expect(run(b, {}, { port: "443" }).status).toBe(500);
  });
  it.each(ALL)("%s: port with domain: SERVER_PORT, then HTTP_HOST domain:port", (b) => {
    expect(run(b, {}, { port: "443", domain: "pub.example" }).environ).toMatchObject({ SERVER_PORT: "443", HTTP_HOST: "pub.example:443" });
  });
});

describe("the middleware setting ([DOC] WSGIProxyMiddleware's constructor)", () => {
  const parse = (text: string) => {
    const d: Diagnostic[] = [];
    return { config: parseMiddleware(text, "backend.middleware", d), d };
  };
  it("reads every option; prefix and pop_prefix lose trailing slashes, scheme is lower-cased, a string trust_ips is a list", () => {
    expect(parse("WSGIProxyMiddleware(app, trust_ips='10.0.0.1', prefix='/app/', scheme='HTTPS', domain='d', port=8080, secret_file='/s')").config).toEqual({
      secretFile: "/s",
      trustIps: ["10.0.0.1"],
      prefix: "/app",
      popPrefix: null,
      scheme: "https",
      host: null,
      domain: "d",
      port: "8080",
    });
  });
  it.each([
    ["WSGIProxyMiddleware(app, prefix='/a', pop_prefix='/b')", "wsgiproxy-middleware-invalid", "pop_prefix"],
    ["WSGIProxyMiddleware(app, host='example.com')", "wsgiproxy-middleware-invalid", "host"],
    ["WSGIProxyMiddleware(app, host='e:80', port=80)", "wsgiproxy-middleware-invalid", "port"],
    ["WSGIProxyMiddleware(app, host='e:80', domain='d')", "wsgiproxy-middleware-invalid", "domain"],
    ["WSGIProxyMiddleware(app, trusted_ips=['x'])", "wsgiproxy-argument-unknown", "trusted_ips"],
    ["WSGIProxyMiddleware(trust_ips=['x'])", "wsgiproxy-argument-missing", "WSGIProxyMiddleware"],
    ["ProxyFix(app)", "wsgiproxy-callee-unknown", "ProxyFix"],
  ])("%s: %s", (text, code, token) => {
    const { config, d } = parse(text);
    expect(config).toBeNull();
    const diag = d.find((x) => x.code === code)!;
    expect(diag).toBeDefined();
    expect(text.slice(diag.column - 1, diag.endColumn! - 1)).toContain(token);
  });
  it("a network in trust_ips is a warning: the match is an exact string", () => {
    expect(parse("WSGIProxyMiddleware(app, trust_ips=['10.0.0.0/8'])").d).toEqual([expect.objectContaining({ severity: "warning", code: "wsgiproxy-trust-ips-cidr" })]);
  });
});

describe("in the pipeline: after mod_wsgi, changes recorded ([RUN] and [DOC] end to end)", () => {
  const REMOTE_USER = "WSGIProxyApp('http://127.0.0.1:23002/', string_keys=['REMOTE_USER'])";
  it("[DOC] a front server passes REMOTE_USER to the back end's application", () => {
    const r = simulate(wsgiproxyScenario({ config: REMOTE_USER, environ: { REMOTE_USER: "bob", SCRIPT_NAME: "/mount" }, request: "GET /mount/x HTTP/1.1\nHost: front.example\n", middleware: "WSGIProxyMiddleware(app)", behaviour: "documented" }));
    expect(r.response.status).toBe(200);
    expect(r.environ).toMatchObject({ REMOTE_USER: "bob", REMOTE_ADDR: "127.0.0.9", HTTP_HOST: "front.example", SCRIPT_NAME: "/mount", PATH_INFO: "/x" });
    expect(r.environChanges!.REMOTE_ADDR).toEqual({ before: "127.0.0.2", after: "127.0.0.9", step: "wsgiproxy.middleware.x-forwarded-for" });
  });
  it("[RUN d43d048] the same pair: REMOTE_USER is a new key, RuntimeError, the back end answers 500", () => {
    const r = simulate(wsgiproxyScenario({ config: REMOTE_USER, environ: { REMOTE_USER: "bob" }, middleware: "WSGIProxyMiddleware(app)", behaviour: "unreleased" }));
    expect(r.response.status).toBe(500);
    expect(r.environ).toBeNull();
  });
  it("a bad middleware setting: a diagnostic at backend.middleware and a 500", () => {
    const r = simulate(wsgiproxyScenario({ config: "WSGIProxyApp('http://127.0.0.1:23002/')", middleware: "WSGIProxyMiddleware(app, prefx='/a')" }));
    expect(r.response.status).toBe(500);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: "wsgiproxy-argument-unknown", source: "backend.middleware", line: 1, column: 26 }));
  });
  it("without a middleware setting nothing changes", () => {
    const r = simulate(wsgiproxyScenario({ config: "WSGIProxyApp('http://127.0.0.1:23002/')" }));
    expect(r.environ!.HTTP_X_FORWARDED_FOR).toBe("127.0.0.9");
    expect(r.trace.some((t) => t.step.startsWith("wsgiproxy.middleware"))).toBe(false);
  });
});
