/**
 * Models WSGITrustedProxies and WSGITrustedProxyHeaders: which peers may speak for the client, and how
 * their forwarded headers rewrite the WSGI environ.
 *
 * Sources:
 * - mod_wsgi 4.9.4, `src/server/mod_wsgi.c`: `wsgi_set_trusted_proxies`, `wsgi_set_trusted_proxy_headers`,
 *   `wsgi_process_proxy_headers`, `wsgi_process_forwarded_for`. Run on Apache 2.4.71 + mod_wsgi 4.9.4
 *   (Debian 12) on loopback: rows C01–C82 and X01–X02 of `modwsgi-behaviour.md` §5 [E].
 * - mod_wsgi 6.0.5, `src/server/wsgi_environ.c` and `wsgi_config.c`: read from source, not run [S6].
 *   Differences: empty X-Forwarded-For elements are skipped; X-Forwarded-Server and X-Forwarded-Port are
 *   stripped like the other groups; a trusted scheme header beats the TLS connection.
 */
import type { Directive } from "../apache/configParser.ts";
import type { Diagnostic, ModWsgiVersion } from "../types.ts";
import {
  aprIpsubnetCreate,
  inAnySubnet,
  isPrivateOrSpecial,
  looksLikeIp,
  resolveHost,
  type Subnet,
} from "../net/address.ts";
import { walkForwardedFor } from "../http/forwardedFor.ts";
import { http2env } from "./http2env.ts";

/** The header groups ("categories" in mod_wsgi's source). Only one header of a group survives. */
export type HeaderGroup = "client" | "host" | "server" | "port" | "script-name" | "scheme";

export interface KnownHeader {
  /** Canonical spelling. */
  name: string;
  /** CGI key, e.g. HTTP_X_FORWARDED_FOR. */
  key: string;
  group: HeaderGroup;
  /** What a trusted value rewrites. */
  rewrites: string;
  /** mod_wsgi version that first honoured it. */
  since: string;
}

/** The 15 headers mod_wsgi recognises (table 2.3 of the behaviour reference), in its own group order. */
export const KNOWN_HEADERS: readonly KnownHeader[] = [
  { name: "X-Forwarded-For", key: "HTTP_X_FORWARDED_FOR", group: "client", rewrites: "REMOTE_ADDR", since: "4.4.9" },
  { name: "X-Client-IP", key: "HTTP_X_CLIENT_IP", group: "client", rewrites: "REMOTE_ADDR", since: "4.4.13" },
  { name: "X-Real-IP", key: "HTTP_X_REAL_IP", group: "client", rewrites: "REMOTE_ADDR", since: "4.4.9" },
  { name: "X-Forwarded-Host", key: "HTTP_X_FORWARDED_HOST", group: "host", rewrites: "HTTP_HOST", since: "4.4.9" },
  { name: "X-Host", key: "HTTP_X_HOST", group: "host", rewrites: "HTTP_HOST", since: "4.4.9" },
  { name: "X-Forwarded-Server", key: "HTTP_X_FORWARDED_SERVER", group: "server", rewrites: "SERVER_NAME", since: "4.4.9" },
  { name: "X-Forwarded-Port", key: "HTTP_X_FORWARDED_PORT", group: "port", rewrites: "SERVER_PORT", since: "4.4.9" },
  { name: "X-Script-Name", key: "HTTP_X_SCRIPT_NAME", group: "script-name", rewrites: "SCRIPT_NAME", since: "4.4.9" },
  { name: "X-Forwarded-Script-Name", key: "HTTP_X_FORWARDED_SCRIPT_NAME", group: "script-name", rewrites: "SCRIPT_NAME", since: "4.4.9" },
  { name: "X-Forwarded-Proto", key: "HTTP_X_FORWARDED_PROTO", group: "scheme", rewrites: "wsgi.url_scheme", since: "4.4.9" },
  { name: "X-Forwarded-Scheme", key: "HTTP_X_FORWARDED_SCHEME", group: "scheme", rewrites: "wsgi.url_scheme", since: "4.4.9" },
  { name: "X-Scheme", key: "HTTP_X_SCHEME", group: "scheme", rewrites: "wsgi.url_scheme", since: "4.4.9" },
  { name: "X-Forwarded-HTTPS", key: "HTTP_X_FORWARDED_HTTPS", group: "scheme", rewrites: "wsgi.url_scheme", since: "4.4.9" },
  { name: "X-Forwarded-SSL", key: "HTTP_X_FORWARDED_SSL", group: "scheme", rewrites: "wsgi.url_scheme", since: "4.4.9" },
  { name: "X-HTTPS", key: "HTTP_X_HTTPS", group: "scheme", rewrites: "wsgi.url_scheme", since: "4.4.9" },
];

