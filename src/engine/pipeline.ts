/**
 * Walks a scenario's request from the client through each front-end proxy to the back end, and the
 * response back out, recording what every server received and why each step did what it did.
 *
 * Each hop is modelled by the module of the real component (apache/modProxy.ts, apache/modHeaders.ts,
 * modwsgi/environ.ts, …); this file only composes them. It never throws on reader input: problems become
 * diagnostics and the result says as much as can still be said.
 */
import type { Diagnostic, EnvironChange, Hop, HttpResponse, ModWsgiVersion, ProxySpec, Result, Scenario, TraceEntry, WsgiProxyBehaviour } from "./types.ts";
import { validateScenario } from "./scenario/validate.ts";
import { fieldValueAsRead, type HeaderField, parseRequestHead, serializeRequestHead } from "./http/requestHead.ts";
import { checkDirectives, markContinuedDirectives, parseApacheConfig, type Directive } from "./apache/configParser.ts";
import { getHeader, mergeRepeated, setHeader, type HeaderTable } from "./http/headers.ts";
import { splitHostPort, stripBrackets } from "./net/address.ts";
import {
  allDirectives,
  buildServerModel,
  effectiveDirectives,
  requestScheme,
  scopesFor,
  selectVirtualHost,
  serverNameForUrl,
  serverPort,
  absoluteFormHost,
  directivesNamed,
  lastDirective,
  serverDirectives,
  serverDirectivesNamed,
  type RequestFacts,
  type ScopeLayer,
  type ServerModel,
  type ServerScope,
} from "./apache/server.ts";
import { mapRequest, proxyPassRules, proxyRequest, reverseMap, reverseRules, REVERSE_MAPPED_HEADERS, type ReverseRule } from "./apache/modProxy.ts";
import { applyRequestHeaders, checkHeaderDirectives, fixupEnvironment, insertsOutputFilter } from "./apache/modHeaders.ts";
import { applyProxyHtml } from "./apache/modProxyHtml.ts";
import { clientSni, modSslLoaded } from "./apache/modSsl.ts";
import { errorResponse, proxyErrorResponse } from "./apache/errorDocuments.ts";
import { forRequestMethod } from "./http/response.ts";
import { serveDirectory } from "./apache/modDir.ts";
import { matchScriptAlias, scriptAliases } from "./modwsgi/scriptAlias.ts";
import { parseTrustedProxies, parseTrustedProxyHeaders, type TrustConfig } from "./modwsgi/trustedProxies.ts";
import { buildEnviron, mapHeadToGetSetting } from "./modwsgi/environ.ts";
import { redirectUnderApplication } from "./wsgi/wsgiref.ts";
import { analyseExposure, type FollowedRedirect } from "./analysis/exposure.ts";
import { expressBackend } from "./express/backend.ts";
import { expressFrontEnd } from "./express/frontEnd.ts";
import type { ApacheRunners } from "./express/server.ts";
import { generateAll } from "./generate/index.ts";
import { applyMiddleware } from "./wsgiproxy/middleware.ts";
import { nginxFrontEnd } from "./nginx/frontEnd.ts";
import { nginxErrorResponse } from "./nginx/errorPages.ts";
import { presetFrontEnd, presetReadsHead, presetRejection } from "./loadBalancers/dispatch.ts";
import type { HopOutcome, InFlight, ResponseRewriter } from "./http/hop.ts";

import { ENGINE_VERSION } from "./version.ts";
import { memoByObject, textMemo } from "./textMemo.ts";

export { ENGINE_VERSION };

interface Context {
  version: ModWsgiVersion;
  wsgiproxy: WsgiProxyBehaviour;
  trace: TraceEntry[];
  diagnostics: Diagnostic[];
  hops: Hop[];
}

function note(ctx: Context, step: string, message: string, hop: number): void {
  ctx.trace.push({ step, message, hop });
}

