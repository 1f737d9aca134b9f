/**
 * HAProxy 2.6 sample fetches, converters, log-format strings and ACL conditions, for the subset a reverse
 * proxy in front of a WSGI application uses: the connection (`src`, `src_port`, `dst`, `dst_port`, `ssl_fc`,
 * `ssl_fc_sni`), the request (`method`, `path`, `url`, `query`, `base`, `hdr`/`req.hdr`, `req.fhdr`,
 * `hdr_cnt`), the response (`status`, `res.hdr`), names (`fe_name`, `be_name`, `srv_name`) and constants
 * (`str`, `int`, `bool`); converters `lower`, `upper`, `field`; ACL match methods str, beg, end, sub, reg, dir,
 * dom, len, found, int, ip, bool, with `-i`.
 *
 * Source: HAProxy Configuration Manual 2.6 (doc/configuration.txt): 7.1 "ACL basics" (matching methods and
 * flags), 7.2 "Using ACLs to form conditions", 7.3 "Fetching samples" (7.3.1 converters, 7.3.3 layer 4,
 * 7.3.4 layer 5, 7.3.6 HTTP), 7.4 "Pre-defined ACLs", 8.2.4 "Custom log format" (`%[…]` and the `%ci`-style
 * aliases). Checked on haproxy 2.6.12 where the conformance corpus exercises them (`corpus/haproxy/`): for
 * example `%[src]:%[src_port]:%[dst]:%[dst_port]:%[ssl_fc]` gives `127.0.0.9:34335:127.0.0.1:22999:0`.
 * Any other fetch or converter HAProxy knows is accepted with a warning that this model does not compute it
 * (it yields nothing); names HAProxy does not know are errors, as `haproxy -c` reports them.
 */
import { CONVERTERS, FETCHES, PREDEFINED_ACLS } from "./keywords.ts";
import { parseCidr, peerInSubnets } from "../loadBalancers/common.ts";
import { originForm } from "../http/requestHead.ts";

/** What samples are fetched from. Header lists are the message's lines in order, names as received. */
export interface SampleContext {
  src: string;
  srcPort: string;
  dst: string;
  dstPort: string;
  tls: boolean;
  sni: string | null;
  method: string;
  /** The request target as it stands (origin- or absolute-form). */
  uri: string;
  version: string;
  headers: readonly { name: string; value: string }[];
  response?: { status: number; headers: readonly { name: string; value: string }[] };
  feName: string;
  beName: string | null;
  srvName: string | null;
  /** Backend-side connection: HAProxy's source address, the server's address and port. */
  backend?: { source: string; server: string; serverPort: string };
}

export type SampleValue = { type: "str" | "int" | "bool" | "ip"; value: string } | null;

export interface SampleExpr {
  fetch: string;
  args: string[];
  converters: { name: string; args: string[] }[];
  text: string;
}

/** A problem in an expression, in HAProxy's words, with the offset of the failing part in the text. */
export interface SampleError {
  message: string;
  severity: "error" | "warning";
}

/** Fetches computed here; the others that HAProxy knows yield no value (with a warning when parsed). */
const MODELLED_FETCHES = new Set([
  "src", "src_port", "dst", "dst_port", "ssl_fc", "ssl_fc_sni", "ssl_fc_has_sni", "method", "path", "url", "query", "pathq", "base",
  "hdr", "req.hdr", "req.fhdr", "hdr_cnt", "req.hdr_cnt", "req.fhdr_cnt", "res.hdr", "res.fhdr", "shdr", "status", "fe_name", "be_name", "srv_name",
  "str", "int", "bool", "req.ver", "req_ver", "always_true", "always_false",
]);
const MODELLED_CONVERTERS = new Set(["lower", "upper", "field", "host_only", "port_only"]);

