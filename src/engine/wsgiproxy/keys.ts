/**
 * The X-WSGIProxy-<Kind>-<N> headers through which WSGIProxy (Paste; Ian Bicking) carries chosen environ keys
 * from `WSGIProxyApp` to `WSGIProxyMiddleware`: `X-WSGIProxy-Str-0: REMOTE_USER bob`. What each side does
 * with a value, in both directions.
 *
 * Sources: WSGIProxy's documentation ("The Proxy": plain when the value can go in a header, otherwise base64
 * with a `b64` prefix; unicode values UTF-8 encoded; JSON; pickle), and `proxies-and-frameworks.md` §2.2
 * step 5 and §2.4 step 10, which record what the code does when run under Python 2.7.18 (PyPI release 0.2.2
 * and the repository's last commit): the string rule (b64 when a byte is 0x00–0x1F, when the value starts with
 * `b64`, or when it has leading or trailing whitespace; bytes 0x7F–0xFF go raw), key names quoted as Python 2's
 * `urllib.quote` does (`/` kept), json.dumps with its default separators, pickle protocol 0 (always b64 since
 * it holds newlines), and on the receiving side a split at the first run of whitespace. WSGIProxy is Python 2
 * code and cannot be run here; no real server checks this module.
 *
 * Values are the JSON values a scenario gives for the front application's environ: a JSON string is a Python
 * `str` (UTF-8), a number an `int` or `float`, true/false/null `True`/`False`/`None`, a list a `list`, an
 * object a `dict`. Header values are text whose characters stand for UTF-8 on the wire.
 */

/** The four kinds, in the order WSGIProxyApp emits them. */
export const KEY_KINDS = ["Str", "Unicode", "Json", "Pickle"] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

/** A scenario environ value: any JSON value. */
export type PyObject = unknown;

/** The Python type name of a scenario environ value (for AssertionError/TypeError messages). */
export function pythonType(v: PyObject): string {
  if (v === null || v === undefined) return "NoneType";
  if (typeof v === "string") return "str";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (Array.isArray(v)) return "list";
  return "dict";
}

function utf8Bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Standard padded base64 of a text's UTF-8 bytes, without line breaks (Python 2's `encode('base64')` minus `\n`). */
export function base64Utf8(text: string): string {
  let binary = "";
  for (const b of utf8Bytes(text)) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The text whose UTF-8 bytes a base64 value holds; bytes that are not UTF-8 stand as U+0080–U+00FF; null when not base64. */
export function base64Decode(value: string): { text: string; utf8: boolean } | null {
  let binary: string;
  try {
    binary = atob(value.replace(/\s+/g, ""));
  } catch {
    return null;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), utf8: true };
  } catch {
    return { text: binary, utf8: false };
  }
}

/**
 * WSGIProxyApp's string rule: a value is sent as it is unless it holds a byte 0x00–0x1F, starts with `b64`,
 * or has leading or trailing whitespace (Python 2 `str.strip`); then it is `b64` + base64. Returns the header
 * text and the reason for base64, or null reason when sent raw.
 */
export function stringRule(value: string): { text: string; why: string | null } {
  const control = /[\x00-\x1f]/.exec(value);
  const why = control
    ? `it holds the control byte 0x${control[0].charCodeAt(0).toString(16).padStart(2, "0")}`
    : value.startsWith("b64")
      ? "it starts with b64, which would read as the encoding marker"
      : value.trim() !== value || /^[\x0b\x0c]|[\x0b\x0c]$/.test(value)
        ? "it has leading or trailing whitespace"
        : null;
  return why ? { text: "b64" + base64Utf8(value), why } : { text: value, why: null };
}

/** Python 2 `urllib.quote(name)`: letters, digits, `_.-` and `/` stay; every other UTF-8 byte becomes %XX. */
export function urlQuote(name: string): string {
  let out = "";
  for (const b of utf8Bytes(name)) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9_.\-/]/.test(c) ? c : "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** Python 2 `urllib.unquote`: %XX sequences become bytes (read as UTF-8 when they are); a malformed % stays. */
export function urlUnquote(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "%" && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else for (const b of utf8Bytes(text[i]!)) bytes.push(b);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return String.fromCharCode(...bytes);
  }
}

/** Python's float repr for the common cases (round-trip digits, `.0` on whole numbers, a two-digit exponent); Python switches to exponent form from 1e16, JavaScript from 1e21. */
function floatRepr(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  const s = String(v);
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s);
  if (m) return `${m[1]}e${m[2]}${m[3]!.padStart(2, "0")}`;
  return Number.isInteger(v) ? `${s}.0` : s;
}

