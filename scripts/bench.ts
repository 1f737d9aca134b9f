/**
 * `npm run bench`: the playground's performance figures against their budgets. It reports; it does not
 * fail (exit 0 whatever the figures, 1 only when a measurement could not run at all), and CI does not run it.
 *
 * Prints a table, then one JSON line:
 * - engine_us_per_scenario: simulate() in Node, microseconds, the median over the conformance corpus of each
 *   scenario's time when its texts are new to the engine (its fastest of 42 passes over the whole corpus, the
 *   least disturbed by other work on the host; see engineMicroseconds).
 *   The engine measured is the one the site ships: `src/engine/index.ts` built by Vite (minified, ES2022), not
 *   the TypeScript sources as a test runner transpiles them. Its result's `generated` texts are built when read;
 *   the table also gives the time with them read, as the playground's generated pane does.
 * - keystroke_to_output_ms_p95: in Chromium, from a key pressed in the playground's request editor to the
 *   environ table showing the new PATH_INFO (a DOM mutation), milliseconds, 95th percentile of 60 keystrokes.
 * - first_load_js_gzip_kb: the JavaScript the first reference page (content/01-…) loads before any
 *   interaction, until the network is idle; each file gzipped (zlib, level 9), kilobytes (1000 bytes).
 * - offline_bundle_gzip_kb: the `npm run build:offline` file, gzipped; null when the project has no such script.
 * - permalink_chars_example: characters of the reference example's permalink fragment (`#v…`).
 *
 * `npm run bench -- --engine` measures the engine figure only (a quick loop while working on the engine).
 *
 * The site is built into a temporary directory and served by `vite preview` on a free loopback port, stopped by
 * its pid. Chromium is Debian's /usr/bin/chromium (CHROMIUM_PATH overrides).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Browser } from "playwright-core";
import { loadCorpus } from "../e2e/conformance/corpus.ts";
import { pathToFileURL } from "node:url";
import { build } from "vite";
import type { simulate as Simulate } from "../src/engine/index.ts";
import { encodePermalink } from "../src/engine/scenario/permalink.ts";
import { referenceExample } from "../src/site/lib/referenceExample.ts";
import { slugOf } from "../src/site/content/render.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const VITE = path.join(ROOT, "node_modules", "vite", "bin", "vite.js");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

interface Figure {
  key: string;
  label: string;
  value: number | null;
  budget: number;
  unit: string;
  /** Why the value is null, or how it was measured when that needs saying. */
  note?: string;
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const gzipKb = (bytes: Uint8Array | string) => gzipSync(bytes, { level: 9 }).length / 1000;

/**
 * `src/engine/index.ts` as the site ships it (Vite, minified, ES2022), built into `outDir` and imported: the
 * figure is for the code a browser runs. Its dependencies (fflate, ipaddr.js, jsonc-parser) are bundled in.
 */
async function shippedEngine(outDir: string): Promise<typeof Simulate> {
  await build({
    configFile: false,
    root: ROOT,
    logLevel: "error",
    build: { target: "es2022", outDir, emptyOutDir: true, minify: true, lib: { entry: path.join(ROOT, "src", "engine", "index.ts"), formats: ["es"], fileName: () => "engine.mjs" } },
  });
  // `.mjs`: a plain ES module to Node, which the TypeScript loader running this script leaves as it is (a `.js`
  // file outside a package would be transpiled again, with the loader's helpers in every function).
  const file = path.join(outDir, "engine.mjs");
  if (!fs.existsSync(file)) throw new Error(`the engine build wrote no engine.mjs in ${outDir}`);
  const engine = (await import(pathToFileURL(file).href)) as { simulate: typeof Simulate };
  return engine.simulate;
}

