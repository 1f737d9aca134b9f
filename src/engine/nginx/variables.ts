/**
 * nginx variables: which names exist, how `$name` / `${name}` are found in a directive's text, and the
 * values of the ones a reverse proxy's configuration uses.
 *
 * Sources (nginx/nginx tag `release-1.22.1`, read from source): `src/http/ngx_http_variables.c` (core
 * variables, `$http_<name>`, `$host`), `ngx_http_script.c` (how `$name` and `${name}` are scanned),
 * `modules/ngx_http_proxy_module.c` (`$proxy_host`, `$proxy_port`, `$proxy_add_x_forwarded_for`),
 * `modules/ngx_http_realip_module.c` (`$realip_remote_addr`). Values checked on nginx 1.22.1 (Debian 12)
 * through the headers the back end receives in this project's conformance corpus (`$host`, `$http_host`,
 * `$proxy_host`, `$proxy_add_x_forwarded_for`, `$scheme`, `$server_port`, `$remote_addr`, `$server_name`,
 * `$request_uri`, `$http_<name>`).
 *
 * A name nginx does not know is a start-up error, `unknown "name" variable`, with no line number in
 * nginx's own output (it is reported after the whole file is read); here it points at the word.
 */
import type { Diagnostic } from "../types.ts";
import type { NginxArg } from "./configParser.ts";
import { isCAlnum } from "../cRuntime.ts";

/** The variables nginx 1.22.1 (Debian 12 build) defines, without prefix families. */
const KNOWN = new Set(
  (
    "ancient_browser args binary_remote_addr body_bytes_sent bytes_sent connection connection_requests connection_time " +
    "connections_active connections_reading connections_waiting connections_writing content_length content_type date_gmt " +
    "date_local document_root document_uri fastcgi_path_info fastcgi_script_name grpc_internal_trailers host hostname http2 " +
    "http_cookie http_host http_referer http_user_agent http_via http_x_forwarded_for https is_args limit_conn_status " +
    "limit_rate limit_req_status modern_browser msec msie nginx_version pid pipe proxy_add_via proxy_add_x_forwarded_for " +
    "proxy_host proxy_internal_body_length proxy_internal_chunked proxy_port proxy_protocol_addr proxy_protocol_port " +
    "proxy_protocol_server_addr proxy_protocol_server_port query_string realip_remote_addr realip_remote_port realpath_root " +
    "remote_addr remote_port remote_user request request_body request_body_file request_completion request_filename " +
    "request_id request_length request_method request_time request_uri scheme sent_http_cache_control sent_http_connection " +
    "sent_http_content_length sent_http_content_type sent_http_keep_alive sent_http_last_modified sent_http_link " +
    "sent_http_location sent_http_transfer_encoding server_addr server_name server_port server_protocol ssl_alpn_protocol " +
    "ssl_cipher ssl_ciphers ssl_client_cert ssl_client_escaped_cert ssl_client_fingerprint ssl_client_i_dn " +
    "ssl_client_i_dn_legacy ssl_client_raw_cert ssl_client_s_dn ssl_client_s_dn_legacy ssl_client_serial ssl_client_v_end " +
    "ssl_client_v_remain ssl_client_v_start ssl_client_verify ssl_curve ssl_curves ssl_early_data ssl_protocol " +
    "ssl_server_name ssl_session_id ssl_session_reused status tcpinfo_rcv_space tcpinfo_rtt tcpinfo_rttvar tcpinfo_snd_cwnd " +
    "time_iso8601 time_local upstream_addr upstream_bytes_received upstream_bytes_sent upstream_cache_etag " +
    "upstream_cache_last_modified upstream_cache_status upstream_connect_time upstream_header_time " +
    "upstream_response_length upstream_response_time upstream_status uri gzip_ratio invalid_referer secure_link " +
    "secure_link_expires uid_got uid_set uid_reset slice_range"
  ).split(" "),
);

/** Prefix families: `$http_x_real_ip`, `$arg_page`, `$cookie_sid`, … */
const PREFIXES = ["http_", "sent_http_", "sent_trailer_", "cookie_", "arg_", "upstream_http_", "upstream_cookie_", "upstream_trailer_"];

