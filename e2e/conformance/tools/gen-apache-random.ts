/**
 * Random Apache scenarios from a fixed seed, so that the engine is checked on combinations nobody wrote by
 * hand:
 *
 *   npx tsx e2e/conformance/tools/gen-apache-random.ts [--seed N] [--configs N] [--per-config N]
 *
 * Writes `e2e/conformance/corpus/apache/random/rnd-<index>.json` (the directory is emptied first). Each file
 * records the generator, its seed and its index, so any one of them can be made again. The output is a pure
 * function of the seed and the counts.
 *
 * Vocabulary (the same as the hand-written families): zero, one or two Apache front ends (TLS towards the
 * client or not, https:// to a TLS back end with SSLProxyEngine or not, ProxyPass at / or under /app/ as a
 * directive or inside <Location>, ProxyPassReverse exact / by path / missing, ProxyPreserveHost,
 * ProxyAddHeaders Off, a `!` exclusion, UseCanonicalName, RequestHeader set/append/add/merge/setifempty/unset/
 * edit with env= and %{…}e/%{…}s); an Apache + mod_wsgi back end (WSGIScriptAlias at / or /svc, any subset of
 * the 15 trusted headers and a few unknown ones, WSGITrustedProxies lists, WSGIMapHEADToGET, Header,
 * RequestHeader, ServerName with or without a port, UseCanonicalName, a /static directory, an application that
 * answers a redirect built from its environ, `backend.app`); and a client
 * sending GET or HEAD over HTTP/1.1 or 1.0 with or without Host, forwarded headers drawn from the same value
 * lists as the hand-written families (empty elements, garbage, ports, IPv6, host names, inet_aton forms,
 * repeated lines). Every scenario of one configuration shares its servers (one start per configuration).
 *
 * No `expect`: the field-by-field comparison with the engine is the check. Ports 20500–20999.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Scenario } from "../../../src/engine/types.ts";
import { head, writeFamily, type CorpusFile, type HeaderLine } from "./corpusKit.ts";
import { mulberry32 } from "../../../src/engine/testing/fuzz.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, "..", "corpus", "apache", "random");

function argNum(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

export const DEFAULT_SEED = 20260421;
const seed = argNum("--seed", DEFAULT_SEED);
const configs = argNum("--configs", 64);
const perConfig = argNum("--per-config", 3);
const FIRST_PORT = 20500;
const LAST_PORT = 20999;

/** A seeded random source on mulberry32 (the same sequence on every platform). */
function rng(s: number) {
  const next = mulberry32(s);
  return {
    next,
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    subset: <T>(xs: readonly T[], max: number): T[] => {
      const pool = [...xs];
      const out: T[] = [];
      const n = Math.floor(next() * (max + 1));
      for (let i = 0; i < n && pool.length; i += 1) out.push(pool.splice(Math.floor(next() * pool.length), 1)[0]!);
      return out;
    },
  };
}
type Rng = ReturnType<typeof rng>;

const KNOWN = [
  "X-Forwarded-For", "X-Client-IP", "X-Real-IP", "X-Forwarded-Host", "X-Host", "X-Forwarded-Server", "X-Forwarded-Port",
  "X-Script-Name", "X-Forwarded-Script-Name", "X-Forwarded-Proto", "X-Forwarded-Scheme", "X-Scheme", "X-Forwarded-HTTPS",
  "X-Forwarded-SSL", "X-HTTPS",
] as const;
const UNKNOWN = ["Forwarded", "X-Forwarded-Prefix", "X-Bogus"];

