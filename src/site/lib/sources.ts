/** Names for the places a diagnostic can point at (`Diagnostic.source`), as the page labels them. */

export const REQUEST_SOURCE = "client.request";
export const BACKEND_SOURCE = "backend.config";
export const proxySource = (index: number) => `proxies[${index}].config`;

/** Reader-facing name of a diagnostic source, e.g. "proxies[0].config" → "Front end 1 config". */
export function sourceLabel(source: string): string {
  if (source === REQUEST_SOURCE) return "Client request";
  if (source === BACKEND_SOURCE) return "Back-end config";
  if (source === "scenario") return "Scenario";
  if (source === "link") return "Link";
  const proxy = /^proxies\[(\d+)\]\.(\w+)$/.exec(source);
  if (proxy) return `Front end ${Number(proxy[1]) + 1} ${proxy[2]}`;
  const field = /^(client|backend)\.(\w+)$/.exec(source);
  if (field) return `${field[1] === "client" ? "Client" : "Back-end"} ${field[2]}`;
  return source;
}

/** The id of the plain input that edits `source` in the playground whose ids start with `prefix`. */
export function inputIdFor(prefix: string, source: string): string | null {
  const proxy = /^proxies\[(\d+)\]\.(listen|address|server)$/.exec(source);
  if (proxy) return `${prefix}-proxy-${proxy[1]}-${proxy[2]}`;
  const field = /^(client|backend)\.(address|tls|listen|server|directories|middleware)$/.exec(source);
  if (field) return `${prefix}-${field[1]}-${field[2]}`;
  if (source === "modwsgi") return `${prefix}-modwsgi`;
  return null;
}
