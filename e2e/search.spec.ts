import { expect, test } from "./fixtures.ts";

test.describe("search over the reference", () => {
  test("from a guide page, finds a section on another page and goes there", async ({ page }) => {
    await page.goto("/docs/running-behind-a-reverse-proxy/");
    const search = page.getByRole("searchbox", { name: "Search the reference" });
    await search.fill("ProxyHTMLLinks");
    const hit = page.getByRole("link", { name: "mod_proxy_html needs to be told what a link is" });
    await expect(hit).toBeVisible();
    await hit.click();
    await expect(page).toHaveURL(/where-docs-and-servers-differ\/#mod_proxy_html-needs-to-be-told-what-a-link-is$/);
  });

  test("from the playground, and says when nothing matches", async ({ playground, page }) => {
    await playground.open();
    const search = page.getByRole("searchbox", { name: "Search the reference" });
    await search.fill("option forwardfor");
    await expect(page.locator(".pp-search-results li").first()).toContainText("Load balancers and ingress controllers");
    await search.fill("no-such-word-anywhere");
    await expect(page.getByText("No section of the reference matches")).toBeVisible();
  });
});
