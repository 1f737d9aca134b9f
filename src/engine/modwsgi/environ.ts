/**
 * Models how Apache + mod_wsgi turn one request into the WSGI environ (`wsgi_build_environment` and the
 * Python adapter), in its real order:
 *
 * 1. drop request headers whose names are not `[A-Za-z0-9-]` (mod_wsgi 4.3.0+) [E C66, C67];
 * 2. CGI variables as Apache's `ap_add_common_vars` + `ap_add_cgi_vars` make them (6.0 uses its own copy
 *    without PATH_TRANSLATED, GATEWAY_INTERFACE and SERVER_SIGNATURE [S6]);
 * 3. HEAD → GET when WSGIMapHEADToGET says so (`mapHeadToGetSetting`; 4.9.4's default is in effect Off):
 *    On always; Auto only when the first output filter is a content filter, which in this model means a
 *    mod_headers `Header` directive (not `Header always`) applies to the request (checked on Apache 2.4.71);
 *    Off never;
 * 4. PATH_INFO defaults to "" and runs of `/` collapse in SCRIPT_NAME and PATH_INFO;
 * 5. `mod_wsgi.script_name` / `mod_wsgi.path_info` keep those values;
 * 6. trusted-proxy processing (`trustedProxies.ts`);
 * 7. HTTPS from the TLS connection: 4.9.4 always, after and over step 6 [E C70, C73]; 6.0 only when no
 *    scheme header was applied [S6];
 * 8. `wsgi.url_scheme` is https iff HTTPS is `on` (any case) or `1`; HTTPS is then removed.
 *
 * The key set matches a real Apache 2.4.71 + mod_wsgi 4.9.4 environ (Debian 12, loopback). Keys whose
 * values depend on the run (REMOTE_PORT, request ids, timestamps, object reprs) are left out.
 */
import type { EnvironChange, ModWsgiVersion } from "../types.ts";
import type { HeaderTable } from "../http/headers.ts";
import { directivesNamed, type ScopeLayer } from "../apache/server.ts";
import { http2env } from "./http2env.ts";
import { applyProxyHeaders, isKnownHeaderKey, PROXY_REWRITTEN_KEYS, type Env, type TrustConfig } from "./trustedProxies.ts";

export const APACHE_VERSION = "2.4.71";
export const MODWSGI_RELEASE: Record<ModWsgiVersion, string> = { "4.9": "4.9.4", "6.0": "6.0.5" };
/** SERVER_SOFTWARE without and with mod_ssl loaded (Debian 12's Apache, OpenSSL and Python). */
const SERVER_SOFTWARE: Record<ModWsgiVersion, readonly [string, string]> = {
  "4.9": [serverSoftware("4.9", false), serverSoftware("4.9", true)],
  "6.0": [serverSoftware("6.0", false), serverSoftware("6.0", true)],
};
function serverSoftware(version: ModWsgiVersion, modSsl: boolean): string {
  return `Apache/${APACHE_VERSION} (Debian)${modSsl ? " OpenSSL/3.0.19" : ""} mod_wsgi/${MODWSGI_RELEASE[version]} Python/3.11`;
}
/** `repr(mod_wsgi.version)` for each release: the tuple `(4, 9, 4)`. */
const MODWSGI_VERSION_REPR: Record<ModWsgiVersion, string> = { "4.9": "(4, 9, 4)", "6.0": "(6, 0, 5)" };

/** What the back-end Apache knows about the request when mod_wsgi builds the environ. */
export interface WsgiRequest {
  method: string;
  /** The request target exactly as sent (REQUEST_URI). */
  target: string;
  protocol: string;
  /** Merged request headers as Apache holds them. */
  headers: HeaderTable;
  /** The connection's peer address (REMOTE_ADDR before any rewriting). */
  peer: string;
  tls: boolean;
  /** Local address and port of the connection (SERVER_ADDR, mod_wsgi.listener_*). */
  local: { host: string; port: number };
  /** SERVER_NAME / SERVER_PORT / REQUEST_SCHEME as the Apache core computes them. */
  serverName: string;
  serverPort: number;
  requestScheme: string;
  /** The WSGIScriptAlias mount: SCRIPT_NAME, the script file and PATH_INFO (URL-decoded). */
  scriptName: string;
  scriptFilename: string;
  pathInfo: string;
  /** PATH_TRANSLATED when PATH_INFO is not empty (4.9 only). */
  pathTranslated: string | null;
  documentRoot: string;
  serverAdmin: string;
  /** The server hostname used in the default application group (ServerName's host). */
  serverHostname: string;
  processGroup: string;
  applicationGroup: string | null;
  passAuthorization: boolean;
  mapHeadToGet: "on" | "off" | "auto";
  /**
   * Whether a content filter is in the response's output chain (mod_headers' `Header`): WSGIMapHEADToGET
   * Auto then maps HEAD to GET. Defaults to false.
   */
  contentFilter?: boolean;
  /** The SNI name of the TLS connection; mod_ssl exports it as SSL_TLS_SNI. */
  sni?: string | null;
  /** True when mod_ssl is loaded (SERVER_SOFTWARE then names OpenSSL). */
  modSsl: boolean;
  /** Whether more than one process and more than one thread may run the application (wsgi.multiprocess / wsgi.multithread). */
  multiprocess: boolean;
  multithread: boolean;
}

