/**
 * What the load-balancer presets (`awsAlb.ts`, `gcpHttpsLb.ts`, `ingressNginx.ts`, `traefik.ts`) and HAProxy
 * (`../haproxy/`) share (the hop shapes themselves are in `../http/hop.ts`): the settings-text reader the managed presets use for
 * their `config`, and small helpers for the headers they add.
 *
 * A managed preset's `config` is a settings text in the vendor's own vocabulary: one `key = value` or
 * `key: value` per line, `#` comment lines, blank lines ignored, values optionally in double or single quotes
 * (as in a Kubernetes ConfigMap: `use-forwarded-headers: "true"`). Each preset lists the keys it knows with
 * their type and vendor default; an empty text means the vendor's defaults. Bad input is a diagnostic at its
 * line and column, never an exception.
 */
import ipaddr from "ipaddr.js";
import type { Diagnostic, HttpResponse, ProxySpec, TraceEntry } from "../types.ts";
import { subnetContains, type HostAddress, type Subnet, stripBrackets } from "../net/address.ts";
import { mergeRepeated, type HeaderEntry } from "../http/headers.ts";
import type { HopContext, HopOutcome } from "../http/hop.ts";
import { isDigits } from "../cRuntime.ts";

// ---------------------------------------------------------------------------------------------------------------
// Settings text

export type SettingKind =
  /** `true` or `false`. */
  | "bool"
  /** One of `values`. */
  | "enum"
  /** A decimal integer in [min, max]. */
  | "int"
  /** A URL path starting with "/". */
  | "path"
  /** IP addresses or CIDR blocks, comma separated, optionally in `[ … ]` with quoted items. */
  | "cidr-list"
  /** Strings, comma separated, optionally in `[ … ]` with quoted items. */
  | "list"
  /** `Name: value`, a header line. */
  | "header"
  /** Any text. */
  | "string";

export interface SettingSpec {
  /** The key as the vendor spells it. A key ending in "." is a prefix: `headers.customRequestHeaders.` takes any header name after it. */
  key: string;
  kind: SettingKind;
  values?: readonly string[];
  min?: number;
  max?: number;
  /** The vendor's default, as text; null when the default depends on the scenario (e.g. the listen port). */
  default: string | null;
  /** What the vendor's documentation says it does, in our words, with where it says so. */
  doc: string;
  /** Accepted but without effect on what this model computes (the trace says so when it is set). */
  notModelled?: boolean;
  /** The key may be given more than once; every line counts. */
  repeatable?: boolean;
  /** Other spellings that mean the same key. */
  aliases?: readonly string[];
}

/** One setting as read: the canonical key, the value (unquoted) and where both stand. */
export interface SettingLine {
  key: string;
  /** For a prefix key: what followed the prefix (e.g. the header name). */
  suffix: string;
  value: string;
  line: number;
  keyColumn: number;
  keyEndColumn: number;
  valueColumn: number;
  valueEndColumn: number;
  spec: SettingSpec;
}

export interface Settings {
  lines: SettingLine[];
  /** The last line for a key, or undefined when the key is not set. */
  get(key: string): SettingLine | undefined;
  /** Every line for a key (repeatable and prefix keys). */
  all(key: string): SettingLine[];
  /** The effective value: the last line's value, else the spec default (null when that depends on the scenario). */
  value(key: string): string | null;
  bool(key: string): boolean;
}

/** How a vendor treats a key it does not know: "error" (the API or the loader refuses it) or "warning" (ignored). */
export interface SettingsDialect {
  vendor: string;
  unknownKey: "error" | "warning";
  unknownKeyReason: string;
}

/**
 * The name of `names` nearest to `word` in edits (Levenshtein distance, after `fold`) when it is within `near`
 * edits, else null; the first of equals. Only the band of `near` edits around the diagonal is computed, and a
 * comparison stops once every cell of a row is past `near`, so a huge pasted word costs next to nothing. Used
 * for "did you mean" hints (preset settings, HAProxy options).
 */
