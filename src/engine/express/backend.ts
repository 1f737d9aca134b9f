/**
 * A mod_wsgi-express back end: the command line is parsed (commandLine.ts), turned into the Apache configuration
 * express writes (generate.ts), and the request is walked through that configuration: virtual-host choice by Host
 * (the `_default_` deny vhost answers 403), the `www.` parent-domain 301, the `--https-only` 302, the proxy
 * mount point's bare-prefix 302, HSTS, then the Apache + mod_wsgi back end (the pipeline's own, given the
 * generated text) and the express handler's SCRIPT_NAME/PATH_INFO rules (modwsgi-behaviour.md §2.6), SetEnv
 * and PassEnv.
 *
 * Versions: the 4.9 forms (403/301/302 paths, the directory walk and handler rules, SetEnv, trusted headers,
 * HEAD mapping) are checked on real Apache 2.4.71 + mod_wsgi 4.9.4 with express 4.9.4's handle_request
 * (e2e/conformance/corpus/express/); the 6.0 forms are read from source only.
 */
import type { Diagnostic, EnvironChange, HttpResponse, ModWsgiVersion, Scenario, TraceEntry } from "../types.ts";
import type { InFlight } from "../http/hop.ts";
import { errorResponse } from "../apache/errorDocuments.ts";
import { escapePath } from "../apache/modAlias.ts";
import { splitHostPort } from "../net/address.ts";
import { parseExpressCommand } from "./commandLine.ts";
import { generateExpressConfig, type ExpressVhost } from "./generate.ts";

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

/** The Apache + mod_wsgi back end of the pipeline, run on a scenario whose back-end config is the generated text. */
export type ApacheBackendRunner = (scenario: Scenario) => BackendOutcome;

