/**
 * Apache httpd 2.4's built-in error documents (`modules/http/http_protocol.c`, `ap_send_error_response`
 * and `get_canned_error_string`) with `ServerSignature Off`, the compiled-in default. Redirect bodies
 * contain the Location URL, so a back-end host leaks into the body even when a front end rewrites the
 * header: checked on Apache 2.4.71 (Debian 12), e.g. a 278-byte 301 body for
 * `http://127.0.0.1:18000/static/`.
 */
import type { HttpResponse } from "../types.ts";

const REASONS: Record<number, string> = {
  301: "Moved Permanently",
  302: "Found",
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  414: "Request-URI Too Long",
  500: "Internal Server Error",
  502: "Proxy Error",
  503: "Service Unavailable",
};

/** The reason phrase Apache writes in its status line. */
export function reasonPhrase(status: number): string {
  return status === 502 ? "Bad Gateway" : (REASONS[status] ?? "Unknown");
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function canned(status: number, location: string | undefined, serverAdmin: string | undefined): string {
  switch (status) {
    case 301:
    case 302:
      return `<p>The document has moved <a href="${escapeHtml(location ?? "")}">here</a>.</p>\n`;
    case 400:
      return "<p>Your browser sent a request that this server could not understand.<br />\n</p>\n";
    case 403:
      return "<p>You don't have permission to access this resource.</p>\n";
    case 404:
      return "<p>The requested URL was not found on this server.</p>\n";
    case 414:
      return "<p>The requested URL's length exceeds the capacity\nlimit for this server.<br />\n</p>\n";
    case 502:
      // httpd writes this one with CRLF line ends inside (checked on Apache 2.4.71, corpus express-front-next-crashes).
      return "<p>The proxy server received an invalid\r\nresponse from an upstream server.<br />\r\nThe proxy server could not handle the request<p>Reason: <strong>Error reading from remote server</strong></p></p>\n";
    case 503:
      return "<p>The server is temporarily unable to service your\nrequest due to maintenance downtime or capacity\nproblems. Please try again later.</p>\n";
    case 500:
      // With the ServerAdmin paragraph (checked on Apache 2.4.71: pp-unknown-scheme, pp-unknown-scheme-admin).
      return (
        "<p>The server encountered an internal error or\nmisconfiguration and was unable to complete\nyour request.</p>\n" +
        `<p>Please contact the server administrator at \n ${escapeHtml(serverAdmin ?? "[no address given]")} to inform them of the time this error occurred,\n` +
        " and the actions you performed just before this error.</p>\n<p>More information about this error may be available\nin the server error log.</p>\n"
      );
    default:
      return "<p>The server encountered an internal error or\nmisconfiguration and was unable to complete\nyour request.</p>\n";
  }
}

/**
 * Apache's stock error response for `status`, with Location for redirects. `additionally` is the status of an
 * ErrorDocument's internal redirect that failed too (`ap_send_error_response`'s recursive error): the page then
 * says so. Checked on Apache 2.4.71: a `_default_` vhost's `Require all denied` with `ErrorDocument 403 /x`
 * gives the 403 page plus "Additionally, a 403 Forbidden error was encountered while trying to use an
 * ErrorDocument to handle the request.". `serverAdmin`: the server's ServerAdmin, which the 500 page names
 * ("[no address given]" without one).
 */
export function errorResponse(status: number, location?: string, additionally?: number, serverAdmin?: string): HttpResponse {
  const title = `${status} ${REASONS[status] ?? "Unknown"}`;
  const recursive =
    additionally === undefined ? "" : `<p>Additionally, a ${additionally} ${REASONS[additionally] ?? "Unknown"}\nerror was encountered while trying to use an ErrorDocument to handle the request.</p>\n`;
  const body =
    `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">\n` +
    `<html><head>\n<title>${title}</title>\n</head><body>\n<h1>${REASONS[status] ?? "Unknown"}</h1>\n` +
    canned(status, location, serverAdmin) +
    recursive +
    `</body></html>\n`;
  const headers: Record<string, string> = {};
  if (location !== undefined) headers.Location = location;
  headers["Content-Type"] = "text/html; charset=iso-8859-1";
  return { status, headers, body };
}

/**
 * The page of mod_proxy's `ap_proxyerror` (used for a 500 such as "DNS lookup failure for: host"): status line
 * and title `<status> Proxy Error`, and the reason as error notes, which Apache prints instead of the canned
 * 500 text, followed by `<p />`. Checked on Apache 2.4.71: `ProxyPass /svc/ http://127.0.0.1:20093` +
 * `/svc/x` gives a 308-byte page with `Reason: <strong>DNS lookup failure for: 127.0.0.1:20093x</strong>`.
 */
export function proxyErrorResponse(status: number, reason: string): HttpResponse {
  const body =
    `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">\n` +
    `<html><head>\n<title>${status} Proxy Error</title>\n</head><body>\n<h1>Proxy Error</h1>\n` +
    `The proxy server could not handle the request<p>Reason: <strong>${escapeHtml(reason)}</strong></p><p />\n` +
    `</body></html>\n`;
  return { status, headers: { "Content-Type": "text/html; charset=iso-8859-1" }, body };
}
