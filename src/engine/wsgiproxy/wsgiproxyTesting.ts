/**
 * The scenario the WSGIProxy tests build on: a client at 127.0.0.9 → a WSGIProxy front end (a front Apache +
 * mod_wsgi on 127.0.0.1:23001, connecting onward from 127.0.0.2) → Apache + mod_wsgi on 127.0.0.1:23002, all on
 * loopback so that the back-end half could run on real servers.
 */
import type { ProxySpec, Scenario, WsgiProxyBehaviour } from "../types.ts";

/** A client → WSGIProxy front end (127.0.0.1:23001, connecting from 127.0.0.2) → Apache + mod_wsgi (127.0.0.1:23002). */
export function wsgiproxyScenario(opts: { config: string; behaviour?: WsgiProxyBehaviour; request?: string; environ?: Record<string, unknown>; middleware?: string; backendConfig?: string; tls?: boolean }): Scenario {
  const proxy: ProxySpec = { server: "wsgiproxy", listen: "127.0.0.1:23001", address: "127.0.0.2", config: opts.config, ...(opts.environ ? { environ: opts.environ } : {}) };
  return {
    version: 1,
    modwsgi: "4.9",
    ...(opts.behaviour ? { wsgiproxy: opts.behaviour } : {}),
    client: { address: "127.0.0.9", tls: opts.tls ?? false, request: opts.request ?? "GET /mount/a%20b?x=1 HTTP/1.1\nHost: front.example:8080\nX-Forwarded-For: 198.51.100.1\n" },
    proxies: [proxy],
    backend: { server: "apache", listen: "127.0.0.1:23002", address: "127.0.0.1", config: opts.backendConfig ?? "", ...(opts.middleware ? { middleware: opts.middleware } : {}) },
  };
}

