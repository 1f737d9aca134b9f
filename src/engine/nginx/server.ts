/**
 * Models nginx's http core configuration: `server` blocks with their `listen` addresses and `server_name`s,
 * the `location` tree of each server, `upstream` groups, how a connection and its Host header select a
 * server, and how directives are inherited from http to server to location.
 *
 * Sources (nginx/nginx tag `release-1.22.1`, read from source): `src/http/ngx_http_core_module.c`
 * (`ngx_http_core_server`, `ngx_http_core_listen`, `ngx_http_core_server_name`, `ngx_http_core_location`,
 * `ngx_http_core_merge_srv_conf`), `src/http/ngx_http.c` (`ngx_http_server_names`, `ngx_http_add_location`,
 * duplicate and default-server checks), `src/http/ngx_http_request.c` (`ngx_http_find_virtual_server`,
 * `ngx_http_init_connection`: a specific `address:port` listen wins over `*:port`), `src/core/ngx_hash.c`
 * (exact names, then the longest `*.` wildcard, then the longest `.*` wildcard, then regexes in order).
 * Error messages checked with `nginx -t` on nginx 1.22.1 (Debian 12); server selection checked through the
 * conformance corpus (`e2e/conformance/corpus/nginx/`).
 *
 * Conventions of scenario format v1: a text that is the inside of one server block gets `listen
 * <proxy.listen>` when it has no `listen`, and `server_name <listen host>` when it has no `server_name`.
 * A server block without `listen` listens on `*:80` (nginx started as root, as the conformance runner does).
 */
import type { Diagnostic } from "../types.ts";
import { splitHostPort } from "../net/address.ts";
import { directivesNamed, type NginxConfigMode, type NginxDirective } from "./configParser.ts";
import { ngxInet6Addr, ngxInetAddr } from "./inet.ts";
import { checkVariables, variableRefs } from "./variables.ts";
import { isDigits } from "../cRuntime.ts";

/** One `listen` of a server. */
export interface NginxListen {
  /** IP address text, or null for a wildcard (`*:port`, a bare port). */
  host: string | null;
  port: number;
  defaultServer: boolean;
  ssl: boolean;
  /** The directive, or null when implied (scenario convention or nginx's `*:80`). */
  directive: NginxDirective | null;
}

/** How a server_name matches: exactly, `*.example.com`/`.example.com`, `www.example.*`, or `~regex`. */
export type ServerNameKind = "exact" | "wildcard-head" | "wildcard-tail" | "regex";

/** One name of a server_name directive. */
export interface NginxServerName {
  /** As written (lowercased unless a regex). */
  text: string;
  kind: ServerNameKind;
  regex?: RegExp;
  directive: NginxDirective | null;
}

/** The modifier of a location: exact, prefix without regex, regex, caseless regex, plain prefix, named. */
export type LocationModifier = "=" | "^~" | "~" | "~*" | "" | "@";

/** One `location` block. */
export interface NginxLocation {
  modifier: LocationModifier;
  /** The path (prefix, exact, named `@x`) or the regex source. */
  name: string;
  regex: RegExp | null;
  directive: NginxDirective;
  /** Directives inside, nested locations included. */
  body: NginxDirective[];
  locations: NginxLocation[];
  parent: NginxLocation | null;
  /**
   * `auto_redirect`: the name ends with `/` and the location has proxy_pass (or another *_pass). A request
   * for the name without its slash then gets nginx's own 301 to the name.
   */
  autoRedirect: boolean;
}

/** One server block (or the implied one around an inside-of-a-server text). */
export interface NginxServer {
  /** 0-based, in the order of the text. */
  index: number;
  /** The `server` directive, or null when the text is the inside of one server block. */
  directive: NginxDirective | null;
  body: NginxDirective[];
  listens: NginxListen[];
  names: NginxServerName[];
  /** `$server_name`: the first name ("" when there is none), a leading `.` removed, a regex with its `~`. */
  serverName: string;
  locations: NginxLocation[];
}

/** An `upstream name { server …; }` block. */
export interface NginxUpstream {
  name: string;
  directive: NginxDirective;
  /** `server` entries as written (`127.0.0.1:8000`). */
  servers: string[];
}