const BY_KEY = new Map(KNOWN_HEADERS.map((h) => [h.key, h]));

/** Whether `key` is the CGI key of a header mod_wsgi knows (one a configured group can apply or remove). */
export function isKnownHeaderKey(key: string): boolean {
  return BY_KEY.has(key);
}

/** A configured header: its name as written and its CGI key, or a null key when the name is invalid. */
export interface TrustedHeader {
  name: string;
  key: string | null;
  line: number;
  column: number;
}

/** One configured subnet with the position of the token that produced it. */
export interface TrustedProxy {
  subnet: Subnet;
  token: string;
  line: number;
  column: number;
}

/**
 * The effective configuration for one request. `null` means the directive is not in effect (never set in
 * any scope that applies); an empty array means it is set with no arguments.
 */
export interface TrustConfig {
  headers: TrustedHeader[] | null;
  proxies: TrustedProxy[] | null;
}

/**
 * Parses the arguments of one `WSGITrustedProxies` directive: tokens split by Apache's tokenizer (a comma
 * is not a separator), each checked by `wsgi_looks_like_ip` and `apr_ipsubnet_create`. A bad token is
 * an error in mod_wsgi's own words, which stops Apache from starting: "Unable to parse trusted proxy IP
 * address/subnet of "0.0.0.0/0". The specified network mask is invalid." [E §1.4]. Trusting a public
 * range or every address gets a warning: anyone there can then forge the client's address.
 */
export function parseTrustedProxies(directive: Directive, source: string): { proxies: TrustedProxy[]; diagnostics: Diagnostic[] } {
  const proxies: TrustedProxy[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const arg of directive.args) {
    const at = { source, line: arg.line, column: arg.column, endLine: arg.line, endColumn: arg.endColumn };
    const token = arg.text;
    if (!looksLikeIp(token)) {
      diagnostics.push({
        severity: "error",
        code: "trusted-proxies-not-an-address",
        ...at,
        message:
          `Unable to parse trusted proxy IP address/subnet of "${token}". ` +
          (token === ""
            ? "(an empty argument)"
            : /[A-F]/.test(token) && token.includes(":")
              ? "(mod_wsgi accepts IPv6 only in lowercase)"
              : token.includes(",")
                ? "(separate addresses with spaces, not commas)"
                : "(only IPv4 or lowercase IPv6 addresses and subnets; no host names, brackets, ports or zone ids)"),
      });
      continue;
    }
    const slash = token.indexOf("/");
    const address = slash < 0 ? token : token.slice(0, slash);
    const mask = slash < 0 ? null : token.slice(slash + 1);
    const parsed = aprIpsubnetCreate(address, mask);
    if (!parsed.ok) {
      const badMask = parsed.aprMessage?.includes("mask");
      diagnostics.push({
        severity: "error",
        code: badMask ? "trusted-proxies-bad-mask" : "trusted-proxies-bad-address",
        ...at,
        message:
          `Unable to parse trusted proxy IP address/subnet of "${token}". ${parsed.aprMessage ?? ""}`.trimEnd() +
          (badMask && /\/0+$/.test(token)
            ? token.includes(":")
              ? " IPv6 has no form that trusts every address."
              : " Use 0.0.0.0/0.0.0.0 to trust every IPv4 address (rarely what you want)."
            : ""),
      });
      continue;
    }
    const subnet = parsed.subnet;
    proxies.push({ subnet, token, line: arg.line, column: arg.column });
    const everything = subnet.mask.every((b) => b === 0);
    if (everything || !isPrivateOrSpecial(subnet)) {
      diagnostics.push({
        severity: "warning",
        code: everything ? "trusted-proxies-everyone" : "trusted-proxies-public-range",
        ...at,
        message: everything
          ? `${token} trusts every IPv4 address: any client can set the forwarded headers and choose its REMOTE_ADDR.`
          : `${token} (${subnet.text}) is a public range: any host in it can forge forwarded headers. Trust only the proxies you operate.`,
      });
    }
  }
  return { proxies, diagnostics };
}

