/**
 * The C library readings Apache and its modules apply to configuration words and request text (glibc on Debian 12,
 * x86-64), for the models that must read a word exactly as the server does: `isspace` (APR's `apr_isspace` is the
 * same set), `isdigit`, `isalpha` and `isalnum`, and `strtol`, `atoi`, `atol` and `atof` for numbers, so that
 * `timeout=5s` is 5 as mod_proxy reads it. The class tests also stand in for one-character regular expressions
 * in loops over a text, where a regex call per character costs several times the test.
 */

/** C isspace in the "C" locale: SP, HT, LF, VT, FF, CR, as a UTF-16 code unit. */
export function isCSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** C isdigit: `0`…`9`, as a UTF-16 code unit. */
export function isCDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** C isalpha in the "C" locale: ASCII letters, as a UTF-16 code unit. */
export function isCAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** C isalnum in the "C" locale: ASCII letters and digits, as a UTF-16 code unit. */
export function isCAlnum(c: number): boolean {
  return isCAlpha(c) || isCDigit(c);
}

/** True when `s` is one or more ASCII digits and nothing else (what `/^[0-9]+$/` tests, without a regex). */
export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isCDigit(s.charCodeAt(i))) return false;
  return true;
}

/**
 * strtol(s, &end, 10) as glibc reads it: blanks, a sign, decimal digits. `value` is clamped to the long range
 * (LONG_MAX, LONG_MIN) with `overflow` set (ERANGE); `end` is where reading stopped, 0 when no digit was read.
 */
export function strtol(s: string): { value: bigint; end: number; overflow: boolean } {
  let i = 0;
  while (i < s.length && isCSpace(s.charCodeAt(i))) i++;
  let negative = false;
  if (s[i] === "+" || s[i] === "-") {
    negative = s[i] === "-";
    i++;
  }
  const start = i;
  while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
  if (i === start) return { value: 0n, end: 0, overflow: false };
  const n = (negative ? -1n : 1n) * BigInt(s.slice(start, i));
  if (n > LONG_MAX) return { value: LONG_MAX, end: i, overflow: true };
  if (n < LONG_MIN) return { value: LONG_MIN, end: i, overflow: true };
  return { value: n, end: i, overflow: false };
}

const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;

/** atol: strtol's value. */
export function atol(s: string): number {
  return Number(strtol(s).value);
}

/** atoi: strtol's value cast to a 32-bit int (its low 32 bits). */
export function atoi(s: string): number {
  return Number(BigInt.asIntN(32, strtol(s).value));
}

/**
 * atof: the longest prefix that reads as a decimal floating-point number (blanks, a sign, digits, a fraction,
 * an exponent), or `inf`/`infinity`/`nan`, or a hexadecimal integer `0x…`; 0 when none does.
 */
export function atof(s: string): number {
  const m = /^[\t\n\v\f\r ]*([+-]?)(?:(0[xX][0-9a-fA-F]+)|(inf(?:inity)?|nan)|((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))/i.exec(s);
  if (!m) return 0;
  const sign = m[1] === "-" ? -1 : 1;
  if (m[2]) return sign * Number.parseInt(m[2].slice(2), 16);
  if (m[3]) return m[3].toLowerCase() === "nan" ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * Number.parseFloat(m[4]!);
}