/** Apache's ServerAlias wildcard match (`*`, `?`), case-insensitive. */
function wildcard(pattern: string, name: string): boolean {
  const re = new RegExp("^" + pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$", "i");
  return re.test(name);
}

/** Raw path and query of a request target (origin or absolute form). */
function targetParts(target: string): { rawPath: string; query: string | null } {
  const abs = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/i.exec(target);
  const rest = abs ? abs[1] || "/" : target;
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
 * Simulates the request at a mod_wsgi-express back end.
 *
 * Input: the pipeline context, the scenario (backend.config = the command line), the request as it arrives,
 * the hop index, and `runApache`, the pipeline's Apache back end. Output: the response, the environ (null when
 * the application is not reached) and the generated Apache text. Errors in the command line are diagnostics;
 * with any error the server does not start and the response is status 0. Never throws.
 */
export function expressBackend(ctx: ExpressContext, scenario: Scenario, req: InFlight, hop: number, runApache: ApacheBackendRunner): BackendOutcome & { generated: string | null } {
  const note = (step: string, message: string) => ctx.trace.push({ step: `mod_wsgi-express.${step}`, message, hop });
  const parsed = parseExpressCommand(scenario.backend.config, ctx.version);
  ctx.diagnostics.push(...parsed.diagnostics);
  const o = parsed.options;
  const gen = generateExpressConfig(o, ctx.version);
  ctx.diagnostics.push(...gen.diagnostics);
  if (parsed.diagnostics.some((d) => d.severity === "error")) {
    note("command-line", "the command line has errors: mod_wsgi-express (or the Apache it starts) exits, nothing listens and the connection is refused.");
    return { response: { status: 0, headers: {} }, environ: null, generated: parsed.tokens.length ? gen.text : null };
  }
  note("generate", `start-server writes an Apache configuration listening on ${gen.listens.join(" and ")}${o.serverName ? ` with virtual hosts for ${o.serverName.value}` : " with no virtual hosts (no --server-name)"}.`);

  const listen = splitHostPort(scenario.backend.listen);
  let localPort = listen?.port ?? o.port;
  if (localPort !== o.port && localPort !== o.httpsPort) {
    ctx.diagnostics.push({ severity: "warning", code: "express-listen-mismatch", source: "backend.listen", line: 1, column: 1, message: `backend.listen is ${scenario.backend.listen}, but the command line listens on ${gen.listens.join(" and ")}; the request is taken as arriving on port ${o.port}.` });
    localPort = o.port;
  }

  // --error-document: ErrorDocument makes Apache answer with an internal redirect to that URL (or a redirect to
  // an absolute one); the page it serves is not modelled here, only Apache's stock page.
  const withErrorDocument = (status: number): HttpResponse => {
    const doc = o.errorDocuments.find((d) => Number(d.status) === status);
    if (doc) note("error-document", `ErrorDocument ${status} ${doc.url}: Apache serves that document instead of its stock page; not modelled (the stock ${status} page is shown).`);
    return errorResponse(status);
  };
  const hostHeader = req.fields.find((f) => f.name.toLowerCase() === "host")?.value.trim();
  const hostName = hostHeader === undefined ? null : hostHeader.replace(/:\d*$/, "").replace(/\.$/, "").toLowerCase();
  const { rawPath, query } = targetParts(req.target);
  const path = decode(rawPath);
  const qs = query !== null && query !== "" ? `?${query}` : "";

  // Virtual hosts on this port: express's section, then --proxy-virtual-host ones; the first is the default.
  const onPort: Array<ExpressVhost | { role: "proxy-vhost"; serverName: string; aliases: string[]; url: string }> = [
    ...gen.vhosts.filter((v) => v.port === localPort),
    ...(localPort === o.port ? o.proxyVirtualHosts.map((p) => ({ role: "proxy-vhost" as const, serverName: p.host, aliases: [] as string[], url: p.url })) : []),
  ];
  let chosen: (typeof onPort)[number] | null = null;
  if (onPort.length) {
    chosen = (hostName !== null ? onPort.find((v) => (v.serverName !== null && v.serverName.toLowerCase() === hostName) || v.aliases.some((a) => wildcard(a, hostName))) : undefined) ?? onPort[0]!;
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
      return { response: withErrorDocument(403), environ: null, generated: gen.text };
    }
    note("default-deny", `--allow-localhost: "Require host localhost" admits peer ${req.peer} (its reverse DNS name is localhost).`);
  }
  if (chosen?.role === "proxy-vhost") {
    note("proxy-virtual-host", `this virtual host proxies everything to ${chosen.url}, a server outside the scenario: not modelled.`);
    return { response: { status: 0, headers: {} }, environ: null, generated: gen.text };
  }
  if (chosen && "redirect" in chosen && chosen.redirect) {
    const r = chosen.redirect;
    const location = r.kind === "mod_alias" ? `${r.base}${escapePath(path)}${qs}` : `${r.base}${escapePath(path)}${qs}`;
    note(r.kind === "mod_alias" ? "www-redirect" : "https-only", r.kind === "mod_alias" ? `Redirect permanent / ${r.base}/: ${r.status} to ${location}.` : `--https-only: RewriteCond %{HTTPS} off, RewriteRule (.*) ${r.base}%{REQUEST_URI}: ${r.status} to ${location} (the query string is kept).`);
    return { response: errorResponse(r.status, location), environ: null, generated: gen.text };
  }

  for (const pm of o.proxyMountPoints) {
    const prefix = pm.mount.replace(/\/+$/, "");
    const slash = pm.mount.endsWith("/");
    if ((ctx.version === "6.0" || !slash) && new RegExp(`^${prefix}$`).test(path)) {
      const location = `http://${hostHeader ?? ""}${escapePath(path)}/${qs}`;
      note("proxy-mount-point", `<LocationMatch '^${prefix}$'> redirects the bare prefix: 302 to ${location} (scheme always http).`);
      return { response: errorResponse(302, location), environ: null, generated: gen.text };
    }
    const m = slash ? pm.mount : `${pm.mount}/`;
    if (path.startsWith(m)) {
      note("proxy-mount-point", `ProxyPass ${m} ${pm.url}: the request is proxied to a server outside the scenario; not modelled.`);
      return { response: { status: 0, headers: {} }, environ: null, generated: gen.text };
    }
  }

  // The application: Apache + mod_wsgi with the generated configuration, then express's handler.
  const out = runApache({ ...scenario, backend: { ...scenario.backend, server: "apache", config: gen.text } });
  let response = out.response;
  const hsts = chosen && "hsts" in chosen ? chosen.hsts : undefined;
  if (hsts !== undefined) {
    response = { ...response, headers: { ...response.headers, "Strict-Transport-Security": hsts } };
    note("hsts", `Header set Strict-Transport-Security ${hsts} in the HTTPS virtual host.`);
  }
  const env = out.environ;
  if (!env) return { ...out, response, generated: gen.text };
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
  return { response, environ: env, ...(Object.keys(changes).length ? { changes } : {}), generated: gen.text };
}