/** A reference to a variable in a directive's text. */
export interface VariableRef {
  name: string;
  /** Offset of the `$` in the text. */
  start: number;
  /** Offset just past the reference (past `}` for `${name}`). */
  end: number;
}

/**
 * Finds `$name` and `${name}` in a value as `ngx_http_script_compile` does: a name is letters, digits and
 * `_`; `$1`…`$9` are regex captures. A `$` followed by nothing usable is reported by nginx as
 * `invalid variable name`; it is returned with an empty name.
 */
export function variableRefs(text: string): VariableRef[] {
  const out: VariableRef[] = [];
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] !== "$") continue;
    const start = i;
    if (text[i + 1] === "{") {
      const close = text.indexOf("}", i + 2);
      if (close < 0) {
        out.push({ name: "", start, end: text.length });
        break;
      }
      out.push({ name: text.slice(i + 2, close), start, end: close + 1 });
      i = close;
      continue;
    }
    const next = text.charCodeAt(i + 1);
    if (next >= 0x31 && next <= 0x39) {
      out.push({ name: text[i + 1]!, start, end: i + 2 });
      i += 1;
      continue;
    }
    let j = i + 1;
    while (j < text.length && (isCAlnum(text.charCodeAt(j)) || text.charCodeAt(j) === 0x5f)) j += 1;
    out.push({ name: text.slice(i + 1, j), start, end: j });
    i = j - 1;
  }
  return out;
}

/** True when the text holds a variable reference (nginx then evaluates it per request). */
export function hasVariables(text: string): boolean {
  return variableRefs(text).length > 0;
}

/** Whether nginx knows the variable; `defined` holds names created by `set`, `map`, `geo` and regex captures. */
export function isKnownVariable(name: string, defined: ReadonlySet<string>): boolean {
  const n = name.toLowerCase();
  if (/^[0-9]$/.test(n)) return true;
  if (KNOWN.has(n) || defined.has(n)) return true;
  return PREFIXES.some((p) => n.startsWith(p) && n.length > p.length);
}

/**
 * Checks every variable in an argument: `invalid variable name` for a bare `$`, `unknown "x" variable`
 * for a name nginx does not define (a start-up error).
 */
export function checkVariables(arg: NginxArg, defined: ReadonlySet<string>, source: string, diagnostics: Diagnostic[]): void {
  for (const ref of variableRefs(arg.text)) {
    const at = { source, line: arg.line, column: arg.column, endLine: arg.endLine, endColumn: arg.endColumn };
    if (ref.name === "") {
      diagnostics.push({ severity: "error", code: "nginx-invalid-variable-name", ...at, message: `invalid variable name in "${arg.text}"` });
    } else if (!isKnownVariable(ref.name, defined)) {
      diagnostics.push({ severity: "error", code: "nginx-unknown-variable", ...at, message: `unknown "${ref.name.toLowerCase()}" variable` });
    }
  }
}

/** One request header line as nginx stored it (invalid lines already dropped). */
export interface NginxHeaderLine {
  name: string;
  value: string;
}

/** What variable evaluation needs to know about the request. */
export interface VariableContext {
  method: string;
  /** `$request_uri`: the target as received (path and query). */
  requestUri: string;
  /** `$uri`: the decoded, normalised path. */
  uri: string;
  /** `$args`, or null when the target has no `?`. */
  args: string | null;
  /** `HTTP/1.1`, … */
  protocol: string;
  headers: readonly NginxHeaderLine[];
  /** `r->headers_in.server`: the host from the request line or Host, lowercased, without port; "" if none. */
  host: string;
  /** The server's first server_name ($server_name). */
  serverName: string;
  tls: boolean;
  /** The address and port the connection arrived on. */
  local: { host: string; port: number };
  /** `$remote_addr` (after realip) and the connection's own peer (`$realip_remote_addr`). */
  remoteAddr: string;
  realipRemoteAddr: string;
  /** `$proxy_host` and `$proxy_port`, when a proxy_pass is in effect. */
  proxy?: { host: string; port: string };
  /** Regex captures of the last match ($1…$9). */
  captures?: readonly string[];
  /** Variables from `set`. */
  set?: ReadonlyMap<string, string>;
}

