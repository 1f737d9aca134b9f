import { expect, test } from "./fixtures.ts";

// The built site carries a strict Content-Security-Policy; nothing on its pages may break it.
for (const [name, path] of [
  ["the playground", "/"],
  ["a guide page with live examples", "/docs/running-behind-a-reverse-proxy/"],
] as const) {
  test(`${name} runs under its Content-Security-Policy without a violation`, async ({ page }) => {
    await page.addInitScript(() => {
      (window as unknown as { ppViolations: string[] }).ppViolations = [];
      document.addEventListener("securitypolicyviolation", (e) => {
        (window as unknown as { ppViolations: string[] }).ppViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await page.goto(path);
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain("unsafe-eval");
    // A guide page loads its editors when the reader first edits an example; that load is under the policy too.
    if (path !== "/") await page.getByRole("button", { name: "Edit this example" }).first().click();
    await expect(page.getByRole("textbox").first()).toBeVisible();
    await page.getByRole("textbox").first().click();
    await page.keyboard.insertText(" ");
    expect(await page.evaluate(() => (window as unknown as { ppViolations: string[] }).ppViolations)).toEqual([]);
  });
}
