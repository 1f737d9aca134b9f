/**
 * The real-server referee: runs a scenario (format v1) on real Apache 2.4 + mod_wsgi and nginx, all on
 * loopback, and reports what actually happened.
 *
 * Each group of scenarios with identical server configurations gets one fresh temporary directory holding a
 * complete configuration per server, with its own PidFile, DefaultRuntimeDir, ErrorLog, lock, socket and temp
 * paths. The servers are started once per group (back end first), every request of the group is sent in
 * sequence, then the servers are stopped by their own pids (front first) and the ports are checked closed.
 * Nothing is ever killed by name. See README.md next to this file for the conventions.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import type { Scenario } from "../../src/engine/types.ts";
import { hostForUrl, splitHostPort } from "../../src/engine/net/address.ts";
import { parseExpressCommand } from "../../src/engine/express/commandLine.ts";
import { generateExpressConfig } from "../../src/engine/express/generate.ts";

/** Stands for the mod_wsgi-express server root in a generated config until the runner knows its own directory. */
const EXPRESS_ROOT = "@EXPRESS_SERVER_ROOT@";

/**
 * A mod_wsgi-express server (back end or front end) runs as the Apache configuration the engine's generator writes
 * for its command line. Each `--url-alias` directory becomes `<server root>/aliases/<n>`, which the runner fills
 * with one index.html (the scenario's notion of a directory on disk).
 */
function expressConfigText(commandLine: string, version: "4.9" | "6.0"): string {
  const parsed = parseExpressCommand(commandLine, version);
  const options = { ...parsed.options, urlAliases: parsed.options.urlAliases.map((a, i) => ({ url: a.url, path: `${EXPRESS_ROOT}/aliases/${i}` })) };
  return generateExpressConfig(options, version, { serverRoot: EXPRESS_ROOT, documentRoot: `${EXPRESS_ROOT}/htdocs` }).text;
}

function backendConfigText(s: Scenario): string {
  return s.backend.server === "mod_wsgi-express" ? expressConfigText(s.backend.config, s.modwsgi ?? "6.0") : s.backend.config;
}

export const APACHE_BIN = "/usr/sbin/apache2";
export const NGINX_BIN = "/usr/sbin/nginx";
export const HAPROXY_BIN = "/usr/sbin/haproxy";
export const APACHE_MODULES = "/usr/lib/apache2/modules";
const SERVER_USER = "www-data";
const SERVER_GROUP = "www-data";
/** The environment every server process gets: fixed, so that the environ's PATH/LANG do not depend on the caller. */
const SERVER_ENV_BASE: Record<string, string> = {
  PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  LANG: "C",
};

// ---------------------------------------------------------------------------------------------------------------
// Public types

/** Optional behaviour of the WSGI application (hook for later scenarios: redirects, custom statuses). */
export interface AppBehaviour {
  /** Status line, e.g. "302 Found". */
  status?: string;
  /** Response headers in order, e.g. [["Location", "/login"]]. */
  headers?: Array<[string, string]>;
  body?: string;
}

export interface RunItem {
  id: string;
  scenario: Scenario;
  app?: AppBehaviour;
}

export interface RealResponse {
  /** null when the client received no response at all (connection closed, reset or timed out). */
  status: number | null;
  reason?: string;
  httpVersion?: string;
  /** Header name (as first written) → value; repeated headers joined with ", ". */
  headers: Record<string, string>;
  rawHeaders: Array<[string, string]>;
  body: string;
  /** Why there is no (complete) response. */
  error?: string;
}

/** The kinds of server this referee runs. */
export type ServerKind = "apache" | "nginx" | "haproxy";

export interface RealHop {
  /** "proxies[0]", …, "backend". */
  role: string;
  server: ServerKind;
  listen: string;
  tls: boolean;
  /** The address the connection came from, as this server saw it (null when not captured). */
  peer: string | null;
  peerPort: number | null;
  /** The request head as received (Apache: byte-exact from mod_dumpio; nginx: rebuilt from its debug log; HAProxy: not captured, null). */
  request: string | null;
  /** The response head this server sent back towards the client (Apache only). */
  responseHead?: string | null;
}

export interface ServerLogTail {
  role: string;
  server: ServerKind;
  listen: string;
  /** Error-log lines written while this request was handled (mod_dumpio/debug lines removed). */
  lines: string[];
}

export interface StartupFailure {
  role: string;
  server: ServerKind;
  listen: string;
  message: string;
  log: string;
}

export interface RealObservation {
  id: string;
  /** False when the servers could not be started or the request could not be sent. */
  ok: boolean;
  startupFailure?: StartupFailure;
  client: { address: string; localPort: number | null; tls: boolean; target: string; sni: string | null };
  response: RealResponse;
  /** The environ of the (last) application invocation, string values, non-strings as repr(); null = app not reached. */
  environ: Record<string, string> | null;
  /** Every application invocation during this request (normally 0 or 1). */
  environs: Array<Record<string, string>>;
  hops: RealHop[];
  errorLogs: ServerLogTail[];
  timing: { requestMs: number };
  /** Group this scenario ran in (its key hash) and the temp dir that held the servers. */
  group: string;
  tempDir: string;
  /** Lines of the scenario configs that the runner rewrote (paths only), for transparency. */
  rewrites: Array<{ role: string; from: string; to: string }>;
}

