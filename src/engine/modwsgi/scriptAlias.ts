/**
 * Models WSGIScriptAlias: which URL paths reach the WSGI application and how the path splits into
 * SCRIPT_NAME and PATH_INFO.
 *
 * Source: mod_wsgi 4.9.4 `wsgi_hook_intercept` with `wsgi_alias_matches` (a copy of mod_alias's
 * matcher). Checked on Apache 2.4.71 + mod_wsgi 4.9.4: `WSGIScriptAlias / app.py` gives SCRIPT_NAME ""
 * and PATH_INFO "/a/b" for `/a/b`; `WSGIScriptAlias /t app.py` gives "/t" and "/x" for `/t/x`.
 * Scenario convention: no WSGIScriptAlias mounts the application at `/`.
 */
import type { Directive } from "../apache/configParser.ts";
import type { Diagnostic } from "../types.ts";
import { aliasMatches } from "../apache/modAlias.ts";

export interface ScriptAlias {
  mount: string;
  file: string;
  /** Null for the implied mount at `/`. */
  directive: Directive | null;
}

/** The WSGIScriptAlias entries in effect, the virtual host's before the main server's. */
export function scriptAliases(directives: readonly Directive[], source: string, diagnostics: Diagnostic[]): ScriptAlias[] {
  const out: ScriptAlias[] = [];
  const found = directives.filter((d) => d.name.toLowerCase() === "wsgiscriptalias");
  for (const d of found) {
    if (d.args.length < 2) {
      diagnostics.push({ severity: "error", code: "wsgi-script-alias-args", source, line: d.line, column: d.column, message: "WSGIScriptAlias requires at least two arguments, Map location to target WSGI script file. Apache refuses to start: write a URL path and a script file, WSGIScriptAlias /app /srv/app/wsgi.py." });
      continue;
    }
    out.push({ mount: d.args[0]!.text, file: d.args[1]!.text, directive: d });
  }
  if (found.length === 0) out.push({ mount: "/", file: "/srv/app/wsgi.py", directive: null });
  return out;
}

/** The first mount that takes `path`, with SCRIPT_NAME and PATH_INFO (both decoded), or null. */
export function matchScriptAlias(aliases: readonly ScriptAlias[], path: string): { alias: ScriptAlias; scriptName: string; pathInfo: string } | null {
  for (const alias of aliases) {
    const matched = aliasMatches(path, alias.mount);
    if (matched === 0) continue;
    if (alias.mount.endsWith("/")) {
      return { alias, scriptName: path.slice(0, matched).replace(/\/+$/, ""), pathInfo: "/" + path.slice(matched) };
    }
    return { alias, scriptName: path.slice(0, matched), pathInfo: path.slice(matched) };
  }
  return null;
}
