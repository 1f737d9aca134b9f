/**
 * Reads and checks scenario format v1 (`scenario-format.md`, the public contract; `scenario.schema.json` is
 * the same contract as JSON Schema 2020-12, and a test keeps the two in agreement).
 *
 * `validateScenario` checks a value already parsed; `parseScenarioText` parses JSON text first and points
 * every problem at its line and column. Both return a fresh scenario with the defaults filled in (modwsgi
 * "6.0", client.tls false, proxies []), leave unknown fields out with a warning (the format grows by new
 * optional fields, so an unknown field may be from a later playground), never mutate their input and never
 * throw. Address syntax is checked by the engine where the address is used, not here.
 *
 * Hand-written rather than generated from the schema so that the browser bundle carries no schema engine.
 */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from "jsonc-parser";
import type { AppSpec, BackendKind, BackendSpec, ClientSpec, Diagnostic, ModWsgiVersion, ProxyKind, ProxySpec, RedirectStatus, Scenario, Severity, WsgiProxyBehaviour } from "../types.ts";
import { lineLimitCrossing, MAX_PANE_BYTES, MAX_PROXIES, MAX_REQUEST_HEADER_LINES, utf8LimitCrossing, type LimitCrossing } from "./limits.ts";
import { isDigits } from "../cRuntime.ts";

/** A path into the scenario: property names and array indices, e.g. ["proxies", 0, "listen"]. */
export type ScenarioPath = (string | number)[];

/** Where a path is in the source text. `part` "key" asks for the property name rather than its value. */
export type ScenarioLocator = (path: ScenarioPath, part?: "key" | "value") => { line: number; column: number; endLine?: number; endColumn?: number };

export interface ScenarioCheck {
  /** The scenario with defaults filled in, or null when there is any error diagnostic. */
  scenario: Scenario | null;
  diagnostics: Diagnostic[];
}

/** The one format version this engine reads. */
export const SCENARIO_FORMAT_VERSION = 1;
/** Nesting deeper than this is not a scenario (v1 nests four levels); the text is not parsed further. */
const MAX_JSON_DEPTH = 64;
/** After this many problems the rest are summarised in one diagnostic. */
const MAX_DIAGNOSTICS = 100;

const MODWSGI_VERSIONS: readonly ModWsgiVersion[] = ["4.9", "6.0"];
const WSGIPROXY_BEHAVIOURS: readonly WsgiProxyBehaviour[] = ["documented", "released", "unreleased"];
const PROXY_KINDS: readonly ProxyKind[] = ["apache", "nginx", "haproxy", "mod_wsgi-express", "aws-alb", "gcp-https-lb", "ingress-nginx", "traefik", "wsgiproxy"];
const BACKEND_KINDS: readonly BackendKind[] = ["apache", "mod_wsgi-express"];
const TOP_FIELDS = ["version", "modwsgi", "client", "proxies", "backend", "wsgiproxy"];
const CLIENT_FIELDS = ["address", "tls", "request"];
const PROXY_FIELDS = ["server", "listen", "address", "config", "environ"];
const BACKEND_FIELDS = ["server", "listen", "address", "config", "directories", "app", "middleware"];

type Obj = Record<string, unknown>;
const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
/** An optional field with a value: one set to undefined (as this module's own output has them) is absent, as in JSON. */
const present = (o: object, k: string) => has(o, k) && (o as Obj)[k] !== undefined;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** "proxies[0].listen" */
function pathText(path: ScenarioPath): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
  return out || "(the scenario)";
}

/** A short, safe rendering of any value for a message. */
function show(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  if (typeof v === "function") return "a function";
  if (typeof v === "string") return v.length > 40 ? JSON.stringify(v.slice(0, 40)) + "…" : JSON.stringify(v);
  return String(v);
}

/**
 * Checks `listen`: `host:port`, host an IPv4 address or a name, or an IPv6 address in brackets; port 1..65535
 * written without leading zeros. Returns null when fine, else what is wrong. Linear, no regular expression.
 */
