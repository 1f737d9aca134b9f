/**
 * A `mod_wsgi-express start-server …` (or `setup-server …`) command line, read as a POSIX shell would split
 * it and as mod_wsgi-express's optparse parser would take the words.
 *
 * Sources: mod_wsgi 4.9.4 `src/server/__init__.py` (`option_list`) and 6.0.5 `src/express/options.py`, as
 * summarised in modwsgi-behaviour.md §0.1 and §4.2 (which option exists since which version). Not run: the
 * Debian package does not ship mod_wsgi-express, so the option table and its error texts are read from source.
 */
import type { Diagnostic, ModWsgiVersion } from "../types.ts";

/** One shell word after quote removal, with where it starts and ends in the text (1-based, end exclusive). */
export interface Token {
  text: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * Splits `text` into words with POSIX shell quoting: blanks separate words; `'…'` is literal; `"…"` keeps
 * everything but `\` before `$ \` " newline`; an unquoted `\x` is `x`; `\`-newline (quoted or not, except in
 * `'…'`) joins lines; an unquoted `#` at the start of a word starts a comment. An unterminated quote is an error
 * diagnostic at the quote. Never throws.
 */
export function tokenize(text: string, source: string): { tokens: Token[]; diagnostics: Diagnostic[] } {
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  let line = 1;
  let col = 1;
  let i = 0;
  let cur: { text: string; line: number; column: number } | null = null;
  let endLine = 1;
  let endColumn = 1;
  const advance = (n: number) => {
    for (let k = 0; k < n; k += 1) {
      if (text[i] === "\n") {
        line += 1;
        col = 1;
      } else col += 1;
      i += 1;
    }
  };
  const start = () => {
    if (!cur) cur = { text: "", line, column: col };
  };
  const finish = () => {
    if (cur) tokens.push({ ...cur, endLine, endColumn });
    cur = null;
  };
  const mark = () => {
    endLine = line;
    endColumn = col;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\\" && text[i + 1] === "\n") {
      advance(2);
      continue;
    }
    if (c === "\\" && text[i + 1] === "\r" && text[i + 2] === "\n") {
      advance(3);
      continue;
    }
    if (c === ";" || c === "&" || c === "|") {
      finish();
      diagnostics.push({ severity: "warning", code: "express-command-separator", source, line, column: col, endLine: line, endColumn: col + 1, message: `An unquoted "${c}" ends the mod_wsgi-express command here: the shell runs what follows as another command. Quote the value if it belongs to an option (e.g. --hsts-policy 'max-age=31536000;includeSubDomains').` });
      break;
    }
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      finish();
      advance(1);
      continue;
    }
    if (c === "#" && !cur) {
      while (i < text.length && text[i] !== "\n") advance(1);
      continue;
    }
    start();
    const word = cur!;
    if (c === "\\") {
      advance(1);
      if (i < text.length) {
        word.text += text[i];
        advance(1);
      }
      mark();
      continue;
    }
    if (c === "'") {
      const qLine = line;
      const qCol = col;
      advance(1);
      while (i < text.length && text[i] !== "'") {
        word.text += text[i];
        advance(1);
      }
      if (i >= text.length) {
        diagnostics.push({ severity: "error", code: "express-unterminated-quote", source, line: qLine, column: qCol, endLine: qLine, endColumn: qCol + 1, message: "This single quote is never closed: the shell waits for more input and never runs mod_wsgi-express." });
      } else advance(1);
      mark();
      continue;
    }
    if (c === '"') {
      const qLine = line;
      const qCol = col;
      advance(1);
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\" && text[i + 1] === "\n") {
          advance(2);
          continue;
        }
        if (text[i] === "\\" && i + 1 < text.length && '$`"\\'.includes(text[i + 1]!)) {
          advance(1);
        }
        word.text += text[i];
        advance(1);
      }
      if (i >= text.length) {
        diagnostics.push({ severity: "error", code: "express-unterminated-quote", source, line: qLine, column: qCol, endLine: qLine, endColumn: qCol + 1, message: "This double quote is never closed: the shell waits for more input and never runs mod_wsgi-express." });
      } else advance(1);
      mark();
      continue;
    }
    // A run of characters the shell takes as they are, copied at once (none of them is a line feed).
    let j = i + 1;
    while (j < text.length && !SHELL_SPECIAL.has(text.charCodeAt(j))) j++;
    word.text += text.slice(i, j);
    col += j - i;
    i = j;
    mark();
  }
  finish();
  return { tokens, diagnostics };
}

