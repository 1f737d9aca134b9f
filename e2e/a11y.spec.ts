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
});
