/**
 * HAProxy 2.6's own responses: its built-in error pages and the responses of `http-request redirect`.
 *
 * Observed on haproxy 2.6.12 (Debian 12) on loopback: the bodies, the lowercase header names HAProxy's HTX
 * layer writes (`content-length`, `cache-control: no-cache`, `content-type: text/html`), and the 400 that the
 * HTTP/1 parser sends for a request it cannot read, which is written before HTX and keeps its own spelling
 * (`Content-length`, `Cache-Control`, `Connection: close`, `Content-Type`). Redirects carry
 * `content-length: 0`, `location` and, except for 301 and 308, `cache-control: no-cache`.
 */
import type { HttpResponse } from "../types.ts";

const PAGES: Record<number, [string, string]> = {
  400: ["400 Bad request", "Your browser sent an invalid request."],
  403: ["403 Forbidden", "Request forbidden by administrative rules."],
  500: ["500 Internal Server Error", "An internal server error occurred."],
  502: ["502 Bad Gateway", "The server returned an invalid or incomplete response."],
  503: ["503 Service Unavailable", "No server is available to handle this request."],
  504: ["504 Gateway Time-out", "The server didn't respond in time."],
};

/** The body of HAProxy's page for `status`, or "" when it has none. */
export function haproxyErrorBody(status: number): string {
  const p = PAGES[status];
  return p ? `<html><body><h1>${p[0]}</h1>\n${p[1]}\n</body></html>\n` : "";
}

/**
 * HAProxy's own error response. `parser` marks the 400 the HTTP/1 parser writes for an unreadable request
 * (original header spelling, `Connection: close`).
 */
export function haproxyErrorResponse(status: number, opts: { parser?: boolean } = {}): HttpResponse {
  const body = haproxyErrorBody(status);
  if (opts.parser) {
    return { status, headers: { "Content-length": String(body.length), "Cache-Control": "no-cache", Connection: "close", "Content-Type": "text/html" }, body };
  }
  return { status, headers: { "content-length": String(body.length), "cache-control": "no-cache", "content-type": "text/html" }, ...(body ? { body } : {}) };
}

/** The response of an `http-request redirect` rule. */
export function haproxyRedirect(status: number, location: string): HttpResponse {
  const headers: Record<string, string> = { "content-length": "0", location };
  if (status !== 301 && status !== 308) headers["cache-control"] = "no-cache";
  return { status, headers, body: "" };
}
