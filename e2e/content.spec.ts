import { decodePermalink, expect, reference, test } from "./fixtures.ts";

const guide = "/docs/running-behind-a-reverse-proxy/";

test.describe("the guide page", () => {
  test("reads without JavaScript: the example and its result are static HTML", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(guide);
    await expect(page.getByRole("heading", { name: "Running behind a reverse proxy", level: 1 })).toBeVisible();
    const example = page.locator("figure.pp-scenario").first();
    await expect(example).toContainText("GET /somepath HTTP/1.1");
    await expect(example).toContainText("WSGITrustedProxies 127.0.0.1");
    await expect(example.getByRole("table", { name: "Response to the client" })).toContainText("200");
    await expect(example.getByRole("table", { name: "Key environ values" })).toContainText("127.0.0.9");
    const href = await example.getByRole("link", { name: "Open in playground" }).getAttribute("href");
    expect(decodePermalink(new URL(href!, page.url()).hash).scenario).toEqual(reference);
    await context.close();
  });

  test("the example turns into a live mini playground", async ({ playground, page }) => {
    await page.goto(guide);
    const example = page.locator("figure.pp-scenario").first();
    await example.getByRole("button", { name: "Edit this example" }).click();
    const backend = example.getByRole("textbox", { name: "Back end Apache config" });
    await expect(backend).toBeVisible();
    await expect(example.getByRole("table", { name: "Key environ values" })).toContainText("127.0.0.9");

    await playground.replaceText(backend, reference.backend.config.replace("127.0.0.1", "10.0.0.1"));
    await expect(
      example.getByRole("table", { name: "Key environ values" }).getByRole("row").filter({ hasText: "REMOTE_ADDR" }),
    ).toContainText(/REMOTE_ADDR\s*127\.0\.0\.1/);

    // The link follows the edit, and the playground opens with it.
    const link = example.getByRole("link", { name: "Open in playground" });
    await expect
      .poll(async () => decodePermalink(new URL((await link.getAttribute("href"))!, page.url()).hash).scenario?.backend.config)
      .toContain("WSGITrustedProxies 10.0.0.1");
    await link.click();
    await expect(playground.backendEditor).toContainText("WSGITrustedProxies 10.0.0.1");
    await expect(playground.trustList).toHaveValue("10.0.0.1");
  });

  test("says its example was checked on real servers, and when the reader has changed it", async ({ playground, page }) => {
    await page.goto(guide);
    await expect(page.locator(".pp-page-verification")).toContainText(
      /run on real servers \(Apache 2\.4\.71 \+ mod_wsgi 4\.9\.4\b.* on Debian 12\) by the conformance suite/,
    );
    const example = page.locator("figure.pp-scenario").first();
    const note = example.locator("figcaption");
    await expect(note).toContainText("Checked on real servers: Apache 2.4.71 + mod_wsgi 4.9.4");
    const modified = note.getByText("You have changed the example since");
    await expect(modified).toBeHidden();

    await example.getByRole("button", { name: "Edit this example" }).click();
    await playground.replaceText(example.getByRole("textbox", { name: "Back end Apache config" }), reference.backend.config.replace("127.0.0.1", "10.0.0.1"));
    await expect(modified).toBeVisible();
    await example.getByRole("button", { name: "Reset this example" }).click();
    await expect(modified).toBeHidden();
  });

  test("loads the engine and editors only when the reader first uses an example, which keeps its size", async ({ playground, page }) => {
    const scripts: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(guide, { waitUntil: "networkidle" });
    const examples = page.locator("figure.pp-scenario");
    await expect(page.getByRole("searchbox", { name: "Search the reference" })).toBeVisible();
    await expect(page.getByRole("textbox")).toHaveCount(0);
    const loaded = scripts.length;
    expect(scripts.some((s) => s.includes("codemirror"))).toBe(false);

    // "Edit this example" is a labelled button; pressed from the keyboard, it puts the reader in the request.
    const first = examples.first();
    const size = await first.boundingBox();
    const edit = first.getByRole("button", { name: "Edit this example" });
    await edit.focus();
    await page.keyboard.press("Enter");
    await expect(first.getByRole("textbox", { name: "Client request" })).toBeFocused();
    await expect(first.getByRole("button", { name: "Reset this example" })).toBeVisible();
    expect(scripts.length).toBeGreaterThan(loaded);
    expect((await first.boundingBox())?.height).toBeCloseTo(size!.height, 0);

    // A click into an example's front-end config makes that example live with the reader in that editor.
    const second = examples.nth(1);
    await second.locator(".pp-pane").nth(1).locator("pre").click();
    await expect(second.getByRole("textbox", { name: /^Front end .* config$/ })).toBeFocused();
    await expect(examples.nth(2).getByRole("textbox")).toHaveCount(0);
    expect(playground.errors).toEqual([]);
  });

  test("every page lists the reference pages; the current one is marked", async ({ playground, page }) => {
    await playground.open();
    const nav = page.getByRole("navigation", { name: "Reference" });
    await nav.getByRole("link", { name: "Where the documentation and real servers differ" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Where the documentation and real servers differ");
    const current = page.getByRole("navigation", { name: "Reference" }).locator('[aria-current="page"]');
    await expect(current).toHaveText("Where the documentation and real servers differ");
    await page.getByRole("navigation", { name: "Reference" }).getByRole("link", { name: "Running behind a reverse proxy" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Running behind a reverse proxy");
  });
});

