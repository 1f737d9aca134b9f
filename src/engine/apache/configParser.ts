/**
 * Reads Apache httpd 2.4 configuration text into a tree of directives and sections with exact positions,
 * and checks directive names and placement the way `apache2 -t` does.
 *
 * Models, from apache/httpd branch 2.4.x (f45abec1bd, 2.4.63-dev; read from source):
 * - `ap_cfg_getline` (server/util.c): only a line feed (LF) ends a line; a backslash at the very end of a line
 *   (before its LF, or its CRLF) joins the next line to it, with nothing in between (so `Foo\` + `Bar` reads
 *   `FooBar`); leading and trailing blanks are dropped, the CR of a CRLF with them.
 * - A carriage return (CR) anywhere else is one of the blanks (`apr_isspace`): between words it separates them
 *   and the words after it stay on the same directive, a comment line runs over it to the next LF, and inside
 *   quotes it is part of the value. Observed with Apache 2.4.71 (`apache2 -t` and requests; conformance rows
 *   `carriage-return-apache.json` and scenarios `apache-cr-*`); Apache says nothing, this parser warns.
 * - `ap_build_config_sub` (server/config.c): a line whose first non-blank character is `#` is a comment, even
 *   when a trailing backslash continues it; the first word is the directive name; `<Name args>` opens a
 *   section, `</Name>` closes it (case-insensitive), with Apache's messages for a stray, mismatched or
 *   unterminated close tag and for a section left open at the end.
 * - `ap_getword_conf` (server/util.c): words split on blanks; `"…"` and `'…'` quote a word, and inside them
 *   a backslash escapes the quote character and a backslash; elsewhere `\\` is one backslash.
 * - The core section handlers (server/core.c): the argument text ends at the last `>` on the line, anything
 *   after it is ignored; `<Directory>` without an argument "requires additional arguments".
 * - `invoke_cmd` (server/config.c) and `ap_check_cmd_context` (server/core.c) for `checkDirectives`.
 * Messages were checked on Apache 2.4.71 (Debian 12) with `apache2 -t` against small files, for every
 * structural error reported here and for the context errors of the directives in `directives.ts`.
 *
 * - `invoke_cmd` (server/config.c) for `checkArguments`: the argument counts Apache checks itself, by the
 *   directive's `args_how`, and those a few modules check themselves (`handlerArgs` in `directives.ts`).
 * Not modelled: `${VAR}` substitution from Define, Include, argument values, the counts of the other directives
 * that read their own arguments (Require; Header is checked in modHeaders.ts; ProxyPass, RewriteRule and
 * RewriteCond words are checked here), and `{…}` grouping in expression arguments.
 */
import type { Diagnostic, Severity } from "../types.ts";
import { memoByText } from "../textMemo.ts";
import { isCSpace } from "../cRuntime.ts";
import { balancerParamProblem, isBalancerUrl, sharedWorker, workerName, workerParamProblem } from "./proxyWorker.ts";
import { rewriteFlagsProblem } from "./modRewrite.ts";
import { pcreCompiles, runsAsJavaScript } from "./utilPcre.ts";
import { requireProblem } from "./modAuthzCore.ts";
import { findKnownDirective, type ArgsHow, type DirectiveSpec, type KnownDirective } from "./directives.ts";

/** One argument: its text after unquoting, and where the word stands in the source (quotes included). */
export interface ConfigArg {
  text: string;
  /** 1-based line of the word's first character. */
  line: number;
  /** 1-based column (UTF-16 units) of the word's first character (the quote, if quoted). */
  column: number;
  /** Column just past the word, on `endLine` when the word runs over a continued line, else on `line`. */
  endColumn: number;
  /** True when the word was written in quotes. */
  quoted: boolean;
  /** Present only when a backslash continuation splits the word: the line `endColumn` is on. */
  endLine?: number;
}

export interface Directive {
  kind: "directive";
  /** The name as written; compare with `toLowerCase()`. */
  name: string;
  args: ConfigArg[];
  line: number;
  column: number;
  /** Column just past the name. */
  endColumn: number;
  /**
   * For a directive continued over several lines with a backslash: its last physical line, the line Apache names
   * in an error about it, and the column just past the end of that line.
   */
  continued?: { line: number; endColumn: number };
}

export interface Section {
  kind: "section";
  /** The name as written, without brackets ("VirtualHost"). */
  name: string;
  /** The words between the name and the last `>` on the line. */
  args: ConfigArg[];
  children: ConfigNode[];
  /** Position of the `<`. */
  line: number;
  column: number;
  /** Line of the closing tag, or the last line of the text when the section is never closed. */
  endLine: number;
  /** For an opening tag continued over several lines: its last physical line and the column past its end. */
  continued?: { line: number; endColumn: number };
}

export type ConfigNode = Directive | Section;

/** The text of `s` from `from` to `to` as a message quotes it: blanks at its ends dropped, CRs written `\r`, at most 60 characters. */
function shownAfter(s: string, from: number, to: number): string {
  while (from < to && isCSpace(s.charCodeAt(from))) from++;
  const t = to - from > 60 ? `${s.slice(from, from + 59)}…` : s.slice(from, to);
  return t.replace(/\r/g, "\\r");
}

/** A continued line, glued together as Apache reads it, with a map back to physical positions. */
interface LogicalLine {
  text: string;
  /** For each physical piece: where it starts in `text` and which line it is. Each piece starts at column 1. */
  pieces: { start: number; line: number }[];
}

/** Splits text into logical lines (ap_cfg_getline). Linear in the text's length. */
function logicalLines(text: string): { lines: LogicalLine[]; lastLine: number } {
  const lines: LogicalLine[] = [];
  let pos = 0;
  let lineNo = 1;
  let current: LogicalLine | null = null;
  while (pos < text.length || current !== null) {
    if (pos >= text.length) {
      lines.push(current!);
      current = null;
      break;
    }
    let lf = text.indexOf("\n", pos);
    const hasLf = lf >= 0;
    if (!hasLf) lf = text.length;
    let end = lf;
    if (hasLf && end > pos && text.charCodeAt(end - 1) === 0x0d) end--;
    const continued = hasLf && end > pos && text.charCodeAt(end - 1) === 0x5c; // "\"
    const piece = text.slice(pos, continued ? end - 1 : end);
    if (current === null) current = { text: "", pieces: [] };
    current.pieces.push({ start: current.text.length, line: lineNo });
    current.text += piece;
    if (!continued) {
      lines.push(current);
      current = null;
    }
    pos = lf + 1;
    if (hasLf) lineNo++;
  }
  return { lines, lastLine: lineNo - (text.endsWith("\n") ? 1 : 0) || 1 };
}

/** The last physical line of a logical line joined from several, and the column just past its end; null for one line. */
function continuedEnd(l: LogicalLine): { line: number; endColumn: number } | null {
  if (l.pieces.length < 2) return null;
  const last = l.pieces[l.pieces.length - 1]!;
  return { line: last.line, endColumn: l.text.length - last.start + 1 };
}

