/**
 * Routes of the offline bundle: the whole site in one HTML file, where every page is chosen by the URL fragment.
 *
 * - `#/docs/<slug>/` is a reference page, `#/docs/<slug>/<anchor>` a section of it (the hosted site's
 *   `docs/<slug>/#<anchor>`).
 * - Anything else is the playground: an empty fragment or `#/` is the reference example, `#v1.…` a permalink
 *   exactly as on the hosted site, so a link copied inside the file opens inside the file.
 *
 * A route starts with `/`, which neither a permalink (`v<n>.`) nor a heading id (rehype-slug: letters, digits,
 * `-`) can, so the two never collide. Pure: no DOM, so the mapping is unit-tested and the bundle's entry only
 * wires it to `hashchange` and to link clicks.
 */
import { CONTENT_ROUTE } from "./siteLinks.ts";

export type OfflineRoute =
  | { page: "playground"; /** The permalink fragment without `#`, or "" for the reference example. */ permalink: string }
  | { page: "reference"; slug: string; /** A heading id, or "" for the top of the page. */ anchor: string };

/** Origin of the virtual site the file stands for, used only to resolve the hosted site's relative links. */
const VIRTUAL_ORIGIN = "https://offline.invalid";

/** The route a fragment (`location.hash`, with or without `#`) selects. */
export function routeOf(hash: string): OfflineRoute {
  const fragment = hash.startsWith("#") ? hash.slice(1) : hash;
  const match = new RegExp(`^/${CONTENT_ROUTE}/([^/]+)/?(.*)$`).exec(fragment);
  if (match) return { page: "reference", slug: decodeURIComponent(match[1]!), anchor: decodeURIComponent(match[2]!) };
  return { page: "playground", permalink: fragment === "/" ? "" : fragment };
}

/** The fragment (with `#`) of a route; `routeOf(fragmentOf(r))` gives `r` back. */
export function fragmentOf(route: OfflineRoute): string {
  if (route.page === "playground") return route.permalink ? `#${route.permalink}` : "#/";
  return `#/${CONTENT_ROUTE}/${encodeURIComponent(route.slug)}/${encodeURIComponent(route.anchor)}`;
}

/**
 * The fragment that stands for a hosted-site link inside the file, or null for a link that leaves the site.
 * `href` is an attribute value as the hosted pages write it (`../../docs/slug/#anchor`, `../../#v1.…`,
 * `#anchor`, or an offline `#/docs/…` already), read relative to the page shown by `current`.
 */
export function offlineHref(href: string, current: OfflineRoute): string | null {
  const base = current.page === "reference" ? `${VIRTUAL_ORIGIN}/${CONTENT_ROUTE}/${current.slug}/` : `${VIRTUAL_ORIGIN}/`;
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return null;
  }
  if (url.origin !== VIRTUAL_ORIGIN) return null;
  const hash = url.hash.slice(1);
  if (hash.startsWith("/")) return `#${hash}`;
  if (url.pathname === "/" || url.pathname === "/index.html") return fragmentOf({ page: "playground", permalink: hash });
  const page = new RegExp(`^/${CONTENT_ROUTE}/([^/]+)/(?:index\\.html)?$`).exec(url.pathname);
  if (page) return fragmentOf({ page: "reference", slug: decodeURIComponent(page[1]!), anchor: decodeURIComponent(hash) });
  return null;
}
