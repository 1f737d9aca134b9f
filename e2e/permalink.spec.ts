import { readFileSync } from "node:fs";
import path from "node:path";
import { decodePermalink, encodePermalink, expect, reference, test, type Scenario } from "./fixtures.ts";
import { ENGINE_VERSION } from "../src/engine/version.ts";

/** Links saved as earlier versions wrote them, with the result each showed (src/engine/scenario/savedLinks.json). */
const saved = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../src/engine/scenario/savedLinks.json"), "utf8")) as {
  links: { name: string; made: string; link: string; result: { status: number; location?: string; environ: Record<string, string> | null } }[];
};

// RFC 5737 documentation addresses; an nginx front end and mod_wsgi 6.0, to differ from the default.
const linked: Scenario = {
  version: 1,
  modwsgi: "6.0",
  client: { address: "198.51.100.23", tls: true, request: "GET /app/ HTTP/1.1\nHost: shop.example.org\n" },
  proxies: [
    {
      server: "nginx",
      listen: "192.0.2.10:443",
      address: "192.0.2.10",
      config: "location / {\n    proxy_pass http://10.0.0.5:8000;\n}\n",
    },
  ],
  backend: {
    server: "apache",
    listen: "10.0.0.5:8000",
    address: "10.0.0.5",
    config: "WSGIScriptAlias /app /srv/app/wsgi.py\nWSGITrustedProxies 192.0.2.10\nWSGITrustedProxyHeaders X-Forwarded-For\n",
  },
};

