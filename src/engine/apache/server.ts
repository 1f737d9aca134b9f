/**
 * Models Apache httpd 2.4 core: virtual hosts and their selection, ServerName and UseCanonicalName, the
 * server name and port a request reports (SERVER_NAME, SERVER_PORT), the self-referential URLs Apache
 * builds for redirects (`ap_construct_url`), and which configuration scopes apply to a request.
 *
 * Sources: httpd 2.4 `server/core.c` (`ap_get_server_name_for_url`, `ap_get_server_port`,
 * `ap_construct_url`), `server/vhost.c` (name-based selection), `server/request.c` (location walk).
 * Checked on Apache 2.4.71 (Debian 12) for the redirect URLs listed in `proxies-and-frameworks.md` §8
 * ([emp] rows) and in this project's conformance corpus.
 */
import type { ConfigArg, ConfigNode, Directive, Section } from "./configParser.ts";
import type { Diagnostic } from "../types.ts";
import { hostForUrl, splitHostPort, stripBrackets } from "../net/address.ts";
import { groupBy, memoByObject } from "../textMemo.ts";

export type CanonicalName = "on" | "off" | "dns";

/** A ServerName value: `[scheme://]host[:port]`. */
export interface ServerNameValue {
  scheme: string | null;
  host: string;
  /** 0 when no port is given (Apache then uses the request's or the scheme's default). */
  port: number;
}

/** The main server or one `<VirtualHost>`, with the directives written directly inside it. */
export interface ServerScope {
  kind: "main" | "vhost";
  /** `<VirtualHost>` addresses; empty for the main server. */
  addresses: { host: string; port: number | "*" }[];
  serverName: ServerNameValue;
  /** True when ServerName was written (not implied from the listen address). */
  explicitName: boolean;
  aliases: string[];
  useCanonicalName: CanonicalName;
  useCanonicalPhysicalPort: boolean;
  /** Directives directly in this scope, in order, sections excluded. */
  directives: Directive[];
  /** Sections directly in this scope (`<Location>`, `<Directory>`, …). */
  sections: Section[];
  line: number;
}

export interface ServerModel {
  main: ServerScope;
  vhosts: ServerScope[];
  listen: { host: string; port: number };
}

/** One scope that applies to a request, from the least to the most specific. */
export interface ScopeLayer {
  kind: "main" | "vhost" | "directory" | "location";
  label: string;
  directives: Directive[];
}

const CONTAINER_NAMES = new Set(["ifmodule", "ifdefine", "ifversion"]);

/** Parses `[scheme://]host[:port]` as ServerName takes it. */
export function parseServerName(text: string): ServerNameValue | null {
  const m = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?(\[[0-9A-Fa-f:.]+\]|[^:/\s]+)(?::([0-9]{1,5}))?$/.exec(text);
  if (!m) return null;
  return { scheme: m[1]?.toLowerCase() ?? null, host: m[2]!, port: m[3] ? Number(m[3]) : 0 };
}

/** Flattens `<IfModule>`/`<IfDefine>` wrappers (every module of interest is loaded; no -D defines). */
function flatten(nodes: ConfigNode[]): ConfigNode[] {
  const out: ConfigNode[] = [];
  for (const n of nodes) {
    if (n.kind === "section" && CONTAINER_NAMES.has(n.name.toLowerCase())) {
      const negated = n.args[0]?.text.startsWith("!") ?? false;
      if (n.name.toLowerCase() === "ifdefine" && !negated) continue;
      out.push(...flatten(n.children));
    } else out.push(n);
  }
  return out;
}

function lastArg(directives: Directive[], name: string): ConfigArg | undefined {
  let found: ConfigArg | undefined;
  for (const d of directivesNamed(directives, name)) found = d.args[0] ?? found;
  return found;
}