export function nearestName(names: readonly string[], word: string, near: number, fold: (s: string) => string = (s) => s): string | null {
  const w = fold(word);
  let best: string | null = null;
  let bestDistance = near + 1;
  for (const n of names) {
    const d = distanceWithin(fold(n), w, near);
    if (d < bestDistance) {
      best = n;
      bestDistance = d;
    }
  }
  return best;
}

/** The edit distance of `a` and `b` when it is at most `near`, else `near + 1`. O(length × near), two rows. */
function distanceWithin(a: string, b: string, near: number): number {
  const over = near + 1;
  if (Math.abs(a.length - b.length) > near) return over;
  let prev = new Int32Array(b.length + 1);
  let row = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j += 1) prev[j] = Math.min(j, over);
  for (let i = 1; i <= a.length; i += 1) {
    row.fill(over);
    row[0] = Math.min(i, over);
    let rowMin = row[0]!;
    const ca = a.charCodeAt(i - 1);
    for (let j = Math.max(1, i - near), hi = Math.min(b.length, i + near); j <= hi; j += 1) {
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1), over);
      row[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= over) return over;
    [prev, row] = [row, prev];
  }
  return prev[b.length]!;
}

/** Items of a list value with their offsets in the value text: `a, b`, `[ "a", "b" ]`. */
export function listItems(value: string): { text: string; offset: number; length: number }[] {
  let body = value;
  let base = 0;
  const open = /^\s*\[/.exec(body);
  if (open && /\]\s*$/.test(body)) {
    base = open[0].length;
    body = body.slice(open[0].length, body.lastIndexOf("]"));
  }
  const out: { text: string; offset: number; length: number }[] = [];
  let at = 0;
  for (const part of body.split(",")) {
    const lead = /^\s*/.exec(part)![0].length;
    let text = part.trim();
    let offset = base + at + lead;
    const length = text.length;
    if (/^"[^"]*"$|^'[^']*'$/.test(text)) {
      text = text.slice(1, -1);
      offset += 1;
    }
    if (text !== "") out.push({ text, offset, length: Math.min(length, text.length) });
    at += part.length + 1;
  }
  return out;
}

/**
 * A CIDR block or address as Go's `net.ParseCIDR`/`net.ParseIP` (Traefik) and HAProxy's `str2net` read
 * them: `a.b.c.d`, `a.b.c.d/n` (0..32), IPv6 with `/n` (0..128); a bare address is a /32 or /128. Host bits
 * are masked off. Null when it is neither.
 */
export function parseCidr(text: string): Subnet | null {
  try {
    let addr: ipaddr.IPv4 | ipaddr.IPv6;
    let bits: number;
    if (text.includes("/")) {
      const [a, b] = text.split("/");
      if (!/^[0-9]{1,3}$/.test(b ?? "")) return null;
      if (!ipaddr.isValid(a!)) return null;
      addr = ipaddr.parse(a!);
      bits = Number(b);
    } else {
      if (!ipaddr.isValid(text)) return null;
      addr = ipaddr.parse(text);
      bits = addr.kind() === "ipv4" ? 32 : 128;
    }
    if (addr.kind() === "ipv4" && !ipaddr.IPv4.isValidFourPartDecimal(text.split("/")[0]!)) return null;
    const max = addr.kind() === "ipv4" ? 32 : 128;
    if (bits > max) return null;
    const bytes = addr.toByteArray();
    const mask = bytes.map((_, i) => {
      const take = Math.max(0, Math.min(8, bits - i * 8));
      return take === 0 ? 0 : (0xff << (8 - take)) & 0xff;
    });
    const network = bytes.map((b, i) => b & mask[i]!);
    const family = addr.kind() === "ipv4" ? 4 : 6;
    const netText = family === 4 ? network.join(".") : ipaddr.fromByteArray(network).toString();
    return { family, network, mask, text: `${netText}/${bits}` };
  } catch {
    return null;
  }
}

