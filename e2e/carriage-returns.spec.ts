/**
 * Carriage returns in the editors. Apache, nginx, HAProxy and the request-head reader count lines by line feed
 * only (observed on the real servers: syntax rows carriage-return-*.json and HA37–HA45), so the editors do too: a
 * lone CR stays a character of its line, shown as a placeholder, and a diagnostic after it lands on the line the
 * engine names. The reader's text keeps its CRs byte for byte.
 */
import type { Locator } from "@playwright/test";
import { simulate } from "../src/engine/index.ts";
import { encodePermalink, expect, reference, test, type Scenario } from "./fixtures.ts";

/** The 1-based line (counted in LFs) and the engine's diagnostics of `code` on `source`. */
function engineLines(scenario: Scenario, source: string, code: string): number[] {
  return simulate(scenario)
    .diagnostics.filter((d) => d.source === source && d.code === code)
    .map((d) => d.line);
}

/** The 1-based editor line holding the first lint range of `kind` ("error", "warning"), and that line's text. */
async function markedLine(editor: Locator, kind: "error" | "warning"): Promise<{ line: number; text: string }> {
  const range = editor.locator(`.cm-lintRange-${kind}`).first();
  await expect(range).toBeVisible();
  return range.evaluate((el) => {
    const line = el.closest(".cm-line")!;
    const lines = [...line.parentElement!.querySelectorAll(":scope > .cm-line")];
    return { line: lines.indexOf(line) + 1, text: line.textContent ?? "" };
  });
}

const apacheConfig = `${reference.backend.config}# saved on an old Mac\rRequestHeader set X-A 1\nFrobnicate on\n`;
const withApacheCr: Scenario = { ...reference, backend: { ...reference.backend, config: apacheConfig } };

test.describe("a lone carriage return in a config pane", () => {
  test("Apache: the error after a CR is on the line the engine reports, and the CR shows as a placeholder on its line", async ({ playground }) => {
    const [line] = engineLines(withApacheCr, "backend.config", "config-unknown-directive");
    expect(line).toBe(5); // three lines of the reference, the comment line with its CR, then Frobnicate
    await playground.open(encodePermalink(withApacheCr));
    const editor = playground.backendEditor;
    expect(await markedLine(editor, "error")).toEqual({ line, text: "Frobnicate on" });
    // The comment line swallows what follows its CR (config-carriage-return), one line above.
    expect(engineLines(withApacheCr, "backend.config", "config-carriage-return")).toEqual([line! - 1]);
    expect((await markedLine(editor, "warning")).line).toBe(line! - 1);
    await expect(editor.locator(".cm-line").nth(line! - 2).locator(".cm-specialChar")).toHaveCount(1);
    await expect(editor.locator(".cm-line")).toHaveCount(line! + 1);
  });

  test("HAProxy: a CR after a word ends HAProxy's reading of the line; the unknown keyword after the next LF is on line 2", async ({ playground }) => {
    const config = "http-request set-header X-A 1\rhttp-request set-header X-B 2\nfrobnicate on\nserver app 127.0.0.1:8000\n";
    const scenario: Scenario = { ...reference, proxies: [{ server: "haproxy", listen: "127.0.0.1:80", address: "127.0.0.1", config }] };
    expect(engineLines(scenario, "proxies[0].config", "haproxy-carriage-return")).toEqual([1]);
    await playground.open(encodePermalink(scenario));
    const editor = playground.editor("Front end HAProxy config");
    const errorLines = simulate(scenario).diagnostics.filter((d) => d.source === "proxies[0].config" && d.severity === "error").map((d) => d.line);
    expect(errorLines).toEqual([2]);
    expect(await markedLine(editor, "error")).toEqual({ line: 2, text: "frobnicate on" });
    expect((await markedLine(editor, "warning")).line).toBe(1);
    await expect(editor.locator(".cm-line")).toHaveCount(4);
  });

  test("keeps the CRs through an edit, and a paste keeps a lone CR but turns CRLF into LF as before", async ({ playground, page }) => {
    await playground.open(encodePermalink(withApacheCr));
    const editor = playground.backendEditor;
    await editor.click();
    await page.keyboard.press("ControlOrMeta+End");
    await page.keyboard.insertText("Listen 8001\n");
    await expect.poll(async () => (await playground.scenarioInUrl())?.backend.config).toBe(`${apacheConfig}Listen 8001\n`);
    await playground.paste(editor, "SetEnv P 1\r\nSetEnv Q 2\rSetEnv R 3\n");
    await expect.poll(async () => (await playground.scenarioInUrl())?.backend.config).toBe(`${apacheConfig}Listen 8001\nSetEnv P 1\nSetEnv Q 2\rSetEnv R 3\n`);
  });

  test("a CRLF text reads as LF lines and shows no placeholders", async ({ playground }) => {
    const config = reference.backend.config.replace(/\n/g, "\r\n") + "Frobnicate on\r\n";
    const scenario: Scenario = { ...reference, backend: { ...reference.backend, config } };
    await playground.open(encodePermalink(scenario));
    const editor = playground.backendEditor;
    expect(await markedLine(editor, "error")).toEqual({ line: 4, text: "Frobnicate on\r" });
    await expect(editor.locator(".cm-specialChar")).toHaveCount(0);
  });
});

test("the request pane counts lines as the request-head reader does: a CR inside a header value stays on its line", async ({ playground }) => {
  const request = "GET / HTTP/1.1\r\nHost: www.example.com\r\nX-A: a\rb\r\n";
  const scenario: Scenario = { ...reference, client: { ...reference.client, request } };
  expect(engineLines(scenario, "client.request", "header-value-invalid")).toEqual([3]);
  await playground.open(encodePermalink(scenario));
  expect((await markedLine(playground.requestEditor, "error")).line).toBe(3);
  await expect(playground.requestEditor.locator(".cm-line")).toHaveCount(4);
  await expect(playground.requestEditor.locator(".cm-specialChar")).toHaveCount(1);
});
