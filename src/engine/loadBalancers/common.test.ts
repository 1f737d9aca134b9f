import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { nearestName } from "./common.ts";

/** Plain Levenshtein distance, the whole table: the reference the banded search must agree with. */
function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

describe("nearestName (did-you-mean hints)", () => {
  it("suggests the nearest name within the bound, the first of equals, else nothing", () => {
    expect(nearestName(["forwardfor", "forwarded", "httplog"], "forwardfr", 3)).toBe("forwardfor");
    expect(nearestName(["abc", "abd"], "abx", 1)).toBe("abc");
    expect(nearestName(["httplog"], "tcplogging", 3)).toBeNull();
    expect(nearestName(["Trusted.IPs"], "trusted.ips", 0, (s) => s.toLowerCase())).toBe("Trusted.IPs");
  });

  it("agrees with the plain edit distance on any names and words", () => {
    const word = fc.string({ unit: fc.constantFrom("a", "b", "c", "."), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(word, { maxLength: 6 }), word, fc.integer({ min: 0, max: 5 }), (names, w, near) => {
        let want: string | null = null;
        let best = near + 1;
        for (const n of names) {
          const d = levenshtein(n, w);
          if (d < best) [want, best] = [n, d];
        }
        expect(nearestName(names, w, near)).toBe(want);
      }),
      { numRuns: 2000 },
    );
  });

  it("gives nothing for a huge word far in length from every name", () => {
    expect(nearestName(["forwardedHeaders.trustedIPs"], "x".repeat(1_000_000), 250_000)).toBeNull();
  });
});