/** A peer address (canonical text, as the scenario writes it) as a HostAddress, or null. */
export function peerAddress(text: string): HostAddress | null {
  const bare = stripBrackets(text);
  if (!ipaddr.isValid(bare)) return null;
  const a = ipaddr.parse(bare);
  const bytes = a.toByteArray();
  return { family: a.kind() === "ipv4" ? 4 : 6, bytes, text: a.toString() };
}

/** True when `peer` is inside one of `subnets` (IPv4-mapped IPv6 peers match IPv4 blocks, as in Go). */
export function peerInSubnets(peer: string, subnets: readonly Subnet[]): Subnet | null {
  const a = peerAddress(peer);
  if (!a) return null;
  return subnets.find((s) => subnetContains(s, a)) ?? null;
}

/**
 * Reads a settings text against the preset's keys. Unknown keys get a diagnostic at the key (with the nearest
 * known key as a hint), bad values one at the value; the result holds only the lines that were understood.
 */
export function parseSettings(text: string, specs: readonly SettingSpec[], source: string, dialect: SettingsDialect, diagnostics: Diagnostic[]): Settings {
  const lines: SettingLine[] = [];
  const rows = text.replace(/\r\n?/g, "\n").split("\n");
  const find = (key: string): { spec: SettingSpec; suffix: string } | null => {
    const lower = key.toLowerCase();
    for (const spec of specs) {
      for (const name of [spec.key, ...(spec.aliases ?? [])]) {
        const n = name.toLowerCase();
        if (n.endsWith(".") ? lower.startsWith(n) && lower.length > n.length : lower === n) return { spec, suffix: n.endsWith(".") ? key.slice(n.length) : "" };
      }
    }
    return null;
  };
  rows.forEach((row, i) => {
    const line = i + 1;
    const trimmed = row.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const lead = row.length - row.trimStart().length;
    const eq = row.indexOf("=");
    const colon = row.indexOf(":");
    const sepAt = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
    if (sepAt < 0) {
      diagnostics.push({ severity: "error", code: "lb-setting-syntax", source, line, column: lead + 1, endLine: line, endColumn: row.trimEnd().length + 1, message: `Expected one setting per line, "key = value" or "key: value"; ${JSON.stringify(trimmed)} has neither "=" nor ":".` });
      return;
    }
    const rawKey = row.slice(0, sepAt);
    const key = rawKey.trim();
    const keyColumn = lead + 1;
    const keyEndColumn = keyColumn + key.length;
    const after = row.slice(sepAt + 1);
    const valueLead = after.length - after.trimStart().length;
    let value = after.trim();
    let valueColumn = sepAt + 2 + valueLead;
    const valueEndColumn = valueColumn + value.length;
    if (/^"(?:[^"\\]|\\.)*"$/.test(value)) {
      value = value.slice(1, -1).replace(/\\(.)/g, "$1");
      valueColumn += 1;
    } else if (/^'[^']*'$/.test(value)) {
      value = value.slice(1, -1);
      valueColumn += 1;
    }
    const at = { source, line };
    if (key === "") {
      diagnostics.push({ severity: "error", code: "lb-setting-syntax", ...at, column: sepAt + 1, endLine: line, endColumn: sepAt + 2, message: `A setting needs a key before "${row[sepAt]}".` });
      return;
    }
    const found = find(key);
    if (!found) {
      const best = nearestName(specs.map((s) => s.key), key, Math.max(2, Math.floor(key.length / 4)), (s) => s.toLowerCase());
      const hint = best ? ` Did you mean "${best}"?` : "";
      diagnostics.push({
        severity: dialect.unknownKey,
        code: "lb-setting-unknown",
        ...at,
        column: keyColumn,
        endLine: line,
        endColumn: keyEndColumn,
        message: `${dialect.vendor} has no setting "${key}" that this model knows: ${dialect.unknownKeyReason}${hint}`,
      });
      return;
    }
    const { spec, suffix } = found;
    const bad = (message: string, column = valueColumn, endColumn = Math.max(valueEndColumn, valueColumn + 1)) =>
      diagnostics.push({ severity: "error", code: "lb-setting-bad-value", ...at, column, endLine: line, endColumn, message });
    const v = value;
    switch (spec.kind) {
      case "bool":
        if (v !== "true" && v !== "false") return bad(`${spec.key} takes true or false, not ${JSON.stringify(v)}.`);
        break;
      case "enum":
        if (!spec.values!.includes(v)) return bad(`${spec.key} takes ${spec.values!.join(", ")}; ${JSON.stringify(v)} is none of them.`);
        break;
      case "int": {
        const n = isDigits(v) ? Number(v) : Number.NaN;
        if (!Number.isInteger(n) || n < (spec.min ?? 0) || n > (spec.max ?? Number.MAX_SAFE_INTEGER)) return bad(`${spec.key} takes a whole number from ${spec.min ?? 0} to ${spec.max ?? "any"}; ${JSON.stringify(v)} is not one.`);
        break;
      }
      case "path":
        if (!v.startsWith("/")) return bad(`${spec.key} takes a URL path starting with "/"; ${JSON.stringify(v)} does not.`);
        break;
      case "cidr-list":
        for (const item of listItems(v)) {
          if (!parseCidr(item.text)) {
            bad(`${JSON.stringify(item.text)} in ${spec.key} is not an IP address or CIDR block (e.g. 10.0.0.0/8).`, valueColumn + item.offset, valueColumn + item.offset + Math.max(1, item.length));
            return;
          }
        }
        break;
      case "header":
        if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+:/.test(v)) return bad(`${spec.key} takes a header line "Name: value"; ${JSON.stringify(v)} is not one.`);
        break;
      case "list":
      case "string":
        break;
    }
    const previous = lines.find((l) => l.spec === spec && l.suffix.toLowerCase() === suffix.toLowerCase());
    if (previous && !spec.repeatable) {
      diagnostics.push({ severity: "warning", code: "lb-setting-duplicate", ...at, column: keyColumn, endLine: line, endColumn: keyEndColumn, message: `${spec.key} is set again (first on line ${previous.line}); the last value counts.` });
    }
    lines.push({ key: spec.key, suffix, value, line, keyColumn, keyEndColumn, valueColumn, valueEndColumn, spec });
  });
  const forKey = (key: string) => lines.filter((l) => l.key === key);
  return {
    lines,
    get: (key) => forKey(key).at(-1),
    all: forKey,
    value(key) {
      const last = forKey(key).at(-1);
      if (last) return last.value;
      return specs.find((s) => s.key === key)?.default ?? null;
    },
    bool(key) {
      return this.value(key) === "true";
    },
  };
}