test.describe("permalinks", () => {
  test("opening a link restores every input", async ({ playground, page }) => {
    await playground.open(encodePermalink(linked));
    await expect(playground.clientAddress).toHaveValue("198.51.100.23");
    await expect(page.getByRole("checkbox", { name: /Speaks HTTPS/ })).toBeChecked();
    await expect(playground.requestEditor).toContainText("GET /app/ HTTP/1.1");
    await expect(page.getByRole("combobox", { name: "Server" }).first()).toHaveValue("nginx");
    await expect(playground.editor("Front end nginx config")).toContainText("proxy_pass http://10.0.0.5:8000;");
    await expect(playground.backendEditor).toContainText("WSGIScriptAlias /app /srv/app/wsgi.py");
    await expect(playground.trustList).toHaveValue("192.0.2.10");
    await expect(page.getByRole("combobox", { name: "mod_wsgi behaviour" })).toHaveValue("6.0");
  });

  test("an edit rewrites the fragment without adding history entries, and survives a reload", async ({ playground, page }) => {
    await playground.open(encodePermalink(linked));
    const before = new URL(page.url()).hash;
    const historyLength = await page.evaluate(() => history.length);

    await playground.clientAddress.fill("");
    await playground.clientAddress.pressSequentially("198.51.100.99");
    await expect.poll(() => new URL(page.url()).hash).not.toBe(before);
    await expect.poll(() => playground.scenarioInUrl()).toEqual({
      ...linked,
      client: { ...linked.client, address: "198.51.100.99" },
    });
    expect(await page.evaluate(() => history.length)).toBe(historyLength);

    await playground.requestEditor.click();
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.insertText("X-Trace: 1\n");
    await expect.poll(async () => (await playground.scenarioInUrl())?.client.request).toContain("X-Trace: 1");

    await page.reload();
    await expect(playground.clientAddress).toHaveValue("198.51.100.99");
    await expect(playground.requestEditor).toContainText("X-Trace: 1");
    await expect(playground.editor("Front end nginx config")).toContainText("proxy_pass http://10.0.0.5:8000;");
    await expect(page.getByRole("combobox", { name: "mod_wsgi behaviour" })).toHaveValue("6.0");
  });

  test("a link pasted into the address bar of an open playground loads (hashchange)", async ({ playground, page }) => {
    await playground.open();
    await expect(playground.clientAddress).toHaveValue(reference.client.address);
    await page.evaluate((fragment) => (location.hash = fragment), encodePermalink(linked));
    await expect(playground.clientAddress).toHaveValue("198.51.100.23");
    await page.goBack();
    await expect(playground.clientAddress).toHaveValue(reference.client.address);
  });

  test("Copy link copies the current scenario's URL", async ({ playground, page }) => {
    await playground.open();
    await playground.clientAddress.fill("203.0.113.8");
    await page.getByRole("button", { name: "Copy link" }).click();
    await expect(page.getByText("Link copied.")).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(decodePermalink(new URL(copied).hash).scenario?.client.address).toBe("203.0.113.8");
  });

  test("an edited link says so and can go back; a support ticket carries the inputs, the results and the link", async ({ playground, page }) => {
    const edited = { ...reference, client: { ...reference.client, address: "127.0.0.8" } };
    await playground.open(encodePermalink(edited));
    await expect(page.getByText("Modified since this link.")).toBeHidden();
    await playground.clientAddress.fill("127.0.0.7");
    await expect(page.getByText("Modified since this link.")).toBeVisible();
    await page.getByRole("button", { name: "Back to the link" }).click();
    await expect(playground.clientAddress).toHaveValue("127.0.0.8");
    await expect(page.getByText("Modified since this link.")).toBeHidden();

    await page.getByRole("button", { name: "Copy for a support ticket" }).click();
    await expect(page.getByText(/Copied \d+ characters of Markdown for a support ticket/)).toBeVisible();
    const text = await page.evaluate(() => navigator.clipboard.readText());
    expect(text).toContain("### Proxy Playground scenario");
    expect(text).toContain(`- Link: ${page.url().split("#")[0]}#${encodePermalink(edited)}`);
    expect(text).toContain("REMOTE_ADDR=127.0.0.8");
    expect(text).toContain("**The client gets**");
  });

  for (const { name, made, link, result } of saved.links) {
    test(`a saved link opens with the result it showed: ${name} (${made})`, async ({ playground, page }) => {
      await playground.open(link);
      await expect(page.getByRole("alert")).toHaveCount(0);
      await expect(playground.status).toContainText(`Client gets ${result.status}`);
      if (result.location) await expect(playground.status).toContainText(`→ ${result.location}`);
      for (const [key, value] of Object.entries(result.environ ?? {})) {
        await expect(playground.environRow(key).getByRole("cell").first()).toHaveText(value === "" ? "empty string" : value);
      }
      // Opening it is not an edit: an old-shaped link is not "modified" because the page writes the new shape.
      await expect(page.getByText("Modified since this link.")).toBeHidden();
      expect(new URL(page.url()).hash).toBe("#" + link);
      // Links made by this engine say nothing about versions.
      await expect(page.getByText(/was made with engine/)).toHaveCount(0);
    });
  }

  test("a link made by another engine version says so and still opens", async ({ playground, page }) => {
    await playground.open(encodePermalink(linked, "0.0.9"));
    await expect(page.getByRole("status").filter({ hasText: "made with engine" })).toHaveText(
      `This link was made with engine 0.0.9; it is shown with engine ${ENGINE_VERSION}, so results may differ where the engine has changed since.`,
    );
    await expect(playground.clientAddress).toHaveValue("198.51.100.23");
    await expect(playground.environRow("SCRIPT_NAME").getByRole("cell").first()).toHaveText("/app");
    await expect(page.getByRole("alert")).toHaveCount(0);
  });

  test("a link from a newer scenario format is refused with a message, and the example shows", async ({ playground, page }) => {
    await playground.open("v2.f7.e9.0.0.wxE5");
    await expect(page.getByRole("alert")).toContainText("holds scenario format 7");
    await expect(page.getByRole("alert")).toContainText("Open it in a newer release");
    await expect(playground.requestEditor).toContainText("GET /somepath HTTP/1.1");
  });

  test("the reference example's link is short (under 400 characters)", async ({ playground, page }) => {
    await playground.open();
    await page.getByRole("button", { name: "Copy link" }).click();
    await expect(page.getByText("Link copied.")).toBeVisible();
    const fragment = new URL(await page.evaluate(() => navigator.clipboard.readText())).hash.slice(1);
    expect(fragment.length).toBeLessThan(400);
    expect(fragment.startsWith(`v2.f1.e${ENGINE_VERSION}.`)).toBe(true);
    expect(decodePermalink(fragment).scenario).toEqual(reference);
  });
});