/** Splits a request target into decoded path and raw query; null path means Apache answers 400/404. */
function splitTarget(target: string): { path: string | null; query: string | null; status?: number; absoluteHost?: string } {
  let rest = target;
  let absoluteHost: string | undefined;
  // An origin-form target (the usual one) starts with "/" and cannot be absolute-form.
  const abs = target.startsWith("/") ? null : /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)(.*)$/i.exec(target);
  if (abs) {
    absoluteHost = abs[1]!;
    rest = abs[2] || "/";
  }
  if (!rest.startsWith("/")) return { path: null, query: null, status: 400 };
  const q = rest.indexOf("?");
  const rawPath = q < 0 ? rest : rest.slice(0, q);
  const query = q < 0 ? null : rest.slice(q + 1);
  let decoded = rawPath;
  if (rawPath.includes("%")) {
    decoded = "";
    for (let i = 0; i < rawPath.length; i += 1) {
      const c = rawPath[i]!;
      if (c !== "%") {
        decoded += c;
        continue;
      }
      const hex = rawPath.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return { path: null, query, status: 400 };
      const code = Number.parseInt(hex, 16);
      if (code === 0x2f || code === 0) return { path: null, query, status: 404 };
      decoded += String.fromCharCode(code);
      i += 2;
    }
  }
  // Apache merges runs of "/" (MergeSlashes On) and removes "." and ".." segments (ap_getparents).
  if (!decoded.includes("//") && !decoded.includes("/.")) return { path: decoded, query, absoluteHost };
  const segments: string[] = [];
  for (const seg of decoded.replace(/\/{2,}/g, "/").split("/").slice(1)) {
    if (seg === ".") continue;
    if (seg === "..") segments.pop();
    else segments.push(seg);
  }
  const path = "/" + segments.join("/") + (decoded.endsWith("/.") || decoded.endsWith("/..") ? (segments.length ? "/" : "") : "");
  return { path: path.includes("//") ? path.replace(/\/{2,}/g, "/") : path, query, absoluteHost };
}

/** Host header → name (lowercased) and port, as Apache's `fix_hostname` reads it; null when invalid. */
function parseHost(value: string): { hostname: string; port: number | null } | null {
  const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]*)(?::([0-9]*))?$/.exec(value);
  if (!m) return null;
  const port = m[2] ? Number(m[2]) : null;
  if (port !== null && port > 65535) return null;
  const name = m[1]!.toLowerCase();
  return { hostname: name.endsWith(".") ? name.slice(0, -1) : name, port };
}

function serialize(req: InFlight): string {
  return serializeRequestHead({ method: req.method, target: req.target, protocol: req.protocol, headers: req.fields });
}

interface ApacheRequest {
  model: ServerModel;
  scope: ServerScope;
  facts: RequestFacts;
  headers: HeaderTable;
  path: string;
  query: string | null;
}

/** Core request handling shared by every Apache hop: Host check, vhost choice, path decoding. */
function apacheReceive(ctx: Context, req: InFlight, model: ServerModel, hop: number, listen: { host: string; port: number }): ApacheRequest | HttpResponse {
  let headers = mergeRepeated(req.fields.map((f) => ({ name: f.name, value: fieldValueAsRead(f.value) })));
  const target = splitTarget(req.target);
  const hostHeader = getHeader(headers, "Host");
  const absolute = absoluteFormHost(req.target, req.tls);
  const host = absolute ? absolute.authority : hostHeader;
  if (absolute && hostHeader !== undefined) headers = setHeader(headers, "Host", absolute.hostHeader);
  if (hostHeader === undefined && req.protocol === "HTTP/1.1") {
    note(ctx, "core.request", "HTTP/1.1 request without a Host header: Apache answers 400.", hop);
    return errorResponse(400);
  }
  const parsedHost = host === undefined ? { hostname: null, port: null } : parseHost(host);
  if (parsedHost === null) {
    note(ctx, "core.request", `Host ${JSON.stringify(host)} is not a valid host name: Apache answers 400.`, hop);
    return errorResponse(400);
  }
  const scope = selectVirtualHost(model, parsedHost.hostname);
  note(
    ctx,
    "core.virtual-host",
    scope.kind === "main"
      ? `served by the main server (ServerName ${scope.serverName.host}).`
      : `Host ${JSON.stringify(parsedHost.hostname)} selects the <VirtualHost> at line ${scope.line} (ServerName ${scope.serverName.host}).`,
    hop,
  );
  if (target.path === null) {
    note(ctx, "core.request", `request target ${JSON.stringify(req.target)} cannot be mapped to a path: Apache answers ${target.status}.`, hop);
    return errorResponse(target.status ?? 400);
  }
  const facts: RequestFacts = { hostname: parsedHost.hostname || null, hostPort: parsedHost.port, tls: req.tls, localPort: listen.port };
  return { model, scope, facts, headers, path: target.path, query: target.query };
}

/**
 * An Apache server's model and the diagnostics of its config. The model of a recent (config, listen, source) is
 * kept, since a keystroke in another pane leaves this one unchanged: the model is shared (read-only), the
 * diagnostics are fresh objects.
 */
function apacheModel(ctx: Context, config: string, listen: string, source: string): ServerModel {
  const kept = recentApacheModels(config, () => readApacheModel(config, listen, source), `${source} ${listen}`);
  for (const d of kept.diagnostics) ctx.diagnostics.push({ ...d });
  return kept.model;
}

const recentApacheModels = textMemo<{ model: ServerModel; diagnostics: Diagnostic[] }>(16);

