/**
 * Test helpers for the front-end presets and HAProxy: one front end of the given kind in front of Apache +
 * mod_wsgi, simulated, with the request the back end received split into header lines.
 */
import { simulate } from "../pipeline.ts";
import type { ProxyKind, Result, Scenario } from "../types.ts";

export interface PresetRun {
  result: Result;
  /** The request line the back end received. */
  requestLine: string;
  /** The back end's received header lines, in order, names as sent. */
  lines: { name: string; value: string }[];
  /** Every value of a header (case-insensitive), in order. */
  values(name: string): string[];
  /** The one value of a header, or null when absent (several lines are joined with ", "). */
  header(name: string): string | null;
  errors: string[];
  warnings: string[];
}

export interface PresetOptions {
  client?: string;
  tls?: boolean;
  listen?: string;
  address?: string;
  backend?: string;
  backendListen?: string;
  app?: Scenario["backend"]["app"];
  directories?: string[];
}

/** Runs `request` (lines joined with "\n") from the client through one front end of `kind` to Apache + mod_wsgi. */
export function runPreset(kind: ProxyKind, config: string, request: string[], opts: PresetOptions = {}): PresetRun {
  const backendListen = opts.backendListen ?? "127.0.0.1:8000";
  const scenario: Scenario = {
    version: 1,
    modwsgi: "4.9",
    client: { address: opts.client ?? "203.0.113.7", tls: opts.tls ?? false, request: request.join("\n") + "\n" },
    proxies: [{ server: kind, listen: opts.listen ?? "192.0.2.10:80", address: opts.address ?? "10.0.0.2", config }],
    backend: { server: "apache", listen: backendListen, address: "127.0.0.1", config: opts.backend ?? "", ...(opts.app ? { app: opts.app } : {}), ...(opts.directories ? { directories: opts.directories } : {}) },
  };
  const result = simulate(scenario);
  const head = result.hops[1]?.request ?? "";
  const [requestLine = "", ...rest] = head.split("\r\n");
  const lines = rest.filter((l) => l !== "").map((l) => {
    const c = l.indexOf(":");
    return { name: l.slice(0, c), value: l.slice(c + 1).trim() };
  });
  const values = (name: string) => lines.filter((l) => l.name.toLowerCase() === name.toLowerCase()).map((l) => l.value);
  return {
    result,
    requestLine,
    lines,
    values,
    header: (name) => {
      const v = values(name);
      return v.length ? v.join(", ") : null;
    },
    errors: result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.line}:${d.column} ${d.message}`),
    warnings: result.diagnostics.filter((d) => d.severity === "warning").map((d) => `${d.line}:${d.column} ${d.message}`),
  };
}
