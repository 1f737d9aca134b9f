/**
 * What an HAProxy 2.6 configuration means for one HTTP request: its proxies (frontend, backend, listen) with
 * the settings each inherits from the `defaults` section before it, their `bind` addresses, `acl`s,
 * `http-request`/`http-response` rules, `use_backend`/`default_backend`, `server` lines, `option forwardfor`,
 * the connection mode options and `source`.
 *
 * Source: HAProxy Configuration Manual 2.6 (doc/configuration.txt as Debian 12's haproxy 2.6.12 ships it):
 * section 4 "Proxies" (4.1 keywords matrix, 4.2 `bind`, `default_backend`, `use_backend`, `mode`, `option
 * forwardfor`, `option httpclose`, `option http-server-close`, `option http-keep-alive`, `redirect`, `source`,
 * `http-request`, `http-response`), section 5.2 "Server and default-server options" (`ssl`, `source`, `sni`),
 * section 7 for ACLs. Keywords this model does not simulate are accepted silently when HAProxy accepts them;
 * the errors are the ones `haproxy -c` of 2.6.12 gives, in its words (checked by the unit tests' rows and the
 * conformance corpus). In particular `option forwarded` does not exist in 2.6 (it came with 2.8): HAProxy
 * 2.6.12 refuses it with "unknown option 'forwarded'; did you mean 'forwardfor' maybe ?".
 */
import type { Diagnostic } from "../types.ts";
import type { Subnet } from "../net/address.ts";
import { nearestName, parseCidr } from "../loadBalancers/common.ts";
import { parseHaproxyConfig, type HaLine, type HaSection, type HaWord } from "./configParser.ts";
import { GLOBAL_KEYWORDS, PROXY_KEYWORDS, type ProxyKeyword } from "./keywords.ts";
import { parseAcl, parseCondition, parseLogFormat, parseSampleExpr, type Acl, type Condition, type LogPart, type SampleError, type SampleExpr } from "./samples.ts";
import { stripBrackets } from "../net/address.ts";

export type ProxyRole = "frontend" | "backend" | "listen";
export type ConnMode = "keep-alive" | "server-close" | "close";

export interface HaBind {
  /** Null for any address (`:80`, `*:80`, `0.0.0.0:80`, `:::80`). */
  host: string | null;
  port: number;
  ssl: boolean;
  word: HaWord;
}

export interface HaServer {
  name: string;
  host: string;
  /** Null when the line has no port: HAProxy then uses the port the client connected to. */
  port: number | null;
  ssl: boolean;
  source: string | null;
  sni: SampleExpr | null;
  word: HaWord;
  line: number;
}

export interface HaForwardfor {
  header: string;
  except: Subnet | null;
  ifNone: boolean;
  line: number;
}

/** One `http-request`/`http-response` rule (or a legacy `redirect`, kept as an http-request redirect). */
export interface HaRule {
  action: string;
  /** The action's arguments before the condition. */
  args: HaWord[];
  cond: Condition | null;
  line: number;
  /** Log-format values parsed once (set-header/add-header value, replace-* replacement, redirect target). */
  format: LogPart[] | null;
  /** The whole rule as written, for the trace. */
  text: string;
}

export interface HaProxy {
  role: ProxyRole;
  name: string;
  line: number;
  mode: "http" | "tcp";
  binds: HaBind[];
  acls: Map<string, Acl[]>;
  httpRequest: HaRule[];
  httpResponse: HaRule[];
  useBackends: { name: string; word: HaWord; cond: Condition | null; line: number }[];
  defaultBackend: { name: string; word: HaWord } | null;
  servers: HaServer[];
  forwardfor: HaForwardfor | null;
  connMode: ConnMode;
  source: string | null;
  /** True for the implicit listen section a text without sections becomes. */
  implicit: boolean;
}

export interface HaModel {
  proxies: HaProxy[];
  implicit: boolean;
  diagnostics: Diagnostic[];
}

interface Defaults {
  mode: "http" | "tcp";
  forwardfor: HaForwardfor | null;
  connMode: ConnMode;
  source: string | null;
  defaultBackend: { name: string; word: HaWord } | null;
}

