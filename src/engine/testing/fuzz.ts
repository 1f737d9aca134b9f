/**
 * Tools for fuzzing the engine's parsers in tests: a seeded random source (every run is reproducible from its
 * seed), mutations of real texts, grammar-aware token soups, a check that diagnostics are well formed, and an
 * operation counter that tells linear from quadratic work without a clock.
 */
import { DIAGNOSTIC_CODES } from "../diagnosticCodes.ts";
import type { Diagnostic } from "../types.ts";

/** A seeded random source (`mulberry32`): the same seed gives the same sequence on every machine. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32: floats in [0, 1), small, fast, and the same sequence on every platform for a seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function rng(seed: number): Rng {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (items) => items[int(items.length)]!, chance: (p) => next() < p };
}

/**
 * Pieces no parser should choke on: line ends of every kind, NUL and other controls, quotes and escapes,
 * comment and variable openers, brackets, lone surrogates, a right-to-left override, a non-BMP character.
 */
export const HOSTILE_PIECES: readonly string[] = [
  "\n", "\r\n", "\r", "\0", "\t", "\v", "\f", " ", "  ", "\u00a0", "\u2028", "\ufeff", "\ud800", "\udfff", "\u202e", "😀", "é",
  "\\", "\\\n", '"', "'", "`", "#", "%", "%{", "${", "$", "{", "}", ";", "<", ">", "</", "[", "]", "(", ")", ":", "=", ",", "/",
  "*", "..", "%00", "%2F", "0", "-1", "65536", "99999999999999999999", "::1", "[::1]", "0.0.0.0/0", "10.0.0.0/33",
];

/**
 * One to four random edits of `text`: insert a piece (from `dictionary` or `HOSTILE_PIECES`), delete a span,
 * duplicate a span, swap two lines, truncate, or splice in a span of `other`. Edits are small, so most of the
 * text stays valid and the parser gets past its first checks.
 */
export function mutate(r: Rng, text: string, dictionary: readonly string[], other = ""): string {
  let s = text;
  const edits = 1 + r.int(4);
  for (let e = 0; e < edits; e++) {
    const at = r.int(s.length + 1);
    switch (r.int(7)) {
      case 0:
      case 1:
        s = s.slice(0, at) + r.pick(r.chance(0.6) ? dictionary : HOSTILE_PIECES) + s.slice(at);
        break;
      case 2:
        s = s.slice(0, at) + s.slice(at + 1 + r.int(16));
        break;
      case 3: {
        const span = s.slice(at, at + 1 + r.int(40));
        s = s.slice(0, at) + span + span + s.slice(at);
        break;
      }
      case 4: {
        const lines = s.split("\n");
        const i = r.int(lines.length);
        const j = r.int(lines.length);
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        s = lines.join("\n");
        break;
      }
      case 5:
        s = s.slice(0, at);
        break;
      default: {
        const from = r.int(other.length + 1);
        s = s.slice(0, at) + other.slice(from, from + r.int(80)) + s.slice(at);
      }
    }
  }
  return s;
}

/** Up to `maxTokens` dictionary words and hostile pieces joined by blanks and line ends: grammar-aware noise. */
export function tokenSoup(r: Rng, dictionary: readonly string[], maxTokens = 30): string {
  const n = r.int(maxTokens + 1);
  let s = "";
  for (let i = 0; i < n; i++) {
    s += r.pick(r.chance(0.75) ? dictionary : HOSTILE_PIECES);
    s += r.chance(0.2) ? "\n" : r.chance(0.8) ? " " : "";
  }
  return s;
}

/**
 * What is wrong with `diagnostics` as a parser's answer about `text`, or null: every entry needs a known
 * severity, a code from the catalogue (`diagnosticCodes.ts`), a non-empty message, and a 1-based line and
 * column inside the text (a line at most one past the last, for "missing at the end" problems; a column at most
 * two past its line's end, since the request head places a folded header value's problems only roughly). Lines
 * are counted as the editor of the parser's pane counts them (`LineEnds` in the site's editor): with "lf" only a
 * line feed ends one, as Apache, nginx, HAProxy and the request head count them; with "any" `\r\n`, `\n` and a
 * lone `\r` each end one.
 */