/** A proxy's whole nginx configuration as the engine uses it. */
export interface NginxModel {
  mode: NginxConfigMode;
  /** Directives at http level (whole-blocks mode only; the scenario text's top level). */
  http: NginxDirective[];
  servers: NginxServer[];
  upstreams: Map<string, NginxUpstream>;
  /** Variables the configuration defines (`set`, `map`, `geo`, `split_clients`, named captures), lowercased. */
  defined: Set<string>;
}

const PASS_DIRECTIVES = ["proxy_pass", "fastcgi_pass", "uwsgi_pass", "scgi_pass", "memcached_pass", "grpc_pass"];

function err(diagnostics: Diagnostic[], source: string, at: { line: number; column: number; endLine?: number; endColumn?: number }, code: Diagnostic["code"], message: string, severity: Diagnostic["severity"] = "error"): void {
  diagnostics.push({ severity, code, source, line: at.line, column: at.column, ...(at.endColumn ? { endLine: at.endLine ?? at.line, endColumn: at.endColumn } : {}), message });
}

/**
 * Compiles a PCRE pattern as JavaScript, the way nginx's `ngx_regex_compile` would accept it: `(?P<n>…)` is
 * rewritten to `(?<n>…)`, a leading `(?i)` becomes the `i` flag. Returns the error in PCRE2's words when the
 * pattern does not compile.
 */
export function compileRegex(pattern: string, caseless: boolean): { regex: RegExp } | { error: string } {
  let src = pattern.replace(/\(\?P</g, "(?<");
  let flags = caseless ? "i" : "";
  if (src.startsWith("(?i)")) {
    src = src.slice(4);
    flags = "i";
  }
  try {
    return { regex: new RegExp(src, flags) };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pcre = /Unterminated group/.test(msg)
      ? "missing closing parenthesis"
      : /Unmatched '\)'/.test(msg)
        ? "unmatched closing parenthesis"
        : /Nothing to repeat/.test(msg)
          ? "quantifier does not follow a repeatable item"
          : /Unterminated character class/.test(msg)
            ? "missing terminating ] for character class"
            : msg.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, "").toLowerCase();
    return { error: `pcre2_compile() failed: ${pcre} in "${pattern}"` };
  }
}

function parseLocation(d: NginxDirective, parent: NginxLocation | null, source: string, diagnostics: Diagnostic[], defined: Set<string>): NginxLocation | null {
  const args = d.args;
  let modifier: LocationModifier = "";
  let name: string;
  if (args.length === 2) {
    const mod = args[0]!.text;
    name = args[1]!.text;
    if (mod === "=" || mod === "^~" || mod === "~" || mod === "~*") modifier = mod;
    else {
      err(diagnostics, source, args[0]!, "nginx-location-modifier", `invalid location modifier "${mod}"`);
      return null;
    }
  } else {
    const t = args[0]?.text ?? "";
    if (t.startsWith("=")) {
      modifier = "=";
      name = t.slice(1);
    } else if (t.startsWith("^~")) {
      modifier = "^~";
      name = t.slice(2);
    } else if (t.startsWith("~*")) {
      modifier = "~*";
      name = t.slice(2);
    } else if (t.startsWith("~")) {
      modifier = "~";
      name = t.slice(1);
    } else {
      name = t;
      if (t.startsWith("@")) modifier = "@";
    }
  }
  let regex: RegExp | null = null;
  if (modifier === "~" || modifier === "~*") {
    const c = compileRegex(name, modifier === "~*");
    if ("error" in c) {
      err(diagnostics, source, args[args.length - 1]!, "nginx-regex", c.error);
      return null;
    }
    regex = c.regex;
    for (const m of name.matchAll(/\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g)) defined.add(m[1]!.toLowerCase());
  }
  if (parent) {
    if (parent.modifier === "=") {
      err(diagnostics, source, d, "nginx-location-nesting", `location "${name}" cannot be inside the exact location "${parent.name}"`);
      return null;
    }
    if (parent.modifier === "@") {
      err(diagnostics, source, d, "nginx-location-nesting", `location "${name}" cannot be inside the named location "${parent.name}"`);
      return null;
    }
    if (modifier === "@") {
      err(diagnostics, source, d, "nginx-location-nesting", `named location "${name}" can be on the server level only`);
      return null;
    }
    if (regex === null && !name.startsWith(parent.name)) {
      err(diagnostics, source, d, "nginx-location-nesting", `location "${name}" is outside location "${parent.name}"`);
      return null;
    }
  }
  const body = d.children ?? [];
  const loc: NginxLocation = {
    modifier,
    name,
    regex,
    directive: d,
    body,
    locations: [],
    parent,
    autoRedirect: name.endsWith("/") && body.some((x) => PASS_DIRECTIVES.includes(x.name)),
  };
  loc.locations = parseLocations(body, loc, source, diagnostics, defined);
  return loc;
}

