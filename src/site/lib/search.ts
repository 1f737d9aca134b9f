/**
 * Client-side search over the reference pages. The build writes a small index (every page's sections: heading,
 * anchor, plain text) into each page as a JSON data block; searching is a pure function over it, so it works
 * offline and needs no request.
 */

export interface SearchSection {
  /** Link to the section, relative to the site root (`docs/slug/#anchor`). */
  href: string;
  page: string;
  heading: string;
  text: string;
}

export interface SearchHit {
  href: string;
  page: string;
  heading: string;
  /** A short extract around the first match. */
  excerpt: string;
}

function stripTags(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Splits a page's article HTML into sections at its `<h2>`/`<h3>` headings (which carry ids). The text before
 * the first heading belongs to the page itself. Scenario figures are left out: their JSON is not prose.
 */
export function sectionsOf(pageTitle: string, pageHref: string, html: string): SearchSection[] {
  const prose = html.replace(/<figure class="pp-scenario"[\s\S]*?<\/figure>/g, " ");
  const parts = prose.split(/(?=<h[23][^>]*>)/);
  const out: SearchSection[] = [];
  for (const part of parts) {
    const h = /^<h[23][^>]*id="([^"]+)"[^>]*>([\s\S]*?)<\/h[23]>/.exec(part);
    const text = stripTags(h ? part.slice(h[0].length) : part);
    if (!h && text === "") continue;
    out.push({ href: h ? `${pageHref}#${h[1]}` : pageHref, page: pageTitle, heading: h ? stripTags(h[2]!) : pageTitle, text });
  }
  return out;
}

/**
 * Sections containing every word of `query` (case-insensitive), those whose heading has a word first, at most
 * `limit` of them. An empty query finds nothing.
 */
export function searchReference(index: readonly SearchSection[], query: string, limit = 8): SearchHit[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const scored: { s: SearchSection; score: number }[] = [];
  for (const s of index) {
    const heading = s.heading.toLowerCase();
    const all = `${heading} ${s.text.toLowerCase()}`;
    if (!words.every((w) => all.includes(w))) continue;
    scored.push({ s, score: words.filter((w) => heading.includes(w)).length });
  }
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, limit).map(({ s }) => {
    const at = s.text.toLowerCase().indexOf(words[0]!);
    const start = Math.max(0, at - 60);
    const excerpt = at < 0 ? s.text.slice(0, 140) : `${start > 0 ? "…" : ""}${s.text.slice(start, at + 100)}${at + 100 < s.text.length ? "…" : ""}`;
    return { href: s.href, page: s.page, heading: s.heading, excerpt };
  });
}

/** Reads the index the build wrote into the page (`#pp-search-index`); empty when it is missing or broken. */
export function pageSearchIndex(doc: Document): SearchSection[] {
  try {
    const data: unknown = JSON.parse(doc.getElementById("pp-search-index")?.textContent ?? "[]");
    return Array.isArray(data)
      ? data.filter((s): s is SearchSection => typeof s?.href === "string" && typeof s?.heading === "string" && typeof s?.text === "string" && typeof s?.page === "string")
      : [];
  } catch {
    return [];
  }
}