export function listenProblem(listen: string): string | null {
  if (listen === "") return "it is empty; write host:port, e.g. 10.0.0.5:8000";
  const colon = listen.lastIndexOf(":");
  if (colon < 0) return `it has no port; write host:port, e.g. ${listen.slice(0, 40)}:80`;
  const host = listen.slice(0, colon);
  const port = listen.slice(colon + 1);
  if (host.startsWith("[")) {
    if (!host.endsWith("]") || host.length < 3) return "an IPv6 address must be written in brackets, e.g. [2001:db8::1]:8000";
    for (let i = 1; i < host.length - 1; i++) {
      const c = host.charCodeAt(i);
      const ok = (c >= 0x30 && c <= 0x3a) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66) || c === 0x2e;
      if (!ok) return `"${host}" is not an IPv6 address in brackets`;
    }
  } else {
    if (host === "") return "the host is missing; write host:port, e.g. 10.0.0.5:8000";
    if (host.includes(":")) return "an IPv6 address must be written in brackets, e.g. [2001:db8::1]:8000";
    for (let i = 0; i < host.length; i++) {
      const c = host.charCodeAt(i);
      const ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2e || c === 0x2d || c === 0x5f;
      if (!ok) return `the host ${show(host)} holds ${show(host[i])}, which no address or host name has`;
    }
  }
  if (port === "") return "the port is missing after ':'";
  if (port.length > 5 || !isDigits(port)) return `the port ${show(port)} is not a number from 1 to 65535`;
  if (port[0] === "0") return `the port ${show(port)} must be a number from 1 to 65535 without leading zeros`;
  if (Number(port) > 65535) return `the port ${port} is over 65535`;
  return null;
}

/**
 * Checks a scenario value against format v1 and returns a fresh, completed copy. In the copy every server has
 * every optional field and the scenario has `wsgiproxy`, undefined when not set (JSON.stringify leaves them out,
 * and a field set to undefined reads as absent here too), so that the engine meets one shape of each object.
 *
 * Input: anything (the result of JSON.parse, a permalink's payload, an object built in code). `locate`, when
 * given, maps a path such as ["proxies", 0, "listen"] to its position in the source text; without it every
 * diagnostic is at line 1, column 1 and its message names the path. Output: `scenario` (null when there is
 * any error) and diagnostics, all with source "scenario":
 * - error `scenario-not-object`: the document is not a JSON object.
 * - error `scenario-version-missing` / `scenario-version-unsupported`: `version` is absent, or not 1 (a later
 *   version names itself, so the reader knows to upgrade).
 * - error `scenario-field-missing`, `scenario-field-type`, `scenario-field-value`: a required field is absent,
 *   of the wrong JSON type, or not one of the allowed values (modwsgi, server kinds, empty address).
 * - error `scenario-listen-invalid`: `listen` is not host:port (IPv6 in brackets, port 1..65535).
 * - error `scenario-directory-invalid`: a `backend.directories` entry does not start with "/".
 * - error `scenario-text-too-large`: `client.request` or a `config` is over 256 KiB of UTF-8 (`limits.ts`); the
 *   diagnostic's source is that text (e.g. "backend.config") and its line and column where the limit is crossed.
 * - error `scenario-too-many-headers`: `client.request` has more than 1000 header lines (source "client.request").
 * - error `scenario-too-many-proxies`: more than 16 proxies; the ones past the 16th are not checked.
 * - warning `scenario-unknown-field`: a field v1 does not define; it is left out of the result.
 * - info `scenario-too-many-problems`: the count of problems beyond the first 100.
 * Never throws and never mutates `value`, whatever it is (getters that throw included).
 */