function parseLocations(body: NginxDirective[], parent: NginxLocation | null, source: string, diagnostics: Diagnostic[], defined: Set<string>): NginxLocation[] {
  const out: NginxLocation[] = [];
  for (const d of directivesNamed(body, "location")) {
    if (d.children === null) continue;
    const loc = parseLocation(d, parent, source, diagnostics, defined);
    if (!loc) continue;
    // ngx_http_init_locations: two exact or two prefix locations with the same name.
    const dup = out.find((o) => o.regex === null && loc.regex === null && o.name === loc.name && (o.modifier === "=") === (loc.modifier === "="));
    if (dup) {
      err(diagnostics, source, d, "nginx-duplicate-location", `duplicate location "${loc.name}"`);
      continue;
    }
    out.push(loc);
  }
  return out;
}

/** Parses `listen` arguments: `addr:port`, `port`, `*:port`, `[v6]:port` plus parameters. */
function parseListen(d: NginxDirective, source: string, diagnostics: Diagnostic[]): NginxListen | null {
  const a = d.args[0];
  if (!a) return null;
  const text = a.text;
  let host: string | null = null;
  let port: number;
  if (isDigits(text)) port = Number(text);
  else {
    const m = /^(\*|\[[^\]]*\]|[^:]+)(?::([0-9]*))?$/.exec(text);
    if (!m) {
      err(diagnostics, source, a, "nginx-listen", `invalid host in "${text}" of the "listen" directive`);
      return null;
    }
    const h = m[1]!;
    port = m[2] === undefined ? 80 : Number(m[2] || "x");
    if (h === "*") host = null;
    else if (h.startsWith("[")) {
      const v6 = ngxInet6Addr(h.slice(1, -1));
      if (!v6) {
        err(diagnostics, source, a, "nginx-listen", `invalid IPv6 address in "${text}" of the "listen" directive`);
        return null;
      }
      host = h.slice(1, -1);
    } else if (ngxInetAddr(h)) host = h;
    else if (h === "localhost") host = "127.0.0.1";
    else {
      err(diagnostics, source, a, "nginx-listen-host", `host not found in "${text}" of the "listen" directive`);
      return null;
    }
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    err(diagnostics, source, a, "nginx-listen", `invalid port in "${text}" of the "listen" directive`);
    return null;
  }
  let defaultServer = false;
  let ssl = false;
  const known = /^(default_server|default|ssl|http2|spdy|proxy_protocol|reuseport|deferred|bind|ipv6only=(on|off)|so_keepalive=\S+|backlog=\d+|rcvbuf=\S+|sndbuf=\S+|setfib=\S+|fastopen=\d+|accept_filter=\S+)$/;
  for (const p of d.args.slice(1)) {
    if (!known.test(p.text)) {
      err(diagnostics, source, p, "nginx-listen-parameter", `invalid parameter "${p.text}"`);
      return null;
    }
    if (p.text === "default_server" || p.text === "default") defaultServer = true;
    if (p.text === "ssl") ssl = true;
  }
  return { host, port, defaultServer, ssl, directive: d };
}

