/**
 * `wsgiproxy.middleware.WSGIProxyMiddleware` (Paste; Ian Bicking) wrapped around the back end's application:
 * it rewrites the environ mod_wsgi built from what WSGIProxyApp (or anyone) sent, then from its own settings.
 * The back end's `middleware` field holds the Python call a reader writes in the `.wsgi` file:
 *
 *   WSGIProxyMiddleware(app, trust_ips=['10.0.0.1'], prefix='/app')
 *
 * Steps, in the code's order, each traced: the protocol version; signing (secret_file); trust (trust_ips);
 * X-Forwarded-Server, X-Forwarded-Scheme, X-Forwarded-For; X-Traversal-Path; X-Script-Name (and, in the
 * documented behaviour, X-Forwarded-Script-Name); the X-WSGIProxy-Host/-Script-Name/-Path-Info/-Query-String/
 * -Wsgi-Url-Scheme overrides; the X-WSGIProxy-<Kind>-N keys; then the configured prefix, pop_prefix, scheme,
 * host, port and domain.
 *
 * Sources: [DOC] the WSGIProxyMiddleware docstring (each option's meaning) and WSGIProxy's documentation
 * ("The Middleware", "Signing Requests"); [RUN] `proxies-and-frameworks.md` §2.1 and §2.4 and §12 examples 5–10,
 * which record the code run under Python 2.7.18: PyPI's 0.2.2 ("released") and the repository's last commit
 * d43d048 ("unreleased"). Where they differ from [DOC] the trace names both. The middleware is Python 2 code
 * (cPickle, urllib.unquote, basestring): it does not import under the Python 3 of the mod_wsgi modelled
 * elsewhere in this engine, so this module shows what it does under a Python 2 mod_wsgi. Nothing here is
 * checked on a real server.
 *
 * An exception inside the middleware ends the request: mod_wsgi logs it and Apache answers 500 (the
 * application is not called). A response the middleware sends itself (paste's 400 Bad Request) replaces the
 * application's.
 */
import type { Diagnostic, EnvironChange, HttpResponse, WsgiProxyBehaviour } from "../types.ts";
import type { HopContext } from "../http/hop.ts";
import { errorResponse } from "../apache/errorDocuments.ts";
import { bindArguments, parsePythonCall, pyRepr, type Span } from "./pythonCall.ts";
import { decodeKeyHeader, KEY_KINDS } from "./keys.ts";
import { BEHAVIOUR_LABEL, PROTOCOL_VERSION } from "./app.ts";

/** WSGIProxyMiddleware's settings as its constructor keeps them (prefix and pop_prefix without trailing `/`, scheme lower case). */
export interface MiddlewareConfig {
  secretFile: string | null;
  trustIps: string[] | null;
  prefix: string | null;
  popPrefix: string | null;
  scheme: string | null;
  host: string | null;
  domain: string | null;
  port: string | null;
}

const PARAMS = ["application", "secret_file", "trust_ips", "prefix", "pop_prefix", "scheme", "host", "domain", "port"] as const;
const NAMES = new Set(["WSGIProxyMiddleware", "middleware.WSGIProxyMiddleware", "wsgiproxy.middleware.WSGIProxyMiddleware"]);

/**
 * Reads the back end's `middleware` text. Python syntax problems are `python-*` diagnostics; what the
 * constructor refuses when the `.wsgi` file is loaded (an unknown argument: TypeError; prefix with
 * pop_prefix, host without a port, host with port or domain: AssertionError) is an error at the token
 * (`wsgiproxy-argument-*`, `wsgiproxy-middleware-invalid`), and the back end then answers 500 to everything.
 * Returns null when the text gives no usable middleware. Never throws.
 */
