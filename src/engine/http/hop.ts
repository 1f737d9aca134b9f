/**
 * What every modelled server shares with the pipeline that chains them: a request travelling between hops,
 * what one front end does with it (answer, or forward and rewrite the answer on its way back), and where a
 * hop writes its trace and diagnostics. Apache (`apache/`), nginx (`nginx/`), HAProxy (`haproxy/`) and the
 * managed load balancers (`loadBalancers/`) all take and return these shapes.
 */
import type { Diagnostic, HttpResponse, ProxySpec, TraceEntry, WsgiProxyBehaviour } from "../types.ts";

/** A request as it travels between hops: already parsed, its header fields as they arrive, in order. */
export interface InFlight {
  method: string;
  target: string;
  protocol: string;
  fields: { name: string; value: string }[];
  /** The address the receiving hop sees the connection come from. */
  peer: string;
  tls: boolean;
  /** The SNI name sent on a TLS connection, or null/absent. */
  sni?: string | null;
}

/** What a front end does to the response coming back from the next server. */
export type ResponseRewriter = (response: HttpResponse) => HttpResponse;

/** What one front end does with a request: answer it itself, or forward it and rewrite the answer. */
export type HopOutcome = { kind: "respond"; response: HttpResponse } | { kind: "forward"; request: InFlight; rewrite: ResponseRewriter };

/** Where a hop writes its trace and diagnostics (the pipeline's context satisfies it). */
export interface HopContext {
  trace: TraceEntry[];
  diagnostics: Diagnostic[];
  /** The scenario's WSGIProxy behaviour (`scenario.wsgiproxy`); absent means "released". */
  wsgiproxy?: WsgiProxyBehaviour;
}

/** The server after this one: where a forwarded request goes. */
export interface NextHop {
  listen: string;
  address: string;
  server: string;
}

/** A front end's simulation of one hop; never throws on reader input. */
export type FrontEndModel = (ctx: HopContext, proxy: ProxySpec, index: number, req: InFlight, next: NextHop) => HopOutcome;
