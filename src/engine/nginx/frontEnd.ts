/**
 * nginx 1.22.1 as a front end: one hop of the simulation, from the request it receives to the request it
 * sends upstream, and the response on the way back.
 *
 * This file composes the modules of the components nginx runs for a request, in the order of its phases
 * (`ngx_http_core_module.c` phase engine, nginx/nginx tag `release-1.22.1`; read from source):
 * 1. read the head (`request.ts`): invalid header lines dropped, Host checked, URI normalised;
 * 2. choose the server by the connection's address and the host (`server.ts`);
 * 3. post-read: realip with the server's settings (`realip.ts`);
 * 4. server rewrite, find the location (`location.ts`, including nginx's own trailing-slash 301), location
 *    rewrite (`rewrite.ts`), looking again when a rewrite changed the URI (at most 10 times);
 * 5. pre-access: realip with the location's settings; access: allow/deny (`access.ts`);
 * 6. content: proxy_pass (`proxy.ts`), or the static handler (404 here: the model's document root is empty);
 * 7. on the way back: proxy_redirect, then the header filter's absolute redirects (`headerFilter.ts`) and
 *    add_header (`headersFilter.ts`); an upstream that closes without answering gives 502; nginx's own
 *    pages come from `errorPages.ts` (no body for HEAD).
 * Checked on nginx 1.22.1 (Debian 12) by the conformance corpus `e2e/conformance/corpus/nginx/`.
 */
import type { Diagnostic, HttpResponse, ProxySpec, TraceEntry } from "../types.ts";
import { splitHostPort } from "../net/address.ts";
import { directivesNamed, parseNginxConfig, type NginxDirective } from "./configParser.ts";
import { buildNginxModel, flagValue, inherited, selectServer, serversForConnection, type NginxLocation, type NginxModel, type NginxServer } from "./server.ts";
import { findLocation, locationChain } from "./location.ts";
import { parseRequestUri, readHeaders, validateHost, escapeUri } from "./request.ts";
import { applyRealip, readRealip } from "./realip.ts";
import { runRewrite, type RewriteState } from "./rewrite.ts";
import {
  evaluateProxyPass,
  HIDDEN_RESPONSE_HEADERS,
  parseProxyPass,
  redirectRules,
  rewriteRedirect,
  upstreamHeaders,
  upstreamUri,
  type ProxyPass,
  type RedirectLevel,
} from "./proxy.ts";
import { absoluteLocation, type RedirectSettings } from "./headerFilter.ts";
import { nginxErrorResponse } from "./errorPages.ts";
import { checkNginxModel } from "./configCheck.ts";
import { checkAccess } from "./access.ts";
import { addHeaders } from "./headersFilter.ts";
import type { VariableContext } from "./variables.ts";
import type { HopContext, HopOutcome, InFlight } from "../http/hop.ts";
import { textMemo } from "../textMemo.ts";


const MAX_URI_CHANGES = 10;

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column;
}

/**
 * Parses and models a proxy's config once, with its diagnostics sorted by position. The model of a recent
 * (config, listen, TLS, index) is kept, since a keystroke in another pane leaves this one unchanged: the model
 * is shared (read-only), the diagnostics are fresh objects.
 */
export function nginxModelFor(proxy: ProxySpec, index: number, tls: boolean): { model: NginxModel; diagnostics: Diagnostic[] } {
  const kept = recentModels(proxy.config, () => readNginxModel(proxy, index, tls), `${index} ${tls} ${proxy.listen}`);
  return { model: kept.model, diagnostics: kept.diagnostics.map((d) => ({ ...d })) };
}

const recentModels = textMemo<{ model: NginxModel; diagnostics: Diagnostic[] }>(8);

function readNginxModel(proxy: ProxySpec, index: number, tls: boolean): { model: NginxModel; diagnostics: Diagnostic[] } {
  const source = `proxies[${index}].config`;
  const parsed = parseNginxConfig(proxy.config, source);
  const built = buildNginxModel(parsed.nodes, parsed.mode, { listen: proxy.listen, tls }, source);
  const checked = checkNginxModel(built.model, source);
  return { model: built.model, diagnostics: [...parsed.diagnostics, ...built.diagnostics, ...checked].sort(byPosition) };
}

