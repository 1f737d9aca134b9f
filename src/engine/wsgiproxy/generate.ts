/**
 * The generated text for a "wsgiproxy" front end: the `.wsgi` file of the front Apache + mod_wsgi holding the
 * scenario's own Python call (`application = WSGIProxyApp(…)`, or `application = proxy_exact_request` for
 * exactproxy), with the WSGIScriptAlias line that mounts it. Comments say what cannot be generated (the
 * environ keys the front application sets) and that WSGIProxy needs Python 2. Never throws.
 */
import type { ProxySpec } from "../types.ts";

/** The Python line `application = …` for the proxy's config, keeping the reader's call text. */
function applicationLine(config: string): string[] {
  const lines = config.replace(/\r\n?/g, "\n").split("\n");
  const body = lines.filter((l) => !/^\s*(from|import)\s/.test(l)).join("\n").trim();
  if (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(body)) return ["from wsgiproxy.exactproxy import proxy_exact_request", "", "application = proxy_exact_request"];
  const call = /^[A-Za-z_][A-Za-z0-9_]*\s*=\s*/.test(body) ? body.replace(/^[A-Za-z_][A-Za-z0-9_]*\s*=\s*/, "") : body;
  return ["from wsgiproxy.app import WSGIProxyApp", "", `application = ${call}`];
}

/**
 * The front end's text: comment lines (`#`, so the header line fits), the mod_wsgi directives and the
 * `.wsgi` file. `target` is the next server's host:port, `wanted` the header names the back end trusts.
 */
export function wsgiproxyText(proxy: ProxySpec, target: string, wanted: readonly string[]): string[] {
  const mountValue = proxy.environ?.SCRIPT_NAME;
  const mount = typeof mountValue === "string" && mountValue !== "" ? mountValue : "/";
  const extra = Object.keys(proxy.environ ?? {}).filter((k) => k !== "SCRIPT_NAME");
  const sent = ["X-Forwarded-For", "X-Forwarded-Server", "X-Forwarded-Scheme", "X-Forwarded-Script-Name"];
  const trusted = wanted.filter((w) => sent.some((s) => s.toLowerCase() === w.toLowerCase()));
  const out = [
    "# WSGIProxy (Paste) inside a front Apache + mod_wsgi. WSGIProxy is Python 2 code: this mod_wsgi must run",
    "# Python 2 (it does not import under Python 3).",
    "#",
    "# Apache configuration:",
    `#   Listen ${proxy.listen}`,
    `#   WSGIScriptAlias ${mount} /srv/wsgiproxy/proxy.wsgi`,
    "#",
    `# /srv/wsgiproxy/proxy.wsgi (it should send to ${target}):`,
  ];
  if (extra.length) out.push(`# The front application must set ${extra.join(", ")} in the environ before this runs (middleware of your own).`);
  if (trusted.length) out.push(`# Of what WSGIProxyApp sends, the back end trusts ${trusted.join(", ")}.`);
  out.push(...applicationLine(proxy.config));
  return out;
}
