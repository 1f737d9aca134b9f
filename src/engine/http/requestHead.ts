/**
 * Reads an HTTP/1.x request head the way Apache httpd 2.4 does with `HttpProtocolOptions Strict` (the
 * default), and writes one back out.
 *
 * Models, in the order Apache runs them for one request (`ap_read_request`):
 * - `read_request_line` and `ap_rgetline_core` (server/protocol.c): up to 10 blank lines before the request
 *   line are skipped; a line longer than `LimitRequestLine` gets 414.
 * - `ap_parse_request_line` (server/protocol.c): `METHOD SP target SP HTTP/x.y`, each part scanned the way
 *   Apache scans it, with its deferred-error order; `ap_parse_uri` + APR's `apr_uri_parse` for the target.
 * - `ap_get_mime_headers_core` (server/protocol.c): header lines, obs-fold, `LimitRequestFieldSize`,
 *   `LimitRequestFields`, then merging of repeated fields and the size check after merging.
 * - The Content-Length / Transfer-Encoding checks of `ap_read_request`, then `ap_check_request_header`:
 *   the Host header (`fix_hostname` in server/vhost.c, with APR's `apr_parse_addr_port`), HTTP/1.1 without a
 *   host, and Expect.
 *
 * Source: apache/httpd branch 2.4.x at f45abec1bd (2.4.63-dev, 2024-10-18) and APR 1.7.x, read, not run
 * (starting servers is out of scope here). Every log message quoted below was also found verbatim in the
 * installed Apache 2.4.71 binary (`strings /usr/sbin/apache2`).
 *
 * Where this model deliberately differs from the wire:
 * - Lines may end in `\n` or `\r\n`. Scenario text stands for what the client sends, and a `\n` in it is
 *   read as CRLF. (On a real connection, Strict mode answers 400 to a bare LF: `AP_GETLINE_CRLF`.)
 * - The end of the text ends the head, as if the blank line had been sent.
 * - A lone CR that is not part of a line end is kept as a character, as Apache does; only `\n` counts as a
 *   line break for positions.
 * - Input over 256 KiB is refused by this engine (not by Apache) so that editing never stalls.
 *
 * Everything here is linear in the length of the input; no regular expression runs on unbounded text.
 */
import ipaddr from "ipaddr.js";
import type { Diagnostic, Severity } from "../types.ts";
import { MAX_PANE_BYTES, utf8LimitCrossing } from "../scenario/limits.ts";
import { memoBuiltText } from "../textMemo.ts";
import { isCAlnum, isCAlpha, isCDigit, isCSpace } from "../cRuntime.ts";

/** One header line as received: name and value as Apache stores them (value trimmed of SP/HT). */
export interface HeaderField {
  name: string;
  value: string;
  /** 1-based line of the field name. */
  line: number;
  /** 1-based column (UTF-16 units) of the field name. */
  column: number;
  /** 1-based column of the first character of the value on `line` (after the colon and any blanks). */
  valueColumn?: number;
}

/** A request head: request line parts exactly as sent, header fields in arrival order, repeats kept apart. */
export interface RequestHead {
  method: string;
  /** The request-target as sent (origin form `/a?b`, absolute form `http://h/a`, `*`, or `host:port`). */
  target: string;
  /** `HTTP/1.1`, `HTTP/1.0`, … as sent; `HTTP/0.9` for a request line without a protocol (Apache's reading). */
  protocol: string;
  headers: HeaderField[];
}

/** What Apache answers instead of processing the request. */
export interface RequestRejection {
  /** The status Apache sends: 400, 414 or 417. */
  status: number;
  /** Apache's explanation, as its error log gives it (without the AH number). */
  reason: string;
}

/** Knobs of the modelled server. All optional; the defaults are Apache's compiled-in defaults. */
export interface RequestHeadOptions {
  /** True when the connection is TLS: an absolute-form target then names the host only with `https://`. Defaults to false. */
  tls?: boolean;
  /** `LimitRequestLine`, bytes. Defaults to 8190. */
  limitRequestLine?: number;
  /** `LimitRequestFieldSize`, bytes. Defaults to 8190. */
  limitRequestFieldSize?: number;
  /** `LimitRequestFields`, a count; 0 means unlimited. Defaults to 100. */
  limitRequestFields?: number;
}

export interface RequestHeadParse {
  /**
   * The request as read. Null when there is no usable request line (empty input, a rejected request line,
   * input over the size guard). When `rejection` is set but the request line was fine, this still holds the
   * request line and the header fields read before the failure, for display: Apache never processes it.
   */
  request: RequestHead | null;
  diagnostics: Diagnostic[];
  /** Set when Apache would answer with an error status instead of handling the request. */
  rejection?: RequestRejection;
}

/** Bytes of input this engine reads at most (UTF-8). Not an Apache limit: the playground's pane limit. */
export const MAX_REQUEST_TEXT_BYTES = MAX_PANE_BYTES;

const DEFAULT_LIMIT_REQUEST_LINE = 8190; // DEFAULT_LIMIT_REQUEST_LINE, include/httpd.h
const DEFAULT_LIMIT_REQUEST_FIELDSIZE = 8190; // DEFAULT_LIMIT_REQUEST_FIELDSIZE
const DEFAULT_LIMIT_REQUEST_FIELDS = 100; // DEFAULT_LIMIT_REQUEST_FIELDS
const DEFAULT_LIMIT_BLANK_LINES = 10; // DEFAULT_LIMIT_BLANK_LINES
const LOG_NAME_MAX_LEN = 80; // protocol.c: how much of a field Apache quotes in its log

/* ---------------------------------------------------------------------------------------------------- */
/* Character classes (server/gen_test_char.c, APR's apr_isspace). obs-text is 0x80-0xFF; a UTF-16 unit    */
/* above 0x7F stands for UTF-8 bytes that are all 0x80 or more, so it counts as obs-text too.             */