export function parseMiddleware(text: string, source: string, diagnostics: Diagnostic[]): MiddlewareConfig | null {
  const parsed = parsePythonCall(text, source);
  diagnostics.push(...parsed.diagnostics);
  const v = parsed.value;
  if (!v) return null;
  const at = (s: Span, code: Diagnostic["code"], message: string) => diagnostics.push({ severity: "error", code, source, ...s, message });
  if (v.kind !== "call" || !NAMES.has(v.callee)) {
    at(v.kind === "call" ? v.calleeSpan : v.span, "wsgiproxy-callee-unknown", "The middleware setting is a WSGIProxyMiddleware call, e.g. WSGIProxyMiddleware(app, trust_ips=['10.0.0.1']).");
    return null;
  }
  const bound = bindArguments(v, PARAMS, "WSGIProxyMiddleware", at);
  const given = bound.given;
  let ok = bound.ok;
  if (!given.has("application")) {
    at(v.span, "wsgiproxy-argument-missing", "WSGIProxyMiddleware wraps an application: its first argument, e.g. WSGIProxyMiddleware(app, …).");
    ok = false;
  }
  const text_ = (name: string): string | null => {
    const g = given.get(name);
    if (!g || g.value.kind === "none") return null;
    if (g.value.kind === "str") return g.value.value;
    if (name === "port" && g.value.kind === "int") return g.value.value.toString();
    at(g.span, "wsgiproxy-argument-type", `${name} is ${pyRepr(g.value).slice(0, 40)}; it is a string${name === "port" ? " or a number" : ""}.`);
    ok = false;
    return null;
  };
  let trustIps: string[] | null = null;
  const t = given.get("trust_ips");
  if (t && t.value.kind !== "none") {
    if (t.value.kind === "str") trustIps = [t.value.value];
    else if (t.value.kind === "list" || t.value.kind === "tuple") {
      trustIps = [];
      for (const item of t.value.items) {
        if (item.kind === "str") trustIps.push(item.value);
        else {
          at(item.span, "wsgiproxy-argument-type", `${pyRepr(item).slice(0, 40)} is not an address string; trust_ips compares REMOTE_ADDR with each entry as a string.`);
          ok = false;
        }
      }
      for (const item of t.value.items) {
        if (item.kind === "str" && item.value.includes("/")) diagnostics.push({ severity: "warning", code: "wsgiproxy-trust-ips-cidr", source, ...item.span, message: `${JSON.stringify(item.value)} is a network, but trust_ips matches REMOTE_ADDR as an exact string: no address ever equals it.` });
      }
    } else {
      at(t.span, "wsgiproxy-argument-type", "trust_ips is an address string or a list of them, e.g. trust_ips=['10.0.0.1'].");
      ok = false;
    }
  }
  const config: MiddlewareConfig = {
    secretFile: text_("secret_file"),
    trustIps,
    prefix: text_("prefix")?.replace(/\/+$/, "") ?? null,
    popPrefix: text_("pop_prefix")?.replace(/\/+$/, "") ?? null,
    scheme: text_("scheme")?.toLowerCase() ?? null,
    host: text_("host"),
    domain: text_("domain"),
    port: text_("port"),
  };
  const assertion = (name: string, message: string) => {
    const g = given.get(name)!;
    at(g.nameSpan, "wsgiproxy-middleware-invalid", `${message} (the constructor's assert fails when the .wsgi file is loaded: AssertionError, and every request gets a 500).`);
    ok = false;
  };
  if (config.prefix !== null && config.popPrefix !== null) assertion("pop_prefix", "prefix and pop_prefix cannot both be given");
  if (config.host !== null) {
    if (!config.host.includes(":")) assertion("host", `host ${JSON.stringify(config.host)} must include the port, e.g. 'example.com:80' (use domain otherwise)`);
    if (config.port !== null) assertion("port", "host and port cannot both be given");
    if (config.domain !== null) assertion("domain", "host and domain cannot both be given");
  }
  return ok ? config : null;
}

/** What the middleware did: the environ the application gets, what changed and by which step, or its own answer. */
export interface MiddlewareOutcome {
  /** The environ after the middleware, or null when the application is not called. */
  environ: Record<string, string> | null;
  changes: Record<string, EnvironChange>;
  /** Set when the middleware answers instead of the application (an exception's 500, a 400 it sends). */
  response?: HttpResponse;
}

/**
 * Applies the back end's `middleware` setting (undefined: none) to the environ mod_wsgi built, under the
 * scenario's WSGIProxy behaviour (`ctx.wsgiproxy`, default "released"). Writes trace entries for hop `hop`
 * and diagnostics into `ctx`. Never throws.
 */
export function applyMiddleware(ctx: HopContext, text: string | undefined, environ: Record<string, string>, hop: number): MiddlewareOutcome {
  if (text === undefined || text.trim() === "") return { environ, changes: {} };
  const behaviour: WsgiProxyBehaviour = ctx.wsgiproxy ?? "released";
  const note = (step: string, message: string) => ctx.trace.push({ step, message, hop });
  const config = parseMiddleware(text, "backend.middleware", ctx.diagnostics);
  if (!config) {
    note("wsgiproxy.middleware", "the .wsgi file cannot be loaded with this middleware setting: mod_wsgi answers 500 Internal Server Error to every request.");
    return { environ: null, changes: {}, response: errorResponse(500) };
  }
  return runMiddleware(environ, config, behaviour, note);
}

