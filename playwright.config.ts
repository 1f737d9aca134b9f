import { defineConfig, devices } from "@playwright/test";

// Debian's Chromium (156, matching @playwright/test 1.64.1); never `npx playwright install`.
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The e2e suite's own port, so it never meets a dev server or another suite. */
const port = Number(process.env.PP_E2E_PORT ?? 4391);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./e2e",
  // e2e/conformance/ belongs to the conformance suite (real servers), not to this one.
  testIgnore: ["**/conformance/**"],
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL,
    trace: "retain-on-failure",
  },
  webServer: {
    command: `npm run build && npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: baseURL,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1400, height: 1000 },
        launchOptions: { executablePath, args: ["--disable-background-networking"] },
        permissions: ["clipboard-read", "clipboard-write"],
      },
    },
  ],
});
