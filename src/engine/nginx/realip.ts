/**
 * Models nginx's realip module: `set_real_ip_from`, `real_ip_header`, `real_ip_recursive`, which replace
 * the client address (`$remote_addr`, and what `$proxy_add_x_forwarded_for` appends) with one taken from a
 * header sent by a trusted peer.
 *
 * Source: `src/http/modules/ngx_http_realip_module.c` and `ngx_http_get_forwarded_addr` in
 * `src/http/ngx_http_core_module.c` (nginx/nginx tag `release-1.22.1`; read from source). Checked on nginx
 * 1.22.1 (Debian 12): `proxies-and-frameworks.md` §9 and §12 example 43 [emp], and the realip rows of this
 * project's conformance corpus.
 *
 * The rule:
 * - Nothing happens unless the connection's peer is in `set_real_ip_from`.
 * - `real_ip_header X-Real-IP` (the default) takes the first X-Real-IP line as one element.
 * - `real_ip_header X-Forwarded-For` (spelled exactly so) walks the header from the right: only the last
 *   line when `real_ip_recursive off` (the default), taking its rightmost element whatever it is; every
 *   line, right to left, while the current address is trusted, when it is `on` (all trusted: the leftmost).
 * - Any other name (including `x-forwarded-for` in lowercase) is looked up as a header: its first line is
 *   walked on its own.
 * - Elements are separated by spaces and commas; `ip:port` and `[v6]:port` lose the port; anything that is
 *   not an address stops the walk and leaves the address as it was.
 * The module runs twice: after the request head is read, with the server's settings, and before access
 * checks, with the location's; only the first that changes the address counts. The walk itself is
 * `http/forwardedFor.ts`, shared with mod_wsgi.
 */
import type { Diagnostic } from "../types.ts";
import type { NginxDirective } from "./configParser.ts";
import { walkForwardedFor } from "../http/forwardedFor.ts";
import { ngxAddrText, ngxCidrMatch, ngxParseAddr, ngxParseAddrPort, ngxPtocidr, type NgxCidr } from "./inet.ts";
import type { NginxHeaderLine } from "./variables.ts";
import { memoByObject } from "../textMemo.ts";

/** The realip settings in effect at one level (server or location). */
export interface RealipConfig {
  /** set_real_ip_from entries, or null when the directive is not in effect (the module is off). */
  from: NgxCidr[] | null;
  /** The header as written; "X-Real-IP" by default. */
  header: string;
  recursive: boolean;
}

/**
 * Reads the effective realip directives (each list from the innermost level that has it). Bad entries get
 * nginx's messages: `host not found in set_real_ip_from "…"` (an error: nginx does not start) and
 * `low address bits of … are meaningless` (a warning). `localhost` is 127.0.0.1 as /etc/hosts says; other
 * names are resolved by the real server, which this model does not do.
 */
export function readRealip(from: readonly NginxDirective[], header: readonly NginxDirective[], recursive: readonly NginxDirective[], source: string, diagnostics: Diagnostic[] | null): RealipConfig {
  const h = header.at(-1)?.args[0]?.text ?? "X-Real-IP";
  const r = recursive.at(-1)?.args[0]?.text.toLowerCase() === "on";
  // A request reads the same lists of a kept model every time (and reports nothing): their entries are read once.
  return { from: diagnostics === null ? entriesOf(from) : readFrom(from, source, diagnostics), header: h, recursive: r };
}

/** readRealip's set_real_ip_from entries by list, for the readings that report nothing; shared and read-only. */
const entriesOf = memoByObject((from: readonly NginxDirective[]) => readFrom(from, "", null));

function readFrom(from: readonly NginxDirective[], source: string, diagnostics: Diagnostic[] | null): NgxCidr[] | null {
  let cidrs: NgxCidr[] | null = null;
  for (const d of from) {
    const a = d.args[0];
    if (!a) continue;
    cidrs ??= [];
    const at = { source, line: a.line, column: a.column, endLine: a.endLine, endColumn: a.endColumn };
    if (a.text === "unix:") continue;
    const parsed = ngxPtocidr(a.text);
    if (parsed) {
      if (parsed.lowBits) diagnostics?.push({ severity: "warning", code: "nginx-realip-low-bits", ...at, message: `low address bits of ${a.text} are meaningless` });
      cidrs.push(parsed.cidr);
      continue;
    }
    if (a.text.toLowerCase() === "localhost") {
      cidrs.push(ngxPtocidr("127.0.0.1")!.cidr);
      continue;
    }
    diagnostics?.push({
      severity: "error",
      code: "nginx-realip-host-not-found",
      ...at,
      message: /^[0-9.]+$/.test(a.text) || a.text.includes("/") ? `host not found in set_real_ip_from "${a.text}"` : `host not found in set_real_ip_from "${a.text}" (nginx resolves names when it starts; this model does not)`,
    });
  }
  return cidrs;
}

