/**
 * `ap_regcomp` (httpd 2.4 server/util_pcre.c) as Debian's Apache 2.4 runs it: PCRE2 10.42, compiled with
 * PCRE2_DUPNAMES (two groups may share a name). Apache compiles the regular expressions of RewriteRule,
 * RewriteCond, `Header edit` and the like when it reads its configuration and refuses to start on one that does
 * not compile ("RewriteRule: cannot compile regular expression '^(/foo'").
 *
 * The playground has no PCRE, so `pcreCompiles` rewrites the PCRE forms JavaScript lacks into ones that compile
 * the same way (inline options, atomic groups, possessive quantifiers, `\Q…\E`, comments, `(?P<name>…)`,
 * `\k{name}`, duplicate names, POSIX classes, a quantified lookbehind), checks by hand what JavaScript would let
 * through but PCRE2 refuses (a back reference to a group or name that does not exist, an unknown POSIX class, a
 * range to or from `\d`, a repeat count over 65535, a lookbehind whose length is not fixed), and hands the rest to
 * the JavaScript engine's RegExp. It answers false only when PCRE2 refuses for certain: a pattern using what is
 * not rewritten here (recursion, branch reset, conditions on assertions, backtracking verbs, callouts, extended
 * mode `(?x)`) counts as compiling, as does a `\p{…}` property of any name.
 *
 * Checked with `apache2 -t` on Apache 2.4.71 + PCRE2 10.42 (syntax rows RX01–RX86).
 */

/** PCRE2's POSIX class names (`[[:alpha:]]`, `[[:^digit:]]`). */
const POSIX_CLASSES = new Set(["alpha", "digit", "alnum", "blank", "cntrl", "graph", "lower", "print", "punct", "space", "upper", "word", "xdigit", "ascii"]);

/** Escapes that stand for a set of characters: a class range may not start or end at one. */
const CLASS_ESCAPES = new Set(["d", "D", "s", "S", "w", "W", "h", "H", "v", "V", "p", "P", "N", "R", "X"]);

/** The letters PCRE2 takes after a backslash outside a class; any other letter is an error ("\\y"). */
const LETTER_ESCAPES = new Set("aAbBcCdDeEfgGhHkKnNopPQrRsStvVwWxXzZ");

/** The letters PCRE2 takes after a backslash inside a class. */
const CLASS_LETTER_ESCAPES = new Set("abcdDeEfghHnopPQrsStvVwWx");

/** PCRE2's default limit on nested parentheses ("parentheses are too deeply nested"): 250 open at once. */
const PARENS_NEST_LIMIT = 250;

/** PCRE2's largest repeat count in `{n,m}`. */
const MAX_REPEAT = 65535;

/** Why a rewrite cannot be trusted to compile the way PCRE2 does: the pattern is taken as compiling. */
const UNKNOWN = Symbol("unknown");

/**
 * Whether PCRE2, as Apache calls it, compiles `pattern` (the pattern as the directive holds it, after the config
 * reader's unquoting; without RewriteRule's leading `!`). False only when it certainly does not.
 */
export function pcreCompiles(pattern: string): boolean {
  const groups = scanGroups(pattern);
  if (groups === UNKNOWN) return true;
  const js = toJavaScript(pattern, groups);
  if (js === UNKNOWN) return true;
  return js !== null && runsAsJavaScript(js);
}

/**
 * Whether the playground can run `pattern` as written, with JavaScript's RegExp (no flags): false for a pattern
 * PCRE2 compiles with forms JavaScript lacks (`(?i)`, `a++`, `\Q…\E` …), which the simulation then cannot apply.
 */