/** The http-level directives that configure servers (every top-level directive but blocks of their own). */
function httpLevel(model: NginxModel): NginxDirective[] {
  return model.http.filter((d) => d.children === null);
}

/**
 * Simulates one nginx front end. `req` is what it receives, `next` the server after it (its `listen`
 * should be where proxy_pass sends). Writes trace entries and diagnostics into `ctx`; never throws.
 */
export function nginxFrontEnd(ctx: HopContext, proxy: ProxySpec, index: number, req: InFlight, next: { listen: string }): HopOutcome {
  const source = `proxies[${index}].config`;
  const note = (step: string, message: string) => ctx.trace.push({ step, message, hop: index });
  const { model, diagnostics } = nginxModelFor(proxy, index, req.tls);
  ctx.diagnostics.push(...diagnostics);
  const http = httpLevel(model);
  const local = splitHostPort(proxy.listen) ?? { host: "127.0.0.1", port: 80 };

  const conn = serversForConnection(model, local);
  if (!conn) {
    ctx.diagnostics.push({ severity: "error", code: "nginx-nothing-listens", source, line: 1, column: 1, message: `No server block listens on ${proxy.listen}: the client's connection is refused.` });
    note("nginx.core.listen", `nothing listens on ${proxy.listen}: the connection is refused.`);
    return { kind: "respond", response: { status: 0, closed: true, headers: {} } };
  }
  const userAgent = req.fields.find((f) => f.name.toLowerCase() === "user-agent")?.value;
  const keepAlive = req.protocol === "HTTP/1.1";
  const isHead = req.method === "HEAD";
  let decorate: (r: HttpResponse, levels: readonly (readonly NginxDirective[])[]) => HttpResponse = (r) => r;
  const page = (status: number, _server: NginxServer, levels: readonly (readonly NginxDirective[])[], location?: string) => {
    const r = nginxErrorResponse(status, { serverTokens: flagTokens(levels), userAgent, ...(location !== undefined ? { location } : {}), keepAlive: status === 400 ? false : keepAlive });
    if (isHead) delete r.body;
    return decorate(r, levels);
  };
  const defLevels = [http, conn.default.body];
  if (conn.listen.ssl && !req.tls) {
    note("nginx.core.request", `${proxy.listen} is an ssl listen and the client spoke plain HTTP: nginx answers 400 ("The plain HTTP request was sent to HTTPS port").`);
    const r = page(400, conn.default, defLevels);
    return { kind: "respond", response: { ...r, body: r.body?.replace("<title>400 Bad Request</title>", "<title>400 The plain HTTP request was sent to HTTPS port</title>").replace("</h1></center>\r\n", "</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n") } };
  }
  if (!conn.listen.ssl && req.tls) {
    ctx.diagnostics.push({ severity: "warning", code: "nginx-tls-mismatch", source, line: conn.listen.directive?.line ?? 1, column: conn.listen.directive?.column ?? 1, message: `The client speaks TLS to ${proxy.listen}, but this listen has no "ssl": the handshake fails.` });
    note("nginx.core.request", "the client speaks TLS to a plain-HTTP listen: nginx reads the handshake as a bad request and the client gets no usable response.");
    return { kind: "respond", response: { status: 0, closed: true, headers: {} } };
  }

  // 1. The request head.
  const mergeSlashes = flagValue(defLevels, "merge_slashes", true);
  const target = parseRequestUri(req.target, mergeSlashes);
  let selected: NginxServer = conn.default;
  const underscores = (afterHost: boolean) => flagValue([http, (afterHost ? selected : conn.default).body], "underscores_in_headers", false);
  // The Host line selects the server before later lines are read (their underscore rule is that server's).
  const hostField = req.fields.find((f) => f.name.toLowerCase() === "host");
  if (target?.lineHost == null && hostField) {
    const h = validateHost(hostField.value);
    if (h !== null) selected = selectServer(conn.servers, conn.default, h).server;
  } else if (target?.lineHost) selected = selectServer(conn.servers, conn.default, target.lineHost).server;
  const read = readHeaders(req.fields, underscores, flagValue(defLevels, "ignore_invalid_headers", true));
  for (const d of read.dropped) note("nginx.core.request", `header line ${JSON.stringify(`${d.name}: ${d.value}`)} is dropped: its name has a character other than letters, digits and "-"${underscores(true) ? "" : " (underscores_in_headers is off)"}.`);
  if (read.reject) {
    note("nginx.core.request", `${read.reject}: nginx answers 400.`);
    return { kind: "respond", response: page(400, conn.default, defLevels) };
  }
  if (!target) {
    note("nginx.core.request", `request target ${JSON.stringify(req.target)}: client sent invalid request; nginx answers 400.`);
    return { kind: "respond", response: page(400, conn.default, defLevels) };
  }
  let host = target.lineHost ?? "";
  if (read.hostHeader !== undefined) {
    const h = validateHost(read.hostHeader);
    if (h === null) {
      note("nginx.core.request", `Host ${JSON.stringify(read.hostHeader)}: client sent invalid host header; nginx answers 400.`);
      return { kind: "respond", response: page(400, conn.default, defLevels) };
    }
    if (!target.lineHost) host = h;
  }
  if (read.hostHeader === undefined && req.protocol !== "HTTP/1.0" && req.protocol !== "HTTP/0.9") {
    note("nginx.core.request", 'client sent HTTP/1.1 request without "Host" header: nginx answers 400.');
    return { kind: "respond", response: page(400, conn.default, defLevels) };
  }

  // 2. The server.
  const sel = selectServer(conn.servers, conn.default, host);
  selected = sel.server;
  const server = sel.server;
  note("nginx.core.server", `${server.directive ? `server at line ${server.directive.line}` : "the server block"} (server_name ${server.serverName || '""'}) handles ${JSON.stringify(host || "(no host)")} on ${proxy.listen}: ${sel.why}.`);
  const serverLevels: NginxDirective[][] = [http, server.body];

  // 3. realip, post-read phase, with the server's settings.
  let remoteAddr = req.peer;
  let realipDone = false;
  const realipAt = (levels: readonly (readonly NginxDirective[])[], phase: string) => {
    if (realipDone) return;
    const cfg = readRealip(inherited(levels, "set_real_ip_from"), inherited(levels, "real_ip_header"), inherited(levels, "real_ip_recursive"), source, null);
    if (cfg.from === null) return;
    const r = applyRealip(cfg, req.peer, read.lines);
    for (const n of r.notes) note("nginx.realip", `${phase}: ${n}`);
    if (r.address !== null) {
      remoteAddr = r.address;
      realipDone = true;
    }
  };
  realipAt(serverLevels, "after the request head");

  // 4. Rewrites and the location.
  const state: RewriteState = {
    uri: target.uri,
    args: target.args,
    uriChanged: false,
    validLocation: true,
    validUnparsedUri: true,
    internal: false,
    captures: [],
    set: new Map(),
    ifBlock: null,
  };
  let proxyVars: { host: string; port: string } | undefined;
  const varCtx = (): VariableContext => ({
    method: req.method,
    requestUri: target.unparsedUri,
    uri: state.uri,
    args: state.args,
    protocol: req.protocol,
    headers: read.lines,
    host,
    serverName: server.serverName,
    tls: req.tls,
    local,
    remoteAddr,
    realipRemoteAddr: req.peer,
    captures: state.captures,
    set: state.set,
    ...(proxyVars ? { proxy: proxyVars } : {}),
  });
  decorate = (r, lv) => {
    const notes: string[] = [];
    const out = addHeaders(r, lv, varCtx(), notes);
    for (const n of notes) note("nginx.headers", n);
    return out;
  };
  const rewriteNotes: string[] = [];
  const flush = () => {
    for (const n of rewriteNotes.splice(0)) note("nginx.rewrite", n);
  };
  const redirectResponse = (status: number, value: string, levels: readonly (readonly NginxDirective[])[]) => {
    const abs = absoluteLocation(value, redirectSettings(levels), { tls: req.tls, host, serverName: server.serverName, local });
    note("nginx.header-filter.location", `Location ${value}${abs.value !== value ? ` → ${abs.value}: ${abs.how}` : `: ${abs.how}`}.`);
    return page(status, server, levels, abs.value);
  };
  const answer = (out: { status: number; text: string | null; location: string | null }, levels: readonly (readonly NginxDirective[])[]): HttpResponse => {
    if (out.location !== null) return redirectResponse(out.status, out.location, levels);
    if (out.text !== null) {
      const r: HttpResponse = { status: out.status, headers: { Server: serverHeader(levels), "Content-Type": contentType(state.uri, levels), "Content-Length": String(out.text.length) }, ...(isHead ? {} : { body: out.text }) };
      return decorate(r, levels);
    }
    return page(out.status, server, levels);
  };

  const serverRewrite = runRewrite(server.body, state, varCtx, rewriteNotes);
  flush();
  if (serverRewrite.kind === "return") return { kind: "respond", response: answer(serverRewrite, serverLevels) };

  let location: NginxLocation | null = null;
  let levels: NginxDirective[][] = serverLevels;
  for (let cycle = 0; ; cycle += 1) {
    if (cycle > MAX_URI_CHANGES) {
      note("nginx.rewrite", "rewrite or internal redirection cycle: nginx answers 500.");
      return { kind: "respond", response: page(500, server, serverLevels) };
    }
    state.uriChanged = false;
    const match = findLocation(server.locations, state.uri);
    location = match.location;
    levels = [...serverLevels, ...locationChain(location).map((l) => l.body)];
    if (match.redirectTo) {
      note("nginx.core.location", match.why + ".");
      const value = escapeUri(match.redirectTo.name) + (state.args ? `?${state.args}` : "");
      return { kind: "respond", response: redirectResponse(301, value, levels) };
    }
    note("nginx.core.location", `URI ${state.uri}: ${match.why}.`);
    if (match.captures.length) state.captures = match.captures;
    for (const [k, v] of Object.entries(match.named)) state.set.set(k, v);
    if (!location) break;
    state.ifBlock = null;
    const out = runRewrite(location.body, state, varCtx, rewriteNotes);
    flush();
    const ifBody = (state.ifBlock as NginxDirective | null)?.children;
    if (ifBody) levels = [...levels, ifBody];
    if (out.kind === "return") return { kind: "respond", response: answer(out, levels) };
    if (out.kind === "break" || !state.uriChanged) break;
  }

  // 5. realip, pre-access phase, with the location's settings.
  realipAt(levels, "before access checks");

  // 6. Access: allow/deny on the address as realip left it (after the rewrite phase: a return wins over deny).
  const accessRules = accessRulesFor(levels);
  if (accessRules.length) {
    const decision = checkAccess(accessRules, remoteAddr);
    note(
      "nginx.access",
      decision.rule
        ? `${decision.rule.name} ${decision.rule.args[0]?.text} (line ${decision.rule.line}) is the first rule that matches ${remoteAddr}${decision.denied ? ": nginx answers 403" : ""}.`
        : `no allow/deny rule matches ${remoteAddr}: access is allowed.`,
    );
    if (decision.denied) return { kind: "respond", response: page(403, server, levels) };
  }

  // 7. Content: proxy_pass, or the static handler.
  const ownBody = state.ifBlock?.children ?? location?.body ?? [];
  let passDirective = directivesNamed(ownBody, "proxy_pass")[0];
  if (!passDirective && state.ifBlock && location) passDirective = directivesNamed(location.body, "proxy_pass")[0];
  const passLocationName = (l: NginxLocation | null, inIf: boolean) => (!l || inIf || l.regex || l.modifier === "@" ? null : l.name);
  const passInIf = passDirective !== undefined && passDirective !== directivesNamed(location?.body ?? [], "proxy_pass")[0];
  let pass: ProxyPass | null = passDirective ? parseProxyPass(passDirective, passLocationName(location, passInIf), model, source, []) : null;
  if (!pass) {
    note("nginx.static", location ? `location ${location.name} has no proxy_pass: the static handler looks for a file under the document root, which holds none in this model: 404.` : "no location and no proxy_pass: the static handler answers 404 (the document root holds no files in this model).");
    return { kind: "respond", response: page(404, server, levels) };
  }
  if (pass.variables) {
    const ev = evaluateProxyPass(pass, varCtx(), model);
    if ("error" in ev) {
      note("nginx.proxy.pass", `proxy_pass ${pass.url} (line ${pass.directive.line}): ${ev.error}; nginx answers ${ev.error.startsWith("no resolver") ? 502 : 500}.`);
      return { kind: "respond", response: page(ev.error.startsWith("no resolver") ? 502 : 500, server, levels) };
    }
    note("nginx.proxy.pass", `proxy_pass ${pass.url} (line ${pass.directive.line}) evaluates to ${ev.url}.`);
    pass = ev;
  }
  proxyVars = { host: pass.hostHeader, port: pass.portText };
  const locName = passLocationName(location, passInIf) ?? "";
  const uri = upstreamUri(pass, locName, {
    method: req.method,
    uri: state.uri,
    args: state.args,
    unparsedUri: target.unparsedUri,
    validUnparsedUri: state.validUnparsedUri,
    validLocation: state.validLocation,
    escape: target.quoted || state.internal,
    headers: read.lines,
  });
  const version = inherited(levels, "proxy_http_version")[0]?.args[0]?.text === "1.1" ? "HTTP/1.1" : "HTTP/1.0";
  note("nginx.proxy.pass", `proxy_pass ${pass.url} (line ${pass.directive.line}) sends ${req.method} ${uri.uri} ${version} to ${pass.target ? `${pass.target.host}:${pass.target.port}` : pass.host}: ${uri.why}.`);
  const headerNotes: string[] = [];
  const setHeaders = inherited(levels, "proxy_set_header");
  const fields = upstreamHeaders(setHeaders, varCtx(), read.lines, flagValue(levels, "proxy_pass_request_headers", true), headerNotes);
  note(
    "nginx.proxy.request",
    `Host: ${fields.find((f) => f.name.toLowerCase() === "host")?.value ?? "(none)"}${setHeaders.some((d) => d.args[0]?.text.toLowerCase() === "host") ? "" : " ($proxy_host, nginx's default)"}; Connection: ${fields.find((f) => f.name.toLowerCase() === "connection")?.value ?? "(none)"}; ${setHeaders.length ? `${setHeaders.length} proxy_set_header line(s) from ${describeLevel(levels, setHeaders[0]!)}` : "no proxy_set_header: nginx adds no X-Forwarded-* header, and any the client sent pass through"}.`,
  );
  for (const n of headerNotes) note("nginx.proxy.request", n);

  if (pass.target) {
    const nl = splitHostPort(next.listen);
    if (!nl || nl.host !== pass.target.host || nl.port !== pass.target.port) {
      const arg = pass.directive.args[0];
      ctx.diagnostics.push({
        severity: "warning",
        code: "proxy-target-mismatch",
        source,
        line: arg?.line ?? pass.directive.line,
        column: arg?.column ?? pass.directive.column,
        message: `proxy_pass sends to ${pass.target.host}:${pass.target.port}, but the next server listens on ${next.listen}; the simulation continues as if it were reached.`,
      });
    }
  }

  // 8. The way back.
  const redirectLevels: RedirectLevel[] = [
    { directives: http, pass: null, locationName: "" },
    { directives: server.body, pass: null, locationName: "" },
    ...locationChain(location).map((l) => {
      const d = directivesNamed(l.body, "proxy_pass")[0];
      return { directives: l.body, pass: d ? parseProxyPass(d, passLocationName(l, false), model, source, []) : null, locationName: l.name };
    }),
    ...(state.ifBlock?.children ? [{ directives: state.ifBlock.children, pass: null, locationName: "" }] : []),
  ];
  const rules = redirectRules(redirectLevels, source, null);
  const settings = redirectSettings(levels);
  const sTokens = serverHeader(levels);
  const rewrite = (response: HttpResponse): HttpResponse => {
    if (response.closed || response.status === 0) {
      note("nginx.proxy.response", "upstream prematurely closed connection while reading response header from upstream: nginx answers 502.");
      return page(502, server, levels);
    }
    const headers: Record<string, string> = { Server: sTokens };
    for (const [name, value] of Object.entries(response.headers)) {
      if (HIDDEN_RESPONSE_HEADERS.has(name.toLowerCase())) continue;
      let v = value;
      const lower = name.toLowerCase();
      if (lower === "location" || lower === "refresh") {
        const urlAt = lower === "refresh" ? value.toLowerCase().indexOf("url=") : 0;
        if (urlAt < 0 || rules === null) {
          if (lower === "location") note("nginx.proxy.redirect", rules === null ? `proxy_redirect off: Location ${value} passes unchanged.` : `Location ${value} passes unchanged.`);
        } else {
          const prefix = lower === "refresh" ? value.slice(0, urlAt + 4) : "";
          const part = value.slice(prefix.length);
          const hit = rewriteRedirect(part, rules, varCtx());
          if (!hit) note("nginx.proxy.redirect", `${name} ${value} matches no proxy_redirect rule (${rules.map((r) => `${r.pattern} → ${r.replacement}`).join("; ")}): passed unchanged.`);
          else {
            let rewritten = hit.value;
            const how = hit.rule.directive ? `proxy_redirect ${hit.rule.directive.args.map((a) => a.text).join(" ")} (line ${hit.rule.directive.line})` : `the implicit proxy_redirect default (${hit.rule.pattern} → ${hit.rule.replacement})`;
            if (lower === "location") {
              const abs = absoluteLocation(rewritten, settings, { tls: req.tls, host, serverName: server.serverName, local });
              note("nginx.proxy.redirect", `${how} rewrites Location ${value} → ${rewritten}${abs.value !== rewritten ? `, ${abs.how}: ${abs.value}` : ""}.`);
              rewritten = abs.value;
            } else note("nginx.proxy.redirect", `${how} rewrites Refresh ${value} → ${prefix}${rewritten}.`);
            v = prefix + rewritten;
          }
        }
      }
      headers[name] = v;
    }
    headers.Connection = keepAlive ? "keep-alive" : "close";
    return decorate({ status: response.status, headers, ...(response.body !== undefined ? { body: response.body } : {}) }, levels);
  };

  return {
    kind: "forward",
    request: { method: req.method, target: uri.uri, protocol: version, fields, peer: proxy.address, tls: pass.scheme === "https" },
    rewrite,
  };
}

