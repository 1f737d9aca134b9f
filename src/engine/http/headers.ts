/**
 * An ordered, case-insensitive header table with the operations Apache's `apr_table_*` and nginx's header
 * lists offer. Values are immutable: every operation returns a new table.
 *
 * Apache merges repeated request header fields into one value joined with ", " in arrival order, keeping
 * the first field's spelling of the name (`ap_get_mime_headers_core`; [E C30, C67]).
 */

export interface HeaderEntry {
  name: string;
  value: string;
}

export type HeaderTable = readonly HeaderEntry[];

const lower = (s: string) => s.toLowerCase();

/** Whether header name `name` is `n` (already lower-cased), ignoring case; only names of the same length are lower-cased. */
function named(name: string, n: string): boolean {
  return name.length === n.length && (name === n || name.toLowerCase() === n);
}

/** The first value for `name`, or undefined. */
export function getHeader(table: HeaderTable, name: string): string | undefined {
  const n = lower(name);
  return table.find((h) => named(h.name, n))?.value;
}

/** True when `name` is present (an empty value counts). */
export function hasHeader(table: HeaderTable, name: string): boolean {
  return getHeader(table, name) !== undefined;
}

/** `apr_table_set`: replaces the first `name` in place and drops the others; appends when absent. */
export function setHeader(table: HeaderTable, name: string, value: string): HeaderTable {
  const n = lower(name);
  const i = table.findIndex((h) => named(h.name, n));
  if (i < 0) return [...table, { name, value }];
  return table.flatMap((h, j) => (j === i ? [{ name: h.name, value }] : named(h.name, n) ? [] : [h]));
}

/**
 * `apr_table_merge`: appends `, value` to the first field with this name, in place, or adds the header.
 * Further fields with the same name (made by `apr_table_add`, e.g. `RequestHeader add`) are left as they are:
 * APR merges into the first match only. Checked on Apache 2.4.71: with `RequestHeader add X-Forwarded-For
 * 10.8.8.8` and a client's `X-Forwarded-For: 1.1.1.1`, mod_proxy's merge gives two lines,
 * `1.1.1.1, <client>` and `10.8.8.8`, which the back end joins to `1.1.1.1, <client>, 10.8.8.8`.
 */
export function mergeHeader(table: HeaderTable, name: string, value: string): HeaderTable {
  const n = lower(name);
  const i = table.findIndex((h) => named(h.name, n));
  if (i < 0) return [...table, { name, value }];
  return table.map((h, j) => (j === i ? { name: h.name, value: `${h.value}, ${value}` } : h));
}

/** `apr_table_add`: adds another field with this name, even when one exists. */
export function addHeader(table: HeaderTable, name: string, value: string): HeaderTable {
  return [...table, { name, value }];
}

/** `apr_table_unset`: removes every field with this name. */
export function unsetHeader(table: HeaderTable, name: string): HeaderTable {
  const n = lower(name);
  return table.filter((h) => !named(h.name, n));
}

/** The value of `name` as `mergeRepeated` would give it (its fields' values joined with ", "), or undefined. */
export function mergedValue(fields: readonly HeaderEntry[], name: string): string | undefined {
  const n = lower(name);
  let value: string | undefined;
  for (const f of fields) if (named(f.name, n)) value = value === undefined ? f.value : `${value}, ${f.value}`;
  return value;
}

/**
 * Joins repeated fields into one, in arrival order, as Apache does when it reads a request. When no name
 * repeats, the list itself is the answer (a header table is never changed in place).
 */
export function mergeRepeated(fields: readonly HeaderEntry[]): HeaderTable {
  if (!hasRepeatedName(fields)) return fields;
  // mergeHeader for each field in turn, in one pass: the first field of a name keeps its place and spelling.
  const table: HeaderEntry[] = [];
  const at = new Map<string, number>();
  for (const f of fields) {
    const n = lower(f.name);
    const i = at.get(n);
    if (i === undefined) {
      at.set(n, table.length);
      table.push({ name: f.name, value: f.value });
    } else table[i] = { name: table[i]!.name, value: `${table[i]!.value}, ${f.value}` };
  }
  return table;
}

/**
 * Whether two fields share a name (any case). A request has a handful of fields, so each pair is compared,
 * and names are lower-cased only when their lengths agree.
 */
function hasRepeatedName(fields: readonly HeaderEntry[]): boolean {
  if (fields.length > 24) return true; // the merge's Map is cheaper than the pairs from here on
  for (let i = 1; i < fields.length; i++) {
    const a = fields[i]!.name;
    for (let j = 0; j < i; j++) {
      const b = fields[j]!.name;
      if (a.length === b.length && (a === b || a.toLowerCase() === b.toLowerCase())) return true;
    }
  }
  return false;
}

/** Header lines for a head: `Name: value` joined with CRLF. */
export function formatHeaders(table: HeaderTable): string {
  return table.map((h) => `${h.name}: ${h.value}\r\n`).join("");
}

/**
 * The value of `name` in a response's header record (`HttpResponse.headers`, names as the server wrote them,
 * e.g. `Location` from Apache, `location` from HAProxy), matched case-insensitively; undefined when absent.
 */
export function responseHeader(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const n = lower(name);
  for (const k in headers) if (Object.hasOwn(headers, k) && named(k, n)) return headers[k];
  return undefined;
}
