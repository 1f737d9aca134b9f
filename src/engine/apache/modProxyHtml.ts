/**
 * Models Apache mod_proxy_html (with mod_xml2enc): rewriting URLs inside HTML response bodies on the way
 * back through a reverse proxy, for the links `ProxyHTMLLinks` declares.
 *
 * Source: httpd 2.4 `modules/filters/mod_proxy_html.c`. Checked on Apache 2.4.71 (Debian 12) with a stock 301
 * body from an Apache + mod_wsgi back end:
 * - `ProxyHTMLEnable On` + `ProxyHTMLURLMap` alone rewrite nothing: the module knows no link attributes until
 *   `ProxyHTMLLinks` lines declare them. Debian's `a2enmod proxy_html` loads `proxy_html.conf`, which has them;
 *   a configuration without them leaves the back end's URL in the body (the Content-Type still becomes
 *   `text/html; charset=utf-8`).
 * - With `ProxyHTMLLinks a href`, `<a href="http://127.0.0.1:28000/static/">` became
 *   `<a href="http://www.example.com/static/">`, and the document was re-serialised by libxml2: the DOCTYPE is
 *   dropped (no `ProxyHTMLDocType`), whitespace between the elements of `<head>` goes, and the Content-Type is
 *   `text/html;charset=utf-8`.
 * Only HTML bodies (`text/html`, `application/xhtml+xml`) are filtered.
 */
import type { Directive } from "./configParser.ts";
import type { HttpResponse } from "../types.ts";
import { allDirectives, flag, type ScopeLayer } from "./server.ts";
import { responseHeader } from "../http/headers.ts";

export const directives = [
  { name: "ProxyHTMLEnable", contexts: "server config, virtual host, directory", args: "On|Off", help: "Filter proxied HTML responses through mod_proxy_html. Default Off." },
  { name: "ProxyHTMLURLMap", contexts: "server config, virtual host, directory", args: "from to [flags]", help: "Rewrite links that start with `from` so that they start with `to`." },
  { name: "ProxyHTMLLinks", contexts: "server config, virtual host, directory", args: "element attribute [attribute …]", help: "Declare which attributes of an element hold links; nothing is rewritten without these." },
] as const;

interface UrlMap {
  from: string;
  to: string;
  directive: Directive;
}

export interface HtmlRewrite {
  response: HttpResponse;
  notes: string[];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * libxml2's re-serialisation of Apache's stock documents: no DOCTYPE, no whitespace between head elements,
 * nothing after `</html>`.
 */
function reserialise(body: string): string {
  return body
    .replace(/^<!DOCTYPE[^>]*>\s*/i, "")
    .replace(/(<\/html>)\s*$/i, "$1")
    .replace(/<head>([\s\S]*?)<\/head>/i, (_all, inner: string) => `<head>${inner.replace(/>\s+</g, "><").trim()}</head>`);
}

/**
 * Applies mod_proxy_html to a response passing back through a front end whose scopes are `layers`. Returns the
 * response unchanged (with no notes) when `ProxyHTMLEnable` is not On.
 */
export function applyProxyHtml(response: HttpResponse, layers: ScopeLayer[]): HtmlRewrite {
  if (!flag(layers, "ProxyHTMLEnable", false)) return { response, notes: [] };
  const type = responseHeader(response.headers, "Content-Type") ?? "";
  if (!/^(text\/html|application\/xhtml\+xml)\b/i.test(type) || response.body === undefined) {
    return { response, notes: [`ProxyHTMLEnable On: the response is ${type || "without a Content-Type"}, not HTML, so its body passes unchanged.`] };
  }
  const maps: UrlMap[] = allDirectives(layers, "ProxyHTMLURLMap").flatMap((d) => (d.args.length >= 2 ? [{ from: d.args[0]!.text, to: d.args[1]!.text, directive: d }] : []));
  const links = new Map<string, Set<string>>();
  for (const d of allDirectives(layers, "ProxyHTMLLinks")) {
    const [element, ...attrs] = d.args.map((a) => a.text.toLowerCase());
    if (!element) continue;
    const set = links.get(element) ?? new Set<string>();
    for (const a of attrs) set.add(a);
    links.set(element, set);
  }
  const headers = Object.fromEntries(
    Object.entries(response.headers).map(([n, v]) => [n, n.toLowerCase() === "content-type" ? (links.size ? "text/html;charset=utf-8" : "text/html; charset=utf-8") : v]),
  );
  if (links.size === 0) {
    return {
      response: { ...response, headers },
      notes: [
        "ProxyHTMLEnable On, but no ProxyHTMLLinks line declares which attributes hold links, so mod_proxy_html rewrites nothing. Debian's proxy_html.conf (loaded by a2enmod proxy_html) declares them.",
      ],
    };
  }
  const notes: string[] = [];
  let body = reserialise(response.body);
  for (const [element, attrs] of links) {
    for (const attr of attrs) {
      const re = new RegExp(`(<${escapeRegExp(element)}\\b[^>]*?\\s${escapeRegExp(attr)}\\s*=\\s*)(["'])([^"']*)\\2`, "gi");
      body = body.replace(re, (all, lead: string, quote: string, url: string) => {
        const map = maps.find((m) => url.startsWith(m.from));
        if (!map) return all;
        const rewritten = map.to + url.slice(map.from.length);
        notes.push(`ProxyHTMLURLMap ${map.from} ${map.to} (line ${map.directive.line}) rewrites <${element} ${attr}> ${url} → ${rewritten}.`);
        return `${lead}${quote}${rewritten}${quote}`;
      });
    }
  }
  if (notes.length === 0) notes.push("mod_proxy_html re-serialised the body; no link in it matches a ProxyHTMLURLMap.");
  return { response: { ...response, headers, body }, notes };
}
