/**
 * nginx's stock responses for its own errors and redirects (`ngx_http_special_response_handler`,
 * `src/http/ngx_http_special_response.c`, nginx/nginx tag `release-1.22.1`; read from source), and the
 * status lines of `ngx_http_header_filter_module.c`.
 *
 * The body is a small HTML page, CRLF line ends, ending in a footer that names the server:
 * `<hr><center>nginx/1.22.1</center>` with `server_tokens on` (the default), `nginx` with `off`. Unlike
 * Apache's, nginx's redirect pages do not repeat the Location URL, so an nginx 301 does not leak a host in
 * its body; a back end's own page passed through nginx does (Apache's 301 body names the URL it built).
 * With a User-Agent containing `MSIE ` or `Chrome/`, 4xx and 5xx pages get six lines of padding
 * (`msie_padding on`, the default). Checked on nginx 1.22.1 (Debian 12): the 301, 404 and 502 bodies in
 * this project's `e2e/conformance/observed/nginx-*.json`.
 */
import type { HttpResponse } from "../types.ts";

const TITLES: Record<number, string> = {
  301: "301 Moved Permanently",
  302: "302 Found",
  303: "303 See Other",
  307: "307 Temporary Redirect",
  308: "308 Permanent Redirect",
  400: "400 Bad Request",
  401: "401 Authorization Required",
  402: "402 Payment Required",
  403: "403 Forbidden",
  404: "404 Not Found",
  405: "405 Not Allowed",
  406: "406 Not Acceptable",
  408: "408 Request Time-out",
  409: "409 Conflict",
  410: "410 Gone",
  411: "411 Length Required",
  412: "412 Precondition Failed",
  413: "413 Request Entity Too Large",
  414: "414 Request-URI Too Large",
  415: "415 Unsupported Media Type",
  416: "416 Requested Range Not Satisfiable",
  421: "421 Misdirected Request",
  429: "429 Too Many Requests",
  500: "500 Internal Server Error",
  501: "501 Not Implemented",
  502: "502 Bad Gateway",
  503: "503 Service Temporarily Unavailable",
  504: "504 Gateway Time-out",
  505: "505 HTTP Version Not Supported",
  507: "507 Insufficient Storage",
};

/** Reason phrases of nginx's status lines (`ngx_http_status_lines`). */
const REASONS: Record<number, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  206: "Partial Content",
  301: "Moved Permanently",
  302: "Moved Temporarily",
  303: "See Other",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  ...Object.fromEntries(Object.entries(TITLES).filter(([k]) => Number(k) >= 400).map(([k, v]) => [k, v.slice(4)])),
};

/** The reason phrase nginx writes after a status, or "" when it writes none (it then prints the number only). */
export function nginxReason(status: number): string {
  return REASONS[status] ?? "";
}

const PADDING = "<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n".repeat(6);

/** The body nginx sends for its own `status` response, or "" when it has no page for it (e.g. 200, 204). */
export function nginxErrorBody(status: number, opts: { serverTokens?: boolean; userAgent?: string } = {}): string {
  const title = TITLES[status];
  if (!title) return "";
  const footer = opts.serverTokens === false ? "nginx" : "nginx/1.22.1";
  const padded = status >= 400 && /MSIE |Chrome\//.test(opts.userAgent ?? "");
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>${footer}</center>\r\n</body>\r\n</html>\r\n` + (padded ? PADDING : "");
}

/**
 * nginx's own response for `status` (an error or a redirect): `Server`, `Content-Type: text/html`,
 * `Content-Length`, `Connection`, and `Location` for redirects (already made absolute by the caller).
 */
export function nginxErrorResponse(status: number, opts: { location?: string; serverTokens?: boolean; userAgent?: string; keepAlive?: boolean } = {}): HttpResponse {
  const body = nginxErrorBody(status, opts);
  const headers: Record<string, string> = { Server: opts.serverTokens === false ? "nginx" : "nginx/1.22.1" };
  if (body) headers["Content-Type"] = "text/html";
  headers["Content-Length"] = String(body.length);
  if (opts.location !== undefined) headers.Location = opts.location;
  headers.Connection = opts.keepAlive === false ? "close" : "keep-alive";
  return { status, headers, ...(body ? { body } : {}) };
}
