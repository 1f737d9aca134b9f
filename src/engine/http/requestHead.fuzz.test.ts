/**
 * Fuzzing of the HTTP request head: at least 100 000 inputs, half small random edits of the conformance corpus's real
 * texts (so most inputs get deep into the parser), half token soups of its own words and hostile pieces
 * (`testing/fuzz.ts`). The outcome must be a result with well-formed diagnostics, never an exception; the
 * random source is seeded (FUZZ_SEED), so a failure names its input and reruns identically. The per-test
 * timeout is the hang guard; growth on pathological inputs is
 * checked in `growth.test.ts`.
 */
import { describe, expect, it } from "vitest";
import { parseRequestHead, serializeRequestHead } from "./requestHead.ts";
import { corpusScenarios, distinct, FUZZ, HANG_GUARD, wordsOf } from "../testing/corpusSeeds.ts";
import { fuzzParser } from "../testing/fuzz.ts";

describe("fuzzing: a result or diagnostics, never an exception", () => {
  it("the HTTP request head (http/requestHead.ts)", HANG_GUARD, () => {
    const seeds = distinct(corpusScenarios.map((s) => s.client.request));
    const dictionary = wordsOf(seeds, [
      "GET", "HEAD", "POST", "OPTIONS", "CONNECT", "PRI", "HTTP/1.1", "HTTP/1.0", "HTTP/0.9", "HTTP/2.0", "HTTP/1.10", "*",
      "http://a/", "https://[::1]:443/", "//x", "/%2e%2e/", "?a=b", "Host:", "host :", "Host: a:b:c", "X-Forwarded-For:",
      "X_Forwarded_For:", "X-Forwarded-Host:", "X-Forwarded-Proto:", "X-Forwarded-Port:", "X-Script-Name:", "Forwarded:",
      "for=\"[2001:db8::1]:4711\";proto=https", "Content-Length: 5", "Content-Length: -1", "Transfer-Encoding: chunked",
      "Expect: 100-continue", "Expect: x", ": v", " folded", "\tfolded",
    ]);
    const n = fuzzParser(seeds, dictionary, (text, r) => {
      const options = r.chance(0.5) ? {} : { tls: r.chance(0.5), limitRequestLine: r.int(9000), limitRequestFieldSize: r.int(9000), limitRequestFields: r.int(120) };
      const out = parseRequestHead(text, "client.request", options);
      if (out.request) serializeRequestHead(out.request);
      if (out.rejection) expect([400, 413, 414, 417, 431, 501, 505]).toContain(out.rejection.status);
      return out.diagnostics;
    }, FUZZ);
    expect(n).toBeGreaterThanOrEqual(100_000);
  });
});
