/**
 * Models nginx's proxy module as a reverse proxy: `proxy_pass` (where the request goes and which URI it
 * carries), the request head nginx sends upstream (`proxy_set_header`, `proxy_http_version`,
 * `proxy_pass_request_headers`), and `proxy_redirect` on the way back.
 *
 * Source: `src/http/modules/ngx_http_proxy_module.c` (`ngx_http_proxy_pass`, `ngx_http_proxy_set_vars`,
 * `ngx_http_proxy_create_request`, `ngx_http_proxy_init_headers`, `ngx_http_proxy_merge_loc_conf`,
 * `ngx_http_proxy_redirect`, `ngx_http_proxy_rewrite_*`) and `src/http/ngx_http_upstream.c`
 * (`ngx_http_upstream_rewrite_location`, the headers hidden from the client), nginx/nginx tag
 * `release-1.22.1`; read from source. Checked on nginx 1.22.1 (Debian 12): `proxies-and-frameworks.md` §9
 * and §12 examples 39–41 [emp], and the nginx rows of this project's conformance corpus.
 *
 * The rules:
 * - `proxy_pass http://host:port/uri`: with a URI part, the part of the normalised URI after the location's
 *   name is appended to it (re-escaped when the request had `%` escapes); without one, the request URI goes
 *   exactly as the client sent it. With variables, the evaluated URL's URI (if any) is sent as it is.
 * - The request line is `HTTP/1.0` unless `proxy_http_version 1.1`. The head holds the configured headers
 *   first (the innermost level with any `proxy_set_header` replaces every inherited one; nginx's defaults
 *   `Host: $proxy_host` and `Connection: close` are added unless overridden), then every client header
 *   whose name is not configured. A header whose value is empty is not sent. nginx adds no
 *   X-Forwarded-For of its own.
 * - `$proxy_host` is the proxy_pass host as written, with `:port` unless it is the scheme's default.
 * - `proxy_redirect default` (implicit when no proxy_redirect is in effect, unless proxy_pass has
 *   variables) replaces the proxy_pass URL as written with the location's name (without a URI part: the URL
 *   plus `/` with `/`). Rules are case-sensitive prefixes; the first that matches wins; a rewritten value
 *   that starts with `/` is then made absolute (`headerFilter.ts`). A Location that no rule matches passes
 *   unchanged, even a relative one. Explicit rules at server level replace the implicit default of every
 *   location below.
 */
import type { Diagnostic } from "../types.ts";
import type { NginxDirective } from "./configParser.ts";
import { directivesNamed } from "./configParser.ts";
import type { NginxModel } from "./server.ts";
import { compileRegex } from "./server.ts";
import { ngxInet6Addr, ngxInetAddr } from "./inet.ts";
import { escapeUri } from "./request.ts";
import { evaluate, hasVariables, type NginxHeaderLine, type VariableContext } from "./variables.ts";
import { isDigits } from "../cRuntime.ts";
import { stripBrackets } from "../net/address.ts";

/** A parsed `proxy_pass`. */
export interface ProxyPass {
  directive: NginxDirective;
  /** The URL as written. */
  url: string;
  /** True when the URL holds variables: it is evaluated per request. */
  variables: boolean;
  scheme: "http" | "https";
  /** The host as written (an IP, a name, or an upstream's name). */
  host: string;
  port: number;
  /** `$proxy_host`. */
  hostHeader: string;
  /** `$proxy_port`. */
  portText: string;
  /** The URI part ("" when none). */
  uri: string;
  /** The address nginx connects to: `host:port`, an upstream's first server, or null when unknown. */
  target: { host: string; port: number } | null;
  /** The upstream block used, if any. */
  upstream: string | null;
}

/**
 * `ngx_parse_url` on what follows the scheme, as proxy_pass needs it: host (bracketed IPv6 kept without
 * brackets), port, and the URI part starting at `/` or `?`. Returns nginx's error text on failure.
 */