/** Splits at the commas that are not inside parentheses: `a(b,c),d` → `a(b,c)`, `d`. */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const c of text) {
    if (c === "(") depth += 1;
    if (c === ")") depth -= 1;
    if (c === "," && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function splitArgs(text: string): string[] {
  if (text.trim() === "") return [];
  return splitTopLevel(text).map((a) => a.trim().replace(/^"(.*)"$/, "$1").replace(/^'(.*)'$/, "$1"));
}

/** Parses `fetch(args),conv(args),…`. Unknown names are errors with HAProxy's message. */
export function parseSampleExpr(text: string, problems: SampleError[]): SampleExpr | null {
  const parts = splitTopLevel(text);
  const call = (p: string) => {
    const m = /^([a-zA-Z0-9_.-]+)(?:\((.*)\))?$/s.exec(p.trim());
    return m ? { name: m[1]!, args: m[2] !== undefined ? splitArgs(m[2]) : [] } : null;
  };
  const f = call(parts[0] ?? "");
  if (!f) {
    problems.push({ severity: "error", message: `failed to parse sample expression <${text}> : unknown fetch method '${parts[0] ?? ""}'` });
    return null;
  }
  if (!FETCHES.has(f.name)) {
    problems.push({ severity: "error", message: `failed to parse sample expression <${text}> : unknown fetch method '${f.name}'` });
    return null;
  }
  if (!MODELLED_FETCHES.has(f.name.replace(/_(beg|end|sub|reg|dir|dom|len|found)$/, ""))) problems.push({ severity: "warning", message: `sample fetch '${f.name}' is valid in HAProxy 2.6 but not computed by this model: it yields no value here` });
  const converters: { name: string; args: string[] }[] = [];
  for (const p of parts.slice(1)) {
    const c = call(p);
    if (!c || !CONVERTERS.has(c.name)) {
      problems.push({ severity: "error", message: `failed to parse sample expression <${text}> : unknown converter '${c?.name ?? p}'` });
      return null;
    }
    if (!MODELLED_CONVERTERS.has(c.name)) problems.push({ severity: "warning", message: `converter '${c.name}' is valid in HAProxy 2.6 but not computed by this model: the value passes through it unchanged` });
    converters.push(c);
  }
  return { fetch: f.name, args: f.args, converters, text };
}

/** `req.hdr`-style values: each line split on commas (quoted strings kept), trimmed. */
function headerValues(headers: readonly { name: string; value: string }[], name: string, split: boolean): string[] {
  const n = name.toLowerCase();
  const lines = headers.filter((h) => h.name.toLowerCase() === n).map((h) => h.value);
  if (!split) return lines;
  const out: string[] = [];
  for (const l of lines) {
    let cur = "";
    let q = false;
    for (const c of l) {
      if (c === '"') q = !q;
      if (c === "," && !q) {
        out.push(cur.trim());
        cur = "";
      } else cur += c;
    }
    out.push(cur.trim());
  }
  return out;
}

function pathOf(uri: string): string {
  const rest = originForm(uri);
  const q = rest.indexOf("?");
  return q < 0 ? rest : rest.slice(0, q);
}

function pick(values: string[], occ: string | undefined, acl: boolean): string[] {
  if (values.length === 0) return [];
  if (occ === undefined || occ === "") return acl ? values : [values.at(-1)!];
  const n = Number(occ);
  if (!Number.isInteger(n) || n === 0) return acl ? values : [values.at(-1)!];
  const v = n > 0 ? values[n - 1] : values[values.length + n];
  return v === undefined ? [] : [v];
}

/** Every value a fetch yields: one for most, each occurrence for header fetches used by an ACL. */
export function fetchValues(expr: SampleExpr, ctx: SampleContext, acl: boolean): { type: "str" | "int" | "bool" | "ip"; value: string }[] {
  const a = expr.args;
  const str = (v: string | undefined | null) => (v === undefined || v === null ? [] : [{ type: "str" as const, value: v }]);
  // ACL derivatives (path_beg, hdr_dom, …) fetch what their base fetch does; the suffix is the match method.
  const name = expr.fetch.replace(/_(beg|end|sub|reg|dir|dom|len|found)$/, "");
  switch (name) {
    case "src":
      return [{ type: "ip", value: ctx.src }];
    case "src_port":
      return [{ type: "int", value: ctx.srcPort }];
    case "dst":
      return [{ type: "ip", value: ctx.dst }];
    case "dst_port":
      return [{ type: "int", value: ctx.dstPort }];
    case "ssl_fc":
      return [{ type: "bool", value: ctx.tls ? "1" : "0" }];
    case "ssl_fc_has_sni":
      return ctx.tls ? [{ type: "bool", value: ctx.sni ? "1" : "0" }] : [];
    case "ssl_fc_sni":
      return ctx.tls ? str(ctx.sni) : [];
    case "method":
      return str(ctx.method);
    case "path":
      return str(pathOf(ctx.uri));
    case "url":
      return str(ctx.uri);
    case "query": {
      const q = ctx.uri.indexOf("?");
      return q < 0 ? [] : str(ctx.uri.slice(q + 1));
    }
    case "pathq": {
      return str(originForm(ctx.uri));
    }
    case "base": {
      const host = headerValues(ctx.headers, "host", false)[0];
      return host === undefined ? str(pathOf(ctx.uri)) : str(host + pathOf(ctx.uri));
    }
    case "hdr":
    case "req.hdr":
      return pick(headerValues(ctx.headers, a[0] ?? "", true), a[1], acl).map((v) => ({ type: "str" as const, value: v }));
    case "req.fhdr":
      return pick(headerValues(ctx.headers, a[0] ?? "", false), a[1], acl).map((v) => ({ type: "str" as const, value: v }));
    case "hdr_cnt":
    case "req.hdr_cnt":
      return [{ type: "int", value: String(headerValues(ctx.headers, a[0] ?? "", true).filter((v) => a[0] !== undefined || v !== "").length) }];
    case "req.fhdr_cnt":
      return [{ type: "int", value: String(headerValues(ctx.headers, a[0] ?? "", false).length) }];
    case "res.hdr":
    case "shdr":
      return ctx.response ? pick(headerValues(ctx.response.headers, a[0] ?? "", true), a[1], acl).map((v) => ({ type: "str" as const, value: v })) : [];
    case "res.fhdr":
      return ctx.response ? pick(headerValues(ctx.response.headers, a[0] ?? "", false), a[1], acl).map((v) => ({ type: "str" as const, value: v })) : [];
    case "status":
      return ctx.response ? [{ type: "int", value: String(ctx.response.status) }] : [];
    case "fe_name":
      return str(ctx.feName);
    case "be_name":
      return str(ctx.beName);
    case "srv_name":
      return str(ctx.srvName);
    case "str":
      return str(a[0] ?? "");
    case "int":
      return [{ type: "int", value: a[0] ?? "0" }];
    case "bool":
      return [{ type: "bool", value: a[0] === "1" || a[0] === "true" ? "1" : "0" }];
    case "req.ver":
    case "req_ver":
      return str(ctx.version.replace(/^HTTP\//, ""));
    case "always_true":
      return [{ type: "bool", value: "1" }];
    case "always_false":
      return [{ type: "bool", value: "0" }];
  }
  return [];
}

function convert(value: string, conv: { name: string; args: string[] }): string {
  switch (conv.name) {
    case "lower":
      return value.toLowerCase();
    case "upper":
      return value.toUpperCase();
    case "field": {
      const n = Number(conv.args[0] ?? "1");
      const parts = value.split(conv.args[1] ?? ",");
      return (n > 0 ? parts[n - 1] : parts[parts.length + n]) ?? "";
    }
    case "host_only":
      return value.replace(/:\d+$/, "");
    case "port_only": {
      const m = /:(\d+)$/.exec(value);
      return m ? m[1]! : "";
    }
  }
  return value;
}

/** The value of an expression in a log-format or header value (the last occurrence for header fetches). */
export function evalSample(expr: SampleExpr, ctx: SampleContext): string | null {
  const values = fetchValues(expr, ctx, false);
  if (values.length === 0) return null;
  let v = values[0]!.value;
  for (const c of expr.converters) v = convert(v, c);
  return v;
}

// ---------------------------------------------------------------------------------------------------------------
// Log-format strings (section 8.2.4)

export type LogPart = { literal: string } | { expr: SampleExpr; quote: boolean } | { alias: string; quote: boolean };

const ALIASES = new Set(["ci", "cp", "fi", "fp", "bi", "bp", "si", "sp", "f", "ft", "fc", "b", "s", "HM", "HU", "HP", "HPO", "HQ", "HV", "r", "H", "ID", "pid", "T", "Tl", "t", "tr", "ts"]);

/** Parses a log-format string into literal text, `%[expr]` samples and `%xx` aliases. */
export function parseLogFormat(text: string, problems: SampleError[]): LogPart[] {
  const parts: LogPart[] = [];
  let lit = "";
  let i = 0;
  const flush = () => {
    if (lit) parts.push({ literal: lit });
    lit = "";
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c !== "%") {
      lit += c;
      i += 1;
      continue;
    }
    if (text[i + 1] === "%") {
      lit += "%";
      i += 2;
      continue;
    }
    let j = i + 1;
    let quote = false;
    if (text[j] === "{") {
      const close = text.indexOf("}", j);
      if (close < 0) {
        problems.push({ severity: "error", message: `missing '}' after '%{' in log-format '${text}'` });
        return parts;
      }
      quote = /(^|,)\+Q/.test(text.slice(j + 1, close));
      j = close + 1;
    }
    if (text[j] === "[") {
      let depth = 0;
      let k = j;
      for (; k < text.length; k += 1) {
        if (text[k] === "[") depth += 1;
        else if (text[k] === "]") {
          depth -= 1;
          if (depth === 0) break;
        }
      }
      if (k >= text.length) {
        problems.push({ severity: "error", message: `missing ']' in expression '${text.slice(i)}'` });
        return parts;
      }
      const expr = parseSampleExpr(text.slice(j + 1, k), problems);
      flush();
      if (expr) parts.push({ expr, quote });
      i = k + 1;
      continue;
    }
    const m = /^[A-Za-z]+/.exec(text.slice(j));
    const name = m ? [...ALIASES].filter((a) => m[0].startsWith(a)).sort((x, y) => y.length - x.length)[0] : undefined;
    if (!name) {
      problems.push({ severity: "error", message: `no such format variable '${m ? m[0] : text.slice(j, j + 1)}'. If you wanted to emit the '%' character verbatim, you need to use '%%'` });
      i = j + (m ? m[0].length : 1);
      continue;
    }
    flush();
    parts.push({ alias: name, quote });
    i = j + name.length;
  }
  flush();
  return parts;
}

function aliasValue(alias: string, ctx: SampleContext): string {
  switch (alias) {
    case "ci":
      return ctx.src;
    case "cp":
      return ctx.srcPort;
    case "fi":
      return ctx.dst;
    case "fp":
      return ctx.dstPort;
    case "bi":
      return ctx.backend?.source ?? "-";
    case "bp":
      return ctx.backend ? "0" : "-";
    case "si":
      return ctx.backend?.server ?? "-";
    case "sp":
      return ctx.backend?.serverPort ?? "-";
    case "f":
    case "ft":
      return ctx.feName + (alias === "ft" && ctx.tls ? "~" : "");
    case "b":
      return ctx.beName ?? "-";
    case "s":
      return ctx.srvName ?? "-";
    case "HM":
      return ctx.method;
    case "HU":
      return ctx.uri;
    case "HP":
    case "HPO":
      return pathOf(ctx.uri);
    case "HQ": {
      const q = ctx.uri.indexOf("?");
      return q < 0 ? "" : ctx.uri.slice(q);
    }
    case "HV":
      return ctx.version;
    case "r":
      return `${ctx.method} ${ctx.uri} ${ctx.version}`;
  }
  return "-";
}

/** Evaluates a parsed log-format. A sample with no value writes "-", as HAProxy's log-format does. */
export function evalLogFormat(parts: readonly LogPart[], ctx: SampleContext): string {
  let out = "";
  for (const p of parts) {
    if ("literal" in p) out += p.literal;
    else if ("expr" in p) {
      const v = evalSample(p.expr, ctx);
      out += v === null ? "-" : p.quote ? `"${v}"` : v;
    } else {
      const v = aliasValue(p.alias, ctx);
      out += p.quote ? `"${v}"` : v;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// ACLs (sections 7.1, 7.2, 7.4)

export type MatchMethod = "str" | "beg" | "end" | "sub" | "reg" | "dir" | "dom" | "len" | "found" | "int" | "ip" | "bool";

export interface Acl {
  name: string | null;
  expr: SampleExpr;
  method: MatchMethod;
  ignoreCase: boolean;
  patterns: string[];
  line: number;
}

const DERIVED: Record<string, MatchMethod> = { _beg: "beg", _end: "end", _sub: "sub", _reg: "reg", _dir: "dir", _dom: "dom", _len: "len", _found: "found" };

function defaultMethod(fetch: string, type: string | undefined): MatchMethod {
  for (const [suffix, m] of Object.entries(DERIVED)) if (fetch.endsWith(suffix) && !["hdr_cnt"].includes(fetch)) return m;
  if (["src", "dst"].includes(fetch)) return "ip";
  if (["src_port", "dst_port", "status", "hdr_cnt", "req.hdr_cnt", "req.fhdr_cnt", "int"].includes(fetch)) return "int";
  if (["ssl_fc", "ssl_fc_has_sni", "bool", "always_true", "always_false"].includes(fetch)) return "bool";
  void type;
  return "str";
}

/** Parses the words of an ACL after its name: `criterion [flags] [patterns…]`. */
export function parseAcl(name: string | null, words: readonly string[], line: number, problems: SampleError[]): Acl | null {
  const crit = words[0];
  if (crit === undefined) {
    problems.push({ severity: "error", message: `missing ACL expression` });
    return null;
  }
  const sub: SampleError[] = [];
  const expr = parseSampleExpr(crit, sub);
  if (!expr) {
    problems.push({ severity: "error", message: `unknown fetch method '${crit.replace(/\(.*$/, "")}' in ACL expression '${crit.replace(/\(.*$/, "")}'` });
    return null;
  }
  problems.push(...sub.filter((s) => s.severity === "warning"));
  let method = defaultMethod(expr.fetch, undefined);
  let ignoreCase = false;
  let i = 1;
  for (; i < words.length; i += 1) {
    const w = words[i]!;
    if (w === "-i") ignoreCase = true;
    else if (w === "-m") {
      const m = words[i + 1] as MatchMethod | undefined;
      if (!m || !["str", "beg", "end", "sub", "reg", "dir", "dom", "len", "found", "int", "ip", "bool", "bin"].includes(m)) {
        problems.push({ severity: "error", message: `'-m' expects a valid matching method, got '${m ?? ""}'` });
        return null;
      }
      method = m;
      i += 1;
    } else if (w === "-f" || w === "-M") {
      problems.push({ severity: "warning", message: `'${w} ${words[i + 1] ?? ""}' reads patterns from a file, which this model does not have: the ACL matches nothing here` });
      i += 1;
    } else if (w === "-n" || w === "-u") {
      if (w === "-u") i += 1;
    } else if (w === "--") {
      i += 1;
      break;
    } else break;
  }
  const patterns = words.slice(i);
  if (method === "ip") for (const p of patterns) if (!parseCidr(p)) problems.push({ severity: "error", message: `'${p}' is not a valid IPv4 or IPv6 address` });
  if (method === "reg") {
    for (const p of patterns) {
      try {
        new RegExp(p);
      } catch {
        problems.push({ severity: "error", message: `regex '${p}' is invalid` });
      }
    }
  }
  return { name, expr, method, ignoreCase, patterns, line };
}

function intMatch(v: number, p: string): boolean {
  const m = /^(eq|ge|gt|le|lt)$/.exec(p);
  if (m) return false;
  if (p.includes(":")) {
    const [lo, hi] = p.split(":");
    return (lo === "" || v >= Number(lo)) && (hi === "" || v <= Number(hi));
  }
  return v === Number(p);
}

/** True when the ACL matches (any value against any pattern; with no pattern, the found/bool rules). */
export function aclMatches(acl: Acl, ctx: SampleContext): boolean {
  let values = fetchValues(acl.expr, ctx, true).map((v) => v.value);
  values = values.map((v) => {
    let out = v;
    for (const c of acl.expr.converters) out = convert(out, c);
    return out;
  });
  if (acl.method === "found") return values.length > 0;
  if (acl.method === "bool") {
    if (acl.patterns.length === 0) return values.some((v) => v !== "0" && v !== "");
  }
  if (acl.patterns.length === 0) return false;
  const norm = (s: string) => (acl.ignoreCase ? s.toLowerCase() : s);
  // Integer operators: "gt 5" etc. take the next word.
  const pats: string[] = [];
  for (let i = 0; i < acl.patterns.length; i += 1) {
    const p = acl.patterns[i]!;
    if (acl.method === "int" && /^(eq|ge|gt|le|lt)$/.test(p) && acl.patterns[i + 1] !== undefined) {
      const n = Number(acl.patterns[i + 1]);
      pats.push(p === "eq" ? `${n}` : p === "ge" ? `${n}:` : p === "gt" ? `${n + 1}:` : p === "le" ? `:${n}` : `:${n - 1}`);
      i += 1;
    } else pats.push(p);
  }
  return values.some((raw) => {
    const v = norm(raw);
    return pats.some((rawP) => {
      const p = norm(rawP);
      switch (acl.method) {
        case "str":
          return v === p;
        case "beg":
          return v.startsWith(p);
        case "end":
          return v.endsWith(p);
        case "sub":
          return v.includes(p);
        case "reg":
          try {
            return new RegExp(rawP, acl.ignoreCase ? "i" : "").test(raw);
          } catch {
            return false;
          }
        case "dir":
          return `/${v}/`.replace(/\/+/g, "/").includes(`/${p.replace(/^\/|\/$/g, "")}/`);
        case "dom":
          return `.${v.replace(/\//g, ".")}.`.includes(`.${p.replace(/^\.|\.$/g, "")}.`);
        case "len":
          return intMatch(raw.length, rawP);
        case "int":
          return /^-?\d+$/.test(raw) && intMatch(Number(raw), rawP);
        case "ip": {
          const s = parseCidr(rawP);
          return s !== null && peerInSubnets(raw, [s]) !== null;
        }
        case "bool":
          return intMatch(Number(raw), rawP);
      }
      return false;
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Conditions: `if|unless` terms with `!`, `||`/`or`, anonymous `{ … }` ACLs, named and pre-defined ACLs.

export type CondTerm = { negate: boolean; acls: Acl[] | "predefined"; name: string };
export interface Condition {
  unless: boolean;
  /** OR of AND groups. */
  groups: CondTerm[][];
  text: string;
}

const PREDEFINED: Record<string, (ctx: SampleContext) => boolean> = {
  TRUE: () => true,
  FALSE: () => false,
  HTTP: () => true,
  "HTTP_1.0": (c) => c.version === "HTTP/1.0",
  "HTTP_1.1": (c) => c.version === "HTTP/1.1",
  "HTTP_2.0": () => false,
  HTTP_URL_ABS: (c) => /^[a-z][a-z0-9+.-]*:\/\//i.test(c.uri),
  HTTP_URL_SLASH: (c) => c.uri.startsWith("/"),
  HTTP_URL_STAR: (c) => c.uri === "*",
  HTTP_CONTENT: (c) => c.headers.some((h) => /^(content-length|transfer-encoding)$/i.test(h.name)),
  REQ_CONTENT: () => false,
  WAIT_END: () => true,
  RDP_COOKIE: () => false,
  LOCALHOST: (c) => peerInSubnets(c.src, [parseCidr("127.0.0.1/8")!]) !== null,
  METH_CONNECT: (c) => c.method === "CONNECT",
  METH_DELETE: (c) => c.method === "DELETE",
  METH_GET: (c) => c.method === "GET" || c.method === "HEAD",
  METH_HEAD: (c) => c.method === "HEAD",
  METH_OPTIONS: (c) => c.method === "OPTIONS",
  METH_POST: (c) => c.method === "POST",
  METH_PUT: (c) => c.method === "PUT",
  METH_TRACE: (c) => c.method === "TRACE",
};

/**
 * Parses the words after an action (from `if`/`unless` on). `named` holds the section's ACLs by name.
 * Problems use HAProxy's wording ("no such ACL : 'x'").
 */
export function parseCondition(words: readonly string[], named: ReadonlyMap<string, Acl[]>, line: number, problems: SampleError[]): Condition | null {
  if (words.length === 0) return null;
  const unless = words[0] === "unless";
  const groups: CondTerm[][] = [[]];
  let negate = false;
  for (let i = 1; i < words.length; i += 1) {
    const w = words[i]!;
    if (w === "||" || w === "or") {
      groups.push([]);
      continue;
    }
    if (w === "!") {
      negate = !negate;
      continue;
    }
    let name = w;
    let neg = negate;
    if (name.startsWith("!") && name !== "!") {
      neg = !neg;
      name = name.slice(1);
    }
    if (name === "{" || name.startsWith("{")) {
      const body: string[] = [];
      const first = name.slice(1);
      if (first) body.push(first);
      let j = i + 1;
      for (; j < words.length && words[j] !== "}"; j += 1) body.push(words[j]!);
      if (j >= words.length) {
        problems.push({ severity: "error", message: `missing closing '}' in condition` });
        return null;
      }
      const acl = parseAcl(null, body, line, problems);
      if (!acl) return null;
      groups.at(-1)!.push({ negate: neg, acls: [acl], name: `{ ${body.join(" ")} }` });
      i = j;
      negate = false;
      continue;
    }
    const acls = named.get(name);
    if (acls) groups.at(-1)!.push({ negate: neg, acls, name });
    else if (PREDEFINED_ACLS.has(name)) groups.at(-1)!.push({ negate: neg, acls: "predefined", name });
    else {
      problems.push({ severity: "error", message: `no such ACL : '${name}'` });
      return null;
    }
    negate = false;
  }
  return { unless, groups, text: words.join(" ") };
}

/** Evaluates a condition (null = no condition = true). */
export function conditionHolds(cond: Condition | null, ctx: SampleContext): boolean {
  if (!cond) return true;
  const term = (t: CondTerm) => {
    const v = t.acls === "predefined" ? (PREDEFINED[t.name]?.(ctx) ?? false) : t.acls.some((a) => aclMatches(a, ctx));
    return t.negate ? !v : v;
  };
  const v = cond.groups.some((g) => g.length > 0 && g.every(term));
  return cond.unless ? !v : v;
}
