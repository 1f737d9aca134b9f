/**
 * HAProxy 2.6.12 as a front end: one hop of the simulation, from the request it receives to the request its
 * server gets, and the response on the way back.
 *
 * The order is HAProxy's HTTP analysers (Configuration Manual 2.6, section 4 and `http-request` in 4.2; the
 * order of rule sets as section 4.2 "http-request" describes it):
 * 1. the listener: the frontend (or listen) section whose `bind` has the address the client connected to;
 * 2. the HTTP/1 parser: a request it cannot read gets its 400; two different Host headers, or an absolute
 *    request target whose authority differs from Host, are unreadable; identical Host lines become one;
 *    `close`/`keep-alive` tokens are taken out of `Connection`;
 * 3. the frontend's `http-request` rules, then `use_backend`/`default_backend`, then the backend's rules;
 * 4. `option forwardfor` (frontend or backend): a new `X-Forwarded-For: <src>` line at the end of the headers,
 *    never merged into an existing one; `except <net>` and `if-none` as documented;
 * 5. the connection mode (`option http-keep-alive` by default, `http-server-close`, `httpclose`): `connection:
 *    close` is added for an HTTP/1.1 request when the server side closes, `connection: keep-alive` for an
 *    HTTP/1.0 request when it does not;
 * 6. the request goes to the backend's first `server` (load balancing is not modelled) over HTTP/1.x with the
 *    client's version, every header name in lower case (HAProxy 2.6 writes them so), from the `source` address;
 * 7. on the way back: a server that closes without answering gives 502; header names in lower case; the
 *    backend's then the frontend's `http-response` rules. HAProxy does not touch Location unless a rule does.
 * Checked on haproxy 2.6.12 (Debian 12) in front of Apache 2.4.71 + mod_wsgi 4.9.4 by the conformance corpus
 * `e2e/conformance/corpus/haproxy/`; the request head HAProxy sends was also read off a raw socket server.
 */
import type { HttpResponse, ProxySpec } from "../types.ts";
import { splitHostPort, hostForUrl, stripBrackets } from "../net/address.ts";
import { noter, peerInSubnets } from "../loadBalancers/common.ts";
import { buildHaproxyModel, type ConnMode, type HaModel, type HaProxy, type HaRule } from "./model.ts";
import { textMemo } from "../textMemo.ts";
import { conditionHolds, evalLogFormat, evalSample, type SampleContext } from "./samples.ts";
import { haproxyErrorResponse, haproxyRedirect } from "./errorPages.ts";
import type { HopContext, HopOutcome, InFlight, NextHop } from "../http/hop.ts";

export const HAPROXY_VERSION = "2.6.12";
export const HAPROXY_MANUAL = "HAProxy 2.6 Configuration Manual (doc/configuration.txt, Debian haproxy 2.6.12)";

type Header = { name: string; value: string };

interface Message {
  method: string;
  uri: string;
  version: string;
  headers: Header[];
}

/** The `\N` back-references of `replace-*` rules filled from a match. */
function backrefs(text: string, m: RegExpExecArray): string {
  return text.replace(/\\(\d)/g, (_x, d: string) => m[Number(d)] ?? "");
}

function pathOf(uri: string): { prefix: string; path: string; query: string } {
  const abs = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(.*)$/i.exec(uri);
  const prefix = abs ? abs[1]! : "";
  const rest = abs ? abs[2] || "/" : uri;
  const q = rest.indexOf("?");
  return { prefix, path: q < 0 ? rest : rest.slice(0, q), query: q < 0 ? "" : rest.slice(q) };
}

/** Header-name tests of `del-header -m <meth>`. */
function nameMatches(name: string, pattern: string, method: string): boolean {
  const n = name.toLowerCase();
  const p = pattern.toLowerCase();
  switch (method) {
    case "beg":
      return n.startsWith(p);
    case "end":
      return n.endsWith(p);
    case "sub":
      return n.includes(p);
    case "reg":
      try {
        return new RegExp(pattern, "i").test(name);
      } catch {
        return false;
      }
    default:
      return n === p;
  }
}

