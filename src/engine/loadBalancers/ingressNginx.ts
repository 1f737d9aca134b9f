/**
 * The Kubernetes ingress-nginx controller (controller-v1.15.1) as a front end: one Ingress rule for this
 * request's path, whose backend Service is the next hop, with the controller's ConfigMap and the rule's
 * annotations. Modelled from the project's documentation and the template the controller renders into
 * nginx.conf (not run here). `config` takes ConfigMap keys, the rule's `path`/`pathType`, and annotations by
 * their full names:
 *
 *   use-forwarded-headers: "true"
 *   compute-full-forwarded-for: "true"
 *   proxy-real-ip-cidr: "10.0.0.0/8"
 *   path: /app
 *   pathType: Prefix
 *   nginx.ingress.kubernetes.io/rewrite-target: /$2
 *   nginx.ingress.kubernetes.io/x-forwarded-prefix: /app
 *   nginx.ingress.kubernetes.io/proxy-redirect-from: http://backend:8000/
 *   nginx.ingress.kubernetes.io/proxy-redirect-to: /app/
 *
 * Documents, tag controller-v1.15.1 of kubernetes/ingress-nginx:
 * - [ING-CM] docs/user-guide/nginx-configuration/configmap.md: the keys and their defaults
 *   (use-forwarded-headers false, compute-full-forwarded-for false, forwarded-for-header X-Forwarded-For,
 *   proxy-real-ip-cidr 0.0.0.0/0, enable-real-ip false, generate-request-id true, upstream-keepalive-connections 320).
 * - [ING-AN] docs/user-guide/nginx-configuration/annotations.md: rewrite-target, x-forwarded-prefix,
 *   proxy-redirect-from/-to ("off" by default), upstream-vhost, use-regex.
 * - [ING-TPL] rootfs/etc/nginx/template/nginx.tmpl and internal/ingress/controller/template/template.go
 *   (buildProxyPass), rootfs/etc/nginx/lua/lua_ingress.lua: where the docs are silent. Two findings the docs do
 *   not state: compute-full-forwarded-for takes effect only together with use-forwarded-headers, and the
 *   x-forwarded-prefix annotation adds its header only together with a rewrite-target that differs from the path.
 * The nginx parts reuse this engine's nginx 1.22.1 modules (realip walk, proxy_set_header evaluation,
 * proxy_redirect, error pages); the controller ships its own nginx build, whose behaviour for these parts is the
 * same as far as these documents show. Also `proxies-and-frameworks.md` §11 and §12 example 47.
 */
import type { HttpResponse, ProxySpec } from "../types.ts";
import { splitHostPort } from "../net/address.ts";
import type { NginxArg, NginxDirective } from "../nginx/configParser.ts";
import { applyRealip } from "../nginx/realip.ts";
import { ngxPtocidr, type NgxCidr } from "../nginx/inet.ts";
import { upstreamHeaders, rewriteRedirect, type RedirectRule } from "../nginx/proxy.ts";
import type { VariableContext } from "../nginx/variables.ts";
import { compileRegex } from "../nginx/server.ts";
import { escapeUri, validHeaderName } from "../nginx/request.ts";
import { nginxErrorResponse } from "../nginx/errorPages.ts";
import { listItems, noter, parseSettings, type SettingSpec } from "./common.ts";
import type { HopContext, HopOutcome, InFlight, NextHop } from "../http/hop.ts";

export const INGRESS_NGINX_VERSION = "controller-v1.15.1";
export const INGRESS_SOURCES = {
  configMap: "ingress-nginx controller-v1.15.1 docs, nginx-configuration/configmap.md",
  annotations: "ingress-nginx controller-v1.15.1 docs, nginx-configuration/annotations.md",
  template: "ingress-nginx controller-v1.15.1, rootfs/etc/nginx/template/nginx.tmpl",
  buildProxyPass: "ingress-nginx controller-v1.15.1, internal/ingress/controller/template/template.go (buildProxyPass)",
  lua: "ingress-nginx controller-v1.15.1, rootfs/etc/nginx/lua/lua_ingress.lua (rewrite)",
} as const;

