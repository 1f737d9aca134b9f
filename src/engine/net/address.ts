/**
 * IP addresses and subnets the way Apache's APR library and the C resolver see them.
 *
 * Models:
 * - `apr_ipsubnet_create` / `apr_ipsubnet_test` (APR 1.7, `network_io/unix/sockaddr.c`): how a
 *   WSGITrustedProxies token becomes a subnet and how an address is tested against it.
 * - `apr_sockaddr_info_get(…, APR_UNSPEC, …)`, which is glibc `getaddrinfo`: how mod_wsgi parses
 *   REMOTE_ADDR and each X-Forwarded-For element before testing it.
 *
 * Address parsing goes through ipaddr.js; this module adds the APR and glibc acceptance rules on top.
 * Behaviour checked on Apache 2.4.71 + mod_wsgi 4.9.4 (Debian 12) where `modwsgi-behaviour.md` marks a
 * row [E]; cited inline as C-numbers of its §5 table.
 */
import ipaddr from "ipaddr.js";
import { memoByText } from "../textMemo.ts";
import { isDigits } from "../cRuntime.ts";

/** A subnet as APR stores it: the network bytes and the mask bytes, 4 for IPv4 and 16 for IPv6. */
export interface Subnet {
  family: 4 | 6;
  network: number[];
  mask: number[];
  /** Canonical text, e.g. "10.0.0.0/8" or "2001:db8::/32". */
  text: string;
}

/** A parsed host address, IPv4-mapped IPv6 kept as IPv6 (APR tests it against IPv4 entries specially). */
export interface HostAddress {
  family: 4 | 6;
  bytes: number[];
  /** Canonical text ("127.0.0.3", "2001:db8::10"). */
  text: string;
}

/** APR's error texts (`apr_strerror`), appended by mod_wsgi to its own message. */
export const APR_EBADIP = "The specified IP address is invalid.";
export const APR_EBADMASK = "The specified network mask is invalid.";

export type SubnetParse = { ok: true; subnet: Subnet } | { ok: false; aprMessage: string | null };

const IPV4_PRECHECK = /^[0-9./]+$/;
const IPV6_PRECHECK = /^[0-9a-f:/]+$/;

/**
 * mod_wsgi's `wsgi_looks_like_ip` (4.4.10+; same in 6.0): a token containing `:` may hold only
 * `0-9 a-f : /` (so uppercase hex, `.` and `%zone` are refused), any other token only `0-9 . /`.
 * The empty token is refused. [E: §1.4 rows `FE80::1`, `::ffff:127.0.0.1`, `localhost`]
 */
export function looksLikeIp(token: string): boolean {
  if (token === "") return false;
  return token.includes(":") ? IPV6_PRECHECK.test(token) : IPV4_PRECHECK.test(token);
}

/**
 * Strict `inet_pton(AF_INET)` as APR implements it: four decimal parts, each 0..255, no leading zeros.
 * Returns the four bytes or null.
 */
function inetPton4(text: string): number[] | null {
  // One pass over the characters: four parts, each "0" or one to three digits without a leading zero.
  const out: number[] = [];
  let n = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || n > 255 || out.length === 4) return null;
      out.push(n);
      n = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits === 3 || (digits === 1 && n === 0)) return null;
      n = n * 10 + (c - 0x30);
      digits++;
    } else return null;
  }
  return out.length === 4 ? out : null;
}

/**
 * Strict `inet_pton(AF_INET6)`: hex groups of one to four digits, at most one `::`, an optional dotted
 * IPv4 tail; no zone, no brackets. Returns the sixteen bytes or null.
 */
