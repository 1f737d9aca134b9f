/**
 * The playground from the keyboard alone: every control is reached by Tab in document order with a visible
 * focus indicator, the editors are left with Escape then Tab (CodeMirror's escape hatch, documented on the
 * page), and a whole edit → copy link → reset round needs no pointer.
 */
import type { Page } from "@playwright/test";
import { decodePermalink, expect, reference, test } from "./fixtures.ts";

interface Focused {
  /** Index in document order among the page's focusable elements (`data-pp-k`), or -1 when not among them. */
  k: number;
  name: string;
  editor: boolean;
  /** The focus indicator: an outline on the element (for an editor, on the editor's frame). */
  outline: string;
}

/** Numbers every visible focusable element of the page in document order; returns how many there are. */
async function numberFocusables(page: Page): Promise<number> {
  return page.evaluate(() => {
    const selector = [
      "a[href]",
      "button:not([disabled])",
      "input:not([disabled]):not([type=hidden])",
      "select:not([disabled])",
      "textarea:not([disabled])",
      "summary",
      "[tabindex]:not([tabindex='-1'])",
      "[contenteditable=true]",
    ].join(", ");
    const all = [...document.querySelectorAll<HTMLElement>(selector)].filter(
      (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden" && (el.tabIndex >= 0 || el.isContentEditable),
    );
    all.forEach((el, i) => el.setAttribute("data-pp-k", String(i)));
    return all.length;
  });
}

async function focused(page: Page): Promise<Focused | null> {
  // CodeMirror marks its editor focused (.cm-focused, which draws the outline) a moment after the focus event,
  // in its own update; read the outline once it has, or after a second if it never does.
  await page
    .waitForFunction(() => {
      const editor = document.activeElement?.closest(".cm-editor");
      return !editor || editor.classList.contains("cm-focused");
    }, undefined, { timeout: 1_000 })
    .catch(() => undefined);
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const editor = el.closest<HTMLElement>(".cm-editor");
    const labelled = el.getAttribute("aria-label") ?? (el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null);
    const name = (labelled ?? el.closest("label")?.textContent ?? el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 60);
    const frame = getComputedStyle(editor ?? el);
    const outline = frame.outlineStyle !== "none" && parseFloat(frame.outlineWidth) > 0 ? `${frame.outlineStyle} ${frame.outlineWidth}` : "none";
    return { k: Number(el.getAttribute("data-pp-k") ?? -1), name, editor: editor !== null, outline };
  });
}

/** Presses Tab (or Shift+Tab), first leaving an editor the documented way: Escape, then Tab. */
async function tab(page: Page, backwards = false): Promise<Focused | null> {
  if ((await focused(page))?.editor) await page.keyboard.press("Escape");
  await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  return focused(page);
}

async function tabTo(page: Page, name: string | RegExp, backwards = false): Promise<Focused> {
  for (let i = 0; i < 300; i++) {
    const now = await tab(page, backwards);
    if (now && (typeof name === "string" ? now.name === name : name.test(now.name))) return now;
  }
  throw new Error(`Tab never reached ${String(name)}`);
}

test.describe("keyboard", () => {
  test("Tab reaches every control in document order, each with a visible focus indicator", async ({ playground, page }) => {
    test.setTimeout(120_000);
    await playground.open();
    const count = await numberFocusables(page);
    expect(count).toBeGreaterThan(30);
    const order: number[] = [];
    const unmarked: string[] = [];
    const invisible: string[] = [];
    for (let i = 0; i < count * 3 && order.length < count; i++) {
      const now = await tab(page);
      if (now === null) break; // Past the last control: focus went to the browser.
      if (now.k < 0) unmarked.push(now.name);
      else if (order.at(-1) !== now.k) order.push(now.k);
      if (now.outline === "none") invisible.push(now.name);
    }
    expect(unmarked, "focused elements outside the page's focusables").toEqual([]);
    expect(invisible, "focused elements without a visible indicator").toEqual([]);
    expect(order).toEqual(Array.from({ length: count }, (_, i) => i));
  });

  test("the way out of an editor is on the page: beside the editors and in the help", async ({ playground, page }) => {
    await playground.open();
    const hint = page.locator(".pp-inputs .pp-keyboard-hint");
    await expect(hint).toBeVisible();
    await expect(hint).toContainText("To leave it, press Esc then Tab");
    const help = page.getByRole("complementary", { name: "Help" });
    await expect(help).toContainText("To leave the editor press Esc, then Tab");
    await expect(help).toContainText("Ctrl+M");
  });

  test("edit, copy the link and reset, with the keyboard only", async ({ playground, page }) => {
    test.setTimeout(60_000);
    await playground.open();
    await numberFocusables(page);

    // Into the request editor; Tab inside it indents (the editor keeps focus).
    const editor = await tabTo(page, "Client request");
    expect(editor.editor).toBe(true);
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.type("X-Keyboard: 1");
    await page.keyboard.press("Enter");
    await expect(playground.requestEditor).toContainText("X-Keyboard: 1");
    await page.keyboard.press("Tab");
    expect((await focused(page))?.editor).toBe(true);
    await page.keyboard.press("Shift+Tab");

    // Out of it: Escape, then Tab.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    expect((await focused(page))?.editor).toBe(false);

    // Back up to "Copy link" and press it.
    await tabTo(page, "Copy link", true);
    await page.keyboard.press("Enter");
    await expect(page.getByText("Link copied.")).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(decodePermalink(new URL(copied).hash).scenario?.client.request).toContain("X-Keyboard: 1");

    // On to "Reset to the reference example".
    await tabTo(page, "Reset to the reference example");
    await page.keyboard.press("Space");
    await expect(playground.requestEditor).not.toContainText("X-Keyboard");
    await expect(playground.requestEditor).toContainText(reference.client.request.split("\n")[0]!);
  });
});
