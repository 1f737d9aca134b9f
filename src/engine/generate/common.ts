/**
 * Pieces every generator shares: the first comment line (permalink and versions), the back end's trust
 * settings as the engine reads them, and small formatting helpers.
 */
import type { Scenario, TraceEntry } from "../types.ts";
import { encodePermalink } from "../scenario/permalink.ts";
import { parseApacheConfig, type ConfigNode, type Directive } from "../apache/configParser.ts";
import { hostForUrl, splitHostPort } from "../net/address.ts";

/** The versions a generated text names: the engine's, the mod_wsgi behaviour modelled, Apache's and nginx's. */
export interface GenerateVersions {
  engine: string;
  modwsgi: string;
  apache: string;
  nginx: string;
}

/** What a generator needs besides the scenario: the versions for the header, and a list to write notes into. */
export interface GenerateContext {
  versions: GenerateVersions;
  /** Notes about the texts (`Generated.notes`), steps `generate.*`. */
  notes: TraceEntry[];
  /** The header line once computed (the permalink is compressed once per result, not once per text). */
  header?: string;
}

/**
 * The first line of every generated text, a comment (`#`, valid for Apache, nginx, HAProxy and the shell)
 * naming the playground permalink (the `#v2.…` fragment, relative to the site) and the versions the text
 * was generated for.
 */
export function headerLine(scenario: Scenario, versions: GenerateVersions, gen?: GenerateContext): string {
  if (gen?.header !== undefined) return gen.header;
  let link: string;
  try {
    link = `#${encodePermalink(scenario)}`;
  } catch {
    link = "(no permalink)";
  }
  const line = `# Proxy Playground ${link} | engine ${versions.engine}, mod_wsgi ${versions.modwsgi} behaviour, Apache ${versions.apache}, nginx ${versions.nginx}`;
  if (gen) gen.header = line;
  return line;
}

/** Every directive of a parsed config, sections flattened, in text order. */
export function flatDirectives(nodes: readonly ConfigNode[]): Directive[] {
  const out: Directive[] = [];
  for (const n of nodes) {
    if (n.kind === "directive") out.push(n);
    else out.push(...flatDirectives(n.children));
  }
  return out;
}

/** The back end's trust settings as written in its Apache config (all scopes together). */
export interface BackendTrust {
  /** Header names from every WSGITrustedProxyHeaders, in order, without repeats (case-insensitive). */
  headers: string[];
  /** Tokens from every WSGITrustedProxies, in order. */
  proxies: string[];
}

/** Reads WSGITrustedProxyHeaders / WSGITrustedProxies from a back-end Apache config text. */
export function backendTrust(config: string): BackendTrust {
  const { nodes } = parseApacheConfig(config, "backend.config");
  const all = flatDirectives(nodes);
  const headers: string[] = [];
  const proxies: string[] = [];
  for (const d of all) {
    const name = d.name.toLowerCase();
    if (name === "wsgitrustedproxyheaders") {
      for (const a of d.args) if (!headers.some((h) => h.toLowerCase() === a.text.toLowerCase())) headers.push(a.text);
    } else if (name === "wsgitrustedproxies") proxies.push(...d.args.map((a) => a.text));
  }
  return { headers, proxies };
}

/** `host:port` parts of a listen address, with a fallback that never throws. */
export function listenParts(listen: string, fallbackPort = 80): { host: string; port: number; authority: string } {
  const p = splitHostPort(listen);
  if (p) return { host: p.host, port: p.port, authority: `${hostForUrl(p.host)}:${p.port}` };
  const host = listen.replace(/:\d*$/, "") || "127.0.0.1";
  return { host, port: fallbackPort, authority: `${hostForUrl(host)}:${fallbackPort}` };
}

/** Quotes a word for a POSIX shell: bare when it is plainly safe, otherwise in single quotes. */
export function shellQuote(word: string): string {
  if (word !== "" && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Quotes an Apache argument in double quotes when it holds blanks or quotes. */
export function apacheQuote(word: string): string {
  if (word !== "" && !/[\s"'\\]/.test(word)) return word;
  return `"${word.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
