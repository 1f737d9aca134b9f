import { expect, test } from "./fixtures.ts";

// On a phone-sized screen nothing may need sideways scrolling: tables and long code wrap instead.
test.use({ viewport: { width: 390, height: 844 } });

for (const path of ["/", "/docs/running-behind-a-reverse-proxy/", "/docs/where-docs-and-servers-differ/", "/docs/load-balancers-and-ingress/"]) {
  test(`${path} fits a 390-pixel-wide screen`, async ({ page }) => {
    await page.goto(path);
    const fits = async () => {
      const [scrollWidth, clientWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    };
    // A reference page fits as built, and with an example live (its editors load on first use).
    if (path !== "/") {
      await expect(page.locator("figure.pp-scenario").first()).toBeVisible();
      await fits();
      await page.getByRole("button", { name: "Edit this example" }).first().click();
    }
    await expect(page.getByRole("textbox", { name: "Client request" }).first()).toBeVisible();
    await fits();
  });
}
