/**
 * Properties of the whole simulation over generated scenarios (testing/scenarioArbitraries.ts): hostile
 * clients, chains of Apache, nginx and HAProxy front ends, Apache + mod_wsgi and mod_wsgi-express back ends.
 *
 * - A peer the back end does not trust never gets a forwarded value into REMOTE_ADDR, HTTP_HOST, SERVER_NAME,
 *   SERVER_PORT, SCRIPT_NAME or wsgi.url_scheme (mod_wsgi 4.9.4 run on real servers, 6.0.5 read from source).
 * - Whoever the peer is, a header sent under an underscored name or as RFC 7239 Forwarded rewrites none of
 *   them: Apache leaves underscored names out of the environ, and mod_wsgi does not read Forwarded.
 * - A configured header group leaves at most one header of the group in the environ, none when the peer is
 *   not trusted (4.9.4 does not clean the server and port groups; 6.0.5 does).
 * - simulate never throws, never changes its input, and gives the same result (canonical JSON) every time.
 *
 * Runs: PROPERTY_RUNS per property (default 300); a failure prints fast-check's seed and shrunk scenario.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Result, Scenario } from "./types.ts";
import { simulate } from "./pipeline.ts";
import { canonicalJson } from "./scenario/permalink.ts";
import { KNOWN_HEADERS } from "./modwsgi/trustedProxies.ts";
import {
  anyTrustList,
  FORWARDABLE_KEYS,
  MARKERS,
  PEERS,
  requestHead,
  scenarioWith,
  trustedHeaders,
  untrustingList,
} from "./testing/scenarioArbitraries.ts";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300) || 300;
const HANG_GUARD = { timeout: 240_000 };
const ALL_MARKERS = Object.values(MARKERS);

/** The environ keys a forwarded value reached: a marker in a value, or a scheme the last connection did not have. */
function forwardedLeaks(result: Result, markers: readonly string[]): string[] {
  const env = result.environ;
  if (!env) return [];
  const backendHop = result.hops.at(-1)!;
  const leaks: string[] = [];
  for (const key of FORWARDABLE_KEYS) {
    const value = env[key];
    if (value === undefined) continue;
    if (markers.some((m) => value.includes(m))) leaks.push(`${key}=${JSON.stringify(value)}`);
  }
  if (env["wsgi.url_scheme"] !== undefined && env["wsgi.url_scheme"] !== (backendHop.tls ? "https" : "http")) leaks.push(`wsgi.url_scheme=${env["wsgi.url_scheme"]}`);
  if (env.REMOTE_ADDR !== undefined && env.REMOTE_ADDR !== backendHop.peer) leaks.push(`REMOTE_ADDR=${env.REMOTE_ADDR} (peer ${backendHop.peer})`);
  return leaks;
}

/** What a failing run shows: the scenario and what the back end received. */
const explain = (s: Scenario, r: Result) => JSON.stringify({ scenario: s, backendRequest: r.hops.at(-1)?.request, environ: r.environ }, null, 1);