export function runsAsJavaScript(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

interface GroupFacts {
  /** Capturing groups, numbered or named. */
  count: number;
  names: Set<string>;
}

/** The capturing groups of `p`, counted as PCRE2 numbers them, or UNKNOWN under `(?x)` or `(?n)` (no auto capture). */
function scanGroups(p: string): GroupFacts | typeof UNKNOWN {
  const facts: GroupFacts = { count: 0, names: new Set() };
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "\\") {
      i = p[i + 1] === "Q" ? quotedLiteral(p, i).end - 1 : i + 1;
      continue;
    }
    if (inClass) {
      const end = c === "[" ? posixClassEnd(p, i) : -1;
      if (end >= 0) i = end + 1;
      else if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      if (p[i + 1] === "^") i++;
      if (p[i + 1] === "]") i++;
      continue;
    }
    if (c !== "(") continue;
    if (p[i + 1] !== "?") {
      if (p[i + 1] !== "*") facts.count++;
      continue;
    }
    const named = /^\(\?(?:P?<|')([A-Za-z_][A-Za-z0-9_]*)[>']/.exec(p.slice(i, i + 40));
    if (named && !p.startsWith("(?<=", i) && !p.startsWith("(?<!", i)) {
      facts.count++;
      facts.names.add(named[1]!);
    } else if (p.startsWith("(?(", i) && !p.startsWith("(?(?", i)) {
      // A condition's own parentheses are not a group: (?(1)…), (?(<name>)…).
      const end = p.indexOf(")", i + 3);
      i = end < 0 ? p.length : end;
    } else if (p.startsWith("(?#", i)) {
      const end = p.indexOf(")", i);
      i = end < 0 ? p.length : end;
    } else {
      // (?x) changes how the rest reads (blanks and # comments), (?n) which groups capture.
      const options = /^\(\?\^?([imnsxJU]*)(?:-[imnsxJU]*)?[:)]/.exec(p.slice(i, i + 24));
      if (options && /[xn]/.test(options[1]!)) return UNKNOWN;
    }
  }
  return facts;
}

