/**
 * Fuzzing of scenario JSON text: at least 100 000 inputs, half small random edits of the conformance corpus's real
 * texts (so most inputs get deep into the parser), half token soups of its own words and hostile pieces
 * (`testing/fuzz.ts`). The outcome must be a result with well-formed diagnostics, never an exception; the
 * random source is seeded (FUZZ_SEED), so a failure names its input and reruns identically. The per-test
 * timeout is the hang guard; growth on pathological inputs is
 * checked in `growth.test.ts`.
 */
import { describe, expect, it } from "vitest";
import { parseScenarioText } from "./validate.ts";
import { corpusScenarios, FUZZ, HANG_GUARD } from "../testing/corpusSeeds.ts";
import { fuzzParser } from "../testing/fuzz.ts";

describe("fuzzing: a result or diagnostics, never an exception", () => {
  it("scenario JSON text (scenario/validate.ts parseScenarioText)", HANG_GUARD, () => {
    const seeds = corpusScenarios.filter((_, i) => i % 5 === 0).map((s) => JSON.stringify(s, null, 2));
    const dictionary = [
      '"version":', "1", "1.0", "2", "-0", "1e309", "null", "true", "[]", "{}", '"client":', '"proxies":', '"backend":', '"config":',
      '"request":', '"address":', '"listen":', '"server":', '"directories":', '"app":', '"redirect":', '"status":', '"modwsgi":',
      '"tls":', '"x":', '"__proto__":', '"constructor":', "\"\\ud800\"", "\"\\u0000\"", '"\\', "//", "/*", ",", ":", "{", "}", "[", "]",
    ];
    // The JSON reader ends a line at a lone CR too (positions are checked against such lines).
    const n = fuzzParser(seeds, dictionary, (text) => {
      const out = parseScenarioText(text);
      expect(out.scenario === null || out.scenario.version === 1).toBe(true);
      // Limit diagnostics point into a pane's text; every other one points into the JSON.
      return out.diagnostics.filter((d) => d.source === "scenario");
    }, { ...FUZZ, lineEnds: "any" });
    expect(n).toBeGreaterThanOrEqual(100_000);
  });
});
