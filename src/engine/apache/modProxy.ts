/**
 * Models Apache mod_proxy + mod_proxy_http as a reverse proxy: ProxyPass mapping, the request it sends
 * to the back end (Host, X-Forwarded-For/Host/Server, hop-by-hop headers), and ProxyPassReverse on the
 * way back.
 *
 * Sources: httpd 2.4 `modules/proxy/mod_proxy.c` (`proxy_trans`, `alias_match`), `proxy_util.c`
 * (`ap_proxy_create_hdrbrgd`, `ap_proxy_location_reverse_map`). Checked on Apache 2.4.71 (Debian 12) on
 * loopback: `proxies-and-frameworks.md` §8 [emp] rows and this project's conformance corpus.
 */
import type { Directive } from "./configParser.ts";
import type { Diagnostic } from "../types.ts";
import { allDirectives, constructUrl, directivesNamed, flag, type RequestFacts, type ScopeLayer, type ServerScope } from "./server.ts";
import { getHeader, mergeHeader, unsetHeader, type HeaderTable } from "../http/headers.ts";
import { hostForUrl, stripBrackets } from "../net/address.ts";
import { aliasMatches } from "./modAlias.ts";
import ipaddr from "ipaddr.js";
import { proxySni } from "./modSsl.ts";
import { isCAlnum, isCAlpha } from "../cRuntime.ts";

/** One entry of the directive table: name, contexts, arguments, help. */
export const directives = [
  { name: "ProxyPass", contexts: "server config, virtual host, directory", args: "[path] !|url [key=value …]", help: "Map a local URL path onto a back-end URL." },
  { name: "ProxyPassReverse", contexts: "server config, virtual host, directory", args: "[path] url", help: "Rewrite the back end's URL in Location, Content-Location and URI response headers." },
  { name: "ProxyPreserveHost", contexts: "server config, virtual host, directory", args: "On|Off", help: "Send the client's Host header to the back end instead of the ProxyPass URL's host. Default Off." },
  { name: "ProxyAddHeaders", contexts: "server config, virtual host, directory", args: "On|Off", help: "Add X-Forwarded-For, X-Forwarded-Host and X-Forwarded-Server. Default On." },
] as const;

export interface ProxyPassRule {
  /** Local path prefix. */
  path: string;
  /** Back-end URL, or null for `!` (do not proxy). */
  url: string | null;
  directive: Directive;
}

export interface ProxyMapping {
  rule: ProxyPassRule;
  /** The full back-end URL for this request. */
  url: string;
  scheme: string;
  host: string;
  port: number;
  /** Path and query sent in the back-end request line. */
  target: string;
  /**
   * The port mod_proxy_http writes into the Host header with ProxyPreserveHost Off, or null for none: the
   * port written in the URL unless it is 80 (`https://h:443/` sends `Host: h:443`, `https://h/` sends `h`,
   * `proxies-and-frameworks.md` §8 [emp]).
   */
  hostHeaderPort: number | null;
}

/** Reads ProxyPass rules: `<Location>`-level ones first (they are checked first), then server-level ones. */
export function proxyPassRules(layers: ScopeLayer[], source: string, diagnostics: Diagnostic[]): ProxyPassRule[] {
  const dirRules: ProxyPassRule[] = [];
  const serverRules: ProxyPassRule[] = [];
  for (const layer of layers) {
    for (const d of directivesNamed(layer.directives, "proxypass")) {
      const args = d.args.filter((a) => !(a.text.includes("=") && /^[a-z_]+=/i.test(a.text)));
      if (layer.kind === "location") {
        const loc = /^<\w+ (\S*)>/.exec(layer.label)?.[1] ?? "/";
        const target = args[0];
        // Wrong words are the config check's (checkDirectives: Apache refuses to start); such a rule is skipped.
        if (!target || args.length > 1) continue;
        dirRules.push({ path: loc, url: target.text === "!" ? null : target.text, directive: d });
      } else {
        if (args.length < 2) continue;
        serverRules.push({ path: args[0]!.text, url: args[1]!.text === "!" ? null : args[1]!.text, directive: d });
      }
    }
  }
  for (const r of [...dirRules, ...serverRules]) {
    // A target without ":" is the config check's ("URL must be absolute"); here, a scheme no loaded module serves.
    const scheme = r.url === null ? null : /^([a-z][a-z0-9+.-]*):/i.exec(r.url)?.[1]?.toLowerCase();
    if (r.url !== null && scheme && scheme !== "unix" && !SERVED_SCHEMES.has(scheme)) {
      const arg = r.directive.args.find((a) => a.text === r.url)!;
      diagnostics.push({
        severity: "warning",
        code: "proxy-pass-bad-url",
        source,
        line: arg.line,
        column: arg.column,
        message: `ProxyPass URL "${r.url}": no loaded proxy module serves the scheme "${scheme}" (mod_proxy_http serves http, https, ws and wss). Apache starts, and answers 500 to every request this rule takes.`,
      });
    }
  }
  return [...dirRules, ...serverRules];
}

