/**
 * A reader of the one Python expression a WSGIProxy setting is written as: a call such as
 * `WSGIProxyApp('http://10.0.0.5:8080/app', string_keys=['REMOTE_USER'])`, or a bare dotted name such as
 * `exactproxy` or `wsgiproxy.exactproxy.proxy_exact_request`. Optionally preceded by `name =` (the line of a
 * `.wsgi` file, `application = WSGIProxyApp(...)`), and by `from … import …` / `import …` lines, which are
 * skipped.
 *
 * Literals follow the Python language reference (2.7 and 3.x agree on everything read here): strings in
 * single, double or triple quotes with the r/b/u prefixes and the usual backslash escapes, adjacent strings
 * concatenated; integers in decimal, 0x, 0o and 0b with `_` separators; floats; True, False, None; lists,
 * tuples, dicts; keyword arguments; comments; line breaks inside brackets and after a backslash.
 * Nothing is evaluated: a name stays a name.
 *
 * Shapes: positions are 1-based lines and UTF-16 columns (as editors count), `end*` exclusive. Errors are
 * diagnostics with a stable code at the exact token (`python-syntax`, `python-string-unterminated`,
 * `python-escape-invalid`, `python-number-invalid`, `python-unsupported`, `python-keyword-repeated`,
 * `python-positional-after-keyword`, `python-too-deep`, `python-too-long`); the reader never throws and
 * returns what it could read.
 */
import type { Diagnostic } from "../types.ts";
import { lineStarts, positionAt } from "../scenario/validate.ts";
import { isCAlnum } from "../cRuntime.ts";

/** Where a value stands in the text. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type PyValue =
  | { kind: "str"; value: string; bytes: boolean; span: Span }
  | { kind: "int"; value: bigint; span: Span }
  | { kind: "float"; value: number; span: Span }
  | { kind: "bool"; value: boolean; span: Span }
  | { kind: "none"; span: Span }
  | { kind: "list" | "tuple"; items: PyValue[]; span: Span }
  | { kind: "dict"; entries: { key: PyValue; value: PyValue }[]; span: Span }
  | { kind: "name"; name: string; span: Span }
  | PyCall;

export interface PyKeyword {
  name: string;
  /** Where the keyword's name stands. */
  nameSpan: Span;
  value: PyValue;
}

export interface PyCall {
  kind: "call";
  /** The dotted name called, e.g. "WSGIProxyApp" or "wsgiproxy.app.WSGIProxyApp". */
  callee: string;
  calleeSpan: Span;
  args: PyValue[];
  keywords: PyKeyword[];
  span: Span;
}

export interface PythonParse {
  /** The expression, or null when nothing could be read. */
  value: PyValue | null;
  /** The name assigned to (`application = …`), if any. */
  target: string | null;
  diagnostics: Diagnostic[];
}

/** Nesting deeper than this is refused (a setting nests two or three levels). */
export const MAX_PYTHON_DEPTH = 64;
/** Longer texts are refused: a setting is a line or two. */
export const MAX_PYTHON_LENGTH = 64 * 1024;

type TokKind = "name" | "str" | "num" | "op" | "newline" | "end";
interface Token {
  kind: TokKind;
  text: string;
  start: number;
  end: number;
  /** str: the decoded value and whether it is bytes. */
  value?: string;
  bytes?: boolean;
}

class Stop extends Error {}

const KEYWORDS_UNSUPPORTED = new Set(["lambda", "not", "and", "or", "if", "else", "for", "in", "is", "await", "yield"]);

/**
 * Reads `text` as one Python call or name (see the module comment). `source` names the scenario field the
 * diagnostics point into, e.g. "proxies[0].config". Never throws.
 */
