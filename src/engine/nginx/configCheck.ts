/**
 * The checks nginx's directive handlers make when it reads a configuration (what `nginx -t` reports
 * beyond syntax and contexts), run over every level of a model: http, each server, each location, each
 * `if` block. Request-time modules (`proxy.ts`, `realip.ts`, `rewrite.ts`) only read the level that
 * handles a request; this pass makes sure an error anywhere in the text is reported, as nginx refuses to
 * start on it.
 *
 * Sources (nginx/nginx tag `release-1.22.1`, read from source): `ngx_http_proxy_pass`,
 * `ngx_http_proxy_redirect`, the `proxy_http_version` enum slot (`ngx_http_proxy_module.c`);
 * `ngx_http_realip_from`, `ngx_http_realip` (`ngx_http_realip_module.c`); `ngx_http_rewrite_return`,
 * `ngx_http_rewrite` (`ngx_http_rewrite_module.c`). Every message was checked with `nginx -t` on nginx
 * 1.22.1 (Debian 12); see configParser.test.ts and configCheck.test.ts.
 */
import type { Diagnostic } from "../types.ts";
import { directivesNamed, type NginxDirective } from "./configParser.ts";
import { compileRegex, type NginxLocation, type NginxModel } from "./server.ts";
import { parseProxyPass, redirectRules } from "./proxy.ts";
import { readRealip } from "./realip.ts";
import { ngxPtocidr } from "./inet.ts";
import { isDigits } from "../cRuntime.ts";

/** Directives that change what nginx does with a request but that this engine does not model. */
const NOT_MODELLED = new Set([
  "error_page", "try_files", "proxy_intercept_errors", "auth_basic", "auth_request", "proxy_method", "proxy_set_body", "sub_filter",
  "proxy_cookie_path", "proxy_cookie_domain", "proxy_cookie_flags", "proxy_hide_header", "proxy_pass_header", "proxy_ignore_headers",
  "fastcgi_pass", "uwsgi_pass", "scgi_pass", "grpc_pass", "memcached_pass", "limit_req", "limit_conn", "mirror", "proxy_store",
  "proxy_cache", "alias", "satisfy", "ssl_verify_client", "proxy_ssl_server_name", "proxy_next_upstream",
]);

/** Directives a level may hold once: a second one is `"name" directive is duplicate`. */
const ONCE = ["proxy_pass", "real_ip_header", "proxy_http_version", "proxy_method", "default_type", "root", "alias"];

function dup(d: NginxDirective, source: string): Diagnostic {
  return { severity: "error", code: "nginx-directive-duplicate", source, line: d.line, column: d.column, endLine: d.line, endColumn: d.endColumn, message: `"${d.name}" directive is duplicate` };
}

function checkLevel(body: readonly NginxDirective[], where: { locationName: string | null; allowsPass: boolean }, model: NginxModel, source: string, out: Diagnostic[]): void {
  for (const name of ONCE) {
    const found = directivesNamed(body, name);
    for (let i = 1; i < found.length; i++) out.push(dup(found[i]!, source));
  }
  const passDirective = directivesNamed(body, "proxy_pass")[0];
  const pass = passDirective && where.allowsPass ? parseProxyPass(passDirective, where.locationName, model, source, out) : null;
  redirectRules([{ directives: body, pass, locationName: where.locationName ?? "" }], source, out);
  readRealip(directivesNamed(body, "set_real_ip_from"), [], [], source, out);
  for (const d of directivesNamed(body, "proxy_http_version")) {
    const v = d.args[0];
    if (v && v.text !== "1.0" && v.text !== "1.1") out.push({ severity: "error", code: "nginx-invalid-value", source, line: v.line, column: v.column, endLine: v.endLine, endColumn: v.endColumn, message: `invalid value "${v.text}"` });
  }
  for (const d of directivesNamed(body, "return")) {
    const a = d.args[0];
    if (!a) continue;
    const code = isDigits(a.text) ? Number(a.text) : Number.NaN;
    const url = d.args.length === 1 && /^(https?:\/\/|\$scheme)/.test(a.text);
    if ((Number.isNaN(code) && !url) || code > 999) {
      out.push({ severity: "error", code: "nginx-return-code", source, line: a.line, column: a.column, endLine: a.endLine, endColumn: a.endColumn, message: `invalid return code "${a.text}"` });
    }
  }
  for (const d of directivesNamed(body, "rewrite")) {
    const re = d.args[0];
    if (re) {
      const c = compileRegex(re.text, false);
      if ("error" in c) out.push({ severity: "error", code: "nginx-regex", source, line: re.line, column: re.column, endLine: re.endLine, endColumn: re.endColumn, message: c.error });
    }
    const flag = d.args[2];
    if (flag && !["last", "break", "redirect", "permanent"].includes(flag.text)) {
      out.push({ severity: "error", code: "nginx-invalid-parameter", source, line: flag.line, column: flag.column, endLine: flag.endLine, endColumn: flag.endColumn, message: `invalid parameter "${flag.text}"` });
    }
  }
  for (const d of [...directivesNamed(body, "allow"), ...directivesNamed(body, "deny")]) {
    const v = d.args[0];
    if (!v || v.text === "all" || v.text === "unix:") continue;
    const c = ngxPtocidr(v.text);
    if (!c) out.push({ severity: "error", code: "nginx-invalid-parameter", source, line: v.line, column: v.column, endLine: v.endLine, endColumn: v.endColumn, message: `invalid parameter "${v.text}"` });
    else if (c.lowBits) out.push({ severity: "warning", code: "nginx-access-low-bits", source, line: v.line, column: v.column, endLine: v.endLine, endColumn: v.endColumn, message: `low address bits of ${v.text} are meaningless` });
  }
  for (const d of body) {
    if (!NOT_MODELLED.has(d.name) || d.includedFrom) continue;
    out.push({ severity: "info", code: "nginx-not-modelled", source, line: d.line, column: d.column, endLine: d.line, endColumn: d.endColumn, message: `"${d.name}" is not modelled by this engine: the simulation goes on as if it were not there.` });
  }
  for (const d of directivesNamed(body, "if")) {
    if (d.children) checkLevel(d.children, { locationName: null, allowsPass: where.allowsPass }, model, source, out);
  }
  for (const d of directivesNamed(body, "limit_except")) {
    if (d.children) checkLevel(d.children, { locationName: null, allowsPass: true }, model, source, out);
  }
}

function checkLocations(locations: readonly NginxLocation[], model: NginxModel, source: string, out: Diagnostic[]): void {
  for (const l of locations) {
    const name = l.regex || l.modifier === "@" ? null : l.name;
    checkLevel(l.body, { locationName: name, allowsPass: true }, model, source, out);
    checkLocations(l.locations, model, source, out);
  }
}

/**
 * Runs the directive handlers' checks over every level of the model. Returns diagnostics in nginx's words
 * (`"proxy_pass" directive is duplicate`, `invalid URL prefix`, `"proxy_redirect default" should be placed
 * after the "proxy_pass" directive`, `host not found in set_real_ip_from "…"`, `invalid return code "…"`, …).
 */
export function checkNginxModel(model: NginxModel, source: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  checkLevel(model.http.filter((d) => d.children === null || d.name === "if"), { locationName: null, allowsPass: false }, model, source, out);
  for (const s of model.servers) {
    checkLevel(s.body, { locationName: null, allowsPass: false }, model, source, out);
    checkLocations(s.locations, model, source, out);
  }
  return out;
}
