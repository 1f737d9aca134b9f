/**
 * The back end as a complete, hand-written Apache + mod_wsgi configuration: `Listen`, one `<VirtualHost>`
 * for the listen address holding the scenario's own directives, a daemon process group, the
 * `WSGIScriptAlias`, `<Directory>` blocks that grant access, and one `Alias` per scenario directory.
 *
 * Source: the scenario's `backend.config` as the engine's Apache parser reads it; the scenario conventions
 * of `scenario-format.md` (ServerName = listen host, application at / when there is no WSGIScriptAlias).
 * Versions: Apache 2.4 syntax, mod_wsgi 4.9.4 and 6.0.5 directives (both accept everything emitted here).
 */
import type { Scenario } from "../types.ts";
import { parseApacheConfig, type ConfigNode, type Directive } from "../apache/configParser.ts";
import { findKnownDirective } from "../apache/directives.ts";
import { apacheQuote, flatDirectives, headerLine, listenParts, type GenerateContext } from "./common.ts";
import { textMemo } from "../textMemo.ts";

/** The process group name the generated config uses when the scenario names none. */
export const GENERATED_PROCESS_GROUP = "app";

/** Where a scenario directory lives on disk in the generated config: under Debian's DocumentRoot. */
export function directoryOnDisk(urlPath: string): string {
  const clean = urlPath.replace(/\/+$/, "");
  return `/var/www/html${clean.startsWith("/") ? clean : `/${clean}`}`;
}

/** The original text of one node (a section from its opening to its closing line, a directive with its continuation lines). */
function nodeLines(lines: readonly string[], node: ConfigNode): string[] {
  const start = node.line - 1;
  let end = node.kind === "section" ? node.endLine - 1 : start;
  if (node.kind === "directive") while (end < lines.length - 1 && /\\\s*$/.test(lines[end]!)) end += 1;
  return lines.slice(start, end + 1).map((l) => l.replace(/\s+$/, ""));
}

/** Directives Apache refuses inside `<VirtualHost>` whatever the directive table says (MPM sizing, process-wide settings). */
const SERVER_ONLY = new Set(
  ("listen loadmodule serverlimit threadsperchild threadlimit maxrequestworkers maxclients startservers minsparethreads " +
    "maxsparethreads minspareservers maxspareservers maxconnectionsperchild maxrequestsperchild asyncrequestworkerfactor " +
    "gracefulshutdowntimeout mutex pidfile serverroot user group wsgipythonhome wsgipythonpath wsgipythonoptimize " +
    "wsgisocketprefix wsgirestrictembedded wsgilazyinitialization").split(" "),
);

/** True for a directive Apache accepts only outside any `<VirtualHost>` (Listen, LoadModule, MPM sizing, WSGIPythonHome…). */
function serverOnly(node: ConfigNode): boolean {
  if (node.kind === "directive" && SERVER_ONLY.has(node.name.toLowerCase())) return true;
  const known = findKnownDirective(node.kind === "section" ? `<${node.name}` : node.name);
  if (!known) return false;
  return !known.contexts.includes("virtualhost") || (node.kind === "directive" && /^loadmodule$/i.test(node.name));
}

/** The directory `<Directory>` must grant for a script file. */
function scriptDirectory(file: string): string {
  const cut = file.lastIndexOf("/");
  return cut > 0 ? file.slice(0, cut) : "/";
}

/**
 * The back end's manual Apache configuration, or undefined when the back end is not "apache".
 * Shape: the header comment line, then `Listen`, server-wide directives, and a `<VirtualHost host:port>`
 * (unless the scenario's config brings its own virtual hosts, which are then kept as written).
 * Never throws: it only rearranges what the engine's parser read.
 */
export function generateApacheBackend(scenario: Scenario, gen: GenerateContext): string | undefined {
  if (scenario.backend.server !== "apache") return undefined;
  const { config, listen } = scenario.backend;
  const directories = scenario.backend.directories ?? [];
  // The lines after the header depend on the back end's pane only: kept for a recent one.
  const body = recentBodies(config, () => backendLines(config, listen, directories).join("\n"), JSON.stringify([listen, directories]));
  return `${`${headerLine(scenario, gen.versions, gen)}\n${body}`.replace(/\n{3,}/g, "\n\n")}\n`;
}

const recentBodies = textMemo<string>(8);

/** Every line of the generated configuration after the header comment. */
function backendLines(config: string, listenAddress: string, directories: readonly string[]): string[] {
  // CRLF reads as LF; a lone CR stays where it is, since Apache reads it as a blank inside the line, not as a line end.
  const text = config.replace(/\r\n/g, "\n");
  const lines = text.split("\n");
  const { nodes } = parseApacheConfig(text, "backend.config");
  const all = flatDirectives(nodes);
  const has = (name: string) => all.some((d) => d.name.toLowerCase() === name);
  const listen = listenParts(listenAddress);
  const out: string[] = [];

  if (!has("listen")) out.push(`Listen ${listen.authority}`);
  const outer: string[] = [];
  const inner: string[] = [];
  for (const node of nodes) {
    const own = nodeLines(lines, node);
    if (node.kind === "section" && node.name.toLowerCase() === "virtualhost") outer.push(...own);
    else if (serverOnly(node)) outer.push(...own);
    else inner.push(...own);
  }
  const ownVhost = nodes.some((n) => n.kind === "section" && n.name.toLowerCase() === "virtualhost");

  const added: string[] = [];
  if (!has("servername")) added.push(`ServerName ${listen.host.includes(":") ? `[${listen.host}]` : listen.host}`);
  const group = all.find((d) => d.name.toLowerCase() === "wsgiprocessgroup");
  if (!group) {
    if (!all.some((d) => d.name.toLowerCase() === "wsgidaemonprocess" && d.args[0]?.text === GENERATED_PROCESS_GROUP)) added.push(`WSGIDaemonProcess ${GENERATED_PROCESS_GROUP}`);
    added.push(`WSGIProcessGroup ${GENERATED_PROCESS_GROUP}`);
    // A scenario that names its own group keeps its own application group too (the environ then round-trips exactly).
    if (!has("wsgiapplicationgroup")) added.push("WSGIApplicationGroup %{GLOBAL}");
  }
  const aliases: Directive[] = all.filter((d) => d.name.toLowerCase() === "wsgiscriptalias" && d.args.length >= 2);
  if (!has("wsgiscriptalias")) added.push("WSGIScriptAlias / /srv/app/wsgi.py");

  const files = aliases.length ? aliases.map((d) => d.args[1]!.text) : ["/srv/app/wsgi.py"];
  const grants: string[] = [];
  for (const dir of [...new Set(files.map(scriptDirectory))]) grants.push(`<Directory ${apacheQuote(dir)}>`, "    Require all granted", "</Directory>");
  for (const urlPath of directories) {
    const disk = directoryOnDisk(urlPath);
    grants.push(`Alias ${apacheQuote(urlPath.replace(/\/+$/, "") || "/")} ${apacheQuote(disk)}`, `<Directory ${apacheQuote(disk)}>`, "    Require all granted", "</Directory>");
  }

  if (ownVhost) {
    // The scenario's virtual hosts stay as written; what it lacks goes to the main server, which they inherit.
    out.push(...outer, ...inner, ...added, ...grants);
  } else {
    out.push(...outer, `<VirtualHost ${listen.authority}>`);
    for (const l of [...added, ...inner, ...grants]) out.push(l === "" ? "" : `    ${l}`);
    out.push("</VirtualHost>");
  }
  return out;
}
