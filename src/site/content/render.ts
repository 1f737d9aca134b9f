/**
 * Build-time rendering of `content/*.md` into static pages (Node only; no DOM).
 *
 * Markdown goes through unified (remark-parse, remark-gfm, remark-rehype, rehype-slug, rehype-stringify). A
 * fenced block with the language `scenario` holds a scenario's JSON; it becomes static HTML (the request and the
 * configs as code, and the engine's result: key environ rows and the response, computed here by `simulate`)
 * inside a mount point that `src/site/entries/content.ts` upgrades into a live mini playground, plus an
 * "Open in playground" link carrying the permalink. Without JavaScript the page still reads in full.
 */
import rehypeSlug from "rehype-slug";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { simulate, type Diagnostic, type Result, type Scenario } from "../../engine/index.ts";
import { encodePermalink, scenarioShapeProblem } from "../../engine/scenario/permalink.ts";
import { responseHeader } from "../../engine/http/headers.ts";
import { environRows, KEY_ENVIRON, problemsSummary, resultSummary, statusText } from "../lib/results.ts";
import { sourceLabel } from "../lib/sources.ts";
import { diagnosticHref } from "../lib/siteLinks.ts";
import { MODWSGI_CHOICES, serverPaneText, usesWsgiProxy, WSGIPROXY_CHOICES } from "../lib/kinds.ts";
import { KEYBOARD_HINT_HTML } from "../editor/keyboardHint.ts";

/**
 * Whether an example was run on real servers and the engine agreed with them field by field (the conformance
 * suite's comparison, on the observation committed under `e2e/conformance/observed/`).
 */
export type Verification =
  | { state: "verified"; servers: string }
  | { state: "unverified"; reason: string }
  | { state: "disagrees"; servers: string; fields: string[] };

/** One scenario block of a page and what the engine made of it at build time. */
export interface RenderedScenario {
  scenario: Scenario;
  result: Result;
  permalink: string;
  /** 1-based line of the opening fence in the Markdown file. */
  line: number;
  verification?: Verification;
}

export interface RenderedPage {
  title: string;
  description: string;
  /** The article's inner HTML. */
  html: string;
  scenarios: RenderedScenario[];
}

/** A link to one reference page, for the site's navigation. */
export interface NavEntry {
  href: string;
  title: string;
  current: boolean;
}

export interface RenderOptions {
  /** The playground page relative to the rendered page, e.g. "../../". */
  playgroundHref: string;
  /** Every reference page, in order, for the header's navigation. */
  nav?: readonly NavEntry[];
  /** The search index as a ready `<script type="application/json">` data block. */
  searchIndex?: string;
  /** Looks up the real-server check of the page's `index`-th example (0-based). */
  verify?: (index: number, scenario: Scenario, result: Result) => Verification;
  /**
   * False: an example is only its data, its verification note and an empty mount point, for a page whose script
   * makes every example live at once anyway (the offline file, which cannot be read without JavaScript).
   */
  staticExamples?: boolean;
}

/** A fenced `scenario` block of a Markdown body: its parsed JSON (or the parse error) and its line. */
export interface ScenarioBlock {
  value: unknown;
  error: string | null;
  /** 1-based line of the opening fence in the whole file. */
  line: number;
}

/**
 * The `scenario` blocks of a Markdown file, in order. Used by the page renderer and by the conformance runner,
 * which runs every example of every page on real servers (ids `content-<slug>-<n>`, n from 1).
 */
export function extractScenarioBlocks(markdown: string): ScenarioBlock[] {
  const { body, bodyLine } = parseFrontmatter(markdown);
  const tree = unified().use(remarkParse).use(remarkGfm).parse(body) as MdNode;
  const out: ScenarioBlock[] = [];
  const walk = (node: MdNode) => {
    for (const child of node.children ?? []) {
      if (child.type === "code" && child.lang === "scenario") {
        const line = (child.position?.start.line ?? 1) + bodyLine - 1;
        try {
          out.push({ value: JSON.parse(child.value ?? ""), error: null, line });
        } catch (error) {
          out.push({ value: null, error: (error as Error).message, line });
        }
      } else walk(child);
    }
  };
  walk(tree);
  return out;
}

/**
 * What an example may state about its result, next to its scenario (`{"scenario": …, "expect": …}`, or a bare
 * scenario): environ keys (null = absent), the status and response headers. The build fails when the engine
 * no longer gives it; the conformance suite checks it against the real servers too.
 */
export interface ExampleExpectation {
  environ?: Record<string, string | null> | null;
  response?: { status?: number; headers?: Record<string, string | null> };
}

