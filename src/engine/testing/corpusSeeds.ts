/**
 * The conformance corpus (`e2e/conformance/corpus/`) as seed material for fuzzing and properties: its
 * scenarios, each server kind's configuration texts, and the words they are made of. Also the fuzzing knobs
 * every fuzz test shares (FUZZ_SEED, FUZZ_RUNS).
 */
import { loadCorpus } from "../../../e2e/conformance/corpus.ts";
import type { Scenario } from "../types.ts";
import type { FuzzOptions } from "./fuzz.ts";

/** Every corpus scenario, in file order. */
export const corpusScenarios: readonly Scenario[] = loadCorpus(new URL("../../../e2e/conformance/corpus/", import.meta.url).pathname).map((e) => e.scenario);

/** Non-empty texts without repeats. */
export const distinct = (texts: readonly string[]): string[] => [...new Set(texts)].filter((t) => t.length > 0);

/** The configuration texts of every server of `kind` in the corpus ("apache", "nginx", "mod_wsgi-express", …). */
export function corpusConfigs(kind: string): string[] {
  return distinct(corpusScenarios.flatMap((s) => [...s.proxies, s.backend].filter((p) => p.server === kind).map((p) => p.config)));
}

/** The words of `texts` (split at blanks) and `extra`: a dictionary for grammar-aware token soups. */
export function wordsOf(texts: readonly string[], extra: readonly string[]): string[] {
  return distinct([...texts.flatMap((t) => t.split(/[ \t\n]+/)), ...extra]);
}

/** 100 000 inputs per parser (more with FUZZ_RUNS), from a fixed seed unless FUZZ_SEED names another. */
export const FUZZ: FuzzOptions = {
  runs: Math.max(100_000, Number(process.env.FUZZ_RUNS ?? 0) || 0),
  seed: Number(process.env.FUZZ_SEED ?? 20_261_121) || 20_261_121,
};

/** A per-test timeout that only a hang reaches. */
export const HANG_GUARD = { timeout: 240_000 };
