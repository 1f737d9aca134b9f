/**
 * The Apache server `mod_wsgi-express start-server` starts, as one hop of a scenario: the command line is parsed
 * (commandLine.ts) and turned into the configuration express writes (generate.ts); a request is then routed
 * through that configuration — virtual host by Host (the `_default_` deny vhost answers 403), the `www.`
 * parent-domain 301, the `--https-only` 302, a `--proxy-virtual-host`, a `--proxy-mount-point` (its bare-prefix
 * 302, or the proxied request) — or reaches the application behind express's handler (modwsgi-behaviour.md §4.3,
 * §4.4, §2.6). `--error-document` pages and `--url-alias` directories are served as Apache serves them.
 *
 * The same server is a back end (backend.ts) or a front end in `proxies[]` (frontEnd.ts). Proxied requests are
 * built by the pipeline's Apache front-end model (mod_proxy, mod_headers) run on the generated text, with the
 * variables express's `RewriteRule … [E=…]` lines set (`SERVER_PORT`, `URL_SCHEME`).
 *
 * Versions: the 4.9 forms are checked on real Apache 2.4.71 + mod_wsgi 4.9.4 running the generated text with
 * express 4.9.4's handle_request (e2e/conformance/corpus/express/); the 6.0 forms are read from source only.
 */
import type { Diagnostic, EnvironChange, HttpResponse, ModWsgiVersion, Scenario, TraceEntry } from "../types.ts";
import type { HopOutcome, InFlight } from "../http/hop.ts";
import { originForm } from "../http/requestHead.ts";
import { errorResponse } from "../apache/errorDocuments.ts";
import { aliasMatches, escapePath } from "../apache/modAlias.ts";
import { wildcardMatch } from "../apache/server.ts";
import { splitHostPort } from "../net/address.ts";
import { parseExpressCommand, type ExpressOptions } from "./commandLine.ts";
import { generateExpressConfig, type ExpressConfig, type ExpressVhost } from "./generate.ts";

/** What the pipeline passes in: its trace and diagnostics, and the behaviour version. */
export interface ExpressContext {
  version: ModWsgiVersion;
  trace: TraceEntry[];
  diagnostics: Diagnostic[];
}

export interface BackendOutcome {
  response: HttpResponse;
  environ: Record<string, string> | null;
  changes?: Record<string, EnvironChange>;
}

/**
 * The pipeline's Apache + mod_wsgi back end, run on a scenario whose back-end config is the generated text;
 * `request` gives the method and target to use (an ErrorDocument's internal redirect changes both). `ctx` receives the
 * trace and diagnostics of that run.
 */
export type ApacheBackendRunner = (ctx: ExpressContext, scenario: Scenario, request?: { method: string; target: string }) => BackendOutcome;

/**
 * The pipeline's Apache front end (mod_proxy, mod_headers), run on `config` (the generated text). `fixupEnv`
 * gives the request-environment variables set before mod_headers runs (here: mod_rewrite's `E=` flags of
 * express's `<Location>` blocks), from the port `ap_get_server_port` gives the request. `ctx` receives the
 * trace and diagnostics of that run.
 */
export type ApacheProxyRunner = (ctx: ExpressContext, config: string, fixupEnv: (serverPort: number) => Record<string, string>) => HopOutcome;

/** The pipeline's hooks into its Apache models. */
export interface ApacheRunners {
  backend: ApacheBackendRunner;
  proxy: ApacheProxyRunner;
}

/** A started express server: its options, the generated configuration and the port the request arrived on. */
export interface ExpressServer {
  options: ExpressOptions;
  config: ExpressConfig;
  localPort: number;
  /** Where its command line is, e.g. "backend.config" or "proxies[0].config". */
  source: string;
  hop: number;
}

/** Where a request goes inside the server. */
export type ExpressRoute =
  | { kind: "respond"; response: HttpResponse }
  /** An error Apache itself produces (ErrorDocument applies). */
  | { kind: "error"; status: number }
  /** `hsts`: the HTTPS virtual host's `Header set Strict-Transport-Security`, which the proxied answer gets too. */
  | { kind: "proxy"; via: "mount-point" | "virtual-host"; from: string; url: string; token: { line: number; column: number; endLine: number; endColumn: number }; hsts?: string }
  | { kind: "application"; hsts?: string };

