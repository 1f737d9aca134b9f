/**
 * The offline bundle (`npm run build:offline`), opened from file:// with every network request refused: every
 * page, the playground, search and permalinks work inside the one file, under its own Content-Security-Policy.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "@playwright/test";
import { decodePermalink, encodePermalink, expect, reference, test, type Scenario } from "./fixtures.ts";

const FILE = path.resolve("dist-offline", "proxy-playground.html");
const FILE_URL = pathToFileURL(FILE).href;

test.beforeAll(() => {
  // `npm test` builds the file before the browser tests; a lone run of this spec builds it when it is missing.
  if (!existsSync(FILE)) execFileSync("npm", ["run", "-s", "build:offline"], { stdio: "inherit" });
});

interface Watch {
  violations: string[];
  refused: string[];
}

/** Refuses every request that is not for the file itself, records each one and every CSP violation. */
async function offline(page: Page): Promise<Watch> {
  const watch: Watch = { violations: [], refused: [] };
  await page.context().setOffline(true);
  await page.context().route("**", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
    watch.refused.push(url);
    return route.abort("internetdisconnected");
  });
  page.on("requestfailed", (request) => watch.refused.push(`${request.url()} (${request.failure()?.errorText ?? "failed"})`));
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith("file:") && !url.startsWith("data:")) watch.refused.push(url);
  });
  await page.exposeFunction("ppViolation", (text: string) => watch.violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { ppViolation: (t: string) => void }).ppViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return watch;
}

function expectClean(watch: Watch) {
  expect(watch.violations, "Content-Security-Policy violations").toEqual([]);
  expect(watch.refused, "requests other than the file itself").toEqual([]);
}

const nav = (page: Page) => page.getByRole("navigation", { name: "Reference" });

