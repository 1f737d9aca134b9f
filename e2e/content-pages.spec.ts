/**
 * The reference pages on proxies and trust: each renders every example of its Markdown as a live island with no
 * error state, says all of them were confirmed on real servers, links only to pages that exist, and is listed in
 * the navigation and found by the search.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { extractScenarioBlocks } from "../src/site/content/render.ts";
import { expect, test } from "./fixtures.ts";

const contentDir = path.resolve(import.meta.dirname, "../content");

/** Each page, and words its search should find in one of its sections (the section's heading and anchor). */
const pages = [
  { file: "01-running-behind-a-reverse-proxy.md", slug: "running-behind-a-reverse-proxy", title: "Running behind a reverse proxy", find: ["set_real_ip_from unix:", "Unix sockets", "unix-sockets"] },
  { file: "04-trusted-proxies-directives.md", slug: "trusted-proxies-directives", title: "WSGITrustedProxies and WSGITrustedProxyHeaders", find: ["AllowOverride FileInfo", "Syntax and contexts", "syntax-and-contexts"] },
  { file: "05-header-name-filtering.md", slug: "header-name-filtering", title: "Header-name filtering", find: ["httpoxy", "How names become environ keys", "how-names-become-environ-keys"] },
  { file: "06-modwsgi-4.9-vs-6.0.md", slug: "modwsgi-4.9-vs-6.0", title: "mod_wsgi 4.9 vs 6.0", find: ["SERVER_SIGNATURE", "Fewer CGI variables", "fewer-cgi-variables"] },
  { file: "09-mod-wsgi-express-options.md", slug: "mod-wsgi-express-options", title: "mod_wsgi-express options", find: ["--error-document", "Files, aliases and error documents", "files-aliases-and-error-documents"] },
] as const;

for (const { file, slug, title, find } of pages) {
  const examples = extractScenarioBlocks(readFileSync(path.join(contentDir, file), "utf8")).length;

  test.describe(`the page ${slug}`, () => {
    test(`shows its ${examples} examples live, each confirmed on real servers, with no error state`, async ({ playground, page }) => {
      test.setTimeout(60_000);
      await page.goto(`/docs/${slug}/`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
      const figures = page.locator("figure.pp-scenario");
      await expect(figures).toHaveCount(examples);
      await playground.editExamples();
      // Every island came up: one live back-end editor per example, and no part of any island failed.
      await expect(page.getByRole("textbox", { name: /^Back end / })).toHaveCount(examples);
      await expect(page.locator(".pp-failed")).toHaveCount(0);
      await expect(page.locator(".pp-verification-verified")).toHaveCount(examples);
      await expect(page.locator(".pp-page-verification")).toContainText(examples === 1 ? "The example on this page was run" : `All ${examples} examples on this page were run`);
      for (const figure of await figures.all()) {
        await expect(figure.getByRole("table", { name: "Response to the client" })).toBeVisible();
        await expect(figure.getByRole("table", { name: /^Problems/ }).locator(".pp-badge-error")).toHaveCount(0);
      }
      expect(playground.errors).toEqual([]);
    });

    test("links only to reference pages and sections that exist", async ({ page, request }) => {
      await page.goto(`/docs/${slug}/`);
      const hrefs = (selector: string) => page.locator(selector).evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
      // The preview server answers any path, so a page exists when the reference navigation lists it.
      const existing = new Set((await hrefs('nav[aria-label="Reference"] a[href]')).map((h) => h.split("#")[0]!));
      const linked = (await hrefs("main article a[href]")).filter((href) => href.includes("/docs/"));
      expect(linked.filter((href) => !existing.has(href.split("#")[0]!))).toEqual([]);
      for (const href of linked.filter((h) => h.includes("#"))) {
        const [target, id] = href.split("#") as [string, string];
        expect(await (await request.get(target)).text(), href).toContain(`id="${id}"`);
      }
    });

    test("is listed in the reference navigation", async ({ page }) => {
      await page.goto("/docs/running-behind-a-reverse-proxy/");
      const nav = page.getByRole("navigation", { name: "Reference" });
      await nav.getByRole("link", { name: title, exact: true }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
      await expect(page.getByRole("navigation", { name: "Reference" }).locator('[aria-current="page"]')).toHaveText(title);
    });

    test(`is found by the search: "${find[0]}" leads to its section "${find[1]}"`, async ({ page }) => {
      const [words, heading, anchor] = find;
      await page.goto("/");
      await page.getByRole("searchbox", { name: "Search the reference" }).fill(words);
      await page.getByRole("link", { name: heading, exact: true }).click();
      await expect(page).toHaveURL(`/docs/${slug}/#${anchor}`);
      await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
    });
  });
}

test("an example switches between mod_wsgi 4.9 and 6.0 in place", async ({ playground, page }) => {
  await page.goto("/docs/modwsgi-4.9-vs-6.0/");
  const example = page.locator("figure.pp-scenario").first();
  const remoteAddr = example.getByRole("table", { name: "Key environ values" }).getByRole("row").filter({ hasText: "REMOTE_ADDR" });
  await expect(remoteAddr).toContainText("empty string");
  // The menu works before the example is live: choosing in it makes the example live with that choice.
  await example.getByRole("combobox", { name: "mod_wsgi" }).selectOption("6.0");
  await expect(example.getByRole("textbox", { name: /^Back end / })).toBeVisible();
  await expect(example.getByRole("combobox", { name: "mod_wsgi" })).toHaveValue("6.0");
  await expect(remoteAddr).toContainText("203.0.113.5");
  await expect(example.getByText("You have changed the example since")).toBeVisible();
  await example.getByRole("button", { name: "Reset this example" }).click();
  await expect(example.getByRole("combobox", { name: "mod_wsgi" })).toHaveValue("4.9");
  await expect(remoteAddr).toContainText("empty string");
  expect(playground.errors).toEqual([]);
});
