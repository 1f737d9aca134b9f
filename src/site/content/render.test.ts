import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodePermalink } from "../../engine/scenario/permalink.ts";
import { ContentError, mergedServers, parseFrontmatter, renderMarkdown, slugOf } from "./render.ts";
import { referenceExample } from "../lib/referenceExample.ts";

const options = { playgroundHref: "../../" };
const contentDir = path.resolve(import.meta.dirname, "../../../content");
const contentFiles = readdirSync(contentDir).filter((name) => /^\d+-.+\.md$/.test(name));

const block = (json: string) => `---\ntitle: T\n---\n\nIntro.\n\n\`\`\`scenario\n${json}\n\`\`\`\n`;
const tiny = {
  version: 1,
  client: { address: "203.0.113.7", request: "GET / HTTP/1.1\nHost: www.example.com\n" },
  proxies: [],
  backend: { server: "apache", listen: "10.0.0.5:80", address: "10.0.0.5", config: "" },
};

describe("parseFrontmatter", () => {
  it("reads key: value lines and strips quotes", () => {
    expect(parseFrontmatter('---\ntitle: "A: b"\ndescription: x\n---\nBody\n')).toEqual({
      data: { title: "A: b", description: "x" },
      body: "Body\n",
      bodyLine: 5,
    });
  });

  it("leaves a file without frontmatter alone", () => {
    expect(parseFrontmatter("# Hi\n")).toEqual({ data: {}, body: "# Hi\n", bodyLine: 1 });
  });
});

describe("slugOf", () => {
  it.each([
    ["01-running-behind-a-reverse-proxy.md", "running-behind-a-reverse-proxy"],
    ["10-Trust.md", "trust"],
  ])("%s → %s", (file, slug) => expect(slugOf(file)).toBe(slug));
});

