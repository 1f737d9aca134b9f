/**
 * The shapes of scenario format v1 and of a simulation result.
 *
 * The scenario is the public contract (`scenario-format.md`): a JSON document naming the client, the
 * front-end proxies from the client inward and the back end, each configured in its own server's syntax.
 * Fields may be added; the meaning of a field never changes.
 */

/** mod_wsgi behaviour to model: "4.9" is 4.9.4 as Debian 12 ships it (run on real servers), "6.0" is 6.0.5 (read from source). */
export type ModWsgiVersion = "4.9" | "6.0";

export interface ClientSpec {
  /** The client's IP address, IPv4 or IPv6 without brackets. */
  address: string;
  /** True when the client speaks HTTPS to the first server. Defaults to false. */
  tls?: boolean;
  /** The request head exactly as sent: request line, header lines, optional blank line. `\n` or `\r\n`. */
  request: string;
}

/**
 * Front-end server kinds understood by this engine version. "haproxy" is HAProxy 2.6.12 (run on real servers);
 * "aws-alb", "gcp-https-lb", "ingress-nginx" and "traefik" are load-balancer presets modelled from each vendor's
 * documentation (and, for ingress-nginx and Traefik, their source), whose `config` is a small settings text in
 * the vendor's own vocabulary (`key = value` or `key: value` per line; empty = the vendor's defaults).
 * "mod_wsgi-express" is a `mod_wsgi-express start-server …` command line whose proxy options forward to the
 * next server (run on real servers as the Apache configuration it generates, 4.9 form).
 * "wsgiproxy" is WSGIProxy (Paste) running in a front Apache + mod_wsgi; its config is the Python call
 * (`WSGIProxyApp(…)` or `exactproxy`), modelled from its documentation and recorded runs (`wsgiproxy/app.ts`).
 */
export type ProxyKind = "apache" | "nginx" | "haproxy" | "mod_wsgi-express" | "aws-alb" | "gcp-https-lb" | "ingress-nginx" | "traefik" | "wsgiproxy";

/**
 * Which WSGIProxy (Paste) to model where its documentation and its code disagree: "documented" is what the
 * documentation promises; "released" is PyPI's last release, 0.2.2, as it runs under Python 2.7; "unreleased"
 * is the repository's last code (2013), never released, as it runs. None can run here: the behaviour comes from
 * recorded runs and the source. Defaults to "released", what `pip install WSGIProxy` gives.
 */
export type WsgiProxyBehaviour = "documented" | "released" | "unreleased";

export interface ProxySpec {
  server: ProxyKind;
  /** `host:port` (IPv6 in brackets) the proxy accepts connections on. */
  listen: string;
  /** The address it connects onward from: what the next server sees as its peer. */
  address: string;
  /** Configuration text in the server's own syntax. */
  config: string;
  /**
   * "wsgiproxy" only: environ keys the front WSGI application sets before WSGIProxyApp runs (REMOTE_USER from
   * its authentication, beaker.session, …), as JSON values (a string is a Python str). `SCRIPT_NAME` names the
   * WSGIScriptAlias mount point of the proxying application on its Apache + mod_wsgi (default "": mounted at /).
   */
  environ?: Record<string, unknown>;
}

export type BackendKind = "apache" | "mod_wsgi-express";

export interface BackendSpec {
  server: BackendKind;
  listen: string;
  address: string;
  config: string;
  /** URL paths that Apache serves as directories on disk, each holding an index.html. */
  directories?: string[];
  /** How the WSGI application answers. Absent: 200 with its environ as JSON. */
  app?: AppSpec;
  /**
   * WSGI middleware wrapped around the application, as its Python call, e.g.
   * `WSGIProxyMiddleware(app, trust_ips=['10.0.0.1'], prefix='/app')`; applied to the environ mod_wsgi built.
   */
  middleware?: string;
}

/** Redirect statuses the application may answer with. */
export type RedirectStatus = 301 | 302 | 303 | 307 | 308;

/**
 * The application's answer. `redirect` is a path under the application's mount point: the application
 * answers `status` (default 302) with `Location: wsgiref.util.application_uri(environ).rstrip("/") + redirect`,
 * the absolute URL most frameworks build from the environ, and an empty body.
 */
export interface AppSpec {
  redirect?: string;
  status?: RedirectStatus;
}

export interface Scenario {
  version: 1;
  /** Defaults to "6.0". */
  modwsgi?: ModWsgiVersion;
  /** WSGIProxy behaviour for "wsgiproxy" front ends and a WSGIProxyMiddleware back end. Defaults to "released". */
  wsgiproxy?: WsgiProxyBehaviour;
  client: ClientSpec;
  proxies: ProxySpec[];
  backend: BackendSpec;
}