function parseServerNames(body: NginxDirective[], source: string, diagnostics: Diagnostic[], defined: Set<string>): NginxServerName[] {
  const names: NginxServerName[] = [];
  for (const d of directivesNamed(body, "server_name")) {
    for (const a of d.args) {
      const t = a.text;
      if ((t.startsWith("*") && (t.length < 3 || t[1] !== ".")) || (t.startsWith(".") && t.length < 2)) {
        err(diagnostics, source, a, "nginx-server-name", `server name "${t}" is invalid`);
        continue;
      }
      if (t.includes("/")) err(diagnostics, source, a, "nginx-server-name-suspicious", `server name "${t}" has suspicious symbols`, "warning");
      if (t.startsWith("~")) {
        if (t.length === 1) {
          err(diagnostics, source, a, "nginx-server-name", `empty regex in server name "${t}"`);
          continue;
        }
        const c = compileRegex(t.slice(1), /[A-Z]/.test(t.slice(1)));
        if ("error" in c) {
          err(diagnostics, source, a, "nginx-regex", c.error);
          continue;
        }
        for (const m of t.matchAll(/\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g)) defined.add(m[1]!.toLowerCase());
        names.push({ text: t, kind: "regex", regex: c.regex, directive: d });
        continue;
      }
      const lower = t.toLowerCase();
      const kind: ServerNameKind = lower.startsWith("*.") || lower.startsWith(".") ? "wildcard-head" : lower.endsWith(".*") ? "wildcard-tail" : "exact";
      if (lower.includes("*") && !(lower.startsWith("*.") && !lower.slice(1).includes("*")) && !(lower.endsWith(".*") && !lower.slice(0, -1).includes("*"))) {
        err(diagnostics, source, a, "nginx-server-name", `invalid server name or wildcard "${t}"`);
        continue;
      }
      names.push({ text: lower, kind, directive: d });
    }
  }
  return names;
}

/** Collects variable names the configuration creates, so that using them is not "unknown". */
function collectDefined(nodes: readonly NginxDirective[], defined: Set<string>): void {
  for (const d of nodes) {
    const target =
      d.name === "set" || d.name === "auth_request_set"
        ? d.args[0]
        : d.name === "map" || d.name === "split_clients"
          ? d.args[1]
          : d.name === "geo"
            ? d.args[d.args.length - 1]
            : undefined;
    if (target && target.text.startsWith("$")) defined.add(target.text.slice(1).toLowerCase());
    if (d.children && d.name !== "map" && d.name !== "geo" && d.name !== "split_clients") collectDefined(d.children, defined);
  }
}

/** Directives whose arguments nginx compiles as complex values: their variables must exist. */
const VALUE_DIRECTIVES: Record<string, (d: NginxDirective) => number[]> = {
  proxy_set_header: () => [1],
  proxy_pass: () => [0],
  proxy_redirect: (d) => (d.args.length === 2 ? (d.args[0]!.text.startsWith("~") ? [1] : [0, 1]) : []),
  return: (d) => (d.args.length === 2 ? [1] : isDigits(d.args[0]?.text ?? "") ? [] : [0]),
  add_header: () => [1],
  set: () => [1],
  rewrite: () => [1],
};

function checkAllVariables(nodes: readonly NginxDirective[], defined: Set<string>, source: string, diagnostics: Diagnostic[]): void {
  for (const d of nodes) {
    const pick = VALUE_DIRECTIVES[d.name];
    if (pick && !d.includedFrom) for (const i of pick(d)) if (d.args[i]) checkVariables(d.args[i]!, defined, source, diagnostics);
    if (d.name === "if") {
      const cond = d.args.map((a) => a.text).join(" ");
      for (const ref of variableRefs(cond)) {
        if (ref.name && !/^[0-9]$/.test(ref.name) && d.args[0]) checkVariables({ ...d.args[0], text: `$${ref.name}` }, defined, source, diagnostics);
      }
    }
    if (d.children && d.name !== "map" && d.name !== "geo" && d.name !== "split_clients" && d.name !== "types") checkAllVariables(d.children, defined, source, diagnostics);
  }
}

