import type { Diagnostic, Scenario } from "../types.ts";

export function validateScenario(value: unknown): { scenario: Scenario | null; diagnostics: Diagnostic[] } {
  return { scenario: value as Scenario, diagnostics: [] };
}

export function parseScenarioText(text: string): { scenario: Scenario | null; diagnostics: Diagnostic[] } {
  return validateScenario(JSON.parse(text));
}
