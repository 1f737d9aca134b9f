/**
 * Nothing the reader typed is lost: edits survive a reload (the fragment, plus a draft in this browser's
 * storage), a broken link never replaces the work on screen, and the reference example is always one button away.
 */
import { expect, reference, test } from "./fixtures.ts";

const TYPED = "X-Typed-By-Reader: yes\n";

test.describe("nothing lost", () => {
  test("typed text survives a reload, and opening the playground without a link restores it as a draft", async ({ playground, page }) => {
    await playground.open();
    await playground.requestEditor.click();
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.type(TYPED);
    await expect(playground.requestEditor).toContainText("X-Typed-By-Reader: yes");

    // Reloading right away: the pending write happens on pagehide.
    await page.reload();
    await expect(playground.requestEditor).toContainText("X-Typed-By-Reader: yes");

    // The address bar without a scenario: the draft comes back, and says so.
    await page.goto("/");
    await expect(playground.requestEditor).toContainText("X-Typed-By-Reader: yes");
    const note = page.getByRole("status").filter({ hasText: "Restored your draft" });
    await expect(note).toBeVisible();

    // Discarding it gives the reference example, and a reload no longer brings the draft back.
    await note.getByRole("button", { name: "Discard the draft" }).click();
    await expect(playground.requestEditor).not.toContainText("X-Typed-By-Reader");
    await expect(playground.requestEditor).toContainText("GET /somepath HTTP/1.1");
    await expect(note).toHaveCount(0);
    await page.reload();
    await expect(playground.requestEditor).not.toContainText("X-Typed-By-Reader");
  });

  test("a broken link keeps the work on screen, a reload restores it, and the example is one button away", async ({ playground, page }) => {
    await playground.open();
    await playground.clientAddress.fill("127.0.0.42");
    await expect.poll(async () => (await playground.scenarioInUrl())?.client.address).toBe("127.0.0.42");

    // A damaged link pasted into the address bar of the open page.
    await page.evaluate(() => (location.hash = "v2.f1.e0.1.0.cut-short"));
    const banner = page.getByRole("alert");
    await expect(banner).toContainText("This link could not be opened.");
    await expect(banner).toContainText("What was on screen stays as it was.");
    await expect(playground.clientAddress).toHaveValue("127.0.0.42");

    // Reloading on the broken link: the draft is the previous work.
    await page.reload();
    await expect(banner).toContainText("This link could not be opened.");
    await expect(banner).toContainText("Showing your draft from this browser instead.");
    await expect(playground.clientAddress).toHaveValue("127.0.0.42");
    expect(new URL(page.url()).hash).toBe("#v2.f1.e0.1.0.cut-short");

    // And the way back to the example.
    await banner.getByRole("button", { name: "Show the reference example" }).click();
    await expect(playground.clientAddress).toHaveValue(reference.client.address);
    await expect(banner).toHaveCount(0);
    expect(new URL(page.url()).hash).toBe("");
  });

  test("Reset to the reference example forgets the draft", async ({ playground, page }) => {
    await playground.open();
    await playground.clientAddress.fill("127.0.0.43");
    await expect.poll(async () => (await playground.scenarioInUrl())?.client.address).toBe("127.0.0.43");
    await page.getByRole("button", { name: "Reset to the reference example" }).click();
    await expect(playground.clientAddress).toHaveValue(reference.client.address);
    // Reset is the reader's choice: no draft comes back.
    await page.goto("/");
    await expect(playground.clientAddress).toHaveValue(reference.client.address);
    await expect(page.getByRole("status").filter({ hasText: "Restored your draft" })).toHaveCount(0);
  });
});