test.describe("the offline file", () => {
  test.describe.configure({ timeout: 60_000 });

  // Not the playground fixture: the refused script below logs a console error on purpose.
  test("carries a strict policy: inline script only by hash, no eval, no other origin", async ({ page }) => {
    const watch = await offline(page);
    await page.goto(FILE_URL);
    await expect(page.getByRole("textbox", { name: "Client request", exact: true })).toBeVisible();
    const policy = (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content")) ?? "";
    const scriptSrc = /script-src ([^;]*)/.exec(policy)?.[1] ?? "";
    expect(scriptSrc).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'( 'sha256-[A-Za-z0-9+/]+=*')*$/);
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).not.toMatch(/https?:|\*/);
    // An inline script without the hash is refused, so the policy is really enforced.
    await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.ppInjected = true";
      document.body.append(script);
    });
    expect(await page.evaluate(() => (window as unknown as { ppInjected?: boolean }).ppInjected)).toBeUndefined();
    await expect.poll(() => watch.violations.length).toBe(1);
    watch.violations.length = 0;
    expectClean(watch);
  });

  test("shows every reference page and the playground, going there by its links", async ({ page, playground }) => {
    const watch = await offline(page);
    await page.goto(FILE_URL);
    await expect(playground.requestEditor).toBeVisible();
    const links = nav(page).getByRole("link");
    const titles = await links.allTextContents();
    expect(titles.length).toBeGreaterThanOrEqual(3);

    for (const title of titles) {
      await nav(page).getByRole("link", { name: title, exact: true }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
      await expect(page).toHaveTitle(`${title} · Proxy Playground`);
      expect(new URL(page.url()).hash).toMatch(/^#\/docs\/[^/]+\/$/);
      // The page's own navigation marks it and leads to the others without leaving the file.
      await expect(nav(page).getByRole("link", { name: title, exact: true })).toHaveAttribute("aria-current", "page");
      expect(page.url().startsWith(FILE_URL)).toBe(true);
    }
    // A page's live examples were made live (the static rendering replaced by editors).
    await expect(page.locator("[data-pp-scenario].pp-upgraded").first()).toBeVisible();

    await page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Open the playground" }).click();
    await expect(playground.requestEditor).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Proxy Playground");
    // Back goes to the last page read.
    await page.goBack();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(titles.at(-1)!);
    expectClean(watch);
  });

  test("an edit in the playground updates the environ and the link inside the file", async ({ page, playground }) => {
    const watch = await offline(page);
    await page.goto(FILE_URL);
    await expect(playground.environRow("PATH_INFO")).toContainText("/somepath");
    await playground.replaceText(playground.requestEditor, "GET /offline/edit HTTP/1.1\nHost: www.example.com\n");
    await expect(playground.environRow("PATH_INFO")).toContainText("/offline/edit");
    await expect.poll(async () => (await playground.scenarioInUrl())?.client.request).toContain("/offline/edit");
    expect(page.url().startsWith(`${FILE_URL}#`)).toBe(true);
    // The written link reopens the edited scenario in a fresh load of the file.
    await page.reload();
    await expect(playground.environRow("PATH_INFO")).toContainText("/offline/edit");
    expectClean(watch);
  });

  test("opens a permalink, and a page's example in the playground, inside the file", async ({ page, playground }) => {
    const watch = await offline(page);
    const linked: Scenario = { ...reference, client: { ...reference.client, address: "192.0.2.44" } };
    await page.goto(`${FILE_URL}#${encodePermalink(linked)}`);
    await expect(playground.clientAddress).toHaveValue("192.0.2.44");
    await expect(playground.environRow("REMOTE_ADDR")).toContainText("192.0.2.44");

    // From a reference page's live example to the playground, and the copied link stays in the file.
    await nav(page).getByRole("link").first().click();
    const open = page.getByRole("link", { name: "Open in playground" }).first();
    const fragment = (await open.getAttribute("href"))!.replace(/^.*#/, "");
    const example = decodePermalink(fragment).scenario;
    expect(example).not.toBeNull();
    await open.click();
    await expect(playground.requestEditor).toBeVisible();
    expect(new URL(page.url()).hash).toBe(`#${fragment}`);
    await expect(playground.clientAddress).toHaveValue(example!.client.address);
    await page.getByRole("button", { name: "Copy link" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${FILE_URL}#${fragment}`);
    expectClean(watch);
  });

  test("links a diagnostic's code to its entry in the diagnostics reference", async ({ page, playground }) => {
    const watch = await offline(page);
    const badMask: Scenario = { ...reference, backend: { ...reference.backend, config: `${reference.backend.config}WSGITrustedProxies 10.0.0.0/99\n` } };
    await page.goto(`${FILE_URL}#${encodePermalink(badMask)}`);
    await playground.problems.getByRole("link", { name: "trusted-proxies-bad-mask" }).click();
    await expect(page).toHaveURL(`${FILE_URL}#/docs/diagnostics/trusted-proxies-bad-mask`);
    await expect(page.getByRole("heading", { level: 3, name: "trusted-proxies-bad-mask" })).toBeInViewport();
    expectClean(watch);
  });

  test("opens a section from its address, edits a page's live example, and says when a page does not exist", async ({ page, playground }) => {
    const watch = await offline(page);
    await page.goto(`${FILE_URL}#/docs/diagnostics/permalink-bad-base64`);
    await expect(page.getByRole("heading", { level: 3, name: "permalink-bad-base64" })).toBeInViewport();

    // The page's example: trusting only X-Forwarded-Proto makes the client's "https" count.
    await page.goto(`${FILE_URL}#/docs/diagnostics/`);
    const example = page.locator("[data-pp-scenario].pp-upgraded").first();
    const scheme = example.getByRole("table", { name: "Key environ values" }).getByRole("row").filter({ has: page.getByRole("rowheader", { name: "wsgi.url_scheme", exact: true }) });
    await expect(scheme).toContainText("http");
    await playground.replaceText(
      example.getByRole("textbox", { name: /^Back end .* config$/ }),
      "WSGIScriptAlias / /srv/example/wsgi.py\nWSGITrustedProxies 127.0.0.1\nWSGITrustedProxyHeaders X-Forwarded-Proto\n",
    );
    await expect(scheme).toContainText("https");

    await page.goto(`${FILE_URL}#/docs/no-such-page/`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("No such page");
    await page.getByRole("link", { name: "Open the playground" }).click();
    await expect(playground.requestEditor).toBeVisible();
    expectClean(watch);
  });

  test("searches the reference and lands on the section", async ({ page, playground }) => {
    const watch = await offline(page);
    await page.goto(FILE_URL);
    await expect(playground.requestEditor).toBeVisible();
    await page.getByRole("searchbox", { name: "Search the reference" }).fill("ProxyHTMLLinks");
    const hit = page.getByRole("link", { name: "mod_proxy_html needs to be told what a link is" });
    await hit.click();
    await expect(page).toHaveURL(/#\/docs\/where-docs-and-servers-differ\/mod_proxy_html-needs-to-be-told-what-a-link-is$/);
    await expect(page.locator("#mod_proxy_html-needs-to-be-told-what-a-link-is")).toBeInViewport();
    // Search from a reference page too.
    await page.getByRole("searchbox", { name: "Search the reference" }).fill("option forwardfor");
    await page.locator(".pp-search-results a").first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Load balancers and ingress controllers/);
    expectClean(watch);
  });
});
