/**
 * Models nginx's rewrite module, which runs a server's and then the chosen location's `return`,
 * `rewrite`, `set`, `if` and `break` directives in the order of the text, before the request is proxied.
 *
 * Source: `src/http/modules/ngx_http_rewrite_module.c` and the script codes of `src/http/ngx_http_script.c`
 * (nginx/nginx tag `release-1.22.1`; read from source). Checked on nginx 1.22.1 (Debian 12) for
 * `return 301 /path` (made absolute like every nginx redirect) in this project's conformance corpus.
 *
 * - `return code [text|URL]`: stop; 301, 302, 303, 307 and 308 take a URL (Location), other codes a body
 *   text; `return URL` (starting with `http://`, `https://` or `$scheme`) is a 302.
 * - `rewrite regex replacement [last|break|redirect|permanent]`: when the regex matches the URI, the URI
 *   becomes the replacement (captures `$1`…); a replacement starting with `http://`, `https://` or `$scheme`,
 *   or the flags redirect/permanent, answer 302/301 instead; the old arguments are kept unless the
 *   replacement has its own (or ends with `?`). `last` looks for a location again with the new URI, `break`
 *   stops here and keeps the location, no flag goes on with the next directive and then looks again.
 * - `if (condition) { … }`: `$var`, `$var = text`, `!=`, `~ regex`, `~*`, `!~`, `!~*`, and the file tests
 *   `-f -d -e -x` (every file test is false here: the model's document root holds no files). A true `if`
 *   runs its block, and its configuration (for example its proxy_pass) is the one that handles the request.
 */
import type { NginxDirective } from "./configParser.ts";
import { compileRegex } from "./server.ts";
import { evaluate, type VariableContext } from "./variables.ts";
import { isDigits } from "../cRuntime.ts";

/** The request as the rewrite module changes it; shared by the server and location levels of one request. */
export interface RewriteState {
  uri: string;
  args: string | null;
  /** Set when a rewrite changed the URI and nginx must look for a location again. */
  uriChanged: boolean;
  validLocation: boolean;
  validUnparsedUri: boolean;
  internal: boolean;
  captures: string[];
  set: Map<string, string>;
  /** The innermost `if` block whose condition was true: its configuration handles the request. */
  ifBlock: NginxDirective | null;
}

/** How a level ended: go on, look for a location again (`last`), stop rewriting (`break`), or answer (`return`, a redirecting rewrite). */
export type RewriteOutcome =
  | { kind: "next" }
  | { kind: "last" }
  | { kind: "break" }
  | { kind: "return"; status: number; text: string | null; location: string | null; directive: NginxDirective };

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

function condition(d: NginxDirective, ctx: VariableContext): { value: boolean; text: string; captures?: string[] } {
  let text = d.args.map((a) => a.text).join(" ").trim();
  if (text.startsWith("(")) text = text.slice(1);
  if (text.endsWith(")")) text = text.slice(0, -1);
  text = text.trim();
  const file = /^(!?)-([fdex])\s+(.*)$/.exec(text);
  if (file) return { value: file[1] === "!", text };
  const m = /^(\S+)\s*(!~\*|!~|~\*|~|!=|=)\s*(.*)$/.exec(text);
  if (!m) {
    const v = evaluate(text, ctx);
    return { value: v !== "" && v !== "0", text };
  }
  const left = evaluate(m[1]!, ctx);
  const op = m[2]!;
  const right = m[3]!.replace(/^"(.*)"$|^'(.*)'$/, "$1$2");
  if (op === "=") return { value: left === evaluate(right, ctx), text };
  if (op === "!=") return { value: left !== evaluate(right, ctx), text };
  const c = compileRegex(right, op.includes("*"));
  if ("error" in c) return { value: false, text };
  const match = c.regex.exec(left);
  return { value: op.startsWith("!") ? !match : !!match, text, ...(match ? { captures: [...match].map((x) => x ?? "") } : {}) };
}

