/**
 * Hostile permalinks and pasted text render as text and never run. Every test arms traps before the page's own
 * script: `window.__pwned` (set by any payload that runs), dialogs (`alert`, `confirm`, `prompt`, print), and
 * Content-Security-Policy violations (an inline script or handler that got into the DOM and was blocked). The
 * `playground` fixture also fails a test on any console error or uncaught exception.
 */
import { deflateSync, strToU8 } from "fflate";
import type { Page } from "@playwright/test";
import { encodePermalink, expect, reference, test, type Scenario } from "./fixtures.ts";

/** Payloads that would set `window.__pwned` if the page ever treated text as markup, script or a URL. */
const PAYLOADS: readonly [string, string, string, string, ...string[]] = [
  "<script>window.__pwned = 'script'</script>",
  `<img src="x" onerror="window.__pwned = 'img'">`,
  `"><svg onload="window.__pwned = 'svg'"></svg>`,
  "javascript:window.__pwned = 'javascript-url'",
  "<a href=\"javascript:window.__pwned='link'\">click</a>",
  "{{constructor.constructor('window.__pwned = \"template\"')()}}",
  "<iframe srcdoc=\"<script>parent.__pwned='iframe'</script>\"></iframe>",
];
const HOSTILE = PAYLOADS.join(" ");
/** C0 controls, DEL, a right-to-left override and a lone surrogate pair half: text, however odd. */
const CONTROLS = "a\u0000b\u0007c\u001b[31md\u007fe\u202ef\u2028g";

async function armTraps(page: Page) {
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __pwned: unknown; __violations: string[] };
    w.__pwned = false;
    w.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    for (const name of ["alert", "confirm", "prompt", "print"] as const) {
      (window as unknown as Record<string, unknown>)[name] = () => {
        w.__pwned = name;
      };
    }
  });
  return async () => {
    // Let anything queued (image errors, timers, microtasks) happen before looking.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 250)));
    const state = await page.evaluate(() => {
      const w = window as unknown as { __pwned: unknown; __violations: string[] };
      return {
        pwned: w.__pwned,
        violations: w.__violations,
        // No element the payloads would create exists anywhere in the page.
        injected: document.querySelectorAll("script:not([src]):not([type='application/json']), img[onerror], svg[onload], iframe, a[href^='javascript:' i]").length,
      };
    });
    expect(state).toEqual({ pwned: false, violations: [], injected: 0 });
    expect(dialogs).toEqual([]);
  };
}

const hostileScenario: Scenario = {
  ...reference,
  client: {
    ...reference.client,
    request: `GET /javascript:alert(document.domain)?q=%3Cscript%3E HTTP/1.1\nHost: www.example.com\nX-Evil: ${HOSTILE}\nReferer: ${PAYLOADS[3]}\n`,
  },
  proxies: [{ ...reference.proxies[0]!, config: reference.proxies[0]!.config + `# ${HOSTILE}\n` }],
  backend: { ...reference.backend, config: reference.backend.config + `# ${HOSTILE}\n` },
};

/** A v1 link whose payload is `bytes`, deflated (so the decoder gets as far as the text). */
const v1Of = (bytes: Uint8Array) => "v1." + Buffer.from(deflateSync(bytes, { level: 9 })).toString("base64url");

