/**
 * Fuzzing of the load-balancer settings reader (`parseSettings`, shared by the AWS ALB, Google Cloud,
 * ingress-nginx and Traefik presets): at least 100 000 inputs, half small random edits of settings texts made
 * from each vendor's own keys and defaults, half token soups of those keys, values and hostile pieces
 * (`testing/fuzz.ts`). The outcome must be settings with well-formed diagnostics, never an exception; the
 * random source is seeded (FUZZ_SEED). The per-test timeout is the hang guard.
 */
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../types.ts";
import { parseSettings, type SettingSpec, type SettingsDialect } from "./common.ts";
import { AWS_ALB_SETTINGS } from "./awsAlb.ts";
import { GCP_SETTINGS } from "./gcpHttpsLb.ts";
import { INGRESS_NGINX_SETTINGS } from "./ingressNginx.ts";
import { TRAEFIK_SETTINGS } from "./traefik.ts";
import { FUZZ, HANG_GUARD, wordsOf } from "../testing/corpusSeeds.ts";
import { fuzzParser } from "../testing/fuzz.ts";

const VENDORS: [string, readonly SettingSpec[], SettingsDialect][] = [
  ["aws-alb", AWS_ALB_SETTINGS, { vendor: "AWS ALB", unknownKey: "error", unknownKeyReason: "unknown." }],
  ["gcp-https-lb", GCP_SETTINGS, { vendor: "Google Cloud", unknownKey: "error", unknownKeyReason: "unknown." }],
  ["ingress-nginx", INGRESS_NGINX_SETTINGS, { vendor: "ingress-nginx", unknownKey: "warning", unknownKeyReason: "ignored." }],
  ["traefik", TRAEFIK_SETTINGS, { vendor: "Traefik", unknownKey: "error", unknownKeyReason: "unknown." }],
];

describe("fuzzing: settings or diagnostics, never an exception", () => {
  it("load-balancer preset settings (loadBalancers/common.ts parseSettings), every vendor's keys", HANG_GUARD, () => {
    const valueOf = (s: SettingSpec) => s.default ?? s.values?.[0] ?? (s.kind === "cidr-list" ? "10.0.0.0/8, 192.0.2.1" : s.kind === "header" ? "X-A: b" : "1");
    const seeds = VENDORS.flatMap(([, specs]) => [
      specs.map((s, i) => `${s.key}${s.key.endsWith(".") ? "X-Name" : ""}${i % 2 ? " = " : ": "}${valueOf(s)}`).join("\n"),
      specs.filter((_, i) => i % 3 === 0).map((s) => `${s.key} = "${valueOf(s)}"`).join("\n"),
    ]);
    const dictionary = wordsOf(seeds, ["=", ":", "[", "]", '"a", "b"', "'x'", "true", "false", "-1", "99999999999", "0.0.0.0/0", "::/0", "/", "# comment"]);
    // The settings readers end a line at a lone CR too, and their panes split lines so.
    const n = fuzzParser(seeds, dictionary, (text, r) => {
      const [, specs, dialect] = r.pick(VENDORS);
      const diagnostics: Diagnostic[] = [];
      const settings = parseSettings(text, specs, "proxies[0].config", dialect, diagnostics);
      for (const spec of specs) settings.value(spec.key);
      return diagnostics;
    }, { ...FUZZ, lineEnds: "any" });
    expect(n).toBeGreaterThanOrEqual(100_000);
  });
});