function headerVar(headers: readonly NginxHeaderLine[], name: string): string | undefined {
  // `$http_foo_bar` matches the first line whose name, lowercased with "-" as "_", is foo_bar.
  return headers.find((h) => h.name.toLowerCase().replace(/-/g, "_") === name)?.value;
}

/** `$proxy_add_x_forwarded_for`: every X-Forwarded-For line joined with ", ", then ", $remote_addr". */
export function proxyAddXForwardedFor(headers: readonly NginxHeaderLine[], remoteAddr: string): string {
  const lines = headers.filter((h) => h.name.toLowerCase() === "x-forwarded-for");
  return lines.length === 0 ? remoteAddr : lines.map((h) => `${h.value}, `).join("") + remoteAddr;
}

/**
 * The value of one variable, or undefined when nginx has none ("not found", which evaluates to an empty
 * string). Names are compared in lowercase.
 */
export function variableValue(name: string, ctx: VariableContext): string | undefined {
  const n = name.toLowerCase();
  if (/^[1-9]$/.test(n)) return ctx.captures?.[Number(n)];
  if (ctx.set?.has(n)) return ctx.set.get(n);
  switch (n) {
    case "host":
      return ctx.host !== "" ? ctx.host : ctx.serverName;
    case "http_host":
      return headerVar(ctx.headers, "host");
    case "http_x_forwarded_for": {
      const lines = ctx.headers.filter((h) => h.name.toLowerCase() === "x-forwarded-for");
      return lines.length ? lines.map((h) => h.value).join(", ") : undefined;
    }
    case "http_cookie": {
      const lines = ctx.headers.filter((h) => h.name.toLowerCase() === "cookie");
      return lines.length ? lines.map((h) => h.value).join("; ") : undefined;
    }
    case "remote_addr":
      return ctx.remoteAddr;
    case "realip_remote_addr":
      return ctx.realipRemoteAddr;
    case "server_addr":
      return ctx.local.host;
    case "server_port":
      return String(ctx.local.port);
    case "server_name":
      return ctx.serverName;
    case "server_protocol":
      return ctx.protocol;
    case "scheme":
      return ctx.tls ? "https" : "http";
    case "https":
      return ctx.tls ? "on" : "";
    case "request_uri":
      return ctx.requestUri;
    case "uri":
    case "document_uri":
      return ctx.uri;
    case "args":
    case "query_string":
      return ctx.args ?? undefined;
    case "is_args":
      return ctx.args !== null && ctx.args !== "" ? "?" : "";
    case "request_method":
      return ctx.method;
    case "request":
      return `${ctx.method} ${ctx.requestUri} ${ctx.protocol}`;
    case "proxy_host":
      return ctx.proxy?.host;
    case "proxy_port":
      return ctx.proxy?.port;
    case "proxy_add_x_forwarded_for":
      return proxyAddXForwardedFor(ctx.headers, ctx.remoteAddr);
    case "nginx_version":
      return "1.22.1";
    case "content_length":
      return headerVar(ctx.headers, "content_length");
    case "content_type":
      return headerVar(ctx.headers, "content_type");
  }
  if (n.startsWith("http_")) return headerVar(ctx.headers, n.slice(5));
  if (n.startsWith("arg_")) {
    for (const part of (ctx.args ?? "").split("&")) {
      const eq = part.indexOf("=");
      if ((eq < 0 ? part : part.slice(0, eq)).toLowerCase() === n.slice(4)) return eq < 0 ? "" : part.slice(eq + 1);
    }
    return undefined;
  }
  if (n.startsWith("cookie_")) {
    for (const line of ctx.headers.filter((h) => h.name.toLowerCase() === "cookie")) {
      for (const part of line.value.split(/;\s*/)) {
        const eq = part.indexOf("=");
        if (eq > 0 && part.slice(0, eq).toLowerCase() === n.slice(7)) return part.slice(eq + 1);
      }
    }
  }
  return undefined;
}

/** Evaluates a complex value (text with `$name`/`${name}`); variables without a value give "". */
export function evaluate(text: string, ctx: VariableContext): string {
  let out = "";
  let at = 0;
  for (const ref of variableRefs(text)) {
    out += text.slice(at, ref.start) + (ref.name ? (variableValue(ref.name, ctx) ?? "") : "");
    at = ref.end;
  }
  return out + text.slice(at);
}
