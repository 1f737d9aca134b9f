/**
 * The pipeline's entry to the front ends that are neither Apache nor nginx: HAProxy (run on real servers) and
 * the load-balancer presets (modelled from vendor documentation). One function per kind, all with the
 * `FrontEndModel` shape of `common.ts`.
 */
import type { HttpResponse, ProxyKind } from "../types.ts";
import type { RequestHeadParse } from "../http/requestHead.ts";
import { awsAlbFrontEnd } from "./awsAlb.ts";
import { gcpHttpsLbFrontEnd } from "./gcpHttpsLb.ts";
import { ingressNginxFrontEnd } from "./ingressNginx.ts";
import { traefikFrontEnd } from "./traefik.ts";
import { haproxyFrontEnd } from "../haproxy/frontEnd.ts";
import { haproxyErrorResponse } from "../haproxy/errorPages.ts";
import { nginxErrorResponse } from "../nginx/errorPages.ts";
import { errorResponse } from "../apache/errorDocuments.ts";
import { wsgiproxyFrontEnd } from "../wsgiproxy/app.ts";
import type { FrontEndModel } from "../http/hop.ts";

const MODELS: Partial<Record<ProxyKind, FrontEndModel>> = {
  haproxy: haproxyFrontEnd,
  "aws-alb": awsAlbFrontEnd,
  "gcp-https-lb": gcpHttpsLbFrontEnd,
  "ingress-nginx": ingressNginxFrontEnd,
  traefik: traefikFrontEnd,
  wsgiproxy: wsgiproxyFrontEnd,
};

/** The model of a front-end kind other than "apache" and "nginx", or undefined. */
export function presetFrontEnd(kind: ProxyKind): FrontEndModel | undefined {
  return MODELS[kind];
}

/**
 * What such a front end answers to a request head it cannot read: HAProxy's parser 400, ingress-nginx's nginx
 * page, and for the managed presets only the status (their pages are not documented).
 */
export function presetRejection(kind: ProxyKind, status: number): HttpResponse {
  if (kind === "haproxy") return haproxyErrorResponse(status, { parser: true });
  if (kind === "ingress-nginx") return nginxErrorResponse(status, { serverTokens: false });
  // WSGIProxy runs inside a front Apache + mod_wsgi: Apache reads the request head and answers with its own page.
  if (kind === "wsgiproxy") return errorResponse(status);
  return { status, headers: {} };
}

/**
 * Checks of a request head that are Apache's own policy, not HTTP syntax: HAProxy and the load balancers
 * forward such requests and let the next server judge them (checked on haproxy 2.6.12: an HTTP/1.1 request
 * without Host reaches Apache, which answers 400; two identical Host lines reach it as one).
 */
const APACHE_POLICY = new Set(["host-invalid", "host-missing", "content-length-invalid", "transfer-encoding-invalid", "expect-unsupported", "header-merged-too-long", "header-field-too-long"]);

/**
 * The client's request head as the first server reads it. For "apache", "nginx", "wsgiproxy" (whose front
 * server is an Apache + mod_wsgi) and no front end the
 * engine's Apache reading stands. For the other kinds, a rejection that comes from Apache's policy checks is
 * not the first server's: it is dropped, and its diagnostics become "info" notes that say Apache would refuse
 * the request; the front end's own model (and the back end's reading) decide. Syntax errors stay.
 */
export function presetReadsHead(kind: ProxyKind | undefined, head: RequestHeadParse): RequestHeadParse {
  if (!kind || kind === "apache" || kind === "nginx" || kind === "wsgiproxy" || !head.request || !head.rejection) return head;
  const errors = head.diagnostics.filter((d) => d.severity === "error");
  if (errors.length === 0 || !errors.every((d) => APACHE_POLICY.has(d.code))) return head;
  const diagnostics = head.diagnostics.map((d) =>
    d.severity === "error" && APACHE_POLICY.has(d.code) ? { ...d, severity: "info" as const, message: `Apache would refuse this request (${d.message}); the first server, ${kind}, reads the request itself and passes it on.` } : d,
  );
  return { request: head.request, diagnostics };
}
