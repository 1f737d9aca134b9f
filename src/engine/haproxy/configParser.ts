/**
 * Reads an HAProxy configuration the way HAProxy 2.6 does (Configuration Manual, doc/configuration.txt
 * "version 2.6", section 2 "Configuring HAProxy": 2.2 quoting and escaping, 2.3 environment variables; section
 * 4 for proxy sections), into words with their positions and sections.
 *
 * - Lines end at a line feed (LF) only. A line is split into words on unquoted, unescaped blanks (space, tab,
 *   vertical tab, form feed: C's isspace). `#` outside quotes starts a comment. A backslash
 *   outside single quotes escapes a blank, `#`, a quote or a backslash, and writes `\r`, `\n`, `\t`, `\xNN`.
 *   Double quotes group words and still expand `${NAME}`; single quotes take everything literally. An
 *   unterminated quote is an error, as `haproxy -c` reports it.
 * - A carriage return (CR) is not a line end of its own. Blanks at the start of a line, CRs among them, are
 *   skipped; a CR in a run of blanks between words is one of them; any other CR (right after a word's character
 *   or a quote, or inside quotes) stops the reading of the line, and HAProxy ignores the rest without a message
 *   (an open quote then has no end: "unmatched quote"). So CRLF reads as LF, and `timeout client 5s\rtimeout
 *   server 5s` sets only the client timeout. Observed with haproxy 2.6.12 (Debian 12), `haproxy -c` and
 *   requests through it; conformance rows HA37–HA43 and scenarios `cr-*`.
 * - Sections start with `global`, `defaults`, `frontend`, `backend`, `listen` and the other section keywords.
 *   A text with no section keyword at all is taken as the inside of one `listen` section (the scenario format's
 *   convention), whose `bind` is implied by the proxy's `listen` address unless it has its own.
 * The meaning of each proxy keyword is in `model.ts`; this file only tokenises and groups. Checked with
 * `haproxy -c` of haproxy 2.6.12 (Debian 12) for the error cases in the unit tests.
 */
import type { Diagnostic } from "../types.ts";

/** One word after unquoting and unescaping, and where it stands. */
export interface HaWord {
  text: string;
  line: number;
  /** 1-based column (UTF-16 units) of the word's first character (a quote if it starts with one). */
  column: number;
  /** Column just past the word. */
  endColumn: number;
  /** True when any part of the word was quoted. */
  quoted: boolean;
}

export interface HaLine {
  line: number;
  words: HaWord[];
}

export const SECTION_KEYWORDS: ReadonlySet<string> = new Set([
  "global",
  "defaults",
  "frontend",
  "backend",
  "listen",
  "userlist",
  "peers",
  "mailers",
  "resolvers",
  "program",
  "http-errors",
  "ring",
  "log-forward",
  "cache",
  "fcgi-app",
]);

export type SectionKind = "global" | "defaults" | "frontend" | "backend" | "listen" | "other";

export interface HaSection {
  kind: SectionKind;
  /** The section keyword as written (e.g. "userlist" for kind "other"). */
  keyword: string;
  name: string | null;
  /** The header line, or null for the implicit listen section. */
  header: HaLine | null;
  lines: HaLine[];
}

export interface HaConfigParse {
  sections: HaSection[];
  /** True when the text had no section keyword and became one implicit `listen` section. */
  implicit: boolean;
  diagnostics: Diagnostic[];
}

/** C's isspace() less the line feed, which has already ended the line: what HAProxy 2.6 skips between words. */
const isBlank = (c: string | undefined) => c === " " || c === "\t" || c === "\r" || c === "\v" || c === "\f";

/** The text from `at` as a message quotes it: no blanks at its ends, CRs written `\r`, at most 60 characters. */
function shown(text: string, at: number): string {
  let from = at;
  let to = text.length;
  while (from < to && isBlank(text[from])) from += 1;
  while (to > from && isBlank(text[to - 1])) to -= 1;
  const t = to - from > 60 ? `${text.slice(from, from + 59)}…` : text.slice(from, to);
  return t.replace(/\r/g, "\\r");
}

/**
 * Splits one line (the text between two line feeds) into words. Returns the words; an unterminated quote is an
 * error (`haproxy-syntax`, and no words), and a carriage return that changes how the line reads is a warning
 * (`haproxy-carriage-return`), since HAProxy says nothing about it. The rules are in the module comment.
 */