/** Raw path and query of a request target (origin or absolute form). */
function targetParts(target: string): { rawPath: string; query: string | null } {
  const rest = originForm(target);
  const qi = rest.indexOf("?");
  return { rawPath: qi < 0 ? rest : rest.slice(0, qi), query: qi < 0 ? null : rest.slice(qi + 1) };
}

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/%(?![0-9A-Fa-f]{2})/g, "%25"));
  } catch {
    return raw;
  }
}

/**
 * Parses the command line and generates its configuration. `listen` is the scenario's listen address for the
 * server (a warning at `listenSource` when it is neither express's port nor its HTTPS port). Returns null — after
 * a trace note that nothing listens — when the command line has errors (express or the Apache it starts exits).
 */
export function startExpress(ctx: ExpressContext, commandLine: string, listen: string, source: string, listenSource: string, hop: number): { server: ExpressServer | null; generated: string | null } {
  const parsed = parseExpressCommand(commandLine, ctx.version, source);
  ctx.diagnostics.push(...parsed.diagnostics);
  const o = parsed.options;
  const gen = generateExpressConfig(o, ctx.version, {}, source);
  ctx.diagnostics.push(...gen.diagnostics);
  const note = (step: string, message: string) => ctx.trace.push({ step: `mod_wsgi-express.${step}`, message, hop });
  // Every error stops express or its Apache, except a trusted header name with "_": Apache starts, and every request
  // then crashes its worker (the application model says so).
  if ([...parsed.diagnostics, ...gen.diagnostics].some((d) => d.severity === "error" && d.code !== "express-header-underscore")) {
    note("command-line", "the command line has errors: mod_wsgi-express (or the Apache it starts) exits, nothing listens and the connection is refused.");
    return { server: null, generated: parsed.tokens.length ? gen.text : null };
  }
  note("generate", `start-server writes an Apache configuration listening on ${gen.listens.join(" and ")}${o.serverName ? ` with virtual hosts for ${o.serverName.value}` : " with no virtual hosts (no --server-name)"}.`);
  const hp = splitHostPort(listen);
  let localPort = hp?.port ?? o.port;
  if (localPort !== o.port && localPort !== o.httpsPort) {
    ctx.diagnostics.push({ severity: "warning", code: "express-listen-mismatch", source: listenSource, line: 1, column: 1, message: `${listenSource} is ${listen}, but the command line listens on ${gen.listens.join(" and ")}; the request is taken as arriving on port ${o.port}.` });
    localPort = o.port;
  }
  return { server: { options: o, config: gen, localPort, source, hop }, generated: gen.text };
}

/** An answer of the server: the response and, when its application ran, the environ. */
export type Served = BackendOutcome & { kind: "respond" };

/**
 * What `ErrorDocument STATUS ARG` makes Apache answer for an error it produces itself (core `set_error_document`,
 * `ap_die`): an ARG with a blank is a message, sent as the page; one starting with "/" is a local path, to which the
 * request is redirected internally as a GET (`internal` serves it); a URL (`ap_is_url`) is a 302 to it; anything
 * else is a message too. No document: the stock page.
 *
 * The internal redirect, checked on Apache 2.4.71 + mod_wsgi 4.9.4: when the application answers it, its status
 * and body are sent and its environ has REDIRECT_URL (the first request's path), REDIRECT_STATUS,
 * REDIRECT_REQUEST_METHOD, REDIRECT_QUERY_STRING (when it had a query), an empty QUERY_STRING and the first
 * request's REQUEST_URI; a file served from disk keeps the error status; when it fails too, the stock page of
 * the first status says so ("Additionally, …").
 */