const isDigit = isCDigit;
const isAlpha = isCAlpha;
/** 1 for each ASCII code that is an RFC 7230 tchar: letters, digits and `!#$%&'*+-.^_`|~`. */
const TCHAR = Uint8Array.from({ length: 0x80 }, (_, c) => (isCAlnum(c) || "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c)) ? 1 : 0));
/** RFC 7230 tchar (T_HTTP_TOKEN_STOP is its complement). */
function isTchar(c: number): boolean {
  return c < 0x80 && TCHAR[c] === 1;
}
/** T_VCHAR_OBSTEXT: not NUL, not a control, not SP. */
function isVcharObstext(c: number): boolean {
  return c > 0x20 && c !== 0x7f;
}
/** T_HTTP_CTRLS: NUL or a C0 control other than HT, or DEL. */
function isHttpCtrl(c: number): boolean {
  return (c < 0x20 && c !== 0x09) || c === 0x7f;
}

/** UTF-8 byte length of `s.slice(start, end)`. Lone surrogates count 3 (they are sent as U+FFFD). */
function utf8Length(s: string, start = 0, end = s.length): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** utf8Length(s) > limit, without counting when the length alone decides (one to three bytes per UTF-16 unit). */
function utf8Over(s: string, limit: number): boolean {
  if (s.length * 3 <= limit) return false;
  if (s.length > limit) return true;
  return utf8Length(s) > limit;
}

/** protocol.c `field_name_len`: up to the first ':' if within 80 characters, else 80. */
function logName(s: string): string {
  const colon = s.indexOf(":");
  const n = colon < 0 || colon > LOG_NAME_MAX_LEN ? LOG_NAME_MAX_LEN : colon;
  return s.slice(0, n);
}

/* ---------------------------------------------------------------------------------------------------- */
/* Lines                                                                                                  */

interface Line {
  /** Line content without the line end. */
  text: string;
  /** 1-based line number. */
  line: number;
  /** Offset of the line in the input. */
  offset: number;
  /** Offset just past the line end (start of the next line). */
  next: number;
}

/** Reads lines on demand, so that only the part of the text Apache would read is ever scanned. */
class LineReader {
  private pos = 0;
  private lineNo = 1;
  constructor(private readonly text: string) {}

  get atEnd(): boolean {
    return this.pos >= this.text.length;
  }
  get position(): { offset: number; line: number } {
    return { offset: this.pos, line: this.lineNo };
  }

  /** The next line, or null at the end of the text. `\r\n`, `\n` and a final `\r` end a line. */
  read(): Line | null {
    const { text } = this;
    if (this.pos >= text.length) return null;
    const start = this.pos;
    let lf = text.indexOf("\n", start);
    if (lf < 0) lf = text.length;
    let end = lf;
    if (end > start && text.charCodeAt(end - 1) === 0x0d) end--;
    const line: Line = { text: text.slice(start, end), line: this.lineNo, offset: start, next: Math.min(lf + 1, text.length) };
    this.pos = lf + 1;
    this.lineNo++;
    return line;
  }
}

/* ---------------------------------------------------------------------------------------------------- */
/* apr_uri_parse (APR 1.7 uri/apr_uri.c) and apr_uri_parse_hostinfo, as far as Apache's checks need them. */

interface ParsedUri {
  scheme?: string;
  hostname?: string;
  port?: string;
  user?: string;
  password?: string;
  path?: string;
  query?: string;
  fragment?: string;
}

function isSchemeChar(c: number): boolean {
  return isAlpha(c) || isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e;
}

/** strtol over the whole string, as apr_uri_parse checks a port: optional sign, digits, nothing else. */
function isStrtolWhole(s: string): boolean {
  let i = 0;
  if (s[0] === "+" || s[0] === "-") i = 1;
  if (i >= s.length) return false;
  for (; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

function parsePathPart(uri: string, from: number, out: ParsedUri): ParsedUri {
  let s = from;
  while (s < uri.length && uri[s] !== "?" && uri[s] !== "#") s++;
  if (s !== from) out.path = uri.slice(from, s);
  if (s >= uri.length) return out;
  if (uri[s] === "?") {
    const hash = uri.indexOf("#", s + 1);
    if (hash >= 0) {
      out.fragment = uri.slice(hash + 1);
      out.query = uri.slice(s + 1, hash);
    } else out.query = uri.slice(s + 1);
    return out;
  }
  out.fragment = uri.slice(s + 1);
  return out;
}

/** apr_uri_parse: null on APR_EGENERAL. */
function aprUriParse(uri: string): ParsedUri | null {
  const out: ParsedUri = {};
  let s: number;
  if (uri[0] === "/") {
    if (uri[1] === "/" && uri[2] !== "/") return parseAuthority(uri, 2, out);
    return parsePathPart(uri, 0, out);
  }
  s = 0;
  if (s < uri.length && isAlpha(uri.charCodeAt(s))) {
    s++;
    while (s < uri.length && isSchemeChar(uri.charCodeAt(s))) s++;
  }
  if (s !== 0 && uri[s] === ":") {
    out.scheme = uri.slice(0, s);
    s++;
  } else s = 0;
  if (uri[s] !== "/" || uri[s + 1] !== "/") {
    if (s === 0) {
      // RFC 3986 3.3: without a scheme, the first segment of a relative path must not contain ':'.
      const slash = uri.indexOf("/");
      const colon = uri.indexOf(":");
      if (colon >= 0 && (slash < 0 || colon < slash)) return null;
      return parsePathPart(uri, 0, out);
    }
    return parsePathPart(uri, s, out);
  }
  return parseAuthority(uri, s + 2, out);
}

function parseAuthority(uri: string, from: number, out: ParsedUri): ParsedUri | null {
  let end = from;
  while (end < uri.length && uri[end] !== "/" && uri[end] !== "?" && uri[end] !== "#") end++;
  let hostinfo = uri.slice(from, end);
  const at = hostinfo.lastIndexOf("@");
  if (at >= 0) {
    const userinfo = hostinfo.slice(0, at);
    const colon = userinfo.indexOf(":");
    if (colon >= 0) {
      out.user = userinfo.slice(0, colon);
      out.password = userinfo.slice(colon + 1);
    } else out.user = userinfo;
    hostinfo = hostinfo.slice(at + 1);
  }
  let portSep: number;
  let v6 = 0;
  if (hostinfo[0] === "[") {
    v6 = 1;
    const rb = hostinfo.indexOf("]");
    if (rb < 0) return null;
    portSep = hostinfo[rb + 1] === ":" ? rb + 1 : -1;
  } else portSep = hostinfo.indexOf(":");
  if (portSep < 0) {
    out.hostname = v6 ? hostinfo.slice(1, hostinfo.length - 1) : hostinfo;
    return parsePathPart(uri, end, out);
  }
  out.hostname = hostinfo.slice(v6, portSep - v6);
  const port = hostinfo.slice(portSep + 1);
  out.port = port;
  if (port !== "" && !isStrtolWhole(port)) return null;
  return parsePathPart(uri, end, out);
}

/** apr_uri_parse_hostinfo (CONNECT targets): `host:port` or `[v6]:port`, the port required. */
function aprUriParseHostinfo(hostinfo: string): ParsedUri | null {
  let sep: number;
  let v6 = 0;
  if (hostinfo[0] === "[") {
    const rb = hostinfo.indexOf("]");
    if (rb < 0 || hostinfo[rb + 1] !== ":") return null;
    sep = rb + 1;
    v6 = 1;
  } else sep = hostinfo.indexOf(":");
  if (sep < 0) return null;
  const port = hostinfo.slice(sep + 1);
  if (port === "" || !isStrtolWhole(port)) return null;
  return { hostname: hostinfo.slice(v6, sep - v6), port };
}

/* ---------------------------------------------------------------------------------------------------- */
/* ap_parse_request_line                                                                                  */

type RequestLineError =
  | "badmethod"
  | "badwhitespace"
  | "excesswhitespace"
  | "missinguri"
  | "baduri"
  | "badprotocol"
  | "trailingtext"
  | "badmethod09";

interface RequestLineResult {
  method: string;
  uri: string;
  protocol: string;
  /** HTTP_VERSION(major, minor) = major * 1000 + minor. */
  protoNum: number;
  /** True for an HTTP/0.9 simple request (no protocol given). */
  assbackwards: boolean;
  uriStart: number;
  protocolStart: number;
  parsed: ParsedUri | null;
  /** Path Apache uses as r->uri. */
  rUri: string;
  /** Hostname taken from an absolute-form target, when Apache takes it. */
  hostname?: string;
  error?: { code: Diagnostic["code"]; message: string; at: number; end: number };
}

const M_GET = "GET";

/**
 * A port of `ap_parse_request_line` (Strict). Works on the line's UTF-16 units with a terminating 0 (`at` gives 0
 * past the end) so that Apache's pointer walks and in-place NUL termination carry over one to one.
 */
function parseRequestLine(line: string, tls: boolean): RequestLineResult {
  // The line as a C string: its UTF-16 units, then the terminating 0 (a packed array of small integers, the
  // fastest to read); Apache ends the method, the URI and the protocol in place with a NUL, written here too.
  const b: number[] = [];
  for (let i = 0; i < line.length; i++) b.push(line.charCodeAt(i));
  b.push(0, 0);
  const at = (i: number) => b[i] ?? 0;
  const nul = (i: number) => {
    if (i >= 0 && i < b.length) b[i] = 0;
  };
  const EMPTY = line.length; // index of the terminating NUL: the empty string
  const cstr = (from: number) => {
    let e = from;
    while (at(e) !== 0) e++;
    return line.slice(from, e);
  };
  const strpbrkSpace = (from: number) => {
    for (let i = from; at(i) !== 0; i++) if (isCSpace(at(i))) return i;
    return -1;
  };

  let err: RequestLineError | null = null;
  let errAt = 0;
  const setErr = (e: RequestLineError, i: number) => {
    err = e;
    errAt = i;
  };

  let method = 0;
  if (isCSpace(at(method))) {
    setErr("badwhitespace", 0);
    while (isCSpace(at(method))) method++;
  }
  let ll = method;
  while (at(ll) !== 0 && isTchar(at(ll))) ll++;
  if ((ll === method || (at(ll) !== 0 && !isCSpace(at(ll)))) && err === null) {
    setErr("badmethod", method);
    ll = strpbrkSpace(ll);
  }

  let uri = EMPTY;
  let protocol = EMPTY;
  let len = 0;
  done: {
    if (ll < 0) {
      if (err === null) setErr("missinguri", line.length);
      break done;
    } else if (at(ll) !== 0 && isCSpace(at(ll + 1)) && err === null) {
      setErr("excesswhitespace", ll + 1);
    }
    for (uri = ll; isCSpace(at(uri)); ++uri) if (at(uri) !== 0x20 && err === null) setErr("badwhitespace", uri);
    nul(ll);
    if (at(uri) === 0 && err === null) setErr("missinguri", uri);

    ll = uri;
    while (isVcharObstext(at(ll))) ll++;
    if (ll === uri || (at(ll) !== 0 && !isCSpace(at(ll)))) {
      setErr("baduri", uri);
      ll = strpbrkSpace(ll);
    }
    if (ll < 0) {
      protocol = EMPTY;
      break done;
    } else if (at(ll) !== 0 && isCSpace(at(ll + 1)) && err === null) {
      setErr("excesswhitespace", ll + 1);
    }
    for (protocol = ll; isCSpace(at(protocol)); ++protocol)
      if (at(protocol) !== 0x20 && err === null) setErr("badwhitespace", protocol);
    nul(ll);

    ll = protocol;
    while (isVcharObstext(at(ll))) ll++;
    len = ll - protocol;
    if (at(ll) !== 0 && !isCSpace(at(ll))) {
      setErr("badprotocol", protocol);
    } else if (at(ll) !== 0) {
      setErr("excesswhitespace", ll); // Strict: nothing, not even blanks, after the protocol
    }
    nul(protocol + len);
  }

  const methodStr = cstr(method);
  const uriStr = cstr(uri);
  let protoStr = cstr(protocol);
  let protoNum: number;
  let assbackwards = false;
  const p = (i: number) => protoStr.charCodeAt(i);
  if (len === 8 && protoStr.startsWith("HTTP/") && isDigit(p(5)) && protoStr[6] === "." && isDigit(p(7)) && protoStr[5] !== "0") {
    protoNum = (p(5) - 0x30) * 1000 + (p(7) - 0x30);
  } else if (
    len === 8 &&
    protoStr.slice(0, 4).toUpperCase() === "HTTP" &&
    protoStr[4] === "/" &&
    isDigit(p(5)) &&
    protoStr[6] === "." &&
    isDigit(p(7)) &&
    protoStr[5] !== "0"
  ) {
    protoNum = (p(5) - 0x30) * 1000 + (p(7) - 0x30);
    if (err === null) setErr("badprotocol", protocol);
  } else if (protoStr !== "") {
    protoNum = 9;
    if (err === null) setErr("badprotocol", protocol);
  } else {
    assbackwards = true;
    protoStr = "HTTP/0.9";
    protoNum = 9;
  }

  // ap_method_number_of + ap_parse_uri
  const isConnect = methodStr === "CONNECT";
  const isOptions = methodStr === "OPTIONS";
  const headerOnly = methodStr === "HEAD";
  const isGet = methodStr === M_GET || headerOnly;
  let u = uriStr;
  while (u[0] === "/" && u[1] === "/") u = u.slice(1);
  const parsed = isConnect ? aprUriParseHostinfo(u) : aprUriParse(u);
  let status = 200;
  let rUri = u;
  let hostname: string | undefined;
  if (parsed) {
    const scheme = tls ? "https" : "http";
    if (parsed.scheme !== undefined && parsed.scheme.toLowerCase() === scheme) hostname = parsed.hostname;
    else if (isConnect) hostname = parsed.hostname;
    rUri = parsed.path ?? (isOptions ? "*" : "/");
    if (parsed.path !== undefined && parsed.path[0] !== "/" && !(isOptions && parsed.path === "*")) status = 400;
  } else status = 400;

  if (protoNum === 9 && err === null && (!isGet || headerOnly)) setErr("badmethod09", method);

  const result: RequestLineResult = {
    method: methodStr,
    uri: uriStr,
    protocol: protoStr,
    protoNum,
    assbackwards,
    uriStart: uri,
    protocolStart: protocol,
    parsed,
    rUri,
    hostname,
  };
  const fail = (code: Diagnostic["code"], message: string, from: number, to: number) => {
    result.error = { code, message, at: from, end: Math.max(to, from + 1) };
    return result;
  };

  if (err !== null) {
    const e: RequestLineError = err;
    const end = (from: number) => {
      let i = from;
      while (i < line.length && !isCSpace(line.charCodeAt(i))) i++;
      return i;
    };
    switch (e) {
      case "badmethod":
        return fail("request-line-malformed", `HTTP Request Line; Invalid method token: '${logName(methodStr)}'`, errAt, end(errAt));
      case "badmethod09":
        return fail(
          "request-line-malformed",
          `HTTP Request Line; Invalid method token: '${logName(methodStr)}' (only GET is allowed for HTTP/0.9 requests)`,
          errAt,
          end(errAt),
        );
      case "missinguri":
        return fail("request-line-malformed", "HTTP Request Line; Missing URI", errAt, errAt + 1);
      case "baduri":
        return fail(
          "request-target-invalid",
          `HTTP Request Line; URI incorrectly encoded: '${logName(uriStr)}'` + (uriStr === "" ? " (there is no request target)" : ""),
          errAt,
          end(errAt),
        );
      case "badwhitespace":
        return fail("request-line-malformed", "HTTP Request Line; Invalid whitespace", errAt, errAt + 1);
      case "excesswhitespace":
        return fail(
          "request-line-malformed",
          "HTTP Request Line; Excess whitespace (disallowed by HttpProtocolOptions Strict)",
          errAt,
          errAt + 1,
        );
      case "trailingtext":
        return fail("request-line-malformed", "HTTP Request Line; Extraneous text found", errAt, line.length);
      case "badprotocol":
        return fail(
          "request-protocol-invalid",
          `HTTP Request Line; Unrecognized protocol '${logName(protoStr)}' (perhaps whitespace was injected?)`,
          errAt,
          end(errAt),
        );
    }
  }
  if (status !== 200) {
    return fail("request-target-invalid", `HTTP Request Line; Unable to parse URI: '${logName(rUri)}'`, uri, uri + uriStr.length);
  }
  if (parsed?.fragment !== undefined) {
    return fail("request-target-invalid", "HTTP Request Line; URI must not contain a fragment", uri, uri + uriStr.length);
  }
  if (parsed?.user !== undefined || parsed?.password !== undefined) {
    return fail("request-target-invalid", "HTTP Request Line; URI must not contain a username/password", uri, uri + uriStr.length);
  }
  return result;
}

/* ---------------------------------------------------------------------------------------------------- */
/* fix_hostname (server/vhost.c) with apr_parse_addr_port (APR network_io/unix/sockaddr.c)                */

/** Null when Apache accepts the host, else its log message. `fromHeader` false means r->hostname from the URI. */
function fixHostname(src: string, fromHeader: boolean): { ok: true; hostname: string | null } | { ok: false; message: string } {
  if (src === "") return { ok: true, hostname: null }; // "According to RFC 2616, Host header field CAN be blank"
  let allDigits = true;
  for (let i = 0; i < src.length && allDigits; i++) if (!isDigit(src.charCodeAt(i))) allDigits = false;
  if (allDigits) return { ok: false, message: `[strict] purely numeric host names not allowed: ${src}` };
  const bad = () => ({ ok: false as const, message: `Client sent malformed Host header: ${src}` });

  let host: string;
  let v6: boolean;
  if (fromHeader) {
    // apr_parse_addr_port
    let ch = src.length - 1;
    let last = src.length - 1;
    while (ch >= 0 && isDigit(src.charCodeAt(ch))) ch--;
    if (src[ch] === ":" && ch < last) {
      if (ch === 0) return bad();
      const port = Number(src.slice(ch + 1));
      if (!(port >= 1 && port <= 65535)) return bad();
      last = ch - 1;
    }
    host = src.slice(0, last + 1);
    v6 = src[0] === "[";
    if (v6) {
      const rb = host.indexOf("]");
      if (rb < 0 || rb !== host.length - 1) return bad();
      if (host.includes("%")) return bad(); // a scope id, or '%' without one: refused either way
      host = host.slice(1, -1);
      if (!ipaddr.IPv6.isValid(host) || host.includes("%")) return bad();
    }
  } else {
    host = src;
    v6 = host.includes(":");
  }

  if (v6) {
    // fix_hostname_v6_literal
    let dbl = false;
    for (let i = 0; i < host.length; i++) {
      const c = host[i]!;
      if (/[0-9a-fA-F]/.test(c)) continue;
      if (c === ":") {
        if (host[i + 1] === ":") {
          if (dbl) return bad();
          dbl = true;
        } else if (host[i + 1] === ".") return bad();
      } else if (c === ".") {
        if (host[i + 1] === ":" || host[i + 1] === ".") return bad();
      } else return bad();
    }
    return { ok: true, hostname: host.toLowerCase() };
  }

  // fix_hostname_non_v6
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if (c === 0x2e && host.charCodeAt(i + 1) === 0x2e) return bad(); // ".."
    if (c === 0x2f || c === 0x5c) return bad(); // "/" or "\\"
  }
  let h = host.toLowerCase();
  if (h.endsWith(".")) h = h.slice(0, -1);
  // strict_hostname_check
  let dotted = true;
  let leadingZeroes = false;
  let dots = 0;
  for (let i = 0; i < h.length; i++) {
    const c = h.charCodeAt(i);
    if (isAlpha(c) || c === 0x2d || c === 0x5f) dotted = false;
    else if (c === 0x2e) {
      dots++;
      if (h.charCodeAt(i + 1) === 0x30 && isDigit(h.charCodeAt(i + 2))) leadingZeroes = true;
    } else if (!isDigit(c)) {
      return { ok: false, message: `[strict] Invalid host name '${h}', problem near: ${h.slice(i, i + 6)}` };
    }
  }
  if (dotted) {
    if (h[0] === "." || (h[0] === "0" && isDigit(h.charCodeAt(1)))) leadingZeroes = true;
    if (leadingZeroes || dots !== 3) return { ok: false, message: `[strict] Invalid host name '${h}'` };
  } else {
    const lastDot = h.lastIndexOf(".");
    if (lastDot >= 0 && lastDot + 1 < h.length && !isAlpha(h.charCodeAt(lastDot + 1))) {
      return { ok: false, message: `[strict] Invalid host name '${h}', problem near: ${h.slice(lastDot, lastDot + 6)}` };
    }
  }
  return { ok: true, hostname: h };
}

/** vhost.c `construct_host_header`: the Host value Apache puts in place when the target is absolute. */
function uriHostHeader(hostname: string, port: string | undefined): string {
  const h = hostname.includes(":") ? `[${hostname}]` : hostname;
  return port !== undefined ? `${h}:${port}` : h;
}

/** ap_is_chunked (server/util.c): the last coding is "chunked". */
function isChunked(value: string): boolean {
  if (value.toLowerCase() === "chunked") return true;
  const lidx = value.length - 7;
  if (lidx < 0) return false;
  if (lidx > 0 && !(isCSpace(value.charCodeAt(lidx - 1)) || value[lidx - 1] === ",")) return false;
  if (value.slice(lidx).toLowerCase() !== "chunked") return false;
  let s = lidx;
  while (--s > 0) if (value[s] !== " ") break;
  return value[s] === "," || value[s] === " ";
}

/** ap_parse_strict_length: a digit first, all digits, fits apr_off_t. */
function isStrictLength(value: string): boolean {
  if (value === "" || !isDigit(value.charCodeAt(0))) return false;
  for (let i = 0; i < value.length; i++) if (!isDigit(value.charCodeAt(i))) return false;
  const digits = value.replace(/^0+/, "");
  return digits.length < 19 || (digits.length === 19 && digits <= "9223372036854775807");
}

/* ---------------------------------------------------------------------------------------------------- */

/**
 * Parses a request head as Apache httpd 2.4 (`HttpProtocolOptions Strict`, the default) reads it.
 *
 * Input: the head as text, lines ending in `\n` or `\r\n`, optionally followed by a blank line and a body
 * (the body is ignored with an info diagnostic). `source` names the field for diagnostics and defaults to
 * "client.request".
 *
 * Output: the request line parts as sent and every header field in arrival order, repeats kept as separate
 * fields, values trimmed of leading and trailing SP/HT. When Apache would refuse the request, `rejection`
 * holds the status it answers (400, 414 or 417) and the reason from its error log, and an error diagnostic
 * points at the offending line and column. Never throws.
 *
 * Rules (protocol.c unless noted), all read from the 2.4.x source:
 * - Up to 10 blank lines before the request line are skipped; an 11th is read as an empty request line (400).
 * - A request line or header line longer than the limit + 1 bytes (8191 with the defaults; Apache's buffer
 *   is limit + 2 bytes and the line end's CR still fits) gets 414 (request line) or 400 (header line).
 * - Strict request line: exactly one SP between method, target and protocol and nothing after it; the method
 *   a token; the target without controls or spaces, starting with `/` unless absolute (`http://…`), `*` for
 *   OPTIONS, or `host:port` for CONNECT; no fragment, no user:password. The protocol must be `HTTP/x.y` with
 *   x ≥ 1 in capitals (`http/1.1` → 400; `HTTP/0.9` written out → 400). No protocol at all is an HTTP/0.9
 *   simple request (GET only): Apache then reads no header lines.
 * - Header lines: the name must be a token directly followed by `:` (else 400, "Request header field name is
 *   malformed"); the value must not contain control characters other than HT (400).
 * - obs-fold (a line starting with SP or HT) is accepted by Apache 2.4 even in Strict mode and joined to the
 *   previous field with one SP (a warning here); before the first header, or when the continuation is blank,
 *   it is 400.
 * - More than `LimitRequestFields` (100) fields → 400. Repeated fields are merged with ", " and a merged value
 *   longer than `LimitRequestFieldSize` → 400.
 * - Content-Length must be all digits (400); a Transfer-Encoding whose last coding is not chunked → 400;
 *   with both, Apache drops Content-Length.
 * - Host (vhost.c `fix_hostname`, Strict): a bad host, a repeated Host (merged "a, b"), a port outside
 *   1..65535 or a purely numeric host → 400. An absolute-form target's host replaces the Host header.
 *   HTTP/1.1 without a Host header, or HTTP/1.1+ without any host → 400. HTTP/1.0 without Host is fine.
 * - Expect other than `100-continue` → 417.
 * With the default options the request of a recent text is shared between callers (a memo of the last 16
 * texts): read it, never change it.
 */
export function parseRequestHead(text: string, source = "client.request", options: RequestHeadOptions = {}): RequestHeadParse {
  if (typeof text !== "string" || !isDefault(options)) return readRequestHead(text, source, options);
  // With Apache's default limits the reading is a function of the text: one simulation reads the client's
  // request twice (the pipeline and the curl command), and a keystroke in another pane leaves it unchanged.
  // The request is shared (read-only); the diagnostics are fresh objects carrying this caller's source.
  const parsed = defaultReading(text);
  const out: RequestHeadParse = { request: parsed.request, diagnostics: parsed.diagnostics.map((d) => ({ ...d, source })) };
  if (parsed.rejection) out.rejection = parsed.rejection;
  return out;
}

const defaultReading = memoBuiltText((text) => readRequestHead(text, "", {}), 16);

/** Whether `options` sets nothing (every option at Apache's default, as an empty object gives). */
function isDefault(options: RequestHeadOptions): boolean {
  for (const key in options) if (options[key as keyof RequestHeadOptions] !== undefined) return false;
  return true;
}

/** The fields of one name, merged with ", " as `apr_table_compress` merges them, under the first field's name. */
interface MergedField {
  name: string;
  value: string;
  fields: HeaderField[];
}

/** Every name's fields merged (`apr_table_compress(APR_OVERLAP_TABLES_MERGE)`), by lower-cased name, in first-seen order. */
function mergeFields(headers: readonly HeaderField[]): Map<string, MergedField> {
  const merged = new Map<string, MergedField>();
  for (const h of headers) {
    const key = h.name.toLowerCase();
    const m = merged.get(key);
    if (m) {
      m.value += ", " + h.value;
      m.fields.push(h);
    } else merged.set(key, { name: h.name, value: h.value, fields: [h] });
  }
  return merged;
}

function readRequestHead(text: string, source: string, options: RequestHeadOptions): RequestHeadParse {
  const diagnostics: Diagnostic[] = [];
  const diag = (severity: Severity, code: Diagnostic["code"], line: number, column: number, message: string, endLine?: number, endColumn?: number) => {
    const d: Diagnostic = { severity, code, source, line, column, message };
    if (endLine !== undefined) d.endLine = endLine;
    if (endColumn !== undefined) d.endColumn = endColumn;
    diagnostics.push(d);
  };
  if (typeof text !== "string") {
    diag("error", "request-empty", 1, 1, "The request is not text.");
    return { request: null, diagnostics };
  }
  const limitLine = options.limitRequestLine ?? DEFAULT_LIMIT_REQUEST_LINE;
  const limitField = options.limitRequestFieldSize ?? DEFAULT_LIMIT_REQUEST_FIELDSIZE;
  const limitFields = options.limitRequestFields ?? DEFAULT_LIMIT_REQUEST_FIELDS;

  // The engine's own guard: find where the text crosses 256 KiB, in one pass.
  const crossing = utf8LimitCrossing(text, MAX_REQUEST_TEXT_BYTES);
  if (crossing) {
    diag(
      "error",
      "request-too-large",
      crossing.line,
      crossing.column,
      `The request text is over ${MAX_REQUEST_TEXT_BYTES / 1024} KiB; this playground stops reading here. ` +
        "(Apache itself reads at most LimitRequestLine + LimitRequestFields × LimitRequestFieldSize bytes of head.)",
    );
    return { request: null, diagnostics };
  }

  const reader = new LineReader(text);
  const reject = (status: number, reason: string, request: RequestHead | null): RequestHeadParse => ({
    request,
    diagnostics,
    rejection: { status, reason },
  });

  /* read_request_line */
  let first: Line | null = null;
  let blank = 0;
  for (;;) {
    const l = reader.read();
    if (l === null) break;
    if (l.text.length > 0 || blank >= DEFAULT_LIMIT_BLANK_LINES) {
      first = l;
      if (l.text.length === 0) {
        // The 11th blank line is taken as the request line.
        diag("error", "request-line-malformed", l.line, 1, `HTTP Request Line; Invalid method token: '' (more than ${DEFAULT_LIMIT_BLANK_LINES} blank lines before the request line)`);
        return reject(400, "HTTP Request Line; Invalid method token: ''", null);
      }
      break;
    }
    blank++;
  }
  if (first === null) {
    diag("error", "request-empty", 1, 1, "There is no request line: the request is empty.");
    return { request: null, diagnostics };
  }
  if (utf8Over(first.text, limitLine + 1)) {
    const firstBytes = utf8Length(first.text);
    const reason = `request failed: client's request-line exceeds LimitRequestLine (longer than ${limitLine})`;
    diag("error", "request-line-too-long", first.line, 1, `${reason}: the request line is ${firstBytes} bytes.`, first.line, first.text.length + 1);
    return reject(414, reason, null);
  }

  const rl = parseRequestLine(first.text, options.tls ?? false);
  if (rl.error) {
    diag("error", rl.error.code, first.line, rl.error.at + 1, rl.error.message, first.line, rl.error.end + 1);
    return reject(400, rl.error.message, null);
  }
  const request: RequestHead = { method: rl.method, target: rl.uri, protocol: rl.protocol, headers: [] };

  if (rl.assbackwards) {
    diag(
      "warning",
      "request-http09",
      first.line,
      rl.uriStart + rl.uri.length + 1,
      "No protocol after the target: Apache reads this as an HTTP/0.9 simple request. It reads no header lines " +
        "and answers with the body alone, without a status line or headers.",
    );
    const pos = reader.position;
    let i = pos.offset;
    while (i < text.length && isCSpace(text.charCodeAt(i))) i++;
    if (i < text.length) {
      diag("info", "request-body-ignored", pos.line, 1, "Apache reads no header lines after an HTTP/0.9 request line; the rest of the text is ignored.");
    }
    return { request, diagnostics };
  }

  /* ap_get_mime_headers_core */
  // `bytes`: the UTF-8 length of `text`, counted at the first continuation line (-1 until then).
  let last: { text: string; line: number; bytes: number; folded: boolean } | null = null;
  let fieldsRead = 0;
  let endedAt: Line | null = null;
  for (;;) {
    const l = reader.read();
    const field = l ?? { text: "", line: reader.position.line, offset: text.length, next: text.length };
    if (utf8Over(field.text, limitField + 1)) {
      const bytes = utf8Length(field.text);
      const name = logName(field.text);
      const reason = `Request header exceeds LimitRequestFieldSize${name ? ": " : ""}${name}`;
      diag(
        "error",
        "header-field-too-long",
        field.line,
        1,
        `Size of a request header field exceeds server limit. Apache logs "${reason}": this line is ${bytes} bytes, LimitRequestFieldSize is ${limitField}.`,
        field.line,
        field.text.length + 1,
      );
      return reject(400, reason, request);
    }
    // Trailing SP/HT are dropped, but never the last character.
    let ftext = field.text;
    let len = ftext.length;
    while (len > 1 && (ftext[len - 1] === "\t" || ftext[len - 1] === " ")) len--;
    ftext = ftext.slice(0, len);

    if (ftext[0] === "\t" || ftext[0] === " ") {
      if (last === null) {
        const reason = "Line folding encountered before first header line";
        diag("error", "header-obs-fold", field.line, 1, `${reason}: a line starting with a space or tab continues a header, and there is none yet.`);
        return reject(400, reason, request);
      }
      if (ftext.length === 1) {
        const reason = "Empty folded line encountered";
        diag("error", "header-obs-fold", field.line, 1, `${reason}: this line holds only blanks, so it is read as an empty continuation of the header above.`);
        return reject(400, reason, request);
      }
      let k = 0;
      while (ftext[k + 1] === "\t" || ftext[k + 1] === " ") k++;
      const cont = ftext.slice(k);
      const contBytes = utf8Length(cont);
      const lastBytes: number = last.bytes >= 0 ? last.bytes : utf8Length(last.text);
      if (lastBytes + contBytes + 1 >= limitField) {
        const reason = `Request header exceeds LimitRequestFieldSize after folding: ${logName(last.text)}`;
        diag("error", "header-field-too-long", field.line, 1, `Size of a request header field exceeds server limit. Apache logs "${reason}".`);
        return reject(400, reason, request);
      }
      // One warning per folded field, on its first continuation line.
      if (!last.folded) {
        diag(
          "warning",
          "header-obs-fold",
          field.line,
          1,
          "Obsolete line folding (RFC 7230 §3.2.4): Apache 2.4 joins this line to the header above with a single space, even with HttpProtocolOptions Strict. Other servers reject it.",
        );
      }
      last = { text: last.text + " " + cont.slice(1), line: last.line, bytes: lastBytes + contBytes, folded: true };
      continue;
    } else if (last !== null) {
      if (limitFields > 0 && ++fieldsRead > limitFields) {
        const reason = "Number of request headers exceeds LimitRequestFields";
        diag(
          "error",
          "too-many-headers",
          last.line,
          1,
          `The number of request header fields exceeds this server's limit: this is field ${fieldsRead}, LimitRequestFields is ${limitFields}.`,
        );
        return reject(400, reason, request);
      }
      const lt = last.text;
      let v = 0;
      while (v < lt.length && isTchar(lt.charCodeAt(v))) v++;
      if (v === 0 || lt[v] !== ":") {
        const reason = `Request header field name is malformed: ${lt.slice(0, LOG_NAME_MAX_LEN)}`;
        const colon = lt.indexOf(":");
        if (colon < 0) {
          diag("error", "header-missing-colon", last.line, 1, `${reason} (the line has no ':' separator; Apache without Strict logs "Request header field is missing ':' separator")`, last.line, Math.min(lt.length, 200) + 1);
        } else if (v === 0 && colon === 0) {
          diag("error", "header-name-invalid", last.line, 1, `${reason} (the field name is empty)`, last.line, 2);
        } else {
          const what = lt.charCodeAt(v) === 0x20 || lt.charCodeAt(v) === 0x09 ? "whitespace before ':'" : `'${lt[v]}' is not allowed in a field name (RFC 7230 token)`;
          diag("error", "header-name-invalid", last.line, v + 1, `${reason} (${what})`, last.line, v + 2);
        }
        return reject(400, reason, request);
      }
      const name = lt.slice(0, v);
      let vs = v + 1;
      while (lt[vs] === " " || lt[vs] === "\t") vs++;
      const value = lt.slice(vs);
      for (let i = 0; i < value.length; i++) {
        if (isHttpCtrl(value.charCodeAt(i))) {
          const reason = `Request header value is malformed: ${value.slice(0, LOG_NAME_MAX_LEN)}`;
          const code = value.charCodeAt(i).toString(16).padStart(2, "0");
          // The column is exact unless the value was folded from several lines.
          diag("error", "header-value-invalid", last.line, Math.min(vs + i, lt.length) + 1, `${reason} (control character 0x${code})`);
          return reject(400, reason, request);
        }
      }
      request.headers.push({ name, value, line: last.line, column: 1, valueColumn: vs + 1 });
    }
    if (ftext.length === 0) {
      endedAt = l;
      break;
    }
    last = { text: ftext, line: field.line, bytes: -1, folded: false };
  }

  if (endedAt !== null && !reader.atEnd) {
    const pos = reader.position;
    // Extra blank lines after the head are what a client sends between requests; anything else is a body.
    let i = pos.offset;
    while (i < text.length && (text[i] === "\r" || text[i] === "\n")) i++;
    if (i < text.length) {
      let line = pos.line;
      for (let j = pos.offset; j < i; j++) if (text.charCodeAt(j) === 0x0a) line++;
      diag("info", "request-body-ignored", line, 1, "Text after the blank line that ends the head is a request body; the playground ignores it.");
    }
  }

  /* apr_table_compress(APR_OVERLAP_TABLES_MERGE) and table_do_fn_check_lengths */
  // A merged value is shorter than the text (each ", " stands in for at least a name, a colon and a line
  // end), so within LimitRequestFieldSize bytes of text no merged value can be over it.
  const merged = utf8Over(text, limitField) ? mergeFields(request.headers) : new Map<string, MergedField>();
  for (const m of merged.values()) {
    if (utf8Over(m.value, limitField)) {
      const reason = `Request header exceeds LimitRequestFieldSize after merging: ${logName(m.name)}`;
      const at = m.fields[m.fields.length - 1]!;
      diag(
        "error",
        "header-merged-too-long",
        at.line,
        at.column,
        `Size of a request header field exceeds server limit. Apache merges the ${m.fields.length} ${m.name} fields with ", " and logs "${reason}".`,
      );
      return reject(400, reason, request);
    }
  }

  // The fields of one name (lower case), merged; the names are compared only when the lengths agree.
  const get = (lower: string): MergedField | undefined => {
    let m: MergedField | undefined;
    for (const h of request.headers) {
      if (h.name.length !== lower.length || h.name.toLowerCase() !== lower) continue;
      if (m === undefined) m = { name: h.name, value: h.value, fields: [h] };
      else {
        m.value += ", " + h.value;
        m.fields.push(h);
      }
    }
    return m;
  };
  const clen = get("content-length");
  if (clen && !isStrictLength(clen.value)) {
    const reason = `client sent invalid Content-Length (${clen.value}): ${rl.rUri}`;
    const f = clen.fields[clen.fields.length > 1 ? 1 : 0]!;
    diag("error", "content-length-invalid", f.line, f.valueColumn ?? f.column, reason + (clen.fields.length > 1 ? " (repeated Content-Length fields are merged with \", \")" : ""));
    return reject(400, reason, request);
  }
  const tenc = get("transfer-encoding");
  if (tenc) {
    if (!isChunked(tenc.value)) {
      const reason = `client sent unknown Transfer-Encoding (${tenc.value}): ${rl.rUri}`;
      const f = tenc.fields[0]!;
      diag("error", "transfer-encoding-invalid", f.line, f.valueColumn ?? f.column, reason);
      return reject(400, reason, request);
    }
    if (clen) {
      const f = clen.fields[0]!;
      diag("info", "content-length-dropped", f.line, f.column, "Transfer-Encoding overrides Content-Length: Apache removes Content-Length from the request (RFC 7230 §3.3.3) and closes the connection afterwards.");
    }
  }

  /* ap_check_request_header: ap_update_vhost_from_headers_ex, then the HTTP/1.1 host rule, then Expect */
  const host = get("host");
  let hostname: string | null = null;
  if (rl.hostname !== undefined) {
    const fixed = fixHostname(rl.hostname, false);
    if (!fixed.ok) {
      diag("error", "host-invalid", first.line, rl.uriStart + 1, fixed.message, first.line, rl.uriStart + rl.uri.length + 1);
      return reject(400, fixed.message, request);
    }
    hostname = fixed.hostname ?? "";
    if (host) {
      const f = host.fields[0]!;
      diag(
        "info",
        "host-replaced-by-uri",
        f.line,
        f.valueColumn ?? f.column,
        `Replacing host header '${host.value}' with host '${uriHostHeader(hostname, rl.parsed?.port)}' given in the request uri ` +
          "(Apache ignores Host when the target is absolute, RFC 7230 §5.4).",
      );
    }
  } else if (host) {
    const fixed = fixHostname(host.value, true);
    if (!fixed.ok) {
      const f = host.fields[host.fields.length > 1 ? 1 : 0]!;
      const note = host.fields.length > 1 ? ` (${host.fields.length} Host fields, merged with ", ")` : "";
      diag("error", "host-invalid", f.line, f.valueColumn ?? f.column, fixed.message + note);
      return reject(400, fixed.message, request);
    }
    hostname = fixed.hostname;
  }
  if ((hostname === null && rl.protoNum >= 1001) || (rl.protoNum === 1001 && !host)) {
    const reason = `client sent HTTP/1.1 request without hostname (see RFC2616 section 14.23): ${rl.rUri}`;
    const hint = host ? " The Host header is empty." : " Add a Host header.";
    diag("error", "host-missing", first.line, rl.protocolStart + 1, reason + hint, first.line, rl.protocolStart + rl.protocol.length + 1);
    return reject(400, reason, request);
  }
  const expect = get("expect");
  if (expect && expect.value !== "" && expect.value.toLowerCase() !== "100-continue") {
    const reason = `client sent an unrecognized expectation value of Expect: ${expect.value}`;
    const f = expect.fields[0]!;
    diag("error", "expect-unsupported", f.line, f.valueColumn ?? f.column, reason);
    return reject(417, reason, request);
  }
  return { request, diagnostics };
}

/**
 * A field value as the next server reads it off the wire (`ap_get_mime_headers_core`): leading and trailing
 * SP and HT removed. A front end can send a value that ends in a blank, e.g. `/mnt, ` after merging
 * `X-Script-Name: /mnt` with an empty `x-script-name:` line; the back end then sees `/mnt,` (checked on
 * Apache 2.4.71, corpus rnd-078).
 */
/**
 * The origin form of a request target (RFC 9112 §3.2.1): an absolute-form target (`http://host:port/p?q`) loses
 * its scheme and authority, and an empty path becomes "/"; any other target is returned as it is. No decoding.
 */
export function originForm(target: string): string {
  const abs = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/i.exec(target);
  return abs ? abs[1] || "/" : target;
}

export function fieldValueAsRead(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && (value[start] === " " || value[start] === "\t")) start += 1;
  while (end > start && (value[end - 1] === " " || value[end - 1] === "\t")) end -= 1;
  return value.slice(start, end);
}

/**
 * Writes a request head the way it goes on the wire: `METHOD SP target SP protocol CRLF`, one
 * `Name: value CRLF` per header in order, then an empty line; the result ends with "\r\n\r\n".
 * Throws a RangeError when a part contains CR or LF (a caller's bug: parsed heads never do), except for a
 * lone CR in a header value: Apache's mod_proxy and nginx 1.22.1 send a configured value's CR as it is
 * (observed; corpus scenarios apache-cr-front-quoted, ngx-cr-quoted), and the next server reads it.
 */
export function serializeRequestHead(req: { method: string; target: string; protocol: string; headers: { name: string; value: string }[] }): string {
  const check = (what: string, s: string) => {
    if (s.includes("\r") || s.includes("\n")) throw new RangeError(`serializeRequestHead: ${what} contains CR or LF: ${JSON.stringify(s.slice(0, 80))}`);
    return s;
  };
  let out = `${check("method", req.method)} ${check("target", req.target)} ${check("protocol", req.protocol)}\r\n`;
  for (const h of req.headers) out += `${check("header name", h.name)}: ${h.value.includes("\n") ? check(`value of ${h.name}`, h.value) : h.value}\r\n`;
  return out + "\r\n";
}
