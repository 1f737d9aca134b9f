/**
 * Models how nginx picks the `location` for a request URI, and its own trailing-slash redirect.
 *
 * Source: `ngx_http_core_find_location` and `ngx_http_core_find_static_location`
 * (`src/http/ngx_http_core_module.c`, nginx/nginx tag `release-1.22.1`; read from source), documented as
 * "location" at nginx.org. The rule, level by level (a server's locations, then the nested ones of the
 * location found):
 * 1. An exact location `= /uri` equal to the URI wins at once.
 * 2. Otherwise the longest prefix location (plain or `^~`) that starts the URI is remembered, and its
 *    nested locations are searched the same way.
 * 3. If a prefix (or exact) location is named exactly URI + "/" and has `proxy_pass` (or another
 *    `*_pass`), and no location is named exactly the URI, nginx answers 301 to that name (`auto_redirect`);
 *    regexes are not tried.
 * 4. Unless the remembered prefix is `^~`, the regex locations (`~` case-sensitive, `~*` caseless) are tried
 *    in the order of the text; the first match wins, then its nested locations are searched.
 * 5. Otherwise the remembered prefix is used; with none, the server's own configuration.
 * Prefix comparison is case-sensitive (Linux). Regexes run on the decoded, normalised URI. Checked on
 * nginx 1.22.1 (Debian 12) through the location rows of this project's conformance corpus.
 */
import type { NginxLocation } from "./server.ts";

/** The outcome of the location search for one URI. */
export interface LocationMatch {
  /** The location whose configuration handles the request, or null for the server level. */
  location: NginxLocation | null;
  /** Set when nginx answers with its own 301 to this location's name (rule 3). */
  redirectTo: NginxLocation | null;
  /** Regex captures of the matching location ($1…$9), index 0 the whole match. */
  captures: string[];
  /** Named captures, usable as variables. */
  named: Record<string, string>;
  /** Why, in one sentence for the trace. */
  why: string;
}

function describe(l: NginxLocation): string {
  return `location ${l.modifier ? l.modifier + " " : ""}${l.name} (line ${l.directive.line})`;
}

interface LevelResult {
  kind: "exact" | "prefix" | "regex" | "redirect" | "none";
  location: NginxLocation | null;
  captures: string[];
  named: Record<string, string>;
  why: string;
}

function findAtLevel(locations: readonly NginxLocation[], uri: string): LevelResult {
  const statics = locations.filter((l) => l.modifier === "=" || l.modifier === "^~" || l.modifier === "");
  const exact = statics.find((l) => l.modifier === "=" && l.name === uri);
  if (exact) return { kind: "exact", location: exact, captures: [], named: {}, why: `${describe(exact)} matches exactly` };

  const redirect = statics.filter((l) => l.name === uri + "/" && l.autoRedirect);
  if (redirect.length && !statics.some((l) => l.name === uri)) {
    const target = redirect.find((l) => l.modifier === "=") ?? redirect[0]!;
    return { kind: "redirect", location: target, captures: [], named: {}, why: `${uri} is ${describe(target)} without its trailing slash, and that location proxies: nginx answers 301 to ${target.name}` };
  }

  let prefix: NginxLocation | null = null;
  for (const l of statics) {
    if (l.modifier === "=") continue;
    if (uri.startsWith(l.name) && (!prefix || l.name.length > prefix.name.length)) prefix = l;
  }
  let result: LevelResult = { kind: "none", location: null, captures: [], named: {}, why: "no location matches" };
  if (prefix) {
    result = { kind: "prefix", location: prefix, captures: [], named: {}, why: `${describe(prefix)} is the longest matching prefix` };
    const nested = findAtLevel(prefix.locations, uri);
    if (nested.kind === "exact" || nested.kind === "regex" || nested.kind === "redirect") return { ...nested, why: `${result.why}; inside it, ${nested.why}` };
    if (nested.kind === "prefix") result = { ...nested, why: `${result.why}; inside it, ${nested.why}` };
  }
  if (prefix?.modifier === "^~") return { ...result, why: `${result.why}, and ^~ skips the regex locations` };
  for (const l of locations) {
    if (!l.regex) continue;
    const m = l.regex.exec(uri);
    if (!m) continue;
    const captures = [...m].map((x) => x ?? "");
    const named = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k.toLowerCase(), v ?? ""]));
    const why = `${describe(l)} is the first regex that matches${prefix ? ` (it beats the prefix ${prefix.name})` : ""}`;
    const nested = findAtLevel(l.locations, uri);
    if (nested.location) return { ...nested, kind: "regex", captures: nested.captures.length ? nested.captures : captures, named: { ...named, ...nested.named }, why: `${why}; inside it, ${nested.why}` };
    return { kind: "regex", location: l, captures, named, why };
  }
  if (result.kind === "prefix" && locations.some((l) => l.regex)) result = { ...result, why: `${result.why}; no regex location matches` };
  return result;
}

/** Finds the location for `uri` among a server's locations (see the module comment for the rule). */
export function findLocation(locations: readonly NginxLocation[], uri: string): LocationMatch {
  const r = findAtLevel(locations, uri);
  if (r.kind === "redirect") return { location: r.location, redirectTo: r.location, captures: [], named: {}, why: r.why };
  return { location: r.location, redirectTo: null, captures: r.captures, named: r.named, why: r.location ? r.why : `no location matches ${uri}: the server's own configuration applies` };
}

/** The chain of locations from the outermost to `loc`, for inheritance. */
export function locationChain(loc: NginxLocation | null): NginxLocation[] {
  const out: NginxLocation[] = [];
  for (let l = loc; l; l = l.parent) out.unshift(l);
  return out;
}
