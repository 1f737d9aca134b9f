/**
 * Holds the engine to every expectation in the conformance corpus (`e2e/conformance/corpus/`), without
 * servers. The same files run on real Apache 2.4.71 + mod_wsgi 4.9.4 in `npm run conformance`, which checks
 * the expectations against reality; here they check the engine. Rows of the mod_wsgi edge-case table carry
 * the 4.9.4 result verified on real servers and, where mod_wsgi 6.0 differs, the 6.0.5 result read from
 * its source (`expect60`).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulate, type Scenario } from "./index.ts";

interface Expectation {
  environ?: Record<string, string | null> | null;
  response?: { status?: number | null; headers?: Record<string, string | null> };
}

interface Entry {
  id: string;
  scenario: Scenario;
  expect?: Expectation;
  expect60?: Expectation;
}

const ROOT = new URL("../../e2e/conformance/corpus/", import.meta.url).pathname;

function load(dir: string): Entry[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return load(path);
      if (!name.endsWith(".json")) return [];
      const raw = JSON.parse(readFileSync(path, "utf8")) as Entry;
      return raw.scenario ? [{ ...raw, id: raw.id ?? name.replace(/\.json$/, "") }] : [];
    });
}

/** Keys whose real value depends on the run; the corpus writes a token for them. */
const RUN_DEPENDENT = new Set(["REMOTE_PORT"]);

function check(entry: Entry, scenario: Scenario, want: Expectation): void {
  const result = simulate(scenario);
  if (want.environ === null) expect(result.environ, "the application must not be reached").toBeNull();
  else if (want.environ) {
    for (const [key, value] of Object.entries(want.environ)) {
      if (RUN_DEPENDENT.has(key)) continue;
      expect(result.environ?.[key] ?? null, `${entry.id}: ${key}`).toBe(value);
    }
  }
  if (want.response?.status !== undefined) {
    expect(want.response.status === null ? result.response.closed === true : result.response.status, `${entry.id}: status`).toBe(want.response.status === null ? true : want.response.status);
  }
  for (const [name, value] of Object.entries(want.response?.headers ?? {})) {
    // Header names compare case-insensitively, as the conformance run checks them (HAProxy writes "location").
    const key = Object.keys(result.response.headers).find((k) => k.toLowerCase() === name.toLowerCase());
    expect(key === undefined ? null : result.response.headers[key], `${entry.id}: ${name}`).toBe(value);
  }
}

const entries = load(ROOT).filter((e) => e.expect);

describe("conformance corpus, engine side", () => {
  it("has the mod_wsgi edge-case rows and the reference example", () => {
    expect(entries.length).toBeGreaterThanOrEqual(88);
  });

  it.each(entries.map((e) => [e.id, e] as const))("%s (mod_wsgi 4.9)", (_id, entry) => {
    check(entry, { ...entry.scenario, modwsgi: "4.9" }, entry.expect!);
  });

  it.each(entries.filter((e) => e.scenario.proxies.length === 0).map((e) => [e.id, e] as const))("%s (mod_wsgi 6.0)", (_id, entry) => {
    const want: Expectation = {
      ...entry.expect,
      ...(entry.expect60 ?? {}),
      environ: entry.expect!.environ === null ? null : { ...entry.expect!.environ, ...(entry.expect60?.environ ?? {}) },
    };
    check(entry, { ...entry.scenario, modwsgi: "6.0" }, want);
  });
});