export function errorDocument(ctx: ExpressContext, server: ExpressServer, req: InFlight, status: number, internal: (path: string) => Served | { kind: "error"; status: number }): Served {
  const doc = server.options.errorDocuments.find((d) => Number(d.status) === status);
  const note = (message: string) => ctx.trace.push({ step: "mod_wsgi-express.error-document", message, hop: server.hop });
  if (!doc) return { kind: "respond", response: errorResponse(status), environ: null };
  const arg = doc.url;
  if (/\s/.test(arg) || (!arg.startsWith("/") && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(arg))) {
    note(`ErrorDocument ${status} '${arg}': a value that is not a path or URL is a message, sent as the ${status} page.`);
    return { kind: "respond", response: { status, headers: { "Content-Type": "text/html; charset=iso-8859-1" }, body: arg }, environ: null };
  }
  if (!arg.startsWith("/")) {
    note(`ErrorDocument ${status} ${arg}: a URL makes Apache answer 302 with that Location instead of ${status}.`);
    return { kind: "respond", response: errorResponse(302, arg), environ: null };
  }
  const out = internal(arg);
  if (out.kind === "error") {
    note(`ErrorDocument ${status} ${arg}: the internal redirect to ${arg} fails with ${out.status} too, so Apache sends its stock ${status} page, which says so.`);
    return { kind: "respond", response: errorResponse(status, undefined, out.status), environ: null };
  }
  if (!out.environ) {
    note(`ErrorDocument ${status} ${arg}: Apache redirects the request internally to ${arg}, served from disk with the status ${status} kept.`);
    return { ...out, response: { ...out.response, status } };
  }
  const env = out.environ;
  const { rawPath, query } = targetParts(req.target);
  env.REDIRECT_URL = decode(rawPath);
  env.REDIRECT_STATUS = String(status);
  env.REDIRECT_REQUEST_METHOD = req.method;
  if (query !== null) env.REDIRECT_QUERY_STRING = query;
  for (const se of server.options.setenv) env[`REDIRECT_${se.name}`] = se.value;
  env.REQUEST_URI = req.target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "") || "/";
  env.QUERY_STRING = "";
  note(`ErrorDocument ${status} ${arg}: Apache redirects the request internally (as GET) to ${arg}; the application answers it with ${out.response.status}, which is sent, and sees REDIRECT_URL ${env.REDIRECT_URL} and REDIRECT_STATUS ${status}.`);
  return out;
}

/**
 * Serves a request the route does not send onward: a redirect, an error (through `--error-document`) or the
 * application. `depth` 1 is an ErrorDocument's internal redirect, whose own errors are not redirected again.
 */
export function serveRequest(ctx: ExpressContext, server: ExpressServer, scenario: Scenario, listen: string, req: InFlight, route: ExpressRoute, runners: ApacheRunners, depth = 0): Served | { kind: "error"; status: number } | Extract<ExpressRoute, { kind: "proxy" }> {
  if (route.kind === "proxy") return route;
  if (route.kind === "respond") return { kind: "respond", response: route.response, environ: null };
  const answer = route.kind === "error" ? { kind: "error" as const, status: route.status } : runApplication(ctx, server, scenario, listen, req, route, runners.backend);
  if (answer.kind !== "error") return answer;
  if (depth > 0) return answer;
  return errorDocument(ctx, server, req, answer.status, (path) => {
    const again: InFlight = { ...req, method: "GET", target: path };
    const served = serveRequest(ctx, server, scenario, listen, again, routeRequest(ctx, server, again), runners, depth + 1);
    if (served.kind === "proxy") {
      ctx.trace.push({ step: "mod_wsgi-express.error-document", message: `the error document ${path} is under a proxy rule; what the next server answers is not modelled here.`, hop: server.hop });
      return { kind: "error", status: 502 };
    }
    return served;
  });
}

/**
 * Routes a request through the generated configuration: which virtual host takes it, and whether a redirect,
 * the `_default_` 403, a proxy rule or the application answers. Pure apart from trace notes.
 */