function buildScope(
  kind: "main" | "vhost",
  nodes: ConfigNode[],
  addresses: ServerScope["addresses"],
  fallback: ServerScope | null,
  listen: { host: string; port: number },
  source: string,
  diagnostics: Diagnostic[],
  line: number,
): ServerScope {
  const flat = flatten(nodes);
  const directives = flat.filter((n): n is Directive => n.kind === "directive");
  const sections = flat.filter((n): n is Section => n.kind === "section" && n.name.toLowerCase() !== "virtualhost");
  const nameArg = lastArg(directives, "servername");
  let serverName: ServerNameValue | null = null;
  if (nameArg) {
    serverName = parseServerName(nameArg.text);
    if (!serverName)
      diagnostics.push({
        severity: "error",
        code: "apache-bad-server-name",
        source,
        line: nameArg.line,
        column: nameArg.column,
        message: `ServerName "${nameArg.text}" is not of the form [scheme://]host[:port].`,
      });
  }
  if (!serverName) {
    if (fallback) {
      // A virtual host without ServerName inherits the main server's name, and its port is the
      // <VirtualHost> address port (httpd vhost.c: `fix_hostname`/`ap_fini_vhost_config`).
      const port = addresses.find((a) => a.port !== "*")?.port;
      serverName = { ...fallback.serverName, port: typeof port === "number" ? port : fallback.serverName.port };
    } else serverName = { scheme: null, host: listen.host, port: 0 };
  }
  const ucn = lastArg(directives, "usecanonicalname")?.text.toLowerCase();
  const ucpp = lastArg(directives, "usecanonicalphysicalport")?.text.toLowerCase();
  const aliases = directivesNamed(directives, "serveralias").flatMap((d) => d.args.map((a) => a.text));
  return {
    kind,
    addresses,
    serverName,
    explicitName: !!nameArg,
    aliases,
    useCanonicalName: ucn === "on" || ucn === "dns" ? ucn : ucn === "off" ? "off" : (fallback?.useCanonicalName ?? "off"),
    useCanonicalPhysicalPort: ucpp === "on" ? true : ucpp === "off" ? false : (fallback?.useCanonicalPhysicalPort ?? false),
    directives,
    sections,
    line,
  };
}

/**
 * Builds the main server and its virtual hosts from a parsed config. `listen` is the scenario's
 * `listen` address (the server's one listener). Scenario convention: no ServerName means
 * `ServerName <listen host>`.
 */
export function buildServerModel(nodes: ConfigNode[], listen: { host: string; port: number }, source: string): { model: ServerModel; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const flat = flatten(nodes);
  const main = buildScope("main", flat, [], null, listen, source, diagnostics, 1);
  const vhosts: ServerScope[] = [];
  for (const n of flat) {
    if (n.kind !== "section" || n.name.toLowerCase() !== "virtualhost") continue;
    const addresses: ServerScope["addresses"] = [];
    for (const a of n.args) {
      const m = /^(\[[^\]]+\]|[^:]+)(?::([0-9]+|\*))?$/.exec(a.text);
      if (!m) {
        diagnostics.push({ severity: "error", code: "apache-bad-vhost-address", source, line: a.line, column: a.column, message: `Could not resolve host name ${a.text} -- ignoring!` });
        continue;
      }
      const host = stripBrackets(m[1]!);
      addresses.push({ host: host === "_default_" ? "*" : host, port: m[2] === undefined || m[2] === "*" ? "*" : Number(m[2]) });
    }
    vhosts.push(buildScope("vhost", n.children, addresses, main, listen, source, diagnostics, n.line));
  }
  return { model: { main, vhosts, listen }, diagnostics };
}

