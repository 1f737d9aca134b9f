/**
 * WSGIProxy (Paste; Ian Bicking) as a front end: `wsgiproxy.app.WSGIProxyApp(href, …)`, or the bare
 * `wsgiproxy.exactproxy.proxy_exact_request`, running as the WSGI application of an Apache + mod_wsgi front
 * server. The proxy's `config` is the Python call a reader writes in the front server's `.wsgi` file:
 *
 *   WSGIProxyApp('http://10.0.0.5:8080/myapp?some=querystring', string_keys=['REMOTE_USER'], json_keys=['beaker.session'])
 *   exactproxy
 *
 * The environ it receives is the one the front Apache + mod_wsgi builds for the client's request (this
 * engine's choice, written down in `frontEnviron`): REMOTE_ADDR the client's address, HTTP_* from the
 * client's headers, wsgi.url_scheme from the client's connection, SERVER_NAME and SERVER_PORT from Host
 * (UseCanonicalName Off), SCRIPT_NAME the mount point and PATH_INFO the rest. The proxy's `environ` field adds
 * what the front application's own middleware would set (REMOTE_USER, beaker.session, …) and names the mount
 * point (SCRIPT_NAME).
 *
 * Sources and how sure each part is:
 * - [DOC] WSGIProxy's documentation (docs/index.txt, "The Proxy" and "Signing Requests"; the WSGIProxyApp
 *   docstring): the headers it adds and what each holds. The "documented" behaviour follows it.
 * - [RUN] `proxies-and-frameworks.md` §2.1–2.3 and §12 examples 1–4, which record WSGIProxy run under Python
 *   2.7.18 (PyPI's 0.2.2 and the repository's last commit, d43d048 of 2013) and its source: the href parsing
 *   (a port always added), the step order, XFF replaced by REMOTE_ADDR, the key headers numbered from 0, the
 *   `X-Traversal-Path` without its leading `/`, the signing call that raises TypeError, exactproxy's request
 *   line and headers, and Location passed back untouched. The "released" behaviour is 0.2.2, which in
 *   addition raises KeyError as soon as a configured key is in the environ (§2.1); "unreleased" is d43d048.
 * WSGIProxy is Python 2 code and cannot run on this machine (no Python 2, no PyPI): no real server checks this
 * module, and every trace says which behaviour it shows.
 */
import type { Diagnostic, HttpResponse, ProxySpec, WsgiProxyBehaviour } from "../types.ts";
import type { HopContext, HopOutcome, InFlight, NextHop } from "../http/hop.ts";
import { mergeRepeated } from "../http/headers.ts";
import { originForm } from "../http/requestHead.ts";
import { cgiKey } from "../modwsgi/environ.ts";
import { errorResponse } from "../apache/errorDocuments.ts";
import { splitHostPort, stripBrackets } from "../net/address.ts";
import { bindArguments, parsePythonCall, pyRepr, type PyCall, type Span } from "./pythonCall.ts";
import { encodeKeyValue, jsonDumps, keyHeaderName, urlQuote, KEY_KINDS, type KeyKind, type PyObject } from "./keys.ts";

/** The documents this module follows, for traces and tests. */
export const WSGIPROXY_SOURCES = {
  doc: "WSGIProxy documentation, \"The Proxy\"",
  signing: "WSGIProxy documentation, \"Signing Requests\"",
  run: "WSGIProxy run under Python 2.7.18",
} as const;

/** How each behaviour is named in traces. */
export const BEHAVIOUR_LABEL: Record<WsgiProxyBehaviour, string> = {
  documented: "the documented behaviour (what WSGIProxy's documentation promises)",
  released: "the released behaviour (PyPI's WSGIProxy 0.2.2, as it runs)",
  unreleased: "the unreleased behaviour (the repository's last code, 2013, as it runs)",
};

/** The protocol version WSGIProxyApp sends and WSGIProxyMiddleware expects. */
export const PROTOCOL_VERSION = "0.1";
/** Stand-ins for values the signer computes per request (the trace says so where they appear). */
export const SIGNATURE_STANDIN = "0 00000000000000000000000000000000";
export const DATE_STANDIN = "Sat, 01 Jan 2000 00:00:00 GMT";