/** `p` rewritten for JavaScript's RegExp, null when PCRE2 refuses it for a reason checked here, or UNKNOWN. */
function toJavaScript(p: string, groups: GroupFacts): string | null | typeof UNKNOWN {
  let out = "";
  let inClass = false;
  /** What the class has so far, for ranges: "none" at its start, "char" after a character, "set" after \d or [:…:]. */
  let classLast: "none" | "char" | "set" | "dash" = "none";
  /**
   * Quantifier state outside classes: 1 just after a quantifier (a `?` or `+` may follow), 2 after a lazy `?`,
   * 3 where a quantifier repeats nothing (after a possessive `+` or an option setting such as `(?i)`).
   */
  let quantified = 0;
  /** Open groups: whether each is a lookbehind (a quantifier after one is dropped) and where its text starts. */
  const open: { lookbehind: boolean; start: number }[] = [];
  let afterLookbehind = false;
  /** Lookbehinds open around the current position. */
  let lookbehinds = 0;
  const seenNames = new Map<string, number>();
  const refersTo = (name: string) => groups.names.has(name);

  for (let i = 0; i < p.length; ) {
    if (open.length > PARENS_NEST_LIMIT) return null;
    const c = p[i]!;
    if (inClass) {
      if (c === "\\") {
        const d = p[i + 1];
        if (d === undefined) return null;
        if (d === "Q") {
          const quoted = quotedLiteral(p, i);
          out += quoted.text.replace(/[\\\]^-]/g, "\\$&");
          if (quoted.text) classLast = "char";
          i = quoted.end;
          continue;
        }
        if (d === "E") {
          i += 2;
          continue;
        }
        if (refusedEscape(p, i, CLASS_LETTER_ESCAPES)) return null;
        const isSet = CLASS_ESCAPES.has(d);
        if (classLast === "dash" && isSet) return null;
        if (classLast === "dash") classLast = "char";
        else classLast = isSet ? "set" : "char";
        if (isSet) {
          out += "\\d";
          i = d === "p" || d === "P" ? skipProperty(p, i + 2) : i + 2;
          continue;
        }
        // The character it stands for, written so JavaScript sees the same code point (ranges are checked).
        const escaped = classEscape(p, i + 2, d);
        if (escaped === null || escaped.codePoint > 0xffff) return UNKNOWN;
        out += `\\u${escaped.codePoint.toString(16).padStart(4, "0")}`;
        i = escaped.end;
        continue;
      }
      const posixEnd = c === "[" ? posixClassEnd(p, i) : -1;
      if (posixEnd >= 0) {
        // [.x.] and [=x=] are POSIX collating elements, which PCRE2 does not support.
        const name = p.slice(i + 2, posixEnd - 1).replace(/^\^/, "");
        if (p[i + 1] !== ":" || !POSIX_CLASSES.has(name) || classLast === "dash") return null;
        out += "\\d";
        classLast = "set";
        i = posixEnd + 1;
        continue;
      }
      if (c === "]") {
        inClass = false;
        out += c;
        i++;
        quantified = 0;
        continue;
      }
      if (c === "-" && classLast !== "none" && classLast !== "dash" && p[i + 1] !== "]") {
        if (classLast === "set") return null;
        classLast = "dash";
        out += c;
        i++;
        continue;
      }
      classLast = "char";
      out += c === "/" ? "\\/" : c;
      i++;
      continue;
    }

    if (c === "\\") {
      const d = p[i + 1];
      if (d === undefined) return null;
      if (d === "Q") {
        const quoted = quotedLiteral(p, i);
        out += quoted.text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
        if (quoted.text) quantified = 0;
        i = quoted.end;
        continue;
      }
      if (d === "E") {
        i += 2;
        continue;
      }
      // Back references: \1–\9 always name a group; \10 and up only when that many exist (else octal).
      if (d >= "1" && d <= "9") {
        const digits = /^\d+/.exec(p.slice(i + 1, i + 12))![0];
        const n = Number(digits);
        if (n <= 9 && n > groups.count) return null;
        out += n <= groups.count ? "(?:)" : `\\${digits}`;
        i += 1 + digits.length;
        quantified = 0;
        continue;
      }
      if (d === "k" || d === "g") {
        const ref = /^\\[kg](?:<([^>]*)>|'([^']*)'|\{([^}]*)\}|(-?\d+))/.exec(p.slice(i, i + 48));
        if (!ref) return null;
        const name = ref[1] ?? ref[2] ?? ref[3] ?? ref[4]!;
        if (/^-?\d+$/.test(name)) {
          if (!name.startsWith("-") && Number(name) > groups.count) return null;
          if (name.startsWith("-")) return UNKNOWN;
        } else if (!refersTo(name)) return null;
        out += "(?:)";
        i += ref[0].length;
        quantified = 0;
        continue;
      }
      if (d === "p" || d === "P") {
        out += "\\d";
        i = skipProperty(p, i + 2);
        quantified = 0;
        continue;
      }
      if (d === "N" && p[i + 2] === "{") return UNKNOWN;
      if (refusedEscape(p, i, LETTER_ESCAPES)) return null;
      // An assertion (\\b, \\A, \\z …) cannot be repeated; the rest match characters.
      out += "bBAzZGK".includes(d) ? "\\b" : "x";
      i = skipEscapeArgument(p, i + 2, d);
      quantified = 0;
      continue;
    }

    if (c === "[") {
      // "[:alpha:]" outside a class: "POSIX named classes are supported only within a class".
      if (posixClassEnd(p, i) >= 0) return null;
      inClass = true;
      out += "[";
      i++;
      if (p[i] === "^") {
        out += "^";
        i++;
      }
      if (p[i] === "]") {
        out += "\\]";
        i++;
        classLast = "char";
      } else classLast = "none";
      continue;
    }

    if (c === "(") {
      afterLookbehind = false;
      quantified = 0;
      // (*VERB) and (*UTF)-style settings are not worked out; "(*" before anything else repeats nothing.
      if (p[i + 1] === "*" && /^[A-Za-z_:)]/.test(p[i + 2] ?? "")) return UNKNOWN;
      if (p[i + 1] !== "?") {
        open.push({ lookbehind: false, start: out.length });
        out += "(";
        i++;
        continue;
      }
      const rest = p.slice(i + 2, i + 48);
      if (rest[0] === "#") {
        const end = p.indexOf(")", i);
        if (end < 0) return null;
        i = end + 1;
        continue;
      }
      if (rest[0] === ":" || rest[0] === "=" || rest[0] === "!") {
        open.push({ lookbehind: false, start: out.length });
        out += `(?${rest[0]}`;
        i += 3;
        continue;
      }
      if (rest.startsWith("<=") || rest.startsWith("<!")) {
        open.push({ lookbehind: true, start: out.length });
        lookbehinds++;
        out += `(?${rest.slice(0, 2)}`;
        i += 4;
        continue;
      }
      if (rest[0] === ">") {
        open.push({ lookbehind: false, start: out.length });
        out += "(?:";
        i += 3;
        continue;
      }
      const named = /^(?:P?<|')([^>']*)[>']/.exec(rest);
      if (named) {
        const name = named[1]!;
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name.length > 32) return null;
        const seen = seenNames.get(name) ?? 0;
        seenNames.set(name, seen + 1);
        open.push({ lookbehind: false, start: out.length });
        out += `(?<${seen === 0 ? name : `${name}__${seen}`}>`;
        i += 2 + named[0].length;
        continue;
      }
      const call = /^(?:P>|&)([^)]*)\)/.exec(rest);
      if (call) {
        if (!refersTo(call[1]!)) return null;
        out += "(?:)";
        i += 2 + call[0].length;
        continue;
      }
      if (rest.startsWith("P=")) {
        const end = p.indexOf(")", i);
        if (end < 0) return null;
        if (!refersTo(p.slice(i + 4, end))) return null;
        out += "(?:)";
        i = end + 1;
        continue;
      }
      if (rest[0] === "(") {
        const cond = /^\((\d+)\)/.exec(rest) ?? /^\(<([A-Za-z_]\w*)>\)/.exec(rest) ?? /^\('([A-Za-z_]\w*)'\)/.exec(rest);
        if (!cond) return UNKNOWN;
        if (/^\d+$/.test(cond[1]!) ? Number(cond[1]) > groups.count || Number(cond[1]) === 0 : !refersTo(cond[1]!)) return null;
        open.push({ lookbehind: false, start: out.length });
        out += "(?:";
        i += 2 + cond[0].length;
        continue;
      }
      const options = /^\^?[imnsxJU]*(?:-[imnsxJU]*)?([:)])/.exec(rest);
      if (options) {
        if (options[1] === ")") {
          // An option setting is not an item: a quantifier after it repeats nothing.
          i += 2 + options[0].length;
          quantified = 3;
          continue;
        }
        open.push({ lookbehind: false, start: out.length });
        out += "(?:";
        i += 2 + options[0].length;
        continue;
      }
      if (rest[0] === "|" || rest[0] === "R" || rest[0] === "C" || /^[-+]?\d/.test(rest)) return UNKNOWN;
      // Anything else after "(?" is refused by PCRE2 ("unrecognized character after (? or (?-").
      return null;
    }

    if (c === ")") {
      const group = open.pop();
      if (group?.lookbehind) {
        lookbehinds--;
        // The outermost lookbehind is measured with everything inside it, once.
        if (lookbehinds === 0 && !fixedLengthAlternatives(out.slice(group.start + 4))) return null;
      }
      out += c;
      i++;
      afterLookbehind = group?.lookbehind ?? false;
      quantified = 0;
      continue;
    }

    const brace = c === "{" ? /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i, i + 24)) : null;
    if (c === "*" || c === "+" || c === "?" || brace) {
      if (brace && (Number(brace[1]) > MAX_REPEAT || (brace[3] ? Number(brace[3]) > MAX_REPEAT : false))) return null;
      const text = brace ? brace[0] : c;
      if (quantified === 1 && (c === "?" || c === "+")) {
        // A lazy `?` or a possessive `+` after a quantifier; JavaScript has no possessive form, so the `+` is
        // dropped and a quantifier after it is refused here.
        if (c === "?") out += c;
        quantified = c === "+" ? 3 : 2;
        i++;
        continue;
      }
      if (quantified === 3) return null;
      if (afterLookbehind) {
        // PCRE2 lets an assertion be repeated (taking it at most once); JavaScript refuses a repeated lookbehind.
        afterLookbehind = false;
        quantified = 1;
        i += text.length;
        continue;
      }
      out += text;
      i += text.length;
      quantified = 1;
      continue;
    }

    afterLookbehind = false;
    quantified = 0;
    out += c === "/" ? "\\/" : c;
    i++;
  }
  if (inClass) return null;
  return out;
}