/**
 * Splits a scenario block into its scenario and its stated expectations. `expect60` states what the same
 * scenario gives under mod_wsgi 6.0 (6.0.5, read from source): the build checks it against the engine, and the
 * conformance suite leaves it out, since the real servers run 4.9.4 (the corpus files' `expect60` likewise).
 */
export function splitExample(value: unknown): { scenario: unknown; expect: ExampleExpectation | null; expect60: ExampleExpectation | null } {
  if (value && typeof value === "object" && !Array.isArray(value) && "scenario" in value) {
    const v = value as { scenario: unknown; expect?: ExampleExpectation; expect60?: ExampleExpectation };
    return { scenario: v.scenario, expect: v.expect ?? null, expect60: v.expect60 ?? null };
  }
  return { scenario: value, expect: null, expect60: null };
}

/** The stated expectations the result does not meet, one sentence each. */
export function unmetExpectations(result: Result, expect: ExampleExpectation): string[] {
  const out: string[] = [];
  const show = (v: string | null | undefined) => (v === null || v === undefined ? "absent" : JSON.stringify(v));
  if (expect.environ === null && result.environ !== null) out.push("the application was expected not to be reached");
  for (const [key, want] of Object.entries(expect.environ ?? {})) {
    const got = result.environ?.[key] ?? null;
    if (got !== want) out.push(`${key} is ${show(got)}, the example says ${show(want)}`);
  }
  if (expect.response?.status !== undefined && result.response.status !== expect.response.status) {
    out.push(`the status is ${result.response.status}, the example says ${expect.response.status}`);
  }
  for (const [name, want] of Object.entries(expect.response?.headers ?? {})) {
    const got = responseHeader(result.response.headers, name) ?? null;
    if (got !== want) out.push(`${name} is ${show(got)}, the example says ${show(want)}`);
  }
  return out;
}

/** The id the conformance suite gives the `index`-th (0-based) example of the page `slug`. */
export function contentExampleId(slug: string, index: number): string {
  return `content-${slug}-${index + 1}`;
}

/** One line under an example saying whether real servers confirmed it. */
function verificationNote(v: Verification | undefined): string {
  if (!v) return "";
  const text =
    v.state === "verified"
      ? `Checked on real servers: ${escapeHtml(v.servers)} gave this result for this example as written, field by field.`
      : v.state === "disagrees"
        ? `Real servers (${escapeHtml(v.servers)}) disagree with this result on ${escapeHtml(v.fields.join(", "))}.`
        : `Not yet run on real servers: ${escapeHtml(v.reason)}.`;
  return (
    `<figcaption class="pp-verification pp-verification-${v.state}"><span class="pp-verification-text">${text}</span>` +
    `<span class="pp-verification-modified"> You have changed the example since; the check applies to it as written.</span></figcaption>`
  );
}

/** A problem in a content file (bad frontmatter, a scenario block that is not a scenario). */
export class ContentError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Splits `---`-fenced frontmatter of `key: value` lines from the Markdown body. */
export function parseFrontmatter(text: string): { data: Record<string, string>; body: string; bodyLine: number } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  if (!match) return { data: {}, body: text, bodyLine: 1 };
  const data: Record<string, string> = {};
  for (const line of match[1]!.split(/\r?\n/)) {
    const field = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
    if (!field) continue;
    let value = field[2]!.trim();
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    data[field[1]!] = value;
  }
  return { data, body: text.slice(match[0].length), bodyLine: match[0].split("\n").length };
}