/**
 * Parses the arguments of one `WSGITrustedProxyHeaders` directive. Names are case-insensitive (`x-FORWARDED-proto`
 * works [E C53]); unknown names such as `Forwarded` or `X-Forwarded-Prefix` are accepted by mod_wsgi and
 * ignored [E C54] (a warning here); a name with a character other than letters, digits and `-` is
 * accepted by Apache but crashes every request in scope [E X01] (an error here).
 */
export function parseTrustedProxyHeaders(directive: Directive, source: string): { headers: TrustedHeader[]; diagnostics: Diagnostic[] } {
  const headers: TrustedHeader[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const arg of directive.args) {
    const at = { source, line: arg.line, column: arg.column, endLine: arg.line, endColumn: arg.endColumn };
    // mod_wsgi stores a NULL entry for a name http2env refuses, which crashes every request in scope.
    const key = http2env(arg.text);
    headers.push({ name: arg.text, key, line: arg.line, column: arg.column });
    if (key === null) {
      diagnostics.push({
        severity: "error",
        code: "trusted-proxy-headers-invalid-name",
        ...at,
        message:
          `WSGITrustedProxyHeaders: "${arg.text}" is not a valid header name. Apache starts, but every request in this scope ` +
          `crashes its worker (Segmentation fault) and the client gets no response. Write the header as sent, e.g. ` +
          `"${arg.text.replace(/_/g, "-")}".`,
      });
    } else if (!BY_KEY.has(key)) {
      diagnostics.push({
        severity: "warning",
        code: "trusted-proxy-headers-unknown",
        ...at,
        message:
          key === "HTTP_FORWARDED"
            ? `mod_wsgi does not support the RFC 7239 Forwarded header; it is accepted here and ignored.`
            : `mod_wsgi does not know "${arg.text}": it is accepted and ignored. Known headers: ${KNOWN_HEADERS.map((h) => h.name).join(", ")}.`,
      });
    }
  }
  const groups = new Map<HeaderGroup, TrustedHeader[]>();
  for (const h of headers) {
    const known = h.key ? BY_KEY.get(h.key) : undefined;
    if (!known) continue;
    const list = groups.get(known.group) ?? [];
    if (!list.some((o) => o.key === h.key)) list.push(h);
    groups.set(known.group, list);
  }
  for (const [group, list] of groups) {
    if (list.length < 2) continue;
    const last = list[list.length - 1]!;
    diagnostics.push({
      severity: "warning",
      code: "trusted-proxy-headers-same-group",
      source,
      line: last.line,
      column: last.column,
      message:
        `${list.map((h) => h.name).join(" and ")} belong to one group (${group}); when both arrive, the one listed last wins and ` +
        `the other is removed from the environ.`,
    });
  }
  return { headers, diagnostics };
}

/** Environ as a plain object; `undefined` means absent. */
export type Env = Record<string, string>;

