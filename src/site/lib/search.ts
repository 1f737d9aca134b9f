/**
 * Client-side search over the reference pages. The build writes a small index (every page's sections: heading,
 * anchor, plain text) into each page as a JSON data block; searching is a pure function over it, so it works
 * offline and needs no request.
 */

import { CONTENT_ROUTE } from "./siteLinks.ts";

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
    .replace(/&nbsp;/g, " ")
    // Numeric references (the Markdown renderer writes "<" as &#x3C;); &amp; last, so "&amp;#60;" stays text.
    .replace(/&#x([0-9a-f]{1,6});/gi, (_, hex: string) => String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff)))
    .replace(/&#([0-9]{1,7});/g, (_, dec: string) => String.fromCodePoint(Math.min(parseInt(dec, 10), 0x10ffff)))
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

/**
 * The index of the pages in `templates` (slug → a `<template>` holding the page's body as the build rendered it,
 * `data-pp-title` its title): the sections `sectionsOf` finds in each article without its title and
 * verification line, which is the HTML the build indexes. The offline file builds its index this way, so it
 * carries the reference's text once instead of twice.
 */
export function templateSearchIndex(templates: ReadonlyMap<string, HTMLTemplateElement>): SearchSection[] {
  return [...templates].flatMap(([slug, template]) => {
    const article = template.content.querySelector("article")?.cloneNode(true) as Element | undefined;
    if (!article) return [];
    for (const added of article.querySelectorAll(":scope > h1, :scope > .pp-page-verification")) added.remove();
    return sectionsOf(template.dataset.ppTitle ?? slug, `${CONTENT_ROUTE}/${slug}/`, article.innerHTML);
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
