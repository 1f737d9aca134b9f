import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { encodePermalink, expect, reference, test } from "./fixtures.ts";

const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** axe's WCAG 2.1 A/AA violations on the page as it is, one line each: rule, then the elements concerned. */
async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(tags).analyze();
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test.describe("accessibility (axe, WCAG 2.1 A/AA)", () => {
  test("the playground", async ({ playground, page }) => {
    await playground.open();
    expect(await axeViolations(page)).toEqual([]);
  });

  test("the playground showing an error", async ({ playground, page }) => {
    await playground.open();
    await playground.trustList.fill("0.0.0.0/0");
    await expect(playground.problems).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });

  for (const [theme, media] of [
    ["light", { colorScheme: "light" }],
    ["dark", { colorScheme: "dark" }],
  ] as const) {
    test(`the playground's banners and notes (broken link, restored draft, another engine) in the ${theme} theme`, async ({ playground, page }) => {
      await page.emulateMedia(media);
      const check = async () => expect(await axeViolations(page)).toEqual([]);
      await playground.open(encodePermalink(reference, "0.0.9"));
      await expect(page.getByText(/made with engine 0\.0\.9/)).toBeVisible();
      await check();
      await playground.clientAddress.fill("127.0.0.44");
      await expect.poll(async () => (await playground.scenarioInUrl())?.client.address).toBe("127.0.0.44");
      await page.goto("/");
      await expect(page.getByText("Restored your draft", { exact: false })).toBeVisible();
      await page.evaluate(() => (location.hash = "v1.garbage"));
      await expect(page.getByRole("alert")).toContainText("This link could not be opened.");
      await check();
    });
  }

  // Every page the site's navigation leads to, found by following the navigation from the playground (so a page
  // added to the reference is checked without touching this file), in the themes the site follows from the
  // system: light, dark, and high contrast in both.
  for (const [theme, media] of [
    ["light", { colorScheme: "light" }],
    ["dark", { colorScheme: "dark" }],
    ["high contrast", { colorScheme: "light", contrast: "more" }],
    ["dark high contrast", { colorScheme: "dark", contrast: "more" }],
  ] as const) {
    test(`every page in the navigation, in the ${theme} theme`, async ({ page }) => {
      test.setTimeout(600_000);
      await page.emulateMedia(media);
      const found: string[] = [];
      const pages = await eachPageInNavigation(page, async (path) => {
        if (path === "/") await expect(page.getByRole("textbox", { name: "Client request" })).toBeVisible();
        // A reference page as it loads: its examples static, each with "Edit this example".
        await expect(page.locator("[data-pp-edit]:not([hidden])")).toHaveCount(await page.locator("[data-pp-scenario]").count());
        found.push(...(await axeViolations(page)).map((v) => `${path} ${v}`));
        // And with an example live (editors, results), as a reader who edits it sees it. The examples of a page
        // are all the same component, so the first stands for the others.
        if ((await page.locator("[data-pp-scenario]").count()) === 0) return;
        await page.locator("[data-pp-edit]").first().click();
        await expect(page.locator('[data-pp-scenario][data-pp-state="live"] .cm-editor').first()).toBeVisible({ timeout: 30_000 });
        found.push(...(await axeViolations(page)).map((v) => `${path} (an example live) ${v}`));
      });
      test.info().annotations.push({ type: "pages checked", description: `${pages.length}: ${pages.join(" ")}` });
      expect(pages.length, `pages found: ${pages.join(" ")}`).toBeGreaterThan(3);
      expect(found).toEqual([]);
    });
  }
});

/**
 * Visits every page the site's navigation leads to: starting at the playground, every same-origin link inside a
 * `nav` element, followed page by page until no new page turns up. Calls `check` on each page once it has
 * loaded; returns the paths visited, the playground first.
 */
async function eachPageInNavigation(page: Page, check: (path: string) => Promise<void>): Promise<string[]> {
  const seen = new Set<string>(["/"]);
  const queue = ["/"];
  while (queue.length > 0) {
    const path = queue.shift()!;
    await test.step(path, async () => {
      await page.goto(path);
      await page.locator("nav a[href]").first().waitFor();
      const links = await page.locator("nav a[href]").evaluateAll((anchors) =>
        anchors.map((a) => new URL((a as HTMLAnchorElement).href)).filter((u) => u.origin === location.origin).map((u) => u.pathname),
      );
      for (const link of links) {
        if (!seen.has(link)) {
          seen.add(link);
          queue.push(link);
        }
      }
      await check(path);
    });
  }
  return [...seen];
}