type RuleResult = { kind: "continue" } | { kind: "stop" } | { kind: "respond"; response: HttpResponse; why: string };

/** Applies one rule's header action to a header list. */
function headerAction(rule: HaRule, headers: Header[], ctx: SampleContext): { headers: Header[]; what: string } {
  const name = rule.args[0]?.text ?? "";
  const lower = name.toLowerCase();
  switch (rule.action) {
    case "set-header": {
      const value = evalLogFormat(rule.format!, ctx);
      const kept = headers.filter((h) => h.name.toLowerCase() !== lower);
      return { headers: [...kept, { name, value }], what: `set-header ${name}: ${JSON.stringify(value)}${kept.length !== headers.length ? ` (the ${headers.length - kept.length} existing line${headers.length - kept.length === 1 ? "" : "s"} removed; the new line goes at the end)` : ""}` };
    }
    case "add-header": {
      const value = evalLogFormat(rule.format!, ctx);
      return { headers: [...headers, { name, value }], what: `add-header ${name}: ${JSON.stringify(value)} (a new line at the end)` };
    }
    case "del-header": {
      const mi = rule.args.findIndex((a) => a.text === "-m");
      const method = mi > 0 ? (rule.args[mi + 1]?.text ?? "str") : "str";
      const kept = headers.filter((h) => !nameMatches(h.name, name, method));
      return { headers: kept, what: `del-header ${name}${method !== "str" ? ` -m ${method}` : ""}: ${headers.length - kept.length} line${headers.length - kept.length === 1 ? "" : "s"} removed` };
    }
    case "replace-header":
    case "replace-value": {
      const re = new RegExp(rule.args[1]!.text);
      const fmt = evalLogFormat(rule.format!, ctx);
      let changed = 0;
      const out = headers.map((h) => {
        if (h.name.toLowerCase() !== lower) return h;
        if (rule.action === "replace-header") {
          const m = re.exec(h.value);
          if (!m) return h;
          changed += 1;
          return { name: h.name, value: backrefs(fmt, m) };
        }
        // Each comma-separated value is matched without its blanks; a replaced value loses them, the others
        // keep theirs (observed on 2.6.12: "a, b, c" with ^b$ → B gives "a,B, c").
        const values = h.value.split(",").map((v) => {
          const m = re.exec(v.trim());
          if (!m) return v;
          changed += 1;
          return backrefs(fmt, m);
        });
        return { name: h.name, value: values.join(",") };
      });
      return { headers: out, what: `${rule.action} ${name} ${rule.args[1]!.text}: ${changed ? `${changed} value${changed === 1 ? "" : "s"} replaced (the whole ${rule.action === "replace-header" ? "line" : "value"}, as the manual says)` : "no value matches"}` };
    }
  }
  return { headers, what: `${rule.action}: not simulated` };
}

