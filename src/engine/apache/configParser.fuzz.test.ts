/**
 * Fuzzing of the Apache configuration parser: at least 100 000 inputs, half small random edits of the conformance corpus's real
 * texts (so most inputs get deep into the parser), half token soups of its own words and hostile pieces
 * (`testing/fuzz.ts`). The outcome must be a result with well-formed diagnostics, never an exception; the
 * random source is seeded (FUZZ_SEED), so a failure names its input and reruns identically. The per-test
 * timeout is the hang guard; growth on pathological inputs is
 * checked in `growth.test.ts`.
 */
import { describe, expect, it } from "vitest";
import { checkDirectives, parseApacheConfig } from "./configParser.ts";
import { corpusConfigs, FUZZ, HANG_GUARD, wordsOf } from "../testing/corpusSeeds.ts";
import { fuzzParser } from "../testing/fuzz.ts";

describe("fuzzing: a result or diagnostics, never an exception", () => {
  it("Apache configuration (apache/configParser.ts, with the directive checks)", HANG_GUARD, () => {
    const seeds = corpusConfigs("apache");
    const dictionary = wordsOf(seeds, [
      "<VirtualHost", "*:80>", "</VirtualHost>", "<Location", "/>", "</Location>", "<LocationMatch", "\"^/(a|b)\">", "</LocationMatch>",
      "<Directory", "</Directory>", "<IfModule", "mod_wsgi.c>", "</IfModule>", "<If", "\"%{HTTPS}", "==", "'on'\">", "</If>",
      "<Proxy", "</Proxy>", "<", ">", "\\", "Define", "${X}", "Include", "ProxyPass", "ProxyPassReverse", "ProxyPreserveHost",
      "RequestHeader", "Header", "unset", "set", "edit*", "early", "env=", "WSGITrustedProxies", "WSGITrustedProxyHeaders",
      "WSGIScriptAlias", "ServerName", "UseCanonicalName", "RemoteIPHeader", "RemoteIPTrustedProxy",
    ]);
    const n = fuzzParser(seeds, dictionary, (text) => {
      const out = parseApacheConfig(text, "backend.config");
      return [...out.diagnostics, ...checkDirectives(out.nodes, "backend.config")];
    }, FUZZ);
    expect(n).toBeGreaterThanOrEqual(100_000);
  });
});