/** Where a diagnostic points: a field of the scenario, e.g. "backend.config", "proxies[0].config", "client.request", "scenario". */
export type DiagnosticSource = string;

import type { DiagnosticCode, Severity } from "./diagnosticCodes.ts";
export type { DiagnosticCode, Severity } from "./diagnosticCodes.ts";

/**
 * A message about the reader's input. Positions are 1-based; `column` counts UTF-16 code units from the
 * start of the line, as editors do. `endLine`/`endColumn` (exclusive) mark the span when known. Lines end at a
 * line feed, as Apache, nginx and HAProxy count them (a lone CR is a character of its line); in the scenario's
 * JSON, a WSGIProxy call and a managed load balancer's settings a lone CR ends a line too.
 */
export interface Diagnostic {
  severity: Severity;
  /** A stable identifier with an entry in the diagnostics reference, e.g. "trusted-proxies-bad-mask"; catalogued in `diagnosticCodes.ts`. */
  code: DiagnosticCode;
  source: DiagnosticSource;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
}

/** One trace entry: which modelled component did what and why. */
export interface TraceEntry {
  /** Dotted component name, e.g. "mod_wsgi.trusted-proxies", "mod_proxy.proxy-pass", "mod_dir.directory-slash". */
  step: string;
  message: string;
  /** Index into `hops` of the server this step ran on, when it ran on one. */
  hop?: number;
}

/** The request exactly as one server received it. */
export interface Hop {
  server: ProxyKind | BackendKind;
  /** The address this server saw the connection come from. */
  peer: string;
  /** `host:port` it received the request on. */
  listen: string;
  /** Whether the connection to this server was TLS. */
  tls: boolean;
  /** The request head as received, CRLF line ends, ending in an empty line. */
  request: string;
  /** The response this server sent back towards the client, after its own rewriting. */
  response?: HttpResponse;
}

export interface HttpResponse {
  /** HTTP status; 0 when there is no response (see `closed`, or a hop that is not modelled). */
  status: number;
  /** True when the server closed the connection without sending any response (e.g. a crashed worker). */
  closed?: boolean;
  /** Header name → value in the case the server writes it. Repeated headers are joined with ", ". */
  headers: Record<string, string>;
  /** Body text when it matters (Apache's stock error documents), otherwise absent. */
  body?: string;
}

/** How one environ key differs from what the back end would have set without any proxy processing. */
export interface EnvironChange {
  /** The value before the change, or null when the key did not exist. */
  before: string | null;
  /** The value now, or null when the key was removed. */
  after: string | null;
  /** The trace step that made the change. */
  step: string;
}

/**
 * What the client's response exposes: where its Location sends the client, and which back-end addresses
 * appear in the headers or the body it receives.
 */
export interface Exposure {
  location?: {
    /** The absolute URL the client will request next. */
    url: string;
    /** True: the address the client used; false: a server behind the front end; null: not described by the scenario. */
    reachable: boolean | null;
    message: string;
  };
  /** Back-end addresses (`host:port`) found in what the client receives. */
  leaks: { where: string; value: string; server: string }[];
  /** One plain-language sentence for the page. */
  summary: string;
}

export interface Generated {
  apache?: string;
  express?: string;
  frontends?: string[];
  curl?: string;
  /**
   * Notes about the texts (steps `generate.*`): why one is missing (no mod_wsgi-express command for a directive
   * that has no option) or what one does beyond the scenario's config (`--server-name`'s default virtual host).
   * Absent when there is nothing to say.
   */
  notes?: TraceEntry[];
}

export interface Result {
  hops: Hop[];
  /**
   * String-valued WSGI environ, or null when the request never reached the application. Keys are in the order
   * they were added (request headers, CGI variables, mod_wsgi.*, wsgi.*), not sorted.
   */
  environ: Record<string, string> | null;
  /** Keys that proxy processing (mod_wsgi trusted proxies and the like) changed or removed, with their original values. */
  environChanges?: Record<string, EnvironChange>;
  /** What the client receives after every hop on the way back. */
  response: HttpResponse;
  /** Where a redirect sends the client and which back-end addresses leak to it. */
  exposure?: Exposure;
  trace: TraceEntry[];
  diagnostics: Diagnostic[];
  /**
   * The configuration texts derived from the scenario. `simulate` builds them when this property is first read
   * (then keeps them): a reader that shows only the environ and the response never pays for them. The property
   * is an ordinary enumerable one, so JSON.stringify, spreading and structured cloning include the texts.
   */
  generated: Generated;
  /** The engine and behaviour versions that produced this result. */
  versions: { engine: string; format: 1; modwsgi: ModWsgiVersion; apache: string; nginx: string };
}