function readApacheModel(config: string, listen: string, source: string): { model: ServerModel; diagnostics: Diagnostic[] } {
  const parsed = parseApacheConfig(config, source);
  const hp = splitHostPort(listen) ?? { host: "127.0.0.1", port: 80 };
  const built = buildServerModel(parsed.nodes, hp, source);
  return { model: built.model, diagnostics: [...parsed.diagnostics, ...checkDirectives(parsed.nodes, source), ...checkHeaderDirectives(parsed.nodes, source), ...built.diagnostics] };
}

/**
 * A front-end Apache with mod_proxy: RequestHeader, ProxyPass, and ProxyPassReverse on the way back. `fixupEnv`
 * adds request-environment variables that another module set before mod_headers runs (mod_wsgi-express's
 * `RewriteRule … [E=…]` lines), given the port `ap_get_server_port` yields for the request.
 */
function apacheFrontEnd(ctx: Context, proxy: ProxySpec, index: number, req: InFlight, next: { listen: string; address: string }, fixupEnv?: (serverPort: number) => Record<string, string>): HopOutcome {
  const source = `proxies[${index}].config`;
  const model = apacheModel(ctx, proxy.config, proxy.listen, source);
  const received = apacheReceive(ctx, req, model, index, model.listen);
  if ("status" in received) return { kind: "respond", response: received };
  const { scope, facts, path, query } = received;
  const layers = scopesFor(model, scope, path, null);
  const env = fixupEnvironment(layers, { loaded: modSslLoaded(serverDirectives(model), req.tls), tls: req.tls, sni: req.sni ?? null });
  if (fixupEnv) Object.assign(env.env, fixupEnv(serverPort(scope, facts)));
  const notes: string[] = [];
  const headers = applyRequestHeaders(received.headers, allDirectives(layers, "RequestHeader"), env, source, ctx.diagnostics, notes);
  for (const n of notes) note(ctx, "mod_headers.request-header", n, index);
  const rules = proxyPassRules(layers, source, ctx.diagnostics);
  const mapping = mapRequest(rules, path, query);
  if (!mapping) {
    note(ctx, "mod_proxy.proxy-pass", rules.length ? `no ProxyPass rule takes ${path}: this server answers 404 itself.` : "no ProxyPass: this server answers 404 itself.", index);
    return { kind: "respond", response: errorResponse(404) };
  }
  if ("error" in mapping) {
    note(ctx, "mod_proxy.proxy-pass", `ProxyPass ${mapping.rule.path} ${mapping.rule.url} (line ${mapping.rule.directive.line}) makes ${mapping.url}: ${mapping.error.reason}; this server answers ${mapping.error.status} itself.`, index);
    return { kind: "respond", response: mapping.error.proxyError ? proxyErrorResponse(mapping.error.status, mapping.error.reason) : errorResponse(mapping.error.status, undefined, undefined, serverAdmin(layers)) };
  }
  const d = mapping.rule.directive;
  note(ctx, "mod_proxy.proxy-pass", `ProxyPass ${mapping.rule.path} ${mapping.rule.url} (line ${d.line}) sends ${path} to ${mapping.url}.`, index);
  const nextListen = splitHostPort(next.listen);
  const targetHost = stripBrackets(mapping.host);
  if (!nextListen || nextListen.host !== targetHost || nextListen.port !== mapping.port) {
    const arg = d.args.find((a) => a.text === mapping.rule.url) ?? d.args[0];
    ctx.diagnostics.push({
      severity: "warning",
      code: "proxy-target-mismatch",
      source,
      line: arg?.line ?? d.line,
      column: arg?.column ?? d.column,
      message: `ProxyPass sends to ${mapping.host}:${mapping.port}, but the next server listens on ${next.listen}; the simulation continues as if it were reached.`,
    });
  }
  const proxyNotes: string[] = [];
  const out = proxyRequest({ method: req.method, headers, clientIp: req.peer, serverHostname: scope.serverName.host, requestHostname: facts.hostname }, mapping, layers, proxyNotes);
  for (const n of proxyNotes) note(ctx, "mod_proxy.request", n, index);
  const reverse = reverseRules(layers);
  const rewrite: ResponseRewriter = (response) => {
    const html = applyProxyHtml(rewriteBack(ctx, response, reverse, scope, facts, index), layers);
    for (const n of html.notes) note(ctx, "mod_proxy_html.url-map", n, index);
    return html.response;
  };
  return {
    kind: "forward",
    request: { method: out.method, target: out.target, protocol: "HTTP/1.1", fields: [...out.headers], peer: proxy.address, tls: mapping.scheme === "https" || mapping.scheme === "wss", sni: out.sni },
    rewrite,
  };
}