/** A WSGIProxyApp as configured. */
export interface ProxyAppConfig {
  kind: "app";
  href: { scheme: string; netloc: string; path: string; query: string; text: string; span: Span };
  secretFile: string | null;
  /** Configured keys per kind, in order. */
  keys: Record<KeyKind, string[]>;
}
/** exactproxy: the environ says where the request goes. */
export interface ExactProxyConfig {
  kind: "exact";
}
export type FrontConfig = ProxyAppConfig | ExactProxyConfig;

const APP_NAMES = new Set(["WSGIProxyApp", "app.WSGIProxyApp", "wsgiproxy.app.WSGIProxyApp"]);
const EXACT_NAMES = new Set(["exactproxy", "proxy_exact_request", "exactproxy.proxy_exact_request", "wsgiproxy.exactproxy", "wsgiproxy.exactproxy.proxy_exact_request"]);
const SPAWN_NAMES = /(^|\.)(spawn|SpawningApplication)(\.|$)/;
const APP_PARAMS = ["href", "secret_file", "string_keys", "unicode_keys", "json_keys", "pickle_keys"] as const;
const KEY_PARAM: Record<string, KeyKind> = { string_keys: "Str", unicode_keys: "Unicode", json_keys: "Json", pickle_keys: "Pickle" };

/** Splits an href as Python's `urlsplit(href, 'http')` does, for the shapes an href takes. */
function urlsplit(href: string): { scheme: string; netloc: string; path: string; query: string } {
  const m = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#.*)?$/.exec(href);
  if (!m) return { scheme: "http", netloc: "", path: href, query: "" };
  return { scheme: (m[1] ?? "http").toLowerCase(), netloc: m[2] ?? "", path: m[3] ?? "", query: m[4] ?? "" };
}

/**
 * Reads a "wsgiproxy" proxy's config: a WSGIProxyApp call or the exactproxy name. Problems are diagnostics at
 * the token: Python syntax (`python-*`), and what the constructor would refuse when the `.wsgi` file is loaded
 * (`wsgiproxy-argument-unknown`, `-missing`, `-type`, `wsgiproxy-href-invalid`: TypeError or AssertionError at
 * import, so every request gets a 500), or a callee that is not WSGIProxy's (`wsgiproxy-callee-unknown`).
 * Returns null when no usable configuration remains. Never throws.
 */
export function parseFrontConfig(text: string, source: string, diagnostics: Diagnostic[]): FrontConfig | null {
  const parsed = parsePythonCall(text, source);
  diagnostics.push(...parsed.diagnostics);
  const v = parsed.value;
  if (!v) return null;
  const at = (s: Span, severity: Diagnostic["severity"], code: Diagnostic["code"], message: string) => diagnostics.push({ severity, code, source, ...s, message });
  const name = v.kind === "call" ? v.callee : v.kind === "name" ? v.name : null;
  const nameSpan = v.kind === "call" ? v.calleeSpan : v.span;
  if (name !== null && SPAWN_NAMES.test(name)) {
    at(nameSpan, "error", "wsgiproxy-spawn-not-modelled", "wsgiproxy.spawn starts a child process per application and proxies to it; it is not modelled (as written it cannot run either: subprocess, socket and os are never imported).");
    return null;
  }
  if (v.kind === "name" || (v.kind === "call" && EXACT_NAMES.has(v.callee))) {
    if (v.kind === "call") {
      at(v.span, "error", "wsgiproxy-argument-type", `${v.callee} is itself the WSGI application (environ, start_response); name it without calling it.`);
      return null;
    }
    if (!EXACT_NAMES.has(v.name)) {
      at(v.span, "error", "wsgiproxy-callee-unknown", `${v.name} is not a WSGIProxy application; write WSGIProxyApp('http://host:port/…') or exactproxy.`);
      return null;
    }
    return { kind: "exact" };
  }
  if (v.kind !== "call") {
    at(v.span, "error", "wsgiproxy-callee-unknown", `${pyRepr(v).slice(0, 40)} is a value, not a WSGIProxy application; write WSGIProxyApp('http://host:port/…') or exactproxy.`);
    return null;
  }
  if (!APP_NAMES.has(v.callee)) {
    at(v.calleeSpan, "error", "wsgiproxy-callee-unknown", `${v.callee} is not a WSGIProxy application; write WSGIProxyApp('http://host:port/…') (from wsgiproxy.app) or exactproxy.`);
    return null;
  }
  return appConfig(v, at);
}