export function diagnosticsProblem(diagnostics: unknown, text: string, lineEnds: "lf" | "any" = "lf"): string | null {
  if (!Array.isArray(diagnostics)) return "diagnostics is not a list";
  const lengths = (lineEnds === "lf" ? text.split("\n") : text.split(/\r\n|\n|\r/)).map((l) => l.length);
  const lines = lengths.length;
  for (const d of diagnostics as Diagnostic[]) {
    if (!["error", "warning", "info"].includes(d.severity)) return `bad severity ${JSON.stringify(d.severity)}`;
    if (typeof d.code !== "string" || !Object.hasOwn(DIAGNOSTIC_CODES, d.code)) return `code ${JSON.stringify(d.code)} is not in the catalogue`;
    if (typeof d.message !== "string" || d.message === "") return `empty message for ${d.code}`;
    if (!Number.isInteger(d.line) || !Number.isInteger(d.column) || d.line < 1 || d.column < 1) return `${d.code} at ${d.line}:${d.column}`;
    if (d.line > lines + 1) return `${d.code} at line ${d.line}, past the text's ${lines} lines`;
    if (d.line <= lines && d.column > lengths[d.line - 1]! + 2) return `${d.code} at ${d.line}:${d.column}, past the line's ${lengths[d.line - 1]} characters`;
  }
  return null;
}

/** The fuzzing loop's knobs: inputs to try and the seed of the random source. */
export interface FuzzOptions {
  runs: number;
  seed: number;
  /** How the parser counts lines, for the position checks of `diagnosticsProblem` ("lf" when absent). */
  lineEnds?: "lf" | "any";
}

/**
 * Feeds `runs` inputs to `parse`: even runs a mutation of a seed text, odd runs a token soup of `dictionary`.
 * `parse` returns the diagnostics to check (after any checks of its own, which may throw). Throws on the first
 * exception or malformed diagnostic, naming the run, the seed and the input; returns the count of inputs.
 */
export function fuzzParser(seeds: readonly string[], dictionary: readonly string[], parse: (text: string, r: Rng) => unknown, options: FuzzOptions): number {
  if (seeds.length === 0) throw new Error("no seed texts to mutate");
  const r = rng(options.seed);
  let count = 0;
  for (let run = 0; run < options.runs; run++) {
    const text = run % 2 === 0 ? mutate(r, r.pick(seeds), dictionary, r.pick(seeds)) : tokenSoup(r, dictionary);
    let problem: string | null;
    try {
      problem = diagnosticsProblem(parse(text, r), text, options.lineEnds);
    } catch (error) {
      problem = `threw ${error instanceof Error ? error.stack : String(error)}`;
    }
    if (problem) throw new Error(`run ${run} (seed ${options.seed}): ${problem}\ninput: ${JSON.stringify(text)}`);
    count++;
  }
  return count;
}

/* ---------------------------------------------------------------------------------------------------- */

type AnyFn = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Runs `fn` with the string, array and regular-expression built-ins it may call replaced by counting
 * wrappers, and returns its result with a count of the elementary steps those built-ins did: one per call,
 * plus the characters or elements a scan visits (the span an `indexOf` searched, the text a regular
 * expression ran over from its start position, each call of an array method's callback, each step of a
 * `for…of`, the elements a `slice` copied).
 *
 * The count is deterministic, so "work grows linearly with the input" can be asserted exactly: count at n and
 * at 8n and compare. It over-counts an anchored regular expression that fails early on a long text (it is
 * charged for the whole text), which errs on the safe side. Code that loops with plain indexing and `===`
 * and calls no built-in is not seen; the parsers under test all read characters with `charCodeAt` or
 * regular expressions.
 */
