/**
 * Models Apache mod_headers: `RequestHeader`, which edits the request before the handler runs (so before
 * mod_proxy forwards it, and before mod_wsgi builds the environ), and the output filter that `Header`
 * directives put into the response chain.
 *
 * Source: httpd 2.4 `modules/metadata/mod_headers.c` (`header_cmd`, `header_inout_cmd`, `parse_format_tag`,
 * `do_headers_fixup`, `process_regexp`, `ap_headers_insert_output_filter`). `RequestHeader` without `early`
 * runs in the fixups phase (hook order LAST, after mod_env's SetEnv and mod_ssl's `HTTPS`), before the proxy
 * handler adds X-Forwarded-*; so `RequestHeader unset X-Forwarded-For` cannot remove what mod_proxy adds, only
 * what the client sent. Checked on Apache 2.4.71 (Debian 12) for every action against client-supplied
 * X-Forwarded-* values (conformance corpus `apache/proxypass`, `rh-*`):
 * - `set` replaces every field of that name; `append` merges into the first field (`a, b`); `add` adds a
 *   second field (mod_proxy's own merge then goes into the first one, and the back end joins the lines);
 *   `merge` appends unless the exact token is already in the comma list; `setifempty` sets only when the
 *   header is *absent* (an empty value counts as present); `unset` removes every field; `edit`/`edit*`
 *   rewrite the first / every regex match in every field of that name, which then move to the end.
 * - Format: `%%`, `%{NAME}e` (request environment; `(null)` when unset), `%{NAME}s` (mod_ssl's variables;
 *   `(null)` when empty or when mod_ssl is not loaded), `%t`, `%D`, `%l`, `%i`, `%b` (time and load: not
 *   modelled); any other `%x` is a configuration error (`Unrecognized header format %x`); outside tags a
 *   backslash escapes `\\`, `\r`, `\n`, `\t`.
 */
import type { ConfigArg, ConfigNode, Directive } from "./configParser.ts";
import type { Diagnostic } from "../types.ts";
import { addHeader, getHeader, mergeHeader, setHeader, unsetHeader, type HeaderTable } from "../http/headers.ts";
import { sslFixupEnv, sslVarLookup, type SslConnection } from "./modSsl.ts";
import type { ScopeLayer } from "./server.ts";
import { memoByObject } from "../textMemo.ts";
import { pcreCompiles } from "./utilPcre.ts";

export const directives = [
  {
    name: "RequestHeader",
    contexts: "server config, virtual host, directory, .htaccess",
    args: "set|append|add|merge|setifempty|unset|edit|edit* header [value] [replacement] [early|env=[!]var]",
    help: "Change a request header before the request is handled (and before mod_proxy forwards it).",
  },
] as const;

const ACTIONS = new Set(["set", "append", "add", "merge", "setifempty", "unset", "edit", "edit*", "note"]);
const TIME_TAGS = new Set(["t", "D", "l", "i", "b"]);

/** The request's environment at fixup time, as mod_headers' `%{NAME}e` and `env=` see it. */
export interface RequestEnv {
  /** Variables in `r->subprocess_env`: mod_ssl's (`HTTPS`, `SSL_TLS_SNI`) and SetEnv values. */
  env: Record<string, string>;
  /** mod_ssl's view of the connection, for `%{NAME}s`. Absent: mod_ssl is not loaded. */
  ssl?: SslConnection;
}

/**
 * The environment mod_headers sees in the fixups phase: mod_ssl's fixup variables for a TLS connection, then
 * mod_env's `SetEnv` values (both hooks run before mod_headers'). `UnsetEnv` removes a variable.
 */
export function fixupEnvironment(layers: readonly ScopeLayer[], ssl: SslConnection): RequestEnv {
  const env: Record<string, string> = { ...sslFixupEnv(ssl) };
  for (const layer of layers) {
    for (const d of layer.directives) {
      // Only SetEnv (6 letters) and UnsetEnv (8) matter; most directives are neither length.
      if (d.name.length !== 6 && d.name.length !== 8) continue;
      const name = d.name.toLowerCase();
      if (name === "setenv" && d.args[0]) env[d.args[0].text] = d.args[1]?.text ?? "";
      else if (name === "unsetenv") for (const a of d.args) delete env[a.text];
    }
  }
  return { env, ssl };
}

/**
 * Expands mod_headers' format string (`parse_format_string` + `process_tags`). `errors` receives the
 * configuration errors Apache reports for the text (unrecognised tags); `unmodelled` the tags whose value
 * the engine cannot know (time, load, mod_ssl variables other than HTTPS and SSL_TLS_SNI).
 */