/** The allow/deny rules of the innermost level that has any (ngx_http_access_merge_loc_conf). */
function accessRulesFor(levels: readonly (readonly NginxDirective[])[]): NginxDirective[] {
  for (let i = levels.length - 1; i >= 0; i -= 1) {
    const rules = levels[i]!.filter((d) => d.name === "allow" || d.name === "deny");
    if (rules.length) return rules;
  }
  return [];
}

function redirectSettings(levels: readonly (readonly NginxDirective[])[]): RedirectSettings {
  return {
    absoluteRedirect: flagValue(levels, "absolute_redirect", true),
    portInRedirect: flagValue(levels, "port_in_redirect", true),
    serverNameInRedirect: flagValue(levels, "server_name_in_redirect", false),
  };
}

/** A few of Debian's /etc/nginx/mime.types entries, by extension. */
const MIME: Record<string, string> = {
  html: "text/html", htm: "text/html", css: "text/css", js: "application/javascript", json: "application/json",
  txt: "text/plain", xml: "text/xml", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", svg: "image/svg+xml",
};

/**
 * `ngx_http_set_content_type`: the type of the URI's extension from mime.types, else `default_type`. The
 * http block of Debian's nginx.conf (and of the conformance runner) has `default_type
 * application/octet-stream`; nginx's compiled-in default would be text/plain.
 */
function contentType(uri: string, levels: readonly (readonly NginxDirective[])[]): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(uri.slice(uri.lastIndexOf("/") + 1))?.[1]?.toLowerCase();
  if (ext && MIME[ext]) return MIME[ext]!;
  return inherited(levels, "default_type")[0]?.args[0]?.text ?? "application/octet-stream";
}

function flagTokens(levels: readonly (readonly NginxDirective[])[]): boolean {
  const v = inherited(levels, "server_tokens")[0]?.args[0]?.text.toLowerCase();
  return v !== "off";
}

function serverHeader(levels: readonly (readonly NginxDirective[])[]): string {
  return flagTokens(levels) ? "nginx/1.22.1" : "nginx";
}

function describeLevel(levels: readonly (readonly NginxDirective[])[], d: NginxDirective): string {
  const i = levels.findIndex((l) => l.includes(d));
  const where = i === 0 ? "http level" : i === 1 ? "the server level" : "the location";
  return d.includedFrom ? `${d.includedFrom} (included at ${where})` : where;
}
