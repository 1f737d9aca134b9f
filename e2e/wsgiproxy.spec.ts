/**
 * A WSGIProxy front end in the playground: added from the front-end list, its Python call edited in its pane,
 * its headers seen in the hops view, and the behaviour switch (released, unreleased, documented) changing what
 * is shown.
 */
import { expect, test } from "./fixtures.ts";

test.describe("WSGIProxy front end", () => {
  test("adding one shows WSGIProxyApp's headers at the next server; editing the call and the behaviour changes them", async ({ playground, page }) => {
    await playground.open();
    await page.getByRole("combobox", { name: "Add another kind of front end" }).selectOption("wsgiproxy");
    const pane = page.getByRole("textbox", { name: "Front end 1 (nearest the client) WSGIProxyApp call (Python)" });
    await expect(pane).toBeVisible();
    await expect(pane).toContainText("WSGIProxyApp('http://");
    await expect(page.getByText("cannot run here: its behaviour is modelled from its documentation and recorded runs of its Python 2 code")).toBeVisible();

    const hops = page.getByRole("table", { name: "What each server received, and what it answered" });
    const second = hops.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /^Front end 2/ }) });
    await expect(second.locator(".pp-hop-added")).toContainText(["X-Forwarded-Server: www.example.com", "X-Forwarded-Script-Name: ", "X-Forwarded-Scheme: http", "X-Wsgiproxy-Version: 0.1"]);
    await expect(second.locator(".pp-hop-request")).toContainText("X-Forwarded-For: 127.0.0.9");

    // The behaviour switch appears once the scenario uses WSGIProxy; released is the default.
    const behaviour = page.getByRole("combobox", { name: "WSGIProxy behaviour" });
    await expect(behaviour).toHaveValue("released");

    // An href with a path: X-Traversal-Path, without its leading "/" as the code sends it ...
    const href = await pane.textContent();
    const target = /http:\/\/([^/']+)/.exec(href ?? "")![1];
    await playground.replaceText(pane, `WSGIProxyApp('http://${target}/app?x=1')`);
    await expect(second.locator(".pp-hop-request")).toContainText("X-Traversal-Path: app");
    await expect(second.locator(".pp-hop-request")).toContainText("X-Traversal-Query-String: x=1");
    // ... and with it, as the documentation writes it.
    await behaviour.selectOption("documented");
    await expect(second.locator(".pp-hop-request")).toContainText("X-Traversal-Path: /app");
    await expect.poll(async () => (await playground.scenarioInUrl())?.wsgiproxy).toBe("documented");
    await expect(page.getByRole("table", { name: /^Trace/ })).toContainText("the documented behaviour (what WSGIProxy's documentation promises) is shown");

    // The front application's environ: text that is not JSON yet is kept and not applied; then REMOTE_USER goes out.
    const environField = page.getByRole("textbox", { name: /^The front application's environ/ });
    await environField.fill('{"REMOTE_USER": "bob"');
    await expect(page.getByText(/^Not applied:/)).toBeVisible();
    await expect(environField).toHaveValue('{"REMOTE_USER": "bob"');
    await environField.fill('{"REMOTE_USER": "bob"}');
    await expect(page.getByText(/^Not applied:/)).toHaveCount(0);
    await playground.replaceText(pane, `WSGIProxyApp('http://${target}/', string_keys=['REMOTE_USER'])`);
    await expect(second.locator(".pp-hop-request")).toContainText("X-Wsgiproxy-Str-1: REMOTE_USER bob");
  });

  test("a mistake in the Python call is a problem at its token", async ({ playground, page }) => {
    await playground.open();
    await page.getByRole("combobox", { name: "Add another kind of front end" }).selectOption("wsgiproxy");
    const pane = page.getByRole("textbox", { name: "Front end 1 (nearest the client) WSGIProxyApp call (Python)" });
    await playground.replaceText(pane, "WSGIProxyApp('http://127.0.0.1:8080/', strng_keys=['REMOTE_USER'])");
    await expect(playground.problems).toContainText("WSGIProxyApp has no argument strng_keys");
    await expect(playground.problems).toContainText("line 1:40");
  });

  test("the reference page shows its examples live, says which ran on real servers, and switches an example's behaviour in place", async ({ playground, page }) => {
    test.setTimeout(60_000);
    await page.goto("/docs/wsgiproxy/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("WSGIProxy, the proxy that is itself a WSGI application");
    const figures = page.locator("figure.pp-scenario");
    await expect(figures).toHaveCount(7);
    await playground.editExamples();
    await expect(page.locator(".pp-failed")).toHaveCount(0);
    // Only the back end alone (the last example) could run on real servers; the others say why not.
    await expect(page.locator(".pp-verification-verified")).toHaveCount(1);
    await expect(page.locator(".pp-verification-unverified")).toHaveCount(6);
    await expect(page.locator(".pp-verification-unverified").first()).toContainText("WSGIProxy is Python 2 code that cannot run here");
    // The second example is the released pair: 500. Its behaviour switch shows what the documentation promises.
    const released = figures.nth(1);
    const response = released.getByRole("table", { name: "Response to the client" });
    await expect(response).toContainText("500");
    await expect(released).toContainText("WSGI middleware around the application: WSGIProxyMiddleware(app)");
    await released.getByRole("combobox", { name: "WSGIProxy behaviour" }).selectOption("documented");
    await expect(response).toContainText("200");
    expect(playground.errors).toEqual([]);
  });
});