/** `\Q…\E` whose backslash is at `i`: the text taken literally, and the index past `\E` (the end when there is none). */
function quotedLiteral(p: string, i: number): { text: string; end: number } {
  const close = p.indexOf("\\E", i + 2);
  return close < 0 ? { text: p.slice(i + 2), end: p.length } : { text: p.slice(i + 2, close), end: close + 2 };
}

/**
 * Whether PCRE2 refuses the escape whose backslash is at `i`: a letter it does not take there (`letters`, which
 * differ inside and outside a class), `\c` at the end, `\x{…}` or `\o{…}` without their digits, `\o` without braces.
 */
function refusedEscape(p: string, i: number, letters: ReadonlySet<string>): boolean {
  const d = p[i + 1]!;
  if (/[A-Za-z]/.test(d) && !letters.has(d)) return true;
  if (d === "c") return p[i + 2] === undefined;
  if (d === "o" && p[i + 2] !== "{") return true;
  return (d === "x" || d === "o") && p[i + 2] === "{" && !braced(p, i + 2, d === "x" ? /^[0-9A-Fa-f]+$/ : /^[0-7]+$/);
}

/** Whether `p` at `at` is `{…}` whose inside matches `digits`. */
function braced(p: string, at: number, digits: RegExp): boolean {
  const end = p.indexOf("}", at);
  return end > at + 1 && digits.test(p.slice(at + 1, end));
}