export function validateScenario(value: unknown, locate?: ScenarioLocator): ScenarioCheck {
  const diagnostics: Diagnostic[] = [];
  let dropped = 0;
  let errors = 0;
  const report: Report = (severity, code, path, message, part = "value", inText) => {
    if (severity === "error") errors++;
    if (diagnostics.length >= MAX_DIAGNOSTICS) {
      dropped++;
      return;
    }
    let pos: ReturnType<ScenarioLocator> = { line: 1, column: 1 };
    if (inText) pos = inText;
    else if (locate) {
      try {
        pos = locate(path, part);
      } catch {
        // A caller's locator failed: keep the default position.
      }
    }
    const d: Diagnostic = { severity, code, source: inText ? pathText(path) : "scenario", line: pos.line, column: pos.column, message };
    if (pos.endLine !== undefined) d.endLine = pos.endLine;
    if (pos.endColumn !== undefined) d.endColumn = pos.endColumn;
    diagnostics.push(d);
  };
  const finish = (scenario: Scenario | null): ScenarioCheck => {
    if (dropped > 0) {
      diagnostics.push({ severity: "info", code: "scenario-too-many-problems", source: "scenario", line: 1, column: 1, message: `${dropped} more problems are not listed.` });
    }
    return { scenario: errors > 0 ? null : scenario, diagnostics };
  };

  try {
    return finish(check(value, report));
  } catch (error) {
    // Only hostile input gets here (a Proxy or a getter that throws); the checks themselves do not throw.
    const detail = error instanceof Error ? `: ${error.message}` : "";
    report("error", "scenario-not-object", [], `The scenario could not be read${detail}.`);
    return finish(null);
  }
}

/** `inText`: the diagnostic points into the text at `path` itself (source "backend.config" etc.), not at the JSON. */
type Report = (severity: Severity, code: Diagnostic["code"], path: ScenarioPath, message: string, part?: "key" | "value", inText?: LimitCrossing) => void;

function check(value: unknown, report: Report): Scenario | null {
  if (!isObject(value)) {
    report("error", "scenario-not-object", [], `A scenario is a JSON object like {"version": 1, "client": …, "backend": …}; this is ${show(value)}.`);
    return null;
  }
  unknownFields(value, [], TOP_FIELDS, report);

  if (!has(value, "version")) {
    report("error", "scenario-version-missing", [], 'The scenario has no "version": format v1 documents say "version": 1.');
  } else if (value.version !== SCENARIO_FORMAT_VERSION) {
    const v = value.version;
    const later = typeof v === "number" && Number.isInteger(v) && v > SCENARIO_FORMAT_VERSION;
    report(
      "error",
      "scenario-version-unsupported",
      ["version"],
      later
        ? `This scenario is format version ${v}; this playground reads version 1 only. Open it in a newer playground.`
        : `"version" is ${show(v)}; format v1 documents say "version": 1 (a number).`,
    );
  }

  let modwsgi: ModWsgiVersion = "6.0";
  if (has(value, "modwsgi")) {
    const m = value.modwsgi;
    if (typeof m === "string" && (MODWSGI_VERSIONS as readonly string[]).includes(m)) modwsgi = m as ModWsgiVersion;
    else report("error", typeof m === "string" ? "scenario-field-value" : "scenario-field-type", ["modwsgi"], `"modwsgi" is ${show(m)}; use "4.9" (4.9.4, as Debian 12 ships it) or "6.0" (the default).`);
  }

  let wsgiproxy: WsgiProxyBehaviour | undefined;
  if (present(value, "wsgiproxy")) {
    const w = value.wsgiproxy;
    if (typeof w === "string" && (WSGIPROXY_BEHAVIOURS as readonly string[]).includes(w)) wsgiproxy = w as WsgiProxyBehaviour;
    else report("error", typeof w === "string" ? "scenario-field-value" : "scenario-field-type", ["wsgiproxy"], `"wsgiproxy" is ${show(w)}; use "documented" (what WSGIProxy's documentation promises), "released" (PyPI's 0.2.2 as it runs, the default) or "unreleased" (the repository's last code as it runs).`);
  }

  const client = checkClient(value, report);

  let proxies: ProxySpec[] = [];
  if (has(value, "proxies")) {
    const list = value.proxies;
    if (!Array.isArray(list)) {
      report("error", "scenario-field-type", ["proxies"], `"proxies" is ${show(list)}; it is a list of front-end servers, [] when the client reaches the back end directly.`);
    } else {
      proxies = [];
      if (list.length > MAX_PROXIES) {
        report("error", "scenario-too-many-proxies", ["proxies", MAX_PROXIES], `The scenario has ${list.length} proxies; this playground simulates at most ${MAX_PROXIES} (real chains have one to three). The ones past the ${MAX_PROXIES}th are not read.`);
      }
      for (let i = 0; i < Math.min(list.length, MAX_PROXIES); i++) {
        const p = checkServer(list[i], ["proxies", i], PROXY_KINDS, PROXY_FIELDS, report);
        if (p) proxies.push(p as ProxySpec);
      }
    }
  }

  let backend: BackendSpec | null = null;
  if (!has(value, "backend")) report("error", "scenario-field-missing", [], 'The scenario has no "backend": the server that runs the application.');
  else backend = checkServer(value.backend, ["backend"], BACKEND_KINDS, BACKEND_FIELDS, report) as BackendSpec | null;

  if (!client || !backend) return null;
  return { version: 1, modwsgi, wsgiproxy, client, proxies, backend };
}