const A = "nginx.ingress.kubernetes.io/";
const bool = (key: string, def: string, doc: string, extra: Partial<SettingSpec> = {}): SettingSpec => ({ key, kind: "bool", default: def, doc, ...extra });

export const INGRESS_NGINX_SETTINGS: readonly SettingSpec[] = [
  bool("use-forwarded-headers", "false", "Pass the incoming X-Forwarded-* headers on and take the client address from them [ING-CM]."),
  bool("compute-full-forwarded-for", "false", "Append the remote address to X-Forwarded-For instead of replacing it [ING-CM]."),
  { key: "forwarded-for-header", kind: "string", default: "X-Forwarded-For", doc: "The header that names the client [ING-CM]." },
  { key: "proxy-real-ip-cidr", kind: "cidr-list", default: "0.0.0.0/0", doc: "Addresses trusted to name the client, with use-forwarded-headers [ING-CM]." },
  bool("enable-real-ip", "false", "Enable nginx's realip module with forwarded-for-header and proxy-real-ip-cidr [ING-CM]."),
  bool("generate-request-id", "true", "Generate X-Request-ID when the client sends none [ING-CM]."),
  bool("proxy-add-original-uri-header", "false", "Add X-Original-URI with the original request URI [ING-CM]."),
  bool("use-proxy-protocol", "false", "Expect the PROXY protocol on connections [ING-CM]. Not modelled when true.", { notModelled: true }),
  bool("enable-underscores-in-headers", "false", "Accept header names with underscores [ING-CM]."),
  { key: "upstream-keepalive-connections", kind: "int", min: 0, max: 100000, default: "320", doc: "Idle keep-alive connections to upstreams; 0 sends Connection: close [ING-CM]." },
  bool("server-tokens", "false", "Send the nginx version in Server and error pages [ING-CM].", { notModelled: true }),
  { key: "path", kind: "path", default: "/", doc: "The Ingress rule's path." },
  { key: "pathType", kind: "enum", values: ["Prefix", "Exact", "ImplementationSpecific"], default: "Prefix", doc: "The Ingress rule's path type." },
  { key: `${A}rewrite-target`, kind: "string", default: null, doc: "The path the backend expects; capture groups of the path regex as $1… [ING-AN]." },
  { key: `${A}x-forwarded-prefix`, kind: "string", default: null, doc: "Adds X-Forwarded-Prefix with this value [ING-AN]." },
  { key: `${A}proxy-redirect-from`, kind: "string", default: "off", doc: "First parameter of proxy_redirect; off by default [ING-AN]." },
  { key: `${A}proxy-redirect-to`, kind: "string", default: "off", doc: "Second parameter of proxy_redirect [ING-AN]." },
  { key: `${A}upstream-vhost`, kind: "string", default: null, doc: "The Host header sent upstream [ING-AN]." },
  { key: `${A}use-regex`, kind: "bool", default: "false", doc: "Read the path as a regular expression [ING-AN]." },
  { key: `${A}backend-protocol`, kind: "enum", values: ["HTTP", "HTTPS"], default: "HTTP", doc: "The protocol to the backend [ING-AN]." },
];

const REQUEST_ID_STANDIN = "00000000000000000000000000000000";

function arg(text: string): NginxArg {
  return { text, line: 0, column: 0, endLine: 0, endColumn: 0, quoted: false };
}

/** One `proxy_set_header name value;` as the controller's template writes it. */
function setHeader(name: string, value: string): NginxDirective {
  return { name: "proxy_set_header", args: [arg(name), arg(value)], line: 0, column: 0, endColumn: 0, children: null };
}

/**
 * Simulates one ingress-nginx hop. Writes trace entries and diagnostics into `ctx`; never throws.
 */