/**
 * mod_proxy's `alias_match`: a prefix match in which a `/` of the rule matches a run of `/` in the path, and
 * which must end at a path-segment boundary unless the rule ends in `/`: `ProxyPass /app …` takes `/app` and
 * `/app/x` but not `/apple` (the same rule as mod_alias's). Returns the length of the path consumed, or 0.
 * Checked on Apache 2.4.71: with `ProxyPass /a …/one` before `ProxyPass / …/root/`, `/ab` goes to
 * `/root/ab`; `ProxyPass /app/static !` does not exclude `/app/staticky`.
 */
export function aliasMatch(uri: string, fake: string): number {
  return aliasMatches(uri, fake);
}

/** A rule matched, but the URL it builds is one mod_proxy refuses: the front end answers `status` itself. */
export interface ProxyMapError {
  rule: ProxyPassRule;
  url: string;
  /** `proxyError`: answered through `ap_proxyerror` (the "Proxy Error" page), else Apache's stock page. */
  error: { status: number; reason: string; proxyError?: boolean };
}

/**
 * URL schemes a loaded proxy module serves on the simulated Apache (mod_proxy with mod_proxy_http, as the
 * conformance servers load them; mod_proxy_http takes ws and wss too since 2.4.47). Another scheme is accepted
 * at start-up, and a request for it gets 500.
 */
const SERVED_SCHEMES = new Set(["http", "https", "ws", "wss"]);

/** Characters `ap_proxy_canonenc` leaves alone in a path (besides letters, digits and `/`). */
const PATH_ALLOWED = "~$-_.+!*'(),;:@&=";
/** 1 for each ASCII code canonPath keeps: letters, digits, `/` and PATH_ALLOWED. */
const PATH_KEPT = Uint8Array.from({ length: 0x80 }, (_, c) => (isCAlnum(c) || c === 0x2f || PATH_ALLOWED.includes(String.fromCharCode(c)) ? 1 : 0));

/**
 * `ap_proxy_canonenc(…, enc_path, …)` for a reverse proxy: the decoded request path is encoded again for the
 * back end. Letters, digits, `/` and `~$-_.+!*'(),;:@&=` stay; every other byte becomes `%XX` (upper case),
 * `%` included. Characters above U+00FF are taken as their UTF-8 bytes; others as one byte (the engine keeps
 * a decoded `%XX` as that character). Checked on Apache 2.4.71: `/app/a%20b` reaches the back end as `/a%20b`,
 * `/app/x%3Fy` as `/x%3Fy`, `/app/%7Euser/caf%C3%A9` as `/~user/caf%C3%A9`, `/app/%22q%22` as `/%22q%22`.
 */
export function canonPath(decoded: string): string {
  let out = "";
  let kept = 0; // start of the run of characters kept as they are
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    if (c < 0x80 && PATH_KEPT[c] === 1) continue;
    out += decoded.slice(kept, i);
    if (c <= 0xff) out += percentByte(c);
    else {
      // A whole code point (a lone surrogate is sent as U+FFFD's bytes, as TextEncoder writes it).
      const cp = decoded.codePointAt(i)!;
      for (const b of new TextEncoder().encode(String.fromCodePoint(cp))) out += percentByte(b);
      if (cp > 0xffff) i++;
    }
    kept = i + 1;
  }
  return kept === 0 ? decoded : out + decoded.slice(kept);
}

