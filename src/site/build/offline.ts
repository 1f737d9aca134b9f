/**
 * Vite plugin: the offline bundle, the whole site as one HTML file (`vite.offline.config.ts`).
 *
 * The file's only entry is a document that exists only in memory: every reference page, pre-rendered exactly as
 * the hosted build renders it (`renderPage`, same strictness; examples without their static rendering, since
 * the file makes them all live at once), sits in a `<template data-pp-page>`, and the search index is made from
 * them when the file opens (`templateSearchIndex`); `src/site/entries/offline.ts` shows the page or the
 * playground the URL fragment names (`src/site/lib/offlineRoutes.ts`). vite-plugin-singlefile then inlines the script and the styles, and
 * `offlineContentSecurityPolicy` pins the inlined script by its hash.
 */
import path from "node:path";
import type { Plugin } from "vite";
import { listPages, renderPage, type PageSource } from "../content/contentPlugin.ts";
import { escapeHtml, pageBody } from "../content/render.ts";

/** Name of the offline file, in the build's output directory. */
export const OFFLINE_FILE = "proxy-playground.html";

/** The in-memory document the offline build starts from, one `<template>` per reference page. */
export async function offlineDocument(root: string, pages: readonly PageSource[], warn: (message: string) => void): Promise<string> {
  const templates: string[] = [];
  for (const page of pages) {
    // The file shows pages by script, which makes every example live at once: no example as built is needed.
    const body = await renderPage(page, true, warn, root, pages, pageBody, { staticExamples: false });
    templates.push(
      `<template data-pp-page="${escapeHtml(page.slug)}" data-pp-title="${escapeHtml(page.title)}">${body}</template>`,
    );
  }
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Proxy Playground</title>
    <meta name="description" content="The Proxy Playground and its reference in one file, for reading without a network." />
    <link rel="icon" href="data:," />
  </head>
  <body class="pp-playground-page">
    <div id="pp-offline-view">
      <noscript><p>The playground and the reference pages in this file are shown by JavaScript; please allow it for this file.</p></noscript>
    </div>
    ${templates.join("\n    ")}
    <script type="module" src="/src/site/entries/offline.ts"></script>
  </body>
</html>
`;
}

export function offlineBundle(options: { contentDir?: string } = {}): Plugin {
  const contentDir = options.contentDir ?? "content";
  let root = process.cwd();
  let entry = "";

  return {
    name: "pp:offline-bundle",
    enforce: "pre",
    apply: "build",

    config(config) {
      root = path.resolve(config.root ?? process.cwd());
      entry = path.resolve(root, OFFLINE_FILE);
      return { build: { rolldownOptions: { input: { offline: entry } } } };
    },

    resolveId(id) {
      const absolute = path.isAbsolute(id) && !id.startsWith(root) ? path.join(root, id) : id;
      return absolute === entry ? entry : null;
    },

    load(id) {
      if (id !== entry) return null;
      for (const page of listPages(root, contentDir)) this.addWatchFile(page.file);
      return offlineDocument(root, listPages(root, contentDir), (message) => this.warn(message));
    },
  };
}
