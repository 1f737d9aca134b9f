/**
 * A mod_wsgi-express front end in the playground: added from the front-end list, its command line edited in its
 * pane, what it sends the next server seen in the hops view, and its generated Apache configuration among the
 * generated texts.
 */
import { expect, test } from "./fixtures.ts";

test.describe("mod_wsgi-express front end", () => {
  test("adding one forwards to the next server with X-Forwarded-Port; a mount point takes only its path", async ({ playground, page }) => {
    await playground.open();
    await page.getByRole("combobox", { name: "Add another kind of front end" }).selectOption("mod_wsgi-express");
    const pane = page.getByRole("textbox", { name: /^Front end 1 \(nearest the client\) mod_wsgi-express command line/ });
    await expect(pane).toBeVisible();
    await expect(pane).toContainText("--proxy-mount-point / http://");

    const hops = page.getByRole("table", { name: "What each server received, and what it answered" });
    const second = hops.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /^Front end 2/ }) });
    await expect(second.locator(".pp-hop-request")).toContainText("X-Forwarded-Port: 80");

    // Only /api/ is proxied now: the reference request (not under /api) is answered by express's own application.
    const text = (await pane.textContent()) ?? "";
    const target = /http:\/\/([^/\s]+)/.exec(text)![1];
    await playground.replaceText(pane, `mod_wsgi-express start-server wsgi.py --port 80 --proxy-mount-point /api http://${target}`);
    await expect(second).toHaveCount(0);
    await expect(page.getByText("ProxyPass '/api/' 'http://" + target + "/'").first()).toBeAttached();
    expect(playground.errors).toEqual([]);
  });
});