/** Line and column of an offset in a logical line; `end` picks the piece before a join for an exclusive end. */
function positionIn(l: LogicalLine, offset: number, end = false): { line: number; column: number } {
  // Binary search for the last piece that starts at (or, for an end, before) the offset.
  let lo = 0;
  let hi = l.pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const start = l.pieces[mid]!.start;
    if (end ? start < offset : start <= offset) lo = mid;
    else hi = mid - 1;
  }
  const piece = l.pieces[lo]!;
  return { line: piece.line, column: offset - piece.start + 1 };
}

/** The column just past `w` when it ends on the line it starts on (`at`), else just past its name on that line. */
function endColumnOf(l: LogicalLine, w: Word, at: { line: number; column: number }): number {
  const end = positionIn(l, w.end, true);
  return end.line === at.line ? end.column : at.column + w.text.length;
}

interface Word {
  text: string;
  start: number;
  end: number;
  quoted: boolean;
  /** False for a quoted word whose closing quote is missing. */
  closed: boolean;
}

/** substring_conf: `\\` → `\`, and inside quotes `\"` → `"` (or `\'` → `'`). */
function unescape(raw: string, quote: string): string {
  if (!raw.includes("\\")) return raw;
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    const n = raw[i + 1];
    if (c === "\\" && (n === "\\" || (quote !== "" && n === quote))) {
      out += n;
      i++;
    } else out += c;
  }
  return out;
}

/** ap_getword_conf over `s[from, to)`: the next word, or null when only blanks remain. */
function nextWord(s: string, from: number, to: number): Word | null {
  let i = from;
  while (i < to && isCSpace(s.charCodeAt(i))) i++;
  if (i >= to) return null;
  const q = s[i];
  if (q === '"' || q === "'") {
    let j = i + 1;
    while (j < to && s[j] !== q) {
      if (s[j] === "\\" && j + 1 < to && (s[j + 1] === q || s[j + 1] === "\\")) j += 2;
      else j++;
    }
    const closed = j < to;
    return { text: unescape(s.slice(i + 1, Math.min(j, to)), q), start: i, end: closed ? j + 1 : to, quoted: true, closed };
  }
  let j = i;
  while (j < to && !isCSpace(s.charCodeAt(j))) j++;
  return { text: unescape(s.slice(i, j), ""), start: i, end: j, quoted: false, closed: true };
}

/**
 * Core sections that take one path or pattern (`~` and a regular expression counting as one): core.c's
 * dirsection, urlsection and filesection refuse more words with "Multiple <Location> arguments not (yet)
 * supported." (checked with `apache2 -t` on Apache 2.4.71, syntax rows DA76–DA83).
 */
const ONE_PATH_SECTIONS = new Set(["directory", "directorymatch", "location", "locationmatch", "files", "filesmatch"]);

/** mod_authz_core's sections, which group Require lines (checked with `apache2 -t` on Apache 2.4.71, rows RQ01–RQ36). */
const AUTHZ_SECTIONS = new Set(["requireall", "requireany", "requirenone"]);

/** Whether `nodes` hold a Require line or a Require section, looking into conditional blocks Apache reads in place. */
function holdsRequire(nodes: readonly ConfigNode[]): boolean {
  return nodes.some((c) => {
    const name = c.name.toLowerCase();
    if (c.kind === "directive") return name === "require";
    return AUTHZ_SECTIONS.has(name) || (CONDITIONAL.has(name) && holdsRequire(c.children));
  });
}

/** Core sections whose handler refuses an empty argument (checked with `apache2 -t`). */
const NEEDS_ARGS = new Set(["virtualhost", "directory", "directorymatch", "location", "locationmatch", "files", "filesmatch", "ifmodule", "ifdefine"]);

/**
 * Parses Apache configuration text into directives and sections.
 *
 * Input: the text (any line ends) and `source`, the scenario field it came from ("backend.config",
 * "proxies[0].config"), copied into every diagnostic. Output: the top-level nodes in order, sections holding
 * their children, every name and argument with its 1-based line and UTF-16 column; and diagnostics, each
 * with Apache's own wording where Apache reports the problem (`apache2 -t` on 2.4.71):
 * - error `config-section-unmatched`: "</VirtualHost> without matching <VirtualHost> section"
 * - error `config-section-mismatch`: "Expected </VirtualHost> but saw </Location>"
 * - error `config-section-missing-bracket`: "<VirtualHost> directive missing closing '>'" (also for `</Name`)
 * - error `config-section-missing-args`: "<Directory> directive requires additional arguments"
 * - error `config-section-unclosed`: "<Directory> was not closed."
 * - warning `config-section-trailing-text`: words after the `>` of a section, which Apache ignores
 * - warning `config-inline-comment`: an argument starting with `#`; only a line can be a comment
 * - warning `config-unterminated-quote`: a quote never closed; Apache quietly takes the rest of the line
 * - warning `config-carriage-return`: a lone CR that Apache reads as a blank (the words after it go on the
 *   same directive), one that a comment line swallows, or one inside quotes (kept in the value)
 * Apache stops at its first error; this parser recovers (a mismatched close tag closes the matching
 * enclosing section if there is one, else is ignored) and reports on. Never throws. The tree of a recent text
 * is shared between callers (a memo of the last 16 texts): read it, never change it.
 */
export function parseApacheConfig(text: string, source: string): { nodes: ConfigNode[]; diagnostics: Diagnostic[] } {
  if (typeof text !== "string") return { nodes: [], diagnostics: [] };
  // One simulation reads a config in several places and the next keystroke mostly leaves it unchanged: the
  // tree is shared (read-only), the diagnostics are fresh objects carrying this caller's source.
  const parsed = parsedConfig(text);
  return { nodes: parsed.nodes, diagnostics: parsed.diagnostics.map((d) => ({ ...d, source })) };
}

const parsedConfig = memoByText((text) => parseConfigText(text), 16);