/** The characters that end a run of plain characters in a word: blanks, line ends, `;&|`, `\` and quotes. */
const SHELL_SPECIAL: ReadonlySet<number> = new Set(Array.from(" \t\n\r;&|\\'\"", (ch) => ch.charCodeAt(0)));

type Kind = "string" | "int" | "port" | "flag" | "map-head" | "app-type" | "hsts" | "status";

interface OptionSpec {
  /** Destination key in ExpressOptions. */
  dest: string;
  /** Values the option takes: 0 (flag), 1 or 2. */
  nargs: 0 | 1 | 2;
  kind: Kind;
  /** First version of the two modelled that has it. */
  since: ModWsgiVersion;
  /** The name it is a hidden alias of, for messages. */
  aliasOf?: string;
}

/** The options modelled, by name (modwsgi-behaviour.md §0.1, §4.2). */
const OPTIONS: Record<string, OptionSpec> = {
  "--host": { dest: "host", nargs: 1, kind: "string", since: "4.9" },
  "--port": { dest: "port", nargs: 1, kind: "port", since: "4.9" },
  "--server-name": { dest: "serverName", nargs: 1, kind: "string", since: "4.9" },
  "--server-alias": { dest: "serverAliases", nargs: 1, kind: "string", since: "4.9" },
  "--allow-localhost": { dest: "allowLocalhost", nargs: 0, kind: "flag", since: "4.9" },
  "--https-port": { dest: "httpsPort", nargs: 1, kind: "port", since: "4.9" },
  "--ssl-port": { dest: "httpsPort", nargs: 1, kind: "port", since: "4.9", aliasOf: "--https-port" },
  "--ssl-certificate": { dest: "sslCertificate", nargs: 1, kind: "string", since: "4.9" },
  "--ssl-certificate-file": { dest: "sslCertificateFile", nargs: 1, kind: "string", since: "4.9" },
  "--ssl-certificate-key-file": { dest: "sslCertificateKeyFile", nargs: 1, kind: "string", since: "4.9" },
  "--https-only": { dest: "httpsOnly", nargs: 0, kind: "flag", since: "4.9" },
  "--hsts-policy": { dest: "hstsPolicy", nargs: 1, kind: "hsts", since: "4.9" },
  "--trust-proxy": { dest: "trustProxy", nargs: 1, kind: "string", since: "4.9" },
  "--trust-proxy-header": { dest: "trustProxyHeader", nargs: 1, kind: "string", since: "4.9" },
  "--proxy-mount-point": { dest: "proxyMountPoints", nargs: 2, kind: "string", since: "4.9" },
  "--proxy-url-alias": { dest: "proxyMountPoints", nargs: 2, kind: "string", since: "4.9", aliasOf: "--proxy-mount-point" },
  "--proxy-virtual-host": { dest: "proxyVirtualHosts", nargs: 2, kind: "string", since: "4.9" },
  "--proxy-timeout": { dest: "proxyTimeout", nargs: 1, kind: "int", since: "6.0" },
  "--socket-timeout": { dest: "socketTimeout", nargs: 1, kind: "int", since: "4.9" },
  "--mount-point": { dest: "mountPoint", nargs: 1, kind: "string", since: "4.9" },
  "--document-root": { dest: "documentRoot", nargs: 1, kind: "string", since: "4.9" },
  "--url-alias": { dest: "urlAliases", nargs: 2, kind: "string", since: "4.9" },
  "--directory-index": { dest: "directoryIndex", nargs: 1, kind: "string", since: "4.9" },
  "--error-document": { dest: "errorDocuments", nargs: 2, kind: "status", since: "4.9" },
  "--setenv": { dest: "setenv", nargs: 2, kind: "string", since: "4.9" },
  "--passenv": { dest: "passenv", nargs: 1, kind: "string", since: "4.9" },
  "--map-head-to-get": { dest: "mapHeadToGet", nargs: 1, kind: "map-head", since: "4.9" },
  "--compress-responses": { dest: "compressResponses", nargs: 0, kind: "flag", since: "4.9" },
  "--application-type": { dest: "applicationType", nargs: 1, kind: "app-type", since: "4.9" },
};

