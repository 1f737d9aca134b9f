/**
 * The rewrite engine's public surface. Pure TypeScript: no DOM, no UI imports; the browser, the CLI and the
 * tests all call these functions.
 */
export type * from "./types.ts";
export { simulate, ENGINE_VERSION } from "./pipeline.ts";
export { parseScenarioText, validateScenario } from "./scenario/validate.ts";
