/**
 * Google Cloud's global external Application Load Balancer (the "HTTPS load balancer") as a front end,
 * modelled from Google's documentation (not run here: it exists only inside Google Cloud). `config` holds the
 * few settings of its forwarding rule, URL map and backend service that change what the back end sees:
 *
 *   protocol: HTTPS                        # the target proxy: HTTP | HTTPS (default: what the client speaks)
 *   port: 443                              # the forwarding rule's port (default: the listen port)
 *   IPAddress: 203.0.113.10                # the forwarding rule's address (default: the listen host)
 *   backendService.protocol: HTTP          # HTTP (default) | HTTPS to the back end
 *   backendService.customRequestHeaders: X-Client-Geo: {client_region}      # repeatable
 *   backendService.customResponseHeaders: Strict-Transport-Security: max-age=3600   # repeatable
 *   routeRules.matchRules.prefixMatch: /app/                                # the route this request takes
 *   routeRules.routeAction.urlRewrite.pathPrefixRewrite: /
 *   routeRules.routeAction.urlRewrite.hostRewrite: backend.internal
 *
 * Documents (Google's documentation is not versioned; page titles and sections identify them):
 * - [GCP-ALB] Cloud Load Balancing, "External Application Load Balancer overview", sections "X-Forwarded-For
 *   header" (the load balancer appends `<client-ip>,<load-balancer-ip>` separated by a single comma, after any
 *   value the client sent, and does not verify what precedes them), "X-Forwarded-Proto header", "Via header"
 *   (`Via: 1.1 google` on requests and responses), "X-Cloud-Trace-Context", and "Host header" (preserved).
 * - [GCP-HDR] Cloud Load Balancing, "Create custom headers in backend services": custom request and response
 *   headers and their `{variable}` placeholders.
 * - [GCP-URLMAP] Cloud Load Balancing, "URL maps overview" and "Set up traffic management": routeRules with
 *   prefixMatch and routeAction.urlRewrite (pathPrefixRewrite, hostRewrite).
 * Also `proxies-and-frameworks.md` §11 and §12 example 46. Where these documents are silent (several incoming
 * X-Forwarded-For lines, a client's own X-Forwarded-Proto, hop-by-hop headers, custom headers named like a
 * client's header) the trace says so and names the choice this model makes. No real load balancer checks it.
 */
import type { HttpResponse, ProxySpec } from "../types.ts";
import { splitHostPort } from "../net/address.ts";
import { absoluteTarget, appendForwardedFor, dropHopByHop, noter, parseSettings, replaceLines, tlsMismatch, type SettingSpec } from "./common.ts";
import { responseHeader } from "../http/headers.ts";
import type { HopContext, HopOutcome, InFlight, NextHop } from "../http/hop.ts";

export const GCP_SOURCES = {
  overview: "Google Cloud Load Balancing, \"External Application Load Balancer overview\"",
  customHeaders: "Google Cloud Load Balancing, \"Create custom headers in backend services\"",
  urlMaps: "Google Cloud Load Balancing, \"URL maps overview\" (routeRules, urlRewrite)",
} as const;

/** The settings a GCP `config` may hold. */
export const GCP_SETTINGS: readonly SettingSpec[] = [
  { key: "protocol", kind: "enum", values: ["HTTP", "HTTPS"], default: null, doc: "The target proxy's protocol (target HTTP or HTTPS proxy); X-Forwarded-Proto carries it [GCP-ALB]." },
  { key: "port", kind: "int", min: 1, max: 65535, default: null, doc: "The forwarding rule's port. Default: the listen port." },
  { key: "IPAddress", kind: "cidr-list", default: null, doc: "The forwarding rule's IP address, which the load balancer appends to X-Forwarded-For [GCP-ALB]. Default: the listen host." },
  { key: "backendService.protocol", kind: "enum", values: ["HTTP", "HTTPS"], default: "HTTP", doc: "The protocol from the load balancer to the back end." },
  { key: "backendService.customRequestHeaders", kind: "header", default: null, repeatable: true, doc: "A header the load balancer adds to requests [GCP-HDR]." },
  { key: "backendService.customResponseHeaders", kind: "header", default: null, repeatable: true, doc: "A header the load balancer adds to responses [GCP-HDR]." },
  { key: "routeRules.matchRules.prefixMatch", kind: "path", default: "/", doc: "The path prefix of the route rule that takes the request [GCP-URLMAP]." },
  { key: "routeRules.routeAction.urlRewrite.pathPrefixRewrite", kind: "path", default: null, doc: "Replaces the matched prefix before the request goes to the back end [GCP-URLMAP]." },
  { key: "routeRules.routeAction.urlRewrite.hostRewrite", kind: "string", default: null, doc: "Replaces the Host header before the request goes to the back end [GCP-URLMAP]." },
];