test.describe("hostile permalinks render as text and never run", () => {
  test("a link whose every field holds HTML, script and javascript: URLs", async ({ playground, page }) => {
    const check = await armTraps(page);
    await playground.open(encodePermalink(hostileScenario));
    await expect(playground.requestEditor).toContainText("X-Evil: <script>window.__pwned = 'script'</script>");
    await expect(playground.backendEditor).toContainText(`# ${HOSTILE}`);
    // The header reaches the application's environ as text.
    await expect(playground.environRow("HTTP_X_EVIL")).toContainText(`<img src="x" onerror="window.__pwned = 'img'">`);
    await expect(playground.environRow("PATH_INFO")).toContainText("/javascript:alert(document.domain)");
    // The support ticket copies it as text inside fences, too.
    await page.getByRole("button", { name: "Copy for a support ticket" }).click();
    await expect(page.getByText(/Copied \d+ characters/)).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`X-Evil: ${HOSTILE}`);
    await check();
  });

  test("a link whose addresses and server kind hold markup: the problems list quotes them as text", async ({ playground, page }) => {
    const check = await armTraps(page);
    const scenario = {
      ...reference,
      client: { ...reference.client, address: PAYLOADS[1] },
      proxies: [{ ...reference.proxies[0]!, server: PAYLOADS[0], listen: PAYLOADS[2] }],
    } as unknown as Scenario;
    await playground.open(encodePermalink(scenario));
    await expect(playground.clientAddress).toHaveValue(PAYLOADS[1]);
    await expect(playground.problems).toContainText(`is "<script>window.__pwned`);
    await expect(playground.problems).toContainText(`"><svg onload=`);
    await check();
  });

  test("control characters and a 200 KB header in a link", async ({ playground, page }) => {
    const check = await armTraps(page);
    const huge = "X-Huge: " + "<b>".repeat(70_000);
    const scenario = { ...reference, client: { ...reference.client, request: `${reference.client.request}X-Controls: ${CONTROLS}\n${huge}\n` } };
    await playground.open(encodePermalink(scenario));
    await expect(playground.requestEditor).toContainText("X-Controls:");
    await expect(page.locator(".pp-layout")).toBeVisible();
    await expect(playground.problems.getByRole("row").filter({ hasText: /Client request, line 4/ })).toBeVisible();
    await check();
  });

  for (const [name, fragment, message] of [
    ["markup instead of a link", "<script>window.__pwned='hash'</script>", /not a playground link/],
    ["a javascript: URL instead of a link", "javascript:window.__pwned='hash'", /not a playground link/],
    ["markup where the engine version goes", `v2.f1.e<img src=x onerror=window.__pwned=1>.AAAA`, /should name the scenario format/],
    ["bad base64", "v2.f1.e0.1.0.<b>not*base64</b>", /not valid base64url/],
    ["truncated deflate data", encodePermalink(reference).slice(0, 40), /does not decompress/],
    ["invalid UTF-8 inside the data", v1Of(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d])), /not UTF-8 text/],
    ["percent-encoded invalid UTF-8", "v1.%ff%fe%c3%28", /not valid base64url/],
    ["JSON holding markup", v1Of(strToU8(`{"version":1,"client":"${PAYLOADS[1].replaceAll('"', "'")}"}`)), /"client" is missing or not an object/],
    ["JSON with control characters", v1Of(strToU8(`{"version":1,"client":{"address":"\u0001","request":"\u0000<script>"}}`)), /not valid JSON|"proxies"/],
  ] as const) {
    test(`a broken link (${name}) shows an error banner as text`, async ({ playground, page }) => {
      const check = await armTraps(page);
      await playground.open(fragment);
      const banner = page.getByRole("alert");
      await expect(banner).toContainText("This link could not be opened.");
      await expect(banner).toContainText(message);
      await expect(playground.requestEditor).toContainText("GET /somepath HTTP/1.1");
      await check();
    });
  }
});

test.describe("hostile pasted text renders as text and never runs", () => {
  test("pasted into the request, a configuration and the address field", async ({ playground, page }) => {
    const check = await armTraps(page);
    await playground.open();
    await playground.requestEditor.click();
    await page.keyboard.press("ControlOrMeta+End");
    await playground.paste(playground.requestEditor, `X-Evil: ${HOSTILE}\n`);
    await expect(playground.environRow("HTTP_X_EVIL")).toContainText("<script>window.__pwned = 'script'</script>");

    await playground.frontendEditor.click();
    await page.keyboard.press("ControlOrMeta+End");
    await playground.paste(playground.frontendEditor, `${PAYLOADS[0]}\nProxyPassReverse / ${PAYLOADS[3]}\n`);
    await expect(playground.problems).toContainText("<script>");

    // Control characters in a header are the client's mistake: a diagnostic, and the text stays as pasted.
    await playground.requestEditor.click();
    await page.keyboard.press("ControlOrMeta+End");
    await playground.paste(playground.requestEditor, `X-Controls: ${CONTROLS}\n`);
    await expect(playground.requestEditor).toContainText("X-Controls: a");
    await expect(playground.problems.getByRole("row").filter({ hasText: /Client request, line 4/ })).toBeVisible();
    // The message quotes the value with its controls written out, so a right-to-left override cannot turn it round.
    await expect(playground.problems).toContainText("a\\x00b\\x07c\\x1b[31md\\x7fe\\u202ef");
    expect(await playground.problems.textContent()).not.toMatch(/[\u0000\u001b\u202e]/);

    await playground.clientAddress.fill(PAYLOADS[1]);
    // The trust list is a list of addresses: the editor splits what it gets into items, still as text.
    await playground.trustList.fill(PAYLOADS[2]);
    await expect(playground.trustList).toHaveValue(/<svg onload=/);
    await expect(playground.backendEditor).toContainText("<svg onload=");
    // Everything pasted went into the link as text, and reopening that link is as harmless.
    await expect.poll(async () => (await playground.scenarioInUrl())?.client.address).toBe(PAYLOADS[1]);
    await page.reload();
    await expect(playground.clientAddress).toHaveValue(PAYLOADS[1]);
    await expect(playground.requestEditor).toContainText("X-Evil: <script>");
    await check();
  });
});
