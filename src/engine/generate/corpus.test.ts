/**
 * The generators over the whole conformance corpus: for every scenario with an Apache + mod_wsgi back end
 * whose config the engine accepts, the scenario rebuilt from the generated back-end configuration gives the
 * same environ and status. A spread sample (every 20th) also goes through real `apache2 -t` / `nginx -t`,
 * back end and front ends; the whole corpus passed both checks when this test was written (989 back ends,
 * 525 Apache and nginx front ends).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulate, type Scenario } from "../index.ts";
import { apacheMissing, apacheSyntax, nginxMissing, nginxSyntax } from "../testing/serverSyntax.ts";
import { TLS_CERT, TLS_KEY } from "./frontEnds.ts";

const ROOT = new URL("../../../e2e/conformance/corpus/", import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? files(p) : f.endsWith(".json") ? [p] : [];
    });
}

const scenarios = files(ROOT)
  .map((p) => {
    const j = JSON.parse(readFileSync(p, "utf8")) as { version?: number; scenario?: Scenario };
    return { name: p.slice(ROOT.length), scenario: (j.version === 1 ? j : j.scenario) as Scenario | undefined };
  })
  .filter((e): e is { name: string; scenario: Scenario } => e.scenario?.backend?.server === "apache");

/** Keys a generated daemon process group changes when the scenario ran in embedded mode. */
const PROCESS_MODEL_KEYS = ["mod_wsgi.process_group", "mod_wsgi.application_group", "wsgi.multiprocess", "wsgi.multithread"];

describe("generators over the conformance corpus", () => {
  it("has Apache back ends to check", () => {
    expect(scenarios.length).toBeGreaterThan(100);
  });

  it("round trip: every accepted back end, rebuilt from its generated configuration, gives the same environ", () => {
    const differ: string[] = [];
    for (const { name, scenario } of scenarios) {
      const r = simulate(scenario);
      if (r.diagnostics.some((d) => d.severity === "error" && d.source === "backend.config")) continue;
      const again = simulate({ ...scenario, backend: { ...scenario.backend, config: r.generated.apache ?? "" } });
      const strip = (env: Record<string, string> | null) => {
        if (!env || /WSGIProcessGroup/i.test(scenario.backend.config)) return env;
        return Object.fromEntries(Object.entries(env).filter(([k]) => !PROCESS_MODEL_KEYS.includes(k)));
      };
      try {
        expect(strip(again.environ)).toEqual(strip(r.environ));
        expect(again.response.status).toBe(r.response.status);
      } catch {
        differ.push(name);
      }
    }
    expect(differ).toEqual([]);
  }, 120_000);

  const apacheSkip = apacheMissing();
  const nginxSkip = nginxMissing();
  if (apacheSkip) it.skip(`apache2 -t: ${apacheSkip}`, () => {});
  if (nginxSkip) it.skip(`nginx -t: ${nginxSkip}`, () => {});
  it.skipIf(apacheSkip !== null)("a sample passes apache2 -t (back end, Apache front ends) and nginx -t (nginx front ends)", () => {
    const refused: string[] = [];
    for (const { name, scenario } of scenarios.filter((_, i) => i % 20 === 0)) {
      const r = simulate(scenario);
      if (r.diagnostics.some((d) => d.severity === "error" && d.source === "backend.config")) continue;
      if (!apacheSyntax(r.generated.apache ?? "", [TLS_CERT, TLS_KEY]).ok) refused.push(`${name}: back end`);
      for (const [i, text] of (r.generated.frontends ?? []).entries()) {
        const kind = scenario.proxies[i]?.server;
        if (kind === "apache" && !apacheSyntax(text, [TLS_CERT, TLS_KEY]).ok) refused.push(`${name}: proxies[${i}]`);
        if (kind === "nginx" && nginxSkip === null && !nginxSyntax(text, [TLS_CERT, TLS_KEY]).ok) refused.push(`${name}: proxies[${i}]`);
      }
    }
    expect(refused).toEqual([]);
  }, 120_000);
});