const VALUES: Record<string, readonly string[]> = {
  "X-Forwarded-For": ["203.0.113.5", "1.2.3.4, 10.0.0.1", ", 203.0.113.5", "203.0.113.5,,10.0.0.1", "garbage, 127.0.0.3", "10.0.0.5:8080", "2001:db8::1, 127.0.0.4", "[2001:db8::1]", "localhost", "127.3", "203.0.113.5, 127.0.0.9", "", "198.51.100.1, 203.0.113.5, 10.1.2.3, 127.0.0.3", "unknown", "::ffff:10.1.1.1"],
  "X-Client-IP": ["198.51.100.4", "", "garbage"],
  "X-Real-IP": ["192.0.2.9", "9.9.9.9, 8.8.8.8", ""],
  "X-Forwarded-Host": ["front.example:8443", "evil.example", "", "pub.example"],
  "X-Host": ["xhost.example", "h.example:81"],
  "X-Forwarded-Server": ["srv.example", "evil2"],
  "X-Forwarded-Port": ["443", "8443", "abc", ""],
  "X-Script-Name": ["/mnt", "/sub//x/", ""],
  "X-Forwarded-Script-Name": ["/fmnt", "/p"],
  "X-Forwarded-Proto": ["https", "http", "HTTPS", "ftp", "https, http", "https   "],
  "X-Forwarded-Scheme": ["https", "http"],
  "X-Scheme": ["https", "HTTP"],
  "X-Forwarded-HTTPS": ["on", "off", "https", "True"],
  "X-Forwarded-SSL": ["on", "off", "yes", "1"],
  "X-HTTPS": ["1", "0", "on"],
  Forwarded: ["for=1.2.3.4;proto=https"],
  "X-Forwarded-Prefix": ["/p"],
  "X-Bogus": ["b"],
};

const REQUEST_HEADER_LINES = [
  "RequestHeader set X-Forwarded-Proto https",
  "RequestHeader set X-Forwarded-Proto https env=HTTPS",
  "RequestHeader set X-Forwarded-Port 443",
  "RequestHeader set X-Forwarded-Port 8443",
  "RequestHeader unset X-Forwarded-For",
  "RequestHeader unset X-Forwarded-Host",
  "RequestHeader append X-Forwarded-For 10.9.9.9",
  "RequestHeader add X-Forwarded-For 10.8.8.8",
  "RequestHeader merge X-Forwarded-Proto https",
  "RequestHeader setifempty X-Forwarded-Proto https",
  'RequestHeader edit X-Forwarded-Host ":[0-9]+$" ""',
  'RequestHeader set X-Forwarded-SSL "%{HTTPS}s"',
  'RequestHeader set X-Forwarded-HTTPS "%{HTTPS}e"',
  'RequestHeader set X-Real-IP "%{REMOTE_ADDR}e"',
  "RequestHeader set X-Script-Name /app",
  "RequestHeader set X-Forwarded-Server front.example",
];

const SSL_PROXY = "SSLProxyEngine On\nSSLProxyVerify none\nSSLProxyCheckPeerName off\nSSLProxyCheckPeerCN off\nSSLProxyCheckPeerExpire off\n";

interface FrontPlan {
  port: number;
  address: string;
  config: string;
  prefix: "/" | "/app/";
}

interface World {
  scenarioBase: Omit<Scenario, "client">;
  clientTls: boolean;
  clientAddress: string;
  firstPort: number;
  /** Paths worth requesting in this world. */
  paths: string[];
  description: string[];
}

