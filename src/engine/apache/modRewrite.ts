/**
 * mod_rewrite's reading of the flags field of RewriteRule and RewriteCond (`cmd_parseflagfield`,
 * `cmd_rewriterule_setflag`, `cmd_rewritecond_setflag` in httpd 2.4 modules/mappers/mod_rewrite.c), as Apache
 * reads it when it starts. Only the check is modelled: the playground does not run rewrite rules. Checked with
 * `apache2 -t` on Apache 2.4.71 (syntax rows RF01–RF47).
 */
import { atoi, isCSpace } from "../cRuntime.ts";

/** The status codes Apache has a status line for (`status_lines` in modules/http/http_protocol.c). */
const KNOWN_STATUS = new Set([
  100, 101, 102, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408,
  409, 410, 411, 412, 413, 414, 415, 416, 417, 421, 422, 423, 424, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

/**
 * The RewriteRule flags `cmd_rewriterule_setflag` knows, by first letter: what may follow the letter, lower-cased
 * ("" for the letter alone, as in `L`; "ast" for `last`). Any flag starting with D is taken: that branch of
 * mod_rewrite has no refusal.
 */
const RULE_FLAGS: Record<string, readonly string[] | "any"> = {
  b: ["", "ackrefescaping", "ne", "np", "ackrefernoplus", "ctls"],
  c: ["", "hain", "o", "ookie"],
  d: "any",
  e: ["", "nv", "nd"],
  f: ["", "orbidden"],
  g: ["", "one"],
  h: ["", "andler"],
  l: ["", "ast"],
  n: ["", "e", "oescape", "ext", "s", "osubreq", "c", "ocase"],
  p: ["", "roxy", "t", "assthrough"],
  q: ["sa", "sappend", "sd", "sdiscard", "sl", "slast"],
  r: ["", "edirect"],
  s: ["", "kip"],
  t: ["", "ype"],
  u: ["nsafeprefixstat", "nsafeallow3f", "nc"],
};

/** `cmd_rewriterule_setflag`: null when mod_rewrite takes the flag, else its message. `key` as written. */
function ruleFlag(key: string, value: string): string | null {
  const letter = key[0]?.toLowerCase() ?? "";
  const rest = key.slice(1).toLowerCase();
  const known = RULE_FLAGS[letter];
  if (known === undefined || (known !== "any" && !known.includes(rest))) return `unknown flag '${key}'`;
  if (letter === "b" && rest === "ne" && value === "") return "flag 'BNE' wants a list of characters (i.e. [BNE=...])";
  if (letter === "r" && /^[0-9]/.test(value)) {
    const status = atoi(value);
    if (status !== 500 && !KNOWN_STATUS.has(status)) return `invalid HTTP response code '${value}' for flag 'R'`;
  }
  return null;
}

/** `cmd_rewritecond_setflag`: NC/nocase, OR/ornext and NV/novary; anything else is an unknown flag. */
function condFlag(key: string): string | null {
  return ["nocase", "nc", "ornext", "or", "novary", "nv"].includes(key.toLowerCase()) ? null : `unknown flag '${key}'`;
}

/**
 * What mod_rewrite says of the flags field (the third word) of a RewriteRule or RewriteCond: null when it
 * takes every flag, else its message after the directive's name ("RewriteRule: unknown flag 'Z'", "RewriteRule:
 * bad flag delimiters"). The field must start with `[` and end with `]`; flags are split at commas, each trimmed
 * of blanks and split at its first `=` into a key and a value, and an empty one is "unknown flag ''".
 */
export function rewriteFlagsProblem(directive: "RewriteRule" | "RewriteCond", field: string): string | null {
  if (field[0] !== "[" || field[field.length - 1] !== "]" || field.length < 2) return `${directive}: bad flag delimiters`;
  const text = `${field.slice(1, -1)},`;
  let i = 0;
  while (i < text.length) {
    while (isCSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) break;
    const next = text.indexOf(",", i);
    if (next < 0) break;
    let end = next;
    while (end > i && isCSpace(text.charCodeAt(end - 1))) end--;
    const flag = text.slice(i, end);
    const eq = flag.indexOf("=");
    const key = eq < 0 ? flag : flag.slice(0, eq);
    const value = eq < 0 ? "" : flag.slice(eq + 1);
    const problem = directive === "RewriteRule" ? ruleFlag(key, value) : condFlag(key);
    if (problem) return `${directive}: ${problem}`;
    i = next + 1;
  }
  return null;
}