/** `%XX`, upper case, for one byte. */
function percentByte(b: number): string {
  return `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
}

/**
 * `apr_parse_addr_port` on a URL's `host[:port]`: trailing digits after the last `:` are the port (1–65535),
 * a string of digits alone is a port without a host (refused here), and anything else after a `:` (`h:80x`)
 * leaves the whole text as the host name.
 */
/**
 * `scheme:rest` split at the first colon when what comes before it is a URL scheme (a letter, then letters,
 * digits, `+`, `.` and `-`), as `/^([a-z][a-z0-9+.-]*):(.*)$/is` splits it; otherwise null.
 */
function splitScheme(url: string): { scheme: string; rest: string } | null {
  const colon = url.indexOf(":");
  if (colon < 1 || !isCAlpha(url.charCodeAt(0))) return null;
  for (let i = 1; i < colon; i++) {
    const c = url.charCodeAt(i);
    if (!isCAlnum(c) && c !== 0x2b && c !== 0x2e && c !== 0x2d) return null;
  }
  return { scheme: url.slice(0, colon), rest: url.slice(colon + 1) };
}

function parseAddrPort(text: string): { host: string; port: number | null } | null {
  let last = text.length - 1;
  while (last >= 0 && text[last]! >= "0" && text[last]! <= "9") last -= 1;
  if (last < 0) return null;
  let host = text;
  let port: number | null = null;
  if (text[last] === ":") {
    if (last === 0) return null;
    const n = Number.parseInt(text.slice(last + 1), 10);
    if (!(n >= 1 && n <= 65535)) return null;
    port = n;
    host = text.slice(0, last);
  }
  if (host.startsWith("[")) {
    if (!host.endsWith("]") || host.includes("%")) return null;
    host = host.slice(1, -1);
  }
  return { host, port };
}

/**
 * Finds the rule for `path` (first match wins; a `!` rule that matches first means "not proxied", null) and
 * builds what mod_proxy_http sends, as `proxy_trans` + `proxy_http_canon` do: the rule's URL plus the rest of
 * the decoded path; the host is lower-cased; the path part after the
 * host is encoded again (`canonPath`) and the client's raw query string appended. A URL whose host and port do
 * not parse (`http://h:`) gives 400; a host that cannot be looked up — a `:` left inside the host name, as in
 * `ProxyPass /svc/ http://127.0.0.1:8000` + `/svc/x` = `http://127.0.0.1:8000x` — gives 500 ("DNS lookup
 * failure", checked on Apache 2.4.71).
 */
export function mapRequest(rules: ProxyPassRule[], path: string, query: string | null): ProxyMapping | ProxyMapError | null {
  for (const rule of rules) {
    const len = aliasMatch(path, rule.path);
    if (len === 0 && rule.path !== "") continue;
    if (rule.url === null) return null;
    const url = rule.url + path.slice(len);
    const fail = (status: number, reason: string): ProxyMapError => ({ rule, url, error: { status, reason, ...(status === 500 ? { proxyError: true } : {}) } });
    const sm = splitScheme(url);
    if (!sm) return fail(400, `"${url}" has no scheme`);
    const scheme = sm.scheme.toLowerCase();
    const rest = sm.rest;
    // proxy_handler: no scheme handler takes the request (Apache's stock 500 page; checked on Apache 2.4.71,
    // scenario pp-unknown-scheme).
    if (scheme !== "unix" && !SERVED_SCHEMES.has(scheme)) return { rule, url, error: { status: 500, reason: `No protocol handler was valid for the URL ${path} (scheme '${scheme}')` } };
    if (!rest.startsWith("//")) return fail(400, `error parsing URL ${url}: Malformed URL`);
    const slash = rest.indexOf("/", 2);
    let authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    const afterHost = slash < 0 ? "" : rest.slice(slash + 1);
    const at = authority.lastIndexOf("@");
    if (at >= 0) authority = authority.slice(at + 1);
    const hp = parseAddrPort(authority);
    if (!hp) return fail(400, `error parsing URL ${url}: Invalid host/port`);
    const defaultPort = scheme === "https" || scheme === "wss" ? 443 : 80;
    const port = hp.port ?? defaultPort;
    const host = hp.host.toLowerCase();
    if (host.includes(":") && !ipaddr.IPv6.isValid(host)) return fail(500, `DNS lookup failure for: ${host}`);
    const hostText = host.includes(":") ? `[${host}]` : host;
    const target = "/" + canonPath(afterHost) + (query !== null ? `?${query}` : "");
    const full = `${scheme}://${hostText}${hp.port !== null ? `:${port}` : ""}${target}`;
    return { rule, url: full, scheme, host: hostText, port, target, hostHeaderPort: hp.port !== null && hp.port !== 80 ? hp.port : null };
  }
  return null;
}

const HOP_BY_HOP = ["connection", "keep-alive", "te", "trailer", "upgrade", "proxy-connection", "transfer-encoding"];
const HOP_BY_HOP_SET: ReadonlySet<string> = new Set(HOP_BY_HOP);

/**
 * The protocol mod_proxy_http lets the client upgrade to on this ProxyPass, or null. Apache 2.4.47+
 * (`ap_proxy_worker_can_upgrade`): the client's `Upgrade` value must be named by the rule's `upgrade=` parameter
 * (one protocol, a comma list, or `*`, compared without case) or, for a `ws://`/`wss://` URL without that
 * parameter, be `WebSocket`. Source: httpd 2.4.x `modules/proxy/mod_proxy_http.c`, `proxy_util.c`; checked on
 * Apache 2.4.71 (`upgrade=websocket` forwards `Upgrade: websocket` and `Connection: Upgrade`).
 */
export function proxyUpgrade(mapping: ProxyMapping, clientUpgrade: string | undefined): string | null {
  if (clientUpgrade === undefined) return null;
  const param = mapping.rule.directive.args.find((a) => /^upgrade=/i.test(a.text))?.text.slice("upgrade=".length) ?? "";
  const ws = /^wss?$/i.test(mapping.scheme);
  if (param === "" && !ws) return null;
  const wanted = clientUpgrade.trim().toLowerCase();
  const allowed = param === "" ? ["websocket"] : param.split(/[\s,]+/).map((s) => s.toLowerCase());
  return param === "*" || allowed.includes(wanted) ? clientUpgrade.trim() : null;
}

export interface ProxyRequestInput {
  method: string;
  headers: HeaderTable;
  /** The client's address as this server sees it (`r->useragent_ip`). */
  clientIp: string;
  /** The vhost's ServerName host (X-Forwarded-Server). */
  serverHostname: string;
  /** The request's host name as this server parsed it (`r->hostname`: lower case, no port), for SNI. */
  requestHostname?: string | null;
}

/**
 * The head mod_proxy_http sends: `METHOD target HTTP/1.1`, then Host (the client's with ProxyPreserveHost
 * On, else the URL's host with the port written in the URL unless it is 80), the client's headers without
 * hop-by-hop ones,
 * X-Forwarded-For/Host/Server *merged* with any the client sent (ProxyAddHeaders On, the default) [emp],
 * and `Connection: Keep-Alive` (`Connection: Upgrade` and `Upgrade` when `proxyUpgrade` allows the client's
 * upgrade). No X-Forwarded-Proto, -Port or -Prefix is added. Over TLS, the SNI name is
 * the request's host name with ProxyPreserveHost On, else the URL's host, never an IP address (`proxySni`).
 */
export function proxyRequest(
  input: ProxyRequestInput,
  mapping: ProxyMapping,
  layers: ScopeLayer[],
  notes: string[],
): { method: string; target: string; headers: HeaderTable; sni: string | null } {
  const preserveHost = flag(layers, "ProxyPreserveHost", false);
  const addHeaders = flag(layers, "ProxyAddHeaders", true);
  const clientHost = getHeader(input.headers, "Host");
  const upgrade = proxyUpgrade(mapping, getHeader(input.headers, "Upgrade"));
  let headers: HeaderTable = input.headers;
  // The hop-by-hop fields and those the Connection field names go, in one pass (each unsetHeader would copy).
  const connectionField = getHeader(headers, "Connection");
  const dropped = connectionField === undefined ? HOP_BY_HOP_SET : new Set([...HOP_BY_HOP, ...connectionField.split(",").map((t) => t.trim().toLowerCase()).filter(Boolean)]);
  if (headers.some((h) => dropped.has(h.name.toLowerCase()))) headers = headers.filter((h) => !dropped.has(h.name.toLowerCase()));
  if (addHeaders) {
    headers = mergeHeader(headers, "X-Forwarded-For", input.clientIp);
    if (clientHost !== undefined) headers = mergeHeader(headers, "X-Forwarded-Host", clientHost);
    headers = mergeHeader(headers, "X-Forwarded-Server", input.serverHostname);
    notes.push(`ProxyAddHeaders On: X-Forwarded-For += ${input.clientIp}${clientHost !== undefined ? `, X-Forwarded-Host += ${clientHost}` : ""}, X-Forwarded-Server += ${input.serverHostname} (appended to any values the client sent).`);
  } else notes.push("ProxyAddHeaders Off: no X-Forwarded-* headers added.");
  const urlHost = mapping.hostHeaderPort === null ? hostForUrl(mapping.host) : `${hostForUrl(mapping.host)}:${mapping.hostHeaderPort}`;
  const host = preserveHost ? (clientHost ?? input.serverHostname) : urlHost;
  notes.push(preserveHost ? `ProxyPreserveHost On: Host stays ${JSON.stringify(host)}.` : `ProxyPreserveHost Off: Host becomes ${host}, the ProxyPass URL's host.`);
  headers = unsetHeader(headers, "Host");
  const tls = mapping.scheme === "https" || mapping.scheme === "wss";
  const sni = tls ? proxySni(preserveHost ? (input.requestHostname ?? null) : stripBrackets(mapping.host)) : null;
  if (sni) notes.push(`TLS to the back end with SNI ${sni}.`);
  if (upgrade !== null) notes.push(`the ProxyPass allows the upgrade to ${upgrade}: the back end gets "Connection: Upgrade" and "Upgrade: ${upgrade}".`);
  const connection = upgrade === null ? [{ name: "Connection", value: "Keep-Alive" }] : [{ name: "Connection", value: "Upgrade" }, { name: "Upgrade", value: upgrade }];
  return { method: input.method, target: mapping.target, headers: [{ name: "Host", value: host }, ...headers, ...connection], sni };
}

export interface ReverseRule {
  path: string;
  url: string;
  directive: Directive;
}

/** ProxyPassReverse rules in effect: one ordered list over the request's scopes. */
export function reverseRules(layers: ScopeLayer[]): ReverseRule[] {
  const out: ReverseRule[] = [];
  for (const layer of layers) {
    for (const d of directivesNamed(layer.directives, "proxypassreverse")) {
      const args = d.args.filter((a) => !(a.text.length === 11 && a.text.toLowerCase() === "interpolate"));
      if (layer.kind === "location" && args.length === 1) {
        out.push({ path: /^<\w+ (\S*)>/.exec(layer.label)?.[1] ?? "/", url: args[0]!.text, directive: d });
      } else if (args.length >= 2) out.push({ path: args[0]!.text, url: args[1]!.text, directive: d });
    }
  }
  return out;
}

/**
 * `ap_proxy_location_reverse_map` for one header value: the first rule whose back-end URL is a
 * case-insensitive prefix of the value wins; the value becomes the rule's path + the rest, made absolute
 * with this server's scheme, host and port as the client's request sees them. A rule URL starting with `/`
 * is compared with the path of an absolute value on any host. Relative values never match a URL rule;
 * nothing is normalised (default ports, trailing slashes) [emp].
 */
export function reverseMap(value: string, rules: ReverseRule[], scope: ServerScope, req: RequestFacts): { value: string; rule: ReverseRule | null } {
  for (const rule of rules) {
    let part = value;
    if (rule.url.startsWith("/")) {
      const scheme = value.indexOf("://");
      if (scheme >= 0) {
        const slash = value.indexOf("/", scheme + 3);
        if (slash >= 0) part = value.slice(slash);
      }
    }
    if (rule.url.length > 0 && part.length >= rule.url.length && part.slice(0, rule.url.length).toLowerCase() === rule.url.toLowerCase()) {
      const u = rule.path + part.slice(rule.url.length);
      return { value: /^[a-z][a-z0-9+.-]*:\/\//i.test(u) ? u : constructUrl(scope, req, u), rule };
    }
  }
  return { value, rule: null };
}

/** Response headers ProxyPassReverse rewrites. */
export const REVERSE_MAPPED_HEADERS = ["Location", "Content-Location", "URI"];

/** Lists the ProxyPass/ProxyPassReverse directives for display. */
export function proxyDirectives(layers: ScopeLayer[]): Directive[] {
  return [...allDirectives(layers, "ProxyPass"), ...allDirectives(layers, "ProxyPassReverse")];
}
