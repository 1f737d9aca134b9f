/**
 * No parser and no simulation does quadratic work on pathological input: long lines, deep nesting, many
 * headers, many directives, texts at the 256 KiB pane limit.
 *
 * Each case runs at a size n and at 8n and counts the elementary steps of the string, array and regular
 * expression built-ins the code calls (`countOperations`, testing/fuzz.ts). Linear work grows about 8-fold,
 * quadratic work 64-fold; the test allows 16-fold, and at most 200 steps per byte at the larger size. The count
 * is deterministic, so the test cannot flake on a busy machine, and no clock is read. The timeout is only a hang
 * guard.
 */
import { describe, expect, it } from "vitest";
import type { Diagnostic, Scenario } from "./types.ts";
import { simulate } from "./pipeline.ts";
import { parseRequestHead } from "./http/requestHead.ts";
import { checkDirectives, parseApacheConfig } from "./apache/configParser.ts";
import { parseNginxConfig } from "./nginx/configParser.ts";
import { parseHaproxyConfig } from "./haproxy/configParser.ts";
import { buildHaproxyModel } from "./haproxy/model.ts";
import { parseExpressCommand } from "./express/commandLine.ts";
import { decodePermalink } from "./scenario/permalink.ts";
import { parseScenarioText } from "./scenario/validate.ts";
import { parseSettings } from "./loadBalancers/common.ts";
import { TRAEFIK_SETTINGS } from "./loadBalancers/traefik.ts";
import { countOperations } from "./testing/fuzz.ts";

/** The allowed growth in steps when the input grows 8-fold. */
const MAX_GROWTH = 16;
/**
 * Steps per byte of input allowed at 248 KiB: linear work with a huge constant freezes the page as surely as
 * quadratic work (every case here takes under 80; the settings reader's key suggestions once took 480).
 */
const MAX_STEPS_PER_BYTE = 200;
const KiB = 1024;
/** `unit` repeated to about `bytes` bytes. */
const fill = (unit: string, bytes: number) => unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));
/** Unlimited request-head limits, so the reader does not stop at Apache's defaults. */
const UNLIMITED = { limitRequestLine: 1 << 30, limitRequestFieldSize: 1 << 30, limitRequestFields: 0 };

/** A case: a name and, for a size in bytes (or items), the work to count. */
type Case = [string, (size: number) => () => unknown];

