import { encodePermalink, expect, reference, test, type Scenario } from "./fixtures.ts";

// A mask no address has: mod_wsgi refuses it (trusted-proxies-bad-mask) at the back end's line 4.
const badMask: Scenario = {
  ...reference,
  backend: { ...reference.backend, config: `${reference.backend.config}WSGITrustedProxies 10.0.0.0/99\n` },
};

test.describe("diagnostic codes link to the diagnostics reference", () => {
  test("from the playground's problem list, to the code's entry", async ({ playground, page }) => {
    await playground.open(encodePermalink(badMask));
    const link = playground.problems.getByRole("link", { name: "trusted-proxies-bad-mask" });
    await expect(link).toHaveAttribute("href", "docs/diagnostics/#trusted-proxies-bad-mask");
    await link.click();
    await expect(page).toHaveURL(/\/docs\/diagnostics\/#trusted-proxies-bad-mask$/);
    const entry = page.getByRole("heading", { level: 3, name: "trusted-proxies-bad-mask" });
    await expect(entry).toBeInViewport();
    await expect(entry).toHaveAttribute("id", "trusted-proxies-bad-mask");
  });

  test("from the editor's lint tooltip", async ({ playground, page }) => {
    await playground.open(encodePermalink(badMask));
    // Hovering the marked argument shows the engine's message with the code as a link.
    await page.locator(".cm-lintRange-error").first().hover();
    const link = page.locator(".cm-tooltip-lint").getByRole("link", { name: "trusted-proxies-bad-mask" });
    await expect(link).toBeVisible();
    await link.click();
    await expect(page).toHaveURL(/\/docs\/diagnostics\/#trusted-proxies-bad-mask$/);
    await expect(page.getByRole("heading", { level: 3, name: "trusted-proxies-bad-mask" })).toBeInViewport();
  });

  test("from a reference page's live example, once the reader breaks it", async ({ playground, page }) => {
    await page.goto("/docs/running-behind-a-reverse-proxy/");
    await playground.editExamples();
    // The first example with an Apache + mod_wsgi back end, whose configuration the reader edits.
    const backendName = /^Back end Apache config$/;
    const example = page.locator("[data-pp-scenario].pp-upgraded").filter({ has: page.getByRole("textbox", { name: backendName }) }).first();
    const backend = example.getByRole("textbox", { name: backendName });
    await backend.click();
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.insertText("\nWSGITrustedProxies 10.0.0.0/99\n");
    const link = example.getByRole("table", { name: /^Problems/ }).getByRole("link", { name: "trusted-proxies-bad-mask" });
    await expect(link).toHaveAttribute("href", "../../docs/diagnostics/#trusted-proxies-bad-mask");
    await link.click();
    await expect(page.getByRole("heading", { level: 3, name: "trusted-proxies-bad-mask" })).toBeInViewport();
    expect(playground.errors).toEqual([]);
  });
});

test.describe("the diagnostics reference page", () => {
  test("shows its example confirmed on real servers, with the warning linked to its entry", async ({ playground, page }) => {
    await page.goto("/docs/diagnostics/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Diagnostics reference");
    await expect(page.locator(".pp-verification-verified")).toHaveCount(1);
    const link = page.locator("[data-pp-scenario]").getByRole("link", { name: "trusted-proxy-headers-same-group" });
    await link.click();
    await expect(page.getByRole("heading", { level: 3, name: "trusted-proxy-headers-same-group" })).toBeInViewport();
    expect(playground.errors).toEqual([]);
  });

  test.describe("on a phone", () => {
    test.use({ viewport: { width: 390, height: 844 } });
    test("fits a 390-pixel-wide screen, long codes included", async ({ page }) => {
      await page.goto("/docs/diagnostics/");
      await expect(page.getByRole("heading", { level: 3, name: "trusted-proxy-headers-invalid-name" })).toBeAttached();
      const [scrollWidth, clientWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    });
  });
});
