/**
 * All generated texts for a simulated scenario (`Result.generated`): the back end as manual Apache config
 * and as a mod_wsgi-express command (for an "apache" back end only; a "mod_wsgi-express" back end gets its
 * `apache` text elsewhere), one text per front end, and the client's request as curl. Notes (step
 * `generate.*`) go to `notes`. Never throws: a failing generator leaves its text out and says so in a note.
 */
import type { Generated, Scenario, TraceEntry } from "../types.ts";
import type { GenerateContext, GenerateVersions } from "./common.ts";
import { generateApacheBackend } from "./apacheBackend.ts";
import { generateExpressCommand } from "./expressCommand.ts";
import { generateFrontEnds } from "./frontEnds.ts";
import { generateCurl } from "./curl.ts";

export function generateAll(scenario: Scenario, versions: GenerateVersions): Generated {
  const notes: TraceEntry[] = [];
  const gen: GenerateContext = { versions, notes };
  const out: Generated = {};
  const attempt = <T>(what: string, f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      notes.push({ step: `generate.${what}`, message: `the ${what} text could not be generated (${e instanceof Error ? e.message : String(e)}).` });
      return undefined;
    }
  };
  if (scenario.backend.server === "apache") {
    const apache = attempt("apache", () => generateApacheBackend(scenario, gen));
    if (apache !== undefined) out.apache = apache;
    const express = attempt("express", () => generateExpressCommand(scenario, gen));
    if (express !== undefined) out.express = express;
  }
  const frontends = attempt("frontends", () => generateFrontEnds(scenario, gen));
  if (frontends && frontends.length) out.frontends = frontends;
  const curl = attempt("curl", () => generateCurl(scenario, gen));
  if (curl !== undefined) out.curl = curl;
  if (notes.length) out.notes = notes;
  return out;
}