export function parsePythonCall(text: string, source: string): PythonParse {
  const diagnostics: Diagnostic[] = [];
  const starts = lineStarts(text);
  const pos = (offset: number) => positionAt(starts, offset);
  const span = (start: number, end: number): Span => {
    const a = pos(start);
    const b = pos(Math.max(end, start + 1));
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  };
  const fail = (code: Diagnostic["code"], start: number, end: number, message: string): never => {
    diagnostics.push({ severity: "error", code, source, ...span(start, end), message });
    throw new Stop();
  };

  if (text.length > MAX_PYTHON_LENGTH) {
    diagnostics.push({ severity: "error", code: "python-too-long", source, line: 1, column: 1, message: `The setting is ${text.length} characters long; a WSGIProxy call is a line or two (at most ${MAX_PYTHON_LENGTH} characters are read).` });
    return { value: null, target: null, diagnostics };
  }

  // ---- tokens -------------------------------------------------------------------------------------------
  const tokens: Token[] = [];
  let depth = 0;
  const tokenize = () => {
    let i = 0;
    const n = text.length;
    while (i < n) {
      const c = text[i]!;
      if (c === " " || c === "\t" || c === "\f" || c === "\r") {
        i++;
        continue;
      }
      if (c === "#") {
        while (i < n && text[i] !== "\n") i++;
        continue;
      }
      if (c === "\\") {
        const after = text[i + 1] === "\r" ? i + 2 : i + 1;
        if (text[after] === "\n") {
          i = after + 1;
          continue;
        }
        fail("python-syntax", i, i + 1, "A backslash outside a string must end the line (a line continuation).");
      }
      if (c === "\n") {
        if (depth === 0 && tokens.length && tokens.at(-1)!.kind !== "newline") tokens.push({ kind: "newline", text: "\n", start: i, end: i + 1 });
        i++;
        continue;
      }
      const prefix = /^(?:[rR][bB]?|[bB][rR]?|[uU]|[fF][rR]?|[rR][fF])?(?='|")/.exec(text.slice(i, i + 3));
      if (prefix) {
        i = readString(i, prefix[0]);
        continue;
      }
      if (/[A-Za-z_]/.test(c) || c.charCodeAt(0) > 0x7f) {
        let j = i + 1;
        while (j < n && (isCAlnum(text.charCodeAt(j)) || text.charCodeAt(j) === 0x5f || text.charCodeAt(j) > 0x7f)) j++;
        const word = text.slice(i, j);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) fail("python-syntax", i, j, `${JSON.stringify(word)} is not a name this reader accepts (letters, digits and _ only).`);
        tokens.push({ kind: "name", text: word, start: i, end: j });
        i = j;
        continue;
      }
      if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(text[i + 1] ?? ""))) {
        let j = i;
        while (j < n && /[0-9A-Za-z_.]/.test(text[j]!)) {
          if ((text[j] === "e" || text[j] === "E") && (text[j + 1] === "+" || text[j + 1] === "-") && !/^0[xX]/.test(text.slice(i, j + 1))) j += 2;
          else j++;
        }
        tokens.push({ kind: "num", text: text.slice(i, j), start: i, end: j });
        i = j;
        continue;
      }
      if ("([{".includes(c)) {
        depth++;
        if (depth > MAX_PYTHON_DEPTH) fail("python-too-deep", i, i + 1, `Brackets nest more than ${MAX_PYTHON_DEPTH} levels deep here; a WSGIProxy setting nests two or three.`);
      } else if (")]}".includes(c)) depth = Math.max(0, depth - 1);
      if ("()[]{},:=.-+*".includes(c)) {
        tokens.push({ kind: "op", text: c, start: i, end: i + 1 });
        i++;
        continue;
      }
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      fail("python-syntax", i, i + ch.length, `${JSON.stringify(ch)} has no place in a call's arguments here.`);
    }
    tokens.push({ kind: "end", text: "", start: n, end: n });
  };

  const readString = (start: number, prefix: string): number => {
    const p = prefix.toLowerCase();
    if (p.includes("f")) fail("python-unsupported", start, start + prefix.length + 1, "An f-string is evaluated at run time; write a plain string literal.");
    const raw = p.includes("r");
    const bytes = p.includes("b");
    let i = start + prefix.length;
    const q = text[i]!;
    const triple = text.slice(i, i + 3) === q.repeat(3);
    const close = triple ? q.repeat(3) : q;
    i += close.length;
    let value = "";
    const n = text.length;
    for (;;) {
      if (i >= n || (!triple && text[i] === "\n")) fail("python-string-unterminated", start, Math.min(i, n), `This string is not closed: it needs ${close === q ? `a closing ${q}` : `a closing ${close}`} ${triple ? "" : "on the same line"}`.trim() + ".");
      if (text.startsWith(close, i)) {
        i += close.length;
        break;
      }
      const c = text[i]!;
      if (c !== "\\") {
        if (bytes && text.charCodeAt(i) > 0x7f) fail("python-syntax", i, i + 1, "A bytes literal may hold only ASCII characters; write others as \\x escapes.");
        value += c;
        i++;
        continue;
      }
      const e = text[i + 1];
      if (e === undefined) fail("python-string-unterminated", start, n, "This string ends in a backslash and is not closed.");
      if (raw) {
        value += e === "\n" ? "\\\n" : "\\" + e;
        i += 2;
        continue;
      }
      const simple: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };
      if (e === "\n") {
        i += 2;
      } else if (e === "\r" && text[i + 2] === "\n") {
        i += 3;
      } else if (simple[e!] !== undefined) {
        value += simple[e!];
        i += 2;
      } else if (/[0-7]/.test(e!)) {
        const m = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))![0];
        value += String.fromCharCode(Number.parseInt(m, 8) & (bytes ? 0xff : 0x1ff));
        i += 1 + m.length;
      } else if (e === "x" || (!bytes && (e === "u" || e === "U"))) {
        const len = e === "x" ? 2 : e === "u" ? 4 : 8;
        const hex = text.slice(i + 2, i + 2 + len);
        if (!new RegExp(`^[0-9A-Fa-f]{${len}}$`).test(hex)) fail("python-escape-invalid", i, i + 2 + Math.min(len, hex.length), `\\${e} needs exactly ${len} hexadecimal digits.`);
        const cp = Number.parseInt(hex, 16);
        if (cp > 0x10ffff) fail("python-escape-invalid", i, i + 2 + len, `\\${e}${hex} is beyond the last Unicode code point (10FFFF).`);
        value += String.fromCodePoint(cp);
        i += 2 + len;
      } else if (e === "N" && !bytes) {
        fail("python-unsupported", i, i + 2, "\\N{…} names a character from Unicode's name table, which this reader does not hold; write it as \\u or \\U with its code.");
      } else {
        // Python keeps an unknown escape as it is, backslash included.
        value += "\\" + e;
        i += 2;
      }
    }
    tokens.push({ kind: "str", text: text.slice(start, i), start, end: i, value, bytes });
    return i;
  };

  // ---- grammar ------------------------------------------------------------------------------------------
  let k = 0;
  const peek = () => tokens[k]!;
  const next = () => tokens[k++]!;
  const isOp = (t: Token, op: string) => t.kind === "op" && t.text === op;
  const expectOp = (op: string, what: string) => {
    const t = peek();
    if (!isOp(t, op)) fail("python-syntax", t.start, t.end, `Expected ${JSON.stringify(op)} ${what}, found ${describe(t)}.`);
    return next();
  };
  const describe = (t: Token) => (t.kind === "end" ? "the end of the text" : t.kind === "newline" ? "the end of the line" : JSON.stringify(t.text.length > 30 ? t.text.slice(0, 30) + "…" : t.text));

  const dotted = (): { name: string; start: number; end: number } => {
    const first = next();
    let name = first.text;
    let end = first.end;
    while (isOp(peek(), ".")) {
      next();
      const t = peek();
      if (t.kind !== "name") fail("python-syntax", t.start, t.end, `Expected a name after ".", found ${describe(t)}.`);
      next();
      name += "." + t.text;
      end = t.end;
    }
    return { name, start: first.start, end };
  };

  const value = (level: number): PyValue => {
    if (level > MAX_PYTHON_DEPTH) {
      const t = peek();
      fail("python-too-deep", t.start, t.end, `Values nest more than ${MAX_PYTHON_DEPTH} levels deep here.`);
    }
    const t = peek();
    if (t.kind === "str") {
      let v = "";
      let bytes = t.bytes!;
      let end = t.end;
      while (peek().kind === "str") {
        const s = next();
        if (s.bytes !== bytes && v !== "" && s !== t) fail("python-syntax", s.start, s.end, "Bytes and text literals cannot be joined.");
        bytes = s.bytes!;
        v += s.value!;
        end = s.end;
      }
      return { kind: "str", value: v, bytes, span: span(t.start, end) };
    }
    if (t.kind === "num" || isOp(t, "-") || isOp(t, "+")) {
      let sign = 1;
      const start = t.start;
      while (isOp(peek(), "-") || isOp(peek(), "+")) if (next().text === "-") sign = -sign;
      const num = peek();
      if (num.kind !== "num") fail("python-syntax", num.start, num.end, `Expected a number after the sign, found ${describe(num)}.`);
      next();
      return number(num, sign, start);
    }
    if (t.kind === "name") {
      if (t.text === "True" || t.text === "False") return next(), { kind: "bool", value: t.text === "True", span: span(t.start, t.end) };
      if (t.text === "None") return next(), { kind: "none", span: span(t.start, t.end) };
      if (KEYWORDS_UNSUPPORTED.has(t.text)) fail("python-unsupported", t.start, t.end, `"${t.text}" makes an expression that is evaluated at run time; write the value itself.`);
      const d = dotted();
      if (isOp(peek(), "(")) return call(d, level);
      return { kind: "name", name: d.name, span: span(d.start, d.end) };
    }
    if (isOp(t, "[") || isOp(t, "(")) {
      const open = next();
      const closer = open.text === "[" ? "]" : ")";
      const items: PyValue[] = [];
      let comma = false;
      while (!isOp(peek(), closer)) {
        items.push(value(level + 1));
        if (isOp(peek(), ",")) {
          next();
          comma = true;
        } else if (!isOp(peek(), closer)) {
          const u = peek();
          fail("python-syntax", u.start, u.end, `Expected "," or "${closer}" in this ${open.text === "[" ? "list" : "tuple"}, found ${describe(u)}.`);
        }
      }
      const close = next();
      if (open.text === "(" && items.length === 1 && !comma) return items[0]!;
      return { kind: open.text === "[" ? "list" : "tuple", items, span: span(open.start, close.end) };
    }
    if (isOp(t, "{")) {
      const open = next();
      const entries: { key: PyValue; value: PyValue }[] = [];
      while (!isOp(peek(), "}")) {
        const key = value(level + 1);
        if (!isOp(peek(), ":")) {
          const u = peek();
          fail(isOp(u, ",") || isOp(u, "}") ? "python-unsupported" : "python-syntax", u.start, u.end, isOp(u, ",") || isOp(u, "}") ? "A set is not a value WSGIProxy takes; a dict needs key: value pairs." : `Expected ":" after the dict key, found ${describe(u)}.`);
        }
        next();
        entries.push({ key, value: value(level + 1) });
        if (isOp(peek(), ",")) next();
        else if (!isOp(peek(), "}")) {
          const u = peek();
          fail("python-syntax", u.start, u.end, `Expected "," or "}" in this dict, found ${describe(u)}.`);
        }
      }
      const close = next();
      return { kind: "dict", entries, span: span(open.start, close.end) };
    }
    return fail("python-syntax", t.start, t.end, `Expected a value (a string, a number, a list, …), found ${describe(t)}.`);
  };

  const number = (t: Token, sign: number, start: number): PyValue => {
    const raw = t.text;
    const body = raw.replace(/_/g, "");
    const sp = span(start, t.end);
    if (/(^|[^0-9A-Za-z])_|_($|[^0-9A-Za-z])/.test(raw)) fail("python-number-invalid", t.start, t.end, `${raw}: an underscore may stand only between digits.`);
    let m: RegExpExecArray | null;
    if ((m = /^0([xXoObB])([0-9A-Fa-f]+)$/.exec(body))) {
      const radix = { x: 16, o: 8, b: 2 }[m[1]!.toLowerCase() as "x" | "o" | "b"];
      const digits = m[2]!;
      const ok = radix === 16 ? /^[0-9A-Fa-f]+$/ : radix === 8 ? /^[0-7]+$/ : /^[01]+$/;
      if (!ok.test(digits)) fail("python-number-invalid", t.start, t.end, `${raw} holds a digit its base does not have.`);
      const prefix = radix === 16 ? "0x" : radix === 8 ? "0o" : "0b";
      return { kind: "int", value: BigInt(sign) * BigInt(prefix + digits), span: sp };
    }
    if (/^(?:0+|[1-9][0-9]*)[lL]?$/.test(body)) return { kind: "int", value: BigInt(sign) * BigInt(body.replace(/[lL]$/, "")), span: sp };
    if (/^0[0-9]+$/.test(body)) fail("python-number-invalid", t.start, t.end, `${raw}: a decimal number cannot start with 0 (write 0o${body.replace(/^0+/, "")} for octal).`);
    if (/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(body)) return { kind: "float", value: sign * Number(body), span: sp };
    if (/^[0-9.]+[jJ]$/.test(body)) fail("python-unsupported", t.start, t.end, `${raw} is a complex number; WSGIProxy takes none.`);
    return fail("python-number-invalid", t.start, t.end, `${raw} is not a number Python reads.`);
  };

  const call = (d: { name: string; start: number; end: number }, level: number): PyCall => {
    expectOp("(", "to open the call");
    const args: PyValue[] = [];
    const keywords: PyKeyword[] = [];
    while (!isOp(peek(), ")")) {
      const t = peek();
      if (isOp(t, "*")) fail("python-unsupported", t.start, t.end, "*args and **kwargs are evaluated at run time; write the arguments out.");
      if (t.kind === "name" && isOp(tokens[k + 1]!, "=")) {
        next();
        next();
        if (keywords.some((kw) => kw.name === t.text)) fail("python-keyword-repeated", t.start, t.end, `The keyword argument ${t.text} is given twice (Python refuses this: SyntaxError).`);
        keywords.push({ name: t.text, nameSpan: span(t.start, t.end), value: value(level + 1) });
      } else {
        const v = value(level + 1);
        if (keywords.length) fail("python-positional-after-keyword", t.start, t.end, "A positional argument cannot follow keyword arguments (Python refuses this: SyntaxError).");
        args.push(v);
      }
      if (isOp(peek(), ",")) next();
      else if (!isOp(peek(), ")")) {
        const u = peek();
        fail("python-syntax", u.start, u.end, `Expected "," or ")" in the call's arguments, found ${describe(u)}.`);
      }
    }
    const close = next();
    return { kind: "call", callee: d.name, calleeSpan: span(d.start, d.end), args, keywords, span: span(d.start, close.end) };
  };

  let result: PyValue | null = null;
  let target: string | null = null;
  try {
    tokenize();
    const skipNewlines = () => {
      while (peek().kind === "newline") next();
    };
    skipNewlines();
    // `from x import y` / `import x` lines, as at the top of a .wsgi file.
    while (peek().kind === "name" && (peek().text === "from" || peek().text === "import")) {
      while (peek().kind !== "newline" && peek().kind !== "end") next();
      skipNewlines();
    }
    if (peek().kind === "end") fail("python-syntax", 0, 0, "The setting is empty: write a call such as WSGIProxyApp('http://10.0.0.5:8080/').");
    if (peek().kind === "name" && isOp(tokens[k + 1]!, "=")) {
      target = next().text;
      next();
    }
    result = value(0);
    skipNewlines();
    const t = peek();
    if (t.kind !== "end") fail("python-syntax", t.start, t.end, `Only one expression is read; ${describe(t)} follows it.`);
  } catch (error) {
    if (!(error instanceof Stop)) {
      diagnostics.push({ severity: "error", code: "python-syntax", source, line: 1, column: 1, message: `The setting could not be read${error instanceof Error ? `: ${error.message}` : ""}.` });
    }
    result = null;
  }
  return { value: result, target, diagnostics };
}

