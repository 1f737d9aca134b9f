/**
 * Fuzzing of the HAProxy configuration parser: at least 100 000 inputs, half small random edits of the conformance corpus's real
 * texts (so most inputs get deep into the parser), half token soups of its own words and hostile pieces
 * (`testing/fuzz.ts`). The outcome must be a result with well-formed diagnostics, never an exception; the
 * random source is seeded (FUZZ_SEED), so a failure names its input and reruns identically. The per-test
 * timeout is the hang guard; growth on pathological inputs is
 * checked in `growth.test.ts`.
 */
import { describe, expect, it } from "vitest";
import { parseHaproxyConfig } from "./configParser.ts";
import { corpusConfigs, FUZZ, HANG_GUARD, wordsOf } from "../testing/corpusSeeds.ts";
import { fuzzParser } from "../testing/fuzz.ts";

describe("fuzzing: a result or diagnostics, never an exception", () => {
  it("HAProxy configuration (haproxy/configParser.ts)", HANG_GUARD, () => {
    const seeds = corpusConfigs("haproxy");
    const dictionary = wordsOf(seeds, [
      "global", "defaults", "frontend", "backend", "listen", "bind", "mode", "http", "option", "forwardfor", "except",
      "http-request", "set-header", "del-header", "%[src]", "%[req.hdr(host)]", "\"a b\"", "'a b'", "\\ ", "\\x41", "#",
      "use_backend", "default_backend", "server", "acl", "if", "!", "{", "}",
    ]);
    const n = fuzzParser(seeds, dictionary, (text) => parseHaproxyConfig(text, "proxies[0].config").diagnostics, FUZZ);
    expect(n).toBeGreaterThanOrEqual(100_000);
  });
});
