/**
 * Where things live on the site, for links built in the browser and at build time alike (no DOM, no Node).
 * Every `content/NN-slug.md` is the page `docs/slug/`; the playground is the site root.
 */

/** The directory of the reference pages, relative to the site root. */
export const CONTENT_ROUTE = "docs";

/** Slug of the diagnostics reference (`content/07-diagnostics.md`): one entry per code, its id the code itself. */
export const DIAGNOSTICS_SLUG = "diagnostics";

/**
 * The link to a reference page (and a section of it) from a page whose site root is `root`: "" from the
 * playground, "../../" from a reference page.
 */
export function pageHref(root: string, slug: string, anchor = ""): string {
  return `${root}${CONTENT_ROUTE}/${slug}/${anchor ? `#${encodeURIComponent(anchor)}` : ""}`;
}

/** The link to the diagnostics reference's entry for `code`, from a page whose site root is `root`. */
export function diagnosticHref(root: string, code: string): string {
  return pageHref(root, DIAGNOSTICS_SLUG, code);
}