/**
 * The other options of mod_wsgi-express (name → number of values), read from 4.9.4 `src/server/__init__.py` and
 * 6.0.5 `src/express/options.py`: accepted, but they do not change how a request is handled here (a warning says so).
 */
const OTHER_OPTIONS_BOTH: Record<string, number> = {
  "--access-log": 0, "--access-log-format": 1, "--access-log-name": 1, "--add-handler": 2, "--allow-override": 1,
  "--auth-group": 1, "--auth-group-script": 1, "--auth-type": 1, "--auth-user-script": 1, "--body-max-timeout": 1,
  "--body-min-rate": 1, "--body-timeout": 1, "--callable-object": 1, "--chunked-request": 0, "--connect-timeout": 1,
  "--coverage-directory": 1, "--cpu-time-limit": 1, "--daemon-backlog": 1, "--deadlock-timeout": 1, "--debug-mode": 0,
  "--debugger-startup": 0, "--directory-listing": 0, "--disable-reloading": 0, "--embedded-mode": 0, "--enable-coverage": 0,
  "--enable-debugger": 0, "--enable-docs": 0, "--enable-gdb": 0, "--enable-profiler": 0, "--enable-recorder": 0,
  "--enable-sendfile": 0, "--entry-point": 1, "--envvars-script": 1, "--error-log-format": 1, "--error-log-name": 1,
  "--error-override": 0, "--eviction-timeout": 1, "--gdb-executable": 1, "--graceful-timeout": 1, "--group": 1,
  "--header-buffer-size": 1, "--header-max-timeout": 1, "--header-min-rate": 1, "--header-timeout": 1, "--host-access-script": 1,
  "--http2": 0, "--httpd-executable": 1, "--ignore-activity": 1, "--inactivity-timeout": 1, "--include-file": 1,
  "--initial-workers": 1, "--isatty": 0, "--keep-alive-timeout": 1, "--lang": 1, "--limit-request-body": 1,
  "--locale": 1, "--log-directory": 1, "--log-level": 1, "--log-to-terminal": 0, "--max-clients": 1,
  "--max-log-size": 1, "--maximum-requests": 1, "--maximum-spare-workers": 1, "--mime-types": 1, "--minimum-spare-workers": 1,
  "--modules-directory": 1, "--orphan-interpreter": 0, "--pid-file": 1, "--process-name": 1, "--processes": 1,
  "--profiler-directory": 1, "--python-eggs": 1, "--python-path": 1, "--queue-timeout": 1, "--receive-buffer-size": 1,
  "--recorder-directory": 1, "--reload-on-changes": 0, "--request-timeout": 1, "--response-buffer-size": 1, "--response-socket-timeout": 1,
  "--restart-interval": 1, "--rewrite-rules": 1, "--rotate-logs": 0, "--rotatelogs-executable": 1, "--send-buffer-size": 1,
  "--server-backlog": 1, "--server-metrics": 0, "--server-mpm": 1, "--server-root": 1, "--server-status": 0,
  "--service-group": 2, "--service-log-file": 2, "--service-script": 2, "--service-user": 2, "--setup-only": 0,
  "--shell-executable": 1, "--shutdown-timeout": 1, "--socket-prefix": 1, "--ssl-ca-certificate-file": 1, "--ssl-certificate-chain-file": 1,
  "--ssl-environment": 0, "--ssl-verify-client": 1, "--startup-log": 0, "--startup-log-name": 1, "--startup-timeout": 1,
  "--threads": 1, "--user": 1, "--verbose-debugging": 0, "--with-cgi": 0, "--with-php5": 0,
  "--working-directory": 1,
};
/** Other options only 4.9.4 has. */
const OTHER_OPTIONS_49: Record<string, number> = {
  "--newrelic-config-file": 1, "--newrelic-environment": 1, "--with-newrelic": 0, "--with-newrelic-agent": 0, "--with-newrelic-platform": 0,
};
/** Other options only 6.0.5 has. */
const OTHER_OPTIONS_60: Record<string, number> = {
  "--application-group": 1, "--enable-telemetry": 0, "--free-threading": 0, "--interrupt-timeout": 1, "--process-group": 1,
  "--python-warnings": 1, "--response-flush-delay": 1, "--slow-requests": 1, "--switch-interval": 1, "--telemetry-interval": 1,
  "--telemetry-options": 1, "--telemetry-service": 1, "--telemetry-ui-port": 1,
};