export function parseUpstreamUrl(rest: string, defaultPort: number): { host: string; port: number; portText: string; noPort: boolean; uri: string } | { error: string } {
  let hostEnd: number;
  let host: string;
  let i = 0;
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0) return { error: `invalid host in upstream "${rest}"` };
    host = rest.slice(1, close);
    if (!ngxInet6Addr(host)) return { error: `invalid IPv6 address in upstream "${rest}"` };
    i = close + 1;
    hostEnd = i;
  } else {
    const m = /^[^:/?]*/.exec(rest)!;
    host = m[0];
    i = host.length;
    hostEnd = i;
  }
  const uriStart = (() => {
    const slash = rest.indexOf("/", hostEnd);
    const q = rest.indexOf("?", hostEnd);
    const c = [slash, q].filter((x) => x >= 0);
    return c.length ? Math.min(...c) : rest.length;
  })();
  let port = defaultPort;
  let portText = "";
  let noPort = true;
  if (rest[i] === ":") {
    portText = rest.slice(i + 1, uriStart);
    const n = isDigits(portText) ? Number(portText) : Number.NaN;
    if (!(n >= 1 && n <= 65535)) return { error: `invalid port in upstream "${rest}"` };
    port = n;
    noPort = false;
  } else if (i !== uriStart) return { error: `invalid host in upstream "${rest}"` };
  if (host === "") return { error: `no host in upstream "${rest}"` };
  let uri = rest.slice(uriStart);
  if (uri.startsWith("?")) uri = "/" + uri;
  return { host, port, portText, noPort, uri };
}

/**
 * Reads a location's `proxy_pass`. `locationName` is the location's name, or null where a URI part is
 * refused (a regex or named location, inside `if`, inside `limit_except`). Errors use nginx's words.
 */
export function parseProxyPass(d: NginxDirective, locationName: string | null, model: NginxModel, source: string, diagnostics: Diagnostic[]): ProxyPass | null {
  const arg = d.args[0];
  if (!arg) return null;
  const at = { source, line: arg.line, column: arg.column, endLine: arg.endLine, endColumn: arg.endColumn };
  const url = arg.text;
  if (hasVariables(url)) {
    return { directive: d, url, variables: true, scheme: /^https:/i.test(url) ? "https" : "http", host: "", port: 0, hostHeader: "", portText: "", uri: "", target: null, upstream: null };
  }
  const m = /^(https?):\/\//i.exec(url);
  if (!m) {
    diagnostics.push({ severity: "error", code: "nginx-proxy-pass-prefix", ...at, message: "invalid URL prefix" });
    return null;
  }
  const scheme = m[1]!.toLowerCase() as "http" | "https";
  const defaultPort = scheme === "https" ? 443 : 80;
  const parsed = parseUpstreamUrl(url.slice(m[0].length), defaultPort);
  if ("error" in parsed) {
    diagnostics.push({ severity: "error", code: "nginx-proxy-pass-url", ...at, message: parsed.error });
    return null;
  }
  if (parsed.uri && locationName === null) {
    diagnostics.push({
      severity: "error",
      code: "nginx-proxy-pass-uri",
      source,
      line: d.line,
      column: d.column,
      endLine: d.line,
      endColumn: d.endColumn,
      message: '"proxy_pass" cannot have URI part in location given by regular expression, or inside named location, or inside "if" statement, or inside "limit_except" block',
    });
    return null;
  }
  const hostHeader = parsed.noPort || parsed.port === defaultPort ? parsed.host : `${parsed.host}:${parsed.portText}`;
  const portText = parsed.noPort || parsed.port === defaultPort ? String(defaultPort) : parsed.portText;
  let target: ProxyPass["target"] = null;
  let upstream: string | null = null;
  const bare = stripBrackets(parsed.host);
  const up = parsed.noPort ? model.upstreams.get(parsed.host.toLowerCase()) : undefined;
  if (up) {
    upstream = up.name;
    const first = up.servers[0] ?? "";
    const fm = /^(\[[^\]]+\]|[^:]+)(?::([0-9]+))?$/.exec(first);
    if (fm) target = { host: stripBrackets(fm[1]!).replace(/^localhost$/i, "127.0.0.1"), port: fm[2] ? Number(fm[2]) : 80 };
  } else if (ngxInetAddr(bare) || ngxInet6Addr(bare)) {
    target = { host: bare, port: parsed.port };
  } else if (bare.toLowerCase() === "localhost") {
    target = { host: "127.0.0.1", port: parsed.port };
  } else {
    diagnostics.push({
      severity: "warning",
      code: "nginx-upstream-host",
      ...at,
      message: `host not found in upstream "${parsed.host}" (nginx resolves the name when it starts and refuses to start when DNS does not know it; this model does not resolve names)`,
    });
  }
  return { directive: d, url, variables: false, scheme, host: parsed.host, port: parsed.port, hostHeader, portText, uri: parsed.uri, target, upstream };
}