const HTTP_REQUEST_ACTIONS = new Set([
  "wait-for-handshake", "set-log-level", "set-nice", "use-service", "sc-inc-gpc", "sc-inc-gpc0", "sc-inc-gpc1", "sc-set-gpt", "sc-set-gpt0",
  "send-spoe-group", "do-resolve", "cache-use", "add-acl", "add-header", "allow", "auth", "capture", "del-acl", "del-header", "del-map", "deny",
  "disable-l7-retry", "early-hint", "normalize-uri", "redirect", "reject", "replace-header", "replace-path", "replace-pathq", "replace-uri",
  "replace-value", "return", "set-header", "set-map", "set-method", "set-path", "set-pathq", "set-query", "set-uri", "strict-mode", "tarpit",
  "track-sc0", "track-sc1", "track-sc2", "set-timeout", "wait-for-body", "set-var-fmt", "set-var", "unset-var", "set-dst", "set-dst-port",
  "set-mark", "set-src", "set-src-port", "set-tos", "silent-drop", "set-priority-class", "set-priority-offset",
]);
const HTTP_RESPONSE_ACTIONS = new Set([
  "add-acl", "add-header", "allow", "cache-store", "capture", "del-acl", "del-header", "del-map", "deny", "redirect", "replace-header",
  "replace-value", "return", "sc-inc-gpc", "sc-inc-gpc0", "sc-inc-gpc1", "sc-set-gpt", "sc-set-gpt0", "send-spoe-group", "set-header",
  "set-log-level", "set-map", "set-mark", "set-nice", "set-status", "set-tos", "set-var", "set-var-fmt", "silent-drop", "strict-mode",
  "track-sc0", "track-sc1", "track-sc2", "unset-var", "wait-for-body",
]);
/** Actions this model simulates; the others are accepted and reported as not simulated. */
export const MODELLED_ACTIONS = new Set(["add-header", "set-header", "del-header", "replace-header", "replace-value", "set-path", "set-pathq", "replace-path", "replace-pathq", "set-query", "set-uri", "replace-uri", "set-method", "redirect", "deny", "allow", "return", "set-status", "reject", "tarpit"]);

/** Parses `bind` address words: `[host]:port[,…]`, `*` and empty hosts meaning any address. */
function parseBindAddress(word: HaWord): HaBind[] | string {
  const out: HaBind[] = [];
  for (const part of word.text.split(",")) {
    const p = part.replace(/^(ipv4|ipv6|tcp|tcp4|tcp6)@/, "");
    const m = /^(\[[^\]]*\]|[^:]*|.*(?=:\d+$)):(\d+)(?:-(\d+))?$/.exec(p);
    if (!m) return `missing port number: '${part}'`;
    const host = stripBrackets(m[1]!);
    const port = Number(m[2]);
    if (port < 1 || port > 65535) return `invalid port '${m[2]}'`;
    out.push({ host: host === "" || host === "*" || host === "0.0.0.0" || host === "::" ? null : host, port, ssl: false, word });
  }
  return out;
}

function serverAddress(text: string): { host: string; port: number | null } | string {
  const t = text.replace(/^(ipv4|ipv6)@/, "");
  const m6 = /^\[([^\]]+)\](?::(.*))?$/.exec(t);
  let host: string;
  let port: string | undefined;
  if (m6) {
    host = m6[1]!;
    port = m6[2];
  } else if ((t.match(/:/g) ?? []).length > 1) {
    // IPv6 without brackets: HAProxy takes the part after the last colon as the port when it is numeric.
    const last = t.lastIndexOf(":");
    host = t.slice(0, last);
    port = t.slice(last + 1);
  } else {
    const c = t.indexOf(":");
    host = c < 0 ? t : t.slice(0, c);
    port = c < 0 ? undefined : t.slice(c + 1);
  }
  if (port === undefined || port === "") return { host, port: null };
  const bad = /[^0-9]/.exec(port);
  if (bad) return `invalid character '${bad[0]}' in port number '${port}' in '${text}'`;
  return { host, port: Number(port) };
}

const KEYWORD_BY_NAME = new Map(PROXY_KEYWORDS.map((p) => [p.keyword, p]));

/** The keyword a line starts with (longest match in the matrix), with "no"/"default" prefixes. */
function keywordAt(words: readonly HaWord[]): { spec: ProxyKeyword | null; count: number; prefix: "no" | "default" | null } {
  let start = 0;
  let prefix: "no" | "default" | null = null;
  if (words[0]?.text === "no" || words[0]?.text === "default") {
    prefix = words[0].text as "no" | "default";
    start = 1;
  }
  for (const n of [3, 2, 1]) {
    const k = words.slice(start, start + n).map((w) => w.text).join(" ");
    const spec = KEYWORD_BY_NAME.get(k);
    if (spec && words.length >= start + n) return { spec, count: start + n, prefix };
  }
  return { spec: null, count: start + 1, prefix };
}