function appConfig(v: PyCall, at: (s: Span, severity: Diagnostic["severity"], code: Diagnostic["code"], message: string) => void): ProxyAppConfig | null {
  const bound = bindArguments(v, APP_PARAMS, "WSGIProxyApp", (span, code, message) => at(span, "error", code, message));
  const given = bound.given;
  let ok = bound.ok;
  const href = given.get("href");
  if (!href) {
    at(v.span, "error", "wsgiproxy-argument-missing", "WSGIProxyApp needs href, the URL it sends requests to, e.g. WSGIProxyApp('http://10.0.0.5:8080/').");
    return null;
  }
  if (href.value.kind !== "str") {
    at(href.span, "error", "wsgiproxy-argument-type", `href is ${pyRepr(href.value).slice(0, 40)}; it is a URL string such as 'http://10.0.0.5:8080/'.`);
    return null;
  }
  const split = urlsplit(href.value.value);
  if (split.scheme !== "http" && split.scheme !== "https") {
    at(href.span, "error", "wsgiproxy-href-invalid", `The href's scheme is ${JSON.stringify(split.scheme)}; WSGIProxyApp asserts http or https (AssertionError when the .wsgi file is loaded).`);
    return null;
  }
  if (split.netloc === "") {
    at(href.span, "error", "wsgiproxy-href-invalid", `The href ${JSON.stringify(href.value.value)} names no host: write it as http://host:port/path.`);
    return null;
  }
  let netloc = split.netloc;
  if (!netloc.includes(":")) netloc += split.scheme === "http" ? ":80" : ":443";
  if (netloc.startsWith("[")) at(href.span, "warning", "wsgiproxy-href-ipv6", "An IPv6 address in the href: WSGIProxyApp splits the host from the port at the first ':', so SERVER_NAME becomes '[' and the request cannot be sent as intended.");
  const secret = given.get("secret_file");
  let secretFile: string | null = null;
  if (secret && secret.value.kind !== "none") {
    if (secret.value.kind !== "str") {
      at(secret.span, "error", "wsgiproxy-argument-type", "secret_file is the name of a file holding the shared secret, a string.");
      ok = false;
    } else secretFile = secret.value.value;
  }
  const keys: Record<KeyKind, string[]> = { Str: [], Unicode: [], Json: [], Pickle: [] };
  for (const [param, kind] of Object.entries(KEY_PARAM)) {
    const g = given.get(param);
    if (!g || g.value.kind === "none") continue;
    const list = g.value;
    if (list.kind !== "list" && list.kind !== "tuple") {
      at(g.span, "error", "wsgiproxy-argument-type", `${param} is a list of environ key names, e.g. ${param}=['REMOTE_USER'].`);
      ok = false;
      continue;
    }
    for (const item of list.items) {
      if (item.kind !== "str") {
        at(item.span, "error", "wsgiproxy-argument-type", `${pyRepr(item).slice(0, 40)} is not an environ key name (a string).`);
        ok = false;
      } else keys[kind].push(item.value);
    }
  }
  if (!ok) return null;
  return { kind: "app", href: { ...split, netloc, path: split.path.replace(/^\/+/, ""), text: href.value.value, span: href.span }, secretFile, keys };
}

/** The WSGI environ of the front application: string values and, from the proxy's `environ`, any JSON value. */
export type FrontEnviron = Record<string, PyObject>;

/**
 * The environ Apache + mod_wsgi give the front application for `req` (this engine's model of the front
 * server; see the module comment): CGI keys and HTTP_* from the merged headers (names outside
 * `[A-Za-z0-9-]` dropped, as mod_wsgi does), REMOTE_ADDR the peer, SERVER_NAME/SERVER_PORT from Host (else the
 * listen address), wsgi.url_scheme from the connection, SCRIPT_NAME the mount point, PATH_INFO the decoded
 * rest. `extra` (the proxy's `environ`) is laid over it. Returns the response Apache gives instead when the
 * request never reaches the application: 400 (no Host on HTTP/1.1, a malformed %-escape), 404 (an encoded
 * `/`, or a path outside the mount point).
 */