function buildServer(index: number, directive: NginxDirective | null, body: NginxDirective[], implied: { listen: string; tls: boolean } | null, source: string, diagnostics: Diagnostic[], defined: Set<string>): NginxServer {
  const listens: NginxListen[] = [];
  for (const d of directivesNamed(body, "listen")) {
    const l = parseListen(d, source, diagnostics);
    if (!l) continue;
    if (listens.some((o) => o.host === l.host && o.port === l.port)) {
      err(diagnostics, source, d, "nginx-duplicate-listen", `a duplicate listen ${l.host ?? "0.0.0.0"}:${l.port}`);
      continue;
    }
    listens.push(l);
  }
  if (listens.length === 0) {
    const hp = implied ? splitHostPort(implied.listen) : null;
    if (hp) listens.push({ host: hp.host, port: hp.port, defaultServer: false, ssl: implied!.tls, directive: null });
    else listens.push({ host: null, port: 80, defaultServer: false, ssl: false, directive: null });
  }
  let names = parseServerNames(body, source, diagnostics, defined);
  if (directivesNamed(body, "server_name").length === 0 && implied) {
    const hp = splitHostPort(implied.listen);
    if (hp) names = [{ text: hp.host.toLowerCase(), kind: "exact", directive: null }];
  }
  let serverName = names[0]?.text ?? "";
  if (names[0]?.kind === "wildcard-head" && serverName.startsWith(".")) serverName = serverName.slice(1);
  return { index, directive, body, listens, names, serverName, locations: parseLocations(body, null, source, diagnostics, defined) };
}

function parseUpstreams(http: NginxDirective[]): Map<string, NginxUpstream> {
  const out = new Map<string, NginxUpstream>();
  for (const d of directivesNamed(http, "upstream")) {
    const name = d.args[0]?.text;
    if (!name || !d.children) continue;
    out.set(name.toLowerCase(), { name, directive: d, servers: directivesNamed(d.children, "server").map((s) => s.args[0]?.text ?? "") });
  }
  return out;
}

/**
 * Builds the server model from a parsed text. `implied` is the proxy's listen and whether the client
 * speaks TLS to it, used for the inside-of-one-server form. Diagnostics use nginx's wording.
 */
export function buildNginxModel(nodes: NginxDirective[], mode: NginxConfigMode, implied: { listen: string; tls: boolean }, source: string): { model: NginxModel; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const defined = new Set<string>();
  collectDefined(nodes, defined);
  const servers: NginxServer[] = [];
  let http: NginxDirective[] = [];
  if (mode === "server-blocks") {
    http = nodes;
    for (const d of directivesNamed(nodes, "server")) if (d.children) servers.push(buildServer(servers.length, d, d.children, null, source, diagnostics, defined));
  } else {
    servers.push(buildServer(0, null, nodes, implied, source, diagnostics, defined));
  }
  // ngx_http_add_addresses: two default_server flags on one address are fatal; the same name twice is a warning.
  const byAddr = new Map<string, { server: NginxServer; listen: NginxListen }[]>();
  for (const s of servers) for (const l of s.listens) byAddr.set(`${l.host ?? "*"}:${l.port}`, [...(byAddr.get(`${l.host ?? "*"}:${l.port}`) ?? []), { server: s, listen: l }]);
  for (const [addr, entries] of byAddr) {
    const defaults = entries.filter((e) => e.listen.defaultServer);
    if (defaults.length > 1) {
      const second = defaults[1]!.listen.directive!;
      err(diagnostics, source, second, "nginx-duplicate-default-server", `a duplicate default server for ${addr.replace(/^\*/, "0.0.0.0")}`);
    }
    const seen = new Map<string, NginxServer>();
    for (const e of entries) {
      for (const n of e.server.names) {
        if (n.kind === "regex") continue;
        const prev = seen.get(n.text);
        if (prev && prev !== e.server && n.directive) {
          err(diagnostics, source, n.directive, "nginx-conflicting-server-name", `conflicting server name "${n.text}" on ${addr.replace(/^\*/, "0.0.0.0")}, ignored`, "warning");
        } else if (!prev) seen.set(n.text, e.server);
      }
    }
  }
  checkAllVariables(nodes, defined, source, diagnostics);
  return { model: { mode, http, servers, upstreams: parseUpstreams(http), defined }, diagnostics };
}