export function expandFormat(value: string, renv: RequestEnv): { text: string; errors: string[]; unmodelled: string[] } {
  const errors: string[] = [];
  const unmodelled: string[] = [];
  let out = "";
  let i = 0;
  while (i < value.length) {
    const c = value[i]!;
    if (c === "\\") {
      const n = value[i + 1];
      if (n === "\\") out += "\\";
      else if (n === "r") out += "\r";
      else if (n === "n") out += "\n";
      else if (n === "t") out += "\t";
      else {
        out += "\\";
        i += 1;
        continue;
      }
      i += 2;
      continue;
    }
    if (c !== "%") {
      out += c;
      i += 1;
      continue;
    }
    i += 1;
    if (i >= value.length || value[i] === "%") {
      out += "%";
      if (i < value.length) i += 1;
      continue;
    }
    let arg = "";
    if (value[i] === "{") {
      const close = value.indexOf("}", i + 1);
      arg = close < 0 ? value.slice(i + 1) : value.slice(i + 1, close);
      i = close < 0 ? value.length : close + 1;
    }
    const tag = value[i];
    i += 1;
    if (tag === "e") out += renv.env[arg] ?? "(null)";
    else if (tag === "s") {
      const found = renv.ssl ? sslVarLookup(renv.ssl, arg) : { value: null, modelled: true };
      if (!found.modelled) unmodelled.push(`%{${arg}}s`);
      out += found.value ? found.value : "(null)";
    } else if (tag !== undefined && TIME_TAGS.has(tag)) {
      unmodelled.push(`%${tag}`);
      out += `%${tag}`;
    } else {
      errors.push(`Unrecognized header format %${tag ?? ""}`);
    }
  }
  return { text: out, errors, unmodelled };
}

/** `ap_pregsub`: `$0`–`$9` are the match and its groups (empty when unset), `\x` is a literal `x`. */
export function pregsub(replacement: string, match: RegExpExecArray): string {
  let out = "";
  for (let i = 0; i < replacement.length; i += 1) {
    const c = replacement[i]!;
    const n = replacement[i + 1];
    if (c === "$" && n !== undefined && n >= "0" && n <= "9") {
      out += match[Number(n)] ?? "";
      i += 1;
    } else if (c === "\\" && n !== undefined) {
      out += n;
      i += 1;
    } else out += c;
  }
  return out;
}

/** `process_regexp`: the first match replaced (`edit`) or every match, left to right (`edit*`). */
function editValue(value: string, re: RegExp, replacement: string, all: boolean): string {
  const m = re.exec(value);
  if (!m) return value;
  const end = m.index + m[0].length;
  const rest = value.slice(end);
  const tail = all && m[0].length > 0 ? editValue(rest, re, replacement, all) : rest;
  return value.slice(0, m.index) + pregsub(replacement, m) + tail;
}

/** `hdr_merge`: is `token` one of the comma-separated tokens of `value` (quoted strings kept whole)? */
function hasToken(value: string, token: string): boolean {
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /\s/.test(value[i]!)) i += 1;
    const start = i;
    while (i < value.length && value[i] !== ",") {
      if (value[i++] === '"') while (i < value.length) if (value[i++] === '"') break;
    }
    if (value.slice(start, i) === token) return true;
    if (i < value.length) i += 1;
  }
  return false;
}

/** A `Header` or `RequestHeader` line as mod_headers reads it at startup. */
export interface HeaderDirective {
  /** Lower-case action: set, setifempty, add, append, merge, unset, echo, edit, edit*, note. */
  action: string;
  /** `Header` only: the `always` condition (the error-table variant). */
  always: boolean;
  name: string;
  /** The value (for edit: the regular expression). */
  value?: ConfigArg;
  /** edit/edit*: the replacement, which holds the format tags. */
  replacement?: ConfigArg;
  /** `early`, `env=[!]VAR` or `expr=…`. */
  condition?: string;
}

/**
 * `header_cmd` + `header_inout_cmd` + `parse_format_string`: reads one `Header`/`RequestHeader` line, or says why
 * Apache refuses it, in Apache's words. Checked with `apache2 -t` on Apache 2.4.71 (syntax rows
 * `syntax/mod-headers.json`).
 */
export function parseHeaderDirective(d: Directive): HeaderDirectiveReading {
  return headerReadings(d);
}

