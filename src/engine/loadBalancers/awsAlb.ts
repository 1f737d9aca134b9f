/**
 * AWS Application Load Balancer as a front end, modelled from AWS's documentation (not run here: it exists
 * only inside AWS). `config` holds load-balancer attributes, listener and target-group settings, one per line:
 *
 *   routing.http.xff_header_processing.mode = append      # append (default) | preserve | remove
 *   routing.http.xff_client_port.enabled = false
 *   routing.http.preserve_host_header.enabled = false
 *   routing.http.drop_invalid_header_fields.enabled = false
 *   routing.http.x_amzn_tls_version_and_cipher_suite.enabled = false
 *   protocol = HTTPS                                      # the listener: HTTP | HTTPS (default: what the client speaks)
 *   port = 443                                            # the listener port (default: the listen port)
 *   target_group.protocol = HTTP                          # HTTP (default) | HTTPS to the target
 *
 * Documents (AWS documentation is not versioned; the API version and the pages' own titles identify them):
 * - [ALB-HDR] Elastic Load Balancing, User Guide for Application Load Balancers, "HTTP headers and Application
 *   Load Balancers" (x-forwarded-headers.html): X-Forwarded-For modes append/preserve/remove, the client port,
 *   X-Forwarded-Proto (the protocol the client used), X-Forwarded-Port (the listener port).
 * - [ALB-ATTR] Same guide, "Edit attributes for your Application Load Balancer", section "Host header
 *   preservation": the port the load balancer writes into Host, with its table of examples. The search tool
 *   available when this was written returned only the page's opening, so the rule is as
 *   `proxies-and-frameworks.md` §11 [doc] states it (listener port appended on ports other than 80 and 443
 *   unless preserve_host_header is on); the cases of a Host that already has a port (removed on 80/443, kept
 *   otherwise) and of an absolute request target follow that page's table and were not re-read here.
 * - [ELB-API] Elastic Load Balancing API Reference, API version 2015-12-01, LoadBalancerAttribute: every
 *   attribute key, its values and its default (drop_invalid_header_fields, x_amzn_tls_version_and_cipher_suite,
 *   xff_client_port, xff_header_processing.mode, preserve_host_header).
 * - [ALB-TRACE] Same guide, "Request tracing for your Application Load Balancer": X-Amzn-Trace-Id (Root, Self).
 * - [ALB-TS] Same guide, "Troubleshoot your Application Load Balancers": 502 when the target closes the
 *   connection without a response.
 * Also `proxies-and-frameworks.md` §11 and §12 example 46. Where these documents are silent (what happens to a
 * client's own X-Forwarded-Proto, several X-Forwarded-For lines, hop-by-hop headers, the Location header), the
 * trace says so and names the choice this model makes. No real ALB checks this model.
 */
import type { ProxySpec } from "../types.ts";
import { splitHostPort } from "../net/address.ts";
import { absoluteTarget, appendForwardedFor, dropHopByHop, noter, notModelledNotes, parseSettings, replaceLines, splitHostHeader, tlsMismatch, type SettingSpec } from "./common.ts";
import { responseHeader } from "../http/headers.ts";
import type { HopContext, HopOutcome, InFlight, NextHop } from "../http/hop.ts";

/** The documents this module follows, for traces and tests. */
export const AWS_ALB_SOURCES = {
  headers: "AWS ELB User Guide for Application Load Balancers, \"HTTP headers and Application Load Balancers\"",
  hostHeader: "AWS ELB User Guide for Application Load Balancers, \"Edit attributes\", section \"Host header preservation\"",
  api: "Elastic Load Balancing API Reference (API version 2015-12-01), LoadBalancerAttribute",
  tracing: "AWS ELB User Guide for Application Load Balancers, \"Request tracing\"",
  troubleshooting: "AWS ELB User Guide for Application Load Balancers, \"Troubleshoot your Application Load Balancers\" (HTTP 502)",
} as const;

const bool = (key: string, doc: string, notModelled = false): SettingSpec => ({ key, kind: "bool", default: "false", doc, ...(notModelled ? { notModelled } : {}) });