export function routeRequest(ctx: ExpressContext, server: ExpressServer, req: InFlight): ExpressRoute {
  const { options: o, config: gen, localPort } = server;
  const note = (step: string, message: string) => ctx.trace.push({ step: `mod_wsgi-express.${step}`, message, hop: server.hop });
  const hostHeader = req.fields.find((f) => f.name.toLowerCase() === "host")?.value.trim();
  const hostName = hostHeader === undefined ? null : hostHeader.replace(/:\d*$/, "").replace(/\.$/, "").toLowerCase();
  const { rawPath, query } = targetParts(req.target);
  const path = decode(rawPath);
  const qs = query !== null && query !== "" ? `?${query}` : "";

  // Virtual hosts on this port: express's section, then --proxy-virtual-host ones; the first is the default.
  const onPort: Array<ExpressVhost | { role: "proxy-vhost"; serverName: string; aliases: string[]; url: string; token: ExpressOptions["proxyVirtualHosts"][number]["urlToken"] }> = [
    ...gen.vhosts.filter((v) => v.port === localPort),
    ...(localPort === o.port ? o.proxyVirtualHosts.map((p) => ({ role: "proxy-vhost" as const, serverName: p.host, aliases: [] as string[], url: p.url, token: p.urlToken })) : []),
  ];
  let chosen: (typeof onPort)[number] | null = null;
  if (onPort.length) {
    chosen = (hostName !== null ? onPort.find((v) => (v.serverName !== null && v.serverName.toLowerCase() === hostName) || v.aliases.some((a) => wildcardMatch(a, hostName))) : undefined) ?? onPort[0]!;
    const label = chosen.role === "default-open" ? `the empty _default_:${localPort} virtual host (no --server-name), which serves the application` : chosen.role === "default-deny" ? `the _default_:${localPort} virtual host (no ServerName or ServerAlias matches ${JSON.stringify(hostName ?? "")})` : `the virtual host for ${chosen.serverName}`;
    note("virtual-host", `Host ${JSON.stringify(hostHeader ?? "")} on port ${localPort} selects ${label}.`);
  } else {
    note("virtual-host", `no virtual hosts on port ${localPort}: the main server (ServerName ${o.host ?? "localhost"}) takes every Host.`);
  }

  if (chosen?.role === "default-deny") {
    const localOk = ctx.version === "6.0" && o.allowLocalhost && (req.peer === "127.0.0.1" || req.peer === "::1");
    if (!localOk) {
      note(
        "default-deny",
        ctx.version === "4.9" && o.allowLocalhost
          ? "<Location /> has \"Require all denied\" and \"Allow from localhost\": on Apache 2.4 the Require wins, so --allow-localhost has no effect in 4.9.4 and the answer is 403."
          : "<Location /> has \"Require all denied\": 403 for every request whose Host names no configured server.",
      );
      return { kind: "error", status: 403 };
    }
    note("default-deny", `--allow-localhost: "Require host localhost" admits peer ${req.peer} (its reverse DNS name is localhost).`);
  }
  if (chosen?.role === "proxy-vhost") {
    note("proxy-virtual-host", `<VirtualHost *:${o.port}> ServerName ${chosen.serverName}: ProxyPass / ${chosen.url} takes every path.`);
    return { kind: "proxy", via: "virtual-host", from: "/", url: chosen.url, token: chosen.token };
  }
  if (chosen && "redirect" in chosen && chosen.redirect) {
    const r = chosen.redirect;
    const location = `${r.base}${escapePath(path)}${qs}`;
    note(r.kind === "mod_alias" ? "www-redirect" : "https-only", r.kind === "mod_alias" ? `Redirect permanent / ${r.base}/: ${r.status} to ${location}.` : `--https-only: RewriteCond %{HTTPS} off, RewriteRule (.*) ${r.base}%{REQUEST_URI}: ${r.status} to ${location} (the query string is kept).`);
    return { kind: "respond", response: errorResponse(r.status, location) };
  }

  for (const pm of o.proxyMountPoints) {
    const prefix = pm.mount.replace(/\/+$/, "");
    const slash = pm.mount.endsWith("/");
    if ((ctx.version === "6.0" || !slash) && new RegExp(`^${prefix}$`).test(path)) {
      const location = `http://${hostHeader ?? ""}${escapePath(path)}/${qs}`;
      if (ctx.version === "4.9" && !`${gen.documentRoot}${path}`.includes("-")) {
        // 4.9.4 writes the rule's pattern as "-": per-directory mod_rewrite matches it against the file name the
        // request maps to (document root + path), which usually has a "-" (/tmp/mod_wsgi-…).
        note("proxy-mount-point", `<LocationMatch '^${prefix}$'> has 4.9.4's "RewriteRule - …": its pattern "-" does not match the file name ${gen.documentRoot}${path}, so there is no redirect and Apache looks for that file: 404.`);
        return { kind: "error", status: 404 };
      }
      note("proxy-mount-point", `<LocationMatch '^${prefix}$'> redirects the bare prefix: 302 to ${location} (scheme always http).`);
      return { kind: "respond", response: errorResponse(302, location) };
    }
    const m = slash ? pm.mount : `${pm.mount}/`;
    if (path.startsWith(m)) {
      note("proxy-mount-point", `ProxyPass ${m} takes ${path}.`);
      const hsts = chosen && "hsts" in chosen ? chosen.hsts : undefined;
      return { kind: "proxy", via: "mount-point", from: m, url: pm.url, token: pm.urlToken, ...(hsts !== undefined ? { hsts } : {}) };
    }
  }
  const hsts = chosen && "hsts" in chosen ? chosen.hsts : undefined;
  return { kind: "application", ...(hsts !== undefined ? { hsts } : {}) };
}

/**
 * SCRIPT_NAME/PATH_INFO from Apache's directory walk of `path` under express's document root, which holds only the
 * mount point's directories: the first segment that is not one of them ends SCRIPT_NAME. "/" (the docroot) and a
 * path that is all existing directories are SCRIPT_NAME entirely. Checked on Apache 2.4.71 + mod_wsgi 4.9.4.
 */
