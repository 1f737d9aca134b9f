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
import { allDirectives, constructUrl, flag, type RequestFacts, type ScopeLayer, type ServerScope } from "./server.ts";
import { getHeader, mergeHeader, unsetHeader, type HeaderTable } from "../http/headers.ts";
import { hostForUrl } from "../net/address.ts";
import { matchSlashRuns } from "./modAlias.ts";

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
}

/** Reads ProxyPass rules: `<Location>`-level ones first (they are checked first), then server-level ones. */
export function proxyPassRules(layers: ScopeLayer[], source: string, diagnostics: Diagnostic[]): ProxyPassRule[] {
  const dirRules: ProxyPassRule[] = [];
  const serverRules: ProxyPassRule[] = [];
  for (const layer of layers) {
    for (const d of layer.directives) {
      if (d.name.toLowerCase() !== "proxypass") continue;
      const args = d.args.filter((a) => !/^[a-z_]+=/i.test(a.text));
      if (layer.kind === "location") {
        const loc = /^<\w+ (\S*)>/.exec(layer.label)?.[1] ?? "/";
        const target = args[0];
        if (!target || args.length > 1) {
          diagnostics.push({ severity: "error", code: "proxy-pass-args", source, line: d.line, column: d.column, message: "ProxyPass inside <Location> takes the back-end URL only: ProxyPass url [key=value …]" });
          continue;
        }
        dirRules.push({ path: loc, url: target.text === "!" ? null : target.text, directive: d });
      } else {
        if (args.length < 2) {
          diagnostics.push({ severity: "error", code: "proxy-pass-args", source, line: d.line, column: d.column, message: "ProxyPass needs a path and a URL: ProxyPass /path http://backend:port/path" });
          continue;
        }
        serverRules.push({ path: args[0]!.text, url: args[1]!.text === "!" ? null : args[1]!.text, directive: d });
      }
    }
  }
  for (const r of [...dirRules, ...serverRules]) {
    if (r.url !== null && !/^(https?|wss?|ajp|fcgi|uwsgi|h2c?|unix):/i.test(r.url)) {
      const arg = r.directive.args.find((a) => a.text === r.url)!;
      diagnostics.push({ severity: "error", code: "proxy-pass-bad-url", source, line: arg.line, column: arg.column, message: `ProxyPass URL "${r.url}" has no scheme: write it as http://host:port/path.` });
    }
  }
  return [...dirRules, ...serverRules];
}

/**
 * mod_proxy's `alias_match`: a plain prefix match in which a `/` of the rule matches a run of `/` in the
 * path. There is no segment boundary: `ProxyPass /app …` also takes `/apple`. Returns the length of the
 * path consumed, or 0.
 */
export function aliasMatch(uri: string, fake: string): number {
  return Math.max(0, matchSlashRuns(uri, fake));
}

/** Finds the rule for `path` (first match wins) and builds the back-end URL: rule URL + rest of path + query. */
export function mapRequest(rules: ProxyPassRule[], path: string, query: string | null): ProxyMapping | null {
  for (const rule of rules) {
    const len = aliasMatch(path, rule.path);
    if (len === 0 && rule.path !== "") continue;
    if (rule.url === null) return null;
    const url = rule.url + path.slice(len) + (query !== null ? `?${query}` : "");
    const m = /^([a-z0-9+.-]+):\/\/(\[[^\]]+\]|[^/:?#]+)(?::([0-9]+))?([^?#]*)(\?[^#]*)?/i.exec(url);
    if (!m) return null;
    const scheme = m[1]!.toLowerCase();
    const port = m[3] ? Number(m[3]) : scheme === "https" || scheme === "wss" ? 443 : 80;
    return { rule, url, scheme, host: m[2]!, port, target: (m[4] || "/") + (m[5] ?? "") };
  }
  return null;
}

const HOP_BY_HOP = ["connection", "keep-alive", "te", "trailer", "upgrade", "proxy-connection", "transfer-encoding"];

export interface ProxyRequestInput {
  method: string;
  headers: HeaderTable;
  /** The client's address as this server sees it (`r->useragent_ip`). */
  clientIp: string;
  /** The vhost's ServerName host (X-Forwarded-Server). */
  serverHostname: string;
}

/**
 * The head mod_proxy_http sends: `METHOD target HTTP/1.1`, then Host (the client's with ProxyPreserveHost
 * On, else the URL's host with `:port` unless it is 80), the client's headers without hop-by-hop ones,
 * X-Forwarded-For/Host/Server *merged* with any the client sent (ProxyAddHeaders On, the default) [emp],
 * and `Connection: Keep-Alive`. No X-Forwarded-Proto, -Port or -Prefix is added.
 */
export function proxyRequest(
  input: ProxyRequestInput,
  mapping: ProxyMapping,
  layers: ScopeLayer[],
  notes: string[],
): { method: string; target: string; headers: HeaderTable } {
  const preserveHost = flag(layers, "ProxyPreserveHost", false);
  const addHeaders = flag(layers, "ProxyAddHeaders", true);
  const clientHost = getHeader(input.headers, "Host");
  let headers: HeaderTable = input.headers;
  const connectionTokens = (getHeader(headers, "Connection") ?? "").split(",").map((t) => t.trim().toLowerCase()).filter(Boolean);
  for (const name of [...HOP_BY_HOP, ...connectionTokens]) headers = unsetHeader(headers, name);
  if (addHeaders) {
    headers = mergeHeader(headers, "X-Forwarded-For", input.clientIp);
    if (clientHost !== undefined) headers = mergeHeader(headers, "X-Forwarded-Host", clientHost);
    headers = mergeHeader(headers, "X-Forwarded-Server", input.serverHostname);
    notes.push(`ProxyAddHeaders On: X-Forwarded-For += ${input.clientIp}${clientHost !== undefined ? `, X-Forwarded-Host += ${clientHost}` : ""}, X-Forwarded-Server += ${input.serverHostname} (appended to any values the client sent).`);
  } else notes.push("ProxyAddHeaders Off: no X-Forwarded-* headers added.");
  const urlHost = mapping.port === 80 ? hostForUrl(mapping.host) : `${hostForUrl(mapping.host)}:${mapping.port}`;
  const host = preserveHost ? (clientHost ?? input.serverHostname) : urlHost;
  notes.push(preserveHost ? `ProxyPreserveHost On: Host stays ${JSON.stringify(host)}.` : `ProxyPreserveHost Off: Host becomes ${host}, the ProxyPass URL's host.`);
  headers = unsetHeader(headers, "Host");
  return { method: input.method, target: mapping.target, headers: [{ name: "Host", value: host }, ...headers, { name: "Connection", value: "Keep-Alive" }] };
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
    for (const d of layer.directives) {
      if (d.name.toLowerCase() !== "proxypassreverse") continue;
      const args = d.args.filter((a) => !/^interpolate$/i.test(a.text));
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