/** ServerAlias's wildcard match (`*` any run, `?` one character), case-insensitive (httpd `ap_strcasecmp_match`). */
export function wildcardMatch(pattern: string, name: string): boolean {
  const re = new RegExp("^" + pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$", "i");
  return re.test(name);
}

/**
 * Picks the virtual host for a connection to `listen` carrying `host` (the Host header's name, or null):
 * vhosts whose address matches the listener (an exact IP beats `*`), then the first whose ServerName or
 * ServerAlias matches the host, else the first of them; no match at all is the main server.
 */
export function selectVirtualHost(model: ServerModel, host: string | null): ServerScope {
  const { listen } = model;
  const matches = (exactOnly: boolean) =>
    model.vhosts.filter((v) =>
      v.addresses.some((a) => (a.port === "*" || a.port === listen.port) && (exactOnly ? a.host === listen.host : a.host === "*" || a.host === listen.host)),
    );
  let candidates = matches(true);
  if (candidates.length === 0) candidates = matches(false);
  if (candidates.length === 0) return model.main;
  if (host) {
    const named = candidates.find(
      (v) => (v.explicitName && v.serverName.host.toLowerCase() === host.toLowerCase()) || v.aliases.some((a) => wildcardMatch(a, host)),
    );
    if (named) return named;
  }
  return candidates[0]!;
}

/** What a request tells the core about itself. */
export interface RequestFacts {
  /** Host header's name part, lowercased as Apache does (null when absent). */
  hostname: string | null;
  /** Host header's port, when it had one. */
  hostPort: number | null;
  tls: boolean;
  /** The port the connection arrived on. */
  localPort: number;
}

/** `ap_http_scheme`: the ServerName's scheme when given, otherwise https on TLS, else http. */
export function requestScheme(scope: ServerScope, req: RequestFacts): string {
  return scope.serverName.scheme ?? (req.tls ? "https" : "http");
}

/**
 * `ap_get_server_name_for_url`: with UseCanonicalName Off (the default) the Host header's name, else
 * ServerName; with On always ServerName. IPv6 literals get brackets. (`DNS` is treated as Off: a reverse
 * lookup of the local address is outside this model.)
 */
export function serverNameForUrl(scope: ServerScope, req: RequestFacts): string {
  const name = scope.useCanonicalName !== "on" && req.hostname ? req.hostname : scope.serverName.host;
  return hostForUrl(stripBrackets(name));
}

/**
 * `ap_get_server_port`: Off → the Host header's port, else the ServerName (or vhost) port, else the
 * scheme's default [E C75]; On → the ServerName port, else the default; UseCanonicalPhysicalPort On puts
 * the real local port before the default.
 */
export function serverPort(scope: ServerScope, req: RequestFacts): number {
  const def = requestScheme(scope, req) === "https" ? 443 : 80;
  const sp = scope.serverName.port;
  if (scope.useCanonicalName !== "on") {
    if (req.hostPort !== null) return req.hostPort;
    if (scope.useCanonicalPhysicalPort) return req.localPort || sp || def;
    return sp || def;
  }
  if (scope.useCanonicalPhysicalPort) return sp || req.localPort || def;
  return sp || def;
}

/**
 * `ap_construct_url`: an absolute URL for `path` (already escaped) on this server as the request sees it.
 * The default port of the scheme is left out. Used by mod_dir's trailing-slash redirect, mod_alias
 * redirects to a path and ProxyPassReverse.
 */
export function constructUrl(scope: ServerScope, req: RequestFacts, path: string): string {
  const scheme = requestScheme(scope, req);
  const port = serverPort(scope, req);
  const def = scheme === "https" ? 443 : 80;
  return `${scheme}://${serverNameForUrl(scope, req)}${port === def ? "" : `:${port}`}${path}`;
}

/**
 * `<Location>` matching for a non-regex path (httpd `ap_location_walk`): a prefix of the request path
 * that ends at a path-segment boundary (or the location itself ends in `/`). Runs of `/` in the request
 * path are collapsed first.
 */
export function locationMatches(location: string, uriPath: string): boolean {
  const path = uriPath.replace(/\/{2,}/g, "/");
  const loc = location.replace(/\/{2,}/g, "/");
  if (!path.startsWith(loc)) return false;
  return loc.endsWith("/") || path.length === loc.length || path[loc.length] === "/";
}

/**
 * The configuration scopes that apply to a request, least specific first: main server, virtual host,
 * `<Directory>` sections containing `filePath` (shortest first), then `<Location>` sections matching
 * `uriPath` in file order. `<LocationMatch>`/`<DirectoryMatch>` use their regular expression.
 * Each consumer applies its own merge rule (most mod_wsgi and mod_proxy directives: the last scope that
 * sets a directive wins).
 */
export function scopesFor(model: ServerModel, scope: ServerScope, uriPath: string, filePath: string | null): ScopeLayer[] {
  const layers: ScopeLayer[] = [{ kind: "main", label: "server config", directives: model.main.directives }];
  if (scope.kind === "vhost") layers.push({ kind: "vhost", label: `<VirtualHost> at line ${scope.line}`, directives: scope.directives });
  const sections = scope.kind === "vhost" ? [...model.main.sections, ...scope.sections] : model.main.sections;
  const dirs = sections
    .filter((s) => {
      const name = s.name.toLowerCase();
      const arg = s.args[0]?.text ?? "";
      if (filePath === null) return false;
      if (name === "directory") return arg.startsWith("~") ? safeRegex(s, s.args[1]?.text ?? "")?.test(filePath) : filePath.startsWith(arg.replace(/\/$/, "") + "/") || filePath === arg;
      if (name === "directorymatch") return safeRegex(s, arg)?.test(filePath) ?? false;
      return false;
    })
    .sort((a, b) => (a.args[0]?.text.length ?? 0) - (b.args[0]?.text.length ?? 0));
  for (const d of dirs) layers.push({ kind: "directory", label: `<${d.name} ${d.args[0]?.text ?? ""}> at line ${d.line}`, directives: dirDirectives(d) });
  for (const s of sections) {
    const name = s.name.toLowerCase();
    const arg = s.args[0]?.text ?? "";
    let hit = false;
    if (name === "location") hit = arg === "~" ? (safeRegex(s, s.args[1]?.text ?? "")?.test(uriPath) ?? false) : locationMatches(arg, uriPath);
    else if (name === "locationmatch") hit = safeRegex(s, arg)?.test(uriPath) ?? false;
    if (hit) layers.push({ kind: "location", label: `<${s.name} ${arg}> at line ${s.line}`, directives: dirDirectives(s) });
  }
  return layers;
}

/**
 * The directives of a section (its conditional blocks flattened), one list per section object: every request
 * the section takes reads the same list, so the list's index by name (directivesNamed) is built once.
 */
const dirDirectives = memoByObject((s: Section): Directive[] => flatten(s.children).filter((n): n is Directive => n.kind === "directive"));

/**
 * The regular expression of a section's pattern (`text`, the section's only pattern), or null when it does not
 * compile; compiled once per section, since every request the server sees tests it. The expressions have no
 * `g` or `y` flag, so `test` keeps no state between uses.
 */
function safeRegex(section: Section, text: string): RegExp | null {
  let re = sectionPatterns.get(section);
  if (re === undefined) {
    try {
      re = new RegExp(text);
    } catch {
      re = null;
    }
    sectionPatterns.set(section, re);
  }
  return re;
}

const sectionPatterns = new WeakMap<Section, RegExp | null>();

/**
 * The directives named `name` from the most specific scope that has any, accumulated within that scope
 * (mod_wsgi's and mod_proxy's "child replaces parent" merge). Null when no scope sets it.
 */
export function effectiveDirectives(layers: ScopeLayer[], name: string): { directives: Directive[]; layer: ScopeLayer } | null {
  const lower = name.toLowerCase();
  for (let i = layers.length - 1; i >= 0; i -= 1) {
    const layer = layers[i]!;
    const found = directivesNamed(layer.directives, lower);
    if (found.length) return { directives: [...found], layer };
  }
  return null;
}

/** Every directive named `name` across all layers, least specific first (for directives that merge). */
export function allDirectives(layers: ScopeLayer[], name: string): Directive[] {
  const lower = name.toLowerCase();
  const out: Directive[] = [];
  for (const l of layers) out.push(...directivesNamed(l.directives, lower));
  return out;
}

/** The last directive named `name` (any case) across `layers` (`allDirectives(layers, name).at(-1)`, without the list). */
export function lastDirective(layers: readonly ScopeLayer[], name: string): Directive | undefined {
  const lower = name.toLowerCase();
  for (let i = layers.length - 1; i >= 0; i -= 1) {
    const found = directivesNamed(layers[i]!.directives, lower);
    if (found.length > 0) return found[found.length - 1];
  }
  return undefined;
}

const NONE: readonly Directive[] = [];
const byLowerName = memoByObject((directives: readonly Directive[]) => groupBy(directives, (d) => d.name.toLowerCase()));

/**
 * The directives of `directives` whose lower-cased name is `lower`, in order. A request looks a dozen names
 * up in the same layers (and a kept server model's layers serve many requests), so each list's index by name
 * is built once; the lists of a server model are never changed after it is built.
 */
export function directivesNamed(directives: readonly Directive[], lower: string): readonly Directive[] {
  return byLowerName(directives).get(lower) ?? NONE;
}

/** The last value of a flag-like directive (On/Off) across layers, or `fallback`. */
export function flag(layers: ScopeLayer[], name: string, fallback: boolean): boolean {
  const found = lastDirective(layers, name)?.args[0]?.text.toLowerCase();
  return found === "on" ? true : found === "off" ? false : fallback;
}

/** Every directive written at server or virtual-host level (sections excluded), main server first. */
export function serverDirectives(model: ServerModel): readonly Directive[] {
  return allOfServer(model);
}

/** `serverDirectives(model)` named `lower` (lower case), in order. */
export function serverDirectivesNamed(model: ServerModel, lower: string): readonly Directive[] {
  return directivesNamed(serverDirectives(model), lower);
}

/** The list `serverDirectives` gives for a model, made once per model (a model is not changed once built). */
const allOfServer = memoByObject((model: ServerModel): readonly Directive[] => [...model.main.directives, ...model.vhosts.flatMap((v) => v.directives)]);

/**
 * `ap_parse_uri` and `ap_update_vhost_from_headers` for an absolute-form request target
 * (`GET http://host:port/path`): when its scheme is the connection's (`http`, or `https` on TLS; any case) it
 * names the host, and a Host header the client also sent is replaced by that host (lower-cased, a trailing
 * dot dropped) plus the URI's `:port` if it had one (RFC 2616 5.2). With another scheme the Host header stays
 * in charge. Returns the authority to read the host from and the replacement Host value, or null.
 * Checked on Apache 2.4.71: `GET http://abs.example/h HTTP/1.1` with `Host: other.example` gives the WSGI
 * environ HTTP_HOST=abs.example; without a Host header (HTTP/1.0) HTTP_HOST stays absent.
 */
export function absoluteFormHost(target: string, tls: boolean): { authority: string; hostHeader: string } | null {
  const m = target.startsWith("/") ? null : /^([a-z][a-z0-9+.-]*):\/\/(?:[^/?#@]*@)?([^/?#]*)/i.exec(target);
  if (!m || m[1]!.toLowerCase() !== (tls ? "https" : "http")) return null;
  const authority = m[2]!;
  const hp = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(authority);
  if (!hp) return null;
  const name = hp[1]!.startsWith("[") ? hp[1]!.toLowerCase() : hp[1]!.toLowerCase().replace(/\.$/, "");
  return { authority, hostHeader: name + (hp[2] !== undefined ? `:${hp[2]}` : "") };
}

/** Parses a listen string for the server model, with a diagnostic when it is malformed. */
export function listenOf(listen: string): { host: string; port: number } {
  return splitHostPort(listen) ?? { host: "127.0.0.1", port: 80 };
}