function inetPton6(text: string): number[] | null {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return null;
  if ((text.match(/::/g) ?? []).length > 1) return null;
  if (/:::/.test(text)) return null;
  const tail = text.includes(".") ? text.slice(text.lastIndexOf(":") + 1) : null;
  if (tail !== null && inetPton4(tail) === null) return null;
  const head = tail === null ? text : text.slice(0, text.length - tail.length);
  const groups = head.split(":");
  for (const [i, g] of groups.entries()) {
    if (g === "") {
      // Allowed only as part of "::", at the ends or once in the middle.
      const atEdge = i === 0 || i === groups.length - 1;
      if (!text.includes("::")) return null;
      if (!atEdge && groups[i - 1] === "" && i - 1 !== 0) return null;
      continue;
    }
    if (g.length > 4) return null;
  }
  // ipaddr.js's isValid parses the text just as parse does; one parse, its refusal caught, reads it once.
  try {
    return ipaddr.IPv6.parse(text).toByteArray();
  } catch {
    return null;
  }
}

function isV4Mapped(bytes: number[]): boolean {
  return bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

/** APR `parse_network`: the legacy partial-prefix form `10`, `10.1`, `10.1.2.` (only without a mask). */
function parseNetwork(text: string): { network: number[]; mask: number[] } | null {
  if (text.length >= "255.255.255.255".length + 1) return null;
  const network = [0, 0, 0, 0];
  const mask = [0, 0, 0, 0];
  let index = 0;
  let rest = text;
  while (rest !== "") {
    const m = /^([0-9]+)(\.?)/.exec(rest);
    if (!m) return null;
    if (index > 3) return null;
    const octet = Number.parseInt(m[1]!, 10);
    if (octet > 255) return null;
    network[index] = octet;
    mask[index] = 255;
    index += 1;
    rest = rest.slice(m[0].length);
    if (m[2] === "" && rest !== "") return null;
  }
  return { network, mask };
}

function bitsMask(bits: number, length: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < length; i += 1) {
    const take = Math.max(0, Math.min(8, bits - i * 8));
    out.push(take === 0 ? 0 : (0xff << (8 - take)) & 0xff);
  }
  return out;
}

function subnetText(family: 4 | 6, network: number[], mask: number[]): string {
  const address = family === 4 ? network.join(".") : ipaddr.fromByteArray(network).toString();
  let bits = 0;
  let contiguous = true;
  for (const byte of mask) {
    for (let b = 7; b >= 0; b -= 1) {
      if (byte & (1 << b)) {
        if (!contiguous) return `${address}/${mask.join(".")}`;
        bits += 1;
      } else contiguous = false;
    }
  }
  return `${address}/${bits}`;
}

/** APR's own `looks_like_ip`, which `apr_ipsubnet_create` asks first: not empty, and a `:` anywhere or only digits and dots. */
export function aprLooksLikeIp(text: string): boolean {
  return text !== "" && (text.includes(":") || /^[0-9.]*$/.test(text));
}

/**
 * `apr_ipsubnet_create(address, mask)` after mod_wsgi split the token at its first `/`.
 *
 * - No mask: a full address (a /32 or /128) or, for IPv4, a partial network prefix (`10.1` = 10.1.0.0/16).
 * - Mask: a decimal bit count 1..32 (IPv4) or 1..128 (IPv6), or a dotted IPv4 netmask; `/0` is refused,
 *   so `0.0.0.0/0.0.0.0` is the only way to cover all IPv4 addresses. [E §1.4]
 * - IPv4-mapped IPv6 entries are refused with APR_EBADIP. Host bits are masked off (`127.0.0.77/30` is
 *   127.0.0.76/30) [E C57].
 * Returns the APR error text on failure (never throws).
 */