/** Runs a rule list on the request. Stops at a final action. */
function runRequestRules(rules: readonly HaRule[], msg: Message, ctxOf: () => SampleContext, note: (m: string) => void, section: string): RuleResult {
  for (const rule of rules) {
    const ctx = ctxOf();
    if (!conditionHolds(rule.cond, ctx)) {
      note(`${section} line ${rule.line}: ${rule.text} — the condition is false, so the rule does nothing.`);
      continue;
    }
    const p = pathOf(msg.uri);
    switch (rule.action) {
      case "set-header":
      case "add-header":
      case "del-header":
      case "replace-header":
      case "replace-value": {
        const r = headerAction(rule, msg.headers, ctx);
        msg.headers = r.headers;
        note(`${section} line ${rule.line}: http-request ${r.what}.`);
        break;
      }
      case "set-path":
      case "set-pathq":
      case "set-query":
      case "set-uri":
      case "set-method": {
        const v = evalLogFormat(rule.format!, ctx);
        if (rule.action === "set-path") msg.uri = p.prefix + v + p.query;
        else if (rule.action === "set-pathq") msg.uri = p.prefix + v;
        else if (rule.action === "set-query") msg.uri = p.prefix + p.path + (v === "" ? "" : `?${v}`);
        else if (rule.action === "set-uri") msg.uri = v;
        else msg.method = v;
        note(`${section} line ${rule.line}: http-request ${rule.action} → ${rule.action === "set-method" ? msg.method : msg.uri}.`);
        break;
      }
      case "replace-path":
      case "replace-pathq":
      case "replace-uri": {
        const re = new RegExp(rule.args[0]!.text);
        const subject = rule.action === "replace-path" ? p.path : rule.action === "replace-pathq" ? p.path + p.query : msg.uri;
        const m = re.exec(subject);
        if (!m) {
          note(`${section} line ${rule.line}: http-request ${rule.action} ${rule.args[0]!.text}: ${subject} does not match.`);
          break;
        }
        const v = backrefs(evalLogFormat(rule.format!, ctx), m);
        msg.uri = rule.action === "replace-path" ? p.prefix + v + p.query : rule.action === "replace-pathq" ? p.prefix + v : v;
        note(`${section} line ${rule.line}: http-request ${rule.action}: ${subject} → ${v}.`);
        break;
      }
      case "redirect": {
        const kind = rule.args[0]!.text;
        const v = evalLogFormat(rule.format!, ctx);
        const ci = rule.args.findIndex((a) => a.text === "code");
        const code = ci >= 0 ? Number(rule.args[ci + 1]?.text ?? "302") : 302;
        const dropQuery = rule.args.some((a) => a.text === "drop-query");
        const appendSlash = rule.args.some((a) => a.text === "append-slash");
        const path = p.path + (appendSlash && !p.path.endsWith("/") ? "/" : "");
        let location: string;
        if (kind === "location") location = v;
        else if (kind === "prefix") location = (v === "/" ? "" : v) + path + (dropQuery ? "" : p.query);
        else {
          const host = msg.headers.find((h) => h.name.toLowerCase() === "host")?.value ?? "";
          location = `${v}://${host}${path}${dropQuery ? "" : p.query}`;
        }
        return { kind: "respond", response: haproxyRedirect(code, location), why: `${section} line ${rule.line}: ${rule.text} → ${code} with Location ${JSON.stringify(location)}.` };
      }
      case "deny": {
        const si = rule.args.findIndex((a) => a.text === "deny_status" || a.text === "status");
        const status = si >= 0 ? Number(rule.args[si + 1]?.text ?? "403") : 403;
        return { kind: "respond", response: haproxyErrorResponse(status), why: `${section} line ${rule.line}: ${rule.text} → HAProxy answers ${status} itself.` };
      }
      case "tarpit":
        return { kind: "respond", response: haproxyErrorResponse(500), why: `${section} line ${rule.line}: tarpit holds the connection for "timeout tarpit", then answers 500.` };
      case "reject":
        return { kind: "respond", response: { status: 0, closed: true, headers: {} }, why: `${section} line ${rule.line}: reject closes the connection without a response.` };
      case "return": {
        const si = rule.args.findIndex((a) => a.text === "status");
        const status = si >= 0 ? Number(rule.args[si + 1]?.text ?? "200") : 200;
        const ti = rule.args.findIndex((a) => a.text === "content-type");
        const bi = rule.args.findIndex((a) => a.text === "string" || a.text === "lf-string");
        const body = bi >= 0 ? (rule.args[bi + 1]?.text ?? "") : "";
        const headers: Record<string, string> = { "content-length": String(body.length) };
        if (ti >= 0) headers["content-type"] = rule.args[ti + 1]?.text ?? "";
        return { kind: "respond", response: { status, headers, body }, why: `${section} line ${rule.line}: return status ${status}.` };
      }
      case "allow":
        note(`${section} line ${rule.line}: allow — no further http-request rules of this section are evaluated.`);
        return { kind: "stop" };
      default:
        note(`${section} line ${rule.line}: http-request ${rule.action} is not simulated by this model; it is skipped.`);
    }
  }
  return { kind: "continue" };
}