export interface ProxyProcessing {
  env: Env;
  /** Whether the peer was trusted. */
  trusted: boolean;
  /** True when a scheme-group header was applied (6.0 then skips the TLS check). */
  schemeApplied: boolean;
  /** Human-readable account of each decision, in order. */
  notes: string[];
}

const ISSPACE = new Set([" ", "\t", "\n", "\v", "\f", "\r"]);

function trimC(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && ISSPACE.has(s[a]!)) a += 1;
  while (b > a && ISSPACE.has(s[b - 1]!)) b -= 1;
  return s.slice(a, b);
}

/**
 * Splits an X-Forwarded-For value into elements the way mod_wsgi does. Elements are trimmed of C
 * whitespace. 4.9.4: an element is produced for every position that is not at the end after skipping
 * leading whitespace, so `,a` gives `["", "a"]` and `a, ,` gives `["a", ""]`, but `a,` gives `["a"]`
 * [E C24, C25, C26]. 6.0: empty elements are dropped [S6].
 */
export function splitForwardedFor(value: string, version: ModWsgiVersion): string[] {
  const items: string[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && ISSPACE.has(value[i]!)) i += 1;
    if (i >= value.length) break;
    let end = value.indexOf(",", i);
    const next = end < 0 ? value.length : end + 1;
    if (end < 0) end = value.length;
    items.push(trimC(value.slice(i, end)));
    i = next;
  }
  return version === "6.0" ? items.filter((s) => s !== "") : items;
}

/**
 * The X-Forwarded-For rule (`wsgi_process_forwarded_for`).
 *
 * Without WSGITrustedProxies: REMOTE_ADDR becomes the first element (4.9.4: even when empty [E C04];
 * 6.0: the first non-empty one), unvalidated [E C05, C08]; the header is left as it is [E C02].
 * With WSGITrustedProxies: walk from the right while elements parse and are trusted; REMOTE_ADDR is the
 * element just left of the last trusted one (the leftmost when all are trusted), verbatim; the header is
 * trimmed to start there and re-joined with ", " [E C17–C20, C78]. When the rightmost element is untrusted
 * or does not parse, it becomes both REMOTE_ADDR and the header [E C19, C21, C22].
 */
export function applyForwardedFor(
  env: Env,
  value: string,
  proxies: TrustedProxy[] | null,
  version: ModWsgiVersion,
  notes: string[],
): void {
  if (proxies === null) {
    let first: string | undefined;
    if (version === "6.0") first = splitForwardedFor(value, version)[0];
    else {
      const trimmed = value.replace(/^[ \t\n\v\f\r]+/, "");
      if (trimmed !== "") first = trimC(trimmed.split(",")[0]!);
    }
    if (first === undefined) {
      notes.push(`X-Forwarded-For is empty: REMOTE_ADDR stays ${env.REMOTE_ADDR ?? "unset"}.`);
      return;
    }
    notes.push(
      `no WSGITrustedProxies list: the leftmost X-Forwarded-For element ${JSON.stringify(first)} becomes REMOTE_ADDR, unchecked.`,
    );
    env.REMOTE_ADDR = first;
    return;
  }
  const items = splitForwardedFor(value, version);
  if (items.length === 0) {
    notes.push("X-Forwarded-For has no elements: nothing changes.");
    return;
  }
  const subnets = proxies.map((p) => p.subnet);
  // The shared walk, with mod_wsgi's rules: every element is taken as written (mod_wsgi never validates the
  // one it keeps), and one that does not resolve to an address is simply not a trusted proxy.
  type Hop = { text: string; peer?: true };
  const walk = walkForwardedFor<Hop>({
    peer: { text: env.REMOTE_ADDR ?? "", peer: true },
    elements: items,
    parse: (text) => ({ text }),
    recursive: true,
    trusted: (hop) => {
      if (hop.peer) return true;
      const host = resolveHost(hop.text);
      if (host === null || "unresolved" in host) {
        notes.push(
          host === null
            ? `element ${JSON.stringify(hop.text)} is not an IP address: the walk stops there.`
            : `element ${JSON.stringify(hop.text)} is a host name; the real server resolves it through DNS, which this model does not do: the walk stops there.`,
        );
        return false;
      }
      const match = inAnySubnet(subnets, host);
      notes.push(match ? `element ${hop.text} is a trusted proxy (${match.text}).` : `element ${hop.text} is not a trusted proxy: the walk stops there.`);
      return match !== null;
    },
  });
  const idx = items.length - walk.steps.length;
  env.REMOTE_ADDR = walk.address.text;
  env.HTTP_X_FORWARDED_FOR = items.slice(idx).join(", ");
  notes.push(
    walk.stop === "exhausted"
      ? `every element is trusted: the leftmost, ${JSON.stringify(items[0])}, becomes REMOTE_ADDR.`
      : idx === items.length - 1
        ? `the rightmost element ${JSON.stringify(walk.address.text)} is not trusted, so it is the client: REMOTE_ADDR and X-Forwarded-For become it.`
        : `${JSON.stringify(walk.address.text)}, just left of the trusted tail, becomes REMOTE_ADDR; X-Forwarded-For keeps it and what follows.`,
  );
}