const parserCases: Case[] = [
  ["request head: one long request line", (n) => () => parseRequestHead(`GET /${fill("a", n)} HTTP/1.1\nHost: h\n`, "client.request", UNLIMITED)],
  ["request head: many header lines", (n) => () => parseRequestHead(`GET / HTTP/1.1\nHost: h\n${fill("X-A: b\n", n)}`, "client.request", UNLIMITED)],
  ["request head: many repeats of one header (merged)", (n) => () => parseRequestHead(`GET / HTTP/1.1\nHost: h\n${fill("X-Forwarded-For: 10.0.0.1\n", n)}`, "client.request", UNLIMITED)],
  ["request head: many obs-fold lines", (n) => () => parseRequestHead(`GET / HTTP/1.1\nHost: h\nX-A: b\n${fill(" c\n", n)}`, "client.request", UNLIMITED)],
  ["request head: a long Host of colons", (n) => () => parseRequestHead(`GET / HTTP/1.1\nHost: ${fill(":", n)}\n`, "client.request", UNLIMITED)],
  ["request head: blank lines and bare CRs", (n) => () => parseRequestHead(fill("\r\r\n", n), "client.request", UNLIMITED)],
  ["Apache: many directives", (n) => () => apache(fill("ProxyPass /a http://10.0.0.5:8000/a\n", n))],
  ["Apache: deep nesting", (n) => () => apache(fill("<Location /a>\n", n / 2) + fill("</Location>\n", n / 2))],
  ["Apache: unclosed sections", (n) => () => apache(fill("<Directory /a>\n", n))],
  ["Apache: one long line of arguments", (n) => () => apache("ServerAlias " + fill("a ", n))],
  ["Apache: backslash continuations", (n) => () => apache("ServerAlias \\\n" + fill("a \\\n", n))],
  ["Apache: unterminated quotes", (n) => () => apache(fill('Header set X "a\n', n))],
  ["Apache: a long RewriteRule pattern of groups and back references", (n) => () => apache("RewriteRule ^/" + fill("(a)\\1(?<n>b)\\k<n>", n) + " -")],
  ["Apache: a long RewriteRule pattern of classes, braces and escapes", (n) => () => apache("RewriteRule ^/" + fill("a{2}+[b-c[:alpha:]]\\d\\Qx\\E(?#c)", n) + " -")],
  ["Apache: a long lookbehind in a RewriteRule pattern", (n) => () => apache("RewriteRule ^/(?<=" + fill("a(?:b|c)", n) + ")x -")],
  ["Apache: many RewriteCond and RewriteRule lines", (n) => () => apache(fill("RewriteCond %{HTTP_HOST} ^(www\\.)?a$ [NC]\nRewriteRule ^/a(b)+ - [L]\n", n))],
  ["nginx: many directives", (n) => () => parseNginxConfig(fill("proxy_set_header X-A $host;\n", n), "proxies[0].config")],
  ["nginx: deep nesting", (n) => () => parseNginxConfig(fill("location /a {\n", n / 2) + fill("}\n", n / 2), "proxies[0].config")],
  ["nginx: unclosed blocks", (n) => () => parseNginxConfig(fill("location /a {\n", n), "proxies[0].config")],
  ["nginx: one long quoted string", (n) => () => parseNginxConfig(`return 200 "${fill("a\\\"", n)}";`, "proxies[0].config")],
  ["nginx: stray semicolons and braces", (n) => () => parseNginxConfig(fill(";}{", n), "proxies[0].config")],
  ["HAProxy: many lines", (n) => () => parseHaproxyConfig("frontend f\n" + fill("  http-request set-header X-A %[src]\n", n), "proxies[0].config")],
  ["HAProxy: one long line of words", (n) => () => parseHaproxyConfig("  acl a " + fill("b ", n), "proxies[0].config")],
  ["HAProxy: quotes and escapes", (n) => () => parseHaproxyConfig("  acl a " + fill("\"\\\" '\\ ", n), "proxies[0].config")],
  ["HAProxy: a long unknown option (its did-you-mean hint)", (n) => () => buildHaproxyModel(`option ${fill("x", n)}\n`, "proxies[0].config", { listen: "127.0.0.1:80" })],
  ["express: many options", (n) => () => parseExpressCommand("mod_wsgi-express start-server " + fill("--url-alias /a /b ", n), "6.0")],
  ["express: a long quoted word with escapes", (n) => () => parseExpressCommand(`mod_wsgi-express start-server '${fill("a\\", n)}' "${fill("\\\"", n)}`, "4.9")],
  ["permalink: a long base64url fragment", (n) => () => decodePermalink("v1." + fill("AAAA", n))],
  ["permalink: a long invalid fragment", (n) => () => decodePermalink("v1." + fill("#%", n))],
  ["load-balancer settings: many lines", (n) => () => traefik(fill("forwardedHeaders.insecure = true\n", n))],
  ["load-balancer settings: a long list value", (n) => () => traefik("forwardedHeaders.trustedIPs = " + fill("10.0.0.1, ", n))],
  ["scenario JSON: a long list", (n) => () => parseScenarioText(`{"version": 1, "backend": {"directories": [${fill('"/a",', n)}"/b"]}}`)],
  ["scenario JSON: many keys, all repeated", (n) => () => parseScenarioText(`{${fill('"a": 1, ', n)}"version": 1}`)],
  ["scenario JSON: nesting at the depth limit, repeated", (n) => () => parseScenarioText(`{"x": [${fill("[".repeat(60) + "]".repeat(60) + ",", n)}0]}`)],
];

function traefik(text: string) {
  const diagnostics: Diagnostic[] = [];
  parseSettings(text, TRAEFIK_SETTINGS, "proxies[0].config", { vendor: "Traefik", unknownKey: "error", unknownKeyReason: "unknown." }, diagnostics);
  return diagnostics;
}

function apache(text: string) {
  const out = parseApacheConfig(text, "backend.config");
  return checkDirectives(out.nodes, "backend.config");
}

/** A scenario: client → Apache front end → Apache + mod_wsgi, with the given texts. */
function scenario(parts: { request?: string; front?: string; back?: string; front2?: { server: "nginx" | "haproxy"; config: string } }): Scenario {
  const front = parts.front ?? "ProxyPass / http://127.0.0.1:8000/\nProxyPreserveHost On\n";
  const proxies: Scenario["proxies"] = [{ server: "apache", listen: "127.0.0.1:80", address: "127.0.0.1", config: front }];
  if (parts.front2) proxies[0] = { server: parts.front2.server, listen: "127.0.0.1:80", address: "127.0.0.1", config: parts.front2.config };
  return {
    version: 1,
    modwsgi: "4.9",
    client: { address: "203.0.113.7", tls: false, request: parts.request ?? "GET /a HTTP/1.1\nHost: www.example.com\n" },
    proxies,
    backend: {
      server: "apache",
      listen: "127.0.0.1:8000",
      address: "127.0.0.1",
      config: parts.back ?? "WSGIScriptAlias / /srv/app/wsgi.py\nWSGITrustedProxies 127.0.0.1\nWSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Host\n",
    },
  };
}

