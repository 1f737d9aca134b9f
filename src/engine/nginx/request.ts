/**
 * How nginx reads a request before any module runs: which header lines it keeps, the Host checks, and the
 * request URI it matches locations against.
 *
 * Sources (nginx/nginx tag `release-1.22.1`, read from source): `src/http/ngx_http_request.c`
 * (`ngx_http_process_request_headers`, `ngx_http_process_host`, `ngx_http_validate_host`,
 * `ngx_http_process_request_header`, the unique-header handlers), `src/http/ngx_http_parse.c`
 * (`ngx_http_parse_header_line` for valid names, `ngx_http_parse_complex_uri` for decoding `%XX`, merging
 * slashes and resolving dot segments), `src/core/ngx_string.c` (`ngx_escape_uri`, the URI table). Checked on
 * nginx 1.22.1 (Debian 12) for the cases in this project's conformance corpus (underscore headers dropped,
 * Host lowercased without port in `$host`, `%2F` decoded before a proxy_pass with a URI part).
 */
import type { NginxHeaderLine } from "./variables.ts";

/** A header line is valid when its name is letters, digits and `-` (and `_` with underscores_in_headers on). */
export function validHeaderName(name: string, underscores: boolean): boolean {
  return name.length > 0 && (underscores ? /^[A-Za-z0-9_-]+$/ : /^[A-Za-z0-9-]+$/).test(name);
}

/** Headers nginx refuses to see twice (`ngx_http_process_unique_header_line`), plus Host. */
const UNIQUE = new Set(["host", "if-modified-since", "if-unmodified-since", "if-match", "if-none-match", "content-length", "content-range", "if-range", "transfer-encoding", "expect", "authorization"]);

/**
 * `ngx_http_validate_host`: the host name without port, lowercased, a trailing dot removed. Null (nginx
 * answers 400) for an empty name, `..`, `/`, a control character or a blank.
 */
export function validateHost(value: string): string | null {
  let dotPos = -2;
  let hostLen = value.length;
  let state: "usual" | "literal" | "rest" = "usual";
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i]!;
    const code = value.charCodeAt(i);
    if (ch === ".") {
      if (dotPos === i - 1) return null;
      dotPos = i;
    } else if (ch === ":") {
      if (state === "usual") {
        hostLen = i;
        state = "rest";
      }
    } else if (ch === "[") {
      if (i === 0) state = "literal";
    } else if (ch === "]") {
      if (state === "literal") {
        hostLen = i + 1;
        state = "rest";
      }
    } else if (ch === "/" || code <= 0x20 || code === 0x7f) {
      return null;
    }
  }
  if (dotPos === hostLen - 1) hostLen -= 1;
  if (hostLen <= 0) return null;
  return value.slice(0, hostLen).toLowerCase();
}

/** The header lines nginx keeps, those it drops, and whether it refuses the request (400). */
export interface ReadHeaders {
  /** The lines nginx keeps, in arrival order. */
  lines: NginxHeaderLine[];
  /** Lines dropped as invalid (names with `_` or other characters), for the trace. */
  dropped: NginxHeaderLine[];
  /** The first Host line's value, if any. */
  hostHeader: string | undefined;
  /** Why nginx answers 400 instead, or null. */
  reject: string | null;
}

/**
 * Reads header lines as `ngx_http_process_request_headers` does. `underscores(afterHost)` tells whether
 * underscores are allowed: the default server's setting until the Host line selects a server, that
 * server's setting after it. With ignore_invalid_headers off, invalid lines are kept.
 */
export function readHeaders(
  fields: readonly { name: string; value: string }[],
  underscores: (afterHost: boolean) => boolean,
  ignoreInvalid: boolean,
): ReadHeaders {
  const lines: NginxHeaderLine[] = [];
  const dropped: NginxHeaderLine[] = [];
  const seen = new Set<string>();
  let hostHeader: string | undefined;
  for (const f of fields) {
    if (/[\x00-\x20\x7f]/.test(f.name)) return { lines, dropped, hostHeader, reject: `client sent invalid header line: "${f.name}"` };
    if (!validHeaderName(f.name, underscores(hostHeader !== undefined)) && ignoreInvalid) {
      dropped.push({ name: f.name, value: f.value });
      continue;
    }
    const lower = f.name.toLowerCase();
    if (UNIQUE.has(lower)) {
      if (seen.has(lower)) {
        return {
          lines,
          dropped,
          hostHeader,
          reject: lower === "host" ? `client sent duplicate host header: "${f.name}: ${f.value}"` : `client sent duplicate header line: "${f.name}: ${f.value}"`,
        };
      }
      seen.add(lower);
    }
    if (lower === "host") hostHeader = f.value;
    lines.push({ name: f.name, value: f.value });
  }
  return { lines, dropped, hostHeader, reject: null };
}