export function aprIpsubnetCreate(address: string, mask: string | null): SubnetParse {
  let family: 4 | 6;
  let network: number[];
  let maskBytes: number[];
  const v6 = address.includes(":") ? inetPton6(address) : null;
  const v4 = v6 === null ? inetPton4(address) : null;
  if (v6 !== null) {
    if (isV4Mapped(v6)) return { ok: false, aprMessage: APR_EBADIP };
    family = 6;
    network = v6;
    maskBytes = bitsMask(128, 16);
  } else if (v4 !== null) {
    family = 4;
    network = v4;
    maskBytes = bitsMask(32, 4);
  } else {
    if (mask !== null) return { ok: false, aprMessage: APR_EBADIP };
    const net = parseNetwork(address);
    if (net === null) return { ok: false, aprMessage: APR_EBADIP };
    family = 4;
    network = net.network;
    maskBytes = net.mask;
  }
  if (mask !== null) {
    const max = family === 4 ? 32 : 128;
    // strtol(mask, &end, 10) with *end == '\0': an optional run of digits making the whole string.
    const bits = isDigits(mask) ? Number.parseInt(mask, 10) : Number.NaN;
    const dotted = inetPton4(mask);
    if (Number.isFinite(bits) && bits > 0 && bits <= max) {
      maskBytes = bitsMask(bits, family === 4 ? 4 : 16);
    } else if (dotted !== null && family === 4) {
      maskBytes = dotted;
    } else {
      return { ok: false, aprMessage: APR_EBADMASK };
    }
  }
  network = network.map((b, i) => b & (maskBytes[i] ?? 0));
  return { ok: true, subnet: { family, network, mask: maskBytes, text: subnetText(family, network, maskBytes) } };
}

/**
 * Parses a host address the way `getaddrinfo(host, NULL, {AI_UNSPEC})` on glibc does for the strings
 * mod_wsgi hands it (REMOTE_ADDR, X-Forwarded-For elements):
 * - IPv4 in every `inet_aton` form: `127.3` is 127.0.0.3, hex and octal parts, a single 32-bit number
 *   [E C32]; trailing text is refused (`127.0.0.3 junk`) [E C33];
 * - IPv6 literals in any letter case [E C36], IPv4-mapped forms kept as IPv6 [E C27];
 * - `ip:port`, `[v6]`, `unknown` and the empty string fail [E C21, C22, C24].
 * Host names are resolved by the real server through DNS and /etc/hosts; this model knows only
 * `localhost` (127.0.0.1, as on a host without global IPv6) [E C34]. Any other name returns
 * `{ unresolved: true }` so callers can say so in the trace. Zone ids (`fe80::1%lo`) depend on the
 * resolver and are treated as unparseable.
 */
export function resolveHost(text: string): HostAddress | { unresolved: true } | null {
  return recentHosts(text);
}

/**
 * `resolveHost` keeps its answers for the last 64 texts: a simulation asks about the same few addresses at every
 * hop (the client's, each proxy's), and the answers are shared, read-only values.
 */
const recentHosts = memoByText((text: string) => {
  const host = readHost(text);
  if (host && "bytes" in host) Object.freeze(host.bytes);
  return host && Object.freeze(host);
}, 64);

function readHost(text: string): HostAddress | { unresolved: true } | null {
  if (text === "") return null;
  if (text.includes(":")) {
    const bytes = inetPton6(text);
    if (bytes === null) return null;
    return { family: 6, bytes, text: ipaddr.fromByteArray(bytes).toString() };
  }
  if (/^[0-9a-fA-FxX.]+$/.test(text) && /^[0-9]/.test(text)) {
    if (!ipaddr.IPv4.isValid(text)) return null;
    const bytes = ipaddr.IPv4.parse(text).toByteArray();
    return { family: 4, bytes, text: bytes.join(".") };
  }
  if (text.toLowerCase() === "localhost") return { family: 4, bytes: [127, 0, 0, 1], text: "127.0.0.1" };
  if (/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/.test(text)) {
    return { unresolved: true };
  }
  return null;
}

/**
 * `apr_ipsubnet_test(subnet, address)`: IPv4 against IPv4 under the mask; an IPv4-mapped IPv6 address
 * against an IPv4 entry through its embedded IPv4 [E C27]; IPv6 against IPv6 under the mask. Any other
 * pairing never matches: an IPv4 peer is never inside an IPv6 entry (source-read S04).
 */
