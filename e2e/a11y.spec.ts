import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./fixtures.ts";

const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

test.describe("accessibility (axe, WCAG 2.1 A/AA)", () => {
  test("the playground", async ({ playground, page }) => {
    await playground.open();
    const { violations } = await new AxeBuilder({ page }).withTags(tags).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });

  test("the playground showing an error", async ({ playground, page }) => {
    await playground.open();
    await playground.trustList.fill("0.0.0.0/0");
    await expect(playground.problems).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).withTags(tags).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });

  test("the guide page", async ({ page }) => {
    await page.goto("/docs/running-behind-a-reverse-proxy/");
    await expect(page.getByRole("textbox", { name: "Client request" })).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).withTags(tags).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });

  // The same checks in the other themes the site follows from the system: dark, and high contrast.
  for (const [theme, media] of [
    ["dark", { colorScheme: "dark" }],
    ["high contrast", { colorScheme: "light", contrast: "more" }],
    ["dark high contrast", { colorScheme: "dark", contrast: "more" }],
  ] as const) {
    for (const [name, path] of [
      ["the playground", "/"],
      ["the guide page", "/docs/running-behind-a-reverse-proxy/"],
    ] as const) {
      test(`${name} in the ${theme} theme`, async ({ page }) => {
        await page.emulateMedia(media);
        await page.goto(path);
        await expect(page.getByRole("textbox", { name: "Client request" }).first()).toBeVisible();
        const { violations } = await new AxeBuilder({ page }).withTags(tags).analyze();
        expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
      });
    }
  }
});

