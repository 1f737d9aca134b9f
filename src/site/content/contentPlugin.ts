/**
 * Vite plugin: every `content/NN-slug.md` becomes the page `docs/slug/index.html`, pre-rendered at build time.
 *
 * - Build: each page is an extra HTML entry whose file does not exist on disk; `resolveId`/`load` hand Vite the
 *   rendered document, which Vite then processes like any HTML entry (script and CSS injection).
 * - Dev: a middleware renders `/docs/slug/` on request, so edits to the Markdown show on reload.
 *
 * A content mistake (bad frontmatter, a scenario block that is not a scenario) fails the build; a scenario
 * whose engine result has error diagnostics fails it too, since a guide must not show a broken example.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Plugin, ViteDevServer } from "vite";
import { ContentError, pageDocument, renderMarkdown, slugOf } from "./render.ts";

/** Where the pages go, relative to the site root. */
export const CONTENT_ROUTE = "docs";

interface PageSource {
  slug: string;
  file: string;
  /** Absolute path of the virtual `docs/<slug>/index.html`. */
  htmlPath: string;
}

function listPages(root: string, contentDir: string): PageSource[] {
  const dir = path.resolve(root, contentDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => /^\d+-.+\.md$/.test(name))
    .sort()
    .map((name) => {
      const slug = slugOf(name);
      return { slug, file: path.join(dir, name), htmlPath: path.resolve(root, CONTENT_ROUTE, slug, "index.html") };
    });
}

/** Renders one page to a full document. `strict` turns error diagnostics in scenarios into failures. */
async function renderPage(page: PageSource, strict: boolean, warn: (message: string) => void): Promise<string> {
  const options = { playgroundHref: "../../" };
  const relative = path.relative(process.cwd(), page.file);
  let rendered;
  try {
    rendered = await renderMarkdown(readFileSync(page.file, "utf8"), options);
  } catch (error) {
    if (error instanceof ContentError) throw new Error(`${relative}:${error.line}: ${error.message}`);
    throw error;
  }
  for (const { result, line } of rendered.scenarios) {
    for (const d of result.diagnostics.filter((d) => d.severity === "error")) {
      const message = `${relative}:${line}: the scenario block has an error in ${d.source} line ${d.line}: ${d.message}`;
      if (strict) throw new Error(message);
      warn(message);
    }
  }
  return pageDocument(rendered, options);
}

export function contentPages(options: { contentDir?: string } = {}): Plugin {
  const contentDir = options.contentDir ?? "content";
  let root = process.cwd();
  let pages: PageSource[] = [];

  return {
    name: "pp:content-pages",
    enforce: "pre",

    config(config) {
      root = path.resolve(config.root ?? process.cwd());
      pages = listPages(root, contentDir);
      const input: Record<string, string> = { index: path.resolve(root, "index.html") };
      for (const page of pages) input[`${CONTENT_ROUTE}/${page.slug}`] = page.htmlPath;
      return { build: { rolldownOptions: { input } } };
    },

    resolveId(id) {
      const absolute = path.isAbsolute(id) && !id.startsWith(root) ? path.join(root, id) : id;
      return pages.some((page) => page.htmlPath === absolute) ? absolute : null;
    },

    async load(id) {
      const page = pages.find((p) => p.htmlPath === id);
      if (!page) return null;
      this.addWatchFile(page.file);
      return renderPage(page, true, (message) => this.warn(message));
    },

    configureServer(server: ViteDevServer) {
      const dir = path.resolve(root, contentDir);
      server.watcher.add(dir);
      server.watcher.on("all", (_event, file) => {
        if (file.startsWith(dir)) {
          pages = listPages(root, contentDir);
          server.ws.send({ type: "full-reload" });
        }
      });
      server.middlewares.use(async (req, res, next) => {
        const url = (req.url ?? "").split(/[?#]/)[0]!;
        const match = new RegExp(`^/${CONTENT_ROUTE}/([^/]+)/?(?:index\\.html)?$`).exec(url);
        const page = match ? pages.find((p) => p.slug === match[1]) : undefined;
        if (!page) return next();
        if (!url.endsWith("/") && !url.endsWith(".html")) {
          res.statusCode = 301;
          res.setHeader("Location", `${url}/`);
          return res.end();
        }
        try {
          const html = await renderPage(page, false, (message) => server.config.logger.warn(message));
          res.setHeader("Content-Type", "text/html; charset=utf-8");
          res.end(await server.transformIndexHtml(url, html, req.originalUrl));
        } catch (error) {
          next(error);
        }
      });
    },
  };
}
