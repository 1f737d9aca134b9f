/**
 * The diagnostics reference (`content/07-diagnostics.md`) and the engine agree: every code the engine can emit
 * has an entry whose anchor is the code, and every entry is for a code the engine still emits.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { codesOf, scanDiagnosticCodes, type CodeScan } from "../../engine/testing/diagnosticCodes.ts";
import { renderMarkdown } from "./render.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const PAGE = path.join(ROOT, "content", "07-diagnostics.md");

let scan: CodeScan;
let entries: Set<string>;

beforeAll(async () => {
  scan = scanDiagnosticCodes(ROOT);
  const { html } = await renderMarkdown(readFileSync(PAGE, "utf8"), { playgroundHref: "../../" });
  // An entry is a third-level heading that is just the code; rehype-slug gives it the code as its id.
  entries = new Set([...html.matchAll(/<h3 id="([^"]+)"><code>([^<]+)<\/code><\/h3>/g)].filter((m) => m[1] === m[2]).map((m) => m[1]!));
}, 120_000);

describe("the diagnostics reference", () => {
  it("can read every code the engine emits", () => {
    expect(scan.unresolved, "code slots whose value is not a known set of strings").toEqual([]);
    expect(codesOf(scan).length).toBeGreaterThan(100);
  });

  it("has an entry, anchored at the code, for every code the engine emits", () => {
    const missing = codesOf(scan)
      .filter((code) => !entries.has(code))
      .map((code) => {
        const site = scan.sites.find((s) => s.code === code)!;
        return `${code} (${site.file}:${site.line})`;
      });
    expect(missing, "codes without an entry in content/07-diagnostics.md").toEqual([]);
  });

  it("has no entry for a code the engine no longer emits", () => {
    const emitted = new Set(codesOf(scan));
    expect([...entries].filter((code) => !emitted.has(code)), "entries for codes no longer emitted").toEqual([]);
  });
});