function unknownFields(o: Obj, path: ScenarioPath, known: string[], report: Report): void {
  for (const key in o) {
    // A field set to undefined is absent, as in JSON; inherited keys are not the object's own.
    if (!known.includes(key) && o[key] !== undefined && has(o, key)) {
      report("warning", "scenario-unknown-field", [...path, key], `${pathText([...path, key])} is not a format v1 field; it is ignored. Known fields here: ${known.join(", ")}.`, "key");
    }
  }
}

function stringField(o: Obj, path: ScenarioPath, key: string, report: Report, what: string, nonEmpty: boolean): string | null {
  if (!has(o, key)) {
    report("error", "scenario-field-missing", path, `${pathText(path)} has no "${key}": ${what}.`);
    return null;
  }
  const v = o[key];
  if (typeof v === "string" && !(nonEmpty && v.trim() === "")) return v;
  const at = [...path, key];
  if (typeof v !== "string") report("error", "scenario-field-type", at, `${pathText(at)} is ${show(v)}; it must be a string: ${what}.`);
  else report("error", "scenario-field-value", at, `${pathText(at)} is empty: ${what}.`);
  return null;
}

function checkClient(value: Obj, report: Report): ClientSpec | null {
  if (!has(value, "client")) {
    report("error", "scenario-field-missing", [], 'The scenario has no "client": who sends the request, and the request itself.');
    return null;
  }
  const c = value.client;
  if (!isObject(c)) {
    report("error", "scenario-field-type", ["client"], `"client" is ${show(c)}; it is an object with "address", "tls" and "request".`);
    return null;
  }
  unknownFields(c, ["client"], CLIENT_FIELDS, report);
  const address = stringField(c, ["client"], "address", report, "the client's IP address, e.g. 203.0.113.7", true);
  let tls = false;
  if (has(c, "tls")) {
    if (typeof c.tls === "boolean") tls = c.tls;
    else report("error", "scenario-field-type", ["client", "tls"], `client.tls is ${show(c.tls)}; it must be true or false (the default).`);
  }
  const request = stringField(c, ["client"], "request", report, "the request head as sent, e.g. \"GET / HTTP/1.1\\nHost: www.example.com\\n\"", false);
  if (request !== null && !withinPaneLimit(request, ["client", "request"], report)) return null;
  if (request !== null) {
    const crossing = lineLimitCrossing(request, MAX_REQUEST_HEADER_LINES + 1);
    if (crossing) {
      report("error", "scenario-too-many-headers", ["client", "request"], `The request has more than ${MAX_REQUEST_HEADER_LINES} header lines; this playground stops reading here. (Apache answers 400 past 100 fields, HAProxy past 101.)`, "value", crossing);
      return null;
    }
  }
  if (address === null || request === null) return null;
  return { address, tls, request };
}

/**
 * False, with an error `scenario-text-too-large` pointing into the text where it crosses 256 KiB, when `text`
 * is over the pane limit (`limits.ts`). The engine reads no further than this count.
 */