const simulateCases: Case[] = [
  ["simulate: a long X-Forwarded-For list through trusted proxies", (n) => () => simulate(scenario({ request: `GET /a HTTP/1.1\nHost: h\nX-Forwarded-For: ${fill("127.0.0.1, ", n)}10.0.0.1\n` }))],
  ["simulate: a front end with many ProxyPass rules", (n) => () => simulate(scenario({ front: fill("ProxyPass /a http://127.0.0.1:8000/a\n", n) + "ProxyPass / http://127.0.0.1:8000/\n" }))],
  ["simulate: a front end with many RequestHeader rules", (n) => () => simulate(scenario({ front: "ProxyPass / http://127.0.0.1:8000/\n" + fill("RequestHeader append X-A b\n", n) }))],
  ["simulate: a back end with many WSGITrustedProxies addresses", (n) => () => simulate(scenario({ back: "WSGITrustedProxies " + fill("10.0.0.1 ", n) + "127.0.0.1\nWSGITrustedProxyHeaders X-Forwarded-For\n" }))],
  ["simulate: a back end with many Alias lines", (n) => () => simulate(scenario({ back: fill("Alias /s /srv/s\n", n) + "WSGIScriptAlias / /srv/app/wsgi.py\n" }))],
  ["simulate: an nginx front end with many locations", (n) => () => simulate(scenario({ front2: { server: "nginx", config: fill("location /b { proxy_pass http://127.0.0.1:8000; }\n", n) + "location / { proxy_pass http://127.0.0.1:8000; }\n" } }))],
  ["simulate: an HAProxy front end with many set-header rules", (n) => () => simulate(scenario({ front2: { server: "haproxy", config: "mode http\n" + fill("http-request set-header X-A %[src]\n", n) + "server s 127.0.0.1:8000\n" } }))],
  ["simulate: a long request path", (n) => () => simulate(scenario({ request: `GET /${fill("a/", n)} HTTP/1.1\nHost: h\n` }))],
];

/** Steps at `small` and at 8 × `small`, and their ratio. */
function growth(work: (size: number) => () => unknown, small: number) {
  const a = countOperations(work(small)).operations;
  const b = countOperations(work(small * 8)).operations;
  return { small: a, large: b, ratio: b / Math.max(a, 1) };
}

describe("linear work on pathological input (counted steps at n and 8n)", () => {
  it.each(parserCases)("%s", { timeout: 120_000 }, (_name, work) => {
    const g = growth(work, 31 * KiB);
    expect(g.ratio, `steps ${g.small} → ${g.large}`).toBeLessThan(MAX_GROWTH);
    expect(g.large / (248 * KiB), "steps per input byte").toBeLessThan(MAX_STEPS_PER_BYTE);
  });

  it.each(simulateCases)("%s", { timeout: 120_000 }, (_name, work) => {
    const g = growth(work, 31 * KiB);
    expect(g.ratio, `steps ${g.small} → ${g.large}`).toBeLessThan(MAX_GROWTH);
    expect(g.large / (248 * KiB), "steps per input byte").toBeLessThan(MAX_STEPS_PER_BYTE);
  });

  it("simulate: many request headers, up to the 1000-line limit", { timeout: 120_000 }, () => {
    const work = (count: number) => () => simulate(scenario({ request: `GET /a HTTP/1.1\nHost: h\n${"X-A: b\n".repeat(count)}` }));
    const g = growth(work, 124);
    expect(g.ratio, `steps ${g.small} → ${g.large}`).toBeLessThan(MAX_GROWTH);
  });

  it("load-balancer settings: a 200 KiB unknown key costs a few steps per character (the suggestion search once compared it with every key: seconds)", { timeout: 120_000 }, () => {
    const key = "x".repeat(200 * KiB);
    const { result, operations } = countOperations(() => traefik(`${key} = 1\n`));
    expect(result.map((d) => d.code)).toEqual(["lb-setting-unknown"]);
    expect(operations / key.length).toBeLessThan(20);
  });

  it("counts steps: a quadratic loop is caught", () => {
    const quadratic = (n: number) => () => {
      const text = "a".repeat(n);
      let found = 0;
      for (let i = 0; i < n; i++) found += text.indexOf("b", i);
      return found;
    };
    expect(growth(quadratic, 1000).ratio).toBeGreaterThan(50);
  });
});