/** The index just past what follows the escape letter `d` (at `i`): `\cX`'s character, `\x{…}`, `\o{…}`, `\xhh`. */
function skipEscapeArgument(p: string, i: number, d: string): number {
  if (d === "c") return i + 1;
  if ((d === "x" || d === "o") && p[i] === "{") {
    const end = p.indexOf("}", i);
    return end < 0 ? p.length : end + 1;
  }
  if (d === "x") {
    let j = i;
    while (j < i + 2 && /[0-9A-Fa-f]/.test(p[j] ?? "")) j++;
    return j;
  }
  return i;
}

/**
 * When `p[at]` is `[` and what follows reads as a POSIX class or collating element (`[:name:]`, `[.x.]`,
 * `[=x=]`), the index of its closing `]`; else -1. As PCRE2's check_posix_syntax: the text up to the terminator
 * may hold no `]` and no `[` followed by the terminator, and `\]` or `\\` are skipped.
 */
function posixClassEnd(p: string, at: number): number {
  const terminator = p[at + 1];
  if (p[at] !== "[" || (terminator !== ":" && terminator !== "." && terminator !== "=")) return -1;
  for (let i = at + 2; i < p.length; i++) {
    if (p[i] === "\\" && (p[i + 1] === "]" || p[i + 1] === "\\")) i++;
    else if ((p[i] === "[" && p[i + 1] === terminator) || p[i] === "]") return -1;
    else if (p[i] === terminator && p[i + 1] === "]") return i + 1;
  }
  return -1;
}

/** Control characters PCRE2 gives a letter escape. */
const CONTROL_ESCAPES: Record<string, number> = { a: 0x07, b: 0x08, e: 0x1b, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09 };

/**
 * The code point a backslash escape stands for inside a class (`d` is the character after the backslash, `i` the
 * index after it) and the index just past it; null for a form not worked out here.
 */
