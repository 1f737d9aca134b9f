import { encodePermalink, expect, reference, test } from "./fixtures.ts";

test.describe("generated configuration", () => {
  test("the reference example's texts appear, each with a Copy button", async ({ playground, page }) => {
    await playground.open();
    const section = page.getByRole("region", { name: "Generated configuration" });
    const fragment = `#${encodePermalink(reference)}`;
    for (const heading of ["Back end: Apache + mod_wsgi configuration", "Back end: mod_wsgi-express command", "Front end 1 configuration", "curl command for the client's request"]) {
      await expect(section.getByRole("heading", { name: heading, exact: true })).toBeVisible();
    }
    const pre = (name: string) => section.locator("pre").and(section.getByLabel(name, { exact: true }));
    await expect(pre("Back end: Apache + mod_wsgi configuration")).toContainText("WSGIScriptAlias / /srv/example/wsgi.py");
    await expect(pre("Back end: Apache + mod_wsgi configuration")).toContainText(fragment);
    await expect(pre("Back end: mod_wsgi-express command")).toContainText("--trust-proxy-header X-Forwarded-Proto");
    await expect(pre("Front end 1 configuration")).toContainText("RequestHeader set X-Forwarded-Proto http");
    await expect(pre("curl command for the client's request")).toContainText("--connect-to www.example.com:80:127.0.0.1:80");
    for (const label of ["Copy the back end's Apache configuration", "Copy the mod_wsgi-express command", "Copy front end 1's configuration", "Copy the curl command"]) {
      await expect(section.getByRole("button", { name: label, exact: true })).toBeVisible();
    }
  });

  test("Copy puts the text on the clipboard", async ({ playground, page }) => {
    await playground.open();
    const section = page.getByRole("region", { name: "Generated configuration" });
    const shown = await section.getByLabel("curl command for the client's request", { exact: true }).textContent();
    await section.getByRole("button", { name: "Copy the curl command", exact: true }).click();
    await expect(section.getByText("Copied.")).toBeVisible();
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    expect(clip).toBe(shown);
    expect(clip).toMatch(/^# Proxy Playground #v2\.f1\.e[^\n]+\ncurl /);
  });

  test("a note on the texts sits with them: a back end whose directive has no mod_wsgi-express option", async ({ playground, page }) => {
    const scenario = { ...reference, backend: { ...reference.backend, config: `WSGIApplicationGroup mine\n${reference.backend.config}` } };
    await playground.open(encodePermalink(scenario));
    const section = page.getByRole("region", { name: "Generated configuration" });
    const notes = section.getByRole("list", { name: "Notes on the generated configuration" });
    await expect(notes).toContainText("no mod_wsgi-express command: WSGIApplicationGroup mine (line 1) has no mod_wsgi-express equivalent");
    await expect(section.getByRole("heading", { name: "Back end: mod_wsgi-express command", exact: true })).toHaveCount(0);
    await expect(section.getByRole("heading", { name: "Back end: Apache + mod_wsgi configuration", exact: true })).toBeVisible();
    // The simulation's own trace no longer carries notes about generated texts.
    await expect(page.getByRole("table", { name: /Trace/ })).not.toContainText("mod_wsgi-express command");
  });
});

