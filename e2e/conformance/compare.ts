/**
 * Engine against reality, field by field: the response status, the Location header and every environ key
 * that does not vary by run (`volatile.ts`). Pure (no I/O), so the runner uses it on fresh observations and the
 * site build uses it on the committed ones in `observed/` before it calls an example verified.
 */
import type { Result } from "../../src/engine/types.ts";
import { volatileReason } from "./volatile.ts";
import { responseHeader } from "../../src/engine/http/headers.ts";

export interface Disagreement {
  field: string;
  engine: unknown;
  real: unknown;
}

/** What the comparison needs from a real run. `status` null: the client got no response at all. */
export interface ObservedOutcome {
  status: number | null;
  headers: Record<string, string>;
  environ: Record<string, string> | null;
  /** The body the client received, when it is not the application's environ echo. */
  body?: string;
  /** The runner's temporary directory; values containing it are not compared. */
  tempDir?: string;
}

/** A response header's value, matched case-insensitively, or null when absent. */
export function headerValue(headers: Record<string, string>, name: string): string | null {
  return responseHeader(headers, name) ?? null;
}

/** Every field where the engine's result and the real outcome differ; empty when they agree. */
export function compareOutcome(engine: Result, real: ObservedOutcome): Disagreement[] {
  const d: Disagreement[] = [];
  // The engine writes status 0 (closed) for "the client got no response".
  const engStatus = engine.response?.status ?? null;
  const same = engStatus === real.status || (real.status === null && engStatus === 0);
  if (!same) d.push({ field: "response.status", engine: engStatus, real: real.status ?? "(no response)" });
  const engLoc = headerValue(engine.response?.headers ?? {}, "Location");
  const realLoc = headerValue(real.headers, "Location");
  if (engLoc !== realLoc) d.push({ field: "response.headers.Location", engine: engLoc, real: realLoc });
  // Bodies and Content-Type are compared where the engine states them (error documents, redirects): that is
  // where back-end URLs leak.
  if (engine.response?.body !== undefined && real.body !== undefined && engine.response.body !== real.body) {
    d.push({ field: "response.body", engine: engine.response.body, real: real.body });
  }
  const engType = headerValue(engine.response?.headers ?? {}, "Content-Type");
  const realType = headerValue(real.headers, "Content-Type");
  if (engType !== null && engType !== realType) d.push({ field: "response.headers.Content-Type", engine: engType, real: realType });
  const ee = engine.environ;
  const re = real.environ;
  if (ee === null || re === null) {
    if (ee !== re) {
      d.push({
        field: "environ",
        engine: ee === null ? null : `{${Object.keys(ee).length} keys}`,
        real: re === null ? null : `{${Object.keys(re).length} keys}`,
      });
    }
    return d;
  }
  const keys = new Set([...Object.keys(ee), ...Object.keys(re)]);
  for (const k of [...keys].sort()) {
    if (volatileReason(k, re[k], real.tempDir)) continue;
    const ev = Object.prototype.hasOwnProperty.call(ee, k) ? ee[k]! : null;
    const rv = Object.prototype.hasOwnProperty.call(re, k) ? re[k]! : null;
    if (ev !== rv) d.push({ field: `environ.${k}`, engine: ev ?? "(absent)", real: rv ?? "(absent)" });
  }
  return d;
}