function classEscape(p: string, i: number, d: string): { codePoint: number; end: number } | null {
  if (d in CONTROL_ESCAPES) return { codePoint: CONTROL_ESCAPES[d]!, end: i };
  if (d === "c") return { codePoint: (p.charCodeAt(i) & 0xdf) ^ 0x40, end: i + 1 };
  if (d === "x" || d === "o") {
    const end = skipEscapeArgument(p, i, d);
    const digits = p.slice(i, end).replace(/[{}]/g, "");
    return { codePoint: digits === "" ? 0 : Number.parseInt(digits, d === "x" ? 16 : 8), end };
  }
  if (d >= "0" && d <= "7") {
    let end = i;
    while (end < i + 2 && p[end]! >= "0" && p[end]! <= "7") end++;
    return { codePoint: Number.parseInt(p.slice(i - 1, end), 8), end };
  }
  if (/[A-Za-z]/.test(d)) return d === "g" ? { codePoint: 0x67, end: i } : null;
  return { codePoint: p.codePointAt(i - 1)!, end: i - 1 + (p.codePointAt(i - 1)! > 0xffff ? 2 : 1) };
}

/** The index just past a `\p`/`\P` property whose letter or `{…}` starts at `i`. */
function skipProperty(p: string, i: number): number {
  if (p[i] === "{") {
    const end = p.indexOf("}", i);
    return end < 0 ? p.length : end + 1;
  }
  return Math.min(p.length, i + 1);
}

/**
 * Whether each top-level alternative of a lookbehind's body (`body`, the rewritten text between its opening and
 * closing parentheses) has a fixed length, as PCRE2 10.42 requires: a group inside counts only when all its
 * alternatives have the same length, a lookbehind inside must pass the same test, and no quantifier may vary.
 * One pass with a stack of open groups.
 */
function fixedLengthAlternatives(body: string): boolean {
  interface Frame {
    lengths: (number | null)[];
    len: number | null;
    /** The length of the last item, for a `{n}` after it; -1 when it varies. */
    last: number;
    kind: "group" | "lookahead" | "lookbehind";
  }
  const frame = (kind: Frame["kind"]): Frame => ({ lengths: [], len: 0, last: 0, kind });
  const stack: Frame[] = [frame("lookbehind")];
  const add = (f: Frame, n: number | null) => {
    f.last = n ?? -1;
    f.len = f.len === null || n === null ? null : f.len + n;
  };
  const close = (f: Frame): number | null | false => {
    f.lengths.push(f.len);
    if (f.kind === "lookbehind") return f.lengths.every((l) => l !== null) ? 0 : false;
    if (f.kind === "lookahead") return 0;
    return f.lengths.every((l) => l !== null && l === f.lengths[0]) ? f.lengths[0]! : null;
  };
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    const top = stack[stack.length - 1]!;
    if (c === "|") {
      top.lengths.push(top.len);
      top.len = 0;
      i++;
    } else if (c === "\\") {
      add(top, "bBAZzG".includes(body[i + 1] ?? "") ? 0 : 1);
      i += 2;
    } else if (c === "[") {
      let j = i + 1;
      if (body[j] === "^") j++;
      if (body[j] === "\\" && body[j + 1] === "]") j += 2;
      while (j < body.length && body[j] !== "]") j += body[j] === "\\" ? 2 : 1;
      add(top, 1);
      i = j + 1;
    } else if (c === "(") {
      const head = body.slice(i, i + 48);
      const lookaround = /^\(\?(<?)[=!]/.exec(head);
      stack.push(frame(lookaround ? (lookaround[1] ? "lookbehind" : "lookahead") : "group"));
      i += lookaround ? lookaround[0].length : /^\((?:\?(?:<[^>]*>|:))?/.exec(head)![0].length;
    } else if (c === ")") {
      const value = stack.length > 1 ? close(stack.pop()!) : null;
      if (value === false) return false;
      add(stack[stack.length - 1]!, value);
      i++;
    } else if (c === "^" || c === "$") {
      add(top, 0);
      i++;
    } else {
      const brace = c === "{" ? /^\{(\d+)(,(\d*))?\}/.exec(body.slice(i, i + 24)) : null;
      if (c === "*" || c === "+" || c === "?" || brace) {
        // {n} repeats the last item n times; anything else makes the length vary.
        if (brace && brace[2] === undefined && top.len !== null && top.last >= 0) top.len += top.last * (Number(brace[1]) - 1);
        else top.len = null;
        i += brace ? brace[0].length : 1;
      } else {
        add(top, 1);
        i++;
      }
    }
  }
  return close(stack[0]!) !== false;
}