function withinPaneLimit(text: string, path: ScenarioPath, report: Report, key?: string): boolean {
  const crossing = utf8LimitCrossing(text, MAX_PANE_BYTES);
  if (!crossing) return true;
  report(
    "error",
    "scenario-text-too-large",
    key === undefined ? path : [...path, key],
    `This text is over ${MAX_PANE_BYTES / 1024} KiB, the most this playground reads in one pane; it stops reading here. Your text is kept: shorten it to see a result.`,
    "value",
    crossing,
  );
  return false;
}

/** `a`, `a and b`, `a, b and c`. */
function listText(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function checkServer(v: unknown, path: ScenarioPath, kinds: readonly string[], fields: string[], report: Report): ProxySpec | BackendSpec | null {
  if (!isObject(v)) {
    report("error", "scenario-field-type", path, `${pathText(path)} is ${show(v)}; it is an object with "server", "listen", "address" and "config".`);
    return null;
  }
  unknownFields(v, path, fields, report);
  let ok = true;
  let server: string | null = null;
  if (!has(v, "server")) {
    report("error", "scenario-field-missing", path, `${pathText(path)} has no "server": one of ${kinds.map((k) => `"${k}"`).join(", ")}.`);
    ok = false;
  } else if (typeof v.server !== "string" || !kinds.includes(v.server)) {
    const at = [...path, "server"];
    report(
      "error",
      typeof v.server === "string" ? "scenario-field-value" : "scenario-field-type",
      at,
      `${pathText(at)} is ${show(v.server)}; this engine knows ${listText(kinds.map((k) => `"${k}"`))}.`,
    );
    ok = false;
  } else server = v.server;

  const listen = stringField(v, path, "listen", report, "host:port the server accepts connections on, e.g. 10.0.0.5:8000", false);
  if (listen !== null) {
    const problem = listenProblem(listen);
    if (problem) {
      const at = [...path, "listen"];
      report("error", "scenario-listen-invalid", at, `${pathText(at)} ${show(listen)}: ${problem}.`);
      ok = false;
    }
  } else ok = false;
  const address = stringField(v, path, "address", report, "the address it connects onward from, e.g. 10.0.0.5", true);
  const config = stringField(v, path, "config", report, "its configuration text", false);
  if (address === null || config === null || !withinPaneLimit(config, path, report, "config")) ok = false;

  let directories: string[] | undefined;
  if (fields.includes("directories") && present(v, "directories")) {
    const at = [...path, "directories"];
    const d = v.directories;
    if (!Array.isArray(d)) {
      report("error", "scenario-field-type", at, `${pathText(at)} is ${show(d)}; it is a list of URL paths such as ["/static"].`);
      ok = false;
    } else {
      directories = [];
      for (let i = 0; i < d.length; i++) {
        const item: unknown = d[i];
        if (typeof item !== "string") {
          report("error", "scenario-field-type", [...at, i], `${pathText([...at, i])} is ${show(item)}; it must be a URL path string such as "/static".`);
          ok = false;
        } else if (!item.startsWith("/")) {
          report("error", "scenario-directory-invalid", [...at, i], `${pathText([...at, i])} is ${show(item)}; a URL path starts with "/", e.g. "/${item.slice(0, 20)}".`);
          ok = false;
        } else directories.push(item);
      }
    }
  }
  let app: AppSpec | undefined;
  if (fields.includes("app") && present(v, "app")) {
    const at = [...path, "app"];
    const a = v.app;
    if (!isObject(a)) {
      report("error", "scenario-field-type", at, `${pathText(at)} is ${show(a)}; it is an object such as {"redirect": "/login", "status": 302}.`);
      ok = false;
    } else {
      unknownFields(a, at, ["redirect", "status"], report);
      app = {};
      if (has(a, "redirect")) {
        if (typeof a.redirect !== "string" || !a.redirect.startsWith("/")) {
          report("error", "scenario-field-value", [...at, "redirect"], `${pathText([...at, "redirect"])} is ${show(a.redirect)}; it is a path under the application's mount point, starting with "/", e.g. "/login".`);
          ok = false;
        } else app.redirect = a.redirect;
      }
      if (has(a, "status")) {
        if (typeof a.status !== "number" || ![301, 302, 303, 307, 308].includes(a.status)) {
          report("error", "scenario-field-value", [...at, "status"], `${pathText([...at, "status"])} is ${show(a.status)}; a redirect status is one of 301, 302, 303, 307 and 308.`);
          ok = false;
        } else app.status = a.status as RedirectStatus;
      }
    }
  }
  let environ: Record<string, unknown> | undefined;
  if (fields.includes("environ") && present(v, "environ")) {
    const at = [...path, "environ"];
    const e = v.environ;
    if (!isObject(e)) {
      report("error", "scenario-field-type", at, `${pathText(at)} is ${show(e)}; it is an object of environ keys the front application sets, such as {"REMOTE_USER": "bob"}.`);
      ok = false;
    } else {
      environ = { ...e };
      if (has(e, "SCRIPT_NAME") && (typeof e.SCRIPT_NAME !== "string" || (e.SCRIPT_NAME !== "" && !e.SCRIPT_NAME.startsWith("/")))) {
        report("error", "scenario-field-value", [...at, "SCRIPT_NAME"], `${pathText([...at, "SCRIPT_NAME"])} is ${show(e.SCRIPT_NAME)}; it is the proxying application's mount point, "" or a URL path such as "/app".`);
        ok = false;
      }
      if (server !== null && server !== "wsgiproxy") report("warning", "scenario-field-ignored", at, `${pathText(at)} is read only for "wsgiproxy" front ends; a ${server} front end ignores it.`, "key");
    }
  }
  let middleware: string | undefined;
  if (fields.includes("middleware") && present(v, "middleware")) {
    const at = [...path, "middleware"];
    if (typeof v.middleware !== "string") {
      report("error", "scenario-field-type", at, `${pathText(at)} is ${show(v.middleware)}; it is the middleware's Python call, e.g. "WSGIProxyMiddleware(app, trust_ips=['10.0.0.1'])".`);
      ok = false;
    } else middleware = v.middleware;
  }
  if (!ok || server === null || listen === null || address === null || config === null) return null;
  // Every server object has every optional field, undefined when absent (JSON leaves those out): the engine then
  // reads one shape of object, not one per combination of fields.
  return { server: server as BackendKind, listen, address, config, environ, middleware, directories, app } as BackendSpec;
}

/* ---------------------------------------------------------------------------------------------------- */

/** Start offsets of lines; `\r\n`, `\n` and a lone `\r` end a line, as in the editor. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) starts.push(i + 1);
    else if (c === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

export function positionAt(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** The first offset where brackets nest deeper than `max`, outside strings, or -1. Linear. */
function tooDeepAt(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return -1;
}

const JSON_ERRORS: Record<string, string> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "malformed number",
  PropertyNameExpected: 'expected a property name in double quotes (no trailing commas in JSON)',
  ValueExpected: "expected a value (no trailing commas in JSON)",
  ColonExpected: "expected ':' after the property name",
  CommaExpected: "expected ',' between items",
  CloseBraceExpected: "expected '}' to close the object",
  CloseBracketExpected: "expected ']' to close the list",
  EndOfFileExpected: "expected the end of the document after the closing '}'",
  InvalidCommentToken: "comments are not allowed in JSON",
  UnexpectedEndOfComment: "comments are not allowed in JSON",
  UnexpectedEndOfString: "the string is not closed (a line break inside a string must be written \\n)",
  UnexpectedEndOfNumber: "the number is cut short",
  InvalidUnicode: "malformed \\u escape",
  InvalidEscapeCharacter: "invalid escape after a backslash",
  InvalidCharacter: "a control character inside a string (write a line break as \\n)",
};