function makeWorld(r: Rng, ports: number[]): World {
  const description: string[] = [];
  const nFronts = r.pick([0, 0, 1, 1, 1, 2]);
  const backendPort = ports[nFronts]!;
  const backendTls = nFronts > 0 && r.chance(0.2);
  const clientTls = r.chance(0.2);
  const hasStatic = r.chance(0.5);
  const mount = r.pick(["/", "/", "/svc"]);

  // Back end.
  const back: string[] = [];
  if (mount !== "/") back.push(`WSGIScriptAlias ${mount} /srv/app/wsgi.py`);
  if (r.chance(0.25)) back.push(r.pick(["ServerName www.example.com", "ServerName www.example.com:8080", "ServerName backend.internal"]));
  if (r.chance(0.15)) back.push("UseCanonicalName On");
  if (r.chance(0.8)) {
    const names = [...r.subset(KNOWN, 6), ...(r.chance(0.15) ? [r.pick(UNKNOWN)] : [])];
    back.push(`WSGITrustedProxyHeaders${names.length ? " " + names.join(" ") : ""}`);
    if (r.chance(0.75)) {
      const peer = nFronts === 0 ? r.pick(["127.0.0.2", "127.0.0.5", "127.0.0.9"]) : nFronts === 1 ? "127.0.0.3" : "127.0.0.4";
      const tokens = r.chance(0.06) ? [] : r.subset([peer, peer, "127.0.0.0/8", "10.0.0.0/8", "127.0.0.1", "2001:db8::/32", "127.0.0.3", "127.0.0.9", "127.0"], 3);
      if (tokens.length === 0 && r.chance(0.8)) tokens.push(peer);
      back.push(`WSGITrustedProxies${tokens.length ? " " + [...new Set(tokens)].join(" ") : ""}`);
    }
  }
  if (r.chance(0.2)) back.push(`WSGIMapHEADToGET ${r.pick(["On", "Off", "Auto"])}`);
  if (r.chance(0.12)) back.push(r.pick(["Header set X-Probe 1", "Header always set X-Probe 1"]));
  if (r.chance(0.1)) back.push(r.pick(["RequestHeader set X-Forwarded-Proto https", "RequestHeader unset X-Forwarded-For", "RequestHeader set X-Probe 1"]));
  description.push(`back end ${mount === "/" ? "at /" : `at ${mount}`}${backendTls ? " over TLS" : ""}${hasStatic ? " with /static" : ""}`);

  // Front ends, from the outermost inwards; each forwards to the next port.
  const fronts: FrontPlan[] = [];
  let prefix: "/" | "/app/" = "/";
  for (let i = 0; i < nFronts; i += 1) {
    const nextPort = ports[i + 1]!;
    const toTls = i === nFronts - 1 && backendTls;
    const scheme = toTls ? "https" : "http";
    const target = `${scheme}://127.0.0.1:${nextPort}/`;
    const myPrefix: "/" | "/app/" = i === 0 ? r.pick(["/", "/app/"] as const) : "/";
    if (i === 0) prefix = myPrefix;
    const lines: string[] = [];
    lines.push(r.pick(["ServerName www.example.com", "ServerName www.example.com", "ServerName pub.example:8443", "ServerName front.internal"]));
    if (r.chance(0.12)) lines.push("UseCanonicalName On");
    if (toTls) lines.push(SSL_PROXY.trimEnd());
    if (r.chance(0.4)) lines.push("ProxyPreserveHost On");
    if (r.chance(0.1)) lines.push("ProxyAddHeaders Off");
    for (const l of r.subset(REQUEST_HEADER_LINES, 2)) lines.push(l);
    const reverse = r.pick(["exact", "exact", "exact", "path", "none"] as const);
    if (r.chance(0.1) && myPrefix === "/app/") lines.push("ProxyPass /app/static !");
    if (r.chance(0.25)) {
      lines.push(`<Location ${myPrefix}>`, `    ProxyPass ${target}`);
      if (reverse === "exact") lines.push(`    ProxyPassReverse ${target}`);
      if (reverse === "path") lines.push("    ProxyPassReverse /");
      lines.push("</Location>");
    } else {
      lines.push(`ProxyPass ${myPrefix} ${target}`);
      if (reverse === "exact") lines.push(`ProxyPassReverse ${myPrefix} ${target}`);
      if (reverse === "path") lines.push(`ProxyPassReverse ${myPrefix} /`);
    }
    fronts.push({ port: ports[i]!, address: i === 0 ? "127.0.0.3" : "127.0.0.4", config: lines.join("\n") + "\n", prefix: myPrefix });
    description.push(`front ${i} ${myPrefix} → ${scheme}${reverse === "none" ? ", no ProxyPassReverse" : ""}`);
  }

  const base = (p: string) => (prefix === "/app/" ? `/app${p}` : p);
  const appPath = mount === "/" ? "/x" : `${mount}/x`;
  const paths = [base(appPath), base(`${appPath}?q=1&r=%20`), base(mount === "/" ? "/a%20b/c" : `${mount}/a%20b`), base(mount === "/" ? "/" : mount)];
  if (hasStatic) paths.push(base("/static"), base("/static?x=1"), base("/static/"));
  if (prefix === "/app/") paths.push("/app", "/APP/x", "/other");

  const app = r.chance(0.3) ? { redirect: r.pick(["/login", "/", "/a b"]), status: r.pick([301, 302, 302, 303, 307, 308] as const) } : undefined;
  if (app) description.push(`application redirects to ${app.redirect} (${app.status})`);
  const clientAddress = nFronts > 0 ? "127.0.0.9" : r.pick(["127.0.0.2", "127.0.0.5", "127.0.0.9"]);
  return {
    scenarioBase: {
      version: 1,
      modwsgi: "4.9",
      proxies: fronts.map((f) => ({ server: "apache" as const, listen: `127.0.0.1:${f.port}`, address: f.address, config: f.config })),
      backend: { server: "apache", listen: `127.0.0.1:${backendPort}`, address: "127.0.0.1", config: back.length ? back.join("\n") + "\n" : "", ...(hasStatic ? { directories: ["/static"] } : {}), ...(app ? { app } : {}) },
    },
    clientTls,
    clientAddress,
    firstPort: ports[0]!,
    paths,
    description,
  };
}

