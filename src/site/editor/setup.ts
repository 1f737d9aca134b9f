/**
 * The extensions every playground editor shares, and the pieces that vary by pane: the language and the
 * conversion of engine diagnostics (1-based line and UTF-16 column) into CodeMirror lint ranges.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  bracketMatching,
  HighlightStyle,
  indentOnInput,
  StreamLanguage,
  syntaxHighlighting,
} from "@codemirror/language";
import { http } from "@codemirror/legacy-modes/mode/http";
import { nginx } from "@codemirror/legacy-modes/mode/nginx";
import { shell } from "@codemirror/legacy-modes/mode/shell";
import { properties } from "@codemirror/legacy-modes/mode/properties";
import { yaml } from "@codemirror/legacy-modes/mode/yaml";
import { lintGutter, type Diagnostic as CmDiagnostic } from "@codemirror/lint";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { EditorState, type Extension, type Text } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { tags } from "@lezer/highlight";
import type { Diagnostic } from "../../engine/index.ts";
import { apache } from "./apacheLanguage.ts";

export type EditorLanguage = "http" | "apache" | "nginx" | "shell" | "properties" | "yaml";

const languages: Record<EditorLanguage, () => Extension> = {
  http: () => StreamLanguage.define(http),
  apache: () => apache,
  nginx: () => StreamLanguage.define(nginx),
  shell: () => StreamLanguage.define(shell),
  properties: () => StreamLanguage.define(properties),
  yaml: () => StreamLanguage.define(yaml),
};

export function languageExtension(language: EditorLanguage): Extension {
  return languages[language]();
}

/**
 * Token colours as CSS variables (defined in site.css for the light and the dark scheme), chosen for at least
 * 4.5:1 contrast on the editor background, the active line included.
 */
const highlight = HighlightStyle.define([
  { tag: tags.comment, color: "var(--pp-hl-comment)", fontStyle: "italic" },
  { tag: [tags.keyword, tags.definitionKeyword, tags.modifier], color: "var(--pp-hl-keyword)" },
  { tag: [tags.string, tags.special(tags.string), tags.url], color: "var(--pp-hl-string)" },
  { tag: [tags.number, tags.atom, tags.bool], color: "var(--pp-hl-atom)" },
  { tag: [tags.tagName, tags.typeName, tags.heading], color: "var(--pp-hl-tag)" },
  { tag: [tags.attributeName, tags.variableName, tags.propertyName, tags.meta], color: "var(--pp-hl-name)" },
  { tag: tags.invalid, color: "var(--pp-hl-invalid)" },
]);

/** Names the editor for assistive technology; kept in a compartment so the name can follow its pane. */
export function labelExtension(label: string): Extension {
  return EditorView.contentAttributes.of({ "aria-label": label });
}

/**
 * How a pane's reader counts lines, so that the editor's lines are the reader's. "lf": only a line feed ends a
 * line, a carriage return (CR) stays a character of it (Apache, nginx, HAProxy and the request head read text so,
 * and so does the mod_wsgi-express command line). "any": CRLF, LF and a lone CR each end one (the WSGIProxy call,
 * as Python reads it, and the managed load balancers' settings readers).
 */
export type LineEnds = "lf" | "any";

/**
 * The editor side of `LineEnds`. With "lf" the document is the reader's text byte for byte (`EditorState.lineSeparator`
 * set to LF: a CR stays in its line), and a lone CR shows as a placeholder; a paste's CRLF becomes LF, as pasting
 * always did here, but a lone CR in it is kept. With "any", CodeMirror's own splitting, which takes every kind.
 */
export function lineEndsExtension(lineEnds: LineEnds): Extension {
  if (lineEnds === "any") return [];
  return [EditorState.lineSeparator.of("\n"), EditorView.clipboardInputFilter.of((text) => text.replace(/\r\n/g, "\n"))];
}

/**
 * The characters shown as placeholders: control and format characters other than tab and line feed, and a CR
 * unless it ends its line (the CR of a CRLF, which every reader takes as part of the line end). Each line is
 * matched on its own, so `$` is the line's end.
 */
const SPECIAL_CHARS = /(?![\t\n\r])[\p{Cc}\p{Cf}\u2028\u2029]|\r(?!$)/gu;

/** Shared editor behaviour. */
export function baseExtensions(): Extension[] {
  return [
    lineNumbers(),
    highlightSpecialChars({ specialChars: SPECIAL_CHARS }),
    highlightActiveLineGutter(),
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    syntaxHighlighting(highlight),
    lintGutter(),
    EditorState.tabSize.of(4),
    // Tab indents; Esc then Tab (or Ctrl-M / Shift-Alt-M) moves focus on, as the page explains.
    keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, indentWithTab]),
    EditorView.contentAttributes.of({ "aria-multiline": "true", spellcheck: "false" }),
    EditorView.lineWrapping,
  ];
}

const clamp = (n: number, lo: number, hi: number) => Math.min(Math.max(n, lo), hi);

/** Document offset of a 1-based line and UTF-16 column, clamped into the document. */
export function offsetOf(doc: Text, line: number, column: number): number {
  const l = doc.line(clamp(Math.trunc(line) || 1, 1, doc.lines));
  return l.from + clamp(Math.trunc(column) - 1 || 0, 0, l.length);
}

/**
 * CodeMirror lint diagnostics for engine diagnostics. A diagnostic without an end covers the word at its
 * position (up to the next whitespace), or the rest of the line when it points at whitespace. With `codeHref`,
 * the tooltip's message ends with the code as a link to its entry in the diagnostics reference.
 */
export function toCmDiagnostics(doc: Text, diagnostics: readonly Diagnostic[], codeHref?: (code: string) => string): CmDiagnostic[] {
  return diagnostics.map((d) => {
    const from = offsetOf(doc, d.line, d.column);
    let to: number;
    if (d.endLine !== undefined && d.endColumn !== undefined) {
      to = Math.max(from, offsetOf(doc, d.endLine, d.endColumn));
    } else {
      const line = doc.lineAt(from);
      const rest = line.text.slice(from - line.from);
      const word = /^\S+/.exec(rest);
      to = word ? from + word[0].length : line.to;
    }
    const renderMessage = codeHref
      ? () => {
          const text = document.createElement("span");
          const link = document.createElement("a");
          link.href = codeHref(d.code);
          link.className = "pp-code-link";
          link.textContent = d.code;
          link.title = "What this means and how to fix it";
          text.append(`${d.message} `, link);
          return text;
        }
      : undefined;
    return { from, to, severity: d.severity, message: d.message, source: d.code, ...(renderMessage ? { renderMessage } : {}) };
  });
}
