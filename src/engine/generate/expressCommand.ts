/**
 * The back end as a `mod_wsgi-express start-server` command line, when every directive of its Apache
 * config has an express option: WSGIScriptAlias (one) → script + `--mount-point`, WSGITrustedProxies →
 * `--trust-proxy` per value, WSGITrustedProxyHeaders → `--trust-proxy-header` per name, WSGIMapHEADToGET →
 * `--map-head-to-get`, ServerName → `--server-name`, WSGIDaemonProcess processes=/threads= → `--processes`/
 * `--threads`; `listen` → `--host`/`--port`; `directories` → `--url-alias`.
 *
 * Source: the option table of the mod_wsgi behaviour reference (§4.2, read from mod_wsgi 4.9.4 and 6.0.5's
 * `server/__init__.py`). Any other directive has no express option: no command, and a trace note naming it.
 */
import type { Scenario } from "../types.ts";
import { parseApacheConfig, type ConfigNode } from "../apache/configParser.ts";
import { directoryOnDisk } from "./apacheBackend.ts";
import { headerLine, listenParts, shellQuote, type GenerateContext } from "./common.ts";

/** Directives the command line can carry (lower case). Process-group directives: express always runs its own daemon group. */
const CARRIED = new Set(["wsgiscriptalias", "wsgitrustedproxies", "wsgitrustedproxyheaders", "wsgimapheadtoget", "servername", "wsgidaemonprocess", "wsgiprocessgroup", "wsgiapplicationgroup"]);

/** Why a node has no express equivalent, or null when it has one. */
function refusal(node: ConfigNode, scriptAliases: number): string | null {
  if (node.kind === "section") return `<${node.name}> (line ${node.line}) has no mod_wsgi-express equivalent`;
  const name = node.name.toLowerCase();
  if (!CARRIED.has(name)) return `${node.name} (line ${node.line}) has no mod_wsgi-express equivalent`;
  if (name === "wsgiscriptalias" && scriptAliases > 1) return `a second WSGIScriptAlias (line ${node.line}) has no mod_wsgi-express equivalent (express mounts one application)`;
  if (name === "wsgidaemonprocess") {
    const other = node.args.slice(1).find((a) => !/^(processes|threads)=\d+$/i.test(a.text));
    if (other) return `WSGIDaemonProcess option ${other.text} (line ${node.line}) has no mod_wsgi-express equivalent here`;
  }
  if (name === "wsgiapplicationgroup" && node.args[0]?.text !== "%{GLOBAL}") return `WSGIApplicationGroup ${node.args[0]?.text ?? ""} (line ${node.line}) has no mod_wsgi-express equivalent (express uses %{GLOBAL})`;
  return null;
}

/**
 * The `mod_wsgi-express start-server …` command for an "apache" back end, or undefined (with a note
 * `generate.express` in `gen.notes` naming the first directive that has no option) when none exists or the back end is
 * not "apache". Shape: the header comment line, then one command, one option per continued line.
 */
export function generateExpressCommand(scenario: Scenario, gen: GenerateContext): string | undefined {
  if (scenario.backend.server !== "apache") return undefined;
  // Read as the simulation reads it: a lone CR is a blank inside its line, not a line end.
  const { nodes } = parseApacheConfig(scenario.backend.config, "backend.config");
  const aliases = nodes.filter((n) => n.kind === "directive" && n.name.toLowerCase() === "wsgiscriptalias");
  for (const node of nodes) {
    const why = refusal(node, aliases.length);
    if (why) {
      gen.notes.push({ step: "generate.express", message: `no mod_wsgi-express command: ${why}.` });
      return undefined;
    }
  }
  const listen = listenParts(scenario.backend.listen);
  const alias = aliases[0]?.kind === "directive" ? aliases[0] : undefined;
  const script = alias?.args[1]?.text ?? "/srv/app/wsgi.py";
  const opts: string[][] = [["--host", listen.host], ["--port", String(listen.port)]];
  const mount = alias?.args[0]?.text ?? "/";
  if (mount !== "/") opts.push(["--mount-point", mount]);
  for (const node of nodes) {
    if (node.kind !== "directive") continue;
    const name = node.name.toLowerCase();
    const args = node.args.map((a) => a.text);
    if (name === "servername" && args[0]) {
      opts.push(["--server-name", args[0]]);
      gen.notes.push({ step: "generate.express", message: `--server-name ${args[0]} also gives mod_wsgi-express a default virtual host that answers 403 to any other Host${/^www\./i.test(args[0]) ? " and a virtual host for the name without www. that redirects to it" : ""}; the Apache configuration has neither.` });
    }
    else if (name === "wsgitrustedproxies") for (const a of args) opts.push(["--trust-proxy", a]);
    else if (name === "wsgitrustedproxyheaders") for (const a of args) opts.push(["--trust-proxy-header", a]);
    else if (name === "wsgimapheadtoget" && args[0]) opts.push(["--map-head-to-get", args[0]]);
    else if (name === "wsgidaemonprocess") {
      for (const a of args.slice(1)) {
        const [k, v] = a.split("=");
        opts.push([`--${k!.toLowerCase()}`, v!]);
      }
    }
  }
  for (const urlPath of scenario.backend.directories ?? []) opts.push(["--url-alias", urlPath.replace(/\/+$/, "") || "/", directoryOnDisk(urlPath)]);
  const parts = [`mod_wsgi-express start-server ${shellQuote(script)}`, ...opts.map((o) => o.map(shellQuote).join(" "))];
  return `${headerLine(scenario, gen.versions, gen)}\n${parts.join(" \\\n    ")}\n`;
}
