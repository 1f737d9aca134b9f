/**
 * Reads nginx configuration text into a tree of directives and blocks with exact positions, and checks
 * directive names, contexts, argument counts and on/off values the way `nginx -t` does.
 *
 * Models, from nginx/nginx tag `release-1.22.1` (`src/core/ngx_conf_file.c`; read from source):
 * - `ngx_conf_read_token`: words are split on space, tab, CR and LF, and only LF counts as a line (a lone CR is
 *   a blank like any other, so CRLF reads as LF); `;` ends a directive, `{` opens a
 *   block, `}` closes one (only where a word would start: `a}` is one word); `#` starts a comment only where
 *   a word would start; `"…"` and `'…'` quote a word, which must then be followed by a blank, `;` or `{`;
 *   a backslash makes the next character literal, and in the word `\"`, `\'`, `\\` become the character and
 *   `\t`, `\r`, `\n` a tab, CR and LF; `${` does not open a block.
 * - `ngx_conf_parse` / `ngx_conf_handler`: its messages for a stray `}`, a missing `}` or `;` at the end of
 *   the file, an unknown directive, a directive in the wrong context, a block directive without `{` or a
 *   simple one with `{`, and a wrong argument count; `ngx_conf_set_flag_slot` for on/off values and
 *   duplicates.
 * Every message below was checked with `nginx -t -c <file> -p <prefix>` (nginx 1.22.1, Debian 12) on small
 * files. nginx stops at the first error and names only a line; this parser keeps going after a directive
 * error (each one is real) but stops at the first token error, and gives line and column.
 *
 * A scenario's nginx text is either whole `server { … }` blocks, read at http level, or the inside of one
 * server block (scenario format v1); `parseNginxConfig` decides which, as the conformance runner does: the
 * text is whole blocks when it contains `server {` anywhere.
 *
 * Not modelled: `include` of files other than Debian's stock ones under /etc/nginx (an error here, as on a
 * machine without them), the 4 KiB word limit, `-g` parameters.
 */
import type { Diagnostic } from "../types.ts";
import { argumentCountFits, findNginxDirective, NGINX_VALUE_BLOCKS, type NginxContext, type NginxDirectiveSpec } from "./directives.ts";
import { groupBy, memoByObject } from "../textMemo.ts";

/** One argument: its text after unquoting and unescaping, and where it stands in the source. */
export interface NginxArg {
  text: string;
  /** 1-based line of the word's first character (the quote, if quoted). */
  line: number;
  /** 1-based column (UTF-16 units) of the word's first character. */
  column: number;
  /** Line and column just past the word (exclusive). */
  endLine: number;
  endColumn: number;
  /** True when the word was written in quotes. */
  quoted: boolean;
}

/** A directive, simple (`name args;`) or block (`name args { … }`). */
export interface NginxDirective {
  name: string;
  args: NginxArg[];
  /** Position of the name. */
  line: number;
  column: number;
  endColumn: number;
  /** The block's contents, or null for a simple directive. */
  children: NginxDirective[] | null;
  /** For a block: the position of its closing `}` (or the end of the text when it is never closed). */
  closeLine?: number;
  /** When the directive came from an `include`d stock file: that file's path. Positions are the include's. */
  includedFrom?: string;
}

/** Whole `server { … }` blocks read at http level, or the inside of one server block (scenario format v1). */
export type NginxConfigMode = "server-blocks" | "server-inside";

/** The result of `parseNginxConfig`: the tree, the form of the text, and every problem found. */
export interface NginxConfigParse {
  /** Top-level directives: `server` blocks (and other http-level directives) or the inside of one server. */
  nodes: NginxDirective[];
  mode: NginxConfigMode;
  diagnostics: Diagnostic[];
}

/** Debian 12's stock files under /etc/nginx that a config may include (nginx-common 1.22.1-9+deb12u10). */
const STOCK_INCLUDES: Record<string, string> = {
  // Debian's current proxy_params sets Host to $host, not $http_host (a security workaround it documents in
  // the file itself); older packages used $http_host.
  "/etc/nginx/proxy_params":
    "proxy_set_header Host $host;\nproxy_set_header X-Real-IP $remote_addr;\nproxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\nproxy_set_header X-Forwarded-Proto $scheme;\n",
  "/etc/nginx/mime.types": "types { }\n",
  "/etc/nginx/uwsgi_params": "uwsgi_param QUERY_STRING $query_string;\n",
  "/etc/nginx/scgi_params": "scgi_param QUERY_STRING $query_string;\n",
  "/etc/nginx/fastcgi_params": "fastcgi_param QUERY_STRING $query_string;\n",
  "/etc/nginx/fastcgi.conf": "fastcgi_param QUERY_STRING $query_string;\n",
};

