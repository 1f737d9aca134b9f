/**
 * Small helpers shared by the corpus generators (`gen-apache-corpus.ts`, `gen-apache-random.ts`): building
 * request heads and scenarios, handing out loopback ports, and writing corpus files.
 *
 * Conventions of the generated Apache corpus (`corpus/apache/`):
 * - every address is loopback: back ends and front ends listen on 127.0.0.1, each group of scenarios that
 *   shares a server configuration gets its own ports from 20000–20999 (so groups can run side by side);
 * - a front-end Apache connects onward from 127.0.0.3 (a second one from 127.0.0.4);
 * - clients: 127.0.0.9 through front ends; directly at a back end 127.0.0.2 is the trusted peer and
 *   127.0.0.5 an untrusted one.
 */
import fs from "node:fs";
import path from "node:path";
import type { Scenario } from "../../../src/engine/types.ts";
import type { AppBehaviour } from "../realServers.ts";

export interface Expect {
  environ?: Record<string, string | null> | null;
  response?: { status?: number | null; headers?: Record<string, string | null> };
  errorLog?: string[];
}

export interface CorpusFile {
  id: string;
  title: string;
  source: string;
  scenario: Scenario;
  expect?: Expect;
  /** mod_wsgi 6.0 differences for the engine's own corpus test (not checked on the 4.9.4 servers). */
  expect60?: Expect;
  app?: AppBehaviour;
  /** Extra fields (the random generator records its seed and index here). */
  [extra: string]: unknown;
}

/** A header line: [name, value], or a raw line written as is (e.g. "X-Forwarded-For:" for an empty value). */
export type HeaderLine = [string, string] | string;

/** A request head: request line, then header lines. `\n` line ends (the runner sends CRLF). */
export function head(requestLine: string, headers: HeaderLine[] = []): string {
  const lines = [requestLine];
  for (const h of headers) lines.push(typeof h === "string" ? h : h[1] === "" ? `${h[0]}:` : `${h[0]}: ${h[1]}`);
  return lines.join("\n") + "\n";
}

/** Ports handed out per named group: the same name gets the same port. */
export class Ports {
  private next: number;
  private readonly byName = new Map<string, number>();
  constructor(
    private readonly first: number,
    private readonly last: number,
  ) {
    this.next = first;
  }
  get(name: string): number {
    let p = this.byName.get(name);
    if (p === undefined) {
      if (this.next > this.last) throw new Error(`out of ports (${this.first}-${this.last}) at ${name}`);
      p = this.next++;
      this.byName.set(name, p);
    }
    return p;
  }
  get used(): number {
    return this.next - this.first;
  }
}

export const BACKEND_HOST = "127.0.0.1";
export const FRONT_ADDRESS = "127.0.0.3";
export const FRONT2_ADDRESS = "127.0.0.4";
export const CLIENT = "127.0.0.9";
export const TRUSTED_PEER = "127.0.0.2";
export const UNTRUSTED_PEER = "127.0.0.5";

export function backendOnly(opts: { port: number; config: string; client: string; request: string; tls?: boolean; directories?: string[] }): Scenario {
  return {
    version: 1,
    modwsgi: "4.9",
    client: { address: opts.client, tls: opts.tls ?? false, request: opts.request },
    proxies: [],
    backend: {
      server: "apache",
      listen: `${BACKEND_HOST}:${opts.port}`,
      address: BACKEND_HOST,
      config: opts.config,
      ...(opts.directories ? { directories: opts.directories } : {}),
    },
  };
}

export interface FrontSpec {
  port: number;
  config: string;
  address?: string;
}

/** client → front end(s) (Apache) → back end. */
export function viaFronts(opts: {
  fronts: FrontSpec[];
  backendPort: number;
  backendConfig: string;
  request: string;
  client?: string;
  tls?: boolean;
  directories?: string[];
}): Scenario {
  return {
    version: 1,
    modwsgi: "4.9",
    client: { address: opts.client ?? CLIENT, tls: opts.tls ?? false, request: opts.request },
    proxies: opts.fronts.map((f, i) => ({
      server: "apache" as const,
      listen: `${BACKEND_HOST}:${f.port}`,
      address: f.address ?? (i === 0 ? FRONT_ADDRESS : FRONT2_ADDRESS),
      config: f.config,
    })),
    backend: {
      server: "apache",
      listen: `${BACKEND_HOST}:${opts.backendPort}`,
      address: BACKEND_HOST,
      config: opts.backendConfig,
      ...(opts.directories ? { directories: opts.directories } : {}),
    },
  };
}

/** Writes each file as `<dir>/<id>.json`, after removing the directory's old files. Ids must be unique. */
export function writeFamily(dir: string, files: CorpusFile[]): void {
  const ids = new Set<string>();
  for (const f of files) {
    if (ids.has(f.id)) throw new Error(`duplicate id ${f.id}`);
    ids.add(f.id);
  }
  fs.mkdirSync(dir, { recursive: true });
  for (const old of fs.readdirSync(dir)) if (old.endsWith(".json")) fs.rmSync(path.join(dir, old));
  for (const f of files) fs.writeFileSync(path.join(dir, `${f.id}.json`), JSON.stringify(f, null, 2) + "\n");
}