/** `01-running-behind-a-reverse-proxy.md` → `running-behind-a-reverse-proxy`. */
export function slugOf(fileName: string): string {
  return fileName
    .replace(/\.md$/, "")
    .replace(/^\d+-/, "")
    .toLowerCase();
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JSON that is safe inside `<script type="application/json">`. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
/** An environ value: code, or a visible note for the empty string. */
const value = (text: string) => (text === "" ? '<em class="pp-muted">empty string</em>' : code(text));
/**
 * Code as the live editor shows it, so the example keeps its size when it goes live: a line-number gutter
 * (`.pp-static-gutter`, drawn by CSS counters) and one line per line of text, a last empty line included.
 */
function staticEditor(text: string): string {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  // Lines are blocks (a newline between them would draw an empty line); copying the text still gives one per line.
  const body = lines.map((line) => `<span class="pp-static-line">${escapeHtml(line)}</span>`).join("");
  return `<div class="pp-editor pp-static-editor"><pre class="pp-pre pp-static-code" style="--pp-digits: ${String(lines.length).length}"><code>${body}</code></pre></div>`;
}

function staticPane(title: string, meta: string, label: string, text: string, extra = ""): string {
  return (
    `<section class="pp-pane"><h3 class="pp-pane-title">${escapeHtml(title)}` +
    ` <span class="pp-pane-meta">${escapeHtml(meta)}</span></h3>${extra}` +
    `<span class="pp-editor-label">${escapeHtml(label)}</span>${staticEditor(text)}</section>`
  );
}

/** The problems table; each code links to its entry in the diagnostics reference, from the site root `root`. */
function staticDiagnostics(diagnostics: readonly Diagnostic[], root: string): string {
  if (diagnostics.length === 0) return `<section class="pp-diagnostics" aria-label="Problems"><p class="pp-muted">Problems: none.</p></section>`;
  const count = (severity: string) => diagnostics.filter((d) => d.severity === severity).length;
  const [errors, warnings] = [count("error"), count("warning")];
  const rows = diagnostics
    .map(
      (d) =>
        `<tr class="pp-diagnostic pp-severity-${d.severity}"><td><span class="pp-badge pp-badge-${d.severity}">${d.severity}</span></td>` +
        `<td class="pp-nowrap">${escapeHtml(sourceLabel(d.source))}, line ${d.line}:${d.column}</td>` +
        `<td>${escapeHtml(d.message)} <a class="pp-code-link" href="${escapeHtml(diagnosticHref(root, d.code))}">` +
        `<code class="pp-code-name">${escapeHtml(d.code)}</code></a></td></tr>`,
    )
    .join("");
  return (
    `<section class="pp-diagnostics" aria-label="Problems"><table class="pp-table pp-problems">` +
    `<caption>Problems: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}</caption>` +
    `<thead><tr><th scope="col">Severity</th><th scope="col">Where</th><th scope="col">Message</th></tr></thead>` +
    `<tbody>${rows}</tbody></table></section>`
  );
}

function staticOutputs(result: Result, root: string): string {
  let environ: string;
  if (result.environ === null) {
    environ =
      `<p class="pp-muted pp-environ-empty">The request did not reach the application` +
      `${result.response.status ? ` (the client got ${escapeHtml(statusText(result.response.status))})` : ""}, so there is no environ.</p>`;
  } else {
    const rows = environRows(result, { only: KEY_ENVIRON })
      .map(
        (row) =>
          `<tr${row.changed ? ' class="pp-changed"' : ""}><th scope="row">${code(row.key)}</th>` +
          `<td>${row.value === null ? "<em>removed</em>" : value(row.value)}</td>` +
          `<td>${row.changed ? `<span class="pp-badge pp-badge-changed">changed</span> ${row.before === null ? "<em>not set</em>" : value(row.before)}` : ""}</td></tr>`,
      )
      .join("");
    environ =
      `<table class="pp-table pp-environ"><caption>Key environ values</caption><thead><tr><th scope="col">Key</th>` +
      `<th scope="col">Value</th><th scope="col">Before proxy processing</th></tr></thead><tbody>${rows}</tbody></table>`;
  }
  const headers = Object.entries(result.response.headers)
    .map(
      ([name, value]) =>
        `<tr${name.toLowerCase() === "location" ? ' class="pp-location"' : ""}><th scope="row">${code(name)}</th><td>${code(value)}</td></tr>`,
    )
    .join("");
  const response =
    `<table class="pp-table pp-response"><caption>Response to the client</caption><thead><tr><th scope="col">Field</th>` +
    `<th scope="col">Value</th></tr></thead><tbody><tr class="pp-status-row"><th scope="row">Status</th>` +
    `<td><strong>${escapeHtml(statusText(result.response.status))}</strong></td></tr>${headers}</tbody></table>`;
  const exposure = result.exposure;
  const troubled = exposure !== undefined && (exposure.location?.reachable === false || exposure.leaks.length > 0);
  const verdict = exposure
    ? `<p class="pp-verdict${troubled ? " pp-verdict-trouble" : ""}"><strong>${troubled ? "Check this:" : "The way back:"}</strong> ${escapeHtml(exposure.summary)}</p>`
    : "";
  const errors = result.diagnostics.some((d) => d.severity === "error");
  const status = `<p class="pp-status${errors ? " pp-status-error" : ""}">${escapeHtml(`${resultSummary(result)} · ${problemsSummary(result.diagnostics)}`)}</p>`;
  const body = result.response.body
    ? `<details class="pp-details"><summary>Response body</summary><pre class="pp-pre">${escapeHtml(result.response.body)}</pre></details>`
    : "";
  return `${status}<div class="pp-results">${environ}${response}${verdict}${body}</div>${staticDiagnostics(result.diagnostics, root)}`;
}

/**
 * One of an example's menus as the live island draws it, hidden until the page's script shows it (without
 * JavaScript it could change nothing); choosing in it makes the example live with that choice.
 */
function staticMenu(label: string, choices: readonly { value: string; label: string }[], chosen: string): string {
  const options = choices
    .map((c) => `<option value="${escapeHtml(c.value)}"${c.value === chosen ? " selected" : ""}>${escapeHtml(c.label)}</option>`)
    .join("");
  return `<label class="pp-island-version" data-pp-js hidden><span>${escapeHtml(label)}</span><select class="pp-input" data-pp-menu>${options}</select></label>`;
}

/** Static HTML for one scenario block, with its data and the mount point for the live version. */
export function renderScenarioBlock(scenario: Scenario, result: Result, permalink: string, options: RenderOptions, verification?: Verification): string {
  const pane = (which: number | "backend", extra: string) => {
    const text = serverPaneText(scenario, which)!;
    const config = which === "backend" ? scenario.backend.config : scenario.proxies[which]!.config;
    return staticPane(text.title, text.meta, text.configLabel, config, extra);
  };
  const extra = (label: string, value: string) => `<p class="pp-muted pp-pane-extra">${label}: ${code(value)}</p>`;
  const panes = [
    staticPane("Client", `${scenario.client.address}${scenario.client.tls ? ", over TLS" : ""}, sends:`, "Request, exactly as sent", scenario.client.request),
    ...scenario.proxies.map((proxy, i) => pane(i, proxy.server === "wsgiproxy" && proxy.environ ? extra("The front application's environ", JSON.stringify(proxy.environ)) : "")),
    pane("backend", scenario.backend.middleware ? extra("WSGI middleware around the application", scenario.backend.middleware) : ""),
  ].join("");
  const href = `${options.playgroundHref}#${permalink}`;
  if (options.staticExamples === false) {
    return (
      `<figure class="pp-scenario" data-pp-scenario><script type="application/json">${scriptJson(scenario)}</script>` +
      `<div class="pp-scenario-live" data-pp-live data-pp-playground="${escapeHtml(options.playgroundHref)}"></div>` +
      `${verificationNote(verification)}</figure>`
    );
  }
  return (
    `<figure class="pp-scenario" data-pp-scenario>` +
    `<script type="application/json">${scriptJson(scenario)}</script>` +
    `<div class="pp-scenario-live" data-pp-live>` +
    `<div class="pp-island-grid"><div class="pp-island-inputs">${panes}</div>` +
    `<div class="pp-island-outputs">${staticOutputs(result, options.playgroundHref)}</div></div>` +
    `<div class="pp-island-actions"><a class="pp-button pp-open-link" href="${escapeHtml(href)}" ` +
    `data-pp-playground="${escapeHtml(options.playgroundHref)}">Open in playground</a>` +
    // Shown by the page's script: the example becomes live (editors and the engine) on first use.
    `<button type="button" class="pp-button" data-pp-edit data-pp-js hidden>Edit this example</button>` +
    staticMenu("mod_wsgi", MODWSGI_CHOICES, scenario.modwsgi ?? "6.0") +
    (usesWsgiProxy(scenario) ? staticMenu("WSGIProxy behaviour", WSGIPROXY_CHOICES, scenario.wsgiproxy ?? "released") : "") +
    `<p class="pp-keyboard-hint" data-pp-js hidden>${KEYBOARD_HINT_HTML}</p></div>` +
    `</div>${verificationNote(verification)}</figure>`
  );
}

interface MdNode {
  type: string;
  lang?: string | null;
  value?: string;
  children?: MdNode[];
  position?: { start: { line: number } };
}

/** Renders one Markdown file. Throws `ContentError` for content mistakes, with the line. */
export async function renderMarkdown(markdown: string, options: RenderOptions): Promise<RenderedPage> {
  const { data, body } = parseFrontmatter(markdown);
  if (!data.title) throw new ContentError("the frontmatter has no `title:`", 1);
  const scenarios: RenderedScenario[] = [];

  const blocks = extractScenarioBlocks(markdown);
  const scenarioBlocks = () => (tree: MdNode) => {
    const walk = (node: MdNode) => {
      node.children?.forEach((child, index) => {
        if (child.type === "code" && child.lang === "scenario") {
          const { value, error, line } = blocks[scenarios.length]!;
          if (error !== null) throw new ContentError(`the scenario block is not JSON: ${error}`, line);
          const example = splitExample(value);
          const problem = scenarioShapeProblem(example.scenario);
          if (problem) throw new ContentError(`the scenario block is not a scenario: ${problem}`, line);
          const scenario = example.scenario as Scenario;
          const result = simulate(scenario);
          const unmet = example.expect ? unmetExpectations(result, example.expect) : [];
          if (unmet.length) throw new ContentError(`the example's stated result no longer holds: ${unmet.join("; ")}`, line);
          const unmet60 = example.expect60 ? unmetExpectations(simulate({ ...scenario, modwsgi: "6.0" }), example.expect60) : [];
          if (unmet60.length) throw new ContentError(`the example's stated mod_wsgi 6.0 result no longer holds: ${unmet60.join("; ")}`, line);
          const permalink = encodePermalink(scenario);
          const verification = options.verify?.(scenarios.length, scenario, result);
          scenarios.push({ scenario, result, permalink, line, ...(verification ? { verification } : {}) });
          node.children![index] = { type: "html", value: renderScenarioBlock(scenario, result, permalink, options, verification) };
        } else {
          walk(child);
        }
      });
    };
    walk(tree);
  };

  const file = await unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(scenarioBlocks)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeSlug)
    .use(rehypeStringify, { allowDangerousHtml: true })
    .process(body);

  return { title: data.title, description: data.description ?? "", html: String(file), scenarios };
}

