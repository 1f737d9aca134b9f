/**
 * Scenario format migrations: how a document written in an older format version becomes one the engine reads.
 *
 * The scenario format only grows (scenario-format.md: new optional fields, never a new meaning for a field), so
 * a document of format N stays valid in N until a release changes the meaning of something; that release raises
 * `SCENARIO_FORMAT_VERSION` and adds one step here, from N to N + 1. Saved links and scenario files of every
 * older format then go through the chain, oldest step first, and open as they did. Format 1 is the first and
 * still the current format, so the chain has no step yet; the runner and its checks are exercised by the unit
 * tests with chains of their own.
 *
 * Pure and never throwing: a step that throws, a gap in the chain or a format newer than this engine comes back
 * as an error with a code and a message for the reader.
 */
import type { DiagnosticCode } from "../types.ts";
import { SCENARIO_FORMAT_VERSION } from "./validate.ts";

/** One step of the chain: turns a document of format `from` into one of format `from + 1`. */
export interface FormatMigration {
  /** The format version this step reads. */
  from: number;
  /** What the step changes, in a sentence a reader understands ("format 2 renames client.tls to …"). */
  summary: string;
  /** Returns the migrated document; need not set `version` (the runner does). Must not mutate its argument. */
  migrate(document: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

/** The migrations of the scenario format, oldest first. Empty while format 1 is the current format. */
export const FORMAT_MIGRATIONS: readonly FormatMigration[] = [];

export type MigrationOutcome =
  | { ok: true; document: Record<string, unknown>; applied: string[] }
  | { ok: false; code: Extract<DiagnosticCode, "scenario-format-newer" | "scenario-format-unknown" | "scenario-migration-failed">; message: string };

/**
 * Brings `document`, written in format `from`, to format `to` (default: the current one) by applying each step
 * of `chain` in turn. Returns the new document (a copy when any step ran, `document` itself otherwise) and the
 * summaries of the steps applied, or an error: `scenario-format-newer` when `from` is newer than `to` (the
 * document comes from a later release), `scenario-format-unknown` when `from` is not a whole number from 1 on,
 * `scenario-migration-failed` when the chain lacks a step or a step throws.
 */
export function migrateScenario(
  document: Record<string, unknown>,
  from: number,
  chain: readonly FormatMigration[] = FORMAT_MIGRATIONS,
  to: number = SCENARIO_FORMAT_VERSION,
): MigrationOutcome {
  if (!Number.isInteger(from) || from < 1) {
    return { ok: false, code: "scenario-format-unknown", message: `scenario format ${String(from)} is not a format version (they are whole numbers from 1 on)` };
  }
  if (from > to) {
    return {
      ok: false,
      code: "scenario-format-newer",
      message: `it holds scenario format ${from}, and this version of the playground reads format ${to} and older. It comes from a newer release`,
    };
  }
  let current = document;
  const applied: string[] = [];
  for (let version = from; version < to; version++) {
    const step = chain.find((m) => m.from === version);
    if (!step) {
      return { ok: false, code: "scenario-migration-failed", message: `there is no migration from scenario format ${version} to ${version + 1}` };
    }
    try {
      current = { ...step.migrate(current), version: version + 1 };
    } catch (error) {
      const detail = error instanceof Error ? `: ${error.message}` : "";
      return { ok: false, code: "scenario-migration-failed", message: `the migration from scenario format ${version} to ${version + 1} failed${detail}` };
    }
    applied.push(step.summary);
  }
  return { ok: true, document: current, applied };
}
