/**
 * Models nginx's `add_header` (the headers filter, `src/http/modules/ngx_http_headers_filter_module.c`,
 * nginx/nginx tag `release-1.22.1`; read from source): the headers of the innermost level that has any
 * `add_header` are added to responses with status 200, 201, 204, 206, 301, 302, 303, 304, 307 or 308, or
 * to every response with `always`; a value that evaluates to "" adds nothing. It applies to nginx's own
 * pages and to proxied responses alike. Checked on nginx 1.22.1 (Debian 12) by `ngx-add-header-*`.
 */
import type { HttpResponse } from "../types.ts";
import type { NginxDirective } from "./configParser.ts";
import { evaluate, type VariableContext } from "./variables.ts";

const SAFE = new Set([200, 201, 204, 206, 301, 302, 303, 304, 307, 308]);

/** Returns the response with the effective `add_header` lines added (a new object; the input is unchanged). */
export function addHeaders(response: HttpResponse, levels: readonly (readonly NginxDirective[])[], ctx: VariableContext, notes: string[]): HttpResponse {
  let rules: NginxDirective[] = [];
  for (let i = levels.length - 1; i >= 0; i -= 1) {
    rules = levels[i]!.filter((d) => d.name === "add_header");
    if (rules.length) break;
  }
  if (!rules.length) return response;
  const headers = { ...response.headers };
  for (const d of rules) {
    const name = d.args[0]?.text ?? "";
    const always = d.args[2]?.text === "always";
    if (!SAFE.has(response.status) && !always) {
      notes.push(`add_header ${name} (line ${d.line}) is skipped for status ${response.status} (no "always").`);
      continue;
    }
    const value = evaluate(d.args[1]?.text ?? "", ctx);
    if (value === "") continue;
    const existing = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
    headers[existing ?? name] = existing ? `${headers[existing]}, ${value}` : value;
    notes.push(`add_header ${name} ${JSON.stringify(value)} (line ${d.line}).`);
  }
  return { ...response, headers };
}
