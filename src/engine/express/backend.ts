/**
 * A mod_wsgi-express back end: the server of server.ts at the end of the chain. A request is routed through the
 * generated configuration and answered by a redirect, the `_default_` 403, the application (Apache + mod_wsgi
 * with the generated text, then express's handler rules, modwsgi-behaviour.md §2.6) or a proxy rule. A proxy rule
 * at the back end sends the request to a server outside the scenario: the result has no response (status 0), and
 * the trace shows the exact request that would be sent (built by the pipeline's Apache front-end model).
 *
 * Versions: the 4.9 forms are checked on real Apache 2.4.71 + mod_wsgi 4.9.4 with express 4.9.4's handle_request
 * (e2e/conformance/corpus/express/); the 6.0 forms are read from source only.
 */
import type { Scenario } from "../types.ts";
import type { InFlight } from "../http/hop.ts";
import { proxyThrough, routeRequest, serveRequest, startExpress, type ApacheRunners, type BackendOutcome, type ExpressContext } from "./server.ts";

/**
 * Simulates the request at a mod_wsgi-express back end.
 *
 * Input: the pipeline context, the scenario (backend.config = the command line), the request as it arrives, the
 * hop index and the pipeline's Apache models. Output: the response, the environ (null when the application is not
 * reached) and the generated Apache text (null when the command line has no words). With any error in the command
 * line the server does not start and the response is status 0. Never throws.
 */
export function expressBackend(ctx: ExpressContext, scenario: Scenario, req: InFlight, hop: number, runners: ApacheRunners): BackendOutcome & { generated: string | null } {
  const started = startExpress(ctx, scenario.backend.config, scenario.backend.listen, "backend.config", "backend.listen", hop);
  const server = started.server;
  if (!server) return { response: { status: 0, headers: {} }, environ: null, generated: started.generated };
  const route = serveRequest(ctx, server, scenario, scenario.backend.listen, req, routeRequest(ctx, server, req), runners);
  if (route.kind === "error") return { response: { status: 0, headers: {} }, environ: null, generated: started.generated };
  if (route.kind === "proxy") {
    // Build the request exactly as it would leave, then report it: its destination is not in the scenario.
    const scratch: ExpressContext = { version: ctx.version, trace: ctx.trace, diagnostics: [] };
    const out = proxyThrough(scratch, server, route, req, runners.proxy);
    const note = (message: string) => ctx.trace.push({ step: "mod_wsgi-express.proxy-request", message, hop });
    if (out.kind === "forward") {
      const r = out.request;
      const head = [`${r.method} ${r.target} ${r.protocol}`, ...r.fields.map((f) => `${f.name}: ${f.value}`)].join("\n");
      note(`the request leaves the scenario for ${route.url} (a server the scenario does not describe), from ${scenario.backend.address}, as:\n${head}`);
    } else {
      note(`the proxy rule answers ${out.response.status} itself.`);
      return { response: out.response, environ: null, generated: started.generated };
    }
    return { response: { status: 0, headers: {} }, environ: null, generated: started.generated };
  }
  const { kind: _kind, ...served } = route;
  return { ...served, generated: started.generated };
}