const TRACE_STANDIN = "00000000000000000000000000000000/0;o=0";

/**
 * Simulates one Google Cloud external Application Load Balancer hop. Writes trace entries and diagnostics
 * into `ctx`; never throws.
 */
export function gcpHttpsLbFrontEnd(ctx: HopContext, proxy: ProxySpec, index: number, req: InFlight, next: NextHop): HopOutcome {
  const source = `proxies[${index}].config`;
  const note = noter(ctx, index);
  const settings = parseSettings(proxy.config, GCP_SETTINGS, source, { vendor: "Google Cloud's load balancer", unknownKey: "error", unknownKeyReason: "the Compute Engine API refuses fields it does not know." }, ctx.diagnostics);
  const ipLine = settings.get("IPAddress");
  if (ipLine && ipLine.value.includes("/")) {
    ctx.diagnostics.push({ severity: "error", code: "lb-setting-bad-value", source, line: ipLine.line, column: ipLine.valueColumn, endLine: ipLine.line, endColumn: ipLine.valueEndColumn, message: `IPAddress is one address, not a block: ${JSON.stringify(ipLine.value)}.` });
  }
  const listen = splitHostPort(proxy.listen);
  const lbIp = ipLine && !ipLine.value.includes("/") ? ipLine.value : (listen?.host ?? proxy.address);
  const protocolLine = settings.get("protocol");
  const listenerTls = protocolLine ? protocolLine.value === "HTTPS" : req.tls;
  const scheme = listenerTls ? "https" : "http";
  const port = Number(settings.value("port") ?? listen?.port ?? (listenerTls ? 443 : 80));
  note("gcp-https-lb.frontend", `forwarding rule ${lbIp}:${port} with a target ${scheme.toUpperCase()} proxy; the request goes to the backend service's back end ${next.listen}.`);
  const mismatch = tlsMismatch(ctx, index, source, "Google Cloud load balancer", listenerTls, req.tls, "gcp-https-lb.frontend", protocolLine ? { line: protocolLine.line, column: protocolLine.valueColumn, endColumn: protocolLine.valueEndColumn } : undefined);
  if (mismatch) return mismatch;

  let fields = req.fields.map((f) => ({ ...f }));
  const hopByHop = dropHopByHop(fields);
  fields = hopByHop.fields;
  if (hopByHop.dropped.length) {
    note("gcp-https-lb.request", `connection headers ${hopByHop.dropped.join(", ")} are not forwarded: the Google documents consulted do not describe them; this model drops them as RFC 9110 §7.6.1 asks of a proxy.`);
  }

  // Path: the route rule and its URL rewrite.
  const abs = absoluteTarget(req.target);
  let target = abs ? abs.rest : req.target;
  const q = target.indexOf("?");
  const path = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? "" : target.slice(q);
  const prefix = settings.value("routeRules.matchRules.prefixMatch") ?? "/";
  const rewritePrefix = settings.value("routeRules.routeAction.urlRewrite.pathPrefixRewrite");
  if (!path.startsWith(prefix)) {
    note("gcp-https-lb.url-map", `${path} does not start with the route's prefixMatch ${prefix}: the URL map's defaultService takes it (this model takes that to be the same back end), without the route's urlRewrite.`);
  } else if (rewritePrefix !== null) {
    const rewritten = rewritePrefix + path.slice(prefix.length);
    note("gcp-https-lb.url-map", `prefixMatch ${prefix} with urlRewrite.pathPrefixRewrite ${rewritePrefix}: ${path} → ${rewritten} [${GCP_SOURCES.urlMaps}].`);
    target = rewritten + query;
  } else note("gcp-https-lb.url-map", `prefixMatch ${prefix} takes ${path}; no urlRewrite, so the path goes to the back end unchanged.`);

  // Host: preserved, unless hostRewrite.
  const routed = path.startsWith(prefix);
  const hostRewrite = routed ? settings.value("routeRules.routeAction.urlRewrite.hostRewrite") : null;
  const hostLine = fields.find((f) => f.name.toLowerCase() === "host");
  if (abs) fields = replaceLines(fields, "Host", abs.authority);
  if (hostRewrite !== null) {
    fields = replaceLines(fields, "Host", hostRewrite);
    note("gcp-https-lb.host", `urlRewrite.hostRewrite: Host ${hostLine ? JSON.stringify(hostLine.value) : "(none)"} → ${JSON.stringify(hostRewrite)} [${GCP_SOURCES.urlMaps}].`);
  } else note("gcp-https-lb.host", `the Host header${hostLine ? ` ${JSON.stringify(abs ? abs.authority : hostLine.value)}` : ""} is passed to the back end as received [${GCP_SOURCES.overview}, "Host header"].`);

  // X-Forwarded-For: <existing>,<client-ip>,<load-balancer-ip>.
  const xffLines = fields.filter((f) => f.name.toLowerCase() === "x-forwarded-for").length;
  const out = appendForwardedFor(fields, "X-Forwarded-For", [req.peer, lbIp], ",");
  fields = out.fields;
  note(
    "gcp-https-lb.x-forwarded-for",
    `the load balancer appends the client address and its forwarding rule's address, separated by a single comma: ${out.before === undefined ? "" : `${JSON.stringify(out.before)} → `}${JSON.stringify(out.after)}; what precedes them is not verified, so the client is second from the right [${GCP_SOURCES.overview}, "X-Forwarded-For header"]` +
      (xffLines > 1 ? `. The request had ${xffLines} X-Forwarded-For lines, which the documents do not describe: this model joins them with "," first.` : "."),
  );

  const clientProto = fields.find((f) => f.name.toLowerCase() === "x-forwarded-proto")?.value;
  fields = replaceLines(fields, "X-Forwarded-Proto", scheme);
  note("gcp-https-lb.x-forwarded-proto", `X-Forwarded-Proto ${scheme} [${GCP_SOURCES.overview}]${clientProto !== undefined ? `; the client's own ${JSON.stringify(clientProto)} is replaced (the documents do not describe one; this is the model's choice)` : ""}.`);

  const via = fields.find((f) => f.name.toLowerCase() === "via")?.value;
  fields = replaceLines(fields, "Via", via === undefined ? "1.1 google" : `${via}, 1.1 google`);
  note("gcp-https-lb.via", `Via: 1.1 google is added to the request${via !== undefined ? ` after the client's ${JSON.stringify(via)}` : ""} [${GCP_SOURCES.overview}, "Via header"].`);

  if (!fields.some((f) => f.name.toLowerCase() === "x-cloud-trace-context")) {
    fields = replaceLines(fields, "X-Cloud-Trace-Context", TRACE_STANDIN);
    note("gcp-https-lb.trace", `X-Cloud-Trace-Context is added (trace and span ids are generated per request; ${TRACE_STANDIN} stands for them) [${GCP_SOURCES.overview}].`);
  }

  for (const line of settings.all("backendService.customRequestHeaders")) {
    const colon = line.value.indexOf(":");
    const name = line.value.slice(0, colon).trim();
    const value = line.value.slice(colon + 1).trim();
    const existed = fields.some((f) => f.name.toLowerCase() === name.toLowerCase());
    fields = [...fields, { name, value }];
    const vars = [...value.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]);
    note(
      "gcp-https-lb.custom-headers",
      `customRequestHeaders (line ${line.line}) adds ${name}: ${value} [${GCP_SOURCES.customHeaders}]` +
        (vars.length ? `; ${vars.map((v) => `{${v}}`).join(", ")} ${vars.length === 1 ? "is" : "are"} filled in by the load balancer for each request (the placeholder is shown as written)` : "") +
        (existed ? `; the request already had a ${name} header, and the documents consulted do not say which one wins: this model keeps both lines` : "") +
        ".",
    );
  }

  const backendTls = settings.value("backendService.protocol") === "HTTPS";
  note("gcp-https-lb.request", `the load balancer sends ${req.method} ${target} HTTP/1.1 to ${next.listen}${backendTls ? " over TLS" : ""} from ${proxy.address}.`);

  const responseHeaders = settings.all("backendService.customResponseHeaders");
  const rewrite = (response: HttpResponse): HttpResponse => {
    if (response.closed || response.status === 0) {
      note("gcp-https-lb.response", `the back end closed the connection without a response: the load balancer answers 502 (its page is not modelled).`);
      return { status: 502, headers: { Via: "1.1 google" } };
    }
    const headers = { ...response.headers };
    headers.Via = headers.Via !== undefined ? `${headers.Via}, 1.1 google` : "1.1 google";
    for (const line of responseHeaders) {
      const colon = line.value.indexOf(":");
      headers[line.value.slice(0, colon).trim()] = line.value.slice(colon + 1).trim();
    }
    const loc = responseHeader(headers, "Location");
    note(
      "gcp-https-lb.response",
      `Via: 1.1 google is added to the response${responseHeaders.length ? `, with ${responseHeaders.length} customResponseHeaders` : ""}; ${loc !== undefined ? `the documents describe no rewriting of Location, so ${JSON.stringify(loc)} reaches the client unchanged` : "nothing else changes"}.`,
    );
    return { ...response, headers };
  };
  return { kind: "forward", request: { method: req.method, target, protocol: "HTTP/1.1", fields, peer: proxy.address, tls: backendTls, sni: null }, rewrite };
}
