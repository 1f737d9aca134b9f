/** Entry of the playground page (`index.html`). */
import { mount } from "svelte";
import PlaygroundApp from "../components/PlaygroundApp.svelte";
import { pageSearchIndex } from "../lib/search.ts";
import "../styles/site.css";

/** The reference pages the build listed in `#pp-pages` (a JSON data block); none when it is missing or broken. */
function referencePages(): { href: string; title: string }[] {
  try {
    const data: unknown = JSON.parse(document.getElementById("pp-pages")?.textContent ?? "[]");
    return Array.isArray(data) ? data.filter((p): p is { href: string; title: string } => typeof p?.href === "string" && typeof p?.title === "string") : [];
  } catch {
    return [];
  }
}

const target = document.getElementById("pp-app");
if (target) {
  target.replaceChildren();
  mount(PlaygroundApp, { target, props: { pages: referencePages(), searchIndex: pageSearchIndex(document) } });
}