function rewriteBack(ctx: Context, response: HttpResponse, rules: ReverseRule[], scope: ServerScope, facts: RequestFacts, hop: number): HttpResponse {
  const headers = { ...response.headers };
  for (const name of REVERSE_MAPPED_HEADERS) {
    const value = headers[name];
    if (value === undefined) continue;
    const mapped = reverseMap(value, rules, scope, facts);
    if (mapped.rule) {
      headers[name] = mapped.value;
      note(ctx, "mod_proxy.proxy-pass-reverse", `ProxyPassReverse ${mapped.rule.path} ${mapped.rule.url} (line ${mapped.rule.directive.line}) rewrites ${name} ${value} → ${mapped.value}.`, hop);
    } else {
      note(ctx, "mod_proxy.proxy-pass-reverse", rules.length ? `${name} ${value} matches no ProxyPassReverse rule and passes through unchanged.` : `no ProxyPassReverse: ${name} ${value} passes through unchanged.`, hop);
    }
  }
  return { ...response, headers };
}

/** The back end: Apache core + mod_dir for `directories`, mod_wsgi for the application. */
function apacheBackend(ctx: Context, scenario: Scenario, req: InFlight, hop: number): { response: HttpResponse; environ: Record<string, string> | null; changes?: Record<string, EnvironChange> } {
  const source = "backend.config";
  const model = apacheModel(ctx, scenario.backend.config, scenario.backend.listen, source);
  const received = apacheReceive(ctx, req, model, hop, model.listen);
  if ("status" in received) return { response: received, environ: null };
  const { scope, facts, path, query } = received;

  const served = serveDirectory(scenario.backend.directories ?? [], path, query, scope, facts);
  if (served) {
    note(ctx, served.step, served.message, hop);
    return { response: served.response, environ: null };
  }

  // The WSGIScriptAlias lines of the virtual host, then of the main server (scriptAliases keeps only those).
  const aliases = scriptAliases([...directivesNamed(scope.directives, "wsgiscriptalias"), ...(scope.kind === "vhost" ? directivesNamed(model.main.directives, "wsgiscriptalias") : [])], source, ctx.diagnostics);
  const match = matchScriptAlias(aliases, path);
  if (!match) {
    note(ctx, "core.not-found", `${path} is outside every WSGIScriptAlias mount (${aliases.map((a) => a.mount).join(", ")}) and not a directory: 404.`, hop);
    return { response: errorResponse(404), environ: null };
  }
  const { alias: chosen, scriptName, pathInfo } = match;
  note(
    ctx,
    "mod_wsgi.script-alias",
    chosen.directive
      ? `WSGIScriptAlias ${chosen.mount} (line ${chosen.directive.line}) takes ${path}: SCRIPT_NAME ${JSON.stringify(scriptName)}, PATH_INFO ${JSON.stringify(pathInfo)}.`
      : `no WSGIScriptAlias: the application is mounted at / (scenario convention).`,
    hop,
  );

  const layers = scopesFor(model, scope, path, chosen.file);
  const trust: TrustConfig = { headers: null, proxies: null };
  const hdrs = effectiveDirectives(layers, "WSGITrustedProxyHeaders");
  if (hdrs) {
    trust.headers = [];
    for (const d of hdrs.directives) {
      const p = trustedHeadersOf(d, source);
      trust.headers.push(...p.headers);
      for (const diag of p.diagnostics) ctx.diagnostics.push({ ...diag });
    }
  }
  const prox = effectiveDirectives(layers, "WSGITrustedProxies");
  if (prox) {
    trust.proxies = [];
    for (const d of prox.directives) {
      const p = trustedProxiesOf(d, source);
      trust.proxies.push(...p.proxies);
      for (const diag of p.diagnostics) ctx.diagnostics.push({ ...diag });
    }
  }
  if (trust.headers?.some((h) => h.key === null)) {
    note(ctx, "mod_wsgi.trusted-proxies", "a WSGITrustedProxyHeaders name is not a valid header name: mod_wsgi stores a NULL entry and the Apache child crashes (Segmentation fault) on this request; the client's connection is closed with no response.", hop);
    return { response: { status: 0, closed: true, headers: {} }, environ: null };
  }
  const ssl = { loaded: modSslLoaded(serverDirectives(model), req.tls), tls: req.tls, sni: req.sni ?? null };
  const fixupNotes: string[] = [];
  const headerList = applyRequestHeaders(received.headers, allDirectives(layers, "RequestHeader"), fixupEnvironment(layers, ssl), source, ctx.diagnostics, fixupNotes);
  for (const n of fixupNotes) note(ctx, "mod_headers.request-header", n, hop);
  const processGroup = lastDirective(layers, "WSGIProcessGroup")?.args[0]?.text ?? "";
  const appGroupArg = lastDirective(layers, "WSGIApplicationGroup")?.args[0]?.text;
  const mapHead = mapHeadToGetSetting(layers, ctx.version);
  const docRoot = lastDirective(layers, "DocumentRoot")?.args[0]?.text ?? "/var/www/html";
  const build = buildEnviron(
    {
      method: req.method,
      target: req.target,
      protocol: req.protocol,
      headers: headerList,
      peer: req.peer,
      tls: req.tls,
      local: model.listen,
      serverName: serverNameForUrl(scope, facts),
      serverPort: serverPort(scope, facts),
      requestScheme: requestScheme(scope, facts),
      scriptName,
      scriptFilename: chosen.file,
      pathInfo,
      pathTranslated: chosen.mount === "/" ? chosen.file + pathInfo : docRoot.replace(/\/$/, "") + pathInfo,
      documentRoot: docRoot,
      serverAdmin: serverAdmin(layers) ?? "[no address given]",
      serverHostname: scope.serverName.host,
      processGroup,
      applicationGroup: appGroupArg === undefined ? null : appGroupArg === "%{GLOBAL}" ? "" : appGroupArg,
      passAuthorization: lastDirective(layers, "WSGIPassAuthorization")?.args[0]?.text.toLowerCase() === "on",
      mapHeadToGet: mapHead,
      modSsl: ssl.loaded,
      sni: ssl.tls ? ssl.sni : null,
      contentFilter: insertsOutputFilter(allDirectives(layers, "Header")),
      ...concurrency(model, processGroup),
    },
    trust,
    ctx.version,
  );
  for (const n of build.notes) note(ctx, "mod_wsgi.trusted-proxies", n, hop);
  const changes: Record<string, EnvironChange> = build.changes;
  // WSGI middleware around the application (WSGIProxyMiddleware) sees the environ mod_wsgi built.
  const wrapped = applyMiddleware(ctx, scenario.backend.middleware, build.environ, hop);
  for (const [k, c] of Object.entries(wrapped.changes)) changes[k] = { ...c, before: k in changes ? changes[k]!.before : c.before };
  if (wrapped.response || !wrapped.environ) return { response: wrapped.response ?? errorResponse(500, undefined, undefined, serverAdmin(layers)), environ: null, changes };
  const environ = wrapped.environ;
  const app = scenario.backend.app;
  let response: HttpResponse = { status: 200, headers: { "Content-Type": "application/json" } };
  if (app?.redirect !== undefined) {
    const location = redirectUnderApplication(environ, app.redirect);
    const status = app.status ?? 302;
    response = { status, headers: { Location: location } };
    note(ctx, "wsgi.application", `the application answers ${status} with Location ${location}: application_uri(environ) from wsgi.url_scheme ${JSON.stringify(environ["wsgi.url_scheme"])}, ${environ.HTTP_HOST ? `HTTP_HOST ${JSON.stringify(environ.HTTP_HOST)}` : `SERVER_NAME ${JSON.stringify(environ.SERVER_NAME)} and SERVER_PORT ${JSON.stringify(environ.SERVER_PORT)}`} and SCRIPT_NAME ${JSON.stringify(environ.SCRIPT_NAME)}, plus ${app.redirect}.`, hop);
  }
  return { response, environ, changes };
}

