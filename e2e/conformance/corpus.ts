/**
 * Corpus files, expectation checks against real observations, the field-by-field comparison with the engine,
 * and the deterministic form of an observation that is committed under observed/.
 */
import fs from "node:fs";
import path from "node:path";
import type { Result, Scenario } from "../../src/engine/types.ts";
import type { AppBehaviour, RealObservation } from "./realServers.ts";
import { isVolatileHeader, LIFECYCLE_LOG_LINES, volatileReason } from "./volatile.ts";
import { compareOutcome, headerValue, type Disagreement } from "./compare.ts";
import { contentExampleId, extractScenarioBlocks, slugOf, splitExample } from "../../src/site/content/render.ts";

// ---------------------------------------------------------------------------------------------------------------
// Corpus files

/**
 * A corpus file: `{ id?, title?, source?, scenario, expect?, app? }`, or a bare format-v1 scenario (then the id is
 * the file name). Extra fields are ignored by the runner.
 */
export interface CorpusEntry {
  id: string;
  file: string;
  title?: string;
  scenario: Scenario;
  expect?: Expectation;
  app?: AppBehaviour;
}

/**
 * Every `scenario` block of the reference pages (`content/NN-slug.md`) as a corpus entry with the id
 * `content-<slug>-<n>`, so each page's examples run on real servers like the rest of the corpus. Blocks that are
 * not JSON are left to the site build, which rejects them.
 */
export function loadContentExamples(contentDir: string): CorpusEntry[] {
  if (!fs.existsSync(contentDir)) return [];
  return fs
    .readdirSync(contentDir)
    .filter((name) => /^\d+-.+\.md$/.test(name))
    .sort()
    .flatMap((name) => {
      const file = path.join(contentDir, name);
      return extractScenarioBlocks(fs.readFileSync(file, "utf8")).flatMap((block, i) => {
        if (block.error !== null || !block.value || typeof block.value !== "object") return [];
        // An example's stated result is checked against the real servers as well as against the engine.
        const { scenario, expect } = splitExample(block.value);
        const entry: CorpusEntry = { id: contentExampleId(slugOf(name), i), file, title: `${name}, example ${i + 1} (line ${block.line})`, scenario: scenario as Scenario };
        if (expect) entry.expect = expect as Expectation;
        return [entry];
      });
    });
}

export interface Expectation {
  /** null: the application must not be reached. Per key: a string value, or null = the key must be absent. */
  environ?: Record<string, string | null> | null;
  response?: { status?: number | null; headers?: Record<string, string | null> };
  /** Substrings that must appear in some server's error log while the request was handled. */
  errorLog?: string[];
}

/** The token that stands for "the source port of the connection the back end saw" in an expected value. */
export const PEER_PORT_TOKEN = "__peer_port__";

