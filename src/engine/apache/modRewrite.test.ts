/**
 * mod_rewrite's flags field (modRewrite.ts). Expected answers are what `apache2 -t` said on Apache 2.4.71; the same
 * cases run against the real server as syntax rows RF01–RF47 (e2e/conformance/syntax/rewrite-flags.json).
 */
import { describe, expect, it } from "vitest";
import { rewriteFlagsProblem } from "./modRewrite.ts";

describe("RewriteRule flags", () => {
  it.each([
    ["[L,NC,QSA]", null],
    ["[last,nocase,qsappend]", null],
    ["[R=permanent]", null],
    ["[R=abc]", null],
    ["[R=500]", null],
    ["[DX]", null],
    ["[BNE=/]", null],
    ["[Z]", "RewriteRule: unknown flag 'Z'"],
    ["[Q]", "RewriteRule: unknown flag 'Q'"],
    ["[L,]", "RewriteRule: unknown flag ''"],
    ["[L", "RewriteRule: bad flag delimiters"],
    ["", "RewriteRule: bad flag delimiters"],
    ["[R=299]", "RewriteRule: invalid HTTP response code '299' for flag 'R'"],
    ["[R=3xx]", "RewriteRule: invalid HTTP response code '3xx' for flag 'R'"],
    ["[BNE]", "RewriteRule: flag 'BNE' wants a list of characters (i.e. [BNE=...])"],
  ])("%s → %s", (field, problem) => {
    expect(rewriteFlagsProblem("RewriteRule", field)).toBe(problem);
  });
});

describe("RewriteCond flags", () => {
  it.each([
    ["[NC,OR]", null],
    ["[novary]", null],
    ["[L]", "RewriteCond: unknown flag 'L'"],
    ["[NC", "RewriteCond: bad flag delimiters"],
  ])("%s → %s", (field, problem) => {
    expect(rewriteFlagsProblem("RewriteCond", field)).toBe(problem);
  });
});