/**
 * Splits one header line into elements the way `ngx_http_get_forwarded_addr_internal` reads it from the
 * right: trailing spaces and commas are skipped, an element runs back to the previous space or comma, and
 * the first character of the line is never taken as a separator (so `,1.2.3.4` is one element that does
 * not parse). Returned left to right.
 */
export function forwardedElements(value: string): string[] {
  const out: string[] = [];
  const sep = (c: string | undefined) => c === " " || c === ",";
  let len = value.length;
  while (len > 0) {
    let p = len - 1;
    while (p > 0 && sep(value[p])) {
      p -= 1;
      len -= 1;
    }
    let q = p;
    while (q > 0) {
      if (sep(value[q])) {
        q += 1;
        break;
      }
      q -= 1;
    }
    out.unshift(value.slice(q, len));
    if (q === 0) break;
    len = q - 1;
  }
  return out;
}

/** What realip did for one request, with one sentence per decision for the trace. */
export interface RealipResult {
  /** The new client address text, or null when nothing changed. */
  address: string | null;
  notes: string[];
}

/** Applies the realip rule to a request from `peer` with these header lines. Pure; never throws. */
export function applyRealip(config: RealipConfig, peer: string, headers: readonly NginxHeaderLine[]): RealipResult {
  const notes: string[] = [];
  if (config.from === null) return { address: null, notes };
  const peerAddr = ngxParseAddr(peer);
  if (!peerAddr) return { address: null, notes: [`peer ${peer} is not an address nginx can test`] };
  const trusted = (a: typeof peerAddr) => ngxCidrMatch(a, config.from!) !== null;
  let lines: string[];
  const recursive = config.recursive;
  if (config.header === "X-Real-IP" || config.header === "X-Forwarded-For") {
    const all = headers.filter((h) => h.name.toLowerCase() === config.header.toLowerCase()).map((h) => h.value);
    lines = config.header === "X-Real-IP" ? all.slice(0, 1) : recursive ? all : all.slice(-1);
  } else if (config.header === "proxy_protocol") {
    notes.push("real_ip_header proxy_protocol: the connection does not use the PROXY protocol, so nothing changes.");
    return { address: null, notes };
  } else {
    const first = headers.find((h) => h.name.toLowerCase() === config.header.toLowerCase());
    lines = first ? [first.value] : [];
  }
  if (lines.length === 0) {
    notes.push(`no ${config.header} header: $remote_addr stays ${peer}.`);
    return { address: null, notes };
  }
  if (!trusted(peerAddr)) {
    notes.push(`peer ${peer} is not in set_real_ip_from (${config.from.map((c) => c.text).join(" ")}): ${config.header} is ignored and $remote_addr stays ${peer}.`);
    return { address: null, notes };
  }
  const walk = walkForwardedFor({
    peer: peerAddr,
    elements: lines.flatMap((l) => forwardedElements(l)),
    parse: ngxParseAddrPort,
    trusted,
    recursive,
  });
  for (const s of walk.steps) if (s.outcome === "unparsable") notes.push(`element ${JSON.stringify(s.element)} is not an address: the walk stops there.`);
  if (!walk.changed) {
    notes.push(`peer ${peer} is trusted, but ${config.header} gives no address: $remote_addr stays ${peer}.`);
    return { address: null, notes };
  }
  const text = ngxAddrText(walk.address);
  notes.push(
    recursive
      ? walk.stop === "exhausted"
        ? `peer ${peer} is trusted and so is every element of ${config.header}: the leftmost, ${JSON.stringify(walk.element)}, becomes $remote_addr ${text}.`
        : `peer ${peer} is trusted; walking ${config.header} from the right past trusted addresses ends on ${JSON.stringify(walk.element)}: $remote_addr ${peer} → ${text}.`
      : `peer ${peer} is trusted; ${config.header} ${JSON.stringify(lines.at(-1))}: its rightmost element ${JSON.stringify(walk.element)} becomes $remote_addr (${peer} → ${text}); real_ip_recursive is off.`,
  );
  return { address: text, notes };
}
