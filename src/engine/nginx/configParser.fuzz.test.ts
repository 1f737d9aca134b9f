/**
 * Fuzzing of the nginx configuration parser: at least 100 000 inputs, half small random edits of the conformance corpus's real
 * texts (so most inputs get deep into the parser), half token soups of its own words and hostile pieces
 * (`testing/fuzz.ts`). The outcome must be a result with well-formed diagnostics, never an exception; the
 * random source is seeded (FUZZ_SEED), so a failure names its input and reruns identically. The per-test
 * timeout is the hang guard; growth on pathological inputs is
 * checked in `growth.test.ts`.
 */
import { describe, expect, it } from "vitest";
import { parseNginxConfig } from "./configParser.ts";
import { corpusConfigs, FUZZ, HANG_GUARD, wordsOf } from "../testing/corpusSeeds.ts";
import { fuzzParser } from "../testing/fuzz.ts";

describe("fuzzing: a result or diagnostics, never an exception", () => {
  it("nginx configuration (nginx/configParser.ts)", HANG_GUARD, () => {
    const seeds = corpusConfigs("nginx");
    const dictionary = wordsOf(seeds, [
      "server", "{", "}", ";", "location", "~*", "^~", "=", "@named", "if", "(", ")", "$http_host", "${host}", "$1", "\"", "'",
      "\\", "#", "include", "proxy_params;", "proxy_pass", "proxy_set_header", "set_real_ip_from", "real_ip_header",
      "real_ip_recursive", "map", "upstream", "listen", "server_name", "return", "rewrite", "events", "http",
    ]);
    const n = fuzzParser(seeds, dictionary, (text) => parseNginxConfig(text, "proxies[0].config").diagnostics, FUZZ);
    expect(n).toBeGreaterThanOrEqual(100_000);
  });
});