/** What a relative include names on Debian: the config prefix is /etc/nginx/. */
function includePath(name: string): string {
  return name.startsWith("/") ? name : `/etc/nginx/${name}`;
}

type Token =
  | { kind: "word"; arg: NginxArg }
  | { kind: "semi" | "open" | "close"; line: number; column: number }
  | { kind: "eof"; line: number; column: number }
  | { kind: "error"; line: number; column: number; message: string; code: Diagnostic["code"] };

/** A carriage return that changes what nginx reads, which nginx does not mention: where it is and why. */
interface CarriageReturnNote {
  line: number;
  column: number;
  message: string;
}

/**
 * The tokenizer of `ngx_conf_read_token`, over the whole text. Stops at the first error. Into `notes` go the
 * carriage returns nginx reads without a word but not as a blank (observed with nginx 1.22.1, conformance rows
 * `carriage-return-nginx.json` and scenarios `ngx-cr-*`): the first one in a `#` comment with text after it
 * (the comment runs to the next LF), and one inside quotes or after a backslash (kept in the word).
 */
function tokenize(text: string, notes: CarriageReturnNote[] = []): Token[] {
  const out: Token[] = [];
  let line = 1;
  let col = 1;
  let i = 0;
  const n = text.length;
  const isBlank = (c: string) => c === " " || c === "\t" || c === "\r" || c === "\n";
  const advance = () => {
    const c = text[i]!;
    i += 1;
    if (c === "\n") {
      line += 1;
      col = 1;
    } else col += 1;
    return c;
  };
  // A word may not follow a closing quote directly; `)` is allowed there (the `if (…)` syntax).
  let needSpace = false;
  while (i < n) {
    const c = text[i]!;
    if (needSpace) {
      if (isBlank(c)) {
        advance();
        needSpace = false;
        continue;
      }
      if (c !== ";" && c !== "{" && c !== ")") {
        out.push({ kind: "error", line, column: col, code: "nginx-unexpected-character", message: `unexpected "${c}"` });
        return out;
      }
      // `)` right after a quote starts the next word (`if ($a = 'b')` gives the words `'b'` and `)`).
      needSpace = false;
    }
    if (isBlank(c)) {
      advance();
      continue;
    }
    if (c === "#") {
      let cr: { line: number; column: number; at: number } | null = null;
      while (i < n && text[i] !== "\n") {
        if (cr === null && text[i] === "\r") cr = { line, column: col, at: i };
        advance();
      }
      const rest = cr === null ? "" : text.slice(cr.at + 1, i).trim();
      if (cr !== null && rest !== "") {
        notes.push({ line: cr.line, column: cr.column, message: `nginx reads a comment up to the next line feed, so '${shown(rest)}' after this carriage return is ignored.` });
      }
      continue;
    }
    if (c === ";" || c === "{" || c === "}") {
      out.push({ kind: c === ";" ? "semi" : c === "{" ? "open" : "close", line, column: col });
      advance();
      continue;
    }
    // A word.
    const startLine = line;
    const startCol = col;
    let value = "";
    if (c === '"' || c === "'") {
      const quote = c;
      advance();
      let closed = false;
      let toldCr = false;
      // The word is copied a run at a time: from `run` up to an escape or the closing quote.
      let run = i;
      while (i < n) {
        const d = text[i]!;
        if (!toldCr && (d === "\r" || (d === "\\" && text[i + 1] === "\r"))) {
          toldCr = true;
          notes.push({ line, column: col + (d === "\r" ? 0 : 1), message: KEPT_CR });
        }
        if (d === "\\" && i + 1 < n) {
          value += text.slice(run, i);
          advance();
          value += unescape(advance());
          run = i;
          continue;
        }
        if (d === quote) {
          value += text.slice(run, i);
          advance();
          closed = true;
          break;
        }
        advance();
      }
      if (!closed) {
        out.push({ kind: "error", line, column: col, code: "nginx-unexpected-eof", message: 'unexpected end of file, expecting ";" or "}"' });
        return out;
      }
      out.push({ kind: "word", arg: { text: value, line: startLine, column: startCol, endLine: line, endColumn: col, quoted: true } });
      needSpace = true;
      continue;
    }
    let variable = false;
    let run = i;
    while (i < n) {
      const d = text[i]!;
      if (d === "{" && variable) {
        advance();
        continue;
      }
      variable = false;
      if (d === "\\" && i + 1 < n) {
        if (text[i + 1] === "\r") notes.push({ line, column: col + 1, message: KEPT_CR });
        value += text.slice(run, i);
        advance();
        value += unescape(advance());
        run = i;
        continue;
      }
      if (d === "$") {
        variable = true;
        advance();
        continue;
      }
      if (isBlank(d) || d === ";" || d === "{") break;
      advance();
    }
    value += text.slice(run, i);
    out.push({ kind: "word", arg: { text: value, line: startLine, column: startCol, endLine: line, endColumn: col, quoted: false } });
  }
  out.push({ kind: "eof", line, column: col });
  return out;
}