/** The list of reference pages, the current one marked. */
export function navList(nav: readonly NavEntry[]): string {
  if (nav.length === 0) return "";
  const items = nav
    .map((n) => `<li><a href="${escapeHtml(n.href)}"${n.current ? ' aria-current="page"' : ""}>${escapeHtml(n.title)}</a></li>`)
    .join("");
  return `<nav class="pp-reference-nav" aria-label="Reference"><ul>${items}</ul><div data-pp-search></div></nav>`;
}

/**
 * The servers of several examples' checks, each named once: "Apache 2.4.71 + mod_wsgi 4.9.4 on Debian 12" and
 * "Apache 2.4.71 + mod_wsgi 4.9.4 and nginx 1.22.1 on Debian 12" give the second. Strings of another shape are
 * listed as they are, separated by "; ".
 */
export function mergedServers(list: readonly string[]): string {
  const suffix = " on Debian 12";
  if (list.length === 0 || !list.every((s) => s.endsWith(suffix))) return [...new Set(list)].join("; ");
  const parts = [...new Set(list.flatMap((s) => s.slice(0, -suffix.length).split(" and ")))];
  return `${parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}` : parts[0]}${suffix}`;
}

/** A line at the top of a page: how many of its examples real servers confirmed, and which versions. */
export function verificationSummary(scenarios: readonly RenderedScenario[]): string {
  const checked = scenarios.filter((s) => s.verification);
  if (checked.length === 0) return "";
  const verified = checked.filter((s) => s.verification!.state === "verified");
  const servers = mergedServers(verified.map((s) => (s.verification as { servers: string }).servers));
  const all = verified.length === scenarios.length;
  return (
    `<p class="pp-page-verification${all ? " pp-page-verified" : ""}">` +
    (verified.length === 0
      ? `The examples on this page have not been run on real servers yet.`
      : `${all ? (scenarios.length === 1 ? "The example" : `All ${scenarios.length} examples`) : `${verified.length} of ${scenarios.length} examples`} on this page ` +
        `${verified.length === 1 && all ? "was" : "were"} run on real servers (${escapeHtml(servers)}) by the conformance suite, and the results shown agree with them field by field.`) +
    `</p>`
  );
}

/** The visible part of a content page (header, navigation, article): the `<body>` of its document. */
export function pageBody(page: RenderedPage, options: RenderOptions): string {
  return `<header class="pp-header">
      <div class="pp-header-title"><p class="pp-site-name"><a href="${escapeHtml(options.playgroundHref)}">Proxy Playground</a></p></div>
      <nav class="pp-nav" aria-label="Site"><a href="${escapeHtml(options.playgroundHref)}">Open the playground</a></nav>
    </header>
    ${navList(options.nav ?? [])}
    <main class="pp-article">
      <article>
        <h1>${escapeHtml(page.title)}</h1>
        ${verificationSummary(page.scenarios)}
        ${page.html}
      </article>
    </main>
`;
}

/** The whole HTML document of a content page; Vite adds the built script and styles. */
export function pageDocument(page: RenderedPage, options: RenderOptions): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(page.title)} · Proxy Playground</title>
    ${page.description ? `<meta name="description" content="${escapeHtml(page.description)}" />` : ""}
    <link rel="icon" href="data:," />
  </head>
  <body class="pp-content-page">
    ${pageBody(page, options)}
    ${options.searchIndex ?? ""}
    <script type="module" src="/src/site/entries/content.ts"></script>
  </body>
</html>
`;
}