export function countOperations<T>(fn: () => T): { result: T; operations: number } {
  let ops = 0;
  const saved: [object, PropertyKey, PropertyDescriptor][] = [];
  const wrap = (target: object, name: PropertyKey, cost: (self: unknown, args: unknown[], out: unknown, before: number) => number, before: (self: unknown) => number = () => 0) => {
    const desc = Object.getOwnPropertyDescriptor(target, name)!;
    const original = desc.value as AnyFn;
    saved.push([target, name, desc]);
    Object.defineProperty(target, name, {
      ...desc,
      value: function (this: unknown, ...args: unknown[]) {
        const state = before(this);
        const out = original.apply(this, args);
        ops += 1 + cost(this, args, out, state);
        return out;
      },
    });
  };
  const len = (self: unknown) => (typeof self === "string" || Array.isArray(self) ? self.length : 0);
  const from = (args: unknown[]) => (typeof args[1] === "number" ? Math.max(0, args[1]) : 0);
  // Scans: the span visited.
  for (const name of ["indexOf", "includes"] as const) {
    wrap(String.prototype, name, (self, args, out) => (typeof out === "number" && out >= 0 ? out - from(args) : len(String(self)) - from(args)));
    wrap(Array.prototype, name, (self, args, out) => (typeof out === "number" && out >= 0 ? out - from(args) : len(self) - from(args)));
  }
  wrap(String.prototype, "lastIndexOf", (self) => len(String(self)));
  wrap(Array.prototype, "lastIndexOf", (self) => len(self));
  // Whole-string work: the length.
  for (const name of ["toLowerCase", "toUpperCase", "trim", "trimStart", "trimEnd", "split", "replace", "replaceAll", "repeat", "normalize", "padStart", "padEnd"] as const) {
    wrap(String.prototype, name, (self, _args, out) => len(String(self)) + (typeof out === "string" ? out.length : 0));
  }
  for (const name of ["slice", "substring", "substr", "startsWith", "endsWith", "charCodeAt", "charAt", "codePointAt", "at", "concat"] as const) {
    wrap(String.prototype, name, (_self, _args, out) => (typeof out === "string" ? out.length : 0));
  }
  // Array work: the elements a callback saw (counted as it is called), or the elements copied or moved.
  for (const name of ["find", "findIndex", "findLast", "findLastIndex", "some", "every", "filter", "map", "forEach", "flatMap", "reduce", "reduceRight"] as const) {
    const desc = Object.getOwnPropertyDescriptor(Array.prototype, name)!;
    const original = desc.value as AnyFn;
    saved.push([Array.prototype, name, desc]);
    Object.defineProperty(Array.prototype, name, {
      ...desc,
      value: function (this: unknown, callback: AnyFn, ...rest: unknown[]) {
        ops += 1;
        const counted = typeof callback === "function" ? function (this: unknown, ...args: unknown[]) { ops += 1; return callback.apply(this, args); } : callback;
        return original.call(this, counted, ...rest);
      },
    });
  }
  for (const name of ["slice", "concat", "join", "flat"] as const) wrap(Array.prototype, name, (_self, _args, out) => (Array.isArray(out) ? out.length : typeof out === "string" ? out.length : 0));
  for (const name of ["splice", "reverse", "sort", "fill", "shift", "unshift"] as const) wrap(Array.prototype, name, (self) => len(self));
  // Iteration (for…of, spread): each step.
  for (const proto of [Array.prototype, String.prototype]) {
    const desc = Object.getOwnPropertyDescriptor(proto, Symbol.iterator)!;
    const original = desc.value as AnyFn;
    saved.push([proto, Symbol.iterator, desc]);
    Object.defineProperty(proto, Symbol.iterator, {
      ...desc,
      value: function (this: unknown) {
        const it = original.call(this) as Iterator<unknown>;
        ops += 1;
        return {
          next: () => {
            ops += 1;
            return it.next();
          },
          [Symbol.iterator]() {
            return this;
          },
        };
      },
    });
  }
  // Regular expressions: every match, test, replace and split goes through exec once exec is replaced.
  wrap(
    RegExp.prototype,
    "exec",
    (_self, args, out, start) => {
      const m = out as RegExpExecArray | null;
      // A match ends where it ends; a failed search ran over the rest of the text.
      return m ? m.index + m[0].length - Math.min(start, m.index) : Math.max(0, String(args[0]).length - start);
    },
    (self) => ((self as RegExp).global || (self as RegExp).sticky ? (self as RegExp).lastIndex : 0),
  );
  try {
    const result = fn();
    return { result, operations: ops };
  } finally {
    for (const [target, name, desc] of saved.reverse()) Object.defineProperty(target, name, desc);
  }
}