export interface RunStats {
  scenarios: number;
  groups: number;
  serversStarted: number;
  seconds: number;
  startStopSeconds: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Addresses

export interface HostPort {
  host: string;
  port: number;
}

export function parseHostPort(listen: string): HostPort {
  const hp = splitHostPort(listen);
  if (!hp) throw new Error(`not a host:port listen address: ${JSON.stringify(listen)}`);
  return hp;
}


/** Whether an address can be used on this machine's loopback (any 127.x.y.z, or ::1). */
export function isLoopback(addr: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(addr) || addr === "::1";
}

// ---------------------------------------------------------------------------------------------------------------
// Server plans (what to start for a scenario)

interface ServerPlan {
  role: string;
  kind: ServerKind;
  listen: string;
  address: string;
  config: string;
  tls: boolean;
  isBackend: boolean;
  directories: string[];
}

function planServers(s: Scenario): ServerPlan[] {
  const proxies = s.proxies ?? [];
  const plans: ServerPlan[] = [];
  const chain = [
    ...proxies.map((p, i) => ({ role: `proxies[${i}]`, kind: p.server === "mod_wsgi-express" ? ("apache" as const) : p.server, listen: p.listen, address: p.address, config: p.server === "mod_wsgi-express" ? expressConfigText(p.config, s.modwsgi ?? "6.0") : p.config, isBackend: false, directories: [] as string[] })),
    { role: "backend", kind: "apache" as const, listen: s.backend.listen, address: s.backend.address, config: backendConfigText(s), isBackend: true, directories: s.backend.directories ?? [] },
  ];
  chain.forEach((c, i) => {
    let tlsOn: boolean;
    if (i === 0) tlsOn = !!s.client.tls;
    else tlsOn = chain[i - 1]!.kind === "haproxy" ? haproxyTargetsTls(chain[i - 1]!.config, c.listen) : configTargetsHttps(chain[i - 1]!.config, c.listen);
    plans.push({ ...c, kind: c.kind as ServerKind, tls: tlsOn });
  });
  return plans;
}

/** Does a proxy config forward to `https://<listen>`? (Decides whether the next server listens with TLS.) */
function configTargetsHttps(config: string, listen: string): boolean {
  const { host, port } = parseHostPort(listen);
  for (const m of config.matchAll(/https:\/\/(\[[^\]]+\]|[^/\s"';:]+)(?::(\d+))?/g)) {
    const h = m[1]!.replace(/^\[|\]$/g, "");
    const p = m[2] ? Number(m[2]) : 443;
    if (h === host && p === port) return true;
  }
  return false;
}

/** Does an HAProxy config have a `server … <listen> … ssl` line? (Decides whether the next server listens with TLS.) */
function haproxyTargetsTls(config: string, listen: string): boolean {
  const { host, port } = parseHostPort(listen);
  for (const m of config.matchAll(/^\s*server\s+\S+\s+(\[[^\]]+\]|[^\s:]+):(\d+)([^\n#]*)/gm)) {
    if (m[1]!.replace(/^\[|\]$/g, "") === host && Number(m[2]) === port && /(^|\s)ssl(\s|$)/.test(m[3]!)) return true;
  }
  return false;
}

/** The key under which scenarios share one set of running servers. */
export function groupKey(s: Scenario): string {
  const plans = planServers(s).map((p) => ({
    role: p.role, kind: p.kind, listen: p.listen, address: p.address, config: p.config, tls: p.tls, directories: p.directories,
  }));
  return JSON.stringify({ backendServer: s.backend.server, plans });
}

/** Every TCP port a group listens on or connects to (to keep concurrently running groups apart). */
export function groupPorts(s: Scenario): Set<number> {
  const ports = new Set<number>();
  for (const p of planServers(s)) {
    ports.add(parseHostPort(p.listen).port);
    for (const m of p.config.matchAll(/^\s*Listen\s+(?:\[[^\]]*\]:|[^\s:]+:)?(\d+)/gim)) ports.add(Number(m[1]));
    for (const m of p.config.matchAll(/\blisten\s+(?:\[[^\]]*\]:|[^\s:;]+:)?(\d+)/g)) ports.add(Number(m[1]));
    // HAProxy: bind and server addresses.
    for (const m of p.config.matchAll(/^\s*(?:bind|server\s+\S+)\s+(?:\[[^\]]*\]|[^\s:]*):(\d+)/gm)) ports.add(Number(m[1]));
    for (const m of p.config.matchAll(/\b(https?|wss?):\/\/(\[[^\]]+\]|[^/\s"';:]+)(?::(\d+))?/g)) {
      ports.add(m[3] ? Number(m[3]) : m[1] === "https" || m[1] === "wss" ? 443 : 80);
    }
  }
  return ports;
}

/** Why a scenario cannot run on this machine's real servers, or null. */
export function unsupportedReason(s: Scenario): string | null {
  const express = [...(s.proxies ?? []).filter((p) => p.server === "mod_wsgi-express"), ...(s.backend.server === "mod_wsgi-express" ? [s.backend] : [])];
  if (express.length && s.modwsgi !== "4.9") return "mod_wsgi-express servers run (as their generated Apache configuration) only in their 4.9 form";
  for (const e of express) {
    const parsed = parseExpressCommand(e.config, "4.9");
    if (parsed.diagnostics.some((d) => d.severity === "error")) return "the mod_wsgi-express command line has errors: nothing would start";
    if (parsed.options.host === null) return "the mod_wsgi-express command line has no --host: it would listen on all interfaces, not on loopback";
  }
  if (s.backend.server !== "apache" && s.backend.server !== "mod_wsgi-express") return `backend.server ${JSON.stringify(s.backend.server)} is not run by the real-server referee (only "apache" and "mod_wsgi-express")`;
  for (const p of s.proxies ?? []) {
    if (["aws-alb", "gcp-https-lb", "ingress-nginx", "traefik"].includes(p.server)) return `proxy server ${JSON.stringify(p.server)} is a managed load balancer modelled from its vendor's documentation; no real one runs here`;
    if (p.server !== "apache" && p.server !== "nginx" && p.server !== "haproxy" && p.server !== "mod_wsgi-express") return `proxy server ${JSON.stringify(p.server)} is not supported`;
  }
  const addrs: Array<[string, string]> = [["client.address", s.client.address]];
  (s.proxies ?? []).forEach((p, i) => {
    addrs.push([`proxies[${i}].listen`, parseHostPort(p.listen).host], [`proxies[${i}].address`, p.address]);
  });
  addrs.push(["backend.listen", parseHostPort(s.backend.listen).host], ["backend.address", s.backend.address]);
  for (const [where, a] of addrs) if (!isLoopback(a)) return `${where} ${a} is not a loopback address (127.0.0.0/8 or ::1)`;
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Apache configuration

const COMMON_MODULES: Array<[string, string]> = [
  ["mpm_event_module", "mod_mpm_event.so"],
  ["authz_core_module", "mod_authz_core.so"],
  ["authz_host_module", "mod_authz_host.so"],
  ["authz_user_module", "mod_authz_user.so"],
  ["authn_core_module", "mod_authn_core.so"],
  ["access_compat_module", "mod_access_compat.so"],
  ["alias_module", "mod_alias.so"],
  ["dir_module", "mod_dir.so"],
  ["mime_module", "mod_mime.so"],
  ["headers_module", "mod_headers.so"],
  ["env_module", "mod_env.so"],
  ["setenvif_module", "mod_setenvif.so"],
  ["rewrite_module", "mod_rewrite.so"],
  ["proxy_module", "mod_proxy.so"],
  ["proxy_http_module", "mod_proxy_http.so"],
  ["dumpio_module", "mod_dumpio.so"],
];

interface Paths {
  dir: string;
  cert: string;
  key: string;
  appFile: string;
  appLog: string;
  behaviour: string;
}

interface GeneratedConfig {
  role: string;
  kind: ServerKind;
  file: string;
  text: string;
  /** 1-based line of the generated file where the scenario's config text begins. */
  scenarioStartLine: number;
  /** When the runner inserted lines inside the scenario's text: generated line (1-based) → scenario line. */
  lineMap?: Map<number, number>;
  rewrites: Array<{ role: string; from: string; to: string }>;
}

function q(p: string): string {
  return `"${p}"`;
}

/** Rewrite filesystem-side-effect paths in an Apache config text (logs, certificates, python homes, script paths). */
function rewriteApacheText(text: string, role: string, srvDir: string, paths: Paths, isBackend: boolean) {
  const rewrites: Array<{ role: string; from: string; to: string }> = [];
  let continuation = false;
  const out = text.split("\n").map((whole) => {
    // A CR before the LF stays where it was: the rewrites work on the line without it.
    const cr = whole.endsWith("\r") ? "\r" : "";
    const line = cr ? whole.slice(0, -1) : whole;
    // A directive continued with a backslash is left as written, all its lines: the rewrites read one line.
    const inContinued = continuation || line.endsWith("\\");
    continuation = line.endsWith("\\");
    if (inContinued) return whole;
    let m: RegExpExecArray | null;
    let next = line;
    if (isBackend && (m = /^(\s*WSGIScriptAlias(?:Match)?\s+)("[^"]*"|'[^']*'|\S+)(\s+)("[^"]*"|'[^']*'|\S+)(.*)$/i.exec(line))) {
      next = `${m[1]}${m[2]}${m[3]}${q(paths.appFile)}${m[5]}`;
    } else if ((m = /^(\s*ErrorLog\s+)("[^"]*"|\S+)(.*)$/i.exec(line))) {
      next = `${m[1]}${q(path.join(srvDir, "logs", "error.log"))}${m[3]}`;
    } else if ((m = /^(\s*(?:CustomLog|TransferLog)\s+)("[^"]*"|\S+)(.*)$/i.exec(line))) {
      next = `${m[1]}${q(path.join(srvDir, "logs", "access.log"))}${m[3]}`;
    } else if ((m = /^(\s*(?:SSLCertificateFile|SSLCertificateChainFile|SSLCACertificateFile)\s+).*$/i.exec(line))) {
      next = `${m[1]}${q(paths.cert)}`;
    } else if ((m = /^(\s*SSLCertificateKeyFile\s+).*$/i.exec(line))) {
      next = `${m[1]}${q(paths.key)}`;
    } else if (/^\s*(WSGIPythonHome|WSGIPythonPath|PidFile|DefaultRuntimeDir|Mutex)\b/i.test(line)) {
      next = `# [runner] ${line.trim()}`;
    } else if (/^\s*WSGIDaemonProcess\b/i.test(line)) {
      next = line
        .replace(/\s+python-home=("[^"]*"|\S+)/gi, "")
        .replace(/(\s)home=("[^"]*"|\S+)/gi, `$1home=${q(path.dirname(paths.appFile))}`);
    }
    if (next !== line) rewrites.push({ role, from: line, to: next });
    return next + cr;
  });
  return { text: out.join("\n"), rewrites };
}

export function apacheConfig(plan: ServerPlan, srvDir: string, paths: Paths): GeneratedConfig {
  const { host } = parseHostPort(plan.listen);
  // Carriage returns stay as written: Apache reads them itself (only LF ends a line; syntax/carriage-return-apache.json).
  const raw = plan.config.replaceAll(EXPRESS_ROOT, path.join(srvDir, "express"));
  // A mod_wsgi-express server root holds its document root (express creates it; Apache refuses a missing one).
  if (plan.config.includes(EXPRESS_ROOT)) {
    fs.mkdirSync(path.join(srvDir, "express", "htdocs"), { recursive: true });
    const mount = /^# handler\.wsgi: .*mount_point='([^']*)'/m.exec(raw)?.[1] ?? "/";
    fs.writeFileSync(path.join(srvDir, "express", "handler.wsgi"), expressHandlerSource(paths.appFile, mount), { mode: 0o644 });
    // express creates the mount point's directories under the document root.
    fs.mkdirSync(path.join(srvDir, "express", "htdocs", ...mount.split("/").filter(Boolean)), { recursive: true });
    for (const m of raw.matchAll(/^Alias '([^']*)' '[^']*\/express\/aliases\/(\d+)'$/gm)) {
      const fsDir = path.join(srvDir, "express", "aliases", m[2]!);
      fs.mkdirSync(fsDir, { recursive: true, mode: 0o755 });
      fs.writeFileSync(path.join(fsDir, "index.html"), indexHtml(m[1]!), { mode: 0o644 });
    }
  }
  // An express front end runs its own application too (paths no proxy rule takes).
  const wsgi = plan.isBackend || plan.config.includes(EXPRESS_ROOT);
  const hasServerName = /^\s*ServerName\s+\S/im.test(raw);
  const hasScriptAlias = /^\s*WSGIScriptAlias(Match)?\s/im.test(raw);
  const usesSsl = plan.tls || /^\s*SSL\w+/im.test(raw);
  const sslEngineInText = /^\s*SSLEngine\s+on\b/im.test(raw);
  const listenPort = parseHostPort(plan.listen).port;
  const textListens = [...raw.matchAll(/^\s*Listen\s+(\S+)/gim)].map((m) => m[1]!);
  const textHasOurListen = textListens.some((l) => {
    const pm = /(\d+)$/.exec(l);
    return pm !== null && Number(pm[1]) === listenPort;
  });
  const L: string[] = [];
  const add = (...lines: string[]) => L.push(...lines);
  add(
    `# Generated by e2e/conformance/realServers.ts: ${plan.role} = Apache${plan.isBackend ? " + mod_wsgi" : ""} on ${plan.listen}${plan.tls ? " (TLS)" : ""}`,
    `ServerRoot ${q(srvDir)}`,
    `DefaultRuntimeDir ${q(path.join(srvDir, "run"))}`,
    `PidFile ${q(path.join(srvDir, "run", "httpd.pid"))}`,
    `Mutex file:${path.join(srvDir, "lock")} default`,
    `ErrorLog ${q(path.join(srvDir, "logs", "error.log"))}`,
    `LogLevel notice dumpio:trace7`,
    `User ${SERVER_USER}`,
    `Group ${SERVER_GROUP}`,
    "",
  );
  for (const [name, file] of COMMON_MODULES) add(`LoadModule ${name} ${path.join(APACHE_MODULES, file)}`);
  if (usesSsl) {
    add(`LoadModule socache_shmcb_module ${path.join(APACHE_MODULES, "mod_socache_shmcb.so")}`);
    add(`LoadModule ssl_module ${path.join(APACHE_MODULES, "mod_ssl.so")}`);
  }
  if (/^\s*RemoteIP\w+/im.test(raw)) add(`LoadModule remoteip_module ${path.join(APACHE_MODULES, "mod_remoteip.so")}`);
  if (/^\s*ProxyHTML\w+/im.test(raw)) {
    add(`LoadModule xml2enc_module ${path.join(APACHE_MODULES, "mod_xml2enc.so")}`);
    add(`LoadModule proxy_html_module ${path.join(APACHE_MODULES, "mod_proxy_html.so")}`);
  }
  if (wsgi) add(`LoadModule wsgi_module ${path.join(APACHE_MODULES, "mod_wsgi.so")}`);
  add(
    "",
    "# One small event-MPM child: starts in tens of milliseconds, answers in sequence.",
    "StartServers 1",
    "ServerLimit 1",
    "ThreadLimit 16",
    "ThreadsPerChild 16",
    "MinSpareThreads 1",
    "MaxSpareThreads 16",
    "MaxRequestWorkers 16",
    "",
    "# httpd's compiled-in defaults (ServerTokens Full, ServerSignature Off, UseCanonicalName Off, KeepAlive On)",
    "# plus the filesystem lock-down that both upstream's and Debian's httpd.conf ship.",
    "AccessFileName .htaccess",
    "<Directory />",
    "    Options FollowSymLinks",
    "    AllowOverride None",
    "    Require all denied",
    "</Directory>",
    `<Directory ${q(path.join(srvDir, "htdocs"))}>`,
    "    Options Indexes FollowSymLinks",
    "    AllowOverride None",
    "    Require all granted",
    "</Directory>",
    '<FilesMatch "^\\.ht">',
    "    Require all denied",
    "</FilesMatch>",
    `LogFormat "%v:%p %h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"" vhost_combined`,
    `LogFormat "%h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"" combined`,
    `LogFormat "%h %l %u %t \\"%r\\" %>s %O" common`,
    "TypesConfig /etc/mime.types",
    "DirectoryIndex index.html",
    `DocumentRoot ${q(path.join(srvDir, "htdocs"))}`,
    "",
    "# Capture each request as received and each response as sent (hops), in the error log",
    "DumpIOInput On",
    "DumpIOOutput On",
  );
  if (wsgi) {
    add(
      "",
      `WSGISocketPrefix ${q(path.join(srvDir, "run", "wsgi"))}`,
      "# Only shortens shutdown (embedded Python would hold the child for ~10 s); no effect on requests.",
      "WSGIDestroyInterpreter Off",
      `<Directory ${q(path.dirname(paths.appFile))}>`,
      "    Require all granted",
      "</Directory>",
    );
  }
  if (!plan.isBackend) {
    add("", `# Outgoing proxy connections come from this proxy's address`, `ProxySourceAddress ${plan.address}`);
  }
  add("");
  if (!textHasOurListen) add(`Listen ${plan.listen}${plan.tls ? " https" : ""}`);
  if (!hasServerName) add(`ServerName ${hostForUrl(host)}`);
  if (plan.tls && !sslEngineInText) {
    add("SSLEngine on", `SSLCertificateFile ${q(paths.cert)}`, `SSLCertificateKeyFile ${q(paths.key)}`);
  }
  for (const d of plan.directories) {
    const fsDir = path.join(srvDir, "dirs", ...d.split("/").filter(Boolean));
    add(`Alias ${d} ${q(fsDir)}`, `<Directory ${q(fsDir)}>`, "    Require all granted", "</Directory>");
  }
  add(`# ---- ${plan.role}.config (verbatim apart from the rewrites listed in the observation) ----`);
  const scenarioStartLine = L.length + 1;
  const rw = rewriteApacheText(raw, plan.role, srvDir, paths, plan.isBackend);
  add(...rw.text.replace(/\n$/, "").split("\n"));
  add(`# ---- end of ${plan.role}.config ----`);
  if (plan.isBackend && !hasScriptAlias && !/^\s*WSGIHandlerScript\s/im.test(raw)) add(`WSGIScriptAlias / ${q(paths.appFile)}`);
  add("LogLevel dumpio:trace7", "");
  return { role: plan.role, kind: "apache", file: path.join(srvDir, "httpd.conf"), text: L.join("\n"), scenarioStartLine, rewrites: rw.rewrites };
}

// ---------------------------------------------------------------------------------------------------------------
// nginx configuration

function rewriteNginxText(text: string, role: string, srvDir: string, paths: Paths) {
  const rewrites: Array<{ role: string; from: string; to: string }> = [];
  const out = text.split("\n").map((line) => {
    let next = line
      .replace(/\bssl_certificate\s+[^;]+;/g, `ssl_certificate ${paths.cert};`)
      .replace(/\bssl_certificate_key\s+[^;]+;/g, `ssl_certificate_key ${paths.key};`)
      .replace(/\baccess_log\s+(?!off\b)(\S+)([^;]*);/g, (_a, _p, rest) => `access_log ${path.join(srvDir, "logs", "access.log")}${rest};`)
      .replace(/\berror_log\s+(\S+)([^;]*);/g, (_a, _p, rest) => `error_log ${path.join(srvDir, "logs", "error.log")}${rest};`)
      // A relative include names a file beside Debian's nginx.conf (conf prefix /etc/nginx/), not beside ours.
      .replace(/\binclude\s+(?!["'\/])([^;\s]+);/g, (_a, file) => `include /etc/nginx/${file};`);
    if (next !== line) rewrites.push({ role, from: line, to: next });
    return next;
  });
  return { text: out.join("\n"), rewrites };
}

export function nginxConfig(plan: ServerPlan, srvDir: string, paths: Paths): GeneratedConfig {
  const { host } = parseHostPort(plan.listen);
  // Carriage returns stay as written: nginx reads them itself (a blank, never a line end; syntax/carriage-return-nginx.json).
  const raw = plan.config;
  const stripped = raw.replace(/#[^\n]*/g, "");
  const wholeBlocks = /(^|[;{}\s])server\s*\{/.test(stripped);
  const L: string[] = [];
  const add = (...lines: string[]) => L.push(...lines);
  const t = (p: string) => path.join(srvDir, "tmp", p);
  add(
    `# Generated by e2e/conformance/realServers.ts: ${plan.role} = nginx on ${plan.listen}${plan.tls ? " (TLS)" : ""}`,
    "daemon off;",
    "master_process on;",
    "worker_processes 1;",
    `user ${SERVER_USER} ${SERVER_GROUP};`,
    `pid ${path.join(srvDir, "run", "nginx.pid")};`,
    `error_log ${path.join(srvDir, "logs", "error.log")} notice;`,
    `error_log ${path.join(srvDir, "logs", "debug.log")} debug;`,
    "events { worker_connections 128; }",
    "http {",
    "    # What nginx's own default nginx.conf has; everything else is compiled-in defaults (gzip off, server_tokens on)",
    "    include /etc/nginx/mime.types;",
    "    default_type application/octet-stream;",
    "    sendfile on;",
    "    types_hash_max_size 2048;",
    `    access_log ${path.join(srvDir, "logs", "access.log")};`,
    `    client_body_temp_path ${t("body")};`,
    `    proxy_temp_path ${t("proxy")};`,
    `    fastcgi_temp_path ${t("fastcgi")};`,
    `    uwsgi_temp_path ${t("uwsgi")};`,
    `    scgi_temp_path ${t("scgi")};`,
    `    ssl_certificate ${paths.cert};`,
    `    ssl_certificate_key ${paths.key};`,
    "    # Outgoing proxy connections come from this proxy's address",
    `    proxy_bind ${plan.address};`,
  );
  const rw = rewriteNginxText(raw, plan.role, srvDir, paths);
  let scenarioStartLine: number;
  if (wholeBlocks) {
    add(`    # ---- ${plan.role}.config (whole server blocks) ----`);
    scenarioStartLine = L.length + 1;
    add(...rw.text.replace(/\n$/, "").split("\n"));
    add(`    # ---- end of ${plan.role}.config ----`);
  } else {
    add("    server {");
    if (!/(^|[;{}\s])listen\s/.test(stripped)) add(`        listen ${plan.listen}${plan.tls ? " ssl" : ""};`);
    if (!/(^|[;{}\s])server_name\s/.test(stripped)) add(`        server_name ${hostForUrl(host)};`);
    add(`        # ---- ${plan.role}.config (inside one server block) ----`);
    scenarioStartLine = L.length + 1;
    add(...rw.text.replace(/\n$/, "").split("\n"));
    add(`        # ---- end of ${plan.role}.config ----`, "    }");
  }
  add("}", "");
  return { role: plan.role, kind: "nginx", file: path.join(srvDir, "nginx.conf"), text: L.join("\n"), scenarioStartLine, rewrites: rw.rewrites };
}

// ---------------------------------------------------------------------------------------------------------------
// HAProxy configuration

const HAPROXY_SECTIONS = /^\s*(global|defaults|frontend|backend|listen|userlist|peers|mailers|resolvers|program|http-errors|ring|log-forward|cache|fcgi-app)(\s|$)/;

/** The line HAProxy logs for each request (`log-format` of the generated defaults); the runner reads the peer from it. */
const HAPROXY_LOG_TAG = "haproxy-request";

/**
 * HAProxy 2.6 runs as `haproxy -W -db -f <conf>`: master-worker in the foreground, its pid (the master's, the
 * one spawned) in its own pid file, logs on stdout into `logs/stdio.log`. The generated file has a `global`
 * section (pid file, log to stdout) and a `defaults` section with `mode http`, timeouts, `option dontlognull`
 * (the readiness probes are not logged), a one-line request log and `source <address>`, so outgoing connections
 * leave from the proxy's address; every `defaults` section of the text gets the same `source` line right after
 * its header (a new defaults section starts from HAProxy's own defaults). A text without section keywords is the
 * inside of `listen proxy`, which gets `bind <listen>` (with `ssl crt` when the client speaks TLS) unless it has
 * its own. `crt` and `ca-file` paths point to the runner's certificate (cert and key in one PEM, as `crt`
 * wants); `pidfile`, `daemon`, `chroot`, `user`, `group` and `stats socket` lines are commented out.
 */
export function haproxyConfig(plan: ServerPlan, srvDir: string, paths: Paths): GeneratedConfig {
  // Carriage returns stay as written: HAProxy reads them itself (only LF ends a line; syntax rows HA37–HA45).
  const raw = plan.config;
  const pem = path.join(srvDir, "cert.pem");
  const rewrites: Array<{ role: string; from: string; to: string }> = [];
  const sourceLine = `    source ${plan.address}  # [runner] outgoing connections from this proxy's address`;
  const body: string[] = [];
  /** For each body line: its line in the scenario's text, or -1 for a line the runner inserted. */
  const origin: number[] = [];
  const lines = raw.replace(/\n$/, "").split("\n");
  const hasSections = lines.some((l) => HAPROXY_SECTIONS.test(l.replace(/#.*/, "")));
  lines.forEach((line, lineIndex) => {
    let next = line
      .replace(/(\scrt\s+)("[^"]*"|\S+)/g, `$1${pem}`)
      .replace(/(\sca-file\s+)("[^"]*"|\S+)/g, `$1${paths.cert}`);
    if (/^\s*(pidfile|daemon|chroot|user|group|stats\s+socket)(\s|$)/.test(next)) next = `# [runner] ${line.trim()}`;
    if (next !== line) rewrites.push({ role: plan.role, from: line, to: next });
    body.push(next);
    origin.push(lineIndex + 1);
    if (/^\s*defaults(\s|$)/.test(line)) {
      body.push(sourceLine);
      origin.push(-1);
    }
  });
  const L: string[] = [
    `# Generated by e2e/conformance/realServers.ts: ${plan.role} = HAProxy on ${plan.listen}${plan.tls ? " (TLS)" : ""}`,
    "global",
    `    pidfile ${path.join(srvDir, "run", "haproxy.pid")}`,
    "    log stdout format raw local0 info",
    "defaults",
    "    mode http",
    "    log global",
    "    option dontlognull",
    // Client address and port only: valid in mode tcp too (%r is reserved for HTTP mode).
    `    log-format "${HAPROXY_LOG_TAG} %ci:%cp"`,
    "    timeout connect 10s",
    "    timeout client 30s",
    "    timeout server 30s",
    sourceLine,
  ];
  let scenarioStartLine: number;
  if (hasSections) {
    L.push(`# ---- ${plan.role}.config ----`);
    scenarioStartLine = L.length + 1;
    L.push(...body, `# ---- end of ${plan.role}.config ----`);
  } else {
    L.push("listen proxy");
    if (!lines.some((l) => /^\s*bind\s/.test(l))) L.push(`    bind ${plan.listen}${plan.tls ? ` ssl crt ${pem}` : ""}`);
    L.push(`    # ---- ${plan.role}.config (inside one listen section) ----`);
    scenarioStartLine = L.length + 1;
    L.push(...body.map((l) => (l.trim() === "" ? l : `    ${l.trimStart()}`)), `    # ---- end of ${plan.role}.config ----`);
  }
  L.push("");
  const lineMap = new Map<number, number>();
  origin.forEach((o, i) => {
    if (o >= 0) lineMap.set(scenarioStartLine + i, o);
  });
  return { role: plan.role, kind: "haproxy", file: path.join(srvDir, "haproxy.cfg"), text: L.join("\n"), scenarioStartLine, lineMap, rewrites };
}

// ---------------------------------------------------------------------------------------------------------------
// The WSGI application

/**
 * mod_wsgi-express's handler.wsgi around the runner's application: `ApplicationHandler.handle_request` of 4.9.4
 * (src/server/__init__.py), which moves SCRIPT_NAME into PATH_INFO and applies --mount-point (modwsgi-behaviour.md §2.6).
 */
function expressHandlerSource(appFile: string, mountPoint: string): string {
  return `# Written by e2e/conformance/realServers.ts: mod_wsgi-express 4.9.4's ApplicationHandler.handle_request around the runner's app.
import importlib.util

_spec = importlib.util.spec_from_file_location("runner_app", ${JSON.stringify(appFile)})
_app = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_app)
MOUNT_POINT = ${JSON.stringify(mountPoint)}


def handle_request(environ, start_response):
    mount_point = environ.get("mod_wsgi.mount_point")
    script_name = environ.get("SCRIPT_NAME")
    path_info = environ.get("PATH_INFO")
    if mount_point is not None:
        script_name = environ["mod_wsgi.script_name"]
        environ["PATH_INFO"] = script_name + path_info
        if MOUNT_POINT != "/":
            if environ["PATH_INFO"].startswith(MOUNT_POINT):
                environ["PATH_INFO"] = environ["PATH_INFO"][len(MOUNT_POINT):]
    else:
        environ["SCRIPT_NAME"] = ""
        environ["PATH_INFO"] = script_name + path_info
        if MOUNT_POINT != "/":
            if environ["PATH_INFO"].startswith(MOUNT_POINT):
                environ["SCRIPT_NAME"] = MOUNT_POINT
                environ["PATH_INFO"] = environ["PATH_INFO"][len(MOUNT_POINT):]
    return _app.application(environ, start_response)
`;
}

function appSource(paths: Paths): string {
  return `# Written by e2e/conformance/realServers.ts: answers with the whole WSGI environ (non-strings as repr).
# Every invocation is also appended to a log file, so HEAD requests (no body) are observable too.
import json

LOG = ${JSON.stringify(paths.appLog)}
BEHAVIOUR = ${JSON.stringify(paths.behaviour)}


def _behaviour():
    try:
        with open(BEHAVIOUR) as f:
            return json.load(f)
    except Exception:
        return None


def application(environ, start_response):
    env = {}
    for k, v in environ.items():
        env[k] = v if isinstance(v, str) else repr(v)
    with open(LOG, "a") as f:
        f.write(json.dumps(env, sort_keys=True) + "\\n")
    b = _behaviour()
    if b and "redirect" in b:
        # The scenario's backend.app: a redirect under the mount point, built as most frameworks do.
        from wsgiref.util import application_uri
        status = int(b.get("status", 302))
        reasons = {301: "Moved Permanently", 302: "Found", 303: "See Other", 307: "Temporary Redirect", 308: "Permanent Redirect"}
        start_response("%d %s" % (status, reasons[status]), [("Location", application_uri(environ).rstrip("/") + b["redirect"]), ("Content-Length", "0")])
        return [b""]
    if b:
        body = b.get("body", "").encode("utf-8")
        headers = [(str(k), str(v)) for k, v in b.get("headers", [])]
        headers.append(("Content-Length", str(len(body))))
        start_response(b.get("status", "200 OK"), headers)
        return [body]
    body = (json.dumps(env, sort_keys=True, indent=1) + "\\n").encode("utf-8")
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
`;
}

function indexHtml(urlPath: string): string {
  return `<!DOCTYPE html>\n<html><head><title>${urlPath}</title></head><body><p>Directory ${urlPath} (index.html)</p></body></html>\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// TLS certificate (one per process run, self-signed)

let certCache: { cert: string; key: string } | null = null;

function ensureCert(): { cert: string; key: string } {
  if (certCache && fs.existsSync(certCache.cert)) return certCache;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ppconf-cert-"));
  fs.chmodSync(dir, 0o755);
  const cert = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  const r = spawnSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", key, "-out", cert, "-days", "7", "-subj", "/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost,DNS:www.example.com,DNS:example.com,IP:127.0.0.1",
  ], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  fs.chmodSync(key, 0o644);
  certCache = { cert, key };
  installHandlers();
  registerTempDir(dir);
  return certCache;
}

// ---------------------------------------------------------------------------------------------------------------
// Process registry: every server we start, so nothing is left running on failure or Ctrl-C

interface LiveServer {
  pid: number;
  proc: ChildProcess;
  kind: ServerKind;
  role: string;
  listen: string;
  conf: string;
  exited: boolean;
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  exitPromise: Promise<void>;
}

const live = new Map<number, LiveServer>();
const tempDirs = new Set<string>();
let handlersInstalled = false;
const stateDir = path.join(os.tmpdir(), "proxy-playground-conformance");
const stateFile = path.join(stateDir, `live-${process.pid}.json`);

function registerTempDir(d: string) {
  tempDirs.add(d);
  saveState();
}

function forgetTempDir(d: string) {
  tempDirs.delete(d);
  saveState();
}

function saveState() {
  try {
    fs.mkdirSync(stateDir, { recursive: true });
    const entries = [...live.values()].map((s) => ({ pid: s.pid, conf: s.conf }));
    if (entries.length === 0 && tempDirs.size === 0) fs.rmSync(stateFile, { force: true });
    else fs.writeFileSync(stateFile, JSON.stringify({ owner: process.pid, servers: entries, dirs: [...tempDirs] }));
  } catch {
    /* best effort */
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function cmdlineOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

/**
 * Stop servers left behind by an earlier run of this library that died without cleaning up (e.g. SIGKILL).
 * Only pids recorded in that run's state file whose command line still names that run's config file are killed.
 */
export async function reapOrphans(log: (m: string) => void = () => {}): Promise<number> {
  let n = 0;
  const signalled: number[] = [];
  let files: string[] = [];
  try {
    files = fs.readdirSync(stateDir).filter((f) => /^live-\d+\.json$/.test(f));
  } catch {
    return 0;
  }
  for (const f of files) {
    const owner = Number(/(\d+)/.exec(f)![1]);
    if (owner === process.pid || pidAlive(owner)) continue;
    try {
      const st = JSON.parse(fs.readFileSync(path.join(stateDir, f), "utf8")) as { servers: Array<{ pid: number; conf: string }>; dirs?: string[] };
      for (const s of st.servers) {
        if (pidAlive(s.pid) && cmdlineOf(s.pid).includes(s.conf)) {
          log(`reaping server pid ${s.pid} left by dead run ${owner} (${s.conf})`);
          try {
            process.kill(s.pid, "SIGTERM");
            signalled.push(s.pid);
            n++;
          } catch {
            /* gone */
          }
        }
      }
      // Wait until they are gone (a zombie whose parent died counts as gone: its ports are closed).
      const deadline = Date.now() + 15000;
      while (Date.now() < deadline && signalled.some((p) => pidAlive(p) && !/^Z/.test(procState(p)))) await sleep(50);
      for (const d of st.dirs ?? []) {
        if (path.dirname(d) === os.tmpdir() && /^ppconf-/.test(path.basename(d))) fs.rmSync(d, { recursive: true, force: true });
      }
    } catch {
      /* unreadable */
    }
    fs.rmSync(path.join(stateDir, f), { force: true });
  }
  return n;
}

function procState(pid: number): string {
  try {
    return /^State:\s+(\S)/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? "";
  } catch {
    return "";
  }
}

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", () => {
    for (const s of live.values()) {
      try {
        process.kill(s.pid, "SIGTERM");
      } catch {
        /* gone */
      }
    }
    if (!keepTemp) {
      for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
      tempDirs.clear();
    }
    if (live.size === 0) fs.rmSync(stateFile, { force: true });
  });
  const onSignal = (sig: NodeJS.Signals) => {
    shuttingDown = true;
    process.stderr.write(`\n${sig}: stopping ${live.size} server(s)…\n`);
    stopAll().finally(() => process.exit(sig === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
}

/** Stop every server this process started (by pid) and remove the temp dirs. */
export async function stopAll(): Promise<void> {
  await Promise.all([...live.values()].map((s) => stopServer(s)));
  for (const d of [...tempDirs]) {
    if (!keepTemp) fs.rmSync(d, { recursive: true, force: true });
    forgetTempDir(d);
  }
}

let keepTemp = false;
/** Set on SIGINT/SIGTERM: no new server is started, running ones are being stopped. */
let shuttingDown = false;

// ---------------------------------------------------------------------------------------------------------------
// Start / stop

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resolves true when `p` settles first, false after `ms`; the timer never keeps the process alive. */
function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    t.unref();
    p.then(() => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

function probe(hp: HostPort, timeoutMs = 200): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: hp.host, port: hp.port });
    const done = (v: boolean) => {
      sock.removeAllListeners();
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once("connect", () => done(true));
    sock.once("error", () => done(false));
  });
}

async function startServer(gen: GeneratedConfig, plan: ServerPlan, srvDir: string): Promise<LiveServer | StartupFailure> {
  installHandlers();
  const hp = parseHostPort(plan.listen);
  if (shuttingDown) return { role: plan.role, server: plan.kind, listen: plan.listen, message: "interrupted", log: "" };
  if (await probe(hp)) {
    return { role: plan.role, server: plan.kind, listen: plan.listen, message: `${plan.listen} is already in use by another process`, log: "" };
  }
  const out = fs.openSync(path.join(srvDir, "logs", "stdio.log"), "a");
  const env: Record<string, string> = { ...SERVER_ENV_BASE };
  let proc: ChildProcess;
  if (gen.kind === "apache") {
    // Debian's envvars, so that pasted configs using ${APACHE_LOG_DIR} and friends work.
    Object.assign(env, {
      APACHE_RUN_USER: SERVER_USER,
      APACHE_RUN_GROUP: SERVER_GROUP,
      APACHE_PID_FILE: path.join(srvDir, "run", "httpd.pid"),
      APACHE_RUN_DIR: path.join(srvDir, "run"),
      APACHE_LOCK_DIR: path.join(srvDir, "lock"),
      APACHE_LOG_DIR: path.join(srvDir, "logs"),
    });
    // detached = setsid: prefork/event signal their own process group on shutdown, which must not be ours.
    proc = spawn(APACHE_BIN, ["-DFOREGROUND", "-d", srvDir, "-f", gen.file], { detached: true, stdio: ["ignore", out, out], env });
  } else if (gen.kind === "haproxy") {
    // Master-worker in the foreground: the spawned pid is the master, written to its pid file; logs on stdout.
    proc = spawn(HAPROXY_BIN, ["-W", "-db", "-f", gen.file], { detached: true, stdio: ["ignore", out, out], env });
  } else {
    proc = spawn(NGINX_BIN, ["-p", srvDir + "/", "-c", gen.file, "-e", path.join(srvDir, "logs", "error.log")], { detached: true, stdio: ["ignore", out, out], env });
  }
  fs.closeSync(out);
  if (proc.pid === undefined) {
    return { role: plan.role, server: plan.kind, listen: plan.listen, message: "spawn failed", log: "" };
  }
  const s: LiveServer = {
    pid: proc.pid, proc, kind: gen.kind, role: plan.role, listen: plan.listen, conf: gen.file,
    exited: false, exitCode: null, exitSignal: null, exitPromise: Promise.resolve(),
  };
  s.exitPromise = new Promise<void>((resolve) => {
    proc.once("exit", (code, signal) => {
      s.exited = true;
      s.exitCode = code;
      s.exitSignal = signal;
      resolve();
    });
  });
  live.set(s.pid, s);
  saveState();
  const deadline = Date.now() + 15000;
  // Ready = listening, and the parent has logged the end of its startup (so that no startup line lands in the
  // first request's log window, and the first worker exists).
  const readyLine = gen.kind === "apache" ? /resuming normal operations/ : gen.kind === "haproxy" ? /Loading success/ : /start worker process/;
  const errorLog = path.join(srvDir, "logs", gen.kind === "haproxy" ? "stdio.log" : "error.log");
  let listening = false;
  while (Date.now() < deadline) {
    if (s.exited || shuttingDown) break;
    if (!listening) listening = await probe(hp);
    if (listening && readyLine.test(readTail(errorLog, 4000))) return s;
    await sleep(listening ? 5 : 15);
  }
  await stopServer(s);
  const log = readTail(path.join(srvDir, "logs", "stdio.log")) + readTail(path.join(srvDir, "logs", "error.log"));
  return {
    role: plan.role, server: plan.kind, listen: plan.listen,
    message: shuttingDown ? "interrupted" : s.exitCode !== null ? `${plan.kind} exited with status ${s.exitCode} at startup` : `${plan.kind} did not listen on ${plan.listen} within 15 s`,
    log,
  };
}

function readTail(file: string, max = 20000): string {
  try {
    const t = fs.readFileSync(file, "utf8");
    return t.length > max ? t.slice(-max) : t;
  } catch {
    return "";
  }
}

async function stopServer(s: LiveServer): Promise<void> {
  if (!s.exited) {
    const pidFile = path.join(path.dirname(s.conf), "run", s.kind === "apache" ? "httpd.pid" : s.kind === "haproxy" ? "haproxy.pid" : "nginx.pid");
    let pid = s.pid;
    try {
      const fromFile = Number(fs.readFileSync(pidFile, "utf8").trim());
      // The pid file must name the process we started; anything else is not ours to signal.
      if (fromFile === s.pid) pid = fromFile;
    } catch {
      /* not written yet: use the spawned pid */
    }
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      /* already gone */
    }
    if (!(await within(s.exitPromise, 12000))) {
      // Last resort: the server's own process group (setsid made pgid == its pid), so its children go too.
      try {
        process.kill(-s.pid, "SIGKILL");
      } catch {
        /* gone */
      }
      await within(s.exitPromise, 3000);
    }
  }
  // The port must be closed before anything else may use it.
  const hp = parseHostPort(s.listen);
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && (await probe(hp, 100))) await sleep(20);
  live.delete(s.pid);
  saveState();
}

// ---------------------------------------------------------------------------------------------------------------
// Client

export function wireRequest(head: string): Buffer {
  let t = head.replace(/\r\n/g, "\n").replace(/\n/g, "\r\n");
  if (!t.includes("\r\n\r\n")) t = t.endsWith("\r\n") ? t + "\r\n" : t + "\r\n\r\n";
  return Buffer.from(t, "utf8");
}

function requestMethod(head: string): string {
  return (/^(\S+)/.exec(head)?.[1] ?? "GET").toUpperCase();
}

function requestHost(head: string): string | null {
  const m = /^host:[ \t]*([^\r\n]*)$/im.exec(head.replace(/\r\n/g, "\n"));
  if (!m) return null;
  const v = m[1]!.trim();
  if (v.startsWith("[")) return null;
  return v.replace(/:\d+$/, "");
}

interface ParsedResponse {
  complete: boolean;
  response?: RealResponse;
}

function findHeadEnd(buf: Buffer, from: number): { end: number; sepLen: number } | null {
  const a = buf.indexOf("\r\n\r\n", from, "latin1");
  const b = buf.indexOf("\n\n", from, "latin1");
  if (a < 0 && b < 0) return null;
  if (a >= 0 && (b < 0 || a < b)) return { end: a, sepLen: 4 };
  return { end: b, sepLen: 2 };
}

/** Parse an HTTP/1.x response incrementally; `closed` means the connection has ended. */
export function parseResponse(buf: Buffer, method: string, closed: boolean): ParsedResponse {
  let offset = 0;
  for (;;) {
    const he = findHeadEnd(buf, offset);
    if (!he) {
      if (!closed) return { complete: false };
      if (buf.length === 0) return { complete: true, response: { status: null, headers: {}, rawHeaders: [], body: "", error: "connection closed without a response" } };
      return { complete: true, response: { status: null, headers: {}, rawHeaders: [], body: buf.toString("latin1"), error: "connection closed in the middle of the response head" } };
    }
    const head = buf.subarray(offset, he.end).toString("latin1");
    const lines = head.split(/\r?\n/);
    const sm = /^HTTP\/(\d\.\d)\s+(\d{3})(?:\s(.*))?$/.exec(lines[0] ?? "");
    if (!sm) {
      return { complete: true, response: { status: null, headers: {}, rawHeaders: [], body: buf.toString("latin1"), error: `not an HTTP response: ${JSON.stringify((lines[0] ?? "").slice(0, 80))}` } };
    }
    const status = Number(sm[2]);
    const bodyStart = he.end + he.sepLen;
    if (status >= 100 && status < 200 && status !== 101) {
      offset = bodyStart;
      continue;
    }
    const rawHeaders: Array<[string, string]> = [];
    const headers: Record<string, string> = {};
    const lower: Record<string, string> = {};
    for (const l of lines.slice(1)) {
      const i = l.indexOf(":");
      if (i <= 0) continue;
      const name = l.slice(0, i);
      const value = l.slice(i + 1).trim();
      rawHeaders.push([name, value]);
      const existing = lower[name.toLowerCase()];
      if (existing !== undefined) headers[existing] = `${headers[existing]}, ${value}`;
      else {
        lower[name.toLowerCase()] = name;
        headers[name] = value;
      }
    }
    const get = (n: string) => {
      const k = lower[n.toLowerCase()];
      return k === undefined ? undefined : headers[k];
    };
    const base: RealResponse = { status, reason: sm[3] ?? "", httpVersion: sm[1], headers, rawHeaders, body: "" };
    const rest = buf.subarray(bodyStart);
    if (method === "HEAD" || status === 204 || status === 304) return { complete: true, response: base };
    const te = get("transfer-encoding");
    if (te && /chunked/i.test(te)) {
      const chunks: Buffer[] = [];
      let p = 0;
      for (;;) {
        const le = rest.indexOf("\r\n", p, "latin1");
        if (le < 0) break;
        const size = parseInt(rest.subarray(p, le).toString("latin1").split(";")[0]!.trim(), 16);
        if (Number.isNaN(size)) break;
        if (size === 0) {
          return { complete: true, response: { ...base, body: Buffer.concat(chunks).toString("utf8") } };
        }
        if (rest.length < le + 2 + size + 2) break;
        chunks.push(rest.subarray(le + 2, le + 2 + size));
        p = le + 2 + size + 2;
      }
      if (!closed) return { complete: false };
      return { complete: true, response: { ...base, body: Buffer.concat(chunks).toString("utf8"), error: "connection closed inside a chunked body" } };
    }
    const cl = get("content-length");
    if (cl !== undefined && /^\d+$/.test(cl)) {
      const n = Number(cl);
      if (rest.length >= n) return { complete: true, response: { ...base, body: rest.subarray(0, n).toString("utf8") } };
      if (!closed) return { complete: false };
      return { complete: true, response: { ...base, body: rest.toString("utf8"), error: "connection closed before Content-Length bytes" } };
    }
    if (!closed) return { complete: false };
    return { complete: true, response: { ...base, body: rest.toString("utf8") } };
  }
}

interface ClientResult {
  response: RealResponse;
  localPort: number | null;
  sni: string | null;
}

export function sendRequest(opts: { target: string; localAddress: string; tls: boolean; head: string; timeoutMs?: number }): Promise<ClientResult> {
  const hp = parseHostPort(opts.target);
  const data = wireRequest(opts.head);
  const method = requestMethod(opts.head);
  const hostName = requestHost(opts.head);
  const sni = opts.tls && hostName && net.isIP(hostName) === 0 ? hostName : null;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let localPort: number | null = null;
    let finished = false;
    // The TCP connection from the client's own address; TLS (when asked for) runs over it.
    const raw = net.connect({ host: hp.host, port: hp.port, localAddress: opts.localAddress });
    const sock: net.Socket = opts.tls ? tls.connect({ socket: raw, rejectUnauthorized: false, ...(sni ? { servername: sni } : {}) }) : raw;
    if (opts.tls) raw.once("error", (e: NodeJS.ErrnoException) => finish(true, e.code ?? e.message));
    const finish = (closed: boolean, err?: string) => {
      if (finished) return;
      const buf = Buffer.concat(chunks);
      const parsed = parseResponse(buf, method, closed);
      if (!parsed.complete && !closed) return;
      finished = true;
      clearTimeout(timer);
      sock.destroy();
      raw.destroy();
      let response = parsed.response ?? { status: null, headers: {}, rawHeaders: [], body: "", error: "no response" };
      if (err && response.status === null) response = { ...response, error: `${response.error ?? ""}${response.error ? "; " : ""}${err}` };
      resolve({ response, localPort, sni });
    };
    const timer = setTimeout(() => finish(true, `timed out after ${opts.timeoutMs ?? 15000} ms`), opts.timeoutMs ?? 15000);
    sock.once(opts.tls ? "secureConnect" : "connect", () => {
      localPort = raw.localPort ?? null;
      sock.write(data);
    });
    sock.on("data", (c: Buffer) => {
      chunks.push(c);
      finish(false);
    });
    sock.once("end", () => finish(true));
    sock.once("close", () => finish(true));
    sock.once("error", (e: NodeJS.ErrnoException) => finish(true, e.code ?? e.message));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Logs

class LogCursor {
  private offset = 0;
  constructor(readonly file: string) {}
  mark() {
    try {
      this.offset = fs.statSync(this.file).size;
    } catch {
      this.offset = 0;
    }
  }
  /**
   * The whole lines written since `mark()`. A line the server was still writing when the window was marked
   * belongs to the window before (its tail is skipped); one it is still writing now is left out until done.
   */
  read(): string {
    try {
      const fd = fs.openSync(this.file, "r");
      try {
        const size = fs.fstatSync(fd).size;
        if (size <= this.offset) return "";
        const start = Math.max(0, this.offset - 1);
        const b = Buffer.alloc(size - start);
        fs.readSync(fd, b, 0, b.length, start);
        let text = b.toString("latin1");
        if (this.offset > 0) text = text.startsWith("\n") ? text.slice(1) : text.slice(text.indexOf("\n") + 1 || text.length);
        return text.slice(0, text.lastIndexOf("\n") + 1);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return "";
    }
  }
}

/** Undo Apache's error-log escaping (ap_escape_errorlog_item). */
export function unescapeApacheLog(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_m, c: string) => {
    if (c.length === 3) return String.fromCharCode(parseInt(c.slice(1), 16));
    return ({ r: "\r", n: "\n", t: "\t", b: "\b", v: "\v" } as Record<string, string>)[c] ?? c;
  });
}

const APACHE_LINE = /^\[[^\]]*\] \[([\w.]+):(\w+)\] \[pid (\d+)(?::tid \d+)?\] (?:(\S+\.c)\((\d+)\): )?(?:\[(client|remote) ([^\]]+)\] )?(.*)$/;
/** mod_dumpio 2.4.71: line 58 logs "<n> bytes", line 100 logs the (escaped) data. */
const DUMPIO_DATA_SOURCE_LINE = "100";

interface ConnDump {
  key: string;
  input: string;
  output: string;
}

function parseApacheLog(text: string): { dumps: ConnDump[]; other: string[] } {
  const conns = new Map<string, ConnDump>();
  const other: string[] = [];
  // Per connection: is the current input read a speculative peek? Its bytes are read again by the next real
  // read (a kept-alive connection from a front end peeks at the next request's first byte), so they must not be
  // counted twice ("GGET /…").
  const peeking = new Map<string, boolean>();
  for (const line of text.split("\n")) {
    if (!line) continue;
    const m = APACHE_LINE.exec(line);
    if (m && m[1] === "dumpio") {
      const key = `${m[6] ?? "?"} ${m[7] ?? "?"}`;
      const mode = /^mod_dumpio:\s+dumpio_in \[([a-z]+)-/.exec(m[8]!);
      if (mode) peeking.set(key, mode[1] === "speculative");
      if (m[5] !== DUMPIO_DATA_SOURCE_LINE) continue;
      const dm = /^mod_dumpio:\s+dumpio_(in|out) \([^)]*\): (.*)$/.exec(m[8]!);
      if (!dm) continue;
      if (dm[1] === "in" && peeking.get(key)) continue;
      let c = conns.get(key);
      if (!c) conns.set(key, (c = { key, input: "", output: "" }));
      if (dm[1] === "in") c.input += unescapeApacheLog(dm[2]!);
      else c.output += unescapeApacheLog(dm[2]!);
      continue;
    }
    other.push(line);
  }
  return { dumps: [...conns.values()], other };
}

const REQUEST_LINE = /^[A-Z][A-Z0-9_-]* \S+( HTTP\/\d\.\d)?\r?\n/;

function headOf(s: string): string {
  const i = s.indexOf("\r\n\r\n");
  return i >= 0 ? s.slice(0, i + 4) : s;
}

interface NginxConn {
  id: string;
  peer: string | null;
  requestLine: string | null;
  headers: string[];
  responseHead: string | null;
}

function parseNginxDebug(text: string): NginxConn[] {
  const conns = new Map<string, NginxConn>();
  const msgs: Array<{ conn: string | null; msg: string }> = [];
  for (const rawLine of text.split("\n")) {
    const line = rawLine.replace(/\r$/, "");
    const m = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[\w+\] \d+#\d+: (?:\*(\d+) )?(.*)$/.exec(line);
    if (m) msgs.push({ conn: m[1] ?? null, msg: m[2]! });
    else if (msgs.length) msgs[msgs.length - 1]!.msg += "\n" + line;
  }
  for (const { conn, msg } of msgs) {
    if (!conn) continue;
    let c = conns.get(conn);
    if (!c) conns.set(conn, (c = { id: conn, peer: null, requestLine: null, headers: [], responseHead: null }));
    let m: RegExpExecArray | null;
    if ((m = /^accept: (\S+) fd:/.exec(msg))) c.peer = m[1]!;
    else if ((m = /^http request line: "(.*)"$/.exec(msg))) c.requestLine = m[1]!;
    else if ((m = /^http header: "(.*)"$/s.exec(msg))) c.headers.push(m[1]!);
    else if (/^HTTP\/\d\.\d \d{3}/.test(msg) && c.responseHead === null) c.responseHead = msg.replace(/\n+$/, "").replace(/\r?\n/g, "\r\n");
  }
  return [...conns.values()];
}

function splitPeer(p: string | null): { peer: string | null; port: number | null } {
  if (!p) return { peer: null, port: null };
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(p);
  return m ? { peer: m[1]!, port: Number(m[2]) } : { peer: p, port: null };
}

// ---------------------------------------------------------------------------------------------------------------
// Groups

interface RunningServer {
  plan: ServerPlan;
  gen: GeneratedConfig;
  srvDir: string;
  live: LiveServer;
  errorLog: LogCursor;
  debugLog: LogCursor | null;
}

interface RunningGroup {
  key: string;
  hash: string;
  dir: string;
  paths: Paths;
  servers: RunningServer[];
  appLog: LogCursor;
  rewrites: Array<{ role: string; from: string; to: string }>;
  failure?: StartupFailure;
}

function mkdirs(base: string, ...dirs: string[]) {
  for (const d of dirs) fs.mkdirSync(path.join(base, d), { recursive: true, mode: 0o755 });
}

export function writeGroupFiles(s: Scenario, dir: string): { paths: Paths; gens: Array<{ plan: ServerPlan; gen: GeneratedConfig; srvDir: string }> } {
  const cert = ensureCert();
  const appDir = path.join(dir, "app");
  mkdirs(dir, "app");
  const paths: Paths = {
    dir, cert: cert.cert, key: cert.key,
    appFile: path.join(appDir, "app.py"),
    appLog: path.join(appDir, "environ.jsonl"),
    behaviour: path.join(appDir, "behaviour.json"),
  };
  fs.writeFileSync(paths.appFile, appSource(paths), { mode: 0o644 });
  fs.writeFileSync(paths.appLog, "", { mode: 0o666 });
  fs.chmodSync(paths.appLog, 0o666);
  const gens = planServers(s).map((plan) => {
    const srvDir = path.join(dir, plan.role.replace(/[^\w]+/g, "-").replace(/-$/, ""));
    mkdirs(srvDir, "run", "lock", "logs", "htdocs", "tmp");
    for (const d of plan.directories) {
      const fsDir = path.join(srvDir, "dirs", ...d.split("/").filter(Boolean));
      fs.mkdirSync(fsDir, { recursive: true, mode: 0o755 });
      fs.writeFileSync(path.join(fsDir, "index.html"), indexHtml(d), { mode: 0o644 });
    }
    const gen = plan.kind === "apache" ? apacheConfig(plan, srvDir, paths) : plan.kind === "haproxy" ? haproxyConfig(plan, srvDir, paths) : nginxConfig(plan, srvDir, paths);
    fs.writeFileSync(gen.file, gen.text, { mode: 0o644 });
    // HAProxy's `crt` wants the certificate and its key in one file.
    if (plan.kind === "haproxy") fs.writeFileSync(path.join(srvDir, "cert.pem"), fs.readFileSync(paths.cert, "utf8") + fs.readFileSync(paths.key, "utf8"), { mode: 0o644 });
    return { plan, gen, srvDir };
  });
  return { paths, gens };
}

function chmodTree(d: string) {
  fs.chmodSync(d, 0o755);
  for (const e of fs.readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) chmodTree(path.join(d, e.name));
}

async function startGroup(s: Scenario): Promise<RunningGroup> {
  const key = groupKey(s);
  const hash = createHash("sha256").update(key).digest("hex").slice(0, 12);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ppconf-${hash}-`));
  registerTempDir(dir);
  const { paths, gens } = writeGroupFiles(s, dir);
  chmodTree(dir);
  const group: RunningGroup = { key, hash, dir, paths, servers: [], appLog: new LogCursor(paths.appLog), rewrites: gens.flatMap((g) => g.gen.rewrites) };
  // Back end first, then the proxies from the inside out, so each hop can reach the next from its first request.
  for (const g of [...gens].reverse()) {
    const r = await startServer(g.gen, g.plan, g.srvDir);
    if (!("pid" in r)) {
      group.failure = r;
      await stopGroup(group);
      return group;
    }
    group.servers.unshift({
      plan: g.plan, gen: g.gen, srvDir: g.srvDir, live: r,
      errorLog: new LogCursor(path.join(g.srvDir, "logs", g.plan.kind === "haproxy" ? "stdio.log" : "error.log")),
      debugLog: g.plan.kind === "nginx" ? new LogCursor(path.join(g.srvDir, "logs", "debug.log")) : null,
    });
  }
  return group;
}

async function stopGroup(g: RunningGroup): Promise<void> {
  for (const s of g.servers) await stopServer(s.live);
  if (!keepTemp) {
    fs.rmSync(g.dir, { recursive: true, force: true });
    forgetTempDir(g.dir);
  }
}

function emptyObservation(item: RunItem, group: RunningGroup | null, error: string, failure?: StartupFailure): RealObservation {
  const target = item.scenario.proxies?.[0]?.listen ?? item.scenario.backend.listen;
  return {
    id: item.id, ok: false, ...(failure ? { startupFailure: failure } : {}),
    client: { address: item.scenario.client.address, localPort: null, tls: !!item.scenario.client.tls, target, sni: null },
    response: { status: null, headers: {}, rawHeaders: [], body: "", error },
    environ: null, environs: [], hops: [], errorLogs: [], timing: { requestMs: 0 },
    group: group?.hash ?? "", tempDir: group?.dir ?? "", rewrites: group?.rewrites ?? [],
  };
}

async function runInGroup(g: RunningGroup, item: RunItem): Promise<RealObservation> {
  const s = item.scenario;
  if (g.failure) return emptyObservation(item, g, `server failed to start: ${g.failure.role} ${g.failure.message}`, g.failure);
  const behaviour = item.app ?? item.scenario.backend.app;
  fs.writeFileSync(g.paths.behaviour, behaviour ? JSON.stringify(behaviour) : "null");
  g.appLog.mark();
  for (const srv of g.servers) {
    srv.errorLog.mark();
    srv.debugLog?.mark();
  }
  const target = s.proxies?.[0]?.listen ?? s.backend.listen;
  const t0 = performance.now();
  const cr = await sendRequest({ target, localAddress: s.client.address, tls: !!s.client.tls, head: s.client.request });
  const requestMs = performance.now() - t0;
  // A crashed child is reported by the parent when it reaps it (about once a second): wait for that line. A
  // front end's proxy error settles it too, except "error reading from remote server" (AH01102/AH00898 reading):
  // that is what a front end logs at once when the next server's worker crashed, before its parent says so.
  if (cr.response.status === null || cr.response.status >= 500) {
    const deadline = Date.now() + 2500;
    const settled = (log: string) => /exit signal/.test(log) || log.split("\n").some((l) => /\[proxy(_http)?:error\]/.test(l) && !/AH01102|Error reading from remote server/.test(l));
    while (Date.now() < deadline) {
      if (g.servers.some((srv) => settled(srv.errorLog.read()))) break;
      await sleep(50);
    }
    if (g.servers.some((srv) => /exit signal/.test(srv.errorLog.read()))) await sleep(50);
  }
  // HAProxy logs a request when its transaction ends, which may be just after the client has the response.
  const haproxies = g.servers.filter((srv) => srv.plan.kind === "haproxy");
  const logDeadline = Date.now() + 500;
  while (haproxies.some((srv) => !srv.errorLog.read().includes(HAPROXY_LOG_TAG)) && Date.now() < logDeadline) await sleep(10);
  const environs: Array<Record<string, string>> = [];
  for (const line of g.appLog.read().split("\n")) {
    if (!line.trim()) continue;
    try {
      environs.push(JSON.parse(line) as Record<string, string>);
    } catch {
      /* partial line */
    }
  }
  const hops: RealHop[] = [];
  const errorLogs: ServerLogTail[] = [];
  g.servers.forEach((srv, i) => {
    const text = srv.errorLog.read();
    const hop: RealHop = { role: srv.plan.role, server: srv.plan.kind, listen: srv.plan.listen, tls: srv.plan.tls, peer: null, peerPort: null, request: null };
    if (srv.plan.kind === "apache") {
      const { dumps, other } = parseApacheLog(text);
      errorLogs.push({ role: srv.plan.role, server: "apache", listen: srv.plan.listen, lines: other });
      const incoming = dumps.filter((d) => d.key.startsWith("client ") && REQUEST_LINE.test(d.input));
      const mine = i === 0 && cr.localPort !== null
        ? incoming.find((d) => splitPeer(d.key.slice(7)).port === cr.localPort) ?? incoming[0]
        : incoming[0];
      if (mine) {
        const pp = splitPeer(mine.key.slice(7));
        hop.peer = pp.peer;
        hop.peerPort = pp.port;
        hop.request = headOf(mine.input);
        hop.responseHead = mine.output ? headOf(mine.output) : null;
      }
    } else if (srv.plan.kind === "haproxy") {
      // The generated log-format writes one line per request: "haproxy-request <ip>:<port>".
      const requests: Array<{ peer: string | null; port: number | null }> = [];
      const other: string[] = [];
      for (const l of text.split("\n").filter(Boolean)) {
        const m = new RegExp(`^${HAPROXY_LOG_TAG} (\\S+)$`).exec(l);
        if (m) requests.push(splitPeer(m[1]!));
        else if (!/^\[NOTICE\]|^\[WARNING\] +\(\d+\) : (Exiting Master|All workers exited)|^\[ALERT\] +\(\d+\) : Current worker \(\d+\) exited with code 143/.test(l)) other.push(l.replace(/\(\d+\)/g, "(N)"));
      }
      errorLogs.push({ role: srv.plan.role, server: "haproxy", listen: srv.plan.listen, lines: other });
      const mine = i === 0 && cr.localPort !== null ? requests.find((r) => r.port === cr.localPort) ?? requests[0] : requests[0];
      if (mine) {
        hop.peer = mine.peer;
        hop.peerPort = mine.port;
      }
    } else {
      // nginx's own start/stop notices land in a request's window only by timing; they are not about the request.
      const lifecycle = /\[notice\] \d+#\d+: (start worker process(es| \d+)|using the "\w+" event method|nginx\/\S+|built by .*|OS: .*|getrlimit.*|signal \d+ \(\w+\) received.*|gracefully shutting down|exiting|exit)$/;
      errorLogs.push({ role: srv.plan.role, server: "nginx", listen: srv.plan.listen, lines: text.split("\n").filter((l) => l && !lifecycle.test(l)) });
      const conns = parseNginxDebug(srv.debugLog?.read() ?? "").filter((c) => c.requestLine !== null);
      const mine = i === 0 && cr.localPort !== null ? conns.find((c) => splitPeer(c.peer).port === cr.localPort) ?? conns[0] : conns[0];
      if (mine) {
        const pp = splitPeer(mine.peer);
        hop.peer = pp.peer;
        hop.peerPort = pp.port;
        hop.request = `${mine.requestLine}\r\n${mine.headers.map((h) => h + "\r\n").join("")}\r\n`;
        hop.responseHead = mine.responseHead ? mine.responseHead + "\r\n\r\n" : null;
      }
    }
    hops.push(hop);
  });
  return {
    id: item.id, ok: true,
    client: { address: s.client.address, localPort: cr.localPort, tls: !!s.client.tls, target, sni: cr.sni },
    response: cr.response,
    environ: environs.length ? environs[environs.length - 1]! : null,
    environs, hops, errorLogs, timing: { requestMs },
    group: g.hash, tempDir: g.dir, rewrites: g.rewrites,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Orchestration

export interface RunManyOptions {
  /** Groups run at once when their ports do not overlap. Default 2. */
  concurrency?: number;
  /** Keep the temp dirs (configs, logs) for inspection. */
  keep?: boolean;
  onResult?: (obs: RealObservation) => void;
  log?: (msg: string) => void;
}

/**
 * Run many scenarios: scenarios with identical server configurations share one start of their servers.
 * Groups whose port sets are disjoint may run concurrently.
 */
export async function runMany(items: RunItem[], opts: RunManyOptions = {}): Promise<{ results: Map<string, RealObservation>; stats: RunStats }> {
  keepTemp = !!opts.keep;
  const log = opts.log ?? (() => {});
  await reapOrphans(log);
  const t0 = performance.now();
  const results = new Map<string, RealObservation>();
  const groups = new Map<string, RunItem[]>();
  for (const it of items) {
    const why = unsupportedReason(it.scenario);
    if (why) {
      const obs = emptyObservation(it, null, `not run: ${why}`);
      results.set(it.id, obs);
      opts.onResult?.(obs);
      continue;
    }
    const k = groupKey(it.scenario);
    let list = groups.get(k);
    if (!list) groups.set(k, (list = []));
    list.push(it);
  }
  const pending = [...groups.values()].map((list) => ({ list, ports: groupPorts(list[0]!.scenario) }));
  const busy = new Set<number>();
  let serversStarted = 0;
  let startStopMs = 0;
  const concurrency = Math.max(1, opts.concurrency ?? 2);

  const takeNext = () => {
    const i = pending.findIndex((p) => ![...p.ports].some((port) => busy.has(port)));
    if (i < 0) return null;
    const [p] = pending.splice(i, 1);
    for (const port of p!.ports) busy.add(port);
    return p!;
  };
  const waiters: Array<() => void> = [];
  const worker = async () => {
    for (;;) {
      if (pending.length === 0 || shuttingDown) return;
      const p = takeNext();
      if (!p) {
        await new Promise<void>((r) => waiters.push(r));
        continue;
      }
      try {
        const ts = performance.now();
        const g = await startGroup(p.list[0]!.scenario);
        startStopMs += performance.now() - ts;
        serversStarted += g.servers.length + (g.failure ? 1 : 0);
        log(`group ${g.hash}: ${p.list.length} scenario(s)${g.failure ? `, START FAILED: ${g.failure.role} ${g.failure.message}` : ""}`);
        try {
          for (const it of p.list) {
            const obs = await runInGroup(g, it);
            results.set(it.id, obs);
            opts.onResult?.(obs);
          }
        } finally {
          const te = performance.now();
          if (!g.failure) await stopGroup(g);
          startStopMs += performance.now() - te;
        }
      } finally {
        for (const port of p.ports) busy.delete(port);
        for (const w of waiters.splice(0)) w();
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  for (const d of [...tempDirs]) {
    if (!d.includes("ppconf-cert-")) continue;
    if (!keepTemp) fs.rmSync(d, { recursive: true, force: true });
    forgetTempDir(d);
  }
  certCache = null;
  return {
    results,
    stats: { scenarios: items.length, groups: groups.size, serversStarted, seconds: (performance.now() - t0) / 1000, startStopSeconds: startStopMs / 1000 },
  };
}

/** Run one scenario on real servers. */
export async function runScenario(scenario: Scenario, opts: { id?: string; app?: AppBehaviour; keep?: boolean } = {}): Promise<RealObservation> {
  const id = opts.id ?? "scenario";
  const { results } = await runMany([{ id, scenario, ...(opts.app ? { app: opts.app } : {}) }], { concurrency: 1, ...(opts.keep ? { keep: true } : {}) });
  return results.get(id)!;
}

// ---------------------------------------------------------------------------------------------------------------
// Syntax check

export interface SyntaxCheck {
  ok: boolean;
  /** apache2's output, with the temp config path replaced by "<config>" and line numbers as in the generated file. */
  output: string;
  /** The line of `configText` the error points at (1-based), when apache2 names one inside it. */
  line?: number;
}

/**
 * A server's check of a generated file as a `SyntaxCheck`: its output with the file's path written `<config>`, and
 * the line `lineAt` finds in it mapped back to `configText` (the generated file holds that text from
 * `gen.scenarioStartLine` on), when it falls inside the text.
 */
function syntaxCheckResult(r: { status: number | null; stdout?: string | null; stderr?: string | null }, gen: GeneratedConfig, configText: string, lineAt: RegExp): SyntaxCheck {
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}`.split(gen.file).join("<config>").trim();
  const res: SyntaxCheck = { ok: r.status === 0, output };
  const lm = lineAt.exec(output);
  if (lm) {
    const l = Number(lm[1]) - gen.scenarioStartLine + 1;
    if (l >= 1 && l <= configText.split("\n").length) res.line = l;
  }
  return res;
}

/**
 * `apache2 -t` on a complete generated back-end configuration (all modules including mod_wsgi) whose
 * scenario part is `configText`; for directive accept/reject rows.
 */
export function apacheSyntaxCheck(configText: string, opts: { listen?: string; backend?: boolean } = {}): SyntaxCheck {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ppconf-t-"));
  try {
    // A certificate only when the text has SSL directives (they are pointed at it).
    const cert = /^\s*SSL/im.test(configText) ? ensureCert() : { cert: path.join(dir, "no-cert.pem"), key: path.join(dir, "no-key.pem") };
    const paths: Paths = { dir, cert: cert.cert, key: cert.key, appFile: path.join(dir, "app", "app.py"), appLog: path.join(dir, "app", "environ.jsonl"), behaviour: path.join(dir, "app", "behaviour.json") };
    mkdirs(dir, "app", "run", "lock", "logs", "htdocs");
    fs.writeFileSync(paths.appFile, appSource(paths));
    const plan: ServerPlan = {
      role: "backend", kind: "apache", listen: opts.listen ?? "127.0.0.1:18080", address: "127.0.0.1", config: configText,
      tls: false, isBackend: opts.backend ?? true, directories: [],
    };
    const gen = apacheConfig(plan, dir, paths);
    fs.writeFileSync(gen.file, gen.text);
    const r = spawnSync(APACHE_BIN, ["-t", "-d", dir, "-f", gen.file], {
      encoding: "utf8",
      env: { ...SERVER_ENV_BASE, APACHE_LOG_DIR: path.join(dir, "logs"), APACHE_RUN_DIR: path.join(dir, "run"), APACHE_LOCK_DIR: path.join(dir, "lock"), APACHE_RUN_USER: SERVER_USER, APACHE_RUN_GROUP: SERVER_GROUP, APACHE_PID_FILE: path.join(dir, "run", "httpd.pid") },
    });
    return syntaxCheckResult(r, gen, configText, /line (\d+) of <config>/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `haproxy -c` on the configuration the runner would generate for a proxy whose text is `configText` (listening
 * on `listen`); for accept/reject rows. `line` is the line of `configText` HAProxy's first alert names.
 */
export function haproxySyntaxCheck(configText: string, opts: { listen?: string } = {}): SyntaxCheck {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ppconf-t-"));
  try {
    const cert = /\scrt\s/.test(configText) ? ensureCert() : { cert: path.join(dir, "no-cert.pem"), key: path.join(dir, "no-key.pem") };
    const paths: Paths = { dir, cert: cert.cert, key: cert.key, appFile: path.join(dir, "app", "app.py"), appLog: path.join(dir, "app", "environ.jsonl"), behaviour: path.join(dir, "app", "behaviour.json") };
    mkdirs(dir, "run", "logs");
    if (fs.existsSync(cert.cert)) fs.writeFileSync(path.join(dir, "cert.pem"), fs.readFileSync(cert.cert, "utf8") + fs.readFileSync(cert.key, "utf8"));
    const plan: ServerPlan = { role: "proxies[0]", kind: "haproxy", listen: opts.listen ?? "127.0.0.1:22000", address: "127.0.0.1", config: configText, tls: false, isBackend: false, directories: [] };
    const gen = haproxyConfig(plan, dir, paths);
    fs.writeFileSync(gen.file, gen.text);
    const r = spawnSync(HAPROXY_BIN, ["-c", "-f", gen.file], { encoding: "utf8", env: { ...SERVER_ENV_BASE } });
    const output = `${r.stdout ?? ""}${r.stderr ?? ""}`.split(gen.file).join("<config>").replace(/\((\d+)\)/g, "(N)").trim();
    const res: SyntaxCheck = { ok: r.status === 0, output };
    const lm = /\[<config>:(\d+)\]/.exec(output);
    if (lm) {
      const mapped = gen.lineMap?.get(Number(lm[1]));
      if (mapped !== undefined) res.line = mapped;
    }
    return res;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `nginx -t` on the configuration the runner would generate for a proxy whose text is `configText` (listening on
 * `listen`); for accept/reject rows. `line` is the line of `configText` nginx's message names, when it is inside it.
 */
export function nginxSyntaxCheck(configText: string, opts: { listen?: string } = {}): SyntaxCheck {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ppconf-t-"));
  try {
    // The generated http block names a certificate whatever the text says, and nginx -t loads it.
    const cert = ensureCert();
    const paths: Paths = { dir, cert: cert.cert, key: cert.key, appFile: path.join(dir, "app", "app.py"), appLog: path.join(dir, "app", "environ.jsonl"), behaviour: path.join(dir, "app", "behaviour.json") };
    mkdirs(dir, "run", "logs", "tmp");
    const plan: ServerPlan = { role: "proxies[0]", kind: "nginx", listen: opts.listen ?? "127.0.0.1:23000", address: "127.0.0.1", config: configText, tls: false, isBackend: false, directories: [] };
    const gen = nginxConfig(plan, dir, paths);
    fs.writeFileSync(gen.file, gen.text);
    const r = spawnSync(NGINX_BIN, ["-t", "-p", dir + "/", "-c", gen.file, "-e", path.join(dir, "logs", "error.log")], { encoding: "utf8", env: { ...SERVER_ENV_BASE } });
    return syntaxCheckResult(r, gen, configText, /in <config>:(\d+)/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** HAProxy's version as installed, or "unknown". */
export function haproxyVersion(): string {
  const h = spawnSync(HAPROXY_BIN, ["-v"], { encoding: "utf8" }).stdout ?? "";
  return /HAProxy version (\d+\.\d+\.\d+)/.exec(h)?.[1] ?? "unknown";
}

/** Servers' versions as installed (for reports). */
export function serverVersions(): { apache: string; modwsgi: string; nginx: string } {
  const a = spawnSync(APACHE_BIN, ["-v"], { encoding: "utf8" }).stdout ?? "";
  const n = spawnSync(NGINX_BIN, ["-v"], { encoding: "utf8" }).stderr ?? "";
  const w = spawnSync("dpkg-query", ["-W", "-f=${Version}", "libapache2-mod-wsgi-py3"], { encoding: "utf8" }).stdout ?? "";
  return {
    apache: /Apache\/(\S+)/.exec(a)?.[1] ?? "unknown",
    nginx: /nginx\/(\S+)/.exec(n)?.[1] ?? "unknown",
    modwsgi: /^(\d+\.\d+\.\d+)/.exec(w)?.[1] ?? (w || "unknown"),
  };
}