/** Trace notes for settings that are accepted but do not change what this model computes. */
export function notModelledNotes(settings: Settings, vendor: string): string[] {
  return settings.lines
    .filter((l) => l.spec.notModelled)
    .map((l) => `${l.key}${l.suffix} = ${l.value} (line ${l.line}) is a ${vendor} setting this model accepts but does not simulate: it does not change the headers, path or status computed here.`);
}

// ---------------------------------------------------------------------------------------------------------------
// Headers

/** Lines of `name` joined with `separator` in arrival order, or undefined when there are none. */
export function joinedLines(fields: readonly HeaderEntry[], name: string, separator = ", "): string | undefined {
  const n = name.toLowerCase();
  const values = fields.filter((f) => f.name.toLowerCase() === n).map((f) => f.value);
  return values.length ? values.join(separator) : undefined;
}

/**
 * Removes every line of `name` and puts one line with `value` where the first one was (at the end when there
 * was none): the "set" most load balancers document. A null value only removes.
 */
export function replaceLines(fields: readonly HeaderEntry[], name: string, value: string | null, spelling = name): HeaderEntry[] {
  const n = name.toLowerCase();
  const first = fields.findIndex((f) => f.name.toLowerCase() === n);
  const rest = fields.filter((f) => f.name.toLowerCase() !== n);
  if (value === null) return rest;
  const line = { name: first >= 0 ? fields[first]!.name : spelling, value };
  if (first < 0) return [...rest, line];
  const before = fields.slice(0, first).filter((f) => f.name.toLowerCase() !== n).length;
  return [...rest.slice(0, before), line, ...rest.slice(before)];
}

