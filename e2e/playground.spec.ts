import { encodePermalink, expect, reference, test, type Scenario } from "./fixtures.ts";

test.describe("the playground on the reference example", () => {
  test("loads with its editors, outputs and no console errors", async ({ playground, page }) => {
    await playground.open();
    await expect(page.getByRole("heading", { name: "Proxy Playground", level: 1 })).toBeVisible();
    await expect(playground.requestEditor).toContainText("GET /somepath HTTP/1.1");
    await expect(playground.frontendEditor).toContainText("ProxyPreserveHost On");
    await expect(playground.backendEditor).toContainText("WSGITrustedProxies 127.0.0.1");
    await expect(playground.clientAddress).toHaveValue("127.0.0.9");
    await expect(playground.trustList).toHaveValue("127.0.0.1");
    await expect(page.getByRole("checkbox", { name: "X-Forwarded-For" })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: "X-Real-IP" })).not.toBeChecked();
    await expect(page.getByRole("combobox", { name: "mod_wsgi behaviour" })).toHaveValue("4.9");
    await expect(playground.status).toBeVisible();
    // Loading alone writes nothing into the address bar.
    expect(new URL(page.url()).hash).toBe("");
  });

  test("the environ shows the client's address, put back by mod_wsgi from X-Forwarded-For", async ({ playground }) => {
    await playground.open();
    const remoteAddr = playground.environRow("REMOTE_ADDR");
    await expect(remoteAddr).toContainText("127.0.0.9");
    // Marked as changed by proxy processing, with the front end's address as the value before.
    await expect(remoteAddr).toContainText(/changed\s*127\.0\.0\.1/);
    await expect(playground.environRow("HTTP_HOST")).toContainText("www.example.com");
    await expect(playground.environRow("SERVER_PORT")).toContainText("80");
    await expect(playground.page.getByRole("table", { name: "Response to the client" })).toContainText("200");
  });

  test("editing the trust list changes REMOTE_ADDR and the back-end config", async ({ playground }) => {
    await playground.open();
    const remoteAddr = playground.environRow("REMOTE_ADDR");
    await expect(remoteAddr).toContainText("127.0.0.9");

    // Nobody trusted: REMOTE_ADDR is the front end's own address.
    await playground.trustList.fill("");
    await expect(playground.backendEditor).not.toContainText("WSGITrustedProxies 127.0.0.1");
    await expect(remoteAddr.getByRole("cell").first()).toHaveText("127.0.0.1");

    // Trusted again, written as a CIDR range this time.
    await playground.trustList.fill("10.0.0.0/8\n127.0.0.0/24");
    await expect(playground.backendEditor).toContainText("WSGITrustedProxies 10.0.0.0/8 127.0.0.0/24");
    await expect(remoteAddr.getByRole("cell").first()).toHaveText("127.0.0.9");
  });

  test("the back-end pane and the trust editors stay in sync both ways", async ({ playground, page }) => {
    await playground.open();
    const config = reference.backend.config
      .replace("WSGITrustedProxies 127.0.0.1", "WSGITrustedProxies 192.0.2.10 192.0.2.11")
      .replace("X-Forwarded-Port\n", "X-Forwarded-Port X-Real-IP\n");
    await playground.replaceText(playground.backendEditor, config);
    await expect(playground.trustList).toHaveValue("192.0.2.10\n192.0.2.11");
    await expect(page.getByRole("checkbox", { name: "X-Real-IP" })).toBeChecked();

    await page.getByRole("checkbox", { name: "X-Real-IP" }).uncheck();
    await page.getByRole("checkbox", { name: "X-Forwarded-Scheme" }).check();
    await expect(playground.backendEditor).toContainText(
      "WSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Proto X-Forwarded-Host X-Forwarded-Port X-Forwarded-Scheme",
    );

    // Unset WSGITrustedProxies: the page warns that every peer is then trusted.
    await page.getByRole("checkbox", { name: "Set WSGITrustedProxies" }).uncheck();
    await expect(playground.backendEditor).not.toContainText("WSGITrustedProxies 192");
    await expect(page.getByText(/trusts the forwarded headers from\s+every\s+peer/)).toBeVisible();
  });

  test("a diagnostic in the list takes the reader to its line", async ({ playground, page }) => {
    await playground.open();
    await playground.trustList.fill("0.0.0.0/0");
    await playground.problems.getByRole("button", { name: /^Back-end config, line 2:/ }).click();
    await expect(playground.backendEditor).toBeFocused();
    await expect(page.locator(".pp-editor .cm-activeLine").filter({ hasText: "0.0.0.0/0" })).toBeVisible();
  });

  test("Esc then Tab leaves an editor, as the page says", async ({ playground, page }) => {
    await playground.open();
    await expect(page.getByText(/To leave it, press\s+Esc\s+then\s+Tab/).first()).toBeVisible();
    await playground.requestEditor.click();
    await page.keyboard.press("Tab");
    await expect(playground.requestEditor).toBeFocused(); // Tab alone indents.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    await expect(playground.requestEditor).not.toBeFocused();
  });
});