/** The evaluated form of a proxy_pass with variables, or an error nginx logs at request time (then 500). */
export function evaluateProxyPass(pass: ProxyPass, ctx: VariableContext, model: NginxModel): ProxyPass | { error: string } {
  const url = evaluate(pass.url, ctx);
  const m = /^(https?):\/\//i.exec(url);
  if (!m || url.length <= m[0].length) return { error: `invalid URL prefix in "${url}"` };
  const scheme = m[1]!.toLowerCase() as "http" | "https";
  const defaultPort = scheme === "https" ? 443 : 80;
  const parsed = parseUpstreamUrl(url.slice(m[0].length), defaultPort);
  if ("error" in parsed) return { error: parsed.error };
  const bare = parsed.host;
  const up = parsed.noPort ? model.upstreams.get(bare.toLowerCase()) : undefined;
  let target: ProxyPass["target"] = null;
  if (up) {
    const fm = /^(\[[^\]]+\]|[^:]+)(?::([0-9]+))?$/.exec(up.servers[0] ?? "");
    if (fm) target = { host: stripBrackets(fm[1]!), port: fm[2] ? Number(fm[2]) : 80 };
  } else if (ngxInetAddr(bare) || ngxInet6Addr(bare)) target = { host: bare, port: parsed.port };
  else return { error: `no resolver defined to resolve ${bare}` };
  const hostHeader = parsed.noPort || parsed.port === defaultPort ? parsed.host : `${parsed.host}:${parsed.portText}`;
  return { ...pass, url, scheme, host: parsed.host, port: parsed.port, hostHeader, portText: parsed.noPort || parsed.port === defaultPort ? String(defaultPort) : parsed.portText, uri: parsed.uri, target, upstream: up?.name ?? null };
}

/** What the request looks like when the proxy module builds the upstream request. */
export interface ProxiedRequest {
  method: string;
  uri: string;
  args: string | null;
  unparsedUri: string;
  validUnparsedUri: boolean;
  /** False after `rewrite … break` (the location's name is then not replaced). */
  validLocation: boolean;
  /** True when the URI had `%` escapes or was changed internally (it is then re-escaped). */
  escape: boolean;
  headers: readonly NginxHeaderLine[];
}

/** The URI nginx puts in the upstream request line (`ngx_http_proxy_create_request`). */
export function upstreamUri(pass: ProxyPass, locationName: string, r: ProxiedRequest): { uri: string; why: string } {
  if (pass.variables && pass.uri) return { uri: pass.uri, why: `proxy_pass with variables has the URI part ${pass.uri}: it is sent as it is` };
  if (pass.uri === "" && r.validUnparsedUri) return { uri: r.unparsedUri, why: "proxy_pass has no URI part: the request URI is passed exactly as the client sent it" };
  const locLen = r.validLocation && pass.uri ? locationName.length : 0;
  const restRaw = r.uri.slice(Math.min(locLen, r.uri.length));
  const rest = r.escape ? escapeUri(restRaw) : restRaw;
  const base = r.validLocation ? pass.uri : "";
  const uri = base + rest + (r.args ? `?${r.args}` : "");
  const why = pass.uri
    ? r.validLocation
      ? `proxy_pass has the URI part ${pass.uri}: it replaces the location's ${JSON.stringify(locationName)} in the normalised URI ${r.uri}${r.escape ? " (re-escaped)" : ""}`
      : `the URI was changed by rewrite … break: the whole new URI ${r.uri} is sent and proxy_pass's URI part ${pass.uri} is ignored`
    : `the URI was changed (rewrite), so the normalised URI ${r.uri} is sent`;
  return { uri, why };
}