export interface EnvironBuild {
  environ: Record<string, string>;
  /**
   * What trusted-proxy processing changed, by key: the value before it (null: absent) and after it (null:
   * removed), and wsgi.url_scheme when a scheme header moved it off the connection's scheme.
   */
  changes: Record<string, EnvironChange>;
  trusted: boolean;
  notes: string[];
  /** Header names mod_wsgi dropped because of their characters. */
  droppedHeaders: string[];
}

/**
 * The WSGIMapHEADToGET setting in effect for a request, merged as mod_wsgi merges it: the most specific
 * `<Directory>`/`<Location>` value, else the server-level value, else the default.
 *
 * mod_wsgi 4.9.4 never initialises the server-level field (it stays 0, Off), so when the directive is not
 * written anywhere the default is **Off**, not the documented Auto (mod_wsgi commit bf73aaf, "Fix
 * WSGIMapHEADToGET default to Auto when directive is omitted", first in 6.0.0). Checked on Apache 2.4.71 +
 * mod_wsgi 4.9.4: `Header set X 1` without WSGIMapHEADToGET leaves HEAD as HEAD; with `WSGIMapHEADToGET
 * Auto` it becomes GET. A `<VirtualHost>` that does not set it takes the main server's value (also checked:
 * `WSGIMapHEADToGET On` at top level maps HEAD in a virtual host), although that commit's message says 4.9.4
 * would give such a virtual host Off. 6.0: the default is Auto (read from source).
 */
export function mapHeadToGetSetting(layers: readonly ScopeLayer[], version: ModWsgiVersion): "on" | "off" | "auto" {
  const value = (kinds: ReadonlyArray<ScopeLayer["kind"]>): "on" | "off" | "auto" | null => {
    let found: "on" | "off" | "auto" | null = null;
    for (const l of layers) {
      if (!kinds.includes(l.kind)) continue;
      for (const d of directivesNamed(l.directives, "wsgimapheadtoget")) {
        const v = d.args[0]?.text.toLowerCase();
        if (v === "on" || v === "off" || v === "auto") found = v;
      }
    }
    return found;
  };
  const dir = value(["directory", "location"]);
  if (dir) return dir;
  return value(["vhost"]) ?? value(["main"]) ?? (version === "6.0" ? "auto" : "off");
}

/** CGI key for a request header name (`http2env`), or null when mod_wsgi drops the header (an empty name too). */
export function cgiKey(name: string): string | null {
  return name === "" ? null : http2env(name);
}

/**
 * Builds the environ the WSGI application receives.
 * `trust` is the effective WSGITrustedProxies/WSGITrustedProxyHeaders configuration for the request.
 */