/**
 * simulate() over the corpus, microseconds. Every timed pass runs each scenario once, in corpus order, so no
 * pane's text is still in the engine's recent-text memos when its scenario comes round again (they hold at most
 * 16 texts; the corpus has over a thousand scenarios): each run is what a first look at a scenario costs.
 *
 * Twelve passes warm V8 up first: it is still compiling and optimising the engine then (the first six run about
 * 70% slower than settled ones, the next six about 15%), which a page pays once, not per scenario; their medians
 * are reported. Then 42 timed passes. A scenario's cost is the fastest of its 42 runs, and the figure is the
 * median of those over the corpus (`median`).
 *
 * Why the fastest run: on a shared host the same passes run up to twice as slow while other tenants are busy,
 * in spells of seconds, and the process's CPU time grows with the wall time in those spells, so neither wall
 * time nor CPU time separates the engine's cost from the neighbours'. Interference only ever adds time; the
 * fastest of many runs of identical work is the least disturbed reading of it (as Python's timeit takes the
 * minimum). What the passes cost as they ran is reported beside it: `typicalMedian`, the median over the corpus
 * of each scenario's median run, and the quietest and busiest pass (`passMedians`, each pass's median over the
 * corpus).
 *
 * `generatedMedian`: six more passes reading the result's generated texts too (each scenario's fastest).
 * `resimulateMedian`: the same scenario again with nothing changed (warmed up, then timed for at least 5 ms),
 * what an unchanged re-render costs.
 */
function engineMicroseconds(simulate: typeof Simulate): { median: number; p95: number; count: number; warmUpMedians: number[]; typicalMedian: number; passMedians: number[]; generatedMedian: number; resimulateMedian: number } {
  const scenarios = loadCorpus(path.join(ROOT, "e2e", "conformance", "corpus")).map((e) => e.scenario);
  /** `passes` passes over the corpus: each scenario's runs (µs), and each pass's median over the corpus. */
  const timedPasses = (passes: number, readGenerated: boolean) => {
    const runs: number[][] = scenarios.map(() => []);
    const passMedians: number[] = [];
    for (let pass = 0; pass < passes; pass++) {
      const times: number[] = [];
      scenarios.forEach((s, i) => {
        const start = process.hrtime.bigint();
        const result = simulate(s);
        if (readGenerated) void result.generated;
        const us = Number(process.hrtime.bigint() - start) / 1000;
        runs[i]!.push(us);
        times.push(us);
      });
      passMedians.push(quantile(times.sort((a, b) => a - b), 0.5));
    }
    return { runs, passMedians };
  };
  const perScenario = (runs: number[][], q: number) => runs.map((t) => quantile([...t].sort((a, b) => a - b), q)).sort((a, b) => a - b);
  const warmUpMedians = [timedPasses(6, false), timedPasses(6, false)].map((w) => quantile(perScenario(w.runs, 0.5), 0.5));
  const timed = timedPasses(42, false);
  const fastest = perScenario(timed.runs, 0);
  const generated = perScenario(timedPasses(6, true).runs, 0);
  const warm: number[] = [];
  for (const s of scenarios) {
    for (let i = 0; i < 3; i++) simulate(s);
    let runs = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0n;
    while (runs < 5 || elapsed < 5_000_000n) {
      simulate(s);
      runs++;
      elapsed = process.hrtime.bigint() - start;
    }
    warm.push(Number(elapsed) / runs / 1000);
  }
  warm.sort((a, b) => a - b);
  return {
    median: quantile(fastest, 0.5),
    p95: quantile(fastest, 0.95),
    count: fastest.length,
    warmUpMedians,
    typicalMedian: quantile(perScenario(timed.runs, 0.5), 0.5),
    passMedians: [...timed.passMedians].sort((a, b) => a - b),
    generatedMedian: quantile(generated, 0.5),
    resimulateMedian: quantile(warm, 0.5),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs vite (build or preview) with `args`; throws with its output when a build fails. */
function viteBuild(args: string[]): void {
  const out = spawnSync(process.execPath, [VITE, "build", ...args], { cwd: ROOT, encoding: "utf8" });
  if (out.status !== 0) throw new Error(`vite build ${args.join(" ")} failed:\n${out.stdout}\n${out.stderr}`);
}

async function servePreview(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [VITE, "preview", "--outDir", dir, "--host", "127.0.0.1", "--port", String(port), "--strictPort"], { cwd: ROOT, stdio: "ignore" });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return { url, child };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`vite preview did not answer on ${url}`);
}

