/**
 * One-line builders for engine tests: a directive from text, a back-end-only scenario, a proxied one.
 * Sample clients are documentation addresses (RFC 5737); loopback is used where a scenario must also run
 * on real servers.
 */
import type { ConfigArg, Directive } from "../apache/configParser.ts";
import type { ModWsgiVersion, Scenario } from "../types.ts";

/** A directive whose arguments are split on whitespace, positioned on line 1. */
export function directive(text: string): Directive {
  const [name = "", ...rest] = text.split(" ");
  let column = name.length + 2;
  const args: ConfigArg[] = [];
  for (const part of rest) {
    if (part === "") {
      column += 1;
      continue;
    }
    const quoted = /^(["']).*\1$/.test(part);
    args.push({ text: quoted ? part.slice(1, -1) : part, line: 1, column, endColumn: column + part.length, quoted });
    column += part.length + 1;
  }
  return { kind: "directive", name, args, line: 1, column: 1, endColumn: name.length + 1 };
}

/** A request head from `METHOD target` plus header lines. */
export function req(line: string, ...headers: string[]): string {
  const [method, target, protocol = "HTTP/1.1"] = line.split(" ");
  return [`${method} ${target} ${protocol}`, ...headers].join("\n") + "\n";
}

/** A scenario with no front end: the client talks to Apache + mod_wsgi directly. */
export function backendOnly(config: string, opts: { peer?: string; request?: string; tls?: boolean; modwsgi?: ModWsgiVersion; listen?: string; directories?: string[] } = {}): Scenario {
  const listen = opts.listen ?? "127.0.0.1:18080";
  return {
    version: 1,
    modwsgi: opts.modwsgi ?? "4.9",
    client: { address: opts.peer ?? "127.0.0.2", tls: opts.tls ?? false, request: opts.request ?? req("GET /t/x", `Host: ${listen}`) },
    proxies: [],
    backend: { server: "apache", listen, address: listen.replace(/:\d+$/, ""), config, ...(opts.directories ? { directories: opts.directories } : {}) },
  };
}