describe("renderMarkdown", () => {
  it("turns a scenario block into static HTML with its data, a mount point and a permalink", async () => {
    const page = await renderMarkdown(block(JSON.stringify(tiny)), options);
    expect(page.title).toBe("T");
    expect(page.scenarios).toHaveLength(1);
    expect(page.html).toContain("data-pp-scenario");
    expect(page.html).toContain("data-pp-live");
    expect(page.html).toContain("<caption>Response to the client</caption>");
    expect(page.html).not.toContain("```");
    const href = /href="\.\.\/\.\.\/#(v2\.f1\.e[0-9A-Za-z._-]+)"/.exec(page.html)?.[1];
    expect(decodePermalink(href!).scenario).toEqual(tiny);
  });

  it("escapes what the scenario holds, in the code and in the embedded JSON", async () => {
    const request = "GET /</script><b>x</b> HTTP/1.1\nHost: a&b\n";
    const page = await renderMarkdown(block(JSON.stringify({ ...tiny, client: { ...tiny.client, request } })), options);
    expect(page.html).not.toContain("</script><b>");
    expect(page.html).toContain("GET /&lt;/script&gt;&lt;b&gt;x&lt;/b&gt; HTTP/1.1");
    expect(page.html).toContain("\\u003c/script>");
  });

  it.each([
    ["a block that is not JSON", "{ nope", /line 7: the scenario block is not JSON/],
    ["a block that is not a scenario", '{"version": 1}', /line 7: the scenario block is not a scenario: "client"/],
  ])("reports %s with its line", async (_name, json, message) => {
    const error = await renderMarkdown(block(json), options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    const { line, message: text } = error as ContentError;
    expect(`line ${line}: ${text}`).toMatch(message);
  });

  it("requires a title", async () => {
    await expect(renderMarkdown("No frontmatter\n", options)).rejects.toThrow(/title/);
  });
});

describe.each(contentFiles)("content/%s", (file) => {
  const text = readFileSync(path.join(contentDir, file), "utf8");

  it("renders, with a title and at least one live scenario", async () => {
    const page = await renderMarkdown(text, options);
    expect(page.title.length).toBeGreaterThan(3);
    expect(page.scenarios.length).toBeGreaterThan(0);
  });

  it("has only scenarios the engine accepts without errors", async () => {
    const page = await renderMarkdown(text, options);
    for (const { result, line } of page.scenarios) {
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      expect(errors, `scenario at line ${line}`).toEqual([]);
    }
  });
});

describe("an example's stated result", () => {
  const scenario = referenceExample();
  const block = (expect: unknown) => "---\ntitle: T\n---\n\n```scenario\n" + JSON.stringify({ scenario, expect }) + "\n```\n";

  it("renders when it holds", async () => {
    const page = await renderMarkdown(block({ environ: { REMOTE_ADDR: "127.0.0.9", HTTP_X_REAL_IP: null }, response: { status: 200 } }), { playgroundHref: "../../" });
    expect(page.scenarios[0]!.scenario).toEqual(scenario);
  });

  it("fails the page, at the block's line, when it no longer holds", async () => {
    await expect(renderMarkdown(block({ environ: { REMOTE_ADDR: "10.0.0.1" }, response: { status: 301 } }), { playgroundHref: "../../" })).rejects.toMatchObject({
      line: 5,
      message: expect.stringContaining('REMOTE_ADDR is "127.0.0.9", the example says "10.0.0.1"; the status is 200, the example says 301'),
    });
  });

  it("states the mod_wsgi 6.0 result too: the same scenario, run as 6.0", async () => {
    // Over TLS, 4.9 forces https after the proxy headers; 6.0 lets the trusted X-Forwarded-Proto decide.
    const tls = { ...scenario, modwsgi: "4.9" as const, client: { ...scenario.client, tls: true, request: "GET / HTTP/1.1\nHost: 127.0.0.1:8000\nX-Forwarded-Proto: http\n" }, proxies: [] };
    tls.backend = { ...tls.backend, config: "WSGITrustedProxies 127.0.0.9\nWSGITrustedProxyHeaders X-Forwarded-Proto\n" };
    const source = (expect60: unknown) =>
      "---\ntitle: T\n---\n\n```scenario\n" + JSON.stringify({ scenario: tls, expect: { environ: { "wsgi.url_scheme": "https" } }, expect60 }) + "\n```\n";
    const page = await renderMarkdown(source({ environ: { "wsgi.url_scheme": "http" } }), { playgroundHref: "../../" });
    expect(page.scenarios[0]!.result.environ?.["wsgi.url_scheme"]).toBe("https");
    await expect(renderMarkdown(source({ environ: { "wsgi.url_scheme": "https" } }), { playgroundHref: "../../" })).rejects.toMatchObject({
      line: 5,
      message: expect.stringContaining('stated mod_wsgi 6.0 result no longer holds: wsgi.url_scheme is "http", the example says "https"'),
    });
  });
});

describe("mergedServers: the servers of a page's checks, each named once", () => {
  it.each([
    [["Apache 2.4.71 + mod_wsgi 4.9.4 on Debian 12"], "Apache 2.4.71 + mod_wsgi 4.9.4 on Debian 12"],
    [
      ["Apache 2.4.71 + mod_wsgi 4.9.4 on Debian 12", "Apache 2.4.71 + mod_wsgi 4.9.4 and nginx 1.22.1 on Debian 12"],
      "Apache 2.4.71 + mod_wsgi 4.9.4 and nginx 1.22.1 on Debian 12",
    ],
    [
      ["Apache 2.4.71 + mod_wsgi 4.9.4 and HAProxy 2.6.12 on Debian 12", "Apache 2.4.71 + mod_wsgi 4.9.4 and nginx 1.22.1 on Debian 12"],
      "Apache 2.4.71 + mod_wsgi 4.9.4, HAProxy 2.6.12 and nginx 1.22.1 on Debian 12",
    ],
    [["somewhere else", "somewhere else"], "somewhere else"],
  ])("%j → %s", (list, want) => expect(mergedServers(list)).toBe(want));
});

describe("content prose", () => {
  // Markdown takes a bare <Location> for an HTML tag and drops it, so an Apache section named in prose must be
  // written in a code span (`<Location>`), as every page does.
  it.each(contentFiles)("%s names no Apache section or HTML tag outside code", (file) => {
    const prose = readFileSync(path.join(contentDir, file), "utf8")
      .replace(/```[\s\S]*?```/g, "")
      .replace(/`[^`]*`/g, "");
    expect(prose.match(/<\/?[A-Za-z][A-Za-z0-9]*[\s>]/g) ?? []).toEqual([]);
  });
});