export function ingressNginxFrontEnd(ctx: HopContext, proxy: ProxySpec, index: number, req: InFlight, next: NextHop): HopOutcome {
  const source = `proxies[${index}].config`;
  const note = noter(ctx, index);
  const settings = parseSettings(proxy.config, INGRESS_NGINX_SETTINGS, source, { vendor: "ingress-nginx", unknownKey: "warning", unknownKeyReason: "the controller ignores ConfigMap keys and annotations it does not know, so this line has no effect." }, ctx.diagnostics);
  if (settings.bool("use-proxy-protocol")) note("ingress-nginx.settings", "use-proxy-protocol: true expects a PROXY protocol header from a load balancer in front; this model does not simulate it, and the results assume plain connections.");
  const listen = splitHostPort(proxy.listen) ?? { host: "127.0.0.1", port: req.tls ? 443 : 80 };
  const page = (status: number) => nginxErrorResponse(status, { serverTokens: settings.bool("server-tokens") });

  // Reading the head: nginx drops header names with underscores (enable-underscores-in-headers false).
  const underscores = settings.bool("enable-underscores-in-headers");
  const headers = req.fields.filter((f) => validHeaderName(f.name, underscores));
  const droppedNames = req.fields.filter((f) => !validHeaderName(f.name, underscores)).map((f) => f.name);
  if (droppedNames.length) note("ingress-nginx.request", `nginx ignores the header lines ${droppedNames.join(", ")}: their names are not letters, digits and hyphens${underscores ? "" : " (enable-underscores-in-headers is false by default)"}.`);
  const hostLines = headers.filter((f) => f.name.toLowerCase() === "host");
  if ((req.protocol === "HTTP/1.1" && hostLines.length === 0) || hostLines.length > 1) {
    note("ingress-nginx.request", hostLines.length > 1 ? "two Host headers: nginx answers 400." : "HTTP/1.1 request without Host: nginx answers 400.");
    return { kind: "respond", response: page(400) };
  }
  const q = req.target.indexOf("?");
  const rawPath = q < 0 ? req.target : req.target.slice(0, q);
  const args = q < 0 ? null : req.target.slice(q + 1);
  let uri: string;
  try {
    uri = decodeURIComponent(rawPath.replace(/%2F/gi, "%252F")).replace(/%2F/gi, "/");
  } catch {
    uri = rawPath;
  }
  const hostHeader = hostLines[0]?.value;
  const host = (hostHeader ?? "").replace(/:\d*$/, "").toLowerCase();

  // realip: with use-forwarded-headers (or enable-real-ip), recursive, trusting proxy-real-ip-cidr.
  const useForwarded = settings.bool("use-forwarded-headers");
  let remoteAddr = req.peer;
  if (useForwarded || settings.bool("enable-real-ip")) {
    const cidrs: NgxCidr[] = listItems(settings.value("proxy-real-ip-cidr") ?? "0.0.0.0/0").flatMap((i) => ngxPtocidr(i.text)?.cidr ?? []);
    const header = settings.value("forwarded-for-header") ?? "X-Forwarded-For";
    const r = applyRealip({ from: cidrs, header, recursive: true }, req.peer, headers);
    for (const n of r.notes) note("ingress-nginx.realip", `${n} (real_ip_header ${header}, real_ip_recursive on, set_real_ip_from ${cidrs.map((c) => c.text).join(" ")}) [${INGRESS_SOURCES.template}]`);
    if (r.address) remoteAddr = r.address;
    if (!settings.get("proxy-real-ip-cidr")) note("ingress-nginx.realip", `proxy-real-ip-cidr defaults to 0.0.0.0/0 [${INGRESS_SOURCES.configMap}]: every peer is trusted, and with real_ip_recursive on every address is too, so the leftmost X-Forwarded-For entry (written by the client) wins.`);
  } else note("ingress-nginx.realip", `use-forwarded-headers is false (the default) [${INGRESS_SOURCES.configMap}]: $remote_addr is the peer ${req.peer}.`);

  // The Ingress rule's location.
  const path = settings.value("path") ?? "/";
  const pathType = settings.value("pathType") ?? "Prefix";
  const rewriteTarget = settings.value(`${A}rewrite-target`);
  const useRegex = settings.bool(`${A}use-regex`) || (rewriteTarget !== null && rewriteTarget !== path);
  let matches: boolean;
  let captures: string[] = [];
  let regex: RegExp | null = null;
  if (useRegex) {
    const compiled = compileRegex(`^${path}`, true);
    if ("error" in compiled) {
      const line = settings.get("path");
      ctx.diagnostics.push({ severity: "error", code: "lb-setting-bad-value", source, line: line?.line ?? 1, column: line?.valueColumn ?? 1, message: `The path is used as a regular expression (rewrite-target or use-regex), and nginx cannot compile it: ${compiled.error}` });
      return { kind: "respond", response: page(500) };
    }
    regex = compiled.regex;
    const m = regex.exec(uri);
    matches = m !== null;
    captures = m ? [...m].map((x) => x ?? "") : [];
    note("ingress-nginx.location", `${rewriteTarget !== null ? "rewrite-target" : "use-regex"} makes the location a case-insensitive regex: location ~* "^${path}" ${matches ? "takes" : "does not take"} ${uri} [${INGRESS_SOURCES.annotations}].`);
  } else if (pathType === "Exact") {
    matches = uri === path;
    note("ingress-nginx.location", `pathType Exact: location = ${path} ${matches ? "takes" : "does not take"} ${uri}.`);
  } else {
    const base = path.endsWith("/") ? path : `${path}/`;
    matches = path === "/" || uri === path || uri.startsWith(base);
    note("ingress-nginx.location", `pathType ${pathType} ${path}: ${matches ? "takes" : "does not take"} ${uri} (a prefix matched by whole path segments).`);
  }
  if (!matches) {
    note("ingress-nginx.location", `no Ingress rule takes ${uri}: the controller's default backend answers 404 (its exact page depends on the default backend deployed).`);
    return { kind: "respond", response: page(404) };
  }

  // lua_ingress.lua rewrite(): scheme, port and host to pass on.
  const scheme = req.tls ? "https" : "http";
  const header = (name: string) => headers.find((f) => f.name.toLowerCase() === name.toLowerCase())?.value;
  let passScheme = scheme;
  let passServerPort = String(listen.port);
  let bestHost = hostHeader ?? host;
  if (useForwarded) {
    const xfp = header("X-Forwarded-Proto");
    const xfport = header("X-Forwarded-Port");
    const xfh = header("X-Forwarded-Host");
    if (xfp !== undefined) passScheme = xfp;
    if (xfport !== undefined) passServerPort = xfport;
    if (xfh !== undefined) bestHost = xfh.split(",")[0]!;
    const taken = [xfp !== undefined ? `X-Forwarded-Proto ${JSON.stringify(xfp)}` : "", xfport !== undefined ? `X-Forwarded-Port ${JSON.stringify(xfport)}` : "", xfh !== undefined ? `the first item of X-Forwarded-Host, ${JSON.stringify(bestHost)}` : ""].filter(Boolean);
    note("ingress-nginx.forwarded-headers", taken.length ? `use-forwarded-headers: the client's ${taken.join(", ")} ${taken.length === 1 ? "is" : "are"} passed on as they are [${INGRESS_SOURCES.lua}].` : `use-forwarded-headers: the client sent no X-Forwarded-Proto, -Port or -Host, so the request's own values are used.`);
  }
  const passPort = passServerPort === "443" || (req.tls && passServerPort === String(listen.port)) ? "443" : passServerPort;

  // The upstream URI: rewrite-target replaces the whole URI (nginx rewrite … break).
  let upstreamTarget: string;
  let rewritten = false;
  if (rewriteTarget !== null && rewriteTarget !== path && regex) {
    const replaced = rewriteTarget.replace(/\$(\d)/g, (_m, d: string) => captures[Number(d)] ?? "");
    const hasArgs = replaced.includes("?");
    upstreamTarget = escapeUri(replaced.split("?")[0]!) + (hasArgs ? `?${replaced.split("?").slice(1).join("?")}` : args !== null ? `?${args}` : "");
    rewritten = true;
    note("ingress-nginx.rewrite", `rewrite "(?i)${path}" ${rewriteTarget} break: the whole URI ${uri} becomes ${replaced}${!hasArgs && args !== null ? `, with the client's arguments ?${args} kept` : ""} [${INGRESS_SOURCES.buildProxyPass}].`);
  } else upstreamTarget = req.target;

  // Headers the template sets (nginx.tmpl, location block), evaluated by the nginx model.
  const keepalive = Number(settings.value("upstream-keepalive-connections") ?? "320");
  const fullXff = useForwarded && settings.bool("compute-full-forwarded-for");
  if (settings.bool("compute-full-forwarded-for") && !useForwarded) note("ingress-nginx.x-forwarded-for", `compute-full-forwarded-for is set, but the template uses it only together with use-forwarded-headers, which is false: X-Forwarded-For is still replaced [${INGRESS_SOURCES.template}]. The ConfigMap documentation does not mention this condition.`);
  const xffName = settings.value("forwarded-for-header") ?? "X-Forwarded-For";
  const xffVar = `$http_${xffName.toLowerCase().replace(/-/g, "_")}`;
  const realXff = headers.filter((f) => f.name.toLowerCase() === "x-forwarded-for").map((f) => f.value);
  const set = new Map<string, string>([
    ["best_http_host", bestHost],
    ["pass_access_scheme", passScheme],
    ["pass_server_port", passServerPort],
    ["pass_port", passPort],
    ["connection_upgrade", header("Upgrade") !== undefined ? "upgrade" : keepalive > 0 ? "" : "close"],
    ["req_id", header("X-Request-ID") ?? (settings.bool("generate-request-id") ? REQUEST_ID_STANDIN : "")],
    ["full_x_forwarded_for", realXff.length ? `${realXff.join(", ")}, ${req.peer}` : req.peer],
  ]);
  const prefix = settings.value(`${A}x-forwarded-prefix`);
  const directives = [
    setHeader("Host", settings.value(`${A}upstream-vhost`) ?? "$best_http_host"),
    setHeader("Upgrade", "$http_upgrade"),
    setHeader("Connection", "$connection_upgrade"),
    setHeader("X-Request-ID", "$req_id"),
    setHeader("X-Real-IP", "$remote_addr"),
    setHeader("X-Forwarded-For", fullXff ? "$full_x_forwarded_for" : "$remote_addr"),
    setHeader("X-Forwarded-Host", "$best_http_host"),
    setHeader("X-Forwarded-Port", "$pass_port"),
    setHeader("X-Forwarded-Proto", "$pass_access_scheme"),
    setHeader("X-Forwarded-Scheme", "$pass_access_scheme"),
    ...(settings.bool("proxy-add-original-uri-header") ? [setHeader("X-Original-URI", "$request_uri")] : []),
    setHeader("X-Scheme", "$pass_access_scheme"),
    setHeader("X-Original-Forwarded-For", xffVar),
    setHeader("X-Original-Forwarded-Host", "$http_x_forwarded_host"),
    setHeader("Proxy", ""),
    ...(rewritten && prefix !== null ? [setHeader("X-Forwarded-Prefix", prefix)] : []),
  ];
  const vctx: VariableContext = {
    method: req.method,
    requestUri: req.target,
    uri,
    args,
    protocol: req.protocol,
    headers,
    host,
    serverName: host || "_",
    tls: req.tls,
    local: listen,
    remoteAddr,
    realipRemoteAddr: req.peer,
    proxy: { host: "upstream_balancer", port: "80" },
    set,
  };
  const notes: string[] = [];
  const fields = upstreamHeaders(directives, vctx, headers, true, notes);
  for (const n of notes) note("ingress-nginx.headers", n);
  note(
    "ingress-nginx.x-forwarded-for",
    fullXff
      ? `use-forwarded-headers with compute-full-forwarded-for: X-Forwarded-For is the client's value with the peer ${req.peer} appended ($full_x_forwarded_for) [${INGRESS_SOURCES.template}].`
      : `X-Forwarded-For is replaced by $remote_addr (${remoteAddr}); the client's value${realXff.length ? ` ${JSON.stringify(realXff.join(", "))}` : ""} goes to X-Original-Forwarded-For${realXff.length ? "" : " (empty here, so not sent)"} [${INGRESS_SOURCES.template}].`,
  );
  if (prefix !== null && !rewritten) note("ingress-nginx.x-forwarded-prefix", `x-forwarded-prefix ${prefix} is set, but the template emits X-Forwarded-Prefix only in the rewrite branch of buildProxyPass (rewrite-target set and different from the path): no X-Forwarded-Prefix is sent [${INGRESS_SOURCES.buildProxyPass}]. The annotation documentation does not mention this condition.`);
  if (set.get("req_id") === REQUEST_ID_STANDIN) note("ingress-nginx.headers", `X-Request-ID is nginx's $request_id, 32 random hex digits per request (${REQUEST_ID_STANDIN} stands for them) [${INGRESS_SOURCES.configMap}, generate-request-id].`);
  const backendTls = settings.value(`${A}backend-protocol`) === "HTTPS";
  note("ingress-nginx.request", `proxy_pass ${backendTls ? "https" : "http"}://upstream_balancer (the Service's endpoint ${next.listen}) with proxy_http_version 1.1: ${req.method} ${upstreamTarget} HTTP/1.1${rewritten ? "" : ", the request URI exactly as the client sent it"}.`);

  // proxy_redirect: off unless both annotations are set.
  const from = settings.value(`${A}proxy-redirect-from`) ?? "off";
  const to = settings.value(`${A}proxy-redirect-to`) ?? "off";
  let rules: RedirectRule[] = [];
  let redirectWhy: string;
  if (from === "off" || from === "default") {
    redirectWhy = from === "off" ? `proxy_redirect off (the default of proxy-redirect-from) [${INGRESS_SOURCES.annotations}]` : `proxy_redirect default: the default rule maps http://upstream_balancer/, a name no back end writes into Location`;
    if (from === "default") rules = [{ pattern: "http://upstream_balancer/", regex: null, replacement: "/", directive: null, origin: "default" }];
  } else if (to === "off") {
    redirectWhy = `proxy-redirect-from is set without proxy-redirect-to: the template writes no proxy_redirect, so nginx's implicit default applies, which maps only http://upstream_balancer/`;
    rules = [{ pattern: "http://upstream_balancer/", regex: null, replacement: "/", directive: null, origin: "implicit default" }];
  } else {
    const caseless = from.startsWith("~*");
    const compiled = from.startsWith("~") ? compileRegex(from.slice(caseless ? 2 : 1), caseless) : null;
    rules = [{ pattern: from, regex: compiled && "regex" in compiled ? compiled.regex : null, replacement: to, directive: null, origin: "explicit" }];
    redirectWhy = `proxy_redirect ${from} ${to}`;
  }
  const rewrite = (response: HttpResponse): HttpResponse => {
    if (response.closed || response.status === 0) {
      note("ingress-nginx.response", "the back end closed the connection without a response: nginx answers 502.");
      return page(502);
    }
    const key = response.headers.Location !== undefined ? "Location" : response.headers.location !== undefined ? "location" : null;
    if (key === null) {
      note("ingress-nginx.response", `the response passes through; ${redirectWhy}.`);
      return response;
    }
    const value = response.headers[key]!;
    const r = rules.length ? rewriteRedirect(value, rules, vctx) : null;
    if (!r) {
      note("ingress-nginx.response", `${redirectWhy}: Location ${JSON.stringify(value)} reaches the client unchanged.`);
      return response;
    }
    note("ingress-nginx.response", `${redirectWhy}: Location ${JSON.stringify(value)} → ${JSON.stringify(r.value)}.`);
    return { ...response, headers: { ...response.headers, [key]: r.value } };
  };
  return { kind: "forward", request: { method: req.method, target: upstreamTarget, protocol: "HTTP/1.1", fields, peer: proxy.address, tls: backendTls, sni: null }, rewrite };
}
