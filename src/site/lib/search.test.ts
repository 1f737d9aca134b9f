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

  it.each([
    ["a word in a heading", "wsgitrustedproxies", ["docs/guide/#trust"]],
    ["every word must match", "location proxypassreverse", ["docs/guide/#redirects"]],
    ["no match", "haproxy", []],
    ["empty query", "  ", []],
  ])("%s", (_name, query, hrefs) => {
    expect(searchReference(index, query).map((h) => h.href)).toEqual(hrefs);
  });
});
