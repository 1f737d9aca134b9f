/**
 * Reads an HAProxy configuration the way HAProxy 2.6 does (Configuration Manual, doc/configuration.txt
 * "version 2.6", section 2 "Configuring HAProxy": 2.2 quoting and escaping, 2.3 environment variables; section
 * 4 for proxy sections), into words with their positions and sections.
 *
 * - A line is split into words on unquoted, unescaped blanks. `#` outside quotes starts a comment. A backslash
 *   outside single quotes escapes a blank, `#`, a quote or a backslash, and writes `\r`, `\n`, `\t`, `\xNN`.
 *   Double quotes group words and still expand `${NAME}`; single quotes take everything literally. An
 *   unterminated quote is an error, as `haproxy -c` reports it.
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

/** Splits one line into words. Returns the words and, for an unterminated quote, its error. */
export function tokenizeLine(text: string, line: number, source: string, diagnostics: Diagnostic[]): HaWord[] {
  const words: HaWord[] = [];
  let i = 0;
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
  while (i < text.length) {
    const c = text[i]!;
    if (quote === null && (c === " " || c === "\t")) {
      finish(i);
      i += 1;
      continue;
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
      if (close > 0) {
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
  if (quote !== null) {
    diagnostics.push({ severity: "error", code: "haproxy-syntax", source, line, column: quoteAt + 1, endLine: line, endColumn: text.length + 1, message: `unmatched quote at position ${quoteAt + 1}` });
    return [];
  }
  finish(i);
  return words;
}

/** Splits the text into lines of words and groups them into sections. Never throws. */
export function parseHaproxyConfig(text: string, source: string): HaConfigParse {
  const diagnostics: Diagnostic[] = [];
  const rows = text.replace(/\r\n?/g, "\n").split("\n");
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
        diagnostics.push({ severity: "error", code: "haproxy-syntax", source, line: l.line, column: w0.column, endLine: l.line, endColumn: w0.endColumn, message: `'${w0.text}' cannot handle unexpected argument ''.` });
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