/** A value and the token it came from (for diagnostics that point at it). */
export interface Located<T> {
  value: T;
  token: Token;
}

/** What a command line asks for, with mod_wsgi-express's defaults filled in. */
export interface ExpressOptions {
  command: "start-server" | "setup-server";
  /** The WSGI script (or module/paste target), when given. */
  script: string | null;
  /** `--host`, or null (all interfaces, `ServerName localhost`). */
  host: string | null;
  port: number;
  serverName: Located<string> | null;
  serverAliases: string[];
  allowLocalhost: boolean;
  httpsPort: number | null;
  sslCertificate: string | null;
  sslCertificateFile: string | null;
  sslCertificateKeyFile: string | null;
  httpsOnly: Located<boolean> | null;
  hstsPolicy: Located<string> | null;
  trustProxy: Located<string>[];
  trustProxyHeader: Located<string>[];
  /** `token` is the option's, `urlToken` the URL's. */
  proxyMountPoints: { mount: string; url: string; token: Token; urlToken: Token }[];
  proxyVirtualHosts: { host: string; url: string; token: Token; urlToken: Token }[];
  proxyTimeout: number | null;
  socketTimeout: number;
  mountPoint: string;
  documentRoot: string | null;
  urlAliases: { url: string; path: string }[];
  directoryIndex: string | null;
  errorDocuments: { status: string; url: string }[];
  setenv: { name: string; value: string }[];
  passenv: string[];
  mapHeadToGet: string;
  compressResponses: boolean;
  applicationType: string;
  /** Tokens of the HTTPS options given, for the "needs --server-name" warning. */
  httpsTokens: Token[];
}

function defaults(): ExpressOptions {
  return {
    command: "start-server",
    script: null,
    host: null,
    port: 8000,
    serverName: null,
    serverAliases: [],
    allowLocalhost: false,
    httpsPort: null,
    sslCertificate: null,
    sslCertificateFile: null,
    sslCertificateKeyFile: null,
    httpsOnly: null,
    hstsPolicy: null,
    trustProxy: [],
    trustProxyHeader: [],
    proxyMountPoints: [],
    proxyVirtualHosts: [],
    proxyTimeout: null,
    socketTimeout: 60,
    mountPoint: "/",
    documentRoot: null,
    urlAliases: [],
    directoryIndex: null,
    errorDocuments: [],
    setenv: [],
    passenv: [],
    mapHeadToGet: "Auto",
    compressResponses: false,
    applicationType: "script",
    httpsTokens: [],
  };
}

const LONG_NAME = { "4.9": "mod_wsgi-express 4.9.4", "6.0": "mod_wsgi-express 6.0.5" } as const;

/** Every long option of `version`'s parser, hidden aliases and optparse's own `--help` included (built once per version). */
function longOptions(version: ModWsgiVersion): readonly string[] {
  return (LONG_OPTIONS[version] ??= [
    ...Object.entries(OPTIONS)
      .filter(([, spec]) => version === "6.0" || spec.since === "4.9")
      .map(([name]) => name),
    ...Object.keys(OTHER_OPTIONS_BOTH),
    ...Object.keys(version === "4.9" ? OTHER_OPTIONS_49 : OTHER_OPTIONS_60),
    "--help",
  ]);
}

