import { describe, expect, it } from "vitest";
import { FORMAT_MIGRATIONS, migrateScenario, type FormatMigration } from "./migrate.ts";
import { SCENARIO_FORMAT_VERSION } from "./validate.ts";

// A chain of the shape a later release would add: format 2 renames client.tls, format 3 adds a field.
const chain: FormatMigration[] = [
  {
    from: 2,
    summary: "format 3 adds client.port",
    migrate: (d) => ({ ...d, client: { ...(d.client as object), port: 80 } }),
  },
  {
    from: 1,
    summary: "format 2 renames client.tls to client.https",
    migrate: (d) => {
      const { tls, ...client } = d.client as Record<string, unknown>;
      return { ...d, client: { ...client, https: tls ?? false } };
    },
  },
];

describe("the project's migration chain", () => {
  it("has one step per format from 1 up to the current one, in order", () => {
    expect(FORMAT_MIGRATIONS.map((m) => m.from)).toEqual(
      Array.from({ length: SCENARIO_FORMAT_VERSION - 1 }, (_, i) => i + 1),
    );
  });

  it("leaves a document of the current format as it is", () => {
    const doc = { version: SCENARIO_FORMAT_VERSION, client: { address: "203.0.113.7" } };
    expect(migrateScenario(doc, SCENARIO_FORMAT_VERSION)).toEqual({ ok: true, document: doc, applied: [] });
  });
});

describe("migrateScenario", () => {
  it("applies every step from the document's format on, oldest first, and sets the version", () => {
    const doc = { version: 1, client: { address: "203.0.113.7", tls: true } };
    const outcome = migrateScenario(doc, 1, chain, 3);
    expect(outcome).toEqual({
      ok: true,
      document: { version: 3, client: { address: "203.0.113.7", https: true, port: 80 } },
      applied: ["format 2 renames client.tls to client.https", "format 3 adds client.port"],
    });
    // The input is not touched.
    expect(doc).toEqual({ version: 1, client: { address: "203.0.113.7", tls: true } });
  });

  it("starts from the middle of the chain", () => {
    const outcome = migrateScenario({ version: 2, client: {} }, 2, chain, 3);
    expect(outcome.ok && outcome.applied).toEqual(["format 3 adds client.port"]);
  });

  it("refuses a format newer than the target, naming both", () => {
    const outcome = migrateScenario({ version: 4 }, 4, chain, 3);
    expect(outcome).toMatchObject({ ok: false, code: "scenario-format-newer" });
    expect(!outcome.ok && outcome.message).toMatch(/format 4.*format 3 and older.*newer release/);
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses %s as a format version", (from) => {
    expect(migrateScenario({}, from, chain, 3)).toMatchObject({ ok: false, code: "scenario-format-unknown" });
  });

  it("reports a gap in the chain instead of skipping it", () => {
    const outcome = migrateScenario({ version: 1 }, 1, [chain[0]!], 3);
    expect(outcome).toMatchObject({ ok: false, code: "scenario-migration-failed" });
    expect(!outcome.ok && outcome.message).toContain("from scenario format 1 to 2");
  });

  it("reports a step that throws, never throwing itself", () => {
    const broken: FormatMigration = { from: 1, summary: "x", migrate: () => { throw new TypeError("no client"); } };
    const outcome = migrateScenario({ version: 1 }, 1, [broken], 2);
    expect(outcome).toEqual({ ok: false, code: "scenario-migration-failed", message: "the migration from scenario format 1 to 2 failed: no client" });
  });
});