export function walkDocumentRoot(path: string, mountPoint: string): { scriptName: string; pathInfo: string } {
  if (path === "/" || path === "") return { scriptName: path || "/", pathInfo: "" };
  const dirs = new Set<string>();
  let acc = "";
  for (const seg of mountPoint.split("/").filter(Boolean)) dirs.add((acc += "/" + seg));
  const segs = path.split("/").slice(1);
  let cur = "";
  for (let i = 0; i < segs.length; i += 1) {
    const candidate = `${cur}/${segs[i]}`;
    if (dirs.has(candidate) && i < segs.length - 1) {
      cur = candidate;
      continue;
    }
    return { scriptName: candidate, pathInfo: i + 1 < segs.length ? "/" + segs.slice(i + 1).join("/") : "" };
  }
  return { scriptName: path, pathInfo: "" };
}

/**
 * The request at the application: Apache + mod_wsgi with the generated configuration (the pipeline's model; the
 * `--url-alias` directories are served from disk first, each holding an index.html like `backend.directories`),
 * then express's handler (SCRIPT_NAME/PATH_INFO, `--mount-point`, §2.6), SetEnv and PassEnv, and HSTS.
 * `listen` is this server's listen address.
 */
export function runApplication(ctx: ExpressContext, server: ExpressServer, scenario: Scenario, listen: string, req: InFlight, route: { hsts?: string }, runApache: ApacheBackendRunner): Served | { kind: "error"; status: number } {
  const { options: o, config: gen } = server;
  const note = (step: string, message: string) => ctx.trace.push({ step: `mod_wsgi-express.${step}`, message, hop: server.hop });
  const aliases = o.urlAliases.map((a) => a.url);
  const directories = [...aliases, ...(scenario.backend.directories ?? [])];
  if (aliases.length) note("url-alias", `Alias ${aliases.join(", ")}: those paths are served from their directories on disk (each holding an index.html), not by the application.`);
  // The handler rule sits in <Directory DOCROOT+MOUNT>: a path outside that directory (and not under an alias) is
  // looked up as a file of the document root, which holds only the mount point's directories. Checked on Apache
  // 2.4.71 + mod_wsgi 4.9.4: with --mount-point /app, "/" and "/application/x" are 404.
  const path = decode(targetParts(req.target).rawPath);
  const mountDir = o.mountPoint.replace(/\/+$/, "");
  if (mountDir !== "" && path !== mountDir && !path.startsWith(`${mountDir}/`) && !directories.some((d) => aliasMatches(path, d) > 0)) {
    note("mount-point", `${path} is outside ${mountDir}, the only directory whose rule hands requests to the application: Apache looks for the file ${gen.documentRoot}${path}, which does not exist: 404.`);
    return { kind: "error", status: 404 };
  }
  // The generated text is checked at the command line's tokens (generate.ts); the Apache model's own diagnostics
  // would point into the text, so only its trace is kept.
  const scratch: ExpressContext = { version: ctx.version, trace: ctx.trace, diagnostics: [] };
  const out = runApache(scratch, { ...scenario, backend: { ...scenario.backend, server: "apache", listen, config: gen.text, ...(directories.length ? { directories } : {}) } }, { method: req.method, target: req.target });
  // An error Apache produced before the application (a file missing under an alias, a bad request).
  if (out.environ === null && out.response.status >= 400) return { kind: "error", status: out.response.status };
  let response = out.response;
  if (route.hsts !== undefined) {
    response = { ...response, headers: { ...response.headers, "Strict-Transport-Security": route.hsts } };
    note("hsts", `Header set Strict-Transport-Security ${route.hsts} in the HTTPS virtual host.`);
  }
  const env = out.environ;
  if (!env) return { kind: "respond", ...out, response };
  const changes: Record<string, EnvironChange> = { ...(out.changes ?? {}) };
  const set = (key: string, value: string, step: string) => {
    const before = key in changes ? changes[key]!.before : (env[key] ?? null);
    if (env[key] === value) return;
    env[key] = value;
    changes[key] = { before, after: value, step };
  };
  for (const se of o.setenv) {
    if (se.name in env) note("setenv", `SetEnv ${se.name}: the CGI variable of the same name wins over it.`);
    else {
      env[se.name] = se.value;
      note("setenv", `SetEnv '${se.name}' '${se.value}' adds ${se.name} to the environ.`);
    }
  }
  for (const pe of o.passenv) note("passenv", `PassEnv '${pe}': the value comes from the environment mod_wsgi-express was started in, which the scenario does not describe; not added.`);
  const mount = o.mountPoint;
  // Apache's directory walk under the document root: express creates the docroot and the mount point's
  // directories (and nothing else), so the first path segment beyond them is the "file" and the rest PATH_INFO.
  // The request's path: the Apache back end mounted the application at "/", so PATH_INFO holds all of it (a
  // trusted X-Script-Name changes SCRIPT_NAME only).
  const split = walkDocumentRoot(env.PATH_INFO ?? "", mount);
  env["mod_wsgi.script_name"] = split.scriptName;
  env["mod_wsgi.path_info"] = split.pathInfo;
  if (!("mod_wsgi.mount_point" in env)) env.SCRIPT_NAME = split.scriptName;
  env.PATH_INFO = split.pathInfo;
  env["mod_wsgi.application_group"] = "";
  env["mod_wsgi.callable_object"] = "handle_request";
  env["mod_wsgi.request_handler"] = "wsgi-handler";
  note("directory-walk", `RewriteRule .* - [H=wsgi-handler] in <Directory> of the document root: Apache's directory walk gives SCRIPT_NAME ${JSON.stringify(split.scriptName)} and PATH_INFO ${JSON.stringify(split.pathInfo)}; handler.wsgi's handle_request is called (application group %{GLOBAL}).`);
  const pathInfo = env.PATH_INFO;
  if ("mod_wsgi.mount_point" in env) {
    let pi = (env["mod_wsgi.script_name"] ?? "") + pathInfo;
    if (mount !== "/" && pi.startsWith(mount)) pi = pi.slice(mount.length);
    set("PATH_INFO", pi, "mod_wsgi-express.handler");
    note("handler", `a trusted script name was applied: SCRIPT_NAME stays ${JSON.stringify(env.SCRIPT_NAME)}, PATH_INFO becomes ${JSON.stringify(pi)}.`);
  } else {
    let pi = (env.SCRIPT_NAME ?? "") + pathInfo;
    let sn = "";
    if (mount !== "/" && pi.startsWith(mount)) {
      sn = mount;
      pi = pi.slice(mount.length);
    }
    set("SCRIPT_NAME", sn, "mod_wsgi-express.handler");
    set("PATH_INFO", pi, "mod_wsgi-express.handler");
    note("handler", `the express handler sets SCRIPT_NAME ${JSON.stringify(sn)} and PATH_INFO ${JSON.stringify(pi)}${mount !== "/" ? ` (--mount-point ${mount})` : ""}.`);
  }
  env["mod_wsgi.process_group"] = `${o.host ?? "localhost"}:${o.port}`;
  return { kind: "respond", response, environ: env, ...(Object.keys(changes).length ? { changes } : {}) };
}

