import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { inlineScriptHashes, offlinePolicy } from "./csp.ts";

const sha = (text: string) => `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;

describe("the offline file's policy", () => {
  it("hashes the scripts a browser runs inline, and nothing else", () => {
    const html =
      `<script type="module" crossorigin>console.log(1)</script>` +
      `<script>var a = "</scr" + "ipt>";</script>` +
      `<script type="application/json" id="pp-search-index">[]</script>` +
      `<script type="module" src="./x.js"></script>`;
    expect(inlineScriptHashes(html)).toEqual([sha("console.log(1)"), sha(`var a = "</scr" + "ipt>";`)]);
  });

  it("allows scripts only by hash, never eval, and no origin at all", () => {
    const policy = offlinePolicy(["sha256-abc="]);
    expect(policy).toContain("script-src 'sha256-abc='");
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toMatch(/unsafe-eval|'self'|https?:|\*/);
    expect(/script-src[^;]*unsafe-inline/.test(policy)).toBe(false);
    expect(offlinePolicy([])).toContain("script-src 'none'");
  });
});