/**
 * The models of recent configuration texts: a keystroke in another pane, and a followed redirect, read the same
 * text again. A model is shared and read-only; its diagnostics are copied for each reader.
 */
const recentModels = textMemo<HaModel>(8);

/**
 * Simulates one HAProxy front end. `req` is what it receives; `next` is the server after it. Writes trace
 * entries and diagnostics into `ctx`; never throws.
 */
export function haproxyFrontEnd(ctx: HopContext, proxy: ProxySpec, index: number, req: InFlight, next: NextHop): HopOutcome {
  const source = `proxies[${index}].config`;
  const note = noter(ctx, index);
  const model = recentModels(proxy.config, () => buildHaproxyModel(proxy.config, source, { listen: proxy.listen, tls: req.tls }), `${source} ${proxy.listen} ${req.tls}`);
  for (const d of model.diagnostics) ctx.diagnostics.push({ ...d });
  if (model.diagnostics.some((d) => d.severity === "error")) {
    note("haproxy.config", "haproxy -c refuses this configuration (see the diagnostics): HAProxy does not start, so the connection is refused and there is no response.");
    return { kind: "respond", response: { status: 0, closed: true, headers: {} } };
  }
  if (model.implicit) note("haproxy.config", `the text has no section keyword: it is the inside of one 'listen' section${model.proxies[0]?.binds[0]?.word.line === 1 && model.proxies[0].binds[0].word.column === 1 ? `, bound to ${proxy.listen}` : ""} (scenario convention), after a defaults section with mode http.`);

  const listen = splitHostPort(proxy.listen) ?? { host: "127.0.0.1", port: 80 };
  const fe = model.proxies.find((p) => p.role !== "backend" && p.binds.some((b) => b.port === listen.port && (b.host === null || b.host === listen.host)));
  if (!fe) {
    ctx.diagnostics.push({ severity: "error", code: "haproxy-nothing-listens", source, line: 1, column: 1, message: `No frontend or listen section binds ${proxy.listen}: the client's connection is refused.` });
    note("haproxy.listener", `nothing binds ${proxy.listen}: the connection is refused.`);
    return { kind: "respond", response: { status: 0, closed: true, headers: {} } };
  }
  const bind = fe.binds.find((b) => b.port === listen.port && (b.host === null || b.host === listen.host))!;
  note("haproxy.listener", `${fe.role} '${fe.name}' (line ${fe.line}) binds ${bind.host === null ? "*" : hostForUrl(bind.host)}:${bind.port}${bind.ssl ? " ssl" : ""} and takes the connection from ${req.peer}.`);
  if (bind.ssl !== req.tls) {
    const message = bind.ssl ? "the bind has 'ssl', but the client speaks plain HTTP: the TLS handshake fails and HAProxy closes the connection." : "the client speaks TLS to a bind without 'ssl': HAProxy cannot read the handshake as HTTP and the client gets no usable response.";
    ctx.diagnostics.push({ severity: "warning", code: "haproxy-tls-mismatch", source, line: bind.word.line, column: bind.word.column, endLine: bind.word.line, endColumn: bind.word.endColumn, message: message[0]!.toUpperCase() + message.slice(1) });
    note("haproxy.listener", message);
    return { kind: "respond", response: { status: 0, closed: true, headers: {} } };
  }

  // TCP mode: bytes pass through.
  if (fe.mode === "tcp") {
    const be = model.proxies.find((p) => p.name === fe.defaultBackend?.name && p.role !== "frontend") ?? (fe.role === "listen" ? fe : null);
    const srv = be?.servers[0];
    if (!be || !srv) {
      note("haproxy.tcp", "mode tcp with no server: HAProxy closes the connection.");
      return { kind: "respond", response: { status: 0, closed: true, headers: {} } };
    }
    note("haproxy.tcp", `mode tcp: HAProxy relays the bytes to ${hostForUrl(srv.host)}:${srv.port ?? listen.port} unchanged; no http-request rule and no option forwardfor applies.`);
    return { kind: "forward", request: { ...req, fields: req.fields.map((f) => ({ ...f })), peer: srv.source ?? be.source ?? proxy.address, tls: srv.ssl, sni: null }, rewrite: (r) => r };
  }

  // 2. The HTTP/1 parser.
  const hosts = req.fields.filter((f) => f.name.toLowerCase() === "host");
  if (new Set(hosts.map((h) => h.value)).size > 1) {
    note("haproxy.request", `the request has Host headers with different values (${hosts.map((h) => JSON.stringify(h.value)).join(", ")}): HAProxy's HTTP/1 parser refuses it with 400.`);
    return { kind: "respond", response: haproxyErrorResponse(400, { parser: true }) };
  }
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(req.target);
  if (absolute && hosts.length && absolute[1]!.toLowerCase() !== hosts[0]!.value.toLowerCase()) {
    note("haproxy.request", `the absolute request target's authority ${JSON.stringify(absolute[1])} differs from Host ${JSON.stringify(hosts[0]!.value)}: HAProxy answers 400.`);
    return { kind: "respond", response: haproxyErrorResponse(400, { parser: true }) };
  }
  let headers: Header[] = [];
  let hostSeen = false;
  for (const f of req.fields) {
    const n = f.name.toLowerCase();
    if (n === "host") {
      if (hostSeen) continue;
      hostSeen = true;
    }
    if (n === "connection") {
      const tokens = f.value.split(",").map((t) => t.trim()).filter((t) => t && !/^(close|keep-alive)$/i.test(t));
      if (tokens.length) headers.push({ name: f.name, value: tokens.join(", ") });
      continue;
    }
    headers.push({ name: f.name, value: f.value });
  }
  if (hosts.length > 1) note("haproxy.request", `${hosts.length} identical Host lines become one.`);
  const clientConn = req.fields.find((f) => f.name.toLowerCase() === "connection");
  if (clientConn) note("haproxy.request", `Connection ${JSON.stringify(clientConn.value)}: HAProxy takes out the close/keep-alive tokens${headers.some((h) => h.name.toLowerCase() === "connection") ? " and forwards the rest" : ", leaving nothing to forward"}; the headers it names are not removed.`);
  const msg: Message = { method: req.method, uri: req.target, version: req.protocol, headers };

  const dst = listen.host;
  const sampleCtx = (be: HaProxy | null, srvName: string | null): SampleContext => ({
    src: req.peer,
    srcPort: "0",
    dst,
    dstPort: String(listen.port),
    tls: req.tls,
    sni: req.sni ?? null,
    method: msg.method,
    uri: msg.uri,
    version: msg.version,
    headers: msg.headers,
    feName: fe.name,
    // Until a backend is chosen, the stream's backend is the frontend itself (%b and be_name say so).
    beName: be?.name ?? fe.name,
    srvName,
  });
  if (JSON.stringify([...fe.httpRequest, ...fe.httpResponse]).includes('"src_port"') || fe.httpRequest.some((r) => r.format?.some((p) => "alias" in p && p.alias === "cp"))) {
    note("haproxy.samples", "the client's source port is chosen by its system for each connection; this model writes 0 for %[src_port] and %cp.");
  }

  // 3. Frontend rules, backend choice, backend rules.
  const feRules = runRequestRules(fe.httpRequest, msg, () => sampleCtx(null, null), (m) => note("haproxy.http-request", m), `${fe.role} '${fe.name}'`);
  if (feRules.kind === "respond") {
    note("haproxy.http-request", feRules.why);
    return { kind: "respond", response: feRules.response };
  }
  let be: HaProxy | null = null;
  for (const u of fe.useBackends) {
    if (conditionHolds(u.cond, sampleCtx(null, null))) {
      be = model.proxies.find((p) => p.name === u.name && p.role !== "frontend") ?? null;
      note("haproxy.backend", `use_backend ${u.name}${u.cond ? ` ${u.cond.text}` : ""} (line ${u.line}) takes the request.`);
      break;
    }
  }
  if (!be && fe.defaultBackend) {
    be = model.proxies.find((p) => p.name === fe.defaultBackend!.name && p.role !== "frontend") ?? null;
    note("haproxy.backend", `${fe.useBackends.length ? "no use_backend rule matches: " : ""}default_backend ${fe.defaultBackend.name}.`);
  }
  if (!be && fe.role === "listen") be = fe;
  if (!be) {
    note("haproxy.backend", "no backend takes the request: HAProxy answers 503.");
    return { kind: "respond", response: haproxyErrorResponse(503) };
  }
  if (be !== fe) {
    const beRules = runRequestRules(be.httpRequest, msg, () => sampleCtx(be, null), (m) => note("haproxy.http-request", m), `backend '${be.name}'`);
    if (beRules.kind === "respond") {
      note("haproxy.http-request", beRules.why);
      return { kind: "respond", response: beRules.response };
    }
  }
  const srv = be.servers[0];
  if (!srv) {
    note("haproxy.server", `${be.role} '${be.name}' has no server: HAProxy answers 503 ("No server is available to handle this request.").`);
    return { kind: "respond", response: haproxyErrorResponse(503) };
  }
  if (be.servers.length > 1) note("haproxy.server", `${be.servers.length} servers: load balancing is not modelled; the first, '${srv.name}', takes the request.`);

  // 4. option forwardfor.
  const ffs = [fe.forwardfor, be !== fe ? be.forwardfor : null].filter((x): x is NonNullable<typeof x> => x !== null);
  if (ffs.length) {
    const name = (be.forwardfor ?? fe.forwardfor)!.header;
    const always = ffs.some((f) => !f.ifNone);
    const excepted = ffs.find((f) => f.except && peerInSubnets(req.peer, [f.except]));
    const present = msg.headers.some((h) => h.name.toLowerCase() === name.toLowerCase());
    if (excepted) note("haproxy.forwardfor", `option forwardfor except ${excepted.except!.text} (line ${excepted.line}): the source ${req.peer} is in that network, so no ${name} is added [${HAPROXY_MANUAL}, "option forwardfor"].`);
    else if (!always && present) note("haproxy.forwardfor", `option forwardfor if-none (line ${ffs[0]!.line}): the request already has ${name}, so none is added.`);
    else {
      msg.headers = [...msg.headers, { name, value: req.peer }];
      note("haproxy.forwardfor", `option forwardfor (line ${ffs.map((f) => f.line).join(", ")}): a new line "${name.toLowerCase()}: ${req.peer}" goes at the end of the headers${present ? "; the client's line stays as it was, not merged, so the server sees two lines" : ""} [${HAPROXY_MANUAL}, "option forwardfor"].`);
    }
  }

  // 5. Connection mode.
  const modes: ConnMode[] = [fe.connMode, be.connMode];
  const mode: ConnMode = modes.includes("close") ? "close" : modes.includes("server-close") ? "server-close" : "keep-alive";
  if (mode !== "keep-alive" && msg.version === "HTTP/1.1") msg.headers.push({ name: "connection", value: "close" });
  if (mode === "keep-alive" && msg.version === "HTTP/1.0") msg.headers.push({ name: "connection", value: "keep-alive" });
  note("haproxy.connection", `connection mode ${mode === "keep-alive" ? "http-keep-alive (the default)" : mode === "close" ? "httpclose" : "http-server-close"}: ${mode !== "keep-alive" && msg.version === "HTTP/1.1" ? `"connection: close" is added` : mode === "keep-alive" && msg.version === "HTTP/1.0" ? `"connection: keep-alive" is added to the HTTP/1.0 request` : "no Connection header is added"}.`);

  // 6. The server.
  const port = srv.port ?? listen.port;
  const nextListen = splitHostPort(next.listen);
  if (!nextListen || nextListen.host !== stripBrackets(srv.host) || nextListen.port !== port) {
    const localhostOk = srv.host === "localhost" && nextListen?.host === "127.0.0.1" && nextListen.port === port;
    if (!localhostOk) ctx.diagnostics.push({ severity: "warning", code: "proxy-target-mismatch", source, line: srv.word.line, column: srv.word.column, endLine: srv.word.line, endColumn: srv.word.endColumn, message: `server '${srv.name}' is ${hostForUrl(srv.host)}:${port}, but the next server listens on ${next.listen}; the simulation continues as if it were reached.` });
  }
  const fromAddr = srv.source ?? be.source ?? proxy.address;
  const fields = msg.headers.map((h) => ({ name: h.name.toLowerCase(), value: h.value }));
  const sni = srv.sni ? evalSample(srv.sni, sampleCtx(be, srv.name)) : null;
  note("haproxy.server", `server '${srv.name}' ${hostForUrl(srv.host)}:${port}${srv.port === null ? " (no port on the server line: the port the client connected to)" : ""}${srv.ssl ? " with ssl" : ""}: ${msg.method} ${msg.uri} ${msg.version} from ${fromAddr}${srv.source ? " (the server's source)" : be.source ? " (the backend's source)" : ""}, every header name in lower case.`);

  const respCtx = (response: HttpResponse, headersList: Header[]): SampleContext => ({ ...sampleCtx(be, srv.name), response: { status: response.status, headers: headersList }, backend: { source: fromAddr, server: srv.host, serverPort: String(port) } });
  const rewrite = (response: HttpResponse): HttpResponse => {
    if (response.closed || response.status === 0) {
      note("haproxy.response", "the server closed the connection without a response: HAProxy answers 502.");
      return haproxyErrorResponse(502);
    }
    let list: Header[] = Object.entries(response.headers)
      .filter(([k]) => !/^(connection|keep-alive)$/i.test(k))
      .map(([k, v]) => ({ name: k.toLowerCase(), value: v }));
    let status = response.status;
    for (const [label, rules] of [[`backend '${be.name}'`, be.httpResponse] as const, ...(be !== fe ? ([[`${fe.role} '${fe.name}'`, fe.httpResponse]] as const) : [])]) {
      for (const rule of rules) {
        const c = respCtx({ ...response, status }, list);
        if (!conditionHolds(rule.cond, c)) {
          note("haproxy.http-response", `${label} line ${rule.line}: ${rule.text} — the condition is false.`);
          continue;
        }
        if (["set-header", "add-header", "del-header", "replace-header", "replace-value"].includes(rule.action)) {
          const r = headerAction(rule, list, c);
          list = r.headers.map((h) => ({ name: h.name.toLowerCase(), value: h.value }));
          note("haproxy.http-response", `${label} line ${rule.line}: http-response ${r.what}.`);
        } else if (rule.action === "set-status") {
          status = Number(rule.args[0]?.text ?? status);
          note("haproxy.http-response", `${label} line ${rule.line}: set-status ${status}.`);
        } else if (rule.action === "deny") {
          note("haproxy.http-response", `${label} line ${rule.line}: deny → HAProxy answers 502 instead of the server's response.`);
          return haproxyErrorResponse(502);
        } else note("haproxy.http-response", `${label} line ${rule.line}: http-response ${rule.action} is not simulated; it is skipped.`);
      }
    }
    const headersOut: Record<string, string> = {};
    for (const h of list) headersOut[h.name] = headersOut[h.name] === undefined ? h.value : `${headersOut[h.name]}, ${h.value}`;
    const loc = headersOut.location;
    if (loc !== undefined && !be.httpResponse.length && !fe.httpResponse.length) note("haproxy.response", `HAProxy does not rewrite Location by itself: ${JSON.stringify(loc)} reaches the client as the server wrote it (header names in lower case).`);
    return { ...response, status, headers: headersOut };
  };
  return { kind: "forward", request: { method: msg.method, target: msg.uri, protocol: msg.version, fields, peer: fromAddr, tls: srv.ssl, sni }, rewrite };
}