/**
 * Runs the rewrite directives of one level (a server, a location, an `if` block) in order. `state` is
 * updated in place; `notes` receives one sentence per step. `last` means: stop, and look for a location
 * again with the new URI (as does `next` when `state.uriChanged` is set).
 */
export function runRewrite(directives: readonly NginxDirective[], state: RewriteState, ctx: () => VariableContext, notes: string[]): RewriteOutcome {
  for (const d of directives) {
    switch (d.name) {
      case "set": {
        const name = d.args[0]?.text.replace(/^\$/, "").toLowerCase() ?? "";
        const value = evaluate(d.args[1]?.text ?? "", ctx());
        state.set.set(name, value);
        notes.push(`set $${name} ${JSON.stringify(value)} (line ${d.line}).`);
        break;
      }
      case "break":
        notes.push(`break (line ${d.line}): no more rewrite directives run.`);
        if (state.uriChanged) {
          state.validLocation = false;
          state.uriChanged = false;
        }
        return { kind: "break" };
      case "return": {
        const a0 = d.args[0]?.text ?? "";
        let status: number;
        let value: string | null = null;
        if (isDigits(a0)) {
          status = Number(a0);
          value = d.args[1] ? evaluate(d.args[1].text, ctx()) : null;
        } else {
          status = 302;
          value = evaluate(a0, ctx());
        }
        const redirect = REDIRECT_CODES.has(status);
        notes.push(`return ${d.args.map((a) => a.text).join(" ")} (line ${d.line}): nginx answers ${status}${redirect && value !== null ? ` with Location ${value}` : ""}.`);
        return { kind: "return", status, text: redirect ? null : value, location: redirect ? value : null, directive: d };
      }
      case "rewrite": {
        const pattern = d.args[0]?.text ?? "";
        const c = compileRegex(pattern, false);
        if ("error" in c) break;
        const m = c.regex.exec(state.uri);
        if (!m) {
          notes.push(`rewrite ${pattern} (line ${d.line}) does not match ${state.uri}.`);
          break;
        }
        state.captures = [...m].map((x) => x ?? "");
        const flag = d.args[2]?.text ?? "";
        let replacement = d.args[1]?.text ?? "";
        const addArgs = !replacement.endsWith("?");
        if (!addArgs) replacement = replacement.slice(0, -1);
        const value = evaluate(replacement, { ...ctx(), captures: state.captures });
        const external = /^(https?:\/\/|\$scheme)/.test(d.args[1]?.text ?? "");
        if (flag === "redirect" || flag === "permanent" || external) {
          const location = value + (addArgs && state.args ? (value.includes("?") ? "&" : "?") + state.args : "");
          const status = flag === "permanent" ? 301 : 302;
          notes.push(`rewrite ${pattern} ${d.args[1]?.text} ${flag} (line ${d.line}): nginx answers ${status} with Location ${location}.`);
          return { kind: "return", status, text: null, location, directive: d };
        }
        const q = value.indexOf("?");
        const before = state.uri;
        state.uri = q < 0 ? value : value.slice(0, q);
        if (q >= 0) state.args = value.slice(q + 1) + (addArgs && state.args ? `&${state.args}` : "");
        else if (!addArgs) state.args = null;
        state.internal = true;
        state.validUnparsedUri = false;
        notes.push(`rewrite ${pattern} (line ${d.line}): URI ${before} → ${state.uri}${flag ? ` (${flag})` : ""}.`);
        if (flag === "break") {
          state.validLocation = false;
          state.uriChanged = false;
          return { kind: "break" };
        }
        state.uriChanged = true;
        if (flag === "last") return { kind: "last" };
        break;
      }
      case "if": {
        const c = condition(d, ctx());
        notes.push(`if (${c.text}) (line ${d.line}) is ${c.value ? "true" : "false"}.`);
        if (!c.value) break;
        if (c.captures) state.captures = c.captures;
        state.ifBlock = d;
        const inner = runRewrite(d.children ?? [], state, ctx, notes);
        if (inner.kind !== "next") return inner;
        break;
      }
    }
  }
  return { kind: "next" };
}
