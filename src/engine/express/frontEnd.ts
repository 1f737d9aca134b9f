/**
 * mod_wsgi-express as a front end in `proxies[]` (`server: "mod_wsgi-express"`, `config` = the command line): the
 * server of server.ts in front of the next one. A request that a `--proxy-mount-point` (`--proxy-url-alias`) or a
 * `--proxy-virtual-host` takes is forwarded as a real hop, built by the pipeline's Apache front-end model on the
 * generated text: mod_proxy's rewriting of the target and Host, its X-Forwarded-For/-Host/-Server, the
 * X-Forwarded-Port/-Scheme (and in 6.0 X-Forwarded-Prefix) that express's RequestHeader lines add, and
 * ProxyPassReverse on the way back. Anything else is answered by this server itself: a redirect, the `_default_`
 * 403, or its own application (whose environ becomes the result's).
 *
 * Checked on real Apache 2.4.71 + mod_wsgi 4.9.4 running the generated 4.9 text (e2e/conformance/corpus/express/,
 * `express-front-*`); the 6.0 forms (upgrade=websocket, X-Forwarded-Prefix) are read from source.
 */
import type { EnvironChange, ProxySpec, Scenario } from "../types.ts";
import type { HopOutcome, InFlight, NextHop } from "../http/hop.ts";
import { splitHostPort, stripBrackets } from "../net/address.ts";
import { proxyThrough, routeRequest, serveRequest, startExpress, type ApacheRunners, type ExpressContext } from "./server.ts";

/** A front end's outcome, plus the environ when this server's own application answered. */
export type ExpressFrontOutcome = HopOutcome & { environ?: Record<string, string> | null; changes?: Record<string, EnvironChange>; generated: string | null };

/** The authority of a URL (`host:port`, default port by scheme), or null. */
function urlTarget(url: string): { host: string; port: number } | null {
  const m = /^(https?|wss?):\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?/i.exec(url);
  if (!m) return null;
  const secure = /^(https|wss)$/i.test(m[1]!);
  return { host: stripBrackets(m[2]!), port: m[3] ? Number(m[3]) : secure ? 443 : 80 };
}

/**
 * Simulates one mod_wsgi-express front end. Diagnostics are at the command line's tokens (`proxies[i].config`);
 * a proxy target that is not the next server's listen address is a warning at the option. Never throws.
 */
export function expressFrontEnd(ctx: ExpressContext, scenario: Scenario, proxy: ProxySpec, index: number, req: InFlight, next: NextHop, runners: ApacheRunners): ExpressFrontOutcome {
  const source = `proxies[${index}].config`;
  const started = startExpress(ctx, proxy.config, proxy.listen, source, `proxies[${index}].listen`, index);
  const server = started.server;
  if (!server) return { kind: "respond", response: { status: 0, headers: {} }, generated: started.generated };
  const route = serveRequest(ctx, server, scenario, proxy.listen, req, routeRequest(ctx, server, req), runners);
  if (route.kind === "error") return { kind: "respond", response: { status: 0, headers: {} }, generated: started.generated };
  if (route.kind === "respond") return { kind: "respond", response: route.response, environ: route.environ, ...(route.changes ? { changes: route.changes } : {}), generated: started.generated };
  const target = urlTarget(route.url);
  const nextListen = splitHostPort(next.listen);
  if (!target || !nextListen || target.host !== nextListen.host || target.port !== nextListen.port) {
    const t = route.token;
    ctx.diagnostics.push({ severity: "warning", code: "proxy-target-mismatch", source, line: t.line, column: t.column, endLine: t.endLine, endColumn: t.endColumn, message: `This proxy rule sends to ${route.url}, but the next server listens on ${next.listen}; the simulation continues as if it were reached.` });
  }
  // The Apache model's own diagnostics would point into the generated text; the command line is what the reader
  // wrote, so only its trace is kept (the generated text is valid by construction).
  const scratch: ExpressContext = { version: ctx.version, trace: ctx.trace, diagnostics: [] };
  const out = proxyThrough(scratch, server, route, req, runners.proxy);
  return { ...out, generated: started.generated };
}