/** The parse itself; its diagnostics carry an empty source, which `parseApacheConfig` fills in. */
function parseConfigText(text: string, source = ""): { nodes: ConfigNode[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const nodes: ConfigNode[] = [];
  const diag = (severity: Severity, code: Diagnostic["code"], line: number, column: number, endColumn: number | undefined, message: string, endLine?: number) => {
    const d: Diagnostic = { severity, code, source, line, column, message };
    if (endLine !== undefined && endLine !== line) d.endLine = endLine;
    if (endColumn !== undefined) d.endColumn = endColumn;
    diagnostics.push(d);
  };

  const { lines, lastLine } = logicalLines(text);
  const stack: Section[] = [];
  const container = () => (stack.length > 0 ? stack[stack.length - 1]!.children : nodes);
  const canonical = (name: string) => {
    const k = findKnownDirective(name);
    return k?.section ? k.name : name;
  };

  const toArg = (l: LogicalLine, w: Word): ConfigArg => {
    // A line without continuations (nearly all) is one piece: the columns are offsets from its start.
    if (l.pieces.length === 1) {
      const p = l.pieces[0]!;
      return { text: w.text, line: p.line, column: w.start - p.start + 1, endColumn: w.end - p.start + 1, quoted: w.quoted };
    }
    const a = positionIn(l, w.start);
    const b = positionIn(l, w.end, true);
    const arg: ConfigArg = { text: w.text, line: a.line, column: a.column, endColumn: b.column, quoted: w.quoted };
    if (b.line !== a.line) arg.endLine = b.line;
    return arg;
  };
  const words = (l: LogicalLine, from: number, to: number): Word[] => {
    const out: Word[] = [];
    let i = from;
    for (;;) {
      const w = nextWord(l.text, i, to);
      if (w === null) return out;
      out.push(w);
      i = w.end;
    }
  };
  const warnQuote = (l: LogicalLine, w: Word) => {
    if (w.quoted && !w.closed) {
      const p = positionIn(l, w.start);
      diag("warning", "config-unterminated-quote", p.line, p.column, p.column + 1, `The quote ${l.text[w.start]} is never closed: Apache takes the rest of the line as one argument.`);
    }
  };
  const warnQuotes = (l: LogicalLine, ws: readonly Word[]) => {
    for (const w of ws) warnQuote(l, w);
  };

  /** `config-carriage-return` at the offset of a CR in `l`, quoting what follows it on the line. */
  const warnCr = (l: LogicalLine, at: number, end: number, message: (rest: string) => string) => {
    const p = positionIn(l, at);
    diag("warning", "config-carriage-return", p.line, p.column, p.column + 1, message(shownAfter(l.text, at + 1, end)));
  };
  /**
   * The lone CRs of a logical line that change how it reads (the CR of a CRLF never reaches here): the first
   * one between words, and each quoted word holding one. Words are split as ap_getword_conf splits them.
   */
  const warnCarriageReturns = (l: LogicalLine, start: number, end: number, cmd: string) => {
    const s = l.text;
    let told = false;
    let i = start;
    for (let w = nextWord(s, i, end); w !== null; w = nextWord(s, i, end)) {
      const gapCr = told ? -1 : s.indexOf("\r", i);
      if (gapCr >= 0 && gapCr < w.start && i > start) {
        told = true;
        const where = cmd.startsWith("<") ? `stays on the line of ${cmd.endsWith(">") ? cmd : `${cmd}>`}` : `goes on as more words of ${cmd}`;
        warnCr(l, gapCr, end, (rest) => `Apache reads this carriage return as a blank, so '${rest}' ${where}; only a line feed starts a new line.`);
      }
      const inner = w.quoted ? s.indexOf("\r", w.start) : -1;
      if (inner >= 0 && inner < w.end) {
        warnCr(l, inner, end, () => "Apache keeps this carriage return in the quoted value: a RequestHeader value holding it reaches the application as it is, and a front end sends it on unchanged, which an Apache back end answers with 400.");
      }
      i = w.end;
    }
  };

  for (const l of lines) {
    const s = l.text;
    let start = 0;
    let end = s.length;
    while (start < end && isCSpace(s.charCodeAt(start))) start++;
    while (end > start && isCSpace(s.charCodeAt(end - 1))) end--;
    if (start >= end) continue;
    const hasCr = s.includes("\r", start);
    if (s[start] === "#") {
      const cr = hasCr ? s.indexOf("\r", start) : -1;
      if (cr >= 0 && cr < end) warnCr(l, cr, end, (rest) => `Apache reads the whole line as a comment up to the next line feed, so '${rest}' after this carriage return is ignored.`);
      continue;
    }

    const nameWord = nextWord(s, start, end)!;
    if (hasCr) warnCarriageReturns(l, start, end, nameWord.text);
    const namePos = positionIn(l, nameWord.start);
    // On a line of one piece the name ends on its own line: its end column is an offset from the piece's start.
    const nameEndColumn = l.pieces.length === 1 ? nameWord.end - l.pieces[0]!.start + 1 : endColumnOf(l, nameWord, namePos);
    const cmd = nameWord.text;

    if (cmd.startsWith("</")) {
      // A closing tag: ap_build_config_sub.
      if (stack.length === 0) {
        diag("error", "config-section-unmatched", namePos.line, namePos.column, nameEndColumn, `${cmd} without matching <${cmd.slice(2)} section`);
        continue;
      }
      let closeName: string;
      let reported = false;
      if (!cmd.endsWith(">")) {
        diag("error", "config-section-missing-bracket", namePos.line, namePos.column, nameEndColumn, `${cmd}> directive missing closing '>'`);
        closeName = cmd.slice(2);
        reported = true;
      } else closeName = cmd.slice(2, -1);
      const top = stack[stack.length - 1]!;
      if (closeName.toLowerCase() === top.name.toLowerCase()) {
        top.endLine = namePos.line;
        stack.pop();
        continue;
      }
      if (!reported) {
        diag("error", "config-section-mismatch", namePos.line, namePos.column, nameEndColumn, `Expected </${canonical(top.name)}> but saw </${closeName}>`);
      }
      let at = stack.length - 1;
      while (at >= 0 && stack[at]!.name.toLowerCase() !== closeName.toLowerCase()) at--;
      if (at >= 0) {
        while (stack.length > at) stack.pop()!.endLine = namePos.line;
      }
      continue;
    }

    if (cmd.startsWith("<") && cmd.length > 1 && cmd !== "<>") {
      // An opening tag. The name word may carry the ">" itself (`<Location>`).
      const hadGt = cmd.endsWith(">");
      const name = hadGt ? cmd.slice(1, -1) : cmd.slice(1);
      let argsFrom = nameWord.end;
      while (argsFrom < end && isCSpace(s.charCodeAt(argsFrom))) argsFrom++;
      let argsTo = end;
      let missingArgs = argsFrom >= end; // Apache substitutes ">" for empty arguments
      if (!missingArgs) {
        const gt = s.lastIndexOf(">", end - 1);
        if (gt < argsFrom) {
          diag("error", "config-section-missing-bracket", namePos.line, namePos.column, nameEndColumn, `<${canonical(name)}> directive missing closing '>'`);
        } else {
          argsTo = gt;
          let t = gt + 1;
          while (t < end && isCSpace(s.charCodeAt(t))) t++;
          if (t < end) {
            const p = positionIn(l, t);
            const q = positionIn(l, end, true);
            diag("warning", "config-section-trailing-text", p.line, p.column, q.line === p.line ? q.column : undefined, `Apache ignores everything after the '>' of <${name}>.`);
          }
          let a = argsFrom;
          while (a < argsTo && isCSpace(s.charCodeAt(a))) a++;
          missingArgs = a >= argsTo;
        }
      }
      if (missingArgs && NEEDS_ARGS.has(name.toLowerCase())) {
        diag("error", "config-section-missing-args", namePos.line, namePos.column, nameEndColumn, `<${canonical(name)}> directive requires additional arguments`);
      }
      const ws = words(l, argsFrom, argsTo);
      warnQuotes(l, ws);
      const section: Section = {
        kind: "section",
        name,
        args: ws.map((w) => toArg(l, w)),
        children: [],
        line: namePos.line,
        column: namePos.column,
        endLine: lastLine,
      };
      const sectionEnd = continuedEnd(l);
      if (sectionEnd) section.continued = sectionEnd;
      container().push(section);
      stack.push(section);
      continue;
    }

    const ws = words(l, nameWord.end, end);
    warnQuote(l, nameWord);
    warnQuotes(l, ws);
    const comment = ws.find((w) => !w.quoted && w.text.startsWith("#"));
    if (comment) {
      const p = positionIn(l, comment.start);
      diag(
        "warning",
        "config-inline-comment",
        p.line,
        p.column,
        p.column + 1,
        `'#' starts a comment only at the beginning of a line: here it and the words after it are arguments of ${cmd}.`,
      );
    }
    const directive: Directive = { kind: "directive", name: cmd, args: ws.map((w) => toArg(l, w)), line: namePos.line, column: namePos.column, endColumn: nameEndColumn };
    const directiveEnd = continuedEnd(l);
    if (directiveEnd) directive.continued = directiveEnd;
    container().push(directive);
  }

  for (let i = stack.length - 1; i >= 0; i--) {
    const sec = stack[i]!;
    diag("error", "config-section-unclosed", sec.line, sec.column, sec.column + 1 + sec.name.length, `<${canonical(sec.name)}> was not closed.`);
  }
  return { nodes, diagnostics };
}

/**
 * Apache reads a directive continued with a backslash as one line and names its last physical line in an error
 * about it ("Syntax error on line 3"), wherever the offending word stands (checked with `apache2 -t` on Apache
 * 2.4.71, syntax rows CL01–CL12). For each error in `diagnostics` (those of `source`) that starts within such a
 * directive of `nodes`, this extends its range to the directive's end and says which line Apache names, so the
 * mark stays on the word and the range covers the line of Apache's message. Changes the diagnostics in place.
 */
export function markContinuedDirectives(nodes: readonly ConfigNode[], diagnostics: Diagnostic[], source: string): void {
  const spans: { from: number; to: number; endColumn: number }[] = [];
  const stack: (readonly ConfigNode[])[] = [nodes];
  while (stack.length > 0) {
    for (const n of stack.pop()!) {
      if (n.continued) spans.push({ from: n.line, to: n.continued.line, endColumn: n.continued.endColumn });
      if (n.kind === "section") stack.push(n.children);
    }
  }
  if (spans.length === 0) return;
  for (const d of diagnostics) {
    if (d.severity !== "error" || d.source !== source) continue;
    const span = spans.find((s) => d.line >= s.from && d.line <= s.to);
    if (!span || (d.endLine ?? d.line) >= span.to) continue;
    d.endLine = span.to;
    d.endColumn = span.endColumn;
    d.message = `${d.message} (Apache names line ${span.to}, where this continued directive ends.)`;
  }
}

/**
 * invoke_cmd's count rule by `args_how` (server/config.c; each message observed with `apache2 -t` on 2.4.71):
 * at most `most` words, the first `needed` of them present and not empty.
 */
const ARG_COUNTS: Partial<Record<ArgsHow, { most: number; needed: number; text: string }>> = {
  NO_ARGS: { most: 0, needed: 0, text: "takes no arguments" },
  TAKE1: { most: 1, needed: 1, text: "takes one argument" },
  TAKE2: { most: 2, needed: 2, text: "takes two arguments" },
  TAKE12: { most: 2, needed: 1, text: "takes 1-2 arguments" },
  TAKE3: { most: 3, needed: 3, text: "takes three arguments" },
  TAKE23: { most: 3, needed: 2, text: "takes two or three arguments" },
  TAKE123: { most: 3, needed: 1, text: "takes one, two or three arguments" },
  TAKE13: { most: 3, needed: 1, text: "takes one or three arguments" },
  ITERATE: { most: Infinity, needed: 1, text: "requires at least one argument" },
  ITERATE2: { most: Infinity, needed: 1, text: "requires at least two arguments" },
};

/**
 * The argument check Apache's `invoke_cmd` (server/config.c, 2.4) makes before a directive's module sees its
 * words, by the directive's `argsHow`. Input: the spec and the words as `parseApacheConfig` read them (a quoted
 * `""` is a word, and an empty one). Output: null when Apache passes the words on, else Apache's message
 * ("ServerAdmin takes one argument, The email address of the server administrator", "KeepAlive must be On or
 * Off") and `at`, the word it refuses: the first one past the count, an empty word where one is needed, the
 * flag that is not On or Off; undefined when a word is missing. RAW_ARGS and TAKE_ARGV directives read their
 * own words: for those whose module counts them (`handlerArgs`: Listen, SetEnvIf, WSGIDaemonProcess, …) the
 * module's message, else null. A FLAG reads only its first word: `ProxyRequests Off extra` is accepted.
 * Never throws.
 * Checked with `apache2 -t` on Apache 2.4.71 for every directive of `directives.ts` (syntax rows
 * `syntax/directive-args.json`).
 */
export function checkArguments(spec: Pick<DirectiveSpec, "name" | "argsHow" | "usage" | "registeredName" | "handlerArgs">, args: readonly ConfigArg[]): { message: string; at: ConfigArg | undefined } | null {
  const how = spec.argsHow;
  const name = spec.registeredName ?? spec.name;
  const own = spec.handlerArgs;
  if (own && (how === "RAW_ARGS" || how === "TAKE_ARGV")) {
    // TAKE_ARGV drops an empty last word (the loop ends on an empty word with nothing after it).
    const words = how === "TAKE_ARGV" && args.length > 0 && args[args.length - 1]!.text === "" ? args.slice(0, -1) : args;
    for (let i = 0; i < own.needs.length; i++) {
      if (i >= words.length || words[i]!.text === "") return { message: own.needs[i]!, at: words[i] };
    }
    if (own.most !== undefined && words.length > own.most) return { message: own.tooMany ?? own.needs[0]!, at: words[own.most] };
    return null;
  }
  if (how === "FLAG") {
    const w = args[0];
    return w !== undefined && /^(on|off)$/i.test(w.text) ? null : { message: `${name} must be On or Off`, at: w };
  }
  const rule = ARG_COUNTS[how];
  if (rule === undefined) return null;
  const { most, needed } = rule;
  const refuse = (at: ConfigArg | undefined) => ({ message: `${name} ${rule.text}${how !== "NO_ARGS" && spec.usage ? `, ${spec.usage}` : ""}`, at });
  // The words that must be there and not empty.
  for (let i = 0; i < needed; i++) {
    if (i >= args.length || args[i]!.text === "") return refuse(args[i]);
  }
  if (args.length > most) return refuse(args[most]);
  // ITERATE2 wants something after its first word (an empty "" counts); TAKE13 refuses exactly two words.
  if (how === "ITERATE2" && args.length < 2) return refuse(undefined);
  if (how === "TAKE13" && args.length === 2 && args[1]!.text !== "") return refuse(args[1]);
  return null;
}

/** Sections Apache executes while reading (EXEC_ON_READ): their contents belong to the enclosing section. */
const CONDITIONAL = new Set(["ifmodule", "ifdefine", "ifversion", "iffile", "ifdirective", "ifsection"]);
/**
 * Modules every Apache the playground simulates has loaded (Debian 12 builds core, mod_so and mod_log_config in;
 * the conformance servers load the others for every configuration): an `<IfModule>` naming one of them, by
 * source file (`mod_env.c`) or identifier (`env_module`), is always read.
 */
const ALWAYS_LOADED = new Set(["core", "so", "log_config", "alias", "dir", "mime", "headers", "env", "setenvif", "rewrite", "proxy", "proxy_http", "authz_core", "authz_host", "authn_core", "access_compat"]);

/** True when Apache surely reads the contents of this conditional section (`<IfModule>` of a module always loaded). */
function surelyRead(sec: Section): boolean {
  if (sec.name.toLowerCase() !== "ifmodule") return false;
  const m = /^(?:(?:mod_)?(\w+)\.c|(\w+)_module)$/i.exec(sec.args[0]?.text ?? "");
  const name = (m?.[1] ?? m?.[2] ?? "").toLowerCase();
  return ALWAYS_LOADED.has(name);
}

/** Sections that make a per-directory context (`cmd->path` set). */
const PER_DIR = new Set(["directory", "directorymatch", "location", "locationmatch", "files", "filesmatch", "if", "elseif", "else", "limit", "limitexcept", "proxy", "proxymatch"]);
/** Handler messages that replace the generic one at top level (server/core.c). */
const TOP_LEVEL_MESSAGES: Record<string, string> = { serveralias: "ServerAlias only used in <VirtualHost>" };
/**
 * mod_alias refuses the two-argument Alias in every per-directory section (NOT_IN_DIR_CONTEXT) and the one-argument
 * Alias outside them ("Alias must have two arguments when used globally"); three are a count error first. The
 * names are spelled as the directive table registers them (a known directive's `name`).
 */
const TWO_ARG_DIR_CONTEXT = new Set(["Alias", "ScriptAlias"]);

/**
 * mod_rewrite's `parseargline` for RewriteRule and RewriteCond (httpd 2.4 modules/mappers/mod_rewrite.c): fewer
 * than two words is "bad argument line '…'", quoting the words as written; words after the flags are ignored. The
 * third word is the flags field (`modRewrite.ts`: "unknown flag 'Z'", "bad flag delimiters", rows RF01–RF47), and
 * after it the pattern must compile ("cannot compile regular expression '…'", `utilPcre.ts`, rows RX01–RX62).
 * Checked with `apache2 -t` on Apache 2.4.71 (syntax rows DA69–DA75). The quoted line is rebuilt from the words
 * (a quoted word is shown with double quotes), so spacing inside it may differ from the file's.
 */
function rewriteArguments(name: "RewriteRule" | "RewriteCond", args: readonly ConfigArg[]): { message: string; at: ConfigArg | undefined } | null {
  if (args.length >= 2) {
    const flags = args[2];
    const problem = flags === undefined ? null : rewriteFlagsProblem(name, flags.text);
    if (problem !== null) return { message: problem, at: flags };
    const at = name === "RewriteRule" ? args[0]! : args[1]!;
    const pattern = rewritePattern(name, args[0]!.text, args[1]!.text);
    return pattern === null || pcreCompiles(pattern) ? null : { message: `${name}: cannot compile regular expression '${pattern}'`, at };
  }
  const line = args.map((a) => (a.quoted ? `"${a.text}"` : a.text)).join(" ");
  return { message: `${name}: bad argument line '${line}'`, at: undefined };
}

/**
 * The regular expression mod_rewrite compiles for a RewriteRule (its pattern) or a RewriteCond (its
 * CondPattern, when that is a regular expression), without a leading `!`; null when the CondPattern is another
 * kind: `-f`, `-d` and the other file tests, `-lt` and the other integer comparisons, `<`, `>`, `=` string
 * comparisons, or any pattern of `RewriteCond expr …` (an ap_expr, not checked here). As `cmd_rewriterule` and
 * `cmd_rewritecond` in httpd 2.4 modules/mappers/mod_rewrite.c; checked with `apache2 -t` on Apache 2.4.71
 * (syntax rows RX01–RX62).
 */
function rewritePattern(name: "RewriteRule" | "RewriteCond", first: string, second: string): string | null {
  if (name === "RewriteRule") return first.startsWith("!") ? first.slice(1) : first;
  const a2 = second.startsWith("!") ? second.slice(1) : second;
  if (first.toLowerCase() === "expr") return null;
  if (a2.length >= 2) {
    if (a2[0] === "-") {
      if (a2.length === 2 && "fsdxhLlUF".includes(a2[1]!)) return null;
      if (a2.length >= 4 && ["lt", "le", "gt", "ge", "eq", "ne"].includes(a2.slice(1, 3))) return null;
    } else if (a2[0] === ">" || a2[0] === "<" || a2[0] === "=") return null;
  }
  return a2;
}

/**
 * A directive word Apache compiles as a regular expression when it starts (`ap_pregcomp`; `utilPcre.ts`): the
 * module's message when it does not compile, else null. mod_alias (AliasMatch, ScriptAliasMatch, RedirectMatch
 * after its optional status) and mod_wsgi (WSGIScriptAliasMatch) say "Regular expression could not be
 * compiled."; mod_setenvif names the directive ("SetEnvIf regex could not be compiled."). Checked with
 * `apache2 -t` on Apache 2.4.71 (syntax rows RX72–RX82).
 */
function regexArgument(arg: ConfigArg | undefined, message: string): WordsProblem | null {
  return arg === undefined || pcreCompiles(arg.text) ? null : { message, at: arg };
}

/** The sections with a pattern whose requests the simulation matches (`scopesFor` in server.ts). */
const MATCHED_SECTIONS = new Set(["location", "locationmatch", "directory", "directorymatch"]);

/**
 * The pattern word of a section that takes a regular expression: the first word of <LocationMatch>,
 * <DirectoryMatch>, <FilesMatch> and <ProxyMatch>, the word after `~` of <Location>, <Directory> and <Files>.
 * Apache refuses one that does not compile with "Regex could not be compiled", before it reads the section's
 * contents (syntax rows RX63–RX71).
 */
function sectionPattern(lower: string, args: readonly ConfigArg[]): ConfigArg | undefined {
  if (lower === "locationmatch" || lower === "directorymatch" || lower === "filesmatch" || lower === "proxymatch") return args[0];
  if ((lower === "location" || lower === "directory" || lower === "files") && args[0]?.text === "~") return args[1];
  return undefined;
}

/** What a module's own reading says of a directive's words: Apache's message, the word it names, and the code. */
interface WordsProblem {
  message: string;
  at: ConfigArg | undefined;
  code?: Diagnostic["code"];
  /** A warning Apache logs while it reads on (an error, refusing to start, when absent). */
  severity?: "warning";
}

/** The workers a server's configuration (the main server's or one virtual host's) has defined so far, by kind. */
interface ServerWorkers {
  prefix: string[];
  match: string[];
}

/** Where a directive stands, for the modules that read their own words. */
interface ReaderContext {
  /** In a per-directory section (`cmd->path`: `<Location>`, `<Proxy>`, …). */
  inSection: boolean;
  /** The mod_proxy workers its server has defined so far. */
  workers: () => ServerWorkers;
  /** The innermost `<RequireAll>`, `<RequireAny>` or `<RequireNone>` around it, or null. */
  authzContainer: "RequireAll" | "RequireAny" | "RequireNone" | null;
}

/**
 * Directives whose module reads its words by rules `argsHow` cannot state (the section it stands in, the raw line
 * in the message, what earlier directives of the same server defined): given the name, the words and where the
 * directive stands.
 */
const OWN_READERS = new Map<string, (name: string, args: readonly ConfigArg[], ctx: ReaderContext) => WordsProblem | null>(Object.entries({
  ProxyPass: (name, args, ctx) => proxyPassArguments(name, args, ctx.inSection, ctx.workers()),
  ProxyPassMatch: (name, args, ctx) => proxyPassArguments(name, args, ctx.inSection, ctx.workers()),
  AliasMatch: (_name, args) => regexArgument(args[0], "Regular expression could not be compiled."),
  ScriptAliasMatch: (_name, args) => regexArgument(args[0], "Regular expression could not be compiled."),
  RedirectMatch: (_name, args) => regexArgument(args[args.length === 3 ? 1 : 0], "Regular expression could not be compiled."),
  WSGIScriptAliasMatch: (_name, args) => regexArgument(args[0], "Regular expression could not be compiled."),
  SetEnvIf: (name, args) => regexArgument(args[1], `${name} regex could not be compiled.`),
  SetEnvIfNoCase: (name, args) => regexArgument(args[1], `${name} regex could not be compiled.`),
  BrowserMatch: (name, args) => regexArgument(args[0], `${name} regex could not be compiled.`),
  BrowserMatchNoCase: (name, args) => regexArgument(args[0], `${name} regex could not be compiled.`),
  RewriteRule: (_name, args) => rewriteArguments("RewriteRule", args),
  RewriteCond: (_name, args) => rewriteArguments("RewriteCond", args),
  Require: (_name, args, ctx) => {
    const problem = requireProblem(args, ctx.authzContainer);
    return problem && { message: problem.message, at: problem.word === undefined ? undefined : args[problem.word], code: "config-directive-args" };
  },
} satisfies Record<string, (name: string, args: readonly ConfigArg[], ctx: ReaderContext) => WordsProblem | null>));

/** ProxyPass words that are flags, not `key=value` settings (mod_proxy 2.4). */
const PROXY_PASS_FLAGS = new Set(["nocanon", "interpolate", "noquery"]);

/**
 * mod_proxy's reading of ProxyPass and ProxyPassMatch words (`add_pass`, httpd 2.4 modules/proxy/mod_proxy.c).
 * `inSection`: the directive stands in a per-directory section (`cmd->path`: `<Location>`, `<Proxy>`, …), whose
 * path it takes. Words of the form `key=value` are settings and `nocanon`, `interpolate`, `noquery` are flags;
 * `~` before the path makes it a regular expression. Returns Apache's message and the word it refuses, and the
 * code: `proxy-pass-args` for the words, `proxy-pass-bad-url` for a target that is not absolute,
 * `proxy-pass-worker-param` for a setting. Checked with `apache2 -t` on Apache 2.4.71 (syntax rows DA59–DA67,
 * PW01–PW54): "ProxyPass|ProxyPassMatch needs a path when not defined in a location", "… can not have a path when
 * defined in a location.", "Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form
 * 'key=value'.", "ProxyPass URL must be absolute!: backend/", "unknown mapping", and for the settings
 * (`proxyWorker.ts`) "ProxyPass unknown Worker parameter", "ProxyPass Timeout must be at least one second", ….
 *
 * `workers` holds the workers the same server defined before; a target that one of them covers shares it, and
 * Apache ignores its settings with a warning (`proxy-pass-worker-shared`) instead of reading them. A target this
 * directive defines is added. A ProxyPassMatch (or `~`) target shares only a regular-expression worker of the
 * very same name: Apache's own comparison of such names with `$1`-style wildcards is not modelled.
 */
function proxyPassArguments(name: string, args: readonly ConfigArg[], inSection: boolean, workers: ServerWorkers): WordsProblem | null {
  const regex = args[0]?.text === "~" || name === "ProxyPassMatch";
  const words = args[0]?.text === "~" ? args.slice(1) : args;
  const positional: ConfigArg[] = [];
  // The key=value settings in Apache's table: one entry per key (any case), at its first place, with the value
  // written last.
  const params = new Map<string, { key: string; value: string; at: ConfigArg }>();
  for (const w of words) {
    if (w.text.includes("=") && positional.length >= (inSection ? 1 : 2)) {
      const eq = w.text.indexOf("=");
      const key = w.text.slice(0, eq);
      const value = w.text.slice(eq + 1);
      if (key.toLowerCase() === "mapping") {
        if (value.toLowerCase() !== "encoded" && value.toLowerCase() !== "servlet") return { message: "unknown mapping", at: w, code: "proxy-pass-worker-param" };
      } else {
        const kept = params.get(key.toLowerCase());
        params.set(key.toLowerCase(), { key: kept?.key ?? key, value, at: w });
      }
      continue;
    }
    if (positional.length >= (inSection ? 1 : 2) && PROXY_PASS_FLAGS.has(w.text.toLowerCase())) continue;
    if (w.text.includes("=") && /^[a-z_]+=/i.test(w.text)) continue;
    positional.push(w);
  }
  const wanted = inSection ? 1 : 2;
  if (positional.length < wanted) {
    return { message: "ProxyPass|ProxyPassMatch needs a path when not defined in a location", at: undefined, code: "proxy-pass-args" };
  }
  if (positional.length > wanted) {
    return inSection && positional.length === 2
      ? { message: "ProxyPass|ProxyPassMatch can not have a path when defined in a location.", at: positional[0], code: "proxy-pass-args" }
      : { message: "Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form 'key=value'.", at: positional[wanted], code: "proxy-pass-args" };
  }
  // add_pass compiles the path of ProxyPassMatch (or ProxyPass ~) before it looks at the URL (rows RX83–RX86).
  if (regex && !inSection && !pcreCompiles(positional[0]!.text)) return { message: "Regular expression could not be compiled.", at: positional[0], code: "proxy-pass-args" };
  const url = positional[wanted - 1]!;
  if (url.text !== "!" && !url.text.includes(":")) return { message: `${name} URL must be absolute!: ${url.text}`, at: url, code: "proxy-pass-bad-url" };
  // "ProxyPass /path !" excludes a path: Apache returns before it reads the settings.
  if (url.text === "!") return null;
  if (isBalancerUrl(url.text)) {
    for (const p of params.values()) {
      const problem = balancerParamProblem(p.key);
      if (problem) return { message: `ProxyPass ${problem}`, at: p.at, code: "proxy-pass-worker-param" };
    }
    return null;
  }
  const own = regex ? workers.match : workers.prefix;
  const shared = regex ? (own.includes(workerName(url.text) ?? "") ? workerName(url.text) : null) : sharedWorker(own, url.text);
  if (shared !== null) {
    const first = params.values().next();
    if (first.done) return null;
    const p = first.value;
    return {
      message: `Apache ignores ${[...params.values()].map((q) => `${q.key}=${q.value}`).join(" ")} here: ${url.text} shares the worker ${shared}, defined by an earlier ProxyPass of this server with its own settings (AH01146 "Ignoring parameter … because of worker sharing")`,
      at: p.at,
      code: "proxy-pass-worker-shared",
      severity: "warning",
    };
  }
  const defined = workerName(url.text);
  if (defined !== null) own.push(defined);
  for (const p of params.values()) {
    const problem = workerParamProblem(p.key, p.value);
    if (problem) return { message: `ProxyPass ${problem}`, at: p.at, code: "proxy-pass-worker-param" };
  }
  return null;
}

/** The enclosing sections that are not conditional, innermost first, as a linked list. */
interface Chain {
  section: Section;
  up: Chain | null;
}

interface Scope {
  /** Nearest enclosing section that is not conditional, or null at top level. */
  parent: Section | null;
  /** Every such enclosing section. */
  chain: Chain | null;
  /** Inside <IfModule>, <IfDefine> and the like: Apache may skip the contents. */
  conditional: boolean;
  /** Inside a section Apache does not know: no placement checks. */
  unknown: boolean;
}

/**
 * Checks directive names and placement as Apache 2.4.71 does when it starts (`apache2 -t`).
 *
 * Input: nodes from `parseApacheConfig` and the `source` for the diagnostics. Output (never throws):
 * - error `config-unknown-directive` at the name of a directive Apache does not know with Debian 12's modules
 *   and mod_wsgi loaded: "Invalid command 'Foo', perhaps misspelled or defined by a module not included in
 *   the server configuration". Inside `<IfModule>`/`<IfDefine>` it is a warning, since Apache skips a block
 *   whose module is missing, unless the block names a module every simulated server loads (`surelyRead`).
 * - error `config-directive-context` at the name of a directive in a place Apache refuses, in Apache's words:
 *   "ServerName not allowed in <Directory> context", "AllowOverride not allowed here", "Listen cannot occur
 *   within <VirtualHost> section", "ProxyPass cannot occur within <Directory> section", "Alias cannot occur
 *   within directory context" (each checked with `apache2 -t`).
 * - error `config-directive-args` where Apache refuses the directive's arguments before its module reads them
 *   (`checkArguments`): "ServerAdmin takes one argument, …", "ProxyRequests must be On or Off". At the word it
 *   refuses (the first extra one, an empty quoted one, a flag that is not On or Off), else at the name; a
 *   warning inside a conditional block Apache may skip, as for unknown directives. Also a second path in a
 *   `<Directory>`, `<Location>` or `<Files>` section ("Multiple <Location> arguments not (yet) supported."),
 *   reported, as Apache does, only when nothing inside the section is refused first.
 * - info `config-directive-not-modelled` for a valid directive the playground does not simulate.
 * Apache reports only the first problem of a directive, in its order: the override mask ("not allowed"), then the
 * count, then the handler's own place checks ("cannot occur"); so does this check.
 * Sources: server/config.c `invoke_cmd` (the "not allowed" and count messages; the directive's override
 * mask), `ap_check_cmd_context` in server/core.c gives the "cannot occur" ones.
 */
export function checkDirectives(nodes: ConfigNode[], source: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (severity: Severity, code: Diagnostic["code"], n: ConfigNode, message: string) => {
    const endColumn = n.kind === "directive" ? n.endColumn : n.column + 1 + n.name.length;
    out.push({ severity, code, source, line: n.line, column: n.column, endColumn, message });
  };
  const label = (sec: Section) => {
    const k = findKnownDirective(sec.name);
    return k?.section ? k.name : sec.name;
  };

  const placement = (n: ConfigNode, known: KnownDirective, scope: Scope): string | null => {
    const spec = known.spec;
    if (spec?.execOnRead) return null;
    const isSection = n.kind === "section";
    // The name as Apache's messages write it (built only for a message).
    const reg = () => (isSection ? "<" : "") + (spec?.registeredName ?? known.name);
    const parent = scope.parent;
    if (parent === null) {
      if (known.contexts.includes("server")) return null;
      return TOP_LEVEL_MESSAGES[known.name.toLowerCase()] ?? `${reg()} not allowed here`;
    }
    const p = parent.name.toLowerCase();
    if (p === "virtualhost") {
      // A server-only directive is refused by its handler (handlerPlacement), after the count.
      if (known.contexts.includes("virtualhost") || known.contexts.includes("server")) return null;
      return `${reg()} not allowed in <VirtualHost> context`;
    }
    if (!PER_DIR.has(p)) return null;
    const allowed = known.contexts.includes("directory") || ((p === "proxy" || p === "proxymatch") && known.contexts.includes("proxy"));
    if (!allowed) return `${reg()} not allowed in <${label(parent)}> context`;
    return null;
  };
  /** The places the directive's own handler refuses (ap_check_cmd_context): Apache counts the arguments first. */
  const handlerPlacement = (n: ConfigNode, known: KnownDirective, scope: Scope): string | null => {
    const spec = known.spec;
    if (spec?.execOnRead || scope.parent === null) return null;
    const isSection = n.kind === "section";
    const reg = () => (isSection ? "<" : "") + (spec?.registeredName ?? known.name);
    const gt = isSection ? ">" : "";
    const p = scope.parent.name.toLowerCase();
    if (p === "virtualhost") return known.contexts.includes("virtualhost") ? null : `${reg()}${gt} cannot occur within <VirtualHost> section`;
    if (!PER_DIR.has(p)) return null;
    if (n.kind === "directive" && n.args.length === 2 && TWO_ARG_DIR_CONTEXT.has(known.name)) return `${reg()} cannot occur within directory context`;
    for (const kind of spec?.notIn ?? []) {
      for (let c = scope.chain; c !== null; c = c.up) {
        if (c.section.name.toLowerCase() === kind) return `${reg()}${gt} cannot occur within <${label(c.section)}> section`;
      }
    }
    return null;
  };

  // Each server's configuration (the main server's, each virtual host's) keeps its own mod_proxy workers.
  const workers = new Map<Section | null, ServerWorkers>();
  const workersOf = (scope: Scope): ServerWorkers => {
    let vhost: Section | null = null;
    for (let c = scope.chain; c !== null; c = c.up) if (c.section.name.toLowerCase() === "virtualhost") vhost = c.section;
    let found = workers.get(vhost);
    if (!found) workers.set(vhost, (found = { prefix: [], match: [] }));
    return found;
  };

  const authzContainerOf = (scope: Scope): ReaderContext["authzContainer"] => {
    for (let c = scope.chain; c !== null; c = c.up) {
      const name = c.section.name.toLowerCase();
      if (name === "requireall") return "RequireAll";
      if (name === "requireany") return "RequireAny";
      if (name === "requirenone") return "RequireNone";
    }
    return null;
  };

  // Depth-first, in document order, without recursion: configurations may nest deeply.
  // `done`: what a section's handler checks after it has read the section's contents.
  const work: { list: ConfigNode[]; index: number; scope: Scope; done?: () => void }[] = [{ list: nodes, index: 0, scope: { parent: null, chain: null, conditional: false, unknown: false } }];
  while (work.length > 0) {
    const frame = work[work.length - 1]!;
    if (frame.index >= frame.list.length) {
      work.pop();
      frame.done?.();
      continue;
    }
    const n = frame.list[frame.index++]!;
    const scope = frame.scope;
    {
      const found = findKnownDirective(n.name);
      const known = found && found.section === (n.kind === "section") && !(n.kind === "directive" && n.name.startsWith("<")) ? found : undefined;
      if (!known) {
        const shown = n.kind === "section" ? `<${n.name}` : n.name;
        const base = `Invalid command '${shown}', perhaps misspelled or defined by a module not included in the server configuration`;
        if (scope.conditional) report("warning", "config-unknown-directive", n, `${base}. (Apache reports it only if it reads the enclosing conditional block.)`);
        else report("error", "config-unknown-directive", n, base);
      } else {
        const problem = scope.unknown ? null : placement(n, known, scope);
        let args: WordsProblem | null = problem === null && !scope.unknown && n.kind === "directive" && known.spec ? checkArguments(known.spec, n.args) : null;
        if (args === null && problem === null && !scope.unknown && n.kind === "directive" && n.args.length === 1 && TWO_ARG_DIR_CONTEXT.has(known.name)) {
          // mod_alias's handler: outside a per-directory section there is no location to map.
          if (scope.parent === null || !PER_DIR.has(scope.parent.name.toLowerCase())) args = { message: "Alias must have two arguments when used globally", at: undefined };
        }
        const late = problem === null && args === null && !scope.unknown ? handlerPlacement(n, known, scope) : null;
        // A module's own reading of its words, after the places its handler refuses.
        const reader = OWN_READERS.get(known.name);
        if (reader && problem === null && args === null && late === null && !scope.unknown && n.kind === "directive") {
          args = reader(known.name, n.args, {
            inSection: scope.parent !== null && PER_DIR.has(scope.parent.name.toLowerCase()),
            workers: () => workersOf(scope),
            authzContainer: authzContainerOf(scope),
          });
        }
        if (problem !== null) report("error", "config-directive-context", n, problem);
        else if (args !== null) {
          // Apache names the directive's line; the mark goes on the word it refuses where there is one.
          const at = args.at;
          const code = args.code ?? "config-directive-args";
          const where = at ? { line: at.line, column: at.column, endColumn: at.endColumn, ...(at.endLine !== undefined ? { endLine: at.endLine } : {}) } : { line: n.line, column: n.column, endColumn: (n as Directive).endColumn };
          if (args.severity === "warning") out.push({ severity: "warning", code, source, ...where, message: `${args.message}.` });
          else if (scope.conditional) out.push({ severity: "warning", code, source, ...where, message: `${args.message}. (Apache reports it only if it reads the enclosing conditional block.)` });
          else out.push({ severity: "error", code, source, ...where, message: args.message });
        } else if (late !== null) report("error", "config-directive-context", n, late);
        else if (!known.spec) {
          report("info", "config-directive-not-modelled", n, `${known.name} (${known.module}) is valid Apache configuration, but the playground does not simulate it.`);
        }
      }
      if (n.kind === "section") {
        const lower = n.name.toLowerCase();
        let inner: Scope;
        if (known && CONDITIONAL.has(lower)) inner = surelyRead(n) ? scope : { ...scope, conditional: true };
        else if (!known) inner = { ...scope, unknown: true };
        else inner = { parent: n, chain: { section: n, up: scope.chain }, conditional: scope.conditional, unknown: scope.unknown };
        const errorsBefore = out.length;
        // A refusal by a section's handler, at the section (or a word of it): an error, or a warning inside a
        // conditional block Apache may skip.
        const refuse = (code: Diagnostic["code"], at: { line: number; column: number; endColumn: number }, message: string) => {
          if (scope.conditional) out.push({ severity: "warning", code, source, ...at, message: `${message} (Apache reports it only if it reads the enclosing conditional block.)` });
          else out.push({ severity: "error", code, source, ...at, message });
        };
        const sectionAt = { line: n.line, column: n.column, endColumn: n.column + 1 + n.name.length };
        // core's dirsection, urlsection and filesection (and mod_proxy's proxysection for <ProxyMatch>) compile a
        // pattern before they read the contents.
        const pattern = known && !scope.unknown ? sectionPattern(lower, n.args) : undefined;
        if (pattern && !pcreCompiles(pattern.text)) refuse("config-directive-args", { line: pattern.line, column: pattern.column, endColumn: pattern.endColumn }, "Regex could not be compiled");
        else if (pattern && MATCHED_SECTIONS.has(lower) && !runsAsJavaScript(pattern.text)) {
          out.push({ severity: "info", code: "regex-unmodelled", source, line: pattern.line, column: pattern.column, endColumn: pattern.endColumn, message: `Apache compiles the pattern "${pattern.text}", but it uses PCRE syntax the playground cannot run: requests are not matched against this section here.` });
        }
        let after: (() => void) | undefined;
        const extra = known && !scope.unknown && ONE_PATH_SECTIONS.has(lower) ? n.args[n.args[0]?.text === "~" ? 2 : 1] : undefined;
        // core's dirsection, urlsection and filesection read the section's contents before they look at its
        // words, and Apache stops at the first error: a word too many is reported only when the contents pass.
        if (extra) after = () => refuse("config-directive-args", { line: extra.line, column: extra.column, endColumn: extra.endColumn }, `Multiple <${known!.name}> arguments not (yet) supported.`);
        if (known && !scope.unknown && AUTHZ_SECTIONS.has(lower)) {
          // mod_authz_core's add_authz_section: no words; then, once the contents pass, at least one Require in it,
          // and a negating section (<RequireNone>) only where its container requires all.
          const tag = `<${known.name}>`;
          if (n.args.length > 0) refuse("config-directive-args", sectionAt, `${tag} directive doesn't take additional arguments`);
          else {
            after = () => {
              if (!holdsRequire(n.children)) refuse("config-directive-context", sectionAt, `${tag} directive contains no authorization directives`);
              else if (lower === "requirenone" && authzContainerOf(scope) !== "RequireAll") {
                refuse("config-directive-context", sectionAt, `${tag} directive has no effect in <${authzContainerOf(scope) ?? "RequireAny"}> directive`);
              }
            };
          }
        }
        work.push({
          list: n.children,
          index: 0,
          scope: inner,
          done: after
            ? () => {
                if (!out.slice(errorsBefore).some((d) => d.severity === "error")) after!();
              }
            : undefined,
        });
      }
    }
  }
  return out;
}
