import { describe, expect, it } from "vitest";
import { searchReference, sectionsOf } from "./search.ts";

describe("reference search", () => {
  const html =
    '<p>Intro about proxies.</p><h2 id="trust">Why trust &amp; WSGITrustedProxies</h2><p>Only trusted peers.</p>' +
    '<figure class="pp-scenario"><script type="application/json">{"x":"WSGITrustedProxies"}</script></figure>' +
    '<h2 id="redirects">Redirects</h2><p>The Location header and <code>ProxyPassReverse</code>.</p>';
  const index = sectionsOf("Guide", "docs/guide/", html);

  it("splits a page at its headings, without the scenario figures", () => {
    expect(index).toEqual([
      { href: "docs/guide/", page: "Guide", heading: "Guide", text: "Intro about proxies." },
      { href: "docs/guide/#trust", page: "Guide", heading: "Why trust & WSGITrustedProxies", text: "Only trusted peers." },
      { href: "docs/guide/#redirects", page: "Guide", heading: "Redirects", text: "The Location header and ProxyPassReverse ." },
    ]);
  });

  it("reads character references as the reader sees them: a section on <VirtualHost> is found by that word", () => {
    // The Markdown renderer writes "<" as &#x3C;; a browser serializing a page writes a no-break space as &nbsp;.
    const sections = sectionsOf("Guide", "docs/guide/", '<h2 id="c">Contexts</h2><p>Inside &#x3C;VirtualHost> or &#60;Location&#62;,&nbsp;not &amp;#60;x.</p>');
    expect(sections[0]!.text).toBe("Inside <VirtualHost> or <Location>, not &#60;x.");
    expect(searchReference(sections, "<virtualhost>").map((h) => h.href)).toEqual(["docs/guide/#c"]);
  });

  it.each([
    ["a word in a heading", "wsgitrustedproxies", ["docs/guide/#trust"]],
    ["every word must match", "location proxypassreverse", ["docs/guide/#redirects"]],
    ["no match", "haproxy", []],
    ["empty query", "  ", []],
  ])("%s", (_name, query, hrefs) => {
    expect(searchReference(index, query).map((h) => h.href)).toEqual(hrefs);
  });
});