const KEPT_CR = "nginx keeps this carriage return in the word (it is inside quotes or comes after a backslash): a proxy_set_header value holding it goes to the back end as it is, and an Apache back end answers it with 400.";

/** Text as a message quotes it: CRs written `\r`, at most 60 characters. */
function shown(text: string): string {
  const t = text.length > 60 ? `${text.slice(0, 59)}…` : text;
  return t.replace(/\r/g, "\\r");
}

function unescape(c: string): string {
  switch (c) {
    case "t":
      return "\t";
    case "r":
      return "\r";
    case "n":
      return "\n";
    case '"':
    case "'":
    case "\\":
      return c;
    default:
      return `\\${c}`;
  }
}

interface BuildState {
  tokens: Token[];
  pos: number;
  source: string;
  diagnostics: Diagnostic[];
  stopped: boolean;
}

function error(st: BuildState, line: number, column: number, code: Diagnostic["code"], message: string, endColumn?: number): void {
  st.diagnostics.push({ severity: "error", code, source: st.source, line, column, ...(endColumn ? { endLine: line, endColumn } : {}), message });
}

/**
 * Blocks nested deeper than this are not read: the engine's own limit (nginx has none; real configurations
 * nest three or four levels), so that a pathological paste cannot exhaust the stack of the recursive reading.
 */
export const MAX_NGINX_BLOCK_DEPTH = 100;

/**
 * `ngx_conf_parse` over tokens: a list of directives up to a `}` (inside a block) or the end. `depth` is the
 * count of enclosing blocks; a block opened past `MAX_NGINX_BLOCK_DEPTH` is an error `nginx-too-deep`.
 */
function buildList(st: BuildState, inBlock: boolean, depth = 0): { nodes: NginxDirective[]; close: { line: number; column: number } | null } {
  const nodes: NginxDirective[] = [];
  let words: NginxArg[] = [];
  for (;;) {
    const t = st.tokens[st.pos];
    if (!t || st.stopped) return { nodes, close: null };
    st.pos += 1;
    switch (t.kind) {
      case "error":
        error(st, t.line, t.column, t.code, t.message);
        st.stopped = true;
        return { nodes, close: null };
      case "word":
        words.push(t.arg);
        break;
      case "semi":
      case "open": {
        if (words.length === 0) {
          error(st, t.line, t.column, "nginx-unexpected-character", `unexpected "${t.kind === "semi" ? ";" : "{"}"`);
          st.stopped = true;
          return { nodes, close: null };
        }
        const [name, ...args] = words;
        words = [];
        const d: NginxDirective = { name: name!.text, args, line: name!.line, column: name!.column, endColumn: name!.endColumn, children: null };
        if (t.kind === "open") {
          if (depth >= MAX_NGINX_BLOCK_DEPTH) {
            error(st, t.line, t.column, "nginx-too-deep", `blocks nest more than ${MAX_NGINX_BLOCK_DEPTH} levels deep here; this playground reads no deeper (nginx itself has no such limit)`);
            st.stopped = true;
            return { nodes, close: null };
          }
          const inner = buildList(st, true, depth + 1);
          d.children = inner.nodes;
          d.closeLine = inner.close?.line ?? t.line;
        }
        nodes.push(d);
        break;
      }
      case "close":
        if (words.length) {
          error(st, t.line, t.column, "nginx-unexpected-close", 'unexpected "}"');
          st.stopped = true;
          return { nodes, close: null };
        }
        if (!inBlock) {
          error(st, t.line, t.column, "nginx-unexpected-close", 'unexpected "}"');
          st.stopped = true;
          return { nodes, close: null };
        }
        return { nodes, close: { line: t.line, column: t.column } };
      case "eof":
        if (words.length) {
          error(st, t.line, t.column, "nginx-unexpected-eof", 'unexpected end of file, expecting ";" or "}"');
          st.stopped = true;
        } else if (inBlock) {
          error(st, t.line, t.column, "nginx-unexpected-eof", 'unexpected end of file, expecting "}"');
          st.stopped = true;
        }
        return { nodes, close: null };
    }
  }
}