/** The server chosen for a request, the others on the same address, and why. */
export interface ServerSelection {
  server: NginxServer;
  /** The servers bound to the connection's address, the default first. */
  candidates: NginxServer[];
  why: string;
}

/**
 * The servers that own a connection to `local` and their default: a listen on the exact address wins over
 * a wildcard one on the same port; among the servers of that address the `default_server` one is the
 * default, else the first. Null when nothing listens there.
 */
export function serversForConnection(model: NginxModel, local: { host: string; port: number }): { default: NginxServer; servers: NginxServer[]; listen: NginxListen } | null {
  const onPort: { s: NginxServer; l: NginxListen }[] = [];
  for (const s of model.servers) for (const l of s.listens) if (l.port === local.port) onPort.push({ s, l });
  const specific = onPort.filter((x) => x.l.host !== null && x.l.host === local.host);
  const chosen = specific.length ? specific : onPort.filter((x) => x.l.host === null);
  if (chosen.length === 0) return null;
  const def = chosen.find((x) => x.l.defaultServer) ?? chosen[0]!;
  return { default: def.s, servers: chosen.map((x) => x.s), listen: def.l };
}

/**
 * `ngx_http_find_virtual_server` for a host (already lowercased, without port; "" when the request named
 * none): exact names, then the longest `*.example.com`/`.example.com` match, then the longest
 * `www.example.*` match, then regexes in the order of the text; otherwise the default server.
 */
export function selectServer(servers: readonly NginxServer[], def: NginxServer, host: string): ServerSelection {
  const candidates = [def, ...servers.filter((s) => s !== def)];
  for (const s of servers) for (const n of s.names) if (n.kind === "exact" && n.text === host) return { server: s, candidates, why: `server_name ${n.text === "" ? '""' : n.text} matches exactly` };
  let best: { s: NginxServer; n: NginxServerName; len: number } | null = null;
  for (const s of servers) {
    for (const n of s.names) {
      if (n.kind !== "wildcard-head") continue;
      const suffix = n.text.startsWith("*.") ? n.text.slice(1) : n.text;
      const ok = host.endsWith(suffix) || (n.text.startsWith(".") && host === n.text.slice(1));
      if (ok && (!best || suffix.length > best.len)) best = { s, n, len: suffix.length };
    }
  }
  if (best) return { server: best.s, candidates, why: `server_name ${best.n.text} is the longest leading wildcard that matches` };
  for (const s of servers) {
    for (const n of s.names) {
      if (n.kind !== "wildcard-tail") continue;
      const prefix = n.text.slice(0, -1);
      if (host.startsWith(prefix) && host.length > prefix.length && (!best || prefix.length > best.len)) best = { s, n, len: prefix.length };
    }
  }
  if (best) return { server: best.s, candidates, why: `server_name ${best.n.text} is the longest trailing wildcard that matches` };
  if (host !== "") {
    for (const s of servers) for (const n of s.names) if (n.kind === "regex" && n.regex!.test(host)) return { server: s, candidates, why: `server_name ${n.text} is the first regex that matches` };
  }
  return {
    server: def,
    candidates,
    why: host === "" ? "no host in the request and no server_name \"\": the default server" : `no server_name matches ${host}: the default server for this address`,
  };
}

/**
 * The directives that apply for `name` at the innermost level that has any, over `levels` (outermost
 * first): nginx's merge for array directives (`proxy_set_header`, `set_real_ip_from`, `add_header`) and,
 * taking the first, for single-valued ones.
 */
export function inherited(levels: readonly (readonly NginxDirective[])[], name: string): readonly NginxDirective[] {
  for (let i = levels.length - 1; i >= 0; i -= 1) {
    const found = directivesNamed(levels[i]!, name);
    if (found.length) return found;
  }
  return NOT_SET;
}

const NOT_SET: readonly NginxDirective[] = [];

/** An on/off directive's value at the innermost level that sets it, else `fallback`. */
export function flagValue(levels: readonly (readonly NginxDirective[])[], name: string, fallback: boolean): boolean {
  const d = inherited(levels, name)[0];
  return d?.args[0] ? d.args[0].text.toLowerCase() === "on" : fallback;
}