export function subnetContains(subnet: Subnet, address: HostAddress): boolean {
  let bytes = address.bytes;
  if (subnet.family === 4) {
    if (address.family === 6) {
      if (!isV4Mapped(address.bytes)) return false;
      bytes = address.bytes.slice(12);
    }
  } else if (address.family !== 6) {
    return false;
  }
  return subnet.network.every((b, i) => ((bytes[i] ?? 0) & (subnet.mask[i] ?? 0)) === b);
}

/** True when `address` is inside any of `subnets`, tested in order as mod_wsgi's `wsgi_ip_is_in_array` does. */
export function inAnySubnet(subnets: readonly Subnet[], address: HostAddress): Subnet | null {
  return subnets.find((s) => subnetContains(s, address)) ?? null;
}

/** Splits `host:port` with IPv6 in brackets. Returns null when the text is not of that shape. */
export function splitHostPort(listen: string): { host: string; port: number } | null {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]\s]+)):([0-9]{1,5})$/.exec(listen);
  if (!m) return null;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return null;
  return { host: (m[1] ?? m[2])!, port };
}

/**
 * A host without the brackets of an IPv6 literal: a leading `[` and a trailing `]` are each dropped when
 * present (what `host.replace(/^\[|\]$/g, "")` does, without a regex call).
 */
export function stripBrackets(host: string): string {
  const start = host.startsWith("[") ? 1 : 0;
  const end = host.length > start && host.endsWith("]") ? host.length - 1 : host.length;
  return start === 0 && end === host.length ? host : host.slice(start, end);
}

/** Formats a host for a URL authority or Host header: IPv6 literals get brackets. */
export function hostForUrl(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/**
 * True for addresses in ranges where no client on the public internet can be: loopback, RFC 1918,
 * link-local, unique-local and the documentation ranges. Used to warn about trusting public ranges.
 */
export function isPrivateOrSpecial(subnet: Subnet): boolean {
  // ipaddr.js's range(): the first of its special ranges that holds the address names it ("unicast" if none).
  for (const r of SPECIAL_RANGES[subnet.family]) if (hasPrefix(subnet.network, r.bytes, r.bits)) return PRIVATE_OR_SPECIAL.has(r.name);
  return false;
}

const PRIVATE_OR_SPECIAL = new Set(["loopback", "private", "linkLocal", "uniqueLocal", "reserved", "carrierGradeNat"]);

/**
 * ipaddr.js's tables of special ranges (`SpecialRanges`, which its `range()` reads), in its order, as byte
 * prefixes: asking ipaddr.js itself builds an address object and matches it against every range in turn,
 * which cost about a microsecond per WSGITrustedProxies entry.
 */
const SPECIAL_RANGES: Record<4 | 6, { name: string; bytes: number[]; bits: number }[]> = {
  4: specialRanges((ipaddr.IPv4.prototype as unknown as SpecialRangeTable).SpecialRanges),
  6: specialRanges((ipaddr.IPv6.prototype as unknown as SpecialRangeTable).SpecialRanges),
};

interface SpecialRangeTable {
  SpecialRanges: Record<string, [ipaddr.IPv4 | ipaddr.IPv6, number] | [ipaddr.IPv4 | ipaddr.IPv6, number][]>;
}

function specialRanges(table: SpecialRangeTable["SpecialRanges"]): { name: string; bytes: number[]; bits: number }[] {
  const out: { name: string; bytes: number[]; bits: number }[] = [];
  for (const [name, list] of Object.entries(table)) {
    const ranges = Array.isArray(list[0]) ? (list as [ipaddr.IPv4 | ipaddr.IPv6, number][]) : [list as [ipaddr.IPv4 | ipaddr.IPv6, number]];
    for (const [address, bits] of ranges) out.push({ name, bytes: address.toByteArray(), bits });
  }
  return out;
}

/** True when the first `bits` bits of `bytes` are those of `prefix`. */
function hasPrefix(bytes: readonly number[], prefix: readonly number[], bits: number): boolean {
  let i = 0;
  for (; bits >= 8; bits -= 8, i++) if (bytes[i] !== prefix[i]) return false;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return ((bytes[i] ?? 0) & mask) === ((prefix[i] ?? 0) & mask);
}