/** nginx's default upstream headers (`ngx_http_proxy_headers`), name → value. */
export const DEFAULT_PROXY_HEADERS: readonly [string, string][] = [
  ["Host", "$proxy_host"],
  ["Connection", "close"],
  ["Content-Length", "$proxy_internal_body_length"],
  ["Transfer-Encoding", "$proxy_internal_chunked"],
  ["TE", ""],
  ["Keep-Alive", ""],
  ["Expect", ""],
  ["Upgrade", ""],
];
/** DEFAULT_PROXY_HEADERS' names, lower-cased (the keys the configured names are compared with). */
const DEFAULT_PROXY_HEADER_KEYS: readonly string[] = DEFAULT_PROXY_HEADERS.map(([name]) => name.toLowerCase());

/**
 * The upstream request's header lines: the configured headers (the innermost level's `proxy_set_header`
 * lines, then nginx's defaults that they do not override), values evaluated, empty ones left out; then the
 * client's lines whose names are not configured (when `passRequestHeaders`).
 */
export function upstreamHeaders(setHeaders: readonly NginxDirective[], ctx: VariableContext, clientHeaders: readonly NginxHeaderLine[], passRequestHeaders: boolean, notes: string[]): NginxHeaderLine[] {
  const configured: [string, string, boolean][] = setHeaders.map((d) => [d.args[0]?.text ?? "", d.args[1]?.text ?? "", true]);
  const names = new Set(configured.map(([n]) => n.toLowerCase()));
  for (let i = 0; i < DEFAULT_PROXY_HEADERS.length; i++) {
    const [name, value] = DEFAULT_PROXY_HEADERS[i]!;
    const lower = DEFAULT_PROXY_HEADER_KEYS[i]!;
    if (names.has(lower)) continue;
    configured.push([name, value, false]);
    names.add(lower);
  }
  const out: NginxHeaderLine[] = [];
  const contentLength = clientHeaders.find((h) => h.name.toLowerCase() === "content-length")?.value;
  const internal: VariableContext = { ...ctx };
  for (const [name, value, explicit] of configured) {
    if (value === "") {
      if (explicit) notes.push(`proxy_set_header ${name} "": not sent, and the client's ${name} is not passed either.`);
      continue;
    }
    const v =
      value === "$proxy_internal_body_length" ? (contentLength ?? "") : value === "$proxy_internal_chunked" ? "" : evaluate(value, internal);
    if (v === "") {
      if (explicit) notes.push(`proxy_set_header ${name} ${value}: evaluates to "", so the header is not sent.`);
      continue;
    }
    out.push({ name, value: v });
    if (explicit) notes.push(`proxy_set_header ${name} ${value} → ${JSON.stringify(v)}.`);
  }
  if (passRequestHeaders) {
    for (const h of clientHeaders) if (!names.has(h.name.toLowerCase())) out.push(h);
  } else notes.push("proxy_pass_request_headers off: none of the client's headers are passed.");
  return out;
}

/** One proxy_redirect rule in effect. */
export interface RedirectRule {
  /** The pattern: a complex value (a prefix) or a regex source. */
  pattern: string;
  regex: RegExp | null;
  replacement: string;
  /** The directive, or null for the implicit default. */
  directive: NginxDirective | null;
  /** How it came to be, for the trace: `proxy_redirect default` (implicit or written) or explicit. */
  origin: "implicit default" | "default" | "explicit";
}

/** One configuration level for the proxy_redirect merge: its directives and its own proxy_pass, if any. */
export interface RedirectLevel {
  directives: readonly NginxDirective[];
  pass: ProxyPass | null;
  /** The location's name at this level (the default rule's replacement). */
  locationName: string;
}

function defaultRule(pass: ProxyPass, locationName: string, origin: RedirectRule["origin"], d: NginxDirective | null): RedirectRule {
  return pass.uri
    ? { pattern: pass.url, regex: null, replacement: locationName, directive: d, origin }
    : { pattern: pass.url + "/", regex: null, replacement: "/", directive: d, origin };
}

/**
 * The proxy_redirect rules in effect at the innermost level, merged level by level as
 * `ngx_http_proxy_merge_loc_conf` does: `off` at a level disables rewriting there and below unless a lower
 * level has its own rules; a level without rules inherits its parent's; a level with a (variable-free)
 * proxy_pass and still no rules gets the implicit default. Null when rewriting is off.
 */