/**
 * The middleware's steps on `input` (see the module comment), with `note(step, message)` called for each.
 * Pure apart from `note`. Never throws.
 */
export function runMiddleware(input: Record<string, string>, config: MiddlewareConfig, behaviour: WsgiProxyBehaviour, note: (step: string, message: string) => void): MiddlewareOutcome {
  // Object.assign, not a spread: V8 extends a spread copy of a big object slowly.
  const env: Record<string, string> = Object.assign({}, input);
  const changes: Record<string, EnvironChange> = {};
  const set = (key: string, value: string | null, step: string) => {
    const before = key in changes ? changes[key]!.before : (input[key] ?? null);
    if (value === null) delete env[key];
    else env[key] = value;
    const after = value;
    if (before === after) delete changes[key];
    else changes[key] = { before, after, step };
  };
  const pop = (key: string, step: string): string | undefined => {
    const v = env[key];
    if (v !== undefined) set(key, null, step);
    return v;
  };
  const crash = (step: string, what: string): MiddlewareOutcome => {
    note(step, `${what}: the exception ends the request; mod_wsgi logs it and Apache answers 500 Internal Server Error. The application is not called.`);
    return { environ: null, changes, response: errorResponse(500) };
  };
  const released = behaviour === "released";
  const documented = behaviour === "documented";
  note("wsgiproxy.behaviour", `${BEHAVIOUR_LABEL[behaviour]} is shown for WSGIProxyMiddleware. It is Python 2 code: it does not import under the Python 3 the rest of this back end models, so this is what it does under a Python 2 mod_wsgi.`);

  // A1. The protocol version.
  const version = pop("HTTP_X_WSGIPROXY_VERSION", "wsgiproxy.middleware.version");
  if (version !== undefined && version !== PROTOCOL_VERSION) return crash("wsgiproxy.middleware.version", `X-WSGIProxy-Version is ${JSON.stringify(version)}, not ${PROTOCOL_VERSION}: an assert fails (AssertionError)`);
  if (version !== undefined) note("wsgiproxy.middleware.version", `X-WSGIProxy-Version ${PROTOCOL_VERSION} is taken out of the environ.`);

  // A2–A3. Signing and trust.
  let secure = false;
  if (config.secretFile !== null) {
    if (!documented) return crash("wsgiproxy.middleware.sign", `secret_file=${JSON.stringify(config.secretFile)}: the middleware calls check_request, which it never imports (NameError), on every request`);
    if (env.HTTP_X_WSGIPROXY_SIGNATURE === undefined || env.HTTP_DATE === undefined) {
      return crash("wsgiproxy.middleware.sign", `secret_file=${JSON.stringify(config.secretFile)}: the request carries no X-WSGIProxy-Signature${env.HTTP_DATE === undefined ? " and no Date" : ""}, so the documented check refuses it (the code intends to raise BadSignatureError; the documentation names no status)`);
    }
    secure = true;
    note("wsgiproxy.middleware.sign", `secret_file=${JSON.stringify(config.secretFile)}: the request is signed (X-WSGIProxy-Signature ${JSON.stringify(env.HTTP_X_WSGIPROXY_SIGNATURE)}), which the documentation says makes it trusted; this model takes both secret files to hold the same secret, since the scenario cannot hold them.`);
  }
  if (config.trustIps !== null) {
    if (released) return crash("wsgiproxy.middleware.trust", "trust_ips is set: WSGIProxy 0.2.2 reads a bare name trust_ips where it means self.trust_ips, which raises NameError on every request");
    const peer = env.REMOTE_ADDR ?? "";
    const hit = config.trustIps.includes(peer);
    if (hit) secure = true;
    note(
      "wsgiproxy.middleware.trust",
      `trust_ips ${JSON.stringify(config.trustIps)}: REMOTE_ADDR ${JSON.stringify(peer)} ${hit ? "is" : "is not"} in the list (an exact string comparison: no networks, no address forms)` +
        (documented ? `. The documentation offers trust_ips "instead of" signing, whose stated purpose is that requests from elsewhere cannot use these headers; the documented behaviour therefore honours them only from a trusted address` : `; in the code the result gates only pickle headers: every other header is honoured from anyone`) +
        ".",
    );
  }
  const gated = documented && (config.trustIps !== null || config.secretFile !== null) && !secure;
  if (gated) {
    note("wsgiproxy.middleware.trust", "the request is neither signed nor from a trusted address: its X-Forwarded-*, X-Traversal-Path, X-Script-Name and X-WSGIProxy-* headers are left as they are (our reading of the documentation, which does not say whether such a request is refused or its headers ignored).");
  } else {
    // A4–A6. The forwarded headers.
    const server = pop("HTTP_X_FORWARDED_SERVER", "wsgiproxy.middleware.x-forwarded-server");
    if (server !== undefined) {
      set("HTTP_HOST", server, "wsgiproxy.middleware.x-forwarded-server");
      note("wsgiproxy.middleware.x-forwarded-server", `X-Forwarded-Server ${JSON.stringify(server)} becomes HTTP_HOST; SERVER_NAME and SERVER_PORT keep the back end's values.`);
    }
    const scheme = pop("HTTP_X_FORWARDED_SCHEME", "wsgiproxy.middleware.x-forwarded-scheme");
    if (scheme !== undefined) {
      set("wsgi.url_scheme", scheme, "wsgiproxy.middleware.x-forwarded-scheme");
      note("wsgiproxy.middleware.x-forwarded-scheme", `X-Forwarded-Scheme ${JSON.stringify(scheme)} becomes wsgi.url_scheme as it is (not checked).`);
    }
    const xff = pop("HTTP_X_FORWARDED_FOR", "wsgiproxy.middleware.x-forwarded-for");
    if (xff !== undefined) {
      const first = xff.split(",")[0]!.trim();
      const value = documented ? first : xff;
      set("REMOTE_ADDR", value, "wsgiproxy.middleware.x-forwarded-for");
      note(
        "wsgiproxy.middleware.x-forwarded-for",
        `X-Forwarded-For ${JSON.stringify(xff)}: REMOTE_ADDR becomes ${JSON.stringify(value)}` +
          (xff.includes(",")
            ? documented
              ? " (the documentation says the header holds the address the request originally came from, so the documented behaviour takes the first address of the list)"
              : " — the whole header, commas and all: the code does not split the list (seen when the code was run)"
            : "") +
          ".",
      );
    }
    // A7. X-Traversal-Path (kept in the environ).
    let scriptName = env.SCRIPT_NAME ?? "";
    let pathInfo = env.PATH_INFO ?? "";
    const badRequest = (step: string, why: string): MiddlewareOutcome | "continue" => {
      if (released) return crash(step, `${why}; WSGIProxy 0.2.2 builds its 400 answer with a start_response it does not have (NameError)`);
      if (documented) {
        note(step, `${why}: the middleware answers 400 Bad Request and the application is not called (the code's intent).`);
        return { environ: null, changes, response: { status: 400, headers: { "Content-Type": "text/html; charset=utf8" } } };
      }
      note(step, `${why}: the middleware calls start_response with 400 Bad Request and ignores what that returns, so the request goes on and the application is called with the path unchanged; mod_wsgi lets the application's own start_response replace the 400 before any body is written, so the client gets the application's answer (seen when the code was run).`);
      return "continue";
    };
    const traversal = env.HTTP_X_TRAVERSAL_PATH;
    if (traversal !== undefined) {
      const tp = traversal.replace(/\/+$/, "");
      if (tp === pathInfo) {
        pathInfo = "";
        note("wsgiproxy.middleware.x-traversal-path", `X-Traversal-Path ${JSON.stringify(traversal)} is the whole PATH_INFO, which becomes "" (the traversal part is removed, not moved into SCRIPT_NAME).`);
      } else if (pathInfo.startsWith(tp + "/")) {
        pathInfo = pathInfo.slice(tp.length);
        note("wsgiproxy.middleware.x-traversal-path", `X-Traversal-Path ${JSON.stringify(traversal)} is removed from the front of PATH_INFO (not moved into SCRIPT_NAME): the application never sees the part of the path only the proxy's href added.`);
      } else {
        const out = badRequest("wsgiproxy.middleware.x-traversal-path", `X-Traversal-Path ${JSON.stringify(traversal)} does not start PATH_INFO ${JSON.stringify(pathInfo)}${!traversal.startsWith("/") && pathInfo.startsWith("/" + tp) ? " — WSGIProxyApp sends it without its leading /, so a WSGIProxyApp and a WSGIProxyMiddleware never agree here" : ""}`);
        if (out !== "continue") return out;
      }
    }
    // A8. X-Script-Name, and the App's X-Forwarded-Script-Name.
    const xsn = pop("HTTP_X_SCRIPT_NAME", "wsgiproxy.middleware.x-script-name");
    if (xsn !== undefined) {
      const add = xsn.replace(/\/+$/, "");
      if (!add.startsWith("/")) {
        const out = badRequest("wsgiproxy.middleware.x-script-name", `X-Script-Name ${JSON.stringify(xsn)} does not start with /`);
        if (out !== "continue") return out;
      } else {
        note("wsgiproxy.middleware.x-script-name", `X-Script-Name ${JSON.stringify(xsn)} is put in front of SCRIPT_NAME: ${JSON.stringify(add + scriptName)}.`);
        scriptName = add + scriptName;
      }
    }
    const xfsn = env.HTTP_X_FORWARDED_SCRIPT_NAME;
    if (xfsn !== undefined) {
      if (documented) {
        set("HTTP_X_FORWARDED_SCRIPT_NAME", null, "wsgiproxy.middleware.x-forwarded-script-name");
        const add = xfsn.replace(/\/+$/, "");
        note("wsgiproxy.middleware.x-forwarded-script-name", `X-Forwarded-Script-Name ${JSON.stringify(xfsn)} is put in front of SCRIPT_NAME: ${JSON.stringify(add + scriptName)} (the documentation says the middleware reads every header WSGIProxyApp sets, and this is the one carrying SCRIPT_NAME).`);
        scriptName = add + scriptName;
      } else {
        note("wsgiproxy.middleware.x-forwarded-script-name", `X-Forwarded-Script-Name ${JSON.stringify(xfsn)} is ignored: the middleware reads the older name X-Script-Name, while WSGIProxyApp has sent X-Forwarded-Script-Name since 2009 (seen when the code was run). The original mount point is lost.`);
      }
    }
    set("SCRIPT_NAME", scriptName, "wsgiproxy.middleware.script-name");
    set("PATH_INFO", pathInfo, "wsgiproxy.middleware.path-info");
    // A9. Direct overrides.
    const overrides: [string, string][] = [
      ["HTTP_X_WSGIPROXY_HOST", "HTTP_HOST"],
      ["HTTP_X_WSGIPROXY_SCRIPT_NAME", "SCRIPT_NAME"],
      ["HTTP_X_WSGIPROXY_PATH_INFO", "PATH_INFO"],
      ["HTTP_X_WSGIPROXY_QUERY_STRING", "QUERY_STRING"],
      ["HTTP_X_WSGIPROXY_WSGI_URL_SCHEME", "wsgi.url_scheme"],
    ];
    for (const [header, key] of overrides) {
      const v = pop(header, "wsgiproxy.middleware.overrides");
      if (v === undefined) continue;
      set(key, v, "wsgiproxy.middleware.overrides");
      note("wsgiproxy.middleware.overrides", `${header.slice(5).replace(/_/g, "-")} ${JSON.stringify(v)} sets ${key}${documented ? "" : ", from any client: these overrides are not gated by trust_ips (seen when the code was run)"}.`);
    }
    // A10. The key headers.
    for (const kind of KEY_KINDS) {
      const prefix = `HTTP_X_WSGIPROXY_${kind.toUpperCase()}`;
      for (const header of Object.keys(env).filter((k) => k.startsWith(prefix)).sort()) {
        const step = "wsgiproxy.middleware.keys";
        if (kind === "Pickle" && !secure) return crash(step, `${header} is a pickle from a peer that is neither signed nor in trust_ips: the middleware refuses it with a bare assert (AssertionError)`);
        const d = decodeKeyHeader(kind, env[header]!);
        if (!d.ok) return crash(step, `${header}: ${d.exception}`);
        if (!(d.key in env) && !documented) {
          return crash(step, `${header} names ${d.key}, which is not in the environ yet: the middleware adds it while iterating over the environ, and Python stops the loop with RuntimeError (dictionary changed size during iteration; seen when the code was run)`);
        }
        set(d.key, d.value, step);
        note(step, `${header}: ${d.key} = ${JSON.stringify(d.value)}${d.b64 ? " (base64-decoded)" : ""}${d.note ? `; ${d.note}` : ""}${kind === "Pickle" ? "; pickle is accepted because the request is trusted" : ""}.`);
      }
    }
  }

  // B. Configured overrides.
  if (config.prefix !== null) {
    set("SCRIPT_NAME", config.prefix, "wsgiproxy.middleware.prefix");
    note("wsgiproxy.middleware.prefix", `prefix ${JSON.stringify(config.prefix)} replaces SCRIPT_NAME; PATH_INFO ${JSON.stringify(env.PATH_INFO ?? "")} stays as it is (the documentation's example: /foo with prefix /bar gives SCRIPT_NAME /bar and PATH_INFO /foo).`);
  } else if (config.popPrefix !== null) {
    const p = config.popPrefix;
    const pathInfo = env.PATH_INFO ?? "";
    const matches = p === pathInfo || pathInfo.startsWith(p + "/");
    if (!matches) {
      const why = `pop_prefix ${JSON.stringify(p)}: PATH_INFO ${JSON.stringify(pathInfo)} does not start with it`;
      if (released) return crash("wsgiproxy.middleware.pop-prefix", `${why}; WSGIProxy 0.2.2 raises its 400 through a misspelt module name (httpexception: NameError)`);
      note("wsgiproxy.middleware.pop-prefix", `${why}: the middleware answers 400 Bad Request and the application is not called.`);
      return { environ: null, changes, response: { status: 400, headers: { "Content-Type": "text/html; charset=utf8" } } };
    }
    if (documented) {
      const rest = pathInfo.slice(p.length);
      set("SCRIPT_NAME", (env.SCRIPT_NAME ?? "") + p, "wsgiproxy.middleware.pop-prefix");
      set("PATH_INFO", rest, "wsgiproxy.middleware.pop-prefix");
      note("wsgiproxy.middleware.pop-prefix", `pop_prefix ${JSON.stringify(p)} moves from PATH_INFO to the end of SCRIPT_NAME, as documented (/bar/foo with pop_prefix /bar gives SCRIPT_NAME /bar and PATH_INFO /foo).`);
    } else {
      note("wsgiproxy.middleware.pop-prefix", `pop_prefix ${JSON.stringify(p)} matches PATH_INFO, but the code computes the new SCRIPT_NAME and PATH_INFO in local variables and never writes them back: the environ is unchanged (seen when the code was run). The documentation promises the prefix moves into SCRIPT_NAME.`);
    }
  }
  if (config.scheme !== null) {
    set("wsgi.url_scheme", config.scheme, "wsgiproxy.middleware.scheme");
    note("wsgiproxy.middleware.scheme", `scheme ${JSON.stringify(config.scheme)} sets wsgi.url_scheme.`);
  }
  if (config.host !== null) {
    const colon = config.host.indexOf(":");
    set("HTTP_HOST", config.host, "wsgiproxy.middleware.host");
    set("SERVER_NAME", config.host.slice(0, colon), "wsgiproxy.middleware.host");
    set("SERVER_PORT", config.host.slice(colon + 1), "wsgiproxy.middleware.host");
    note("wsgiproxy.middleware.host", `host ${JSON.stringify(config.host)} sets HTTP_HOST, SERVER_NAME and SERVER_PORT.`);
  }
  if (config.port !== null) {
    set("SERVER_PORT", config.port, "wsgiproxy.middleware.port");
    if (config.domain === null) {
      if (!documented) return crash("wsgiproxy.middleware.port", `port ${JSON.stringify(config.port)} without domain: the HTTP_HOST rewrite adds a string to the list split() returns (TypeError; seen when the code was run)`);
      const host = `${(env.HTTP_HOST ?? "").split(":")[0]}:${config.port}`;
      set("HTTP_HOST", host, "wsgiproxy.middleware.port");
      note("wsgiproxy.middleware.port", `port ${JSON.stringify(config.port)} sets SERVER_PORT and the port part of HTTP_HOST: ${JSON.stringify(host)}, as documented.`);
    } else note("wsgiproxy.middleware.port", `port ${JSON.stringify(config.port)} sets SERVER_PORT.`);
  }
  if (config.domain !== null) {
    const host = `${config.domain}:${env.SERVER_PORT ?? ""}`;
    set("HTTP_HOST", host, "wsgiproxy.middleware.domain");
    set("SERVER_NAME", config.domain, "wsgiproxy.middleware.domain");
    note("wsgiproxy.middleware.domain", `domain ${JSON.stringify(config.domain)} sets SERVER_NAME and HTTP_HOST ${JSON.stringify(host)}: always with SERVER_PORT after it, even 80 or 443.`);
  }
  return { environ: env, changes };
}