test.describe("redirects", () => {
  const staticDir: Scenario = {
    ...reference,
    client: { ...reference.client, request: "GET /static HTTP/1.1\nHost: www.example.com\n" },
    proxies: [{ ...reference.proxies[0]!, config: "ServerName www.example.com\nProxyPass / http://127.0.0.1:8000/\n" }],
    backend: { ...reference.backend, directories: ["/static"] },
  };

  test("the Location of a directory redirect leaks the back end until ProxyPassReverse rewrites it", async ({ playground, page }) => {
    await playground.open(encodePermalink(staticDir));
    const response = page.getByRole("table", { name: "Response to the client" });
    await expect(response.getByRole("row", { name: /Status/ })).toContainText("301");
    await expect(response.getByRole("row", { name: /Location/ })).toContainText("http://127.0.0.1:8000/static/");

    await playground.frontendEditor.click();
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.insertText("ProxyPassReverse / http://127.0.0.1:8000/\n");
    await expect(response.getByRole("row", { name: /Location/ })).toContainText("http://www.example.com/static/");
    await expect(playground.status).toContainText("301 Moved Permanently → http://www.example.com/static/");
  });

  test("the directories field edits backend.directories", async ({ playground, page }) => {
    await playground.open(encodePermalink(staticDir));
    const directories = page.getByRole("textbox", { name: /^Directories on disk/ });
    await expect(directories).toHaveValue("/static");
    await directories.fill("");
    await expect(page.getByRole("table", { name: "Response to the client" })).toContainText("200");
    await expect.poll(async () => (await playground.scenarioInUrl())?.backend.directories).toBeUndefined();
  });

  test("an application redirect says where it sends the client, and whether the client can get there", async ({ playground, page }) => {
    const noRewrite: Scenario = {
      ...reference,
      client: { ...reference.client, request: "GET /account HTTP/1.1\nHost: www.example.com\n" },
      proxies: [{ ...reference.proxies[0]!, config: "ServerName www.example.com\nProxyPass / http://127.0.0.1:8000/\n" }],
      // No trusted headers: the application sees only what mod_proxy's own Host tells it.
      backend: { ...reference.backend, config: "WSGIScriptAlias / /srv/example/wsgi.py\n" },
    };
    await playground.open(encodePermalink(noRewrite));
    await page.getByRole("combobox", { name: "The application answers" }).selectOption("302");
    const redirectPath = page.getByRole("textbox", { name: "Redirect path under the application's mount point" });
    await expect(redirectPath).toHaveValue("/login");
    const response = page.getByRole("table", { name: "Response to the client" });
    await expect(response.getByRole("row", { name: /Location/ })).toContainText("http://127.0.0.1:8000/login");
    await expect(page.locator(".pp-verdict")).toContainText("127.0.0.1:8000, the back end, which it cannot reach");
    await expect.poll(async () => (await playground.scenarioInUrl())?.backend.app).toEqual({ redirect: "/login", status: 302 });

    await playground.frontendEditor.click();
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.insertText("ProxyPreserveHost On\n");
    await expect(response.getByRole("row", { name: /Location/ })).toContainText("http://www.example.com/login");
    await expect(page.locator(".pp-verdict")).toContainText("the address it used");
  });

  test("the hop-by-hop view marks what the front end added and changed, and each hop's answer", async ({ playground, page }) => {
    await playground.open();
    await page.getByText("What each server received", { exact: false }).first().scrollIntoViewIfNeeded();
    const hops = page.getByRole("table", { name: "What each server received, and what it answered" });
    const backend = hops.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /^Back end/ }) });
    await expect(backend.locator(".pp-hop-added")).toContainText(["X-Forwarded-Port: 80", "X-Forwarded-For: 127.0.0.9", "X-Forwarded-Host: www.example.com", "X-Forwarded-Server: www.example.com", "Connection: Keep-Alive"]);
    await expect(backend.getByRole("rowheader")).toContainText("answered 200 OK");
  });

  test("any front-end kind can be added; a managed load balancer says its model comes from the vendor's documentation", async ({ playground, page }) => {
    await playground.open();
    await page.getByRole("combobox", { name: "Add another kind of front end" }).selectOption("aws-alb");
    const pane = page.getByRole("textbox", { name: "Front end 1 (nearest the client) ALB attributes" });
    await expect(pane).toBeVisible();
    await expect(page.getByText("AWS Application Load Balancer cannot run here: its behaviour is modelled from its vendor's documentation")).toBeVisible();
    await expect(playground.status).toContainText("200 OK");
    await expect(playground.environRow("REMOTE_ADDR")).toContainText("127.0.0.3");
  });
});