/**
 * The common X-Forwarded-For append: the existing lines joined with `separator` (RFC 9110 §5.3 allows
 * combining them) with `entries` added at the end, as one line where the first one was. Uses the header
 * table's merge (`http/headers.ts`), so the join is the one every model shares.
 */
export function appendForwardedFor(fields: readonly HeaderEntry[], name: string, entries: readonly string[], separator = ", "): { fields: HeaderEntry[]; before: string | undefined; after: string } {
  const before = joinedLines(fields, name, separator);
  const after = [...(before === undefined ? [] : [before]), ...entries].join(separator);
  return { fields: replaceLines(fields, name, after, name), before, after };
}

/** Connection-level headers a proxy does not forward (RFC 9110 §7.6.1), plus the ones `Connection` names. */
export function hopByHopNames(fields: readonly HeaderEntry[]): Set<string> {
  const names = new Set(["connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization"]);
  for (const f of fields) if (f.name.toLowerCase() === "connection") for (const t of f.value.split(",")) if (t.trim()) names.add(t.trim().toLowerCase());
  return names;
}

/**
 * Drops the hop-by-hop fields (RFC 9110 §7.6.1) a proxy does not forward, for vendors whose documents do not
 * describe them. Returns the remaining fields and the names dropped, in order.
 */
export function dropHopByHop<F extends HeaderEntry>(fields: readonly F[]): { fields: F[]; dropped: string[] } {
  const hop = hopByHopNames(fields);
  return { fields: fields.filter((f) => !hop.has(f.name.toLowerCase())), dropped: fields.filter((f) => hop.has(f.name.toLowerCase())).map((f) => f.name) };
}

/** The Host header as host and optional port; IPv6 keeps its brackets. */
export function splitHostHeader(value: string): { host: string; port: string | null } {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(value);
  return m ? { host: m[1]!, port: m[2] ?? null } : { host: value, port: null };
}

/** The absolute-form request target's authority and origin-form rest, or null for origin-form. */
export function absoluteTarget(target: string): { scheme: string; authority: string; rest: string } | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(target);
  if (!m) return null;
  const rest = m[3] || "/";
  return { scheme: m[1]!.toLowerCase(), authority: m[2]!, rest: rest.startsWith("/") ? rest : `/${rest}` };
}

/** The joined view of a request's fields (first spelling, values joined with ", "). */
export function mergedView(fields: readonly HeaderEntry[]) {
  return mergeRepeated(fields);
}

/** Note helper bound to one hop. */
export function noter(ctx: HopContext, hop: number): (step: string, message: string) => void {
  return (step, message) => ctx.trace.push({ step, message, hop });
}

/**
 * A client speaking TLS to a plain listener, or the reverse: the handshake fails and the client gets no HTTP
 * response. Returns the outcome to use, or null when both sides agree.
 */
export function tlsMismatch(ctx: HopContext, hop: number, source: string, vendor: string, listenerTls: boolean, clientTls: boolean, step: string, at?: { line: number; column: number; endColumn?: number }): HopOutcome | null {
  if (listenerTls === clientTls) return null;
  const message = listenerTls
    ? `The listener speaks HTTPS, but the previous hop speaks plain HTTP to it: the TLS handshake fails and there is no HTTP response.`
    : `The listener speaks plain HTTP, but the previous hop speaks TLS to it: the handshake fails and there is no HTTP response.`;
  ctx.diagnostics.push({ severity: "warning", code: "lb-tls-mismatch", source, line: at?.line ?? 1, column: at?.column ?? 1, ...(at?.endColumn ? { endLine: at.line, endColumn: at.endColumn } : {}), message });
  ctx.trace.push({ step, message: `${vendor}: ${message}`, hop });
  return { kind: "respond", response: { status: 0, closed: true, headers: {} } };
}