const LONG_OPTIONS: Partial<Record<ModWsgiVersion, readonly string[]>> = {};

/**
 * optparse's `_match_abbrev` (Python 3 `optparse.py`, used by both 4.9.4's and 6.0.5's start-server): an exact long
 * option name is itself; otherwise a prefix of exactly one name is that name, a prefix of several is ambiguous
 * (candidates sorted, as optparse lists them), and anything else is left to the caller ("no such option").
 */
export function matchAbbreviation(written: string, version: ModWsgiVersion): { kind: "exact" | "none" } | { kind: "prefix"; name: string } | { kind: "ambiguous"; candidates: string[] } {
  if (!written.startsWith("--") || written === "--") return { kind: "none" };
  const names = longOptions(version);
  if (names.includes(written)) return { kind: "exact" };
  const candidates = names.filter((n) => n.startsWith(written)).sort();
  if (candidates.length === 1) return { kind: "prefix", name: candidates[0]! };
  if (candidates.length > 1) return { kind: "ambiguous", candidates };
  return { kind: "none" };
}

/** Python's normpath for an absolute POSIX path. */
function normpath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return "/" + out.join("/");
}

/**
 * Parses a mod_wsgi-express command line into options.
 * Options of express that do not change request handling (processes, threads, logging, …) are accepted with an
 * info diagnostic. As optparse does, an unambiguous start of a long option's name stands for it (`--server-n` for
 * `--server-name`, with an info diagnostic); an ambiguous one (`--serv`) is an error at the token, as is `--help`.
 *
 * Accepts an optional leading program word (`mod_wsgi-express`, a path ending in it, or `python -m mod_wsgi.server`
 * is not modelled), then `start-server` or `setup-server`, then options and at most one positional argument
 * (the script). Both `--opt value` and `--opt=value` are read, as optparse does. Errors (diagnostics at the
 * exact token, `source` = "backend.config"): an unknown option (saying which modelled version knows it), a
 * missing value, a non-integer or out-of-range port/timeout, a `--map-head-to-get` other than On/Off/Auto, and
 * a `--hsts-policy` with a blank (Apache would not start: `Header set` takes it as extra arguments). The
 * option names and their value counts were extracted from both versions' sources. Mount points are normalised as express does
 * (`normpath('/'+p)` when not starting with `/`). Never throws.
 */