/**
 * Builds the model of a configuration text. `implied` is the proxy's own `listen` address, used as the
 * `bind` of an implicit listen section without one (with `ssl` when the client speaks TLS, as the conformance
 * runner writes it). Diagnostics carry HAProxy's messages; never throws.
 */
export function buildHaproxyModel(text: string, source: string, implied: { listen: string; tls?: boolean }): HaModel {
  const parsed = parseHaproxyConfig(text, source);
  const diagnostics = [...parsed.diagnostics];
  const at = (w: HaWord, endWord: HaWord = w) => ({ source, line: w.line, column: w.column, endLine: endWord.line, endColumn: endWord.endColumn });
  const err = (w: HaWord, code: Diagnostic["code"], message: string, endWord?: HaWord) => diagnostics.push({ severity: "error", code, ...at(w, endWord), message });
  const warn = (w: HaWord, code: Diagnostic["code"], message: string, endWord?: HaWord) => diagnostics.push({ severity: "warning", code, ...at(w, endWord), message });

  // The scenario convention: the text follows a `defaults` section with `mode http` (and timeouts), as the
  // conformance runner writes it. A `defaults` section in the text starts again from HAProxy's own defaults
  // (mode tcp), as every new defaults section does.
  let defaults: Defaults = { mode: "http", forwardfor: null, connMode: "keep-alive", source: null, defaultBackend: null };
  const proxies: HaProxy[] = [];
  const globalVerifyNone = parsed.sections.some((sec) => sec.kind === "global" && sec.lines.some((l) => l.words[0]?.text === "ssl-server-verify" && l.words[1]?.text === "none"));

  const readSection = (section: HaSection) => {
    const role: ProxyRole | "defaults" = section.kind === "defaults" ? "defaults" : (section.kind as ProxyRole);
    const target: Defaults & Partial<HaProxy> =
      role === "defaults"
        ? { mode: "tcp", forwardfor: null, connMode: "keep-alive", source: null, defaultBackend: null }
        : { ...defaults, binds: [], acls: new Map(), httpRequest: [], httpResponse: [], useBackends: [], servers: [] };
    const acls = (target.acls ?? new Map<string, Acl[]>()) as Map<string, Acl[]>;
    const label = role === "defaults" ? "defaults" : `${role} '${section.name}'`;
    const sampleProblems = (w: HaWord, problems: SampleError[], prefix: string, endWord?: HaWord) => {
      for (const p of problems) {
        if (p.severity === "error") err(w, "haproxy-sample", `${prefix}${p.message}.`, endWord);
        else warn(w, "haproxy-not-modelled", `${p.message}.`, endWord);
      }
    };
    for (const l of section.lines) {
      const words = l.words;
      const w0 = words[0]!;
      const { spec, count, prefix } = keywordAt(words);
      const kwText = words.slice(0, count).map((w) => w.text).join(" ");
      if (!spec) {
        if (w0.text === "option" || (prefix && words[1]?.text === "option")) {
          const name = words[prefix ? 2 : 1]?.text ?? "";
          const opts = PROXY_KEYWORDS.filter((p) => p.keyword.startsWith("option ")).map((p) => p.keyword.slice(7));
          const best = nearestName(opts, name, 3);
          const hint = best ? `; did you mean '${best}' maybe ?` : ".";
          const word = words[prefix ? 2 : 1] ?? w0;
          err(word, "haproxy-unknown-option", `unknown option '${name}'${hint}${name === "forwarded" ? " (option forwarded, which emits RFC 7239 Forwarded, arrived in HAProxy 2.8; 2.6.12 refuses it)" : ""}`);
        } else if (w0.text === "timeout") {
          err(words[1] ?? w0, "haproxy-args", `'timeout' supports 'client', 'server', 'connect', 'check', 'queue', 'http-keep-alive', 'http-request', 'tunnel', 'tarpit', 'client-fin' and 'server-fin' (got '${words[1]?.text ?? ""}')`);
        } else {
          err(w0, "haproxy-unknown-keyword", `unknown keyword '${w0.text}' in '${section.kind === "defaults" ? "defaults" : section.keyword}' section`);
        }
        continue;
      }
      // Where the keyword may appear.
      if (role === "defaults" && !spec.defaults) {
        err(w0, "haproxy-section", `'${spec.keyword}' not allowed in 'defaults' section.`);
        continue;
      }
      if (role === "defaults" && (spec.keyword === "http-request" || spec.keyword === "http-response" || spec.keyword === "acl") && section.name === null) {
        err(w0, "haproxy-section", `'${spec.keyword}' not allowed in anonymous 'defaults' section.`);
        continue;
      }
      if (role === "frontend" && !spec.frontend) {
        if (["server", "server-template", "default-server", "dispatch"].includes(spec.keyword)) err(w0, "haproxy-section", `'${spec.keyword}' not allowed because frontend '${section.name}' has no backend capability.`);
        else warn(w0, "haproxy-section", `'${spec.keyword}' ignored because frontend '${section.name}' has no backend capability.`);
        continue;
      }
      if (role === "backend" && !spec.backend) {
        warn(w0, "haproxy-section", `'${spec.keyword}' ignored because backend '${section.name}' has no frontend capability.`);
        continue;
      }
      if (prefix && !spec.invertible) {
        err(w0, "haproxy-args", `negation/default is not supported for ${spec.keyword.startsWith("option ") ? `option '${spec.keyword.slice(7)}'` : `'${spec.keyword}'`}.`);
        continue;
      }
      const rest = words.slice(count);
      switch (spec.keyword) {
        case "mode": {
          const m = rest[0]?.text;
          if (m !== "http" && m !== "tcp" && m !== "health") err(rest[0] ?? w0, "haproxy-args", `'mode' expects one of 'http', 'tcp' or 'health' as argument.`);
          else if (m === "http" || m === "tcp") target.mode = m;
          break;
        }
        case "bind": {
          if (!rest[0]) {
            err(w0, "haproxy-args", `'bind' expects {<path>|[addr1]:port1[-end1]}{,[addr]:port[-end]}... as arguments.`);
            break;
          }
          const binds = parseBindAddress(rest[0]);
          if (typeof binds === "string") {
            err(rest[0], "haproxy-args", binds);
            break;
          }
          const ssl = rest.slice(1).some((w) => w.text === "ssl");
          if (ssl && !rest.slice(1).some((w) => w.text === "crt" || w.text === "crt-list")) {
            err(rest[0], "haproxy-bind-ssl", `Proxy '${section.name ?? ""}': no SSL certificate specified for bind '${rest[0].text}' at line ${l.line} (use 'crt').`);
          }
          for (const b of binds) target.binds!.push({ ...b, ssl });
          break;
        }
        case "acl": {
          const name = rest[0];
          if (!name) {
            err(w0, "haproxy-args", `'acl' expects an ACL name and a criterion.`);
            break;
          }
          const problems: SampleError[] = [];
          const acl = parseAcl(name.text, rest.slice(1).map((w) => w.text), l.line, problems);
          sampleProblems(rest[1] ?? name, problems, `error detected while parsing ACL '${name.text}' : `, rest.at(-1));
          if (acl) acls.set(name.text, [...(acls.get(name.text) ?? []), acl]);
          break;
        }
        case "default_backend":
          if (!rest[0]) err(w0, "haproxy-args", `'default_backend' expects a backend name.`);
          else target.defaultBackend = { name: rest[0].text, word: rest[0] };
          break;
        case "use_backend": {
          if (!rest[0]) {
            err(w0, "haproxy-args", `'use_backend' expects a backend name.`);
            break;
          }
          const problems: SampleError[] = [];
          const cond = rest[1] ? (["if", "unless"].includes(rest[1].text) ? parseCondition(rest.slice(1).map((w) => w.text), acls, l.line, problems) : null) : null;
          if (rest[1] && !["if", "unless"].includes(rest[1].text)) err(rest[1], "haproxy-args", `'use_backend' expects 'if' or 'unless' followed by a condition but found '${rest[1].text}'.`);
          sampleProblems(rest[1] ?? w0, problems, `error detected while parsing switching rule : `, rest.at(-1));
          if (!problems.some((p) => p.severity === "error")) target.useBackends!.push({ name: rest[0].text, word: rest[0], cond, line: l.line });
          break;
        }
        case "server": {
          const name = rest[0];
          const addr = rest[1];
          if (!name || !addr) {
            err(w0, "haproxy-args", `'server' expects <name> and <addr>[:<port>] as arguments.`);
            break;
          }
          const a = serverAddress(addr.text);
          if (typeof a === "string") {
            err(addr, "haproxy-server-address", `'server ${section.name}/${name.text}' : ${a}`);
            break;
          }
          const opts = rest.slice(2);
          const dup = target.servers!.find((x) => x.name === name.text);
          if (dup) {
            err(name, "haproxy-duplicate-server", `proxy '${section.name ?? ""}', another server named '${name.text}' was already defined at line ${dup.line}, please use distinct names.`);
            break;
          }
          const verifyIdx = opts.findIndex((w) => w.text === "verify");
          const verifyNone = verifyIdx >= 0 && opts[verifyIdx + 1]?.text === "none";
          if (opts.some((w) => w.text === "ssl") && !verifyNone && !opts.some((w) => w.text === "ca-file") && !globalVerifyNone) {
            err(addr, "haproxy-server-verify", `'server ${section.name}/${name.text}' : verify is enabled by default but no CA file specified. If you're running on a LAN where you're certain to trust the server's certificate, please set an explicit 'verify none' statement on the 'server' line, or use 'ssl-server-verify none' in the global section to disable server-side verifications by default.`);
            break;
          }
          const srcIdx = opts.findIndex((w) => w.text === "source");
          const sniIdx = opts.findIndex((w) => w.text === "sni");
          let sni: SampleExpr | null = null;
          if (sniIdx >= 0 && opts[sniIdx + 1]) {
            const problems: SampleError[] = [];
            sni = parseSampleExpr(opts[sniIdx + 1]!.text, problems);
            sampleProblems(opts[sniIdx + 1]!, problems, "");
          }
          target.servers!.push({ name: name.text, host: a.host, port: a.port, ssl: opts.some((w) => w.text === "ssl"), source: srcIdx >= 0 ? (opts[srcIdx + 1]?.text.replace(/:\d*$/, "") ?? null) : null, sni, word: addr, line: l.line });
          if (!/^[0-9.]+$|:/.test(a.host) && a.host !== "localhost") warn(addr, "haproxy-server-address", `'${a.host}' is resolved by HAProxy when it starts; this model does not resolve names and takes the next server in the scenario as this server.`);
          break;
        }
        case "source":
          if (!rest[0]) err(w0, "haproxy-args", `'source' expects <addr>[:<port>] as argument.`);
          else target.source = rest[0].text.replace(/:\d*$/, "");
          break;
        case "option forwardfor": {
          let header = "X-Forwarded-For";
          let except: Subnet | null = null;
          let ifNone = false;
          let ok = true;
          for (let i = 0; i < rest.length; i += 1) {
            const w = rest[i]!;
            if (w.text === "except") {
              const net = rest[i + 1];
              const s = net ? parseCidr(net.text) : null;
              if (!s) {
                err(net ?? w, "haproxy-args", `'option forwardfor except' expects <address>[/mask] as argument.`);
                ok = false;
                break;
              }
              except = s;
              i += 1;
            } else if (w.text === "header") {
              const h = rest[i + 1];
              if (!h) {
                err(w, "haproxy-args", `'option forwardfor header' expects <header_name> as argument.`);
                ok = false;
                break;
              }
              header = h.text;
              i += 1;
            } else if (w.text === "if-none") ifNone = true;
            else {
              err(w, "haproxy-args", `'option forwardfor' only supports optional values: 'except', 'header' and 'if-none'.`);
              ok = false;
              break;
            }
          }
          if (ok) target.forwardfor = { header, except, ifNone, line: l.line };
          break;
        }
        case "option httpclose":
          target.connMode = prefix === "no" ? "keep-alive" : "close";
          break;
        case "option http-server-close":
          target.connMode = prefix === "no" ? "keep-alive" : "server-close";
          break;
        case "option http-keep-alive":
          target.connMode = "keep-alive";
          break;
        case "http-request":
        case "http-response": {
          const isReq = spec.keyword === "http-request";
          const actionWord = rest[0];
          const rawAction = actionWord?.text ?? "";
          const action = rawAction.replace(/\(.*\)$/, "");
          const known = isReq ? HTTP_REQUEST_ACTIONS : HTTP_RESPONSE_ACTIONS;
          if (!actionWord || !known.has(action)) {
            err(actionWord ?? w0, "haproxy-args", `'${spec.keyword}' expects ${[...known].slice(0, 12).map((a) => `'${a}'`).join(", ")}, … but got '${rawAction}'.`);
            break;
          }
          const ci = rest.findIndex((w, i) => i > 0 && (w.text === "if" || w.text === "unless"));
          const args = ci < 0 ? rest.slice(1) : rest.slice(1, ci);
          const problems: SampleError[] = [];
          const cond = ci < 0 ? null : parseCondition(rest.slice(ci).map((w) => w.text), acls, l.line, problems);
          // HAProxy names a listen section "proxy" here (observed on 2.6.12).
          const where = `error detected in ${role === "listen" ? "proxy" : label.replace(/ '.*/, "")} '${section.name ?? ""}' while parsing '${spec.keyword} ${action}' rule : `;
          let format: LogPart[] | null = null;
          // `what` names the arguments as HAProxy's message does. The header actions take their n words and leave
          // the rest to the rule, which wants a condition there (`headerAction`); the others count all words
          // (both observed on 2.6.12).
          const need = (n: number, what: string, headerAction = false) => {
            if (headerAction && args.length > n) {
              err(args[n]!, "haproxy-args", `'${spec.keyword} ${action}' expects either 'if' or 'unless' followed by a condition but found '${args[n]!.text}'.`);
              return false;
            }
            if (args.length !== n) {
              err(actionWord, "haproxy-args", `${where}expects exactly ${n} argument${n === 1 ? "" : "s"}${what}.`, rest.at(-1));
              return false;
            }
            return true;
          };
          if (action === "set-header" || action === "add-header") {
            if (!need(2, "", true)) break;
            format = parseLogFormat(args[1]!.text, problems);
          } else if (action === "replace-header" || action === "replace-value") {
            if (!need(3, "", true)) break;
            try {
              new RegExp(args[1]!.text);
            } catch {
              err(args[1]!, "haproxy-args", `${where}invalid regex '${args[1]!.text}'.`);
              break;
            }
            format = parseLogFormat(args[2]!.text, problems);
          } else if (action === "del-header") {
            if (args.length < 1) {
              err(actionWord, "haproxy-args", `${where}expects exactly 1 argument.`);
              break;
            }
          } else if (["set-path", "set-pathq", "set-query", "set-uri", "set-method"].includes(action)) {
            if (!need(1, " <format>")) break;
            format = parseLogFormat(args[0]!.text, problems);
          } else if (["replace-path", "replace-pathq", "replace-uri"].includes(action)) {
            if (!need(2, " <match-regex> and <replace-format>")) break;
            try {
              new RegExp(args[0]!.text);
            } catch {
              err(args[0]!, "haproxy-args", `${where}invalid regex '${args[0]!.text}'.`);
              break;
            }
            format = parseLogFormat(args[1]!.text, problems);
          } else if (action === "redirect") {
            const kind = args[0]?.text;
            if (!kind || !["location", "prefix", "scheme"].includes(kind) || !args[1]) {
              err(args[0] ?? actionWord, "haproxy-args", `${where}expects 'code', 'prefix', 'location', 'scheme', 'set-cookie', 'clear-cookie', 'drop-query', 'ignore-empty' or 'append-slash' (was '${kind ?? ""}').`);
              break;
            }
            format = parseLogFormat(args[1].text, problems);
          } else if (!MODELLED_ACTIONS.has(action)) {
            warn(actionWord, "haproxy-not-modelled", `'${spec.keyword} ${action}' is valid HAProxy 2.6, but this model does not simulate it: the rule is skipped here.`);
          }
          sampleProblems(actionWord, problems, ci >= 0 && problems.some((p) => /no such ACL|condition/.test(p.message)) ? `error detected while parsing an '${spec.keyword} ${action}' condition : ` : where, rest.at(-1));
          if (problems.some((p) => p.severity === "error")) break;
          const rule: HaRule = { action, args, cond, line: l.line, format, text: words.map((w) => w.text).join(" ") };
          (isReq ? target.httpRequest! : target.httpResponse!).push(rule);
          break;
        }
        case "redirect": {
          const ci = rest.findIndex((w) => w.text === "if" || w.text === "unless");
          const args = ci < 0 ? rest : rest.slice(0, ci);
          const problems: SampleError[] = [];
          const cond = ci < 0 ? null : parseCondition(rest.slice(ci).map((w) => w.text), acls, l.line, problems);
          const kind = args[0]?.text;
          if (!kind || !["location", "prefix", "scheme"].includes(kind) || !args[1]) {
            err(args[0] ?? w0, "haproxy-args", `'redirect' expects 'code', 'prefix', 'location', 'scheme', 'set-cookie', 'clear-cookie', 'drop-query', 'ignore-empty' or 'append-slash' (was '${kind ?? ""}').`);
            break;
          }
          sampleProblems(w0, problems, `error detected while parsing redirect rule : `, rest.at(-1));
          if (problems.some((p) => p.severity === "error")) break;
          // Legacy redirect rules run after the http-request rules; kept apart and appended at the end.
          (target as { legacyRedirects?: HaRule[] }).legacyRedirects = [...((target as { legacyRedirects?: HaRule[] }).legacyRedirects ?? []), { action: "redirect", args, cond, line: l.line, format: parseLogFormat(args[1].text, []), text: words.map((w) => w.text).join(" ") }];
          break;
        }
        default:
          break;
      }
    }
    if (role === "defaults") {
      defaults = { mode: target.mode, forwardfor: target.forwardfor, connMode: target.connMode, source: target.source, defaultBackend: target.defaultBackend };
      return;
    }
    const legacy = (target as { legacyRedirects?: HaRule[] }).legacyRedirects ?? [];
    proxies.push({
      role,
      name: section.name ?? "proxy",
      line: section.header?.line ?? 1,
      mode: target.mode,
      binds: target.binds!,
      acls,
      httpRequest: [...target.httpRequest!, ...legacy],
      httpResponse: target.httpResponse!,
      useBackends: target.useBackends!,
      defaultBackend: role === "backend" ? null : target.defaultBackend,
      servers: target.servers!,
      forwardfor: target.forwardfor,
      connMode: target.connMode,
      source: target.source,
      implicit: section.header === null,
    });
  };

  for (const section of parsed.sections) {
    if (section.kind === "global") {
      for (const l of section.lines) {
        const w0 = l.words[0]!;
        if (!GLOBAL_KEYWORDS.has(w0.text) && !w0.text.startsWith("tune.") && !w0.text.startsWith("ssl-")) err(w0, "haproxy-unknown-keyword", `unknown keyword '${w0.text}' in 'global' section`);
      }
      continue;
    }
    if (section.kind === "other") continue;
    readSection(section);
  }

  // Implicit listen: its bind is the proxy's listen address unless it has one.
  const implicit = proxies.find((p) => p.implicit);
  if (implicit && implicit.binds.length === 0) {
    const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(implied.listen);
    if (m) implicit.binds.push({ host: m[1] ?? m[2]!, port: Number(m[3]), ssl: implied.tls ?? false, word: { text: implied.listen, line: 1, column: 1, endColumn: 1, quoted: false } });
  }

  // Cross-references, checked when HAProxy starts.
  const names = new Map(proxies.map((p) => [p.name, p]));
  for (const p of proxies) {
    if (p.role === "backend") continue;
    for (const u of p.useBackends) {
      const b = names.get(u.name);
      if (!b || b.role === "frontend") err(u.word, "haproxy-missing-backend", `Proxy '${p.name}': unable to find required use_backend: '${u.name}'.`);
    }
    if (p.defaultBackend) {
      const b = names.get(p.defaultBackend.name);
      if (!b || b.role === "frontend") err(p.defaultBackend.word, "haproxy-missing-backend", `Proxy '${p.name}': unable to find required default_backend: '${p.defaultBackend.name}'.`);
    }
    if (p.binds.length === 0 && !p.implicit) {
      diagnostics.push({ severity: "warning", code: "haproxy-no-bind", source, line: p.line, column: 1, message: `${p.role} '${p.name}' has no 'bind' directive. Please declare it as a backend if this was intended.` });
    }
  }
  const seen = new Map<string, HaProxy>();
  for (const p of proxies) {
    const prev = seen.get(p.name);
    if (prev) {
      // A frontend and a backend may share a name; two proxies with the same capability may not.
      const clash = (prev.role !== "backend" && p.role !== "backend") || (prev.role !== "frontend" && p.role !== "frontend");
      if (clash) diagnostics.push({ severity: "error", code: "haproxy-duplicate-proxy", source, line: p.line, column: 1, message: `proxy '${p.name}' has the same name as proxy '${prev.name}' declared at line ${prev.line}.` });
    }
    seen.set(p.name, p);
  }
  return { proxies, implicit: parsed.implicit, diagnostics };
}

export type { HaLine };
