import { simulate, ENGINE_VERSION, type Diagnostic, type Result, type Scenario } from "../../engine/index.ts";
import { responseHeader } from "../../engine/http/headers.ts";

/**
 * `simulate`, guarded. The engine never throws by contract; if it does anyway (a bug of ours), the page gets
 * a result that says so as an error diagnostic instead of a blank pane, and the console gets the stack.
 */
export function simulateSafely(scenario: Scenario): Result {
  try {
    return simulate(scenario);
  } catch (error) {
    console.error("simulate() threw; this is a bug in the engine", error);
    return {
      hops: [],
      environ: null,
      response: { status: 0, headers: {} },
      trace: [],
      diagnostics: [
        {
          severity: "error",
          code: "internal-error",
          source: "scenario",
          line: 1,
          column: 1,
          message: `The simulation failed with an internal error (${error instanceof Error ? error.message : String(error)}). This is a bug in the playground, not in your input.`,
        },
      ],
      generated: {},
      versions: { engine: ENGINE_VERSION, format: 1, modwsgi: scenario.modwsgi ?? "6.0", apache: "", nginx: "" },
    };
  }
}

export const hasErrors = (result: Result) => result.diagnostics.some((d) => d.severity === "error");

/** Environ keys a reader looks at first; pages show these (plus whatever proxy processing changed). */
export const KEY_ENVIRON: readonly string[] = [
  "REMOTE_ADDR",
  "HTTP_HOST",
  "SERVER_NAME",
  "SERVER_PORT",
  "wsgi.url_scheme",
  "SCRIPT_NAME",
  "PATH_INFO",
  "HTTP_X_FORWARDED_FOR",
];

/** One row of an environ table: the value now and, when proxy processing changed it, the value before. */
export interface EnvironRow {
  key: string;
  /** Null when proxy processing removed the key. */
  value: string | null;
  changed: boolean;
  /** The value before proxy processing; null when the key did not exist before. */
  before: string | null;
  step?: string;
}

/**
 * Rows for every key in the environ and every key proxy processing removed. With `only`, just those keys (and
 * any that proxy processing changed), in that order. With `pinned`, those keys come first, in that order, and
 * the rest follow sorted by key.
 */
export function environRows(
  result: Result,
  options: { only?: readonly string[]; pinned?: readonly string[] } = {},
): EnvironRow[] {
  const { only, pinned = only ?? [] } = options;
  const environ = result.environ ?? {};
  const changes = result.environChanges ?? {};
  const keys = new Set([...Object.keys(environ), ...Object.keys(changes)]);
  const rows: EnvironRow[] = [];
  for (const key of keys) {
    const change = changes[key];
    if (only && !only.includes(key) && !change) continue;
    rows.push({
      key,
      value: key in environ ? environ[key]! : change ? change.after : null,
      changed: change !== undefined,
      before: change ? change.before : null,
      step: change?.step,
    });
  }
  const rank = (key: string) => {
    const index = pinned.indexOf(key);
    return index < 0 ? pinned.length : index;
  };
  return rows.sort((a, b) => rank(a.key) - rank(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Reason phrases for the statuses the engine can produce. */
const REASONS: Record<number, string> = {
  200: "OK",
  301: "Moved Permanently",
  302: "Found",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  414: "URI Too Long",
  421: "Misdirected Request",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export function statusText(status: number): string {
  if (!status) return "no response";
  return `${status} ${REASONS[status] ?? ""}`.trim();
}

/**
 * The one-line summary of a result, as the status line shows it: the client's status (and Location), the
 * REMOTE_ADDR and scheme the application saw, and what the exposure check found. Parts joined by " · ".
 */
export function resultSummary(result: Result): string {
  const location = responseHeader(result.response.headers, "Location");
  const parts = [`Client gets ${statusText(result.response.status)}${location ? ` → ${location}` : ""}`];
  if (result.environ?.REMOTE_ADDR !== undefined) parts.push(`REMOTE_ADDR ${result.environ.REMOTE_ADDR}`);
  if (result.environ?.["wsgi.url_scheme"]) parts.push(`scheme ${result.environ["wsgi.url_scheme"]}`);
  const exposure = result.exposure;
  if (exposure?.location?.reachable === false) parts.push("the client cannot reach that Location");
  if (exposure?.leaks.length) parts.push(`back-end address in the ${[...new Set(exposure.leaks.map((l) => (l.where === "body" ? "body" : "headers")))].join(" and ")}`);
  return parts.join(" · ");
}

/** "no problems", or the counts: "1 error, 2 warnings" (a count of zero is left out). */
export function problemsSummary(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  if (errors + warnings === 0) return "no problems";
  return [errors && `${errors} error${errors === 1 ? "" : "s"}`, warnings && `${warnings} warning${warnings === 1 ? "" : "s"}`].filter(Boolean).join(", ");
}