/** A request target as nginx splits and normalises it. */
export interface RequestUri {
  /** `r->uri`: decoded, slashes merged (unless merge_slashes off), dot segments resolved. */
  uri: string;
  /** `r->args`, or null when there is no `?`. */
  args: string | null;
  /** `r->unparsed_uri`: path, query and any fragment as received. */
  unparsedUri: string;
  /** True when the target had a `%` escape (nginx then re-escapes what it passes on). */
  quoted: boolean;
  /** The host of an absolute-form target (`GET http://h/x`), validated, or null. */
  lineHost: string | null;
}

/**
 * Splits and normalises a request target as `ngx_http_parse_request_line` and
 * `ngx_http_parse_complex_uri` do. Returns null when nginx answers 400 ("client sent invalid request"):
 * a bad `%` escape, `%00`, or a `..` above the root.
 */
export function parseRequestUri(target: string, mergeSlashes: boolean): RequestUri | null {
  let rest = target;
  let lineHost: string | null = null;
  const abs = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/.exec(target);
  if (abs) {
    const h = validateHost(abs[2]!);
    if (h === null) return null;
    lineHost = h;
    rest = abs[3] ?? "";
    if (!rest.startsWith("/")) rest = "/" + rest;
  }
  if (!rest.startsWith("/")) return null;
  // The fragment stays in the unparsed URI (and so in $request_uri) but ends the path and the args.
  const hash = rest.indexOf("#");
  const noFragment = hash < 0 ? rest : rest.slice(0, hash);
  const q = noFragment.indexOf("?");
  const rawPath = q < 0 ? noFragment : noFragment.slice(0, q);
  const args = q < 0 ? null : noFragment.slice(q + 1);
  // Decode; %25, %23 and %3F become literal characters, any other decoded byte acts as if written.
  const chars: { c: string; literal: boolean }[] = [];
  let quoted = false;
  for (let i = 0; i < rawPath.length; i += 1) {
    const c = rawPath[i]!;
    if (c !== "%") {
      chars.push({ c, literal: false });
      continue;
    }
    quoted = true;
    const hex = rawPath.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
    const code = Number.parseInt(hex, 16);
    if (code === 0) return null;
    const d = String.fromCharCode(code);
    chars.push({ c: d, literal: d === "%" || d === "#" || d === "?" });
    i += 2;
  }
  // The states of ngx_http_parse_complex_uri: merge "//", drop "/./", and "/../" removes a segment.
  const u: string[] = [];
  let state: "usual" | "slash" | "dot" | "dotdot" = "usual";
  const backUp = (): boolean => {
    for (let k = u.length - 4; ; k -= 1) {
      if (k < 0) return false;
      if (u[k] === "/") {
        u.length = k + 1;
        return true;
      }
    }
  };
  for (const { c, literal } of chars) {
    if (literal) {
      u.push(c);
      state = "usual";
      continue;
    }
    switch (state) {
      case "usual":
        if (c === "/") state = "slash";
        u.push(c);
        break;
      case "slash":
        if (c === "/") {
          if (!mergeSlashes) u.push(c);
        } else {
          state = c === "." ? "dot" : "usual";
          u.push(c);
        }
        break;
      case "dot":
        if (c === "/") {
          state = "slash";
          u.pop();
        } else {
          state = c === "." ? "dotdot" : "usual";
          u.push(c);
        }
        break;
      case "dotdot":
        if (c === "/") {
          if (!backUp()) return null;
          state = "slash";
        } else {
          state = "usual";
          u.push(c);
        }
        break;
    }
  }
  if (state === "dot") u.pop();
  else if (state === "dotdot" && !backUp()) return null;
  return { uri: u.join(""), args, unparsedUri: rest, quoted, lineHost };
}

/**
 * `ngx_escape_uri(…, NGX_ESCAPE_URI)`: escapes controls, space, `"`, `#`, `%`, `<`, `>`, `?`, `\`, `^`,
 * `` ` ``, `{`, `|`, `}`, DEL and bytes ≥ 0x80 as `%XX` (uppercase hex).
 */
export function escapeUri(text: string): string {
  let out = "";
  for (const c of text) {
    const code = c.charCodeAt(0);
    if (code <= 0x20 || code >= 0x7f || '"#%<>?\\^`{|}'.includes(c)) {
      if (code > 0xff) {
        for (const b of new TextEncoder().encode(c)) out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
      } else out += `%${code.toString(16).toUpperCase().padStart(2, "0")}`;
    } else out += c;
  }
  return out;
}
