/**
 * What a client receives for its request method. A response to HEAD carries no content (RFC 9110 §9.3.2):
 * Apache sets `r->header_only` and sends the head alone, stock error pages and redirects included. Checked on
 * Apache 2.4.71: `HEAD /static` for a directory gets the 301 with its Location and an empty body.
 */
import type { HttpResponse } from "../types.ts";

export function forRequestMethod(response: HttpResponse, method: string): HttpResponse {
  if (method !== "HEAD" || response.body === undefined) return response;
  return { ...response, body: "" };
}
