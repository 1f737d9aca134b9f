import { deflateSync, strToU8 } from "fflate";
import { expect, reference, test } from "./fixtures.ts";

const linkOf = (json: string) => "v1." + Buffer.from(deflateSync(strToU8(json))).toString("base64url");

test.describe("bad input never blanks the page", () => {
  test("a malformed trust list is an error at its line, and the outputs stay", async ({ playground, page }) => {
    await playground.open();
    await expect(playground.environRow("REMOTE_ADDR")).toContainText("127.0.0.9");

    await playground.trustList.fill("0.0.0.0/0");
    await expect(playground.backendEditor).toContainText("WSGITrustedProxies 0.0.0.0/0");
    // Marked in the back-end pane, on line 2, over the bad token.
    const marked = playground.backendEditor.locator(".cm-lintRange-error");
    await expect(marked).toHaveText("0.0.0.0/0");
    await expect(page.locator(".pp-editor .cm-gutter-lint .cm-lint-marker-error")).toHaveCount(1);
    // Listed, with its place.
    await expect(
      playground.problems.getByRole("row").filter({ hasText: /Back-end config, line 2:20/ }),
    ).toContainText(/mask/i);
    // The last good result is still shown, marked as outdated.
    await expect(playground.status).toContainText("Outdated");
    await expect(playground.environRow("REMOTE_ADDR")).toContainText("127.0.0.9");
    // The reader's text is kept.
    await expect(playground.trustList).toHaveValue("0.0.0.0/0");

    await playground.trustList.fill("127.0.0.1");
    await expect(playground.status).not.toContainText("Outdated");
    await expect(marked).toHaveCount(0);
  });

  test("a 1 MB header pasted into the request gives a diagnostic and keeps the text", async ({ playground, page }) => {
    await playground.open();
    await playground.requestEditor.click();
    await page.keyboard.press("ControlOrMeta+End");
    const header = "X-Huge: " + "a".repeat(1_000_000) + "\n";
    await playground.paste(playground.requestEditor, header);

    await expect(playground.problems.getByRole("row").filter({ hasText: /Client request, line 3/ })).toBeVisible();
    // The text is all there: the address bar carries it (the debounced write happens after the paste).
    await expect
      .poll(async () => (await playground.scenarioInUrl())?.client.request, { timeout: 15_000 })
      .toBe(reference.client.request + header);
    // And the page still responds.
    await playground.clientAddress.fill("127.0.0.10");
    await expect(playground.clientAddress).toHaveValue("127.0.0.10");
  });

  test("an unparsable request line is a diagnostic in the request pane", async ({ playground }) => {
    await playground.open();
    await playground.replaceText(playground.requestEditor, "this is not http\nHost: www.example.com\n");
    await expect(playground.problems.getByRole("row").filter({ hasText: /Client request, line 1/ })).toBeVisible();
    await expect(playground.requestEditor).toContainText("this is not http");
  });

  test("a broken #v1.garbage link shows an error banner and the reference example", async ({ playground, page }) => {
    await page.goto("/#v1.garbage");
    await expect(page.getByRole("alert")).toContainText("This link could not be opened");
    await expect(page.getByRole("alert")).toContainText(/damaged/);
    await expect(playground.problems.getByRole("row").filter({ hasText: "Link" })).toBeVisible();
    await expect(playground.requestEditor).toContainText("GET /somepath HTTP/1.1");
    // The broken link stays in the address bar until the reader edits.
    expect(new URL(page.url()).hash).toBe("#v1.garbage");

    await playground.clientAddress.fill("127.0.0.10");
    await expect(page.getByRole("alert")).toHaveCount(0);
    await expect.poll(() => new URL(page.url()).hash).toMatch(/^#v2\.f1\.e[0-9.]+\.[A-Za-z0-9_-]{20,}$/);
  });

  test("a link whose scenario is not JSON says so", async ({ playground, page }) => {
    await page.goto("/#" + linkOf("{ this is not json"));
    await expect(page.getByRole("alert")).toContainText(/not valid JSON/);
    await expect(playground.requestEditor).toContainText("GET /somepath HTTP/1.1");
  });

  test("a link that holds JSON but no scenario says which field is wrong", async ({ playground, page }) => {
    await page.goto("/#" + linkOf('{"version":1,"client":{"address":"x"}}'));
    await expect(page.getByRole("alert")).toContainText('"client.request"');
    await expect(playground.backendEditor).toContainText("WSGIScriptAlias");
  });
});
