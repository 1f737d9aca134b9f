/**
 * Whatever a reader writes as a WSGIProxy call, a middleware call, an environ or a request, the simulation of
 * a WSGIProxy front end and a WSGIProxyMiddleware back end returns a result and never throws, in each behaviour.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { simulate } from "../pipeline.ts";
import { wsgiproxyScenario } from "./wsgiproxyTesting.ts";

const pyString = fc.oneof(fc.constantFrom("'http://127.0.0.1:23002/'", "'http://127.0.0.1:23002/app?x=1'", "'https://b/'", "'ftp://x'", "''", "'/p'", "'a\\x00b'", "b'x'"), fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)));
const pyValue = fc.oneof(pyString, fc.constantFrom("None", "True", "1", "-2.5", "['REMOTE_USER']", "('A', 'B')", "[1, {}]", "{'a': 1}", "'10.0.0.0/8'", "['127.0.0.2']"));
const appArg = fc.oneof(pyValue, fc.tuple(fc.constantFrom("secret_file", "string_keys", "unicode_keys", "json_keys", "pickle_keys", "href", "nope"), pyValue).map(([k, v]) => `${k}=${v}`));
const mwArg = fc.oneof(pyValue, fc.tuple(fc.constantFrom("secret_file", "trust_ips", "prefix", "pop_prefix", "scheme", "host", "domain", "port", "nope"), pyValue).map(([k, v]) => `${k}=${v}`));
const call = (name: string, arg: fc.Arbitrary<string>) => fc.array(arg, { maxLength: 4 }).map((args) => `${name}(${args.join(", ")})`);
const config = fc.oneof(call("WSGIProxyApp", appArg), fc.constantFrom("exactproxy", "wsgiproxy.spawn.SpawningApplication('x')", "", "WSGIProxyApp("), fc.string({ maxLength: 30 }));
const middleware = fc.oneof(call("WSGIProxyMiddleware", mwArg).map((c) => c.replace("(", "(app, ").replace(", )", ")")), fc.string({ maxLength: 20 }), fc.constant(""));
const environValue = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }));
const environ = fc.dictionary(fc.constantFrom("REMOTE_USER", "A", "B", "P", "SCRIPT_NAME", "SERVER_NAME", "SERVER_PORT", "HTTP_X_WSGIPROXY_STR_0"), environValue, { maxKeys: 4 });
const header = fc.constantFrom("X-Forwarded-For: 1.2.3.4, 5.6.7.8", "X-WSGIProxy-Str-0: REMOTE_USER bob", "X-WSGIProxy-Pickle-0: P b64Tg==", "X-WSGIProxy-Version: 0.2", "X-Traversal-Path: app", "X-Script-Name: rel", "X-WSGIProxy-Json-0: J {", "Date: x");
const request = fc.tuple(fc.constantFrom("GET /app/x HTTP/1.1", "GET / HTTP/1.0", "POST /a%20b?q HTTP/1.1", "GET /%2f HTTP/1.1"), fc.constantFrom("Host: front.example", "Host: f:81", ""), fc.array(header, { maxLength: 3 })).map(([line, host, hs]) => [line, host, ...hs].filter(Boolean).join("\n") + "\n");

describe("WSGIProxy simulation never throws (property)", () => {
  it("gives a result for 3,000 random front-end calls, middleware calls, environs, requests and behaviours", { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(config, middleware, fc.option(environ, { nil: undefined }), request, fc.constantFrom("documented", "released", "unreleased" as const), (c, m, e, r, b) => {
        const scenario = wsgiproxyScenario({ config: c, middleware: m || undefined, environ: e, request: r, behaviour: b });
        if (e && typeof e.SCRIPT_NAME !== "string") delete scenario.proxies[0]!.environ!.SCRIPT_NAME;
        const result = simulate(scenario);
        expect(result.response.status).toBeGreaterThanOrEqual(0);
        for (const d of result.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 3_000, seed: 6 },
    );
  });
});