export function redirectRules(levels: readonly RedirectLevel[], source: string, diagnostics: Diagnostic[] | null): RedirectRule[] | null {
  let flag = true;
  let rules: RedirectRule[] | null = null;
  for (const level of levels) {
    const ds = directivesNamed(level.directives, "proxy_redirect");
    let levelFlag: boolean | null = null;
    let levelRules: RedirectRule[] | null = null;
    for (const d of ds) {
      const at = { source, line: d.line, column: d.column, endLine: d.line, endColumn: d.endColumn };
      const a0 = d.args[0]?.text ?? "";
      if (d.args.length === 1 && a0 === "off") {
        if (levelRules || levelFlag === false) diagnostics?.push({ severity: "error", code: "nginx-directive-duplicate", ...at, message: '"proxy_redirect" directive is duplicate' });
        levelFlag = false;
        continue;
      }
      if (levelFlag === false) {
        diagnostics?.push({ severity: "error", code: "nginx-directive-duplicate", ...at, message: '"proxy_redirect" directive is duplicate' });
        continue;
      }
      levelFlag = true;
      if (d.args.length === 1) {
        if (a0 !== "default") {
          diagnostics?.push({ severity: "error", code: "nginx-invalid-parameter", ...at, message: `invalid parameter "${a0}"` });
          continue;
        }
        const pd = level.pass?.directive;
        const passBefore = pd && (pd.line < d.line || (pd.line === d.line && pd.column < d.column)) ? level.pass : null;
        if (level.pass?.variables) {
          diagnostics?.push({ severity: "error", code: "nginx-proxy-redirect-default", ...at, message: '"proxy_redirect default" cannot be used with "proxy_pass" directive with variables' });
          continue;
        }
        if (!passBefore) {
          diagnostics?.push({ severity: "error", code: "nginx-proxy-redirect-default", ...at, message: '"proxy_redirect default" should be placed after the "proxy_pass" directive' });
          continue;
        }
        (levelRules ??= []).push(defaultRule(passBefore, level.locationName, "default", d));
        continue;
      }
      const replacement = d.args[1]?.text;
      if (replacement === undefined) continue;
      if (a0.startsWith("~")) {
        const caseless = a0.startsWith("~*");
        const c = compileRegex(a0.slice(caseless ? 2 : 1), caseless);
        if ("error" in c) {
          diagnostics?.push({ severity: "error", code: "nginx-regex", ...at, message: c.error });
          continue;
        }
        (levelRules ??= []).push({ pattern: a0, regex: c.regex, replacement, directive: d, origin: "explicit" });
      } else (levelRules ??= []).push({ pattern: a0, regex: null, replacement, directive: d, origin: "explicit" });
    }
    flag = levelFlag ?? flag;
    if (!flag) {
      rules = null;
      continue;
    }
    rules = levelRules ?? rules;
    if (rules === null && level.pass && !level.pass.variables) rules = [defaultRule(level.pass, level.locationName, "implicit default", null)];
  }
  return flag ? rules : null;
}

/**
 * Applies the rules to a Location (or the part of Refresh after `url=`): the first rule whose pattern
 * (evaluated) is a case-sensitive prefix, or whose regex matches, replaces it. Returns null when none does.
 */
export function rewriteRedirect(value: string, rules: readonly RedirectRule[], ctx: VariableContext): { value: string; rule: RedirectRule } | null {
  for (const rule of rules) {
    if (rule.regex) {
      const m = rule.regex.exec(value);
      if (!m) continue;
      return { value: evaluate(rule.replacement, { ...ctx, captures: [...m].map((x) => x ?? "") }), rule };
    }
    const pattern = evaluate(rule.pattern, ctx);
    if (pattern.length > value.length || !value.startsWith(pattern)) continue;
    return { value: evaluate(rule.replacement, ctx) + value.slice(pattern.length), rule };
  }
  return null;
}

/** Response headers nginx does not pass from the upstream (`proxy_hide_header` defaults and hop-by-hop ones). */
export const HIDDEN_RESPONSE_HEADERS: ReadonlySet<string> = new Set(["date", "server", "x-pad", "x-accel-expires", "x-accel-redirect", "x-accel-limit-rate", "x-accel-buffering", "x-accel-charset", "connection", "keep-alive", "transfer-encoding"]);