export function parseExpressCommand(text: string, version: ModWsgiVersion, source = "backend.config"): { options: ExpressOptions; diagnostics: Diagnostic[]; tokens: Token[] } {
  const { tokens, diagnostics } = tokenize(text, source);
  const options = defaults();
  const at = (t: Token, severity: Diagnostic["severity"], code: Diagnostic["code"], message: string): Diagnostic => ({ severity, code, source, line: t.line, column: t.column, endLine: t.endLine, endColumn: t.endColumn, message });
  let i = 0;
  if (tokens[i] && /(^|\/)mod_wsgi-express$/.test(tokens[i]!.text)) i += 1;
  const cmd = tokens[i];
  if (!cmd || (cmd.text !== "start-server" && cmd.text !== "setup-server")) {
    const t = cmd ?? { text: "", line: 1, column: 1, endLine: 1, endColumn: 1 };
    diagnostics.push(at(t, "error", "express-no-command", `Expected "mod_wsgi-express start-server …" or "setup-server …"; found ${cmd ? JSON.stringify(cmd.text) : "nothing"}.`));
    return { options, diagnostics, tokens };
  }
  options.command = cmd.text as ExpressOptions["command"];
  i += 1;
  const rec = options as unknown as Record<string, unknown>;
  while (i < tokens.length) {
    const t = tokens[i]!;
    i += 1;
    if (t.text === "--") {
      for (; i < tokens.length; i += 1) {
        if (options.script === null) options.script = tokens[i]!.text;
      }
      break;
    }
    if (!t.text.startsWith("-") || t.text === "-") {
      if (options.script === null) options.script = t.text;
      else diagnostics.push(at(t, "warning", "express-extra-argument", `Extra argument ${JSON.stringify(t.text)}: mod_wsgi-express takes one application argument and ignores the rest.`));
      continue;
    }
    const eq = t.text.indexOf("=");
    const written = eq > 0 && t.text.startsWith("--") ? t.text.slice(0, eq) : t.text;
    const match = matchAbbreviation(written, version);
    if (match.kind === "ambiguous") {
      diagnostics.push(at(t, "error", "express-ambiguous-option", `${written} is the start of several ${LONG_NAME[version]} options: optparse exits with "ambiguous option: ${written} (${match.candidates.join(", ")}?)". Write more of the name.`));
      break;
    }
    const name = match.kind === "prefix" ? match.name : written;
    if (name === "--help") {
      diagnostics.push(at(t, "error", "express-help", `${written} prints mod_wsgi-express's help and exits: no server starts.`));
      break;
    }
    if (match.kind === "prefix") {
      diagnostics.push(at(t, "info", "express-option-prefix", `${written} is read as ${name}: optparse accepts any unambiguous start of a long option's name.`));
    }
    const spec = OPTIONS[name];
    if (!spec) {
      const own = version === "4.9" ? OTHER_OPTIONS_49 : OTHER_OPTIONS_60;
      const others = version === "4.9" ? OTHER_OPTIONS_60 : OTHER_OPTIONS_49;
      const nargs = OTHER_OPTIONS_BOTH[name] ?? own[name];
      if (nargs !== undefined) {
        diagnostics.push(at(t, "info", "express-option-not-modelled", `${name} is a ${LONG_NAME[version]} option that does not change how a request is handled in this model; it is accepted and ignored here.`));
        if (eq < 0) i += nargs;
        else i += Math.max(0, nargs - 1);
        continue;
      }
      const other: ModWsgiVersion = version === "4.9" ? "6.0" : "4.9";
      diagnostics.push(
        at(t, "error", "express-unknown-option", others[name] !== undefined
          ? `${name} is a ${LONG_NAME[other]} option that ${LONG_NAME[version]} does not have: it exits with "no such option: ${name}".`
          : `Neither mod_wsgi-express 4.9.4 nor 6.0.5 has an option ${name}: it exits with "no such option: ${name}".`),
      );
      if (others[name] !== undefined && eq < 0) i += others[name]!;
      continue;
    }
    if (spec.since === "6.0" && version === "4.9") {
      diagnostics.push(at(t, "error", "express-option-version", `${name} is new in mod_wsgi-express 6.0.0: ${LONG_NAME["4.9"]} exits with "no such option: ${name}".`));
      if (spec.nargs > 0 && eq < 0) i += spec.nargs;
      continue;
    }
    const values: Token[] = [];
    if (eq > 0) {
      if (spec.nargs === 0) {
        diagnostics.push(at(t, "error", "express-bad-value", `${name} takes no value: optparse exits with "${name} option does not take a value".`));
        continue;
      }
      values.push({ ...t, text: t.text.slice(eq + 1), column: t.column + eq + 1 });
    }
    while (values.length < spec.nargs && i < tokens.length) values.push(tokens[i++]!);
    if (values.length < spec.nargs) {
      diagnostics.push(at(t, "error", "express-missing-value", `${name} requires ${spec.nargs === 1 ? "an argument" : `${spec.nargs} arguments`}: optparse exits with "${name} option requires ${spec.nargs === 1 ? "1 argument" : `${spec.nargs} arguments`}".`));
      break;
    }
    const v = values[0]!;
    switch (spec.kind) {
      case "flag":
        if (spec.dest === "httpsOnly") options.httpsOnly = { value: true, token: t };
        else rec[spec.dest] = true;
        break;
      case "port":
      case "int": {
        if (!/^[+-]?\d+$/.test(v.text.trim())) {
          diagnostics.push(at(v, "error", "express-bad-value", `${name}: invalid integer value: ${JSON.stringify(v.text)} (optparse exits before anything starts).`));
          break;
        }
        const n = Number.parseInt(v.text, 10);
        if (spec.kind === "port" && (n < 1 || n > 65535)) {
          diagnostics.push(at(v, "error", "express-bad-value", `${name} ${n} is not a TCP port (1–65535): Apache cannot listen on it and does not start.`));
          break;
        }
        if (spec.kind === "int" && n < 0) {
          diagnostics.push(at(v, "error", "express-bad-value", `${name} ${n} is negative: Apache rejects the resulting timeout and does not start.`));
          break;
        }
        rec[spec.dest] = n;
        if (spec.dest === "httpsPort") options.httpsTokens.push(t);
        break;
      }
      case "map-head":
        if (!/^(on|off|auto)$/i.test(v.text)) {
          diagnostics.push(at(v, "error", "express-bad-value", `--map-head-to-get ${JSON.stringify(v.text)}: express writes it unchecked into "WSGIMapHEADToGET ${v.text}" and Apache refuses to start (it takes On, Off or Auto).`));
          break;
        }
        options.mapHeadToGet = v.text;
        break;
      case "app-type":
        // Not validated by optparse: ApplicationHandler treats anything but module/paste/static as a script path.
        if (!["script", "module", "paste", "static"].includes(v.text)) {
          diagnostics.push(at(v, "warning", "express-bad-value", `--application-type ${JSON.stringify(v.text)} is not script, module, paste or static: express does not check it and loads the target as a script file.`));
        }
        options.applicationType = v.text;
        break;
      case "hsts":
        if (/\s/.test(v.text)) {
          diagnostics.push(at(v, "error", "express-hsts-space", `--hsts-policy ${JSON.stringify(v.text)} contains a blank: express writes it unquoted ("Header set Strict-Transport-Security ${v.text}") and Apache refuses to start (e.g. "Unknown parameter: includeSubDomains"). Use no blanks ("max-age=31536000;includeSubDomains") or embed double quotes.`));
        }
        options.hstsPolicy = { value: v.text, token: v };
        break;
      case "status":
        if (!/^\d{3}$/.test(v.text)) diagnostics.push(at(v, "error", "express-bad-value", `--error-document ${JSON.stringify(v.text)}: ErrorDocument takes a 3-digit HTTP status; Apache refuses to start.`));
        else options.errorDocuments.push({ status: v.text, url: values[1]!.text });
        break;
      case "string":
        switch (spec.dest) {
          case "serverName":
            options.serverName = { value: v.text, token: v };
            break;
          case "serverAliases":
            options.serverAliases.push(v.text);
            break;
          case "trustProxy":
            options.trustProxy.push({ value: v.text, token: v });
            break;
          case "trustProxyHeader":
            options.trustProxyHeader.push({ value: v.text, token: v });
            break;
          case "proxyMountPoints":
            options.proxyMountPoints.push({ mount: v.text, url: values[1]!.text, token: t, urlToken: values[1]! });
            break;
          case "proxyVirtualHosts":
            options.proxyVirtualHosts.push({ host: v.text, url: values[1]!.text, token: t, urlToken: values[1]! });
            break;
          case "urlAliases":
            options.urlAliases.push({ url: v.text, path: values[1]!.text });
            break;
          case "setenv":
            options.setenv.push({ name: v.text, value: values[1]!.text });
            break;
          case "passenv":
            options.passenv.push(v.text);
            break;
          case "mountPoint":
            options.mountPoint = v.text.startsWith("/") ? v.text : normpath("/" + v.text);
            break;
          default:
            rec[spec.dest] = v.text;
            if (spec.dest.startsWith("ssl")) options.httpsTokens.push(t);
        }
    }
  }
  if (version === "6.0" && options.httpsPort === null) {
    // 6.0.0+: certificate options without --https-port raise a ConfigurationError (modwsgi-behaviour.md §4.2).
    for (const t of options.httpsTokens) {
      diagnostics.push(at(t, "error", "express-ssl-needs-https-port", `${t.text.split("=")[0]} without --https-port: mod_wsgi-express 6.0.5 stops with a ConfigurationError (4.9.4 ignored it).`));
    }
  }
  return { options, diagnostics, tokens };
}