export function frontEnviron(req: InFlight, listen: string, extra: Record<string, unknown> | undefined): { environ: FrontEnviron; mount: string } | { response: HttpResponse; why: string } {
  const headers = mergeRepeated(req.fields);
  const host = headers.find((h) => h.name.toLowerCase() === "host")?.value;
  if (host === undefined && req.protocol === "HTTP/1.1") return { response: errorResponse(400), why: "an HTTP/1.1 request without Host: Apache answers 400 before the application runs" };
  const target = originForm(req.target);
  const q = target.indexOf("?");
  const rawPath = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? "" : target.slice(q + 1);
  let path = "";
  for (let i = 0; i < rawPath.length; i++) {
    if (rawPath[i] !== "%") {
      path += rawPath[i];
      continue;
    }
    const hex = rawPath.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return { response: errorResponse(400), why: `${JSON.stringify(rawPath)} has a malformed %-escape: Apache answers 400` };
    const code = Number.parseInt(hex, 16);
    if (code === 0x2f || code === 0) return { response: errorResponse(404), why: `${JSON.stringify(rawPath)} holds an encoded "/" or NUL: Apache answers 404 (AllowEncodedSlashes Off)` };
    path += String.fromCharCode(code);
    i += 2;
  }
  path = path.replace(/\/{2,}/g, "/");
  const mountValue = extra?.SCRIPT_NAME;
  const mount = typeof mountValue === "string" ? mountValue.replace(/\/+$/, "") : "";
  if (mount !== "" && path !== mount && !path.startsWith(mount + "/")) {
    return { response: errorResponse(404), why: `${path} is outside the proxying application's mount point ${mount} (its WSGIScriptAlias): Apache answers 404` };
  }
  const local = splitHostPort(listen) ?? { host: "127.0.0.1", port: 80 };
  const hostMatch = host === undefined ? null : /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host);
  const env: FrontEnviron = {
    REQUEST_METHOD: req.method,
    SCRIPT_NAME: mount,
    PATH_INFO: path.slice(mount.length),
    QUERY_STRING: query,
    SERVER_PROTOCOL: req.protocol,
    SERVER_NAME: hostMatch?.[1] ? hostMatch[1].toLowerCase() : local.host,
    SERVER_PORT: hostMatch?.[2] ?? String(local.port),
    REMOTE_ADDR: req.peer,
    "wsgi.url_scheme": req.tls ? "https" : "http",
  };
  for (const h of headers) {
    const lower = h.name.toLowerCase();
    if (lower === "content-type") env.CONTENT_TYPE = h.value;
    else if (lower === "content-length") env.CONTENT_LENGTH = h.value;
    else if (lower === "authorization" || lower === "proxy-authorization") continue;
    else {
      const key = cgiKey(h.name);
      if (key) env[key] = h.value;
    }
  }
  for (const [k, v] of Object.entries(extra ?? {})) if (k !== "SCRIPT_NAME") env[k] = v;
  return { environ: env, mount };
}

