import { decodePermalink, encodePermalink, expect, reference, test, type Scenario } from "./fixtures.ts";

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
});

