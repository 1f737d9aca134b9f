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
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Plugin, ViteDevServer } from "vite";
import { contentExampleId, ContentError, pageDocument, parseFrontmatter, renderMarkdown, slugOf, type NavEntry, type RenderedPage, type RenderOptions, type Verification } from "./render.ts";
import type { Result, Scenario } from "../../engine/index.ts";
import { sectionsOf, type SearchSection } from "../lib/search.ts";
import { canonicalJson } from "../../engine/scenario/permalink.ts";
import { compareOutcome } from "../../../e2e/conformance/compare.ts";
import { modelOnlyReason } from "../../../e2e/conformance/modelOnly.ts";
import { CONTENT_ROUTE } from "../lib/siteLinks.ts";

/** Where the conformance suite commits what real servers did for each corpus scenario and content example. */
const OBSERVED_DIR = path.join("e2e", "conformance", "observed");


/**
 * The real-server check of one example: its committed observation, taken for the same scenario, compared
 * field by field with the engine's result (the conformance suite's own comparison).
 */
export function verifyExample(root: string, slug: string, index: number, scenario: Scenario, result: Result): Verification {
  const modelOnly = modelOnlyReason(scenario);
  if (modelOnly) return { state: "unverified", reason: modelOnly };
  const file = path.resolve(root, OBSERVED_DIR, `${contentExampleId(slug, index)}.json`);
  if (!existsSync(file)) return { state: "unverified", reason: "run npm run conformance to check it" };
  const observed = JSON.parse(readFileSync(file, "utf8")) as {
    servers: Record<string, string>;
    scenario?: unknown;
    response: { status: number | null; headers?: Record<string, string>; body?: string };
    environ: Record<string, string> | null;
    /** Keys the runner left out as run-specific (volatile.ts), e.g. express's handler script in its temporary directory. */
    environVolatileKeysOmitted?: string[];
  };
  if (canonicalJson(observed.scenario) !== canonicalJson({ ...scenario, proxies: scenario.proxies ?? [] })) {
    return { state: "unverified", reason: "the example changed since it was last run; run npm run conformance" };
  }
  const kinds = new Set([...(scenario.proxies ?? []).map((p) => p.server), scenario.backend.server]);
  const servers =
    `Apache ${observed.servers.apache} + mod_wsgi ${observed.servers.modwsgi}` +
    (kinds.has("nginx") ? ` and nginx ${observed.servers.nginx}` : "") +
    (kinds.has("haproxy") ? ` and HAProxy ${observed.servers.haproxy ?? "2.6"}` : "") +
    " on Debian 12";
  const body = observed.response.body;
  const echoed = observed.environ !== null && body !== undefined && body.startsWith("(the application's environ");
  // What the observation left out as run-specific is left out of the engine's side too, as the runner does.
  const omitted = new Set(observed.environVolatileKeysOmitted ?? []);
  const engine = result.environ === null ? result : { ...result, environ: Object.fromEntries(Object.entries(result.environ).filter(([k]) => !omitted.has(k))) };
  const fields = compareOutcome(engine, {
    status: observed.response.status,
    headers: observed.response.headers ?? {},
    environ: observed.environ,
    ...(body !== undefined && !echoed ? { body } : {}),
  }).map((d) => d.field);
  return fields.length ? { state: "disagrees", servers, fields } : { state: "verified", servers };
}

/** Where the pages go, relative to the site root. */
export { CONTENT_ROUTE };

export interface PageSource {
  slug: string;
  /** The page's `title:` from its frontmatter. */
  title: string;
  file: string;
  /** Absolute path of the virtual `docs/<slug>/index.html`. */
  htmlPath: string;
}

export function listPages(root: string, contentDir: string): PageSource[] {
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
      const file = path.join(dir, name);
      const title = parseFrontmatter(readFileSync(file, "utf8")).data.title ?? slug;
      return { slug, title, file, htmlPath: path.resolve(root, CONTENT_ROUTE, slug, "index.html") };
    });
}