/** The settings an ALB `config` may hold, with AWS's defaults ([ELB-API] unless noted). */
export const AWS_ALB_SETTINGS: readonly SettingSpec[] = [
  { key: "routing.http.xff_header_processing.mode", kind: "enum", values: ["append", "preserve", "remove"], default: "append", doc: "What the ALB does to X-Forwarded-For before sending the request to the target [ALB-HDR]." },
  bool("routing.http.xff_client_port.enabled", "Whether the appended X-Forwarded-For entry carries the client's source port [ELB-API]."),
  bool("routing.http.preserve_host_header.enabled", "Send the Host header unchanged instead of adjusting its port [ALB-ATTR]."),
  bool("routing.http.drop_invalid_header_fields.enabled", "Remove header fields whose names are not letters, digits and hyphens [ELB-API]."),
  bool("routing.http.x_amzn_tls_version_and_cipher_suite.enabled", "Add x-amzn-tls-version and x-amzn-tls-cipher-suite on HTTPS listeners [ELB-API]."),
  { key: "protocol", kind: "enum", values: ["HTTP", "HTTPS"], default: null, doc: "The listener's protocol; X-Forwarded-Proto carries it [ALB-HDR]. Default: what the client speaks." },
  { key: "port", kind: "int", min: 1, max: 65535, default: null, doc: "The listener's port; X-Forwarded-Port carries it [ALB-HDR]. Default: the listen port." },
  { key: "target_group.protocol", kind: "enum", values: ["HTTP", "HTTPS"], default: "HTTP", doc: "The protocol the ALB speaks to the target." },
  { key: "routing.http2.enabled", kind: "bool", default: "true", doc: "HTTP/2 between clients and the ALB [ELB-API].", notModelled: true },
  { key: "routing.http.desync_mitigation_mode", kind: "enum", values: ["monitor", "defensive", "strictest"], default: "defensive", doc: "How requests that might be desync attacks are handled [ELB-API].", notModelled: true },
  { key: "idle_timeout.timeout_seconds", kind: "int", min: 1, max: 4000, default: "60", doc: "Connection idle timeout [ELB-API].", notModelled: true },
  { key: "client_keep_alive.seconds", kind: "int", min: 60, max: 604800, default: "3600", doc: "Client keep-alive duration [ELB-API].", notModelled: true },
  bool("deletion_protection.enabled", "Deletion protection [ELB-API].", true),
  bool("waf.fail_open.enabled", "Route requests when AWS WAF cannot be reached [ELB-API].", true),
  { key: "load_balancing.cross_zone.enabled", kind: "bool", default: "true", doc: "Cross-zone load balancing [ELB-API].", notModelled: true },
];

/** Stand-ins for values AWS generates per request (the trace says so where they appear). */
const TRACE_ID_STANDIN = "1-00000000-000000000000000000000000";
const CLIENT_PORT_STANDIN = "49152";

/**
 * Simulates one ALB hop. `req` is what it receives; the request goes to `next` (the registered target).
 * Writes trace entries and diagnostics into `ctx`; never throws.
 */
