import { expect, test } from "./fixtures.ts";

// On a phone-sized screen nothing may need sideways scrolling: tables and long code wrap instead.
test.use({ viewport: { width: 390, height: 844 } });

for (const path of ["/", "/docs/running-behind-a-reverse-proxy/", "/docs/where-docs-and-servers-differ/", "/docs/load-balancers-and-ingress/"]) {
  test(`${path} fits a 390-pixel-wide screen`, async ({ page }) => {
    await page.goto(path);
    await expect(page.getByRole("textbox", { name: "Client request" }).first()).toBeVisible();
    const [scrollWidth, clientWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  });
}
