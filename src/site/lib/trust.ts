/**
 * What the trust editors need: the engine's two helpers that keep them and the back-end config pane in sync
 * (`readTrustSettings(config)` gives the WSGITrustedProxies / WSGITrustedProxyHeaders arguments, null when the
 * directive is absent; `writeTrustSettings(config, settings)` replaces, adds or removes those lines), and the
 * header groups the checkboxes are laid out by.
 */
export { readTrustSettings, writeTrustSettings } from "../../engine/modwsgi/trustedProxies.ts";

/** mod_wsgi's 15 known forwarded headers, by the category (equivalence group) whose environ key they set. */
export const HEADER_GROUPS: readonly { label: string; target: string; headers: readonly string[] }[] = [
  { label: "Client address", target: "REMOTE_ADDR", headers: ["X-Forwarded-For", "X-Client-IP", "X-Real-IP"] },
  { label: "Host", target: "HTTP_HOST", headers: ["X-Forwarded-Host", "X-Host"] },
  { label: "Server name", target: "SERVER_NAME", headers: ["X-Forwarded-Server"] },
  { label: "Port", target: "SERVER_PORT", headers: ["X-Forwarded-Port"] },
  { label: "Script name", target: "SCRIPT_NAME", headers: ["X-Script-Name", "X-Forwarded-Script-Name"] },
  {
    label: "Scheme",
    target: "wsgi.url_scheme",
    headers: ["X-Forwarded-Proto", "X-Forwarded-Scheme", "X-Scheme", "X-Forwarded-HTTPS", "X-Forwarded-SSL", "X-HTTPS"],
  },
];

export const KNOWN_HEADERS: readonly string[] = HEADER_GROUPS.flatMap((group) => group.headers);

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Whether `list` names `header` (mod_wsgi compares header names case-insensitively). */
export function listsHeader(list: readonly string[] | null, header: string): boolean {
  return list?.some((name) => same(name, header)) ?? false;
}

/**
 * The header list with `header` switched on (appended, so it is listed last and wins its group) or off (every
 * spelling of it removed). Other names, unknown ones included, keep their order. An empty result is null: the
 * directive without arguments does nothing, so it is simply removed.
 */
export function toggleHeader(list: readonly string[] | null, header: string, on: boolean): string[] | null {
  const others = (list ?? []).filter((name) => !same(name, header));
  const next = on ? [...others, header] : others;
  return next.length === 0 ? null : next;
}

/** Names in `list` that mod_wsgi does not know; it accepts them and ignores them. */
export function unknownHeaders(list: readonly string[] | null): string[] {
  return (list ?? []).filter((name) => !KNOWN_HEADERS.some((known) => same(known, name)));
}

/** Splits the trust-list text area: one address or CIDR per line, or several separated by spaces. */
export function parseProxyList(text: string): string[] {
  return text.split(/\s+/).filter((token) => token.length > 0);
}

/** 1-based numbers of the lines in `config` that carry a trust directive. */
export function trustDirectiveLines(config: string, which: "proxies" | "headers"): number[] {
  const pattern = which === "proxies" ? /^\s*WSGITrustedProxies\b/i : /^\s*WSGITrustedProxyHeaders\b/i;
  const lines: number[] = [];
  config.split(/\r?\n/).forEach((line, index) => {
    if (pattern.test(line)) lines.push(index + 1);
  });
  return lines;
}
