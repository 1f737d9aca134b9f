/**
 * Fuzzing of the mod_wsgi-express command line: at least 100 000 inputs, half small random edits of the conformance corpus's real
 * texts (so most inputs get deep into the parser), half token soups of its own words and hostile pieces
 * (`testing/fuzz.ts`). The outcome must be a result with well-formed diagnostics, never an exception; the
 * random source is seeded (FUZZ_SEED), so a failure names its input and reruns identically. The per-test
 * timeout is the hang guard; growth on pathological inputs is
 * checked in `growth.test.ts`.
 */
import { describe, expect, it } from "vitest";
import { parseExpressCommand } from "./commandLine.ts";
import { corpusConfigs, FUZZ, HANG_GUARD, wordsOf } from "../testing/corpusSeeds.ts";
import { fuzzParser } from "../testing/fuzz.ts";

describe("fuzzing: a result or diagnostics, never an exception", () => {
  it("the mod_wsgi-express command line (express/commandLine.ts), 4.9 and 6.0", HANG_GUARD, () => {
    const seeds = corpusConfigs("mod_wsgi-express");
    const dictionary = wordsOf(seeds, [
      "mod_wsgi-express", "start-server", "setup-server", "--port", "--port=", "--host", "--mount-point", "--url-alias",
      "--trust-proxy-header", "--trust-proxy", "--server-name", "--https-port", "--allow-localhost", "--map-head-to-get",
      "--hsts-policy", "--", "-", "'", "\"", "\\", "'a b'", "\"a\\\"b\"", "$(x)", "`x`", "~", "*", "app.wsgi",
    ]);
    const n = fuzzParser(seeds, dictionary, (text, r) => parseExpressCommand(text, r.chance(0.5) ? "4.9" : "6.0").diagnostics, FUZZ);
    expect(n).toBeGreaterThanOrEqual(100_000);
  });
});