function makeRequest(r: Rng, w: World): { request: string; summary: string } {
  const method = r.chance(0.2) ? "HEAD" : "GET";
  const v10 = r.chance(0.15);
  const target = r.pick(w.paths);
  const hosts = ["www.example.com", "www.example.com:8080", "Pub.Example.COM", `127.0.0.1:${w.firstPort}`, "www.example.com:443"];
  const host = v10 && r.chance(0.5) ? null : r.pick(hosts);
  const headers: HeaderLine[] = [];
  if (host !== null) headers.push(["Host", host]);
  for (const name of r.subset([...KNOWN, ...UNKNOWN], 4)) {
    headers.push([name, r.pick(VALUES[name]!)]);
    if (r.chance(0.1)) headers.push([name.toLowerCase(), r.pick(VALUES[name]!)]);
  }
  const line = `${method} ${target} ${v10 ? "HTTP/1.0" : "HTTP/1.1"}`;
  return { request: head(line, headers), summary: `${line}${host === null ? ", no Host" : `, Host ${host}`}${headers.length > (host === null ? 0 : 1) ? `, ${headers.length - (host === null ? 0 : 1)} forwarded header(s)` : ""}` };
}

function main() {
  const r = rng(seed);
  const files: CorpusFile[] = [];
  let port = FIRST_PORT;
  for (let c = 0; c < configs; c += 1) {
    const ports = [port, port + 1, port + 2];
    port += 3;
    if (port - 1 > LAST_PORT) throw new Error("out of ports");
    const world = makeWorld(r, ports);
    for (let k = 0; k < perConfig; k += 1) {
      const index = c * perConfig + k;
      const { request, summary } = makeRequest(r, world);
      const scenario: Scenario = { ...structuredClone(world.scenarioBase), client: { address: world.clientAddress, tls: world.clientTls, request } } as Scenario;
      files.push({
        id: `rnd-${String(index).padStart(3, "0")}`,
        title: `random #${index} (seed ${seed}): ${world.description.join("; ")}; client ${world.clientTls ? "TLS " : ""}${world.clientAddress}: ${summary}`,
        source: "generated: e2e/conformance/tools/gen-apache-random.ts (no expectations; checked field by field against the engine)",
        generator: "e2e/conformance/tools/gen-apache-random.ts",
        seed,
        index,
        configIndex: c,
        scenario,
      });
    }
  }
  writeFamily(outDir, files);
  process.stdout.write(`random: ${files.length} scenarios from seed ${seed} (${configs} configurations × ${perConfig}), ports ${FIRST_PORT}-${port - 1}\n`);
}

main();