type HeaderDirectiveReading = { ok: true; directive: HeaderDirective } | { ok: false; message: string; column: number };

/**
 * parseHeaderDirective's readings by directive object: the config check reads each line once, and every request
 * through a kept server model reads its RequestHeader lines again. A reading is shared and read-only.
 */
const headerReadings = memoByObject((d: Directive) => readHeaderDirective(d));

function readHeaderDirective(d: Directive): HeaderDirectiveReading {
  const request = d.name.toLowerCase() === "requestheader";
  const args = [...d.args];
  const fail = (message: string, at?: ConfigArg) => ({ ok: false as const, message, column: at?.column ?? d.column });
  let always = false;
  let actionArg = args.shift();
  if (!request && actionArg && /^(always|onsuccess)$/i.test(actionArg.text)) {
    always = actionArg.text.toLowerCase() === "always";
    actionArg = args.shift();
  }
  const action = actionArg?.text.toLowerCase() ?? "";
  const [nameArg, valueArg, subsArg, envArg, ...extra] = args;
  if (extra.length) return fail(`${d.name} has too many arguments`, extra[0]);
  if (!ACTIONS.has(action) && action !== "echo") return fail("first argument must be 'add', 'set', 'setifempty', 'append', 'merge', 'unset', 'echo', 'note', 'edit', or 'edit*'.", actionArg);
  let value = valueArg;
  let subs = subsArg;
  let env = envArg;
  if (action === "edit" || action === "edit*") {
    if (subs === undefined) return fail("Header edit requires a match and a substitution", nameArg);
    if (!pcreCompiles(value?.text ?? "")) return fail("Header edit regex could not be compiled", value);
  } else {
    if (env !== undefined) return fail("Too many arguments to directive", env);
    env = subs;
    subs = undefined;
  }
  if (action === "unset") {
    if (value !== undefined) {
      if (env !== undefined) return fail("header unset takes two arguments", env);
      env = value;
      value = undefined;
    }
  } else if (action === "echo") {
    if (value !== undefined) {
      if (env !== undefined) return fail("Header echo takes two arguments", env);
      env = value;
      value = undefined;
    }
    if (request) return fail("Header echo only valid on Header directives", actionArg);
  } else if (value === undefined) return fail("Header requires three arguments", nameArg ?? actionArg);
  const cond = env?.text;
  if (cond !== undefined && !/^early$/i.test(cond) && !/^env=/i.test(cond) && !/^expr=/i.test(cond)) return fail(`Unknown parameter: ${cond}`, env);
  if (cond !== undefined && /^env=!?$/i.test(cond)) return fail("error: missing environment variable name. envclause should be in the form env=envar ", env);
  const format = action === "edit" || action === "edit*" ? subs : action === "unset" || action === "echo" ? undefined : value;
  if (format && !format.text.startsWith("expr=")) {
    const { errors } = expandFormat(format.text, { env: {} });
    if (errors.length) return fail(errors[0]!, format);
  }
  const colon = nameArg?.text.indexOf(":") ?? -1;
  return {
    ok: true,
    directive: {
      action,
      always,
      name: nameArg ? (colon >= 0 ? nameArg.text.slice(0, colon) : nameArg.text) : "",
      ...(value ? { value } : {}),
      ...(subs ? { replacement: subs } : {}),
      ...(cond !== undefined ? { condition: cond } : {}),
    },
  };
}

/**
 * Every `Header` and `RequestHeader` line of a configuration, wherever it stands, checked as Apache checks it at
 * startup: a refused line is an error diagnostic (Apache does not start).
 */
export function checkHeaderDirectives(nodes: readonly ConfigNode[], source: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const walk = (list: readonly ConfigNode[]) => {
    for (const n of list) {
      if (n.kind === "section") walk(n.children);
      else if ((n.name.length === 6 || n.name.length === 13) && (n.name.toLowerCase() === "header" || n.name.toLowerCase() === "requestheader")) {
        const parsed = parseHeaderDirective(n);
        if (!parsed.ok) out.push({ severity: "error", code: "header-directive-syntax", source, line: n.line, column: parsed.column, message: `${n.name}: ${parsed.message}` });
      }
    }
  };
  walk(nodes);
  return out;
}

/**
 * Applies the RequestHeader directives in order to `headers`. `renv` is the request's environment (see
 * `fixupEnvironment`). A line Apache refuses (`checkHeaderDirectives` reports it) does nothing.
 */