/**
 * `read(directive, source)` kept per directive object. A kept server model's directives are read again by
 * every request to it, and by a followed redirect's run; the reading is a pure function of the directive and
 * the source name. The value is shared: callers copy the diagnostics they hand out and never change the rest.
 */
function perDirective<T>(read: (d: Directive, source: string) => T): (d: Directive, source: string) => T {
  // One config text can be read as more than one pane (its parse is shared): each source keeps its reading.
  const bySource = memoByObject((_d: Directive) => new Map<string, T>());
  return (d, source) => {
    const kept = bySource(d);
    let value = kept.get(source);
    if (value === undefined) {
      value = read(d, source);
      kept.set(source, value);
    }
    return value;
  };
}

const trustedHeadersOf = perDirective(parseTrustedProxyHeaders);
const trustedProxiesOf = perDirective(parseTrustedProxies);

/** The ServerAdmin in effect for a request (the virtual host's, else the main server's), or undefined. */
function serverAdmin(layers: ScopeLayer[]): string | undefined {
  return lastDirective(layers, "ServerAdmin")?.args[0]?.text;
}

/**
 * wsgi.multiprocess / wsgi.multithread. Daemon mode: the process group's `processes` (default 1) and
 * `threads` (default 15) from WSGIDaemonProcess. Embedded mode: the MPM's sizing (mpm_event defaults:
 * ServerLimit 16, ThreadsPerChild 25), from ServerLimit/ThreadsPerChild when the config sets them.
 */
