import type { Result } from "./types.ts";
import { validateScenario } from "./scenario/validate.ts";

export const ENGINE_VERSION = "0.1.0";

/** Placeholder until the pipeline lands: validates and returns an empty result. */
export function simulate(input: unknown): Result {
  const { scenario, diagnostics } = validateScenario(input);
  return {
    hops: [],
    environ: null,
    response: { status: 0, headers: {} },
    trace: [],
    diagnostics,
    generated: {},
    versions: { engine: ENGINE_VERSION, format: 1, modwsgi: scenario?.modwsgi ?? "6.0", apache: "2.4.71", nginx: "1.22.1" },
  };
}