function isTruthy(value: string): "on" | "off" | null {
  const v = value.toLowerCase();
  if (v === "on" || v === "true" || v === "1") return "on";
  if (v === "off" || v === "false" || v === "0") return "off";
  return null;
}

/**
 * Runs `wsgi_process_proxy_headers` over a CGI environ for one request.
 *
 * 1. Nothing happens unless WSGITrustedProxyHeaders is in effect [E C01].
 * 2. Without WSGITrustedProxies every peer is trusted [E C74]; with it, REMOTE_ADDR must parse and be
 *    inside an entry [E C29].
 * 3. A trusted peer's configured headers are applied in directive order; the last applied header of a
 *    group wins [E C39, C40]. Values are used verbatim except for X-Forwarded-For and the scheme words.
 * 4. For each configured group, every other header of the group is removed whether or not the peer is
 *    trusted [E C12, C13]. 4.9.4 neither marks nor strips the server and port groups [E C12, C62].
 *
 * Returns a new environ; the input is not changed (`applyProxyHeaders` rewrites one in place).
 * `config.headers` entries with a null key model the crash and must be handled by the caller before calling
 * this.
 */
export function processProxyHeaders(input: Env, config: TrustConfig, version: ModWsgiVersion): ProxyProcessing {
  const env: Env = Object.assign({}, input);
  const notes: string[] = [];
  return { env, ...applyProxyHeaders(env, config, version, notes), notes };
}

/**
 * The environ keys `wsgi_process_proxy_headers` can set or remove: the values the header groups rewrite
 * (REMOTE_ADDR, HTTP_HOST, SERVER_NAME, SERVER_PORT, SCRIPT_NAME, mod_wsgi.mount_point, HTTPS) and every
 * known header, which a configured group removes. Nothing else in the environ changes.
 */
export const PROXY_REWRITTEN_KEYS: readonly string[] = [
  "REMOTE_ADDR",
  "HTTP_HOST",
  "SERVER_NAME",
  "SERVER_PORT",
  "SCRIPT_NAME",
  "mod_wsgi.mount_point",
  "HTTPS",
  ...KNOWN_HEADERS.map((h) => h.key),
];

/**
 * `processProxyHeaders` on `env` itself: the environ is rewritten in place (only keys of
 * PROXY_REWRITTEN_KEYS), and the account of each decision is appended to `notes`.
 */