function concurrency(model: ServerModel, processGroup: string): { multiprocess: boolean; multithread: boolean } {
  if (processGroup !== "") {
    const daemon = serverDirectivesNamed(model, "wsgidaemonprocess").find((d) => d.args[0]?.text === processGroup);
    const option = (name: string, fallback: number) => {
      const arg = daemon?.args.find((a) => a.text.toLowerCase().startsWith(`${name}=`));
      const n = arg ? Number.parseInt(arg.text.slice(name.length + 1), 10) : fallback;
      return Number.isFinite(n) ? n : fallback;
    };
    const processes = daemon?.args.some((a) => a.text.toLowerCase().startsWith("processes=")) ?? false;
    return { multiprocess: processes ? option("processes", 1) > 1 : false, multithread: option("threads", 15) > 1 };
  }
  const value = (name: string, fallback: number) => {
    const d = serverDirectivesNamed(model, name).at(-1);
    const n = d?.args[0] ? Number.parseInt(d.args[0].text, 10) : fallback;
    return Number.isFinite(n) ? n : fallback;
  };
  return { multiprocess: value("serverlimit", 16) > 1, multithread: value("threadsperchild", 25) > 1 };
}

function emptyResult(version: ModWsgiVersion, diagnostics: Diagnostic[]): Result {
  return {
    hops: [],
    environ: null,
    response: { status: 0, headers: {} },
    trace: [],
    diagnostics,
    generated: {},
    versions: { engine: ENGINE_VERSION, format: 1, modwsgi: version, apache: "2.4.71", nginx: "1.22.1" },
  };
}

/**
 * Simulates a scenario (format v1) end to end.
 *
 * Input: a scenario object (or anything: it is validated first). Output: a `Result` whose `hops` hold
 * each server's received request head, `environ` the WSGI environ (null when the application is not
 * reached), `response` what the client receives, `trace` the reasons, and `diagnostics` every problem
 * found in the input, positioned at its line and column. Never throws on reader input and never mutates
 * it. Behaviour follows mod_wsgi 4.9.4 (run on real servers) or 6.0.5 (read from source) per
 * `scenario.modwsgi`. When the client gets a redirect to the address it used, the same scenario is run once
 * more for that URL, so `exposure.location` can say whether following it works (analysis, not a server's
 * behaviour; the second run's own redirects are not followed).
 */
export function simulate(input: unknown): Result {
  const { scenario, diagnostics } = validateScenario(input);
  if (!scenario) return emptyResult("6.0", diagnostics);
  return simulateOnce(scenario, diagnostics);
}

/**
 * The client following a redirect to `url` in the same scenario: a GET with only a Host header, TLS when the
 * URL is https. Redirects met on the way are not followed again. Null when the URL cannot be requested.
 */