/** The context a block's contents are read in, or null when they are not directives (`types`, `map`, …). */
function innerContext(d: NginxDirective, outer: NginxContext): NginxContext | null {
  if (NGINX_VALUE_BLOCKS.has(d.name)) return null;
  switch (d.name) {
    case "http":
      return "http";
    case "events":
      return "events";
    case "server":
      return outer === "http" ? "server" : null;
    case "location":
      return "location";
    case "upstream":
      return "upstream";
    case "if":
      return outer === "location" || outer === "lif" ? "lif" : "sif";
    case "limit_except":
      return "lmt";
    default:
      return outer;
  }
}

/** `ngx_conf_handler`: the name, the context, block or not, the argument count, then on/off values. */
function checkDirective(d: NginxDirective, context: NginxContext, source: string, diagnostics: Diagnostic[], seenFlags: Map<string, NginxDirective>): NginxDirectiveSpec | null {
  const at = { source, line: d.line, column: d.column, endLine: d.line, endColumn: d.endColumn };
  const rows = findNginxDirective(d.name);
  if (rows.length === 0) {
    diagnostics.push({ severity: "error", code: "nginx-unknown-directive", ...at, message: `unknown directive "${d.name}"` });
    return null;
  }
  const spec = rows.find((r) => r.contexts.includes(context) || r.contexts.includes("any"));
  if (!spec) {
    diagnostics.push({ severity: "error", code: "nginx-directive-not-allowed", ...at, message: `"${d.name}" directive is not allowed here` });
    return null;
  }
  if (!spec.block && d.children !== null) {
    diagnostics.push({ severity: "error", code: "nginx-directive-not-terminated", ...at, message: `directive "${d.name}" is not terminated by ";"` });
    return null;
  }
  if (spec.block && d.children === null) {
    diagnostics.push({ severity: "error", code: "nginx-directive-no-block", ...at, message: `directive "${d.name}" has no opening "{"` });
    return null;
  }
  if (!argumentCountFits(spec, d.args.length)) {
    diagnostics.push({ severity: "error", code: "nginx-invalid-argument-count", ...at, message: `invalid number of arguments in "${d.name}" directive` });
    return null;
  }
  if (spec.args === "flag") {
    const v = d.args[0]!;
    const word = v.text.toLowerCase();
    if (word !== "on" && word !== "off") {
      diagnostics.push({
        severity: "error",
        code: "nginx-invalid-flag",
        source,
        line: v.line,
        column: v.column,
        endLine: v.endLine,
        endColumn: v.endColumn,
        message: `invalid value "${v.text}" in "${d.name}" directive, it must be "on" or "off"`,
      });
    } else if (seenFlags.has(d.name)) {
      diagnostics.push({ severity: "error", code: "nginx-directive-duplicate", ...at, message: `"${d.name}" directive is duplicate` });
    } else seenFlags.set(d.name, d);
  }
  return spec;
}