export function awsAlbFrontEnd(ctx: HopContext, proxy: ProxySpec, index: number, req: InFlight, next: NextHop): HopOutcome {
  const source = `proxies[${index}].config`;
  const note = noter(ctx, index);
  const settings = parseSettings(proxy.config, AWS_ALB_SETTINGS, source, { vendor: "AWS ALB", unknownKey: "error", unknownKeyReason: "the API refuses attribute keys it does not know (ValidationError)." }, ctx.diagnostics);
  for (const n of notModelledNotes(settings, "AWS ALB")) note("aws-alb.settings", n);

  const listen = splitHostPort(proxy.listen);
  const protocolLine = settings.get("protocol");
  const listenerTls = protocolLine ? protocolLine.value === "HTTPS" : req.tls;
  const listenerPort = Number(settings.value("port") ?? listen?.port ?? (listenerTls ? 443 : 80));
  const scheme = listenerTls ? "https" : "http";
  note("aws-alb.listener", `listener ${scheme.toUpperCase()}:${listenerPort}${protocolLine ? ` (protocol on line ${protocolLine.line})` : " (protocol: what the client speaks)"}; every request goes to the target group's registered target ${next.listen} (listener rules are not modelled).`);
  const mismatch = tlsMismatch(ctx, index, source, "AWS ALB", listenerTls, req.tls, "aws-alb.listener", protocolLine ? { line: protocolLine.line, column: protocolLine.valueColumn, endColumn: protocolLine.valueEndColumn } : undefined);
  if (mismatch) return mismatch;

  let fields = req.fields.map((f) => ({ ...f }));

  // Hop-by-hop headers: not described by the ALB documents; a proxy does not forward them (RFC 9110 §7.6.1).
  const hopByHop = dropHopByHop(fields);
  fields = hopByHop.fields;
  if (hopByHop.dropped.length) {
    note("aws-alb.request", `connection headers ${hopByHop.dropped.join(", ")} are not forwarded: the AWS documents do not describe them; this model drops them as RFC 9110 §7.6.1 asks of a proxy.`);
  }

  if (settings.bool("routing.http.drop_invalid_header_fields.enabled")) {
    const invalid = fields.filter((f) => !/^[-A-Za-z0-9]+$/.test(f.name));
    if (invalid.length) {
      fields = fields.filter((f) => /^[-A-Za-z0-9]+$/.test(f.name));
      note("aws-alb.request", `routing.http.drop_invalid_header_fields.enabled: ${invalid.map((f) => JSON.stringify(f.name)).join(", ")} ${invalid.length === 1 ? "is" : "are"} removed: header names may hold only letters, digits and hyphens [${AWS_ALB_SOURCES.api}].`);
    }
  } else if (fields.some((f) => !/^[-A-Za-z0-9]+$/.test(f.name))) {
    note("aws-alb.request", `headers with other characters in their names (${fields.filter((f) => !/^[-A-Za-z0-9]+$/.test(f.name)).map((f) => f.name).join(", ")}) are routed to the target: routing.http.drop_invalid_header_fields.enabled is false by default [${AWS_ALB_SOURCES.api}].`);
  }

  // Request target and Host ([ALB-ATTR] table).
  const abs = absoluteTarget(req.target);
  const target = abs ? abs.rest : req.target;
  const preserveHost = settings.bool("routing.http.preserve_host_header.enabled");
  const hostLine = fields.find((f) => f.name.toLowerCase() === "host");
  if (preserveHost) {
    note("aws-alb.host", `routing.http.preserve_host_header.enabled: the Host header${hostLine ? ` ${JSON.stringify(hostLine.value)}` : ""} goes to the target unchanged [${AWS_ALB_SOURCES.hostHeader}].`);
  } else {
    const defaultPort = listenerPort === 80 || listenerPort === 443;
    const from = abs ? abs.authority : hostLine?.value;
    if (from !== undefined) {
      const hp = splitHostHeader(from);
      let host = from;
      let why: string;
      if (defaultPort) {
        host = hp.host;
        why = hp.port !== null ? `the listener port ${listenerPort} is a default port, so the port in ${JSON.stringify(from)} is removed` : `the listener port ${listenerPort} is a default port: no port is added`;
      } else if (hp.port === null) {
        host = `${hp.host}:${listenerPort}`;
        why = `the listener port ${listenerPort} is not 80 or 443, so it is appended`;
      } else {
        why = `the Host already has a port, which is kept`;
      }
      if (abs) why = `the request target is absolute, so its host ${JSON.stringify(abs.authority)} replaces the Host header; ${why}`;
      fields = replaceLines(fields, "Host", host);
      note("aws-alb.host", `Host ${hostLine ? JSON.stringify(hostLine.value) : "(none)"} → ${JSON.stringify(host)}: ${why} [${AWS_ALB_SOURCES.hostHeader}].`);
    } else {
      note("aws-alb.host", `the request has no Host header; the AWS documents do not say what the ALB does then, so none is sent.`);
    }
  }

  // X-Forwarded-For ([ALB-HDR]).
  const mode = settings.value("routing.http.xff_header_processing.mode") ?? "append";
  const clientPort = settings.bool("routing.http.xff_client_port.enabled");
  const xffLines = fields.filter((f) => f.name.toLowerCase() === "x-forwarded-for").length;
  if (mode === "append") {
    const peerText = req.peer.includes(":") ? (clientPort ? `[${req.peer}]:${CLIENT_PORT_STANDIN}` : req.peer) : clientPort ? `${req.peer}:${CLIENT_PORT_STANDIN}` : req.peer;
    const out = appendForwardedFor(fields, "X-Forwarded-For", [peerText]);
    fields = out.fields;
    note(
      "aws-alb.x-forwarded-for",
      `routing.http.xff_header_processing.mode append (${settings.get("routing.http.xff_header_processing.mode") ? "set" : "the default"}): ` +
        (out.before === undefined ? `the request had no X-Forwarded-For, so the ALB creates one with the client address: ${JSON.stringify(out.after)}` : `the client address is appended to ${JSON.stringify(out.before)}: ${JSON.stringify(out.after)}`) +
        (clientPort ? `; routing.http.xff_client_port.enabled adds the client's source port (chosen by the client's system on each connection; ${CLIENT_PORT_STANDIN} stands for it${req.peer.includes(":") ? "; the IPv6 address is bracketed before the port" : ""})` : "") +
        (xffLines > 1 ? `; the request had ${xffLines} X-Forwarded-For lines, which the AWS documents do not describe: this model joins them with ", " first` : "") +
        ` [${AWS_ALB_SOURCES.headers}].`,
    );
  } else if (mode === "preserve") {
    note("aws-alb.x-forwarded-for", `routing.http.xff_header_processing.mode preserve: X-Forwarded-For goes to the target exactly as the client sent it${xffLines ? "" : " (it sent none, so there is none)"}${clientPort ? "; the client port setting has nothing to add to" : ""} [${AWS_ALB_SOURCES.headers}].`);
  } else {
    fields = replaceLines(fields, "X-Forwarded-For", null);
    note("aws-alb.x-forwarded-for", `routing.http.xff_header_processing.mode remove: X-Forwarded-For is removed before the request goes to the target [${AWS_ALB_SOURCES.headers}].`);
  }

  // X-Forwarded-Proto and X-Forwarded-Port ([ALB-HDR]).
  const clientProto = fields.find((f) => f.name.toLowerCase() === "x-forwarded-proto")?.value;
  const clientPortHdr = fields.find((f) => f.name.toLowerCase() === "x-forwarded-port")?.value;
  fields = replaceLines(fields, "X-Forwarded-Proto", scheme);
  fields = replaceLines(fields, "X-Forwarded-Port", String(listenerPort));
  note(
    "aws-alb.x-forwarded-proto",
    `X-Forwarded-Proto ${scheme} (the protocol the client used to reach the listener) and X-Forwarded-Port ${listenerPort} (the listener port) [${AWS_ALB_SOURCES.headers}]` +
      (clientProto !== undefined || clientPortHdr !== undefined ? `; the client sent its own (${[clientProto !== undefined ? `X-Forwarded-Proto ${JSON.stringify(clientProto)}` : "", clientPortHdr !== undefined ? `X-Forwarded-Port ${JSON.stringify(clientPortHdr)}` : ""].filter(Boolean).join(", ")}): the AWS documents do not say what happens to it; this model replaces it.` : "."),
  );

  // X-Amzn-Trace-Id ([ALB-TRACE]).
  const traceLine = fields.find((f) => f.name.toLowerCase() === "x-amzn-trace-id");
  if (traceLine && /(^|;)\s*Root=/.test(traceLine.value)) {
    fields = replaceLines(fields, "X-Amzn-Trace-Id", `Self=${TRACE_ID_STANDIN};${traceLine.value}`);
    note("aws-alb.trace-id", `the request carries X-Amzn-Trace-Id with a Root field: the ALB inserts a Self field (its value is generated per request; ${TRACE_ID_STANDIN} stands for it) [${AWS_ALB_SOURCES.tracing}].`);
  } else {
    fields = replaceLines(fields, "X-Amzn-Trace-Id", `Root=${TRACE_ID_STANDIN}`);
    note("aws-alb.trace-id", `X-Amzn-Trace-Id Root=… is added (the ALB generates the id per request; ${TRACE_ID_STANDIN} stands for it) [${AWS_ALB_SOURCES.tracing}].`);
  }

  if (settings.bool("routing.http.x_amzn_tls_version_and_cipher_suite.enabled")) {
    if (listenerTls) {
      fields = replaceLines(fields, "x-amzn-tls-version", "TLSv1.3");
      fields = replaceLines(fields, "x-amzn-tls-cipher-suite", "TLS_AES_128_GCM_SHA256");
      note("aws-alb.tls-headers", `x-amzn-tls-version and x-amzn-tls-cipher-suite are added in OpenSSL's naming [${AWS_ALB_SOURCES.api}]; their values are whatever the client negotiated (TLSv1.3 and TLS_AES_128_GCM_SHA256 stand for them here).`);
    } else note("aws-alb.tls-headers", `routing.http.x_amzn_tls_version_and_cipher_suite.enabled has no effect on an HTTP listener: there is no TLS to describe.`);
  }

  const targetTls = settings.value("target_group.protocol") === "HTTPS";
  note("aws-alb.request", `the ALB sends ${req.method} ${target} HTTP/1.1 to ${next.listen}${targetTls ? " over TLS (target group protocol HTTPS)" : ""} from its own address ${proxy.address}${abs ? "; the absolute request target becomes a path (the AWS documents show only the Host that results)" : ""}.`);

  const rewrite = (response: import("../types.ts").HttpResponse) => {
    if (response.closed || response.status === 0) {
      note("aws-alb.response", `the target closed the connection without a response: the ALB answers 502 Bad Gateway [${AWS_ALB_SOURCES.troubleshooting}] (its page is not modelled).`);
      return { status: 502, headers: { Server: "awselb/2.0" } };
    }
    const loc = responseHeader(response.headers, "Location");
    note("aws-alb.response", loc !== undefined ? `the ALB passes the response on; the AWS documents describe no rewriting of Location, so ${JSON.stringify(loc)} reaches the client unchanged.` : `the ALB passes the response on unchanged (the AWS documents describe no response-header rewriting).`);
    return response;
  };
  return {
    kind: "forward",
    request: { method: req.method, target, protocol: "HTTP/1.1", fields, peer: proxy.address, tls: targetTls, sni: null },
    rewrite,
  };
}