/** The JavaScript a reference page fetches from navigation until the network is idle, with no interaction. */
async function firstLoadJs(browser: Browser, pageUrl: string): Promise<{ kb: number; files: string[] }> {
  const page = await browser.newPage();
  const bodies: { url: string; body: Buffer }[] = [];
  const pending: Promise<void>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    pending.push(response.body().then((body) => void bodies.push({ url: response.url(), body })));
  });
  await page.goto(pageUrl, { waitUntil: "networkidle" });
  await Promise.all(pending);
  await page.close();
  return { kb: bodies.reduce((sum, b) => sum + gzipKb(b.body), 0), files: bodies.map((b) => path.basename(new URL(b.url).pathname)) };
}

/**
 * Types 60 characters after "/somepath" in the request editor; for each, the time from keydown (a capture
 * listener) to the mutation of the environ table that shows the new PATH_INFO.
 */
async function keystrokes(browser: Browser, url: string): Promise<number[]> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(url);
  const editor = page.getByRole("textbox", { name: "Client request", exact: true });
  await editor.waitFor();
  await page.getByRole("table", { name: "WSGI environ" }).waitFor();
  await page.evaluate(() => {
    const w = window as unknown as { __ppKey: number; __ppTimes: number[]; __ppWant: string };
    w.__ppTimes = [];
    document.addEventListener("keydown", () => (w.__ppKey = performance.now()), { capture: true });
    const table = document.querySelector("table[aria-label='WSGI environ']") ?? [...document.querySelectorAll("table")].find((t) => t.querySelector("caption")?.textContent?.includes("WSGI environ"));
    if (!table) throw new Error("no environ table");
    new MutationObserver(() => {
      if (w.__ppWant && table.textContent?.includes(w.__ppWant)) {
        w.__ppTimes.push(performance.now() - w.__ppKey);
        w.__ppWant = "";
      }
    }).observe(table, { subtree: true, childList: true, characterData: true });
  });
  await editor.click();
  await page.keyboard.press("Control+Home");
  for (let i = 0; i < "GET /somepath".length; i++) await page.keyboard.press("ArrowRight");
  let typed = "/somepath";
  const letters = "abcdefghij";
  for (let i = 0; i < 60; i++) {
    const ch = letters[i % letters.length]!;
    typed += ch;
    await page.evaluate((want) => ((window as unknown as { __ppWant: string }).__ppWant = want), typed);
    await page.keyboard.press(ch);
    await page.waitForFunction(() => (window as unknown as { __ppWant: string }).__ppWant === "", undefined, { timeout: 10_000 });
  }
  const times = await page.evaluate(() => (window as unknown as { __ppTimes: number[] }).__ppTimes);
  await page.close();
  return times;
}

/** `npm run build:offline` into a temporary directory, and its one file gzipped; null when there is no such script. */
function offlineBundle(outDir: string): { kb: number | null; note: string } {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts?: Record<string, string> };
  if (!pkg.scripts?.["build:offline"]) return { kb: null, note: "package.json has no build:offline script" };
  const out = spawnSync("npm", ["run", "-s", "build:offline", "--", "--outDir", outDir, "--emptyOutDir"], { cwd: ROOT, encoding: "utf8" });
  if (out.status !== 0) return { kb: null, note: `build:offline failed: ${(out.stderr || out.stdout).trim().split("\n").slice(-3).join(" ")}` };
  const files = fs.readdirSync(outDir, { recursive: true, encoding: "utf8" }).map((f) => path.join(outDir, f)).filter((f) => fs.statSync(f).isFile() && !f.endsWith(".map"));
  const html = files.filter((f) => f.endsWith(".html"));
  if (html.length !== 1) return { kb: null, note: `build:offline wrote ${html.length} HTML files, not one` };
  const kb = gzipKb(fs.readFileSync(html[0]!));
  return { kb, note: `${path.basename(html[0]!)}, ${round(fs.statSync(html[0]!).size / 1000)} KB before gzip` };
}