describe("forwarded headers and trust", () => {
  it("an untrusted peer never gets a forwarded value into the six forwardable keys", HANG_GUARD, () => {
    const untrusted = scenarioWith(fc.record({ list: untrustingList, headers: trustedHeaders }));
    let reached = 0;
    let carried = 0;
    fc.assert(
      fc.property(untrusted, (s) => {
        const r = simulate(s);
        if (r.environ) reached++;
        if (r.environ && ALL_MARKERS.some((m) => r.hops.at(-1)!.request.includes(m))) carried++;
        expect(forwardedLeaks(r, ALL_MARKERS), explain(s, r)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    // The property says something only if the application is reached often, with forwarded values on the way.
    expect(reached).toBeGreaterThan(RUNS / 3);
    expect(carried).toBeGreaterThan(RUNS / 10);
  });

  it("underscored names and RFC 7239 Forwarded never rewrite them, whoever the peer is", HANG_GUARD, () => {
    // Markers of their own: front ends in the generated chains may set the common ones themselves.
    const SMUGGLED = { address: "198.51.100.77", host: "smuggled.invalid", port: "7777", script: "/smuggled" };
    const smuggled = fc.tuple(
      scenarioWith(fc.record({ list: fc.option(anyTrustList, { nil: null }), headers: trustedHeaders })),
      fc.array(
        fc.constantFrom(
          `X_Forwarded_For: ${SMUGGLED.address}`,
          `x_forwarded_host: ${SMUGGLED.host}`,
          `X_Forwarded_Port: ${SMUGGLED.port}`,
          `X_Script_Name: ${SMUGGLED.script}`,
          `X_Real_IP: ${SMUGGLED.address}`,
          `X_Forwarded_Proto: https`,
          `Forwarded: for=${SMUGGLED.address};host=${SMUGGLED.host};proto=https`,
        ),
        { minLength: 1, maxLength: 4 },
      ),
    );
    fc.assert(
      fc.property(smuggled, ([base, extra]) => {
        // The client's own forwarded headers are left out: only the smuggled spellings carry markers.
        const head = base.client.request.split(/\r?\n/).filter((l) => l !== "" && !/^(x[-_]|forwarded)/i.test(l));
        const s: Scenario = { ...base, client: { ...base.client, request: [...head, ...extra].join("\n") + "\n" } };
        const r = simulate(s);
        const env = r.environ;
        if (!env) return;
        const leaks = FORWARDABLE_KEYS.filter((k) => env[k] !== undefined && Object.values(SMUGGLED).some((m) => env[k]!.includes(m)));
        expect(leaks, explain(s, r)).toEqual([]);
        // Front ends may set X-Forwarded-Proto themselves, so the scheme is checked only without front ends.
        if (s.proxies.length === 0) expect(env["wsgi.url_scheme"], explain(s, r)).toBe("http");
        // Nor does any smuggled value reach the application under a proper name.
        const properNames = Object.entries(env).filter(([k, v]) => k.startsWith("HTTP_X_") && Object.values(SMUGGLED).some((m) => v.includes(m)));
        expect(properNames, explain(s, r)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it("a configured header group leaves at most one header of the group behind, none for an untrusted peer", HANG_GUARD, () => {
    const any = scenarioWith(fc.record({ list: fc.option(anyTrustList, { nil: null }), headers: trustedHeaders }));
    let untrustedRuns = 0;
    fc.assert(
      fc.property(any, (s) => {
        const r = simulate(s);
        const env = r.environ;
        if (!env) return;
        const configured = trustedHeaderNames(s);
        const groups = new Set(KNOWN_HEADERS.filter((h) => configured.has(h.name.toLowerCase())).map((h) => h.group));
        // mod_wsgi 4.9.4 neither marks nor cleans the server and port groups [E C12, C62].
        if (s.modwsgi === "4.9") (groups.delete("server"), groups.delete("port"));
        const untrusted = r.trace.some((t) => t.step === "mod_wsgi.trusted-proxies" && /is not in WSGITrustedProxies|nobody is trusted/.test(t.message));
        if (untrusted && groups.size > 0) untrustedRuns++;
        for (const group of groups) {
          const left = KNOWN_HEADERS.filter((h) => h.group === group && env[h.key] !== undefined).map((h) => h.key);
          expect(left.length, `${group}: ${left.join(", ")}\n${explain(s, r)}`).toBeLessThanOrEqual(untrusted ? 0 : 1);
        }
      }),
      { numRuns: RUNS },
    );
    expect(untrustedRuns).toBeGreaterThan(RUNS / 20);
  });
});

/** The header names the back end trusts (lower case), from its directives or command line. */
function trustedHeaderNames(s: Scenario): Set<string> {
  const text = s.backend.config;
  const names = s.backend.server === "apache" ? (/WSGITrustedProxyHeaders(.*)/.exec(text)?.[1] ?? "").trim().split(/\s+/) : [...text.matchAll(/--trust-proxy-header (\S+)/g)].map((m) => m[1]!);
  return new Set(names.filter(Boolean).map((n) => n.toLowerCase()));
}

describe("simulate is total and deterministic", () => {
  /** Scenarios that are often wrong: hostile addresses, listen texts, server kinds and configs mixed in. */
  const hostile: fc.Arbitrary<unknown> = fc.oneof(
    scenarioWith(fc.record({ list: fc.option(anyTrustList, { nil: null }), headers: trustedHeaders })),
    fc
      .record({
        base: scenarioWith(fc.record({ list: fc.option(anyTrustList, { nil: null }), headers: trustedHeaders })),
        address: fc.constantFrom(...PEERS, "", " ", "not-an-ip", "1.2.3.4.5", "[::1]", "::1%eth0", "999.1.1.1", "0", "\u0000"),
        request: fc.oneof(requestHead, fc.string({ maxLength: 200 }), fc.constantFrom("", "\n\n", "GET\n", "GET / HTTP/9.9\n", "CONNECT a:1 HTTP/1.1\nHost: a\n")),
        listen: fc.constantFrom("127.0.0.1:80", "[::1]:80", "x:0", "", ":80", "a:b"),
        server: fc.constantFrom("apache", "nginx", "haproxy", "aws-alb", "traefik", "ingress-nginx", "gcp-https-lb", "bogus"),
        config: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom("ProxyPass / http://127.0.0.1:1/\n", "<Location /\n", "location / {", "server {}", "frontend\n")),
        tls: fc.boolean(),
      })
      .map(({ base, address, request, listen, server, config, tls }) => ({
        ...base,
        client: { address, request, tls },
        proxies: [...base.proxies, { server, listen, address: "127.0.0.9", config }],
      })),
    fc.anything(),
  );

  it("never throws, never changes its input, and answers the same each time", HANG_GUARD, () => {
    fc.assert(
      fc.property(hostile, (input) => {
        const before = canonicalJson(input);
        const first = simulate(input);
        expect(canonicalJson(input)).toBe(before);
        const again = simulate(structuredClone(input));
        expect(canonicalJson(again)).toBe(canonicalJson(first));
        expect(Array.isArray(first.diagnostics)).toBe(true);
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