/** `json.dumps(value)` with Python's defaults: `", "` and `": "` separators, ASCII only (`\uXXXX`), NaN as NaN. */
export function jsonDumps(v: PyObject): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : Number.isNaN(v) ? "NaN" : !Number.isFinite(v) ? (v > 0 ? "Infinity" : "-Infinity") : floatRepr(v);
  if (typeof v === "string") {
    let out = '"';
    for (const ch of v) {
      const c = ch.codePointAt(0)!;
      if (ch === '"') out += '\\"';
      else if (ch === "\\") out += "\\\\";
      else if (ch === "\n") out += "\\n";
      else if (ch === "\r") out += "\\r";
      else if (ch === "\t") out += "\\t";
      else if (ch === "\b") out += "\\b";
      else if (ch === "\f") out += "\\f";
      else if (c < 0x20 || c > 0x7e) {
        const units = c > 0xffff ? [0xd800 + ((c - 0x10000) >> 10), 0xdc00 + ((c - 0x10000) & 0x3ff)] : [c];
        for (const u of units) out += "\\u" + u.toString(16).padStart(4, "0");
      } else out += ch;
    }
    return out + '"';
  }
  if (Array.isArray(v)) return `[${v.map(jsonDumps).join(", ")}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${jsonDumps(k)}: ${jsonDumps(x)}`).join(", ")}}`;
}

/** Python 2 `repr` of a byte string (a text's UTF-8 bytes), as pickle protocol 0 writes it after `S`. */
function bytesRepr(text: string): string {
  const bytes = utf8Bytes(text);
  const chars = Array.from(bytes, (b) => String.fromCharCode(b)).join("");
  const quote = chars.includes("'") && !chars.includes('"') ? '"' : "'";
  let out = quote;
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    if (c === quote || c === "\\") out += "\\" + c;
    else if (c === "\t") out += "\\t";
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (b < 0x20 || b >= 0x7f) out += "\\x" + b.toString(16).padStart(2, "0");
    else out += c;
  }
  return out + quote;
}

/**
 * `cPickle.dumps(value)` (protocol 0, Python 2.7): `N`, `I01`/`I00`, `I<n>`, `F<repr>`, `S'<repr>'` with a
 * memo `p<n>` after strings, lists, dicts and tuples (cPickle numbers its memo from 1). Dict items are
 * written in the scenario's order; Python 2 writes them in its own hash order, which no document fixes.
 */
export function pickleDumps(v: PyObject): string {
  let memo = 0;
  const put = () => `p${++memo}\n`;
  const walk = (x: PyObject): string => {
    if (x === null || x === undefined) return "N";
    if (typeof x === "boolean") return x ? "I01\n" : "I00\n";
    if (typeof x === "number") return Number.isInteger(x) && Math.abs(x) < 2 ** 63 ? `I${x}\n` : `F${floatRepr(x)}\n`;
    if (typeof x === "string") return `S${bytesRepr(x)}\n${put()}`;
    if (Array.isArray(x)) return `(l${put()}` + x.map((i) => walk(i) + "a").join("");
    const head = `(d${put()}`;
    return head + Object.entries(x as Record<string, unknown>).map(([k, i]) => walk(k) + walk(i) + "s").join("");
  };
  return walk(v) + ".";
}

/** What WSGIProxyApp makes of one configured key, or why it fails (a Python exception, the request dies). */
export type KeyEncoding = { ok: true; value: string; why: string | null; raw: string } | { ok: false; exception: string };

/**
 * Encodes `value` for the header of `kind` (the `str_encode`, `unicode_encode`, `json_encode`,
 * `pickle_encode` steps): str values must be Python `str` (AssertionError otherwise); unicode values are
 * UTF-8 encoded (a non-string is an AssertionError); JSON is json.dumps, then the string rule; pickle is
 * protocol 0, then the string rule (always b64). `raw` is the text before the string rule.
 */
export function encodeKeyValue(kind: KeyKind, value: PyObject): KeyEncoding {
  let raw: string;
  if (kind === "Str" || kind === "Unicode") {
    if (typeof value !== "string") return { ok: false, exception: `AssertionError (str_encode asserts isinstance(value, ${kind === "Str" ? "str" : "basestring"}); the value is a ${pythonType(value)})` };
    raw = value;
  } else if (kind === "Json") raw = jsonDumps(value);
  else raw = pickleDumps(value);
  const rule = stringRule(raw);
  return { ok: true, value: rule.text, why: rule.why, raw };
}

/** Header name for the `index`-th key of `kind`: `X-Wsgiproxy-Str-0` (the spelling exactproxy's title-casing gives). */
export function keyHeaderName(kind: KeyKind, index: number): string {
  return `X-Wsgiproxy-${kind}-${index}`;
}

/** What WSGIProxyMiddleware makes of one X-WSGIProxy-<Kind>-N value: the environ key and its new value, or the exception. */
export type KeyDecoding = { ok: true; key: string; value: string; b64: boolean; note?: string } | { ok: false; exception: string };

/**
 * Decodes one header value: split at the first run of whitespace (one word only: ValueError), the name
 * URL-unquoted, a `b64` prefix base64-decoded; unicode values must be UTF-8 (UnicodeDecodeError), JSON must
 * parse (ValueError). A pickle is not unpickled by this model: its value stands as a description.
 */
export function decodeKeyHeader(kind: KeyKind, headerValue: string): KeyDecoding {
  const m = /^\s*(\S+)\s+([\s\S]*)$/.exec(headerValue);
  if (!m || m[2] === undefined) return { ok: false, exception: `ValueError (need more than 1 value to unpack: ${JSON.stringify(headerValue)} has no space between the key name and its value)` };
  const key = urlUnquote(m[1]!);
  let text = m[2].replace(/\s+$/, "");
  let b64 = false;
  let utf8 = true;
  if (text.startsWith("b64")) {
    const d = base64Decode(text.slice(3));
    if (!d) return { ok: false, exception: `binascii.Error (Incorrect padding: ${JSON.stringify(text.slice(0, 40))} is not base64)` };
    text = d.text;
    utf8 = d.utf8;
    b64 = true;
  }
  if (kind === "Unicode" && !utf8) return { ok: false, exception: "UnicodeDecodeError ('utf8' codec can't decode the value)" };
  if (kind === "Json") {
    try {
      JSON.parse(text);
    } catch {
      return { ok: false, exception: `ValueError (No JSON object could be decoded from ${JSON.stringify(text.slice(0, 40))})` };
    }
    return { ok: true, key, value: text, b64, note: "a JSON value: the application receives the Python object json.loads makes; it is shown here as its JSON text" };
  }
  if (kind === "Pickle") return { ok: true, key, value: `(the object pickle.loads makes of ${text.length} bytes; unpickling is not modelled)`, b64 };
  return { ok: true, key, value: text, b64 };
}