async function main(): Promise<void> {
  const figures: Figure[] = [];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pp-bench-"));
  let failed = false;

  const engine = engineMicroseconds(await shippedEngine(path.join(work, "engine")));
  figures.push({
    key: "engine_us_per_scenario",
    label: "simulate(), median over the corpus",
    value: round(engine.median),
    budget: 50,
    unit: "µs",
    note: `${engine.count} scenarios, each run once per pass over the corpus so its texts are new to the engine; each scenario's fastest of 42 runs, then the median over the corpus (the figure); the median of each scenario's median run: ${round(engine.typicalMedian)} µs, with passes from ${round(engine.passMedians[0]!)} to ${round(engine.passMedians.at(-1)!)} µs (medians over the corpus); after two warm-up rounds ${engine.warmUpMedians.map((m) => round(m)).join(", ")} µs; 95th percentile ${round(engine.p95)} µs; reading the generated texts too: median ${round(engine.generatedMedian)} µs; re-simulating an unchanged scenario: median ${round(engine.resimulateMedian)} µs`,
  });

  if (process.argv.includes("--engine")) {
    fs.rmSync(work, { recursive: true, force: true });
    const f = figures[0]!;
    console.log(`${f.key}: ${f.value} ${f.unit} (budget ${f.budget}); ${f.note}`);
    return;
  }

  const example = `#${encodePermalink(referenceExample())}`;
  figures.push({ key: "permalink_chars_example", label: "reference example's permalink fragment", value: example.length, budget: 400, unit: "chars" });

  const site = path.join(work, "site");
  let preview: ChildProcess | null = null;
  let browser: Browser | null = null;
  try {
    viteBuild(["--outDir", site, "--emptyOutDir", "--logLevel", "error"]);
    const served = await servePreview(site);
    preview = served.child;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--disable-background-networking"] });
    // The first reference page in reading order (content/01-…).
    const first = slugOf(fs.readdirSync(path.join(ROOT, "content")).filter((f) => /^\d+-.+\.md$/.test(f)).sort()[0]!);
    const reference = `${served.url}docs/${first}/`;
    const js = await firstLoadJs(browser, reference);
    figures.push({ key: "first_load_js_gzip_kb", label: "JavaScript of a reference page before interaction", value: round(js.kb), budget: 150, unit: "KB gzip", note: `docs/${first}/: ${js.files.join(", ")}` });
    const times = (await keystrokes(browser, served.url)).sort((a, b) => a - b);
    figures.push({ key: "keystroke_to_output_ms_p95", label: "keystroke to environ update, Chromium", value: round(quantile(times, 0.95)), budget: 16, unit: "ms", note: `${times.length} keystrokes; median ${round(quantile(times, 0.5))} ms` });
  } catch (error) {
    failed = true;
    const why = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    for (const key of ["first_load_js_gzip_kb", "keystroke_to_output_ms_p95"]) {
      if (!figures.some((f) => f.key === key)) figures.push({ key, label: key, value: null, budget: key.startsWith("first") ? 150 : 16, unit: key.startsWith("first") ? "KB gzip" : "ms", note: `not measured: ${why}` });
    }
  } finally {
    await browser?.close();
    preview?.kill();
  }

  const offline = offlineBundle(path.join(work, "offline"));
  figures.push({ key: "offline_bundle_gzip_kb", label: "offline bundle (build:offline)", value: offline.kb === null ? null : round(offline.kb), budget: 400, unit: "KB gzip", note: offline.note });
  fs.rmSync(work, { recursive: true, force: true });

  const order = ["engine_us_per_scenario", "keystroke_to_output_ms_p95", "first_load_js_gzip_kb", "offline_bundle_gzip_kb", "permalink_chars_example"];
  figures.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  const rows = figures.map((f) => [f.key, f.value === null ? "—" : `${f.value} ${f.unit}`, `≤ ${f.budget} ${f.unit}`, f.value === null ? "not measured" : f.value <= f.budget ? "within" : `OVER ×${round(f.value / f.budget, 2)}`, f.note ?? ""]);
  const head = ["figure", "value", "budget", "", "notes"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");
  console.log(line(head));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const r of rows) console.log(line(r));
  console.log(JSON.stringify(Object.fromEntries(order.map((k) => [k, figures.find((f) => f.key === k)?.value ?? null]))));
  process.exitCode = failed ? 1 : 0;
}

await main();