export function tokenizeLine(text: string, line: number, source: string, diagnostics: Diagnostic[]): HaWord[] {
  const words: HaWord[] = [];
  let i = 0;
  // HAProxy skips the blanks at the start of a line before reading words, CRs with them.
  while (isBlank(text[i])) i += 1;
  let cur: HaWord | null = null;
  let quote: '"' | "'" | null = null;
  let quoteAt = 0;
  const start = (at: number) => {
    if (!cur) cur = { text: "", line, column: at + 1, endColumn: at + 1, quoted: false };
    return cur;
  };
  const finish = (at: number) => {
    if (cur) {
      cur.endColumn = at + 1;
      words.push(cur);
      cur = null;
    }
  };
  /** Where a CR stopped the reading of the line, if one did; whether a CR read as a blank was warned about. */
  let crAt: number | null = null;
  let blankCrTold = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quote === null && c !== "\r" && isBlank(c)) {
      finish(i);
      let cr = -1;
      for (; isBlank(text[i]); i += 1) if (cr < 0 && text[i] === "\r") cr = i;
      if (cr >= 0 && !blankCrTold && i < text.length && text[i] !== "#") {
        blankCrTold = true;
        diagnostics.push({ severity: "warning", code: "haproxy-carriage-return", source, line, column: cr + 1, endLine: line, endColumn: cr + 2, message: `HAProxy reads this carriage return as a blank because a blank comes before it, so '${shown(text, i)}' goes on with this line's words; only a line feed starts a new line.` });
      }
      continue;
    }
    if (c === "\r") {
      crAt = i;
      break;
    }
    if (quote === null && c === "#") break;
    if (c === "\\" && quote !== "'") {
      const n = text[i + 1];
      const w = start(i);
      if (n === undefined) {
        w.text += "\\";
        i += 1;
        continue;
      }
      if (n === " " || n === "\\" || n === "#" || n === '"' || n === "'") {
        w.text += n;
        i += 2;
        continue;
      }
      if (n === "r" || n === "n" || n === "t") {
        w.text += n === "r" ? "\r" : n === "n" ? "\n" : "\t";
        i += 2;
        continue;
      }
      if (n === "x" && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
        w.text += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 4), 16));
        i += 4;
        continue;
      }
      w.text += "\\";
      i += 1;
      continue;
    }
    if (c === '"' && quote !== "'") {
      const w = start(i);
      w.quoted = true;
      if (quote === '"') quote = null;
      else {
        quote = '"';
        quoteAt = i;
      }
      i += 1;
      continue;
    }
    if (c === "'" && quote !== '"') {
      const w = start(i);
      w.quoted = true;
      if (quote === "'") quote = null;
      else {
        quote = "'";
        quoteAt = i;
      }
      i += 1;
      continue;
    }
    if (c === "$" && quote !== "'" && text[i + 1] === "{") {
      const close = text.indexOf("}", i + 2);
      if (close > 0 && !text.slice(i + 2, close).includes("\r")) {
        const name = text.slice(i + 2, close);
        start(i);
        diagnostics.push({ severity: "warning", code: "haproxy-env", source, line, column: i + 1, endLine: line, endColumn: close + 2, message: `\${${name}} is an environment variable of the HAProxy process; this model knows none, so it expands to an empty string.` });
        i = close + 1;
        continue;
      }
    }
    start(i).text += c;
    i += 1;
  }
  // A CR just before the line feed (CRLF) stops nothing that was there to read.
  const rest = crAt === null ? "" : shown(text, crAt + 1);
  if (quote !== null) {
    const why = rest === "" ? "" : " (a carriage return inside the quotes ends the line for HAProxy)";
    diagnostics.push({ severity: "error", code: "haproxy-syntax", source, line, column: quoteAt + 1, endLine: line, endColumn: i + 1, message: `unmatched quote at position ${quoteAt + 1}${why}` });
    return [];
  }
  if (crAt !== null && rest !== "" && !rest.startsWith("#")) {
    diagnostics.push({ severity: "warning", code: "haproxy-carriage-return", source, line, column: crAt + 1, endLine: line, endColumn: text.length + 1, message: `HAProxy stops reading the line at this carriage return and ignores '${rest}' without a message; only a line feed starts a new line.` });
  }
  finish(i);
  return words;
}

/** Splits the text into lines of words and groups them into sections. Never throws. */
export function parseHaproxyConfig(text: string, source: string): HaConfigParse {
  const diagnostics: Diagnostic[] = [];
  // Only LF ends a line (a CR's part is the tokenizer's), so line numbers are HAProxy's own.
  const rows = text.split("\n");
  const lines: HaLine[] = [];
  rows.forEach((row, i) => {
    const words = tokenizeLine(row, i + 1, source, diagnostics);
    if (words.length) lines.push({ line: i + 1, words });
  });
  const implicit = !lines.some((l) => l.words[0]!.quoted === false && SECTION_KEYWORDS.has(l.words[0]!.text));
  if (implicit) {
    return { sections: [{ kind: "listen", keyword: "listen", name: "proxy", header: null, lines }], implicit: true, diagnostics };
  }
  const sections: HaSection[] = [];
  let current: HaSection | null = null;
  for (const l of lines) {
    const w0 = l.words[0]!;
    if (!w0.quoted && SECTION_KEYWORDS.has(w0.text)) {
      const kind: SectionKind = ["global", "defaults", "frontend", "backend", "listen"].includes(w0.text) ? (w0.text as SectionKind) : "other";
      const name = l.words[1]?.text ?? null;
      if ((kind === "frontend" || kind === "backend" || kind === "listen") && name === null) {
        diagnostics.push({ severity: "error", code: "haproxy-syntax", source, line: l.line, column: w0.column, endLine: l.line, endColumn: w0.endColumn, message: `'${w0.text}' expects an <id> argument` });
      }
      current = { kind, keyword: w0.text, name, header: l, lines: [] };
      sections.push(current);
      continue;
    }
    if (!current) {
      diagnostics.push({ severity: "error", code: "haproxy-unknown-keyword", source, line: l.line, column: w0.column, endLine: l.line, endColumn: w0.endColumn, message: `unknown keyword '${w0.text}' out of section.` });
      continue;
    }
    current.lines.push(l);
  }
  return { sections, implicit: false, diagnostics };
}