export function applyProxyHeaders(env: Env, config: TrustConfig, version: ModWsgiVersion, notes: string[]): { trusted: boolean; schemeApplied: boolean } {
  if (config.headers === null) {
    notes.push("WSGITrustedProxyHeaders is not set: no header is trusted or removed.");
    return { trusted: false, schemeApplied: false };
  }
  let trusted = true;
  if (config.proxies !== null) {
    const peer = env.REMOTE_ADDR;
    const host = peer === undefined ? null : resolveHost(peer);
    const match = host && !("unresolved" in host) ? inAnySubnet(config.proxies.map((p) => p.subnet), host) : null;
    trusted = match !== null;
    notes.push(
      trusted
        ? `peer ${peer} is in WSGITrustedProxies (${match!.text}): its forwarded headers are applied.`
        : config.proxies.length === 0
          ? `WSGITrustedProxies is set with no addresses: nobody is trusted, so peer ${peer} is not.`
          : `peer ${peer} is not in WSGITrustedProxies (${config.proxies.map((p) => p.token).join(" ")}): its forwarded headers are ignored.`,
    );
  } else {
    notes.push(
      `WSGITrustedProxies is not set, so every peer is trusted, including ${env.REMOTE_ADDR}: any client can set these headers.`,
    );
  }
  const configured = new Set<HeaderGroup>();
  const winners = new Map<HeaderGroup, string>();
  let schemeApplied = false;
  for (const h of config.headers) {
    const known = h.key ? BY_KEY.get(h.key) : undefined;
    if (!known) continue;
    const marks = version === "6.0" || (known.group !== "server" && known.group !== "port");
    if (marks) configured.add(known.group);
    if (!trusted) continue;
    const value = env[known.key];
    if (value === undefined) continue;
    const before = (k: string) => (env[k] === undefined ? "unset" : JSON.stringify(env[k]));
    switch (known.group) {
      case "client":
        if (known.key === "HTTP_X_FORWARDED_FOR") applyForwardedFor(env, value, config.proxies, version, notes);
        else {
          notes.push(`${known.name}: REMOTE_ADDR ${before("REMOTE_ADDR")} → ${JSON.stringify(value)}, verbatim.`);
          env.REMOTE_ADDR = value;
        }
        break;
      case "host":
        notes.push(`${known.name}: HTTP_HOST ${before("HTTP_HOST")} → ${JSON.stringify(value)}.`);
        env.HTTP_HOST = value;
        break;
      case "server":
        notes.push(`${known.name}: SERVER_NAME ${before("SERVER_NAME")} → ${JSON.stringify(value)}.`);
        env.SERVER_NAME = value;
        break;
      case "port":
        notes.push(`${known.name}: SERVER_PORT ${before("SERVER_PORT")} → ${JSON.stringify(value)}, not validated.`);
        env.SERVER_PORT = value;
        break;
      case "script-name":
        notes.push(`${known.name}: SCRIPT_NAME ${before("SCRIPT_NAME")} → ${JSON.stringify(value)}; mod_wsgi.mount_point records it.`);
        env["mod_wsgi.mount_point"] = value;
        env.SCRIPT_NAME = value;
        break;
      case "scheme": {
        const stringForm = ["HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_SCHEME", "HTTP_X_SCHEME"].includes(known.key);
        const word = stringForm
          ? value.toLowerCase() === "https"
            ? "on"
            : value.toLowerCase() === "http"
              ? "off"
              : null
          : isTruthy(value);
        if (word === "on") env.HTTPS = "1";
        else if (word === "off") delete env.HTTPS;
        notes.push(
          word === null
            ? `${known.name}: ${JSON.stringify(value)} is not ${stringForm ? "http or https" : "on/off, true/false or 1/0"}; the scheme is left alone.`
            : `${known.name}: ${JSON.stringify(value)} makes the scheme ${word === "on" ? "https" : "http"}.`,
        );
        schemeApplied = true;
        break;
      }
    }
    winners.set(known.group, known.key);
  }
  for (const group of configured) {
    const winner = winners.get(group);
    for (const h of KNOWN_HEADERS) {
      if (h.group !== group || h.key === winner) continue;
      if (env[h.key] !== undefined) {
        notes.push(
          `${h.name} removed: the ${group} group is configured and ${winner ? `${BY_KEY.get(winner)!.name} was applied` : "no header of it was applied"}.`,
        );
        delete env[h.key];
      }
    }
  }
  return { trusted, schemeApplied };
}