function expandIncludes(nodes: NginxDirective[], source: string, diagnostics: Diagnostic[]): NginxDirective[] {
  const out: NginxDirective[] = [];
  for (const d of nodes) {
    if (d.name === "include" && d.children === null && d.args.length === 1) {
      const arg = d.args[0]!;
      const file = includePath(arg.text);
      if (/[*?[]/.test(file)) {
        // conf.d/*.conf and the like: Debian ships these directories empty (apart from sites-enabled).
        if (!/^\/etc\/nginx\/(conf\.d|snippets|modules-enabled)\//.test(file)) {
          diagnostics.push({ severity: "warning", code: "nginx-include-unknown", source, line: arg.line, column: arg.column, endLine: arg.endLine, endColumn: arg.endColumn, message: `include "${arg.text}": this model takes the matched files to be empty.` });
        }
        continue;
      }
      const text = STOCK_INCLUDES[file];
      if (text === undefined) {
        diagnostics.push({ severity: "error", code: "nginx-include-not-found", source, line: arg.line, column: arg.column, endLine: arg.endLine, endColumn: arg.endColumn, message: `open() "${file}" failed (2: No such file or directory)` });
        continue;
      }
      const st: BuildState = { tokens: tokenize(text), pos: 0, source, diagnostics: [], stopped: false };
      const inner = buildList(st, false).nodes;
      const place = (x: NginxDirective): NginxDirective => ({
        ...x,
        line: d.line,
        column: d.column,
        endColumn: d.endColumn,
        args: x.args.map((a) => ({ ...a, line: arg.line, column: arg.column, endLine: arg.endLine, endColumn: arg.endColumn })),
        children: x.children ? x.children.map(place) : null,
        includedFrom: file,
      });
      out.push(...inner.map(place));
      continue;
    }
    out.push(d.children ? { ...d, children: expandIncludes(d.children, source, diagnostics) } : d);
  }
  return out;
}

/**
 * Checks every directive in its context and returns the tree without the ones nginx refuses outright
 * (unknown, misplaced, wrong argument count, block or not): later modules never see a malformed directive.
 */
function walk(nodes: NginxDirective[], context: NginxContext, source: string, diagnostics: Diagnostic[]): NginxDirective[] {
  const seenFlags = new Map<string, NginxDirective>();
  const kept: NginxDirective[] = [];
  for (const d of nodes) {
    const spec = checkDirective(d, context, source, diagnostics, seenFlags);
    if (!spec) continue;
    const inner = d.children === null ? null : innerContext(d, context);
    kept.push(inner === null ? d : { ...d, children: walk(d.children!, inner, source, diagnostics) });
  }
  return kept;
}

/** True when the text holds `server {` anywhere: the conformance runner's rule for "whole server blocks". */
function hasServerBlock(nodes: NginxDirective[]): boolean {
  return nodes.some((d) => (d.name === "server" && d.children !== null) || (d.children !== null && hasServerBlock(d.children)));
}

/**
 * Parses an nginx config text of a scenario.
 *
 * Input: the text and the scenario field it came from (`"proxies[0].config"`, for diagnostics). Output: the
 * directive tree (without the directives nginx refuses outright, which get a diagnostic instead), the mode (`server-blocks` when the text contains a `server { … }` block, read at http level;
 * otherwise `server-inside`, the inside of one server block), and diagnostics in nginx's own wording at the
 * line and column of the offending word or character, and a warning `nginx-carriage-return` at a carriage
 * return that a comment swallows or a word keeps (nginx says nothing). Lines are counted by LF, as nginx counts
 * them. Stock Debian includes (`include proxy_params;`,
 * `/etc/nginx/proxy_params`, `mime.types`) are expanded in place. Never throws.
 */
export function parseNginxConfig(text: string, source: string): NginxConfigParse {
  const diagnostics: Diagnostic[] = [];
  const notes: CarriageReturnNote[] = [];
  const st: BuildState = { tokens: tokenize(text, notes), pos: 0, source, diagnostics, stopped: false };
  for (const c of notes) {
    diagnostics.push({ severity: "warning", code: "nginx-carriage-return", source, line: c.line, column: c.column, endLine: c.line, endColumn: c.column + 1, message: c.message });
  }
  const raw = buildList(st, false).nodes;
  const nodes = expandIncludes(raw, source, diagnostics);
  const mode: NginxConfigMode = hasServerBlock(nodes) ? "server-blocks" : "server-inside";
  const checked = walk(nodes, mode === "server-blocks" ? "http" : "server", source, diagnostics);
  return { nodes: checked, mode, diagnostics };
}

/**
 * The directives named `name` directly in a list (no descent into blocks), in order. The checks and the model
 * look up dozens of names in the same lists, so each list's index by name is built once (a parsed list is not
 * changed afterwards); the answer is shared and read-only.
 */
export function directivesNamed(nodes: readonly NginxDirective[] | null, name: string): readonly NginxDirective[] {
  if (nodes === null || nodes.length === 0) return NO_DIRECTIVES;
  return namesOf(nodes).get(name) ?? NO_DIRECTIVES;
}

const NO_DIRECTIVES: readonly NginxDirective[] = [];
const namesOf = memoByObject((nodes: readonly NginxDirective[]) => groupBy(nodes, (d) => d.name));