export function applyRequestHeaders(
  headers: HeaderTable,
  list: Directive[],
  renv: RequestEnv | Record<string, string>,
  source: string,
  diagnostics: Diagnostic[],
  notes: string[],
): HeaderTable {
  const env: RequestEnv = "env" in renv && typeof renv.env === "object" ? (renv as RequestEnv) : { env: renv as Record<string, string> };
  let out = headers;
  for (const d of list) {
    const parsed = parseHeaderDirective(d);
    if (!parsed.ok) {
      notes.push(`RequestHeader at line ${d.line} is refused by Apache (${parsed.message}); it does nothing.`);
      continue;
    }
    const { action, name, value: valueArg, replacement: replacementArg, condition: cond } = parsed.directive;
    if (cond && /^env=/i.test(cond)) {
      const neg = cond.slice(4).startsWith("!");
      const variable = cond.slice(neg ? 5 : 4);
      const present = env.env[variable] !== undefined;
      if (present === neg) {
        notes.push(`RequestHeader ${action} ${name}: skipped, ${cond} does not hold.`);
        continue;
      }
    } else if (cond && !/^early$/i.test(cond)) {
      diagnostics.push({ severity: "warning", code: "request-header-condition", source, line: d.line, column: d.column, message: `RequestHeader condition "${cond}" is not modelled; the directive is applied unconditionally here.` });
    }
    // For edit, the format tags are in the replacement; the value is the regular expression.
    const formatArg = action === "edit" || action === "edit*" ? replacementArg : valueArg;
    const expanded = formatArg ? expandFormat(formatArg.text, env) : { text: "", errors: [], unmodelled: [] };
    if (expanded.unmodelled.length) {
      diagnostics.push({ severity: "info", code: "request-header-format", source, line: d.line, column: formatArg!.column, message: `Format ${expanded.unmodelled.join(", ")} depends on the moment or the TLS session and is kept as written here.` });
    }
    const value = expanded.text;
    const before = getHeader(out, name);
    switch (action) {
      case "set":
        out = setHeader(out, name, value);
        break;
      case "setifempty":
        if (before === undefined) out = setHeader(out, name, value);
        break;
      case "append":
        out = mergeHeader(out, name, value);
        break;
      case "merge":
        if (before === undefined) out = addHeader(out, name, value);
        else if (!hasToken(before, value)) out = mergeHeader(out, name, value);
        break;
      case "add":
        out = addHeader(out, name, value);
        break;
      case "unset":
        out = unsetHeader(out, name);
        break;
      case "edit":
      case "edit*": {
        let re: RegExp;
        try {
          re = new RegExp(valueArg!.text);
        } catch {
          // PCRE2 compiles it (the config check passed) but JavaScript cannot run it: (?i), possessive forms …
          diagnostics.push(
            pcreCompiles(valueArg!.text)
              ? { severity: "info", code: "regex-unmodelled", source, line: d.line, column: valueArg!.column, message: `Apache compiles the edit pattern "${valueArg!.text}", but it uses PCRE syntax the playground cannot run; the header is shown unedited.` }
              : { severity: "error", code: "request-header-regex", source, line: d.line, column: valueArg!.column, message: `Header edit regex could not be compiled: "${valueArg!.text}".` },
          );
          continue;
        }
        if (before === undefined) break;
        const lower = name.toLowerCase();
        const edited = out.filter((h) => h.name.toLowerCase() === lower).map((h) => ({ name: h.name, value: editValue(h.value, re, value, action === "edit*") }));
        out = [...unsetHeader(out, name), ...edited];
        break;
      }
      case "note":
        break;
    }
    const after = getHeader(out, name);
    notes.push(`RequestHeader ${action} ${name}: ${before === undefined ? "absent" : JSON.stringify(before)} → ${after === undefined ? "absent" : JSON.stringify(after)}.`);
  }
  return out;
}

/**
 * Whether mod_headers puts its content-set output filter (`FIXUP_HEADERS_OUT`) into the response chain for a
 * request (`ap_headers_insert_output_filter`): some `Header` directive, `always` or not, applies to it.
 * Checked on Apache 2.4.71: with `WSGIMapHEADToGET Auto`, `Header set X 1`, `Header always set X 1` and
 * `Header unset X` each make mod_wsgi turn HEAD into GET.
 */
export function insertsOutputFilter(headerDirectives: readonly Directive[]): boolean {
  return headerDirectives.some((d) => d.name.toLowerCase() === "header" && d.args.length > 0);
}