/** Every section of every page, for the client-side search (site-relative links). */
export async function searchIndex(pages: readonly PageSource[]): Promise<SearchSection[]> {
  const out: SearchSection[] = [];
  for (const page of pages) {
    try {
      const rendered = await renderMarkdown(readFileSync(page.file, "utf8"), { playgroundHref: "../../" });
      out.push(...sectionsOf(page.title, `${CONTENT_ROUTE}/${page.slug}/`, rendered.html));
    } catch {
      // A page that does not render fails its own build step with the reason; the index just skips it.
    }
  }
  return out;
}

/** JSON that is safe inside `<script type="application/json">`. */
export function dataBlock(id: string, value: unknown): string {
  return `<script type="application/json" id="${id}">${JSON.stringify(value).replace(/</g, "\\u003c")}</script>`;
}

/** The reference pages as links relative to a page at `fromDepth` directories below the site root. */
export function navEntries(pages: readonly PageSource[], prefix: string, current?: string): NavEntry[] {
  return pages.map((p) => ({ href: `${prefix}${CONTENT_ROUTE}/${p.slug}/`, title: p.title, current: p.slug === current }));
}

/**
 * Renders one page as the hosted site serves it: `wrap` makes the HTML (by default the whole document; the
 * offline bundle takes just the body). `strict` turns error diagnostics and real-server disagreements into
 * failures instead of warnings. `overrides` adds render options (the offline file's `staticExamples: false`).
 */
export async function renderPage(
  page: PageSource,
  strict: boolean,
  warn: (message: string) => void,
  root: string,
  pages: readonly PageSource[],
  wrap: (page: RenderedPage, options: RenderOptions) => string = pageDocument,
  overrides: Partial<RenderOptions> = {},
): Promise<string> {
  const options: RenderOptions = {
    ...overrides,
    playgroundHref: "../../",
    nav: navEntries(pages, "../../", page.slug),
    searchIndex: dataBlock("pp-search-index", await searchIndex(pages)),
    verify: (index: number, scenario: Scenario, result: Result) => verifyExample(root, page.slug, index, scenario, result),
  };
  const relative = path.relative(process.cwd(), page.file);
  let rendered;
  try {
    rendered = await renderMarkdown(readFileSync(page.file, "utf8"), options);
  } catch (error) {
    if (error instanceof ContentError) throw new Error(`${relative}:${error.line}: ${error.message}`);
    throw error;
  }
  for (const { verification, line } of rendered.scenarios) {
    if (verification?.state !== "disagrees") continue;
    const message = `${relative}:${line}: real servers (${verification.servers}) disagree with the engine on ${verification.fields.join(", ")}`;
    if (strict) throw new Error(message);
    warn(message);
  }
  for (const { result, line } of rendered.scenarios) {
    for (const d of result.diagnostics.filter((d) => d.severity === "error")) {
      const message = `${relative}:${line}: the scenario block has an error in ${d.source} line ${d.line}: ${d.message}`;
      if (strict) throw new Error(message);
      warn(message);
    }
  }
  return wrap(rendered, options);
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
      return renderPage(page, true, (message) => this.warn(message), root, pages);
    },

    transformIndexHtml: {
      order: "pre",
      handler(html, ctx) {
        // The playground (the site's root page) lists the reference pages in its header.
        if (path.resolve(root, ctx.filename) !== path.resolve(root, "index.html")) return html;
        const data = JSON.stringify(navEntries(pages, "")).replace(/</g, "\\u003c");
        return searchIndex(pages).then((index) =>
          html.replace("</body>", `  <script type="application/json" id="pp-pages">${data}</script>\n  ${dataBlock("pp-search-index", index)}\n  </body>`),
        );
      },
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
          const html = await renderPage(page, false, (message) => server.config.logger.warn(message), root, pages);
          res.setHeader("Content-Type", "text/html; charset=utf-8");
          res.end(await server.transformIndexHtml(url, html, req.originalUrl));
        } catch (error) {
          next(error);
        }
      });
    },
  };
}