/** Builds a plain value from the parse tree with own properties only (a "__proto__" key stays a key). */
function nodeValue(node: JsonNode): unknown {
  switch (node.type) {
    case "object":
      return Object.fromEntries((node.children ?? []).filter((p) => p.children?.[1] !== undefined).map((p) => [p.children![0]!.value as string, nodeValue(p.children![1]!)]));
    case "array":
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

/**
 * Parses scenario JSON text and validates it, with every diagnostic at its line and column (1-based, UTF-16
 * columns, line breaks as the editor counts them).
 *
 * Errors of its own, on top of `validateScenario`'s: `scenario-not-json` at the first JSON syntax error (strict
 * JSON: no comments, no trailing commas), `scenario-too-deep` when brackets nest more than 64 levels. Warns
 * `scenario-duplicate-key` for a property given twice (the last one counts, as with JSON.parse). A field
 * problem points at the field's value; an unknown field at its name; a missing field at the object that
 * lacks it. Never throws.
 */
export function parseScenarioText(text: string): ScenarioCheck {
  if (typeof text !== "string") return validateScenario(text);
  const starts = lineStarts(text);
  const at = (offset: number, length = 0) => {
    const a = positionAt(starts, offset);
    const b = positionAt(starts, offset + Math.max(length, 1));
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  };
  const fail = (code: Diagnostic["code"], offset: number, length: number, message: string): ScenarioCheck => {
    const d: Diagnostic = { severity: "error", code, source: "scenario", ...at(offset, length), message };
    return { scenario: null, diagnostics: [d] };
  };

  if (text.trim() === "") return fail("scenario-not-json", 0, 0, "The scenario is empty: expected a JSON object.");
  const deep = tooDeepAt(text, MAX_JSON_DEPTH);
  if (deep >= 0) return fail("scenario-too-deep", deep, 1, `The JSON nests more than ${MAX_JSON_DEPTH} levels deep here; a scenario nests four.`);

  const errors: ParseError[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (error) {
    return fail("scenario-not-json", 0, 0, `The scenario could not be parsed as JSON${error instanceof Error ? `: ${error.message}` : ""}.`);
  }
  if (errors.length > 0 || root === undefined) {
    const e = errors[0];
    if (!e) return fail("scenario-not-json", 0, 0, "The scenario could not be parsed as JSON.");
    const name = printParseErrorCode(e.error);
    const what = JSON_ERRORS[name] ?? name;
    return fail("scenario-not-json", e.offset, e.length, `Not valid JSON: ${what}.`);
  }

  const nodeAt = (path: ScenarioPath): { node: JsonNode; complete: boolean } => {
    let node = root!;
    for (const seg of path) {
      let next: JsonNode | undefined;
      if (node.type === "object" && typeof seg === "string") {
        // The last property with the name counts, as with JSON.parse.
        const props = node.children ?? [];
        for (let i = props.length - 1; i >= 0; i--) {
          const p = props[i]!;
          if (p.children?.[0]?.value === seg) {
            next = p;
            break;
          }
        }
      } else if (node.type === "array" && typeof seg === "number") next = node.children?.[seg];
      if (!next) return { node, complete: false };
      node = next.type === "property" ? next.children?.[1] ?? next : next;
    }
    return { node, complete: true };
  };
  const locate: ScenarioLocator = (path, part = "value") => {
    const { node, complete } = nodeAt(path);
    if (complete && part === "key" && node.parent?.type === "property") {
      const key = node.parent.children![0]!;
      return at(key.offset, key.length);
    }
    // A value, or for a missing field the opening brace of the object that lacks it.
    return at(node.offset, complete ? node.length : 1);
  };

  const result = validateScenario(nodeValue(root), locate);

  // Duplicate keys: JSON.parse keeps the last silently; say so.
  const dups: Diagnostic[] = [];
  const stack: JsonNode[] = [root];
  while (stack.length > 0 && dups.length < 20) {
    const n = stack.pop()!;
    if (n.type === "object") {
      const seen = new Set<string>();
      for (const p of n.children ?? []) {
        const key = p.children?.[0];
        if (key && typeof key.value === "string") {
          if (seen.has(key.value)) {
            const pos = at(key.offset, key.length);
            dups.push({ severity: "warning", code: "scenario-duplicate-key", source: "scenario", ...pos, message: `${JSON.stringify(key.value)} appears twice in this object; the last one counts.` });
          }
          seen.add(key.value);
        }
        if (p.children?.[1]) stack.push(p.children[1]);
      }
    } else if (n.type === "array") for (const c of n.children ?? []) stack.push(c);
  }
  return { scenario: result.scenario, diagnostics: [...result.diagnostics, ...dups] };
}
