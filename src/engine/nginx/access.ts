/**
 * Models nginx's access module (`allow`, `deny`): the first rule that matches the client address decides;
 * `deny` answers 403. The rules of the innermost level that has any apply (a location with its own rules
 * drops the server's). The address is `$remote_addr` after realip, so trusting a proxy with
 * `set_real_ip_from` also decides who gets through.
 *
 * Source: `src/http/modules/ngx_http_access_module.c` (nginx/nginx tag `release-1.22.1`; read from source).
 * Checked on nginx 1.22.1 (Debian 12) by the conformance scenarios `ngx-access-*`.
 */
import type { NginxDirective } from "./configParser.ts";
import { ngxCidrMatch, ngxParseAddr, ngxPtocidr } from "./inet.ts";

export interface AccessDecision {
  /** True when a deny rule matched. */
  denied: boolean;
  /** The rule that decided, or null when none matched (access is then allowed). */
  rule: NginxDirective | null;
}

/**
 * Applies `allow`/`deny` rules (in order) to an address. `all` matches every address; `unix:` matches none
 * here (the connections are TCP). An entry nginx would refuse is skipped (configCheck reports it).
 */
export function checkAccess(rules: readonly NginxDirective[], address: string): AccessDecision {
  const addr = ngxParseAddr(address);
  for (const d of rules) {
    const value = d.args[0]?.text ?? "";
    let hit: boolean;
    if (value === "all") hit = true;
    else if (value === "unix:" || !addr) hit = false;
    else {
      const c = ngxPtocidr(value);
      hit = c !== null && ngxCidrMatch(addr, [c.cidr]) !== null;
    }
    if (hit) return { denied: d.name === "deny", rule: d };
  }
  return { denied: false, rule: null };
}