/** One bound argument of a call: its value, where the value stands and where its name (or the value) stands. */
export interface BoundArgument {
  value: PyValue;
  span: Span;
  nameSpan: Span;
}

/**
 * Binds a call's arguments to the parameter names of the Python function it calls, as Python does when the
 * call runs: positional arguments in order, then keywords. Too many positional arguments, an unknown keyword
 * and a parameter given twice are what Python refuses with TypeError; each is reported at its token through
 * `report` (codes `wsgiproxy-argument-unknown`, `wsgiproxy-argument-repeated`), and `ok` is then false.
 * `owner` names the function in messages.
 */
export function bindArguments(call: PyCall, params: readonly string[], owner: string, report: (span: Span, code: Diagnostic["code"], message: string) => void): { given: Map<string, BoundArgument>; ok: boolean } {
  const given = new Map<string, BoundArgument>();
  let ok = true;
  const load = "Python raises TypeError when the .wsgi file is loaded";
  call.args.forEach((a, i) => {
    if (i >= params.length) {
      report(a.span, "wsgiproxy-argument-unknown", `${owner} takes at most ${params.length} arguments (${params.join(", ")}); ${load}.`);
      ok = false;
    } else given.set(params[i]!, { value: a, span: a.span, nameSpan: a.span });
  });
  for (const kw of call.keywords) {
    if (!params.includes(kw.name)) {
      report(kw.nameSpan, "wsgiproxy-argument-unknown", `${owner} has no argument ${kw.name} (it takes ${params.join(", ")}); ${load}.`);
      ok = false;
    } else if (given.has(kw.name)) {
      report(kw.nameSpan, "wsgiproxy-argument-repeated", `${kw.name} is already given as a positional argument; Python raises TypeError (multiple values for argument).`);
      ok = false;
    } else given.set(kw.name, { value: kw.value, span: kw.value.span, nameSpan: kw.nameSpan });
  }
  return { given, ok };
}

/** A value as Python's repr would write it (strings in single quotes), for trace messages. */
export function pyRepr(v: PyValue): string {
  switch (v.kind) {
    case "str":
      return (v.bytes ? "b" : "") + "'" + v.value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t") + "'";
    case "int":
      return v.value.toString();
    case "float":
      return Number.isInteger(v.value) ? v.value.toFixed(1) : String(v.value);
    case "bool":
      return v.value ? "True" : "False";
    case "none":
      return "None";
    case "list":
      return `[${v.items.map(pyRepr).join(", ")}]`;
    case "tuple":
      return v.items.length === 1 ? `(${pyRepr(v.items[0]!)},)` : `(${v.items.map(pyRepr).join(", ")})`;
    case "dict":
      return `{${v.entries.map((e) => `${pyRepr(e.key)}: ${pyRepr(e.value)}`).join(", ")}}`;
    case "name":
      return v.name;
    case "call":
      return `${v.callee}(${[...v.args.map(pyRepr), ...v.keywords.map((kw) => `${kw.name}=${pyRepr(kw.value)}`)].join(", ")})`;
  }
}
