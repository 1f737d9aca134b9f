/**
 * Addresses the way nginx reads and prints them: `ngx_inet_addr`, `ngx_inet6_addr`, `ngx_parse_addr_port`,
 * `ngx_ptocidr`, `ngx_cidr_match` and `ngx_inet6_ntop` (`src/core/ngx_inet.c`, nginx tag `release-1.22.1`;
 * read from source). nginx has its own parsers, not the C library's, and they have quirks that matter when
 * a forwarded address is walked:
 * - IPv4 is four decimal parts; empty parts count as 0 (`1..2.3` is 1.0.2.3), leading zeros are decimal
 *   (`010.0.0.1` is 10.0.0.1), and `255.255.255.255` is refused (it equals INADDR_NONE).
 * - `ip:port` and `[v6]:port` are accepted where a forwarded address is read; the port is dropped
 *   (`proxies-and-frameworks.md` §9 [emp]).
 * - IPv6 is printed in nginx's own compressed form (`ngx_inet6_ntop`), IPv4-mapped as `::ffff:1.2.3.4`.
 * Checked on nginx 1.22.1 (Debian 12) through the realip rows of this project's conformance corpus.
 */

import { isDigits } from "../cRuntime.ts";

/** An address nginx holds: family and network-order bytes (4 or 16). */
export interface NgxAddr {
  family: 4 | 6;
  bytes: number[];
}

/** A `set_real_ip_from` entry: network and mask bytes of one family. */
export interface NgxCidr {
  family: 4 | 6;
  network: number[];
  mask: number[];
  /** The text as written. */
  text: string;
}

/** `ngx_inet_addr`: dotted IPv4 with nginx's lenient parts; null for anything else (and for 255.255.255.255). */
export function ngxInetAddr(text: string): number[] | null {
  let octet = 0;
  let dots = 0;
  const bytes: number[] = [];
  for (const c of text) {
    if (c >= "0" && c <= "9") {
      octet = octet * 10 + (c.charCodeAt(0) - 48);
      if (octet > 255) return null;
      continue;
    }
    if (c === ".") {
      bytes.push(octet);
      octet = 0;
      dots += 1;
      continue;
    }
    return null;
  }
  if (dots !== 3) return null;
  bytes.push(octet);
  if (bytes.every((b) => b === 255)) return null;
  return bytes;
}

/** `ngx_inet6_addr`: hex groups, one `::`, an optional dotted IPv4 tail; 16 bytes or null. */
export function ngxInet6Addr(text: string): number[] | null {
  if (text.length === 0) return null;
  let s = text;
  if (s[0] === ":") s = s.slice(1);
  const head: number[] = [];
  let zeroAt: number | null = null;
  let groups = 8;
  let nibbles = 0;
  let word = 0;
  let digitStart: number | null = null;
  for (let i = 0; i < s.length; i += 1) {
    const c = s[i]!;
    if (c === ":") {
      if (nibbles) {
        digitStart = i + 1;
        head.push(word >> 8, word & 0xff);
        groups -= 1;
        if (groups) {
          nibbles = 0;
          word = 0;
          continue;
        }
      } else if (zeroAt === null) {
        digitStart = i + 1;
        zeroAt = head.length;
        continue;
      }
      return null;
    }
    if (c === "." && nibbles) {
      if (groups < 2 || digitStart === null) return null;
      const v4 = ngxInetAddr(s.slice(digitStart));
      if (v4 === null) return null;
      head.push(v4[0]!, v4[1]!);
      word = (v4[2]! << 8) | v4[3]!;
      groups -= 1;
      nibbles = 1;
      break;
    }
    nibbles += 1;
    if (nibbles > 4) return null;
    const v = Number.parseInt(c, 16);
    if (!/[0-9a-fA-F]/.test(c)) return null;
    word = word * 16 + v;
  }
  if (nibbles === 0 && zeroAt === null) return null;
  head.push(word >> 8, word & 0xff);
  groups -= 1;
  if (groups) {
    if (zeroAt === null) return null;
    const fill = new Array<number>(groups * 2).fill(0);
    head.splice(zeroAt, 0, ...fill);
  }
  return head.length === 16 ? head : null;
}

