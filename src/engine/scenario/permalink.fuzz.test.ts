/**
 * Fuzzing of permalink fragments: at least 100 000 inputs, half small random edits of the conformance corpus's real
 * texts (so most inputs get deep into the parser), half token soups of its own words and hostile pieces
 * (`testing/fuzz.ts`). The outcome must be a result with well-formed diagnostics, never an exception; the
 * random source is seeded (FUZZ_SEED), so a failure names its input and reruns identically. The per-test
 * timeout is the hang guard; growth on pathological inputs is
 * checked in `growth.test.ts`.
 */
import { describe, expect, it } from "vitest";
import { deflateRawSync } from "node:zlib";
import { decodePermalink, encodePermalink } from "./permalink.ts";
import { corpusScenarios, FUZZ, HANG_GUARD } from "../testing/corpusSeeds.ts";
import { fuzzParser, mutate } from "../testing/fuzz.ts";

describe("fuzzing: a result or diagnostics, never an exception", () => {
  it("permalink fragments (scenario/permalink.ts), at every layer: prefix, base64url, deflate, JSON, shape", HANG_GUARD, () => {
    const sample = corpusScenarios.filter((_, i) => i % 10 === 0);
    const links = sample.map((s) => encodePermalink(s));
    const json = sample.map((s) => JSON.stringify(s));
    const raw = (text: string) => "v1." + deflateRawSync(text).toString("base64url");
    const dictionary = ["v1.", "v2.", "v2.f1.", "e0.1.0.", "#", "%", "-", "_", "=", "A", "/", "+", "~"];
    const jsonWords = ['"version":', "1", "2", "null", "[]", "{}", '"client":', '"proxies":', '"backend":', '"config":', '"request":', "\"\\u0000\"", ",", ":", "{", "}", "[", "]", '"__proto__":', "1e999"];
    const n = fuzzParser(links, dictionary, (text, r) => {
      // A fifth of the inputs go past base64url and deflate: a mutated scenario JSON, well packed.
      const fragment = r.chance(0.2) ? raw(mutate(r, r.pick(json), jsonWords)) : text;
      const out = decodePermalink(fragment);
      expect(out.scenario === null || typeof out.scenario === "object").toBe(true);
      return out.diagnostics;
    }, FUZZ);
    expect(n).toBeGreaterThanOrEqual(100_000);
  });
});
