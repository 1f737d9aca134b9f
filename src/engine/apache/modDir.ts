/**
 * Models Apache mod_dir for the scenario's `directories` (URL paths served from disk, each holding an
 * index.html): the trailing-slash redirect (`DirectorySlash On`, the default) and the directory index.
 *
 * Source: httpd 2.4 `modules/mappers/mod_dir.c` (`fixup_dir`). The 301's Location is `ap_construct_url`
 * of the escaped path plus `/`, with the query string kept; checked on Apache 2.4.71 (Debian 12):
 * `/static` behind a front end with ProxyPreserveHost On gives `http://www.example.com/static/`.
 */
import type { HttpResponse } from "../types.ts";
import { errorResponse } from "./errorDocuments.ts";
import { aliasMatches, escapePath } from "./modAlias.ts";
import { constructUrl, type RequestFacts, type ServerScope } from "./server.ts";

/**
 * Answers a request for one of `directories`, or returns null when the path is under none of them.
 * Directories are mapped like `Alias` entries, which Apache matches before WSGIScriptAlias.
 */
export function serveDirectory(
  directories: readonly string[],
  path: string,
  query: string | null,
  scope: ServerScope,
  facts: RequestFacts,
): { response: HttpResponse; message: string; step: string } | null {
  for (const dir of directories) {
    const n = aliasMatches(path, dir);
    if (n === 0) continue;
    const rest = path.slice(n);
    if (rest === "" && !dir.endsWith("/")) {
      const location = constructUrl(scope, facts, escapePath(path) + "/") + (query !== null ? `?${query}` : "");
      const from =
        scope.useCanonicalName === "on" ? "ServerName (UseCanonicalName On)" : facts.hostname ? "the Host header (UseCanonicalName Off)" : "ServerName (no Host header)";
      return {
        response: errorResponse(301, location),
        step: "mod_dir.directory-slash",
        message: `${path} is a directory: DirectorySlash answers 301 with Location ${location}, built from ${from}.`,
      };
    }
    if (rest === "" || rest === "/" || rest === "/index.html") {
      return { response: { status: 200, headers: { "Content-Type": "text/html" } }, step: "mod_dir.directory-index", message: `${path} is served from disk: ${dir}/index.html.` };
    }
    return { response: errorResponse(404), step: "core.not-found", message: `${path} is under the directory ${dir}, which holds only index.html: 404.` };
  }
  return null;
}