export function buildEnviron(req: WsgiRequest, trust: TrustConfig, version: ModWsgiVersion): EnvironBuild {
  // A dictionary from the start (no prototype, so no inherited keys either): an environ gets forty-odd keys,
  // the request headers' names vary from one request to the next, and V8 turns an ordinary object that grows
  // by computed keys into a dictionary anyway, copying it, once it holds a dozen. The CGI variables come
  // first, the request headers after them; Python's dict order is not modelled, and displays sort.
  const queryAt = req.target.indexOf("?");
  const collapse = (s: string) => (s.startsWith("/") && s.includes("//") ? s.replace(/\/{2,}/g, "/") : s);
  const env: Env = Object.create(null) as Env;
  env.SERVER_SOFTWARE = SERVER_SOFTWARE[version][req.modSsl ? 1 : 0];
  env.SERVER_NAME = req.serverName;
  env.SERVER_ADDR = req.local.host;
  env.SERVER_PORT = String(req.serverPort);
  env.REMOTE_ADDR = req.peer;
  env.DOCUMENT_ROOT = req.documentRoot;
  env.REQUEST_SCHEME = req.requestScheme;
  env.CONTEXT_PREFIX = "";
  env.CONTEXT_DOCUMENT_ROOT = req.documentRoot;
  env.SERVER_ADMIN = req.serverAdmin;
  env.SCRIPT_FILENAME = req.scriptFilename;
  env.SERVER_PROTOCOL = req.protocol;
  env.REQUEST_METHOD = req.method;
  env.QUERY_STRING = queryAt < 0 ? "" : req.target.slice(queryAt + 1);
  env.REQUEST_URI = req.target;
  env.SCRIPT_NAME = collapse(req.scriptName);
  env.PATH_INFO = collapse(req.pathInfo);
  env["mod_wsgi.script_name"] = env.SCRIPT_NAME;
  env["mod_wsgi.path_info"] = env.PATH_INFO;
  if (version === "4.9") {
    env.SERVER_SIGNATURE = "";
    env.GATEWAY_INTERFACE = "CGI/1.1";
    if (req.pathInfo !== "" && req.pathTranslated !== null) env.PATH_TRANSLATED = req.pathTranslated;
  }
  if (req.tls) env.HTTPS = "on";
  if (req.tls && req.sni) env.SSL_TLS_SNI = req.sni;

  const droppedHeaders: string[] = [];
  // The known headers the environ holds: of those, only these can be applied or removed below.
  const knownPresent: string[] = [];
  for (const h of req.headers) {
    const key = cgiKey(h.name);
    if (key === null) {
      droppedHeaders.push(h.name);
      continue;
    }
    if (key === "HTTP_CONTENT_TYPE") env.CONTENT_TYPE = h.value;
    else if (key === "HTTP_CONTENT_LENGTH") env.CONTENT_LENGTH = h.value;
    else if (key === "HTTP_PROXY") continue; // httpoxy: never exported
    else if (key === "HTTP_AUTHORIZATION" || key === "HTTP_PROXY_AUTHORIZATION") continue;
    else {
      env[key] = h.value;
      if (isKnownHeaderKey(key) && !knownPresent.includes(key)) knownPresent.push(key);
    }
  }
  if (req.passAuthorization) {
    const auth = req.headers.find((h) => h.name.toLowerCase() === "authorization");
    if (auth) env.HTTP_AUTHORIZATION = auth.value;
  }

  const notes: string[] = [];
  if (droppedHeaders.length) {
    notes.push(`headers dropped for characters other than letters, digits and "-": ${droppedHeaders.join(", ")}.`);
  }
  if (req.method === "HEAD" && req.mapHeadToGet === "on") {
    env.REQUEST_METHOD = "GET";
    notes.push("WSGIMapHEADToGET On: REQUEST_METHOD HEAD → GET.");
  } else if (req.method === "HEAD" && req.mapHeadToGet === "auto" && req.contentFilter) {
    env.REQUEST_METHOD = "GET";
    notes.push("WSGIMapHEADToGET Auto and a content filter in the output chain (mod_headers' Header): REQUEST_METHOD HEAD → GET.");
  }

  // Proxy processing rewrites the environ in place; what it can touch is kept first, to say what changed:
  // nothing without WSGITrustedProxyHeaders, else the values it rewrites and the known headers present.
  const touchable = trust.headers === null ? [] : PROXY_REWRITTEN_KEYS.filter((k) => !isKnownHeaderKey(k) || knownPresent.includes(k));
  const before = touchable.map((k) => env[k]);
  const processed = applyProxyHeaders(env, trust, version, notes);
  const out = env;

  if (req.tls) {
    if (version === "4.9") {
      if (out.HTTPS !== "1" && out.HTTPS !== "on") notes.push("the connection is TLS: mod_wsgi 4.9 sets HTTPS after the proxy headers, so the scheme is https whatever they said.");
      out.HTTPS = "1";
    } else if (!processed.schemeApplied) out.HTTPS = "1";
  }
  out["mod_wsgi.process_group"] = req.processGroup;
  out["mod_wsgi.application_group"] =
    req.applicationGroup ??
    (req.serverPort !== 80 && req.serverPort !== 443
      ? `${req.serverHostname}:${req.serverPort}|${out["mod_wsgi.script_name"]}`
      : `${req.serverHostname}|${out["mod_wsgi.script_name"]}`);
  out["mod_wsgi.callable_object"] = "application";
  out["mod_wsgi.request_handler"] = "wsgi-script";
  out["mod_wsgi.handler_script"] = "";
  out["mod_wsgi.script_reloading"] = "1";
  out["mod_wsgi.listener_host"] = req.local.host;
  out["mod_wsgi.listener_port"] = String(req.local.port);
  out["mod_wsgi.enable_sendfile"] = "0";
  out["mod_wsgi.ignore_activity"] = "0";

  // Values that are Python objects, given as their repr. `apache.version` is the httpd version mod_wsgi
  // was compiled against (Debian 12's 4.9.4 build: 2.4.55), not the running one.
  out["apache.version"] = "(2, 4, 55)";
  out["mod_wsgi.version"] = MODWSGI_VERSION_REPR[version];
  out["wsgi.version"] = "(1, 0)";
  out["wsgi.run_once"] = "False";
  out["wsgi.input_terminated"] = "True";
  out["wsgi.multiprocess"] = req.multiprocess ? "True" : "False";
  out["wsgi.multithread"] = req.multithread ? "True" : "False";

  const https = out.HTTPS;
  out["wsgi.url_scheme"] = https !== undefined && (https.toLowerCase() === "on" || https === "1") ? "https" : "http";
  delete out.HTTPS;

  const changes: Record<string, EnvironChange> = {};
  touchable.forEach((k, i) => {
    const was = before[i] ?? null;
    const now = out[k] ?? null;
    // HTTPS is not a key of the final environ; wsgi.url_scheme below says what became of it.
    if (k !== "HTTPS" && was !== now) changes[k] = { before: was, after: now, step: "mod_wsgi.trusted-proxies" };
  });
  const scheme = req.tls ? "https" : "http";
  if (out["wsgi.url_scheme"] !== scheme) changes["wsgi.url_scheme"] = { before: scheme, after: out["wsgi.url_scheme"], step: "mod_wsgi.url-scheme" };
  return { environ: out, changes, trusted: processed.trusted, notes, droppedHeaders };
}
