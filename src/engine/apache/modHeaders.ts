/**
 * Models Apache mod_headers' RequestHeader: how a front end edits the request before mod_proxy sends it.
 *
 * Source: httpd 2.4 `modules/metadata/mod_headers.c`. `RequestHeader` without `early` runs in the fixups
 * phase, before the proxy handler adds X-Forwarded-*; so `RequestHeader unset X-Forwarded-For` cannot
 * remove what mod_proxy adds, only what the client sent. Value format specifiers: `%%`, `%{NAME}e`
 * (environment variable; "(null)" when unset), `%{NAME}s` (mod_ssl variable); others are kept as written
 * and flagged.
 */
import type { Directive } from "./configParser.ts";
import type { Diagnostic } from "../types.ts";
import { addHeader, getHeader, mergeHeader, setHeader, unsetHeader, type HeaderTable } from "../http/headers.ts";

export const directives = [
  {
    name: "RequestHeader",
    contexts: "server config, virtual host, directory, .htaccess",
    args: "set|append|add|merge|setifempty|unset|edit|edit* header [value] [replacement] [early|env=[!]var]",
    help: "Change a request header before the request is handled (and before mod_proxy forwards it).",
  },
] as const;

const ACTIONS = new Set(["set", "append", "add", "merge", "setifempty", "unset", "edit", "edit*", "note"]);

/** Expands mod_headers' format specifiers against `env`. */
export function expandFormat(value: string, env: Record<string, string>): { text: string; unsupported: string[] } {
  const unsupported: string[] = [];
  const text = value.replace(/%(%|\{([^}]*)\}([a-zA-Z])|[a-zA-Z])/g, (all, _x, name: string | undefined, kind: string | undefined) => {
    if (all === "%%") return "%";
    if (name !== undefined && kind === "e") return env[name] ?? "(null)";
    if (name !== undefined && kind === "s") return env[name] ?? "";
    unsupported.push(all);
    return all;
  });
  return { text, unsupported };
}

/**
 * Applies the RequestHeader directives in order to `headers`. `env` holds the request's environment
 * variables (HTTPS=on on TLS connections, SetEnv values). Malformed directives become diagnostics.
 */
export function applyRequestHeaders(
  headers: HeaderTable,
  list: Directive[],
  env: Record<string, string>,
  source: string,
  diagnostics: Diagnostic[],
  notes: string[],
): HeaderTable {
  let out = headers;
  for (const d of list) {
    const [actionArg, nameArg, ...rest] = d.args;
    const action = actionArg?.text.toLowerCase();
    if (!action || !ACTIONS.has(action) || !nameArg) {
      diagnostics.push({
        severity: "error",
        code: "request-header-syntax",
        source,
        line: d.line,
        column: actionArg?.column ?? d.column,
        message: "RequestHeader requires an action (set, append, add, merge, setifempty, unset, edit, edit*) and a header name.",
      });
      continue;
    }
    const name = nameArg.text;
    const needsValue = action !== "unset";
    const valueArg = needsValue ? rest.shift() : undefined;
    const replacementArg = action === "edit" || action === "edit*" ? rest.shift() : undefined;
    if (needsValue && valueArg === undefined) {
      diagnostics.push({ severity: "error", code: "request-header-syntax", source, line: d.line, column: nameArg.column, message: `RequestHeader ${action} ${name} needs a value.` });
      continue;
    }
    const cond = rest.shift()?.text;
    if (cond && /^env=/i.test(cond)) {
      const neg = cond.slice(4).startsWith("!");
      const variable = cond.slice(neg ? 5 : 4);
      const present = env[variable] !== undefined;
      if (present === neg) {
        notes.push(`RequestHeader ${action} ${name}: skipped, ${cond} does not hold.`);
        continue;
      }
    } else if (cond && !/^early$/i.test(cond)) {
      diagnostics.push({ severity: "warning", code: "request-header-condition", source, line: d.line, column: d.column, message: `RequestHeader condition "${cond}" is not modelled; the directive is applied unconditionally here.` });
    }
    const { text: value, unsupported } = expandFormat(valueArg?.text ?? "", env);
    if (unsupported.length) {
      diagnostics.push({ severity: "info", code: "request-header-format", source, line: d.line, column: valueArg!.column, message: `Format specifier ${unsupported.join(", ")} is kept as written; only %%, %{VAR}e and %{VAR}s are modelled.` });
    }
    const before = getHeader(out, name);
    switch (action) {
      case "set":
        out = setHeader(out, name, value);
        break;
      case "setifempty":
        if (before === undefined || before === "") out = setHeader(out, name, value);
        break;
      case "append":
        out = mergeHeader(out, name, value);
        break;
      case "merge":
        if (before === undefined || !before.split(",").map((s) => s.trim()).includes(value)) out = mergeHeader(out, name, value);
        break;
      case "add":
        out = addHeader(out, name, value);
        break;
      case "unset":
        out = unsetHeader(out, name);
        break;
      case "edit":
      case "edit*": {
        if (before === undefined) break;
        let re: RegExp;
        try {
          re = new RegExp(value, action === "edit*" ? "g" : "");
        } catch {
          diagnostics.push({ severity: "error", code: "request-header-regex", source, line: d.line, column: valueArg!.column, message: `RequestHeader edit: "${value}" is not a valid regular expression.` });
          continue;
        }
        out = setHeader(out, name, before.replace(re, (replacementArg?.text ?? "").replace(/\$(\d)/g, "$$$1")));
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