/** `ngx_parse_addr`: IPv4 first, then IPv6; null when neither. */
export function ngxParseAddr(text: string): NgxAddr | null {
  const v4 = ngxInetAddr(text);
  if (v4) return { family: 4, bytes: v4 };
  const v6 = ngxInet6Addr(text);
  if (v6) return { family: 6, bytes: v6 };
  return null;
}

/** `ngx_parse_addr_port`: an address, `addr:port` or `[v6]:port` (port 1..65535, then dropped); null otherwise. */
export function ngxParseAddrPort(text: string): NgxAddr | null {
  const plain = ngxParseAddr(text);
  if (plain) return plain;
  let host: string;
  let port: string;
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close < 0 || close === text.length - 1 || text[close + 1] !== ":") return null;
    host = text.slice(1, close);
    port = text.slice(close + 2);
  } else {
    const colon = text.indexOf(":");
    if (colon < 0) return null;
    host = text.slice(0, colon);
    port = text.slice(colon + 1);
  }
  if (!isDigits(port)) return null;
  const p = Number(port);
  if (p < 1 || p > 65535) return null;
  return ngxParseAddr(host);
}

/**
 * `ngx_ptocidr`: `addr` or `addr/bits`. Returns the entry and whether host bits had to be cleared (nginx
 * then warns "low address bits of … are meaningless"), or null when nginx refuses the text.
 */
export function ngxPtocidr(text: string): { cidr: NgxCidr; lowBits: boolean } | null {
  const slash = text.indexOf("/");
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const addr = ngxParseAddr(addrText);
  if (!addr) return null;
  const size = addr.family === 4 ? 4 : 16;
  let bits = size * 8;
  if (slash >= 0) {
    const m = text.slice(slash + 1);
    if (!isDigits(m)) return null;
    bits = Number(m);
    if (bits > size * 8) return null;
  }
  const mask: number[] = [];
  for (let i = 0; i < size; i += 1) {
    const take = Math.max(0, Math.min(8, bits - i * 8));
    mask.push(take === 0 ? 0 : (0xff << (8 - take)) & 0xff);
  }
  const network = addr.bytes.map((b, i) => b & mask[i]!);
  const lowBits = network.some((b, i) => b !== addr.bytes[i]);
  return { cidr: { family: addr.family, network, mask, text }, lowBits };
}

function isV4Mapped(bytes: number[]): boolean {
  return bytes.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

/** `ngx_cidr_match`: the first entry of the same family that contains the address; IPv4-mapped IPv6 is tested as IPv4. */
export function ngxCidrMatch(addr: NgxAddr, cidrs: readonly NgxCidr[]): NgxCidr | null {
  let family = addr.family;
  let bytes = addr.bytes;
  if (family === 6 && isV4Mapped(bytes)) {
    family = 4;
    bytes = bytes.slice(12);
  }
  return cidrs.find((c) => c.family === family && c.network.every((n, i) => ((bytes[i] ?? 0) & c.mask[i]!) === n)) ?? null;
}

/** `ngx_sock_ntop` without a port: dotted IPv4, or IPv6 as `ngx_inet6_ntop` prints it. */
export function ngxAddrText(addr: NgxAddr): string {
  if (addr.family === 4) return addr.bytes.join(".");
  const p = addr.bytes;
  // The longest run of zero groups of length 2 or more (the first one on a tie) becomes "::".
  let zero = -1;
  let max = 1;
  let run = 0;
  let last = -1;
  for (let i = 0; i < 16; i += 2) {
    if (p[i] || p[i + 1]) {
      if (max < run) {
        zero = last;
        max = run;
      }
      run = 0;
      continue;
    }
    if (run++ === 0) last = i;
  }
  if (max < run) {
    zero = last;
    max = run;
  }
  let out = "";
  let n = 16;
  if (zero === 0) {
    if ((max === 5 && p[10] === 0xff && p[11] === 0xff) || max === 6 || (max === 7 && p[14] !== 0 && p[15] !== 1)) n = 12;
    out += ":";
  }
  for (let i = 0; i < n; i += 2) {
    if (i === zero) {
      out += ":";
      i += (max - 1) * 2;
      continue;
    }
    out += ((p[i]! << 8) | p[i + 1]!).toString(16);
    if (i < 14) out += ":";
  }
  if (n === 12) out += `${p[12]}.${p[13]}.${p[14]}.${p[15]}`;
  return out;
}