/**
 * The request a proxy rule sends onward, built by the pipeline's Apache front-end model on the generated text,
 * with the `E=` variables express's mount-point `<Location>` sets by mod_rewrite before mod_headers runs:
 * `SERVER_PORT` (`%{SERVER_PORT}`, the port `ap_get_server_port` gives: the Host header's, else the server's)
 * and, over TLS, `URL_SCHEME=https`. In a `--proxy-virtual-host` those lines sit at virtual-host level, where
 * only `URL_SCHEME` is set (and X-Forwarded-Port is the literal port). The HTTPS virtual host's HSTS header is
 * added to the answer on its way back (mod_headers' `Header set` applies to a proxied response like any other).
 */
export function proxyThrough(ctx: ExpressContext, server: ExpressServer, route: Extract<ExpressRoute, { kind: "proxy" }>, req: InFlight, runProxy: ApacheProxyRunner): HopOutcome {
  const env = (serverPort: number): Record<string, string> => ({
    ...(route.via === "mount-point" ? { SERVER_PORT: String(serverPort) } : {}),
    ...(req.tls ? { URL_SCHEME: "https" } : {}),
  });
  const out = runProxy(ctx, server.config.text, env);
  const hsts = route.hsts;
  if (out.kind !== "forward" || hsts === undefined) return out;
  return {
    ...out,
    rewrite: (response) => {
      const back = out.rewrite(response);
      if (back.status === 0) return back;
      ctx.trace.push({ step: "mod_wsgi-express.hsts", message: `Header set Strict-Transport-Security ${hsts} in the HTTPS virtual host: the proxied answer gets it too.`, hop: server.hop });
      return { ...back, headers: { ...back.headers, "Strict-Transport-Security": hsts } };
    },
  };
}