export function loadCorpus(dir: string): CorpusEntry[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".json")) files.push(p);
    }
  };
  walk(dir);
  const seen = new Map<string, string>();
  return files.map((file) => {
    const raw = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    const bare = raw.version === 1 && "backend" in raw;
    const id = (!bare && typeof raw.id === "string" ? raw.id : path.basename(file, ".json"));
    const prev = seen.get(id);
    if (prev) throw new Error(`duplicate scenario id ${id}: ${prev} and ${file}`);
    seen.set(id, file);
    const entry: CorpusEntry = { id, file, scenario: (bare ? raw : raw.scenario) as Scenario };
    if (!bare) {
      if (typeof raw.title === "string") entry.title = raw.title;
      if (raw.expect) entry.expect = raw.expect as Expectation;
      if (raw.app) entry.app = raw.app as AppBehaviour;
    }
    if (!entry.scenario || (entry.scenario as { version?: unknown }).version !== 1) throw new Error(`${file}: no format-v1 scenario`);
    return entry;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Expectations vs reality

export interface Check {
  field: string;
  expected: unknown;
  real: unknown;
  ok: boolean;
}

/** The source port of the connection the back end saw: its hop's peer port, else the client's own port. */
function backendPeerPort(obs: RealObservation): number | null {
  const hop = obs.hops.find((h) => h.role === "backend");
  return hop?.peerPort ?? (obs.hops.length <= 1 ? obs.client.localPort : null);
}

export function checkExpectations(exp: Expectation | undefined, obs: RealObservation): Check[] {
  const checks: Check[] = [];
  if (!exp) return checks;
  if (exp.environ === null) {
    checks.push({ field: "environ", expected: null, real: obs.environ === null ? null : "(application reached)", ok: obs.environ === null });
  } else if (exp.environ) {
    for (const [k, want] of Object.entries(exp.environ)) {
      const real = obs.environ ? (Object.prototype.hasOwnProperty.call(obs.environ, k) ? obs.environ[k]! : null) : undefined;
      let expected: string | null = want;
      if (want === PEER_PORT_TOKEN) expected = String(backendPeerPort(obs));
      checks.push({ field: `environ.${k}`, expected: want === PEER_PORT_TOKEN ? `${PEER_PORT_TOKEN} (${expected})` : expected, real: real === undefined ? "(no environ: application not reached)" : real, ok: real !== undefined && real === expected });
    }
  }
  if (exp.response) {
    if ("status" in exp.response) {
      checks.push({ field: "response.status", expected: exp.response.status, real: obs.response.status, ok: exp.response.status === obs.response.status });
    }
    for (const [name, want] of Object.entries(exp.response.headers ?? {})) {
      const real = headerValue(obs.response.headers, name);
      checks.push({ field: `response.headers.${name}`, expected: want, real, ok: real === want });
    }
  }
  for (const needle of exp.errorLog ?? []) {
    const hit = obs.errorLogs.flatMap((l) => l.lines).find((l) => l.includes(needle));
    checks.push({ field: "errorLog", expected: needle, real: hit ?? "(not found)", ok: hit !== undefined });
  }
  return checks;
}

// ---------------------------------------------------------------------------------------------------------------
// Engine vs reality

export type { Disagreement } from "./compare.ts";

/** Compare the engine's result with a real observation: status, Location, and every deterministic environ key. */
export function compareWithEngine(engine: Result, obs: RealObservation): Disagreement[] {
  const echo = isEnvironEcho(obs, obs.response.body);
  return compareOutcome(engine, {
    status: obs.response.status,
    headers: obs.response.headers,
    environ: obs.environ,
    ...(echo || obs.response.status === null ? {} : { body: obs.response.body }),
    tempDir: obs.tempDir,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Deterministic observation (committed under observed/)

function normalizeLogLine(line: string, tempDir: string): string {
  let l = line
    .replace(/^\[[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d [\d:.]+ \d{4}\] /, "")
    .replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, "")
    .replace(/\[pid \d+(:tid \d+)?\]/g, "[pid]")
    .replace(/\b\d+#\d+: \*\d+ /, "")
    .replace(/\b\d+#\d+: /, "")
    .replace(/\b(child pid|pid|process) \d+/g, "$1 N")
    .replace(/\[(client|remote) ([^\]]*?):\d+\]/g, "[$1 $2]")
    .replace(/client: ([\d.]+|\[[^\]]+\]), /g, "client: $1, ");
  if (tempDir) l = l.split(tempDir).join("<tmp>");
  return l;
}

function isEnvironEcho(obs: RealObservation, body: string): boolean {
  if (obs.environ === null) return false;
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    return typeof j === "object" && j !== null && "REQUEST_METHOD" in j;
  } catch {
    return false;
  }
}

function stableHead(head: string | null | undefined, echo: boolean): string | null {
  if (!head) return head ?? null;
  return head
    .split("\r\n")
    .map((l) => {
      const name = l.split(":")[0] ?? "";
      if (isVolatileHeader(name)) return `${name}: <volatile>`;
      if (echo && /^content-length$/i.test(name)) return `${name}: <volatile>`;
      return l;
    })
    .join("\r\n");
}

export function stableObservation(entry: CorpusEntry, obs: RealObservation, versions: Record<string, string>, corpusRoot: string): Record<string, unknown> {
  const echo = isEnvironEcho(obs, obs.response.body);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(obs.response.headers)) {
    headers[k] = isVolatileHeader(k) || (echo && /^content-length$/i.test(k)) ? "<volatile>" : v;
  }
  const environ: Record<string, string> | null = obs.environ ? {} : null;
  const omitted: string[] = [];
  if (obs.environ && environ) {
    for (const k of Object.keys(obs.environ).sort()) {
      if (volatileReason(k, obs.environ[k], obs.tempDir)) omitted.push(k);
      else environ[k] = obs.environ[k]!;
    }
  }
  const response: Record<string, unknown> = { status: obs.response.status };
  if (obs.response.status !== null) {
    response.reason = obs.response.reason;
    response.httpVersion = obs.response.httpVersion;
    response.headers = headers;
    if (!echo && obs.response.body) response.body = obs.response.body;
    if (echo) response.body = "(the application's environ as JSON: see environ)";
  }
  if (obs.response.error) response.error = obs.response.error;
  const logs = obs.errorLogs
    .map((l) => ({ role: l.role, lines: l.lines.filter((x) => !LIFECYCLE_LOG_LINES.test(x)).map((x) => normalizeLogLine(x, obs.tempDir)) }))
    .filter((l) => l.lines.length > 0);
  const out: Record<string, unknown> = {
    id: entry.id,
    corpusFile: path.relative(corpusRoot, entry.file).split(path.sep).join("/"),
    servers: versions,
    scenario: entry.scenario,
    ok: obs.ok,
  };
  if (obs.startupFailure) {
    out.startupFailure = { ...obs.startupFailure, log: obs.startupFailure.log.split("\n").filter(Boolean).map((x) => normalizeLogLine(x, obs.tempDir)) };
  }
  Object.assign(out, {
    client: { address: obs.client.address, tls: obs.client.tls, target: obs.client.target, sni: obs.client.sni },
    response,
    environ,
    environVolatileKeysOmitted: omitted,
    appInvocations: obs.environs.length,
    hops: obs.hops.map((h) => ({
      role: h.role, server: h.server, listen: h.listen, tls: h.tls, peer: h.peer,
      request: h.request, responseHead: stableHead(h.responseHead, echo),
    })),
    errorLog: logs,
  });
  // The runner's certificate lives in its own temp dir (ensureCert), named anew on each run.
  if (obs.rewrites.length) out.configRewrites = obs.rewrites.map((r) => ({ role: r.role, from: r.from, to: r.to.split(obs.tempDir).join("<tmp>").replace(/[^\s"']*ppconf-cert-[A-Za-z0-9]+/g, "<cert-dir>") }));
  return out;
}