function followRedirect(scenario: Scenario, url: string): FollowedRedirect | null {
  const m = /^(https?):\/\/([^/?#]+)([^#]*)/i.exec(url);
  if (!m) return null;
  const target = m[3] || "/";
  if (!target.startsWith("/") || /[\s\x00-\x1f\x7f]/.test(target + m[2])) return null;
  // The scenario was validated; only the client's request changes, and it is read like any other. Only the
  // status and whether the application answered are kept: the run's exposure, trace and texts are not built.
  const again = runChain({ ...scenario, client: { ...scenario.client, tls: m[1]!.toLowerCase() === "https", request: `GET ${target} HTTP/1.1\nHost: ${m[2]}\n` } }, []);
  return { status: again.response.status, reachedApplication: again.environ !== null };
}

/**
 * One run of the request through the chain: what each server receives and answers, and the environ when the
 * application is reached. `method` is null when the client's request head could not be read (`response` is
 * then the first server's error, or status 0 when nothing was sent).
 */
interface ChainRun {
  ctx: Context;
  method: string | null;
  clientHeaders: readonly HeaderField[];
  response: HttpResponse;
  environ: Record<string, string> | null;
  changes: Record<string, EnvironChange> | undefined;
  expressApache: string | undefined;
}

/**
 * `simulate` for a validated scenario and its validation diagnostics: the chain is run, then the exposure is
 * analysed (following a redirect once) and the result assembled.
 */
function simulateOnce(scenario: Scenario, diagnostics: readonly Diagnostic[]): Result {
  const run = runChain(scenario, diagnostics);
  const { ctx, environ, changes, expressApache } = run;
  const version = ctx.version;
  if (run.method === null) return { ...emptyResult(version, ctx.diagnostics), response: run.response };
  const response = forRequestMethod(run.response, run.method);
  const exposure = response.status === 0 ? undefined : analyseExposure(scenario, run.clientHeaders, response, (url) => followRedirect(scenario, url));

  const versions: Result["versions"] = { engine: ENGINE_VERSION, format: 1, modwsgi: version, apache: "2.4.71", nginx: "1.22.1" };
  // An error in a directive continued over several lines: Apache names the directive's last line.
  scenario.proxies.forEach((p, i) => {
    if (p.server === "apache" && p.config.includes("\\")) markContinuedDirectives(parseApacheConfig(p.config, `proxies[${i}].config`).nodes, ctx.diagnostics, `proxies[${i}].config`);
  });
  if (scenario.backend.server === "apache" && scenario.backend.config.includes("\\")) markContinuedDirectives(parseApacheConfig(scenario.backend.config, "backend.config").nodes, ctx.diagnostics, "backend.config");
  return new SimulationResult(ctx.hops, environ, changes && Object.keys(changes).length ? changes : undefined, response, exposure, ctx.trace, ctx.diagnostics, versions, () => {
    const texts = generateAll(scenario, { engine: ENGINE_VERSION, modwsgi: version, apache: "2.4.71", nginx: "1.22.1" });
    // A mod_wsgi-express back end's Apache text is the configuration it generated.
    return expressApache === undefined ? texts : { ...texts, apache: expressApache };
  });
}

/** Runs the client's request through the scenario's chain (see ChainRun); the response is as sent, before HEAD. */
function runChain(scenario: Scenario, diagnostics: readonly Diagnostic[]): ChainRun {
  const version: ModWsgiVersion = scenario.modwsgi ?? "6.0";
  const ctx: Context = { version, wsgiproxy: scenario.wsgiproxy ?? "released", trace: [], diagnostics: [...diagnostics], hops: [] };
  const head = presetReadsHead(scenario.proxies[0]?.server, parseRequestHead(scenario.client.request, "client.request"));
  ctx.diagnostics.push(...head.diagnostics);
  if (!head.request) return { ctx, method: null, clientHeaders: [], response: head.rejection ? errorResponse(head.rejection.status) : { status: 0, headers: {} }, environ: null, changes: undefined, expressApache: undefined };

  const firstListen = scenario.proxies[0]?.listen ?? scenario.backend.listen;
  let req: InFlight = {
    method: head.request.method,
    target: head.request.target,
    protocol: head.request.protocol,
    fields: head.request.headers.map((h) => ({ name: h.name, value: h.value })),
    peer: scenario.client.address,
    tls: scenario.client.tls ?? false,
    sni: scenario.client.tls ? clientSni(head.request.headers.find((h) => h.name.toLowerCase() === "host")?.value) : null,
  };
  const rewriters: { hop: number; rewrite: ResponseRewriter }[] = [];
  let response: HttpResponse | null = null;
  let environ: Record<string, string> | null = null;
  let changes: Record<string, EnvironChange> | undefined;
  let expressApache: string | undefined;

  if (head.rejection) {
    ctx.hops.push({ server: scenario.proxies[0]?.server ?? scenario.backend.server, peer: req.peer, listen: firstListen, tls: req.tls, request: serialize(req) });
    const first = scenario.proxies[0]?.server;
    response = first === "nginx" ? nginxErrorResponse(head.rejection.status) : first && first !== "apache" ? presetRejection(first, head.rejection.status) : errorResponse(head.rejection.status);
    note(ctx, "core.request", `the request head is malformed: the first server answers ${head.rejection.status} (${head.rejection.reason}).`, 0);
  }

  for (const [i, proxy] of scenario.proxies.entries()) {
    if (response) break;
    ctx.hops.push({ server: proxy.server, peer: req.peer, listen: proxy.listen, tls: req.tls, request: serialize(req) });
    const preset = proxy.server === "apache" || proxy.server === "nginx" || proxy.server === "mod_wsgi-express" ? undefined : presetFrontEnd(proxy.server);
    if (proxy.server !== "apache" && proxy.server !== "nginx" && proxy.server !== "mod_wsgi-express" && !preset) {
      ctx.diagnostics.push({ severity: "error", code: "proxy-kind-unsupported", source: `proxies[${i}].server`, line: 1, column: 1, message: `Front ends of kind "${proxy.server}" are not modelled by engine ${ENGINE_VERSION} yet; only "apache" and "nginx" are.` });
      response = { status: 0, headers: {} };
      break;
    }
    const next = scenario.proxies[i + 1] ?? scenario.backend;
    const reread = i > 0 && proxy.server === "apache" ? parseRequestHead(ctx.hops[i]!.request, `proxies[${i}].request`).rejection : undefined;
    if (reread) {
      response = errorResponse(reread.status);
      ctx.hops[i]!.response = response;
      note(ctx, "core.request", `the request from the front end is malformed for Apache: it answers ${reread.status} (${reread.reason}).`, i);
      break;
    }
    let outcome: HopOutcome;
    if (proxy.server === "mod_wsgi-express") {
      const out = expressFrontEnd(ctx, scenario, proxy, i, req, next, apacheRunners(ctx, proxy, i, req, next));
      outcome = out;
      if (out.environ) {
        environ = out.environ;
        changes = out.changes;
      }
    } else outcome = proxy.server === "nginx" ? nginxFrontEnd(ctx, proxy, i, req, next) : preset ? preset(ctx, proxy, i, req, next) : apacheFrontEnd(ctx, proxy, i, req, next);
    if (outcome.kind === "respond") {
      response = outcome.response;
      ctx.hops[i]!.response = response;
      break;
    }
    rewriters.push({ hop: i, rewrite: outcome.rewrite });
    req = outcome.request;
  }

  if (!response) {
    const hop = ctx.hops.length;
    ctx.hops.push({ server: scenario.backend.server, peer: req.peer, listen: scenario.backend.listen, tls: req.tls, request: serialize(req) });
    if (scenario.backend.server === "mod_wsgi-express") {
      const out = expressBackend(ctx, scenario, req, hop, apacheRunners(ctx, { server: "apache", listen: scenario.backend.listen, address: scenario.backend.address, config: "" }, hop, req, { listen: scenario.backend.listen, address: scenario.backend.address }));
      response = out.response;
      environ = out.environ;
      changes = out.changes;
      if (out.generated !== null) expressApache = out.generated;
    } else if (scenario.backend.server !== "apache") {
      ctx.diagnostics.push({ severity: "error", code: "backend-kind-unsupported", source: "backend.server", line: 1, column: 1, message: `Back ends of kind "${scenario.backend.server}" are not modelled by engine ${ENGINE_VERSION} yet; only "apache" (Apache + mod_wsgi directives) is.` });
      response = { status: 0, headers: {} };
    } else {
      // A front end may send what Apache's own reading refuses (nginx passes a decoded $uri with a raw space).
      const reread = hop > 0 ? parseRequestHead(ctx.hops[hop]!.request, "backend.request").rejection : undefined;
      if (reread) {
        response = errorResponse(reread.status);
        note(ctx, "core.request", `the request from the front end is malformed for Apache: it answers ${reread.status} (${reread.reason}).`, hop);
      } else {
        const out = apacheBackend(ctx, scenario, req, hop);
        response = out.response;
        environ = out.environ;
        changes = out.changes;
      }
    }
    ctx.hops[hop]!.response = response;
  }

  for (const { hop, rewrite } of rewriters.reverse()) {
    // Every front end but Apache answers a closed upstream in its own rewriter (its own 502 page).
    if (response.closed && (scenario.proxies[hop]?.server === "apache" || scenario.proxies[hop]?.server === "mod_wsgi-express")) {
      response = errorResponse(502);
      note(ctx, "mod_proxy.response", "the next server closed the connection without a response: mod_proxy answers 502.", hop);
    } else response = rewrite(response);
    ctx.hops[hop]!.response = response;
  }

  return { ctx, method: head.request.method, clientHeaders: head.request.headers, response, environ, changes, expressApache };
}

/**
 * A result as `simulate` returns it. Every result has the same keys in the same order (an absent
 * environChanges or exposure is undefined, which JSON leaves out), so V8 gives them all one shape.
 *
 * `generated` is built from `build` when it is first read, then kept: generating the texts (and the permalink
 * in their first lines) costs more than the rest of a simulation, and most readers (a reference page's
 * example) never look at them. It is an own, enumerable, writable property like the others: JSON.stringify,
 * spreading and structured cloning include the texts. One getter and setter serve every result.
 */
class SimulationResult {
  #texts: Result["generated"] | undefined = undefined;
  readonly #build: () => Result["generated"];
  declare generated: Result["generated"];

  constructor(
    public hops: Result["hops"],
    public environ: Result["environ"],
    public environChanges: Result["environChanges"],
    public response: Result["response"],
    public exposure: Result["exposure"],
    public trace: Result["trace"],
    public diagnostics: Result["diagnostics"],
    public versions: Result["versions"],
    build: () => Result["generated"],
  ) {
    this.#build = build;
    Object.defineProperty(this, "generated", SimulationResult.#generatedProperty);
  }

  static readonly #generatedProperty: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: SimulationResult): Result["generated"] {
      return (this.#texts ??= this.#build());
    },
    set(this: SimulationResult, value: Result["generated"]) {
      this.#texts = value;
    },
  };
}

function apacheRunners(ctx: Context, proxy: ProxySpec, hop: number, req: InFlight, next: { listen: string; address: string }): ApacheRunners {
  return {
    backend: (c, s, redirect) => apacheBackend({ ...ctx, trace: c.trace, diagnostics: c.diagnostics }, s, redirect ? { ...req, ...redirect } : req, hop),
    proxy: (c, config, fixupEnv) => apacheFrontEnd({ ...ctx, trace: c.trace, diagnostics: c.diagnostics }, { ...proxy, server: "apache", config }, hop, req, next, fixupEnv),
  };
}
