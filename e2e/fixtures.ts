/**
 * The `playground` fixture: a page that fails its test on any console error or uncaught exception, plus
 * role-based handles on the playground's parts.
 */
import { expect, test as base, type Locator, type Page } from "@playwright/test";
import { decodePermalink, encodePermalink } from "../src/engine/scenario/permalink.ts";
import type { Scenario } from "../src/engine/types.ts";
import { referenceExample } from "../src/site/lib/referenceExample.ts";

export { expect, encodePermalink, decodePermalink };
export type { Scenario };

export class PlaygroundPage {
  readonly errors: string[] = [];

  constructor(readonly page: Page) {
    page.on("console", (message) => {
      if (message.type() === "error") this.errors.push(`console.error: ${message.text()}`);
    });
    page.on("pageerror", (error) => this.errors.push(`uncaught: ${error.message}`));
  }

  /** Opens the playground, optionally at a permalink fragment, and waits for the editors. */
  async open(fragment = "") {
    await this.page.goto(fragment ? `/#${fragment.replace(/^#/, "")}` : "/");
    await expect(this.requestEditor).toBeVisible();
  }

  editor(name: string): Locator {
    return this.page.getByRole("textbox", { name, exact: true });
  }

  get requestEditor() {
    return this.editor("Client request");
  }

  get backendEditor() {
    return this.editor("Back end Apache config");
  }

  get frontendEditor() {
    return this.editor("Front end Apache config");
  }

  get trustList() {
    return this.page.getByRole("textbox", { name: /^Trusted proxies/ });
  }

  get clientAddress() {
    return this.page.getByRole("textbox", { name: "Address", exact: true });
  }

  get environ() {
    return this.page.getByRole("table", { name: "WSGI environ" });
  }

  /** The environ row of `key` (its header cell is the key itself). */
  environRow(key: string) {
    return this.environ.getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: key, exact: true }) });
  }

  get problems() {
    return this.page.getByRole("table", { name: /^Problems/ });
  }

  get status() {
    return this.page.getByRole("status").filter({ hasText: /Client gets|Outdated/ });
  }

  /** Replaces an editor's whole text, as a reader would with select-all and typing. */
  async replaceText(editor: Locator, text: string) {
    await editor.click();
    await this.page.keyboard.press("ControlOrMeta+a");
    await this.page.keyboard.insertText(text);
  }

  /** Pastes `text` at the cursor of the focused editor through a real paste event. */
  async paste(editor: Locator, text: string) {
    await editor.evaluate((element, pasted) => {
      const data = new DataTransfer();
      data.setData("text/plain", pasted);
      element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
  }

  /**
   * Makes every example of the reference page shown live, as a reader does with "Edit this example" (a hosted
   * page shows its examples as built and loads the editors on first use), waiting for each one's editors.
   */
  async editExamples() {
    const figures = this.page.locator("figure.pp-scenario");
    await expect(figures.first()).toBeVisible();
    const count = await figures.count();
    for (let i = 0; i < count; i++) {
      const figure = figures.nth(i);
      await figure.getByRole("button", { name: "Edit this example" }).click();
      await expect(figure).toHaveClass(/\bpp-upgraded\b/);
    }
  }

  /** The scenario the address bar carries now (null without a fragment or when it does not decode). */
  async scenarioInUrl(): Promise<Scenario | null> {
    const hash = new URL(this.page.url()).hash;
    return hash ? decodePermalink(hash).scenario : null;
  }
}

export const test = base.extend<{ playground: PlaygroundPage }>({
  playground: async ({ page }, use) => {
    const playground = new PlaygroundPage(page);
    await use(playground);
    expect(playground.errors, "console errors and uncaught exceptions").toEqual([]);
  },
});

/** The reference example, as the playground starts. */
export const reference: Scenario = referenceExample();
