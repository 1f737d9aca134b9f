/**
 * URL-path prefix matching as Apache's mod_alias does it (`alias_matches` in `modules/mappers/mod_alias.c`),
 * shared by Alias, WSGIScriptAlias (mod_wsgi copies the function) and mod_proxy's ProxyPass (`alias_match` in
 * `modules/proxy/mod_proxy.c`, the same rule including the segment boundary; checked on Apache 2.4.71).
 */

/**
 * Compares `uri` with `prefix`, where each run of `/` in the prefix matches a run of one or more `/` in the
 * URI. Returns how many characters of `uri` were consumed, or -1 when it does not match.
 */
export function matchSlashRuns(uri: string, prefix: string): number {
  let p = 0;
  let u = 0;
  while (p < prefix.length) {
    if (prefix[p] === "/") {
      if (uri[u] !== "/") return -1;
      while (prefix[p] === "/") p += 1;
      while (uri[u] === "/") u += 1;
    } else {
      if (uri[u] !== prefix[p]) return -1;
      u += 1;
      p += 1;
    }
  }
  return u;
}

/**
 * mod_alias `alias_matches`: the prefix must end at a path-segment boundary (`/t` takes `/t` and `/t/x`,
 * not `/tx`) unless it ends in `/`. Returns the characters consumed, or 0 when it does not match.
 */
export function aliasMatches(uri: string, alias: string): number {
  const n = matchSlashRuns(uri, alias);
  if (n < 0) return 0;
  if (alias.length && !alias.endsWith("/") && n < uri.length && uri[n] !== "/") return 0;
  return n;
}

/** `ap_escape_uri`: percent-encodes what may not stand in a URL path, byte by byte in UTF-8. */
export function escapePath(path: string): string {
  return path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/g, (c) =>
    Array.from(new TextEncoder().encode(c), (b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join(""),
  );
}