/** Position-free view of the trust directives in a back-end config text, for editors. */
export interface TrustSettings {
  /** WSGITrustedProxies tokens, or null when no such directive exists. */
  proxies: string[] | null;
  /** WSGITrustedProxyHeaders names, or null when no such directive exists. */
  headers: string[] | null;
}

const PROXIES_RE = /^([ \t]*)WSGITrustedProxies\b(.*)$/i;
const HEADERS_RE = /^([ \t]*)WSGITrustedProxyHeaders\b(.*)$/i;

function logicalLines(text: string): { start: number; end: number; joined: string }[] {
  const lines = text.split("\n");
  const out: { start: number; end: number; joined: string }[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const start = i;
    let joined = lines[i]!.replace(/\r$/, "");
    while (joined.endsWith("\\") && i + 1 < lines.length) {
      i += 1;
      joined = joined.slice(0, -1) + " " + lines[i]!.replace(/\r$/, "");
    }
    out.push({ start, end: i, joined });
  }
  return out;
}

function tokens(args: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\S+)/g;
  for (let m = re.exec(args); m; m = re.exec(args)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/**
 * Reads every WSGITrustedProxies and WSGITrustedProxyHeaders line of a config text (all scopes, in order,
 * accumulated as Apache accumulates repeated directives in one context). For the playground's direct
 * editors; the simulation itself uses the scoped parser.
 */
export function readTrustSettings(config: string): TrustSettings {
  let proxies: string[] | null = null;
  let headers: string[] | null = null;
  for (const l of logicalLines(config)) {
    const p = PROXIES_RE.exec(l.joined);
    if (p) proxies = [...(proxies ?? []), ...tokens(p[2]!)];
    const h = HEADERS_RE.exec(l.joined);
    if (h) headers = [...(headers ?? []), ...tokens(h[2]!)];
  }
  return { proxies, headers };
}

/**
 * Returns `config` with its trust directives replaced: the first line of each directive is rewritten in
 * place (keeping its indentation), further lines of the same directive are removed, a directive that is
 * absent is appended, and `null` removes it. Fields left `undefined` are not touched. Other lines are kept
 * byte for byte.
 */
export function writeTrustSettings(config: string, settings: Partial<TrustSettings>): string {
  const lines = config.split("\n");
  const ranges = logicalLines(config);
  const replace = new Map<number, { end: number; text: string | null }>();
  const seen = { proxies: false, headers: false };
  for (const r of ranges) {
    for (const [field, re, name] of [
      ["proxies", PROXIES_RE, "WSGITrustedProxies"],
      ["headers", HEADERS_RE, "WSGITrustedProxyHeaders"],
    ] as const) {
      const m = re.exec(r.joined);
      const wanted = settings[field];
      if (!m || wanted === undefined) continue;
      const text = seen[field] || wanted === null ? null : `${m[1]}${name}${wanted.length ? " " + wanted.join(" ") : ""}`;
      seen[field] = true;
      replace.set(r.start, { end: r.end, text });
    }
  }
  const out: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const r = replace.get(i);
    if (!r) {
      out.push(lines[i]!);
      continue;
    }
    if (r.text !== null) out.push(r.text);
    i = r.end;
  }
  let result = out.join("\n");
  for (const [field, name] of [
    ["proxies", "WSGITrustedProxies"],
    ["headers", "WSGITrustedProxyHeaders"],
  ] as const) {
    const wanted = settings[field];
    if (wanted === undefined || wanted === null || seen[field]) continue;
    if (result !== "" && !result.endsWith("\n")) result += "\n";
    result += `${name}${wanted.length ? " " + wanted.join(" ") : ""}\n`;
  }
  return result;
}
