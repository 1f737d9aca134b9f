/**
 * A paste past the playground's input limits (src/engine/scenario/limits.ts): the page names the limit at the
 * line and column where it is crossed, keeps the reader's text, keeps the last good outputs (marked outdated)
 * and stays responsive; trimming the text brings the result back.
 */
import { expect, reference, test } from "./fixtures.ts";

test.describe("input limits", () => {
  test("a back-end config over 256 KiB is an error at its crossing point, and the text stays", async ({ playground, page }) => {
    test.setTimeout(120_000);
    await playground.open();
    const editor = playground.backendEditor;
    // 300 lines of 1 KiB after the reference config: the limit is crossed on the 259th line of the text.
    const filler = Array.from({ length: 300 }, (_, i) => `# ${String(i).padStart(4, "0")} ${"x".repeat(1016)}`).join("\n");
    await playground.paste(editor, `\n${filler}\n# the end of a huge paste`);
    const problem = playground.problems.getByRole("row").filter({ hasText: "scenario-text-too-large" });
    await expect(problem).toContainText(/Back-end config, line \d+:\d+/);
    await expect(problem).toContainText("over 256 KiB");
    // The outputs are the last good ones, marked as such, not a blank page.
    await expect(playground.environRow("REMOTE_ADDR")).toContainText("127.0.0.9");
    await expect(playground.status).toContainText(/Outdated/);
    // The reader's text is all there, to its last line.
    await editor.click();
    await page.keyboard.press("ControlOrMeta+End");
    await expect(editor).toContainText("# the end of a huge paste");
    // Going back under the limit brings the result back.
    await playground.replaceText(editor, reference.backend.config);
    await expect(playground.problems.getByRole("row").filter({ hasText: "scenario-text-too-large" })).toHaveCount(0);
    await expect(playground.status).not.toContainText(/Outdated/);
  });

  test("a request with more than 1000 header lines is an error on the first line past the limit", async ({ playground }) => {
    test.setTimeout(120_000);
    await playground.open();
    const lines = Array.from({ length: 1001 }, (_, i) => `X-Line-${i}: ${i}`).join("\n");
    await playground.replaceText(playground.requestEditor, `GET /somepath HTTP/1.1\nHost: www.example.com\n${lines}\n`);
    const problem = playground.problems.getByRole("row").filter({ hasText: "scenario-too-many-headers" });
    await expect(problem).toContainText("Client request, line 1002:1");
    await expect(playground.environRow("REMOTE_ADDR")).toContainText("127.0.0.9");
  });
});