/** Python's `str.title()` on a header name: a letter after a non-letter is upper case, the others lower. */
export function titleCase(name: string): string {
  return name.toLowerCase().replace(/(^|[^a-z])([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase());
}

/** One step's note, for the trace. */
export interface StepNote {
  step: string;
  message: string;
}

/** What WSGIProxyApp (or exactproxy) does with one request: the request it sends, or the front server's answer. */
export type AppOutcome =
  | { kind: "send"; request: InFlight; connect: { host: string; port: string; scheme: string }; notes: StepNote[] }
  | { kind: "fail"; response: HttpResponse; notes: StepNote[] };

/** Python's `'%s' % value` for an environ value, near enough for a host, a port or a header: never throws. */
function pythonStr(v: PyObject): string {
  if (typeof v === "string") return v;
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return String(v);
  return jsonDumps(v);
}

/** A Python exception inside the key loop, carried out of the forEach. */
class KeyFail extends Error {}

const exception = (notes: StepNote[], step: string, what: string): AppOutcome => {
  notes.push({ step, message: `${what}: the exception ends the request, mod_wsgi logs it and the front Apache answers 500 Internal Server Error.` });
  return { kind: "fail", response: errorResponse(500), notes };
};

/**
 * Runs WSGIProxyApp (`config.kind` "app") or exactproxy on the front environ, in the code's order (§2.2):
 * defaults, signing, removal of client-sent X-WSGIProxy-*, the four forwarded headers, the key headers,
 * X-WSGIProxy-Version, the href's scheme/host/path/query, then exactproxy's request. `behaviour` picks the
 * documented or a run version where they differ. Pure: returns the request and the notes. Never throws.
 */
export function runProxyApp(input: FrontEnviron, config: FrontConfig, behaviour: WsgiProxyBehaviour): AppOutcome {
  const notes: StepNote[] = [];
  const note = (step: string, message: string) => notes.push({ step, message });
  // Object.assign, not a spread: V8 extends a spread copy of a big object slowly.
  const env: FrontEnviron = Object.assign({}, input);
  const str = (k: string) => (env[k] === undefined ? undefined : pythonStr(env[k]));
  const added: string[] = [];

  if (config.kind === "app") {
    for (const k of ["QUERY_STRING", "SCRIPT_NAME", "PATH_INFO"]) if (env[k] === undefined) env[k] = "";
    // Signing (§2.3; [DOC] "Signing Requests").
    if (config.secretFile !== null && behaviour !== "documented") {
      return exception(notes, "wsgiproxy.app.sign", `secret_file=${JSON.stringify(config.secretFile)}: WSGIProxyApp calls sign_request(environ) with one argument where it takes two, which raises TypeError on every request [${WSGIPROXY_SOURCES.run}]`);
    }
    const dropped = Object.keys(env).filter((k) => k.startsWith("HTTP_X_WSGIPROXY"));
    for (const k of dropped) delete env[k];
    if (dropped.length) note("wsgiproxy.app.request", `client-sent ${dropped.join(", ")} ${dropped.length === 1 ? "is" : "are"} removed: WSGIProxyApp deletes every HTTP_X_WSGIPROXY* key before it adds its own.`);
    if (config.secretFile !== null) {
      if (env.HTTP_DATE === undefined) {
        env.HTTP_DATE = DATE_STANDIN;
        added.push("Date");
      }
      env.HTTP_X_WSGIPROXY_SIGNATURE = SIGNATURE_STANDIN;
      added.push("X-Wsgiproxy-Signature");
      note("wsgiproxy.app.sign", `secret_file=${JSON.stringify(config.secretFile)}: the documentation promises an X-WSGIProxy-Signature header holding a number and an HMAC that covers the request's host and path and includes the shared secret [${WSGIPROXY_SOURCES.signing}]. The value depends on the secret and the moment (${JSON.stringify(SIGNATURE_STANDIN)} stands for it; a Date header is added when the request has none, ${JSON.stringify(DATE_STANDIN)} standing for it). The code would compute an HMAC-MD5 keyed with the number over path, Date and secret, without the host, but never gets there in either run version.`);
    }
    // The four forwarded headers ([DOC] "The Proxy"; §2.2 step 4).
    const host = str("HTTP_HOST");
    if (host === undefined) return exception(notes, "wsgiproxy.app.forwarded", "the request has no Host header, so environ has no HTTP_HOST: copying it into X-Forwarded-Server raises KeyError 'HTTP_HOST'");
    const before = str("HTTP_X_FORWARDED_FOR");
    env.HTTP_X_FORWARDED_SERVER = host;
    env.HTTP_X_FORWARDED_SCRIPT_NAME = str("SCRIPT_NAME") ?? "";
    env.HTTP_X_FORWARDED_SCHEME = str("wsgi.url_scheme") ?? "http";
    env.HTTP_X_FORWARDED_FOR = str("REMOTE_ADDR") ?? "";
    added.push("X-Forwarded-Server", "X-Forwarded-Script-Name", "X-Forwarded-Scheme", "X-Forwarded-For");
    note(
      "wsgiproxy.app.forwarded",
      `X-Forwarded-Server ${JSON.stringify(host)} (HTTP_HOST, port included), X-Forwarded-Script-Name ${JSON.stringify(env.HTTP_X_FORWARDED_SCRIPT_NAME)} (SCRIPT_NAME, which the upstream path leaves out), X-Forwarded-Scheme ${JSON.stringify(env.HTTP_X_FORWARDED_SCHEME)} (wsgi.url_scheme), X-Forwarded-For ${JSON.stringify(env.HTTP_X_FORWARDED_FOR)} (REMOTE_ADDR) [${WSGIPROXY_SOURCES.doc}]` +
        (before !== undefined ? `; the client's own X-Forwarded-For ${JSON.stringify(before)} is replaced, not appended to, in every version (the documentation says only that the header holds the address originally used).` : "."),
    );
    // Key headers ([DOC]; §2.2 step 5).
    try {
      for (const kind of KEY_KINDS) {
        config.keys[kind].forEach((key, i) => {
          if (!(key in env)) {
            note("wsgiproxy.app.keys", `${kind.toLowerCase()} key ${key} is not in the environ: no header (index ${i} is used up all the same).`);
            return;
          }
          if (behaviour === "released") throw new KeyFail(`KeyError 'HTTP_X_WSGIPROXY_${kind.toUpperCase()}_${i}': WSGIProxy 0.2.2 overwrites the loop's key variable with the header's name before reading the value, so any configured key present in the environ ends the request [${WSGIPROXY_SOURCES.run}]`);
          const enc = encodeKeyValue(kind, env[key]);
          if (!enc.ok) throw new KeyFail(`${kind.toLowerCase()} key ${key}: ${enc.exception}`);
          const index = behaviour === "documented" ? i + 1 : i;
          const name = keyHeaderName(kind, index);
          const value = `${urlQuote(key)} ${enc.value}`;
          env[`HTTP_X_WSGIPROXY_${kind.toUpperCase()}_${index}`] = value;
          added.push(name);
          note(
            "wsgiproxy.app.keys",
            `${name}: ${JSON.stringify(value.length > 120 ? value.slice(0, 120) + "…" : value)}: ` +
              (kind === "Pickle" ? "pickled (protocol 0), " : kind === "Json" ? "json.dumps, " : kind === "Unicode" ? "UTF-8, " : "") +
              (enc.why ? `then base64 with the b64 prefix because ${enc.why}` : "sent as it is, since it fits in a header") +
              (behaviour === "documented" ? `; numbered from 1, as the documentation's example names the first X-WSGIProxy-Str-1 (the code numbers from 0)` : `; numbered from 0, the key's place in ${kind === "Str" ? "string" : kind.toLowerCase()}_keys`) +
              ".",
          );
        });
      }
    } catch (error) {
      if (error instanceof KeyFail) return exception(notes, "wsgiproxy.app.keys", error.message);
      throw error;
    }
    env.HTTP_X_WSGIPROXY_VERSION = PROTOCOL_VERSION;
    added.push("X-Wsgiproxy-Version");
    // setup_forwarded_environ (§2.2 step 7).
    const href = config.href;
    env["wsgi.url_scheme"] = href.scheme;
    env.HTTP_HOST = href.netloc;
    const colon = href.netloc.indexOf(":");
    env.SERVER_NAME = href.netloc.slice(0, colon);
    env.SERVER_PORT = href.netloc.slice(colon + 1);
    env.SCRIPT_NAME = href.path;
    const traversal = behaviour === "documented" && href.path ? "/" + href.path : href.path;
    if (href.path) {
      env.HTTP_X_TRAVERSAL_PATH = traversal;
      added.push("X-Traversal-Path");
    }
    if (href.query) {
      env.QUERY_STRING = str("QUERY_STRING") ? `${str("QUERY_STRING")}&${href.query}` : href.query;
      env.HTTP_X_TRAVERSAL_QUERY_STRING = href.query;
      added.push("X-Traversal-Query-String");
    }
    note(
      "wsgiproxy.app.href",
      `href ${JSON.stringify(href.text)}: Host becomes ${JSON.stringify(href.netloc)} (WSGIProxyApp always adds the port), the request goes to ${href.netloc} over ${href.scheme}, and the original SCRIPT_NAME ${JSON.stringify(input.SCRIPT_NAME ?? "")} leaves the path` +
        (href.path ? `; X-Traversal-Path ${JSON.stringify(traversal)} names the href's path, which the client's request did not hold (${behaviour === "documented" ? "the documentation writes it with its leading /" : "the code sends it without its leading /"})` : "") +
        (href.query ? `; X-Traversal-Query-String ${JSON.stringify(href.query)}, which is also appended to the query string` : "") +
        (!href.path && (input.HTTP_X_TRAVERSAL_PATH !== undefined || input.HTTP_X_SCRIPT_NAME !== undefined) ? "; the href has no path, so a client-sent X-Traversal-Path or X-Script-Name passes through unchanged" : "") +
        ".",
    );
  } else {
    note("wsgiproxy.exactproxy", `exactproxy adds no forwarded headers [${WSGIPROXY_SOURCES.doc}]: it sends the request the environ describes to SERVER_NAME:SERVER_PORT (${str("SERVER_NAME")}:${str("SERVER_PORT")}), with HTTP_HOST as the Host header.`);
  }

  // exactproxy.proxy_exact_request (§2.2 "Transport").
  const scheme = str("wsgi.url_scheme") ?? "http";
  if (scheme !== "http" && scheme !== "https") return exception(notes, "wsgiproxy.exactproxy", `wsgi.url_scheme ${JSON.stringify(scheme)}: exactproxy raises ValueError (Unknown scheme)`);
  let path = urlQuote(str("SCRIPT_NAME") ?? "") + urlQuote(str("PATH_INFO") ?? "");
  if (!path.startsWith("/")) path = "/" + path;
  const qs = str("QUERY_STRING") ?? "";
  if (qs) path += "?" + qs;
  const fields: { name: string; value: string }[] = [];
  const httpKeys = Object.keys(env).filter((k) => k.startsWith("HTTP_"));
  const hasHeader = (lower: string) => httpKeys.some((k) => titleCase(k.slice(5).replace(/_/g, "-")).toLowerCase() === lower);
  if (!hasHeader("host")) fields.push({ name: "Host", value: `${str("SERVER_NAME")}${scheme === "http" && str("SERVER_PORT") === "80" ? "" : scheme === "https" && str("SERVER_PORT") === "443" ? "" : `:${str("SERVER_PORT")}`}` });
  if (!hasHeader("accept-encoding")) fields.push({ name: "Accept-Encoding", value: "identity" });
  const length = Number.parseInt(str("CONTENT_LENGTH") ?? "0", 10);
  fields.push({ name: "Content-Length", value: String(Number.isFinite(length) && length > 0 ? length : 0) });
  const ordered = [...httpKeys.filter((k) => k === "HTTP_HOST"), ...httpKeys.filter((k) => k !== "HTTP_HOST")];
  for (const k of ordered) fields.push({ name: titleCase(k.slice(5).replace(/_/g, "-")), value: str(k) ?? "" });
  note(
    "wsgiproxy.exactproxy",
    `${str("REQUEST_METHOD")} ${path} HTTP/1.1 to ${str("SERVER_NAME")}:${str("SERVER_PORT")}: every HTTP_* key becomes a header (the name title-cased, e.g. X-Wsgiproxy-Version), hop-by-hop headers included; Python's httplib adds Accept-Encoding: identity when there is none and exactproxy always sends Content-Length. The order of the header lines follows a Python 2 dict and is not fixed; this model writes Host first and keeps the environ's order after it.`,
  );
  if (added.length) note("wsgiproxy.app.request", `added: ${added.join(", ")}.`);
  return {
    kind: "send",
    connect: { host: str("SERVER_NAME") ?? "", port: str("SERVER_PORT") ?? "", scheme },
    request: { method: str("REQUEST_METHOD") ?? "GET", target: path, protocol: "HTTP/1.1", fields, peer: "", tls: scheme === "https", sni: null },
    notes,
  };
}

/**
 * The "wsgiproxy" front end (a `FrontEndModel`): the front Apache + mod_wsgi builds the environ, WSGIProxyApp
 * or exactproxy sends the request onward from `proxy.address`, and the answer comes back with
 * Transfer-Encoding dropped and Location and Content-Location untouched (WSGIProxy rewrites neither).
 * Writes trace entries and diagnostics into `ctx`; never throws.
 */
export function wsgiproxyFrontEnd(ctx: HopContext, proxy: ProxySpec, index: number, req: InFlight, next: NextHop): HopOutcome {
  const source = `proxies[${index}].config`;
  const behaviour: WsgiProxyBehaviour = ctx.wsgiproxy ?? "released";
  const note = (step: string, message: string) => ctx.trace.push({ step, message, hop: index });
  note("wsgiproxy.behaviour", `${BEHAVIOUR_LABEL[behaviour]} is shown (the scenario's "wsgiproxy" setting${behaviour === "released" ? ", by default" : ""}). WSGIProxy is Python 2 code and cannot run here; its documentation and its code disagree on several points, and each step below says which one it follows.`);
  const config = parseFrontConfig(proxy.config, source, ctx.diagnostics);
  if (!config) {
    note("wsgiproxy.app", "the .wsgi file cannot be loaded with this setting: mod_wsgi answers 500 Internal Server Error to every request.");
    return { kind: "respond", response: errorResponse(500) };
  }
  const built = frontEnviron(req, proxy.listen, proxy.environ);
  if ("response" in built) {
    note("wsgiproxy.front-server", `${built.why}.`);
    return { kind: "respond", response: built.response };
  }
  note(
    "wsgiproxy.front-server",
    `the front Apache + mod_wsgi runs the proxy at ${built.mount || "/"} (WSGIScriptAlias${built.mount ? ", from environ.SCRIPT_NAME" : ""}): REMOTE_ADDR ${JSON.stringify(built.environ.REMOTE_ADDR)}, HTTP_HOST ${JSON.stringify(built.environ.HTTP_HOST ?? null)}, wsgi.url_scheme ${JSON.stringify(built.environ["wsgi.url_scheme"])}, SCRIPT_NAME ${JSON.stringify(built.environ.SCRIPT_NAME)}, PATH_INFO ${JSON.stringify(built.environ.PATH_INFO)}` +
      (proxy.environ && Object.keys(proxy.environ).some((k) => k !== "SCRIPT_NAME") ? `; the front application adds ${Object.keys(proxy.environ).filter((k) => k !== "SCRIPT_NAME").join(", ")} (the proxy's environ)` : "") +
      ".",
  );
  const outcome = runProxyApp(built.environ, config, behaviour);
  for (const n of outcome.notes) note(n.step, n.message);
  if (outcome.kind === "fail") return { kind: "respond", response: outcome.response };
  const target = splitHostPort(next.listen);
  if (!target || target.host !== stripBrackets(outcome.connect.host) || String(target.port) !== outcome.connect.port) {
    const span = config.kind === "app" ? config.href.span : { line: 1, column: 1, endLine: 1, endColumn: Math.max(2, proxy.config.split("\n")[0]!.length + 1) };
    ctx.diagnostics.push({
      severity: "warning",
      code: "proxy-target-mismatch",
      source,
      ...span,
      message: `${config.kind === "app" ? "WSGIProxyApp" : "exactproxy"} sends to ${outcome.connect.host}:${outcome.connect.port}, but the next server listens on ${next.listen}; the simulation continues as if it were reached.${config.kind === "exact" ? " exactproxy goes where SERVER_NAME and SERVER_PORT point: set them in the proxy's environ." : ""}`,
    });
  }
  const rewrite = (response: HttpResponse): HttpResponse => {
    if (response.closed || response.status === 0) {
      note("wsgiproxy.exactproxy", "the next server closed the connection without a response: httplib raises an exception in getresponse(), which exactproxy does not catch, so the front Apache answers 500 Internal Server Error (only a DNS failure becomes 502).");
      return errorResponse(500);
    }
    const headers: Record<string, string> = {};
    const dropped: string[] = [];
    for (const [k, v] of Object.entries(response.headers)) {
      if (k.toLowerCase() === "transfer-encoding") dropped.push(k);
      else headers[k] = v;
    }
    const loc = Object.entries(headers).find(([k]) => k.toLowerCase() === "location")?.[1];
    note("wsgiproxy.exactproxy", `the answer is passed back${dropped.length ? " without Transfer-Encoding" : ""}; WSGIProxy rewrites no Location${loc !== undefined ? `, so ${JSON.stringify(loc)} reaches the client as the back end wrote it` : ""} (seen when the code was run).`);
    return { ...response, headers };
  };
  return { kind: "forward", request: { ...outcome.request, peer: proxy.address }, rewrite };
}
