/**
 * The diagnostics reference (`content/07-diagnostics.md`), the catalogue of codes (`src/engine/diagnosticCodes.ts`)
 * and the sources agree: the page has one entry, anchored at the code, per catalogued code; every catalogued code
 * is emitted somewhere in the engine or the site, at the severities catalogued for it. (That every emitted code
 * is catalogued is the compiler's check: `Diagnostic.code` is a `DiagnosticCode`.)
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DIAGNOSTIC_CODES, type DiagnosticCode } from "../../engine/diagnosticCodes.ts";
import type { Diagnostic } from "../../engine/index.ts";
import { codesOf, scanDiagnosticCodes, type CodeScan } from "../../engine/testing/emittedCodes.ts";
import { renderMarkdown } from "./render.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const PAGE = path.join(ROOT, "content", "07-diagnostics.md");
const CATALOGUE = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];

let scan: CodeScan;
/** The page's entries, in page order. */
let entries: string[];

beforeAll(async () => {
  scan = scanDiagnosticCodes(ROOT);
  const { html } = await renderMarkdown(readFileSync(PAGE, "utf8"), { playgroundHref: "../../" });
  // An entry is a third-level heading that is just the code; rehype-slug gives it the code as its id.
  entries = [...html.matchAll(/<h3 id="([^"]+)"><code>([^<]+)<\/code><\/h3>/g)].filter((m) => m[1] === m[2]).map((m) => m[1]!);
}, 120_000);

describe("the diagnostics reference", () => {
  it("has an entry, anchored at the code, for every catalogued code", () => {
    expect(CATALOGUE.length).toBeGreaterThan(100);
    expect(CATALOGUE.filter((code) => !entries.includes(code)), "catalogued codes without an entry in content/07-diagnostics.md").toEqual([]);
  });

  it("has no entry for a code the catalogue lacks, and none twice", () => {
    expect(entries.filter((code) => !(code in DIAGNOSTIC_CODES)), "entries for codes not in diagnosticCodes.ts").toEqual([]);
    expect(entries.filter((code, i) => entries.indexOf(code) !== i), "codes with two entries").toEqual([]);
  });
});

describe("the catalogue of diagnostic codes", () => {
  it("is the type of a diagnostic's code, so the compiler refuses a code it lacks", () => {
    const at = { severity: "error", source: "backend.config", line: 1, column: 1, message: "m" } as const;
    const known: Diagnostic = { ...at, code: "trusted-proxies-bad-mask" };
    // @ts-expect-error: a typo of trusted-proxies-bad-mask is no catalogued code (`tsc` fails if this is accepted)
    const typo: Diagnostic = { ...at, code: "trusted-proxies-bad-msk" };
    expect(known.code in DIAGNOSTIC_CODES && !(typo.code in DIAGNOSTIC_CODES)).toBe(true);
  });

  it("gives each code a severity and a one-line summary", () => {
    const bad = CATALOGUE.filter((code) => {
      const { severities, summary } = DIAGNOSTIC_CODES[code];
      return severities.length === 0 || new Set(severities).size !== severities.length || !/^\S.*\.$/.test(summary) || summary.includes("\n");
    });
    expect(bad, "codes without a severity or a one-line summary ending in a full stop").toEqual([]);
  });

  it("can read every code slot of the sources", () => {
    expect(scan.unresolved, "code slots whose value is not a known set of strings").toEqual([]);
  });

  it("has only codes that are emitted somewhere, and every emitted code", () => {
    const emitted = codesOf(scan);
    expect(CATALOGUE.filter((code) => !emitted.includes(code)), "catalogued codes nothing emits").toEqual([]);
    expect(emitted.filter((code) => !(code in DIAGNOSTIC_CODES)), "emitted codes the catalogue lacks").toEqual([]);
  });

  it("gives each code the severities it is emitted at", () => {
    const wrong: string[] = [];
    for (const code of CATALOGUE) {
      const sites = scan.sites.filter((s) => s.code === code);
      const seen = new Set(sites.flatMap((s) => s.severities ?? []));
      const listed = DIAGNOSTIC_CODES[code].severities;
      for (const site of sites) {
        const extra = (site.severities ?? []).filter((s) => !listed.includes(s));
        if (extra.length) wrong.push(`${code}: ${extra.join(", ")} at ${site.file}:${site.line}, not catalogued`);
      }
      // Where every site tells its severity, the catalogue lists no other.
      if (sites.every((s) => s.severities !== null)) {
        const unused = listed.filter((s) => !seen.has(s));
        if (unused.length) wrong.push(`${code}: catalogued as ${unused.join(", ")}, emitted so nowhere`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
