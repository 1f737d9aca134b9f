import { describe, expect, it } from "vitest";
import { simulate, type Scenario } from "../index.ts";

// Rows checked on Apache 2.4.71 (Debian 12): conformance corpus proxy-html-1 … proxy-html-5.
const LINKS = "ProxyHTMLLinks a href\nProxyHTMLLinks form action\n";

function behind(front: string, path = "/static"): Scenario {
  return {
    version: 1,
    modwsgi: "4.9",
    client: { address: "127.0.0.9", tls: false, request: `GET ${path} HTTP/1.1\nHost: www.example.com\n` },
    proxies: [{ server: "apache", listen: "127.0.0.1:80", address: "127.0.0.1", config: `ServerName www.example.com\nProxyPass / http://127.0.0.1:8000/\nProxyPassReverse / http://127.0.0.1:8000/\n${front}` }],
    backend: { server: "apache", listen: "127.0.0.1:8000", address: "127.0.0.1", config: "WSGIScriptAlias / /srv/app/wsgi.py\n", directories: ["/static"] },
  };
}

describe("mod_proxy_html", () => {
  it.each([
    ["without ProxyHTMLLinks nothing is rewritten (proxy-html-1)", "ProxyHTMLEnable On\nProxyHTMLURLMap http://127.0.0.1:8000 http://www.example.com\n", "text/html; charset=utf-8", "http://127.0.0.1:8000/static/"],
    ["with ProxyHTMLLinks the link is rewritten (proxy-html-2)", `ProxyHTMLEnable On\nProxyHTMLURLMap http://127.0.0.1:8000 http://www.example.com\n${LINKS}`, "text/html;charset=utf-8", "http://www.example.com/static/"],
    ["ProxyHTMLEnable Off leaves the body alone (proxy-html-3)", `ProxyHTMLEnable Off\nProxyHTMLURLMap http://127.0.0.1:8000 http://www.example.com\n${LINKS}`, "text/html; charset=iso-8859-1", "http://127.0.0.1:8000/static/"],
  ])("%s", (_name, front, contentType, href) => {
    const r = simulate(behind(front));
    expect(r.response.headers["Content-Type"]).toBe(contentType);
    expect(r.response.body).toContain(`<a href="${href}">here</a>`);
    expect(r.exposure?.leaks.length === 0).toBe(href.includes("www.example.com"));
  });

  it("re-serialises like libxml2: no DOCTYPE, no whitespace in head, nothing after </html>", () => {
    const r = simulate(behind(`ProxyHTMLEnable On\nProxyHTMLURLMap http://127.0.0.1:8000 http://www.example.com\n${LINKS}`));
    expect(r.response.body).toBe(
      '<html><head><title>301 Moved Permanently</title></head><body>\n<h1>Moved Permanently</h1>\n<p>The document has moved <a href="http://www.example.com/static/">here</a>.</p>\n</body></html>',
    );
  });

  it("leaves a JSON body alone (proxy-html-5)", () => {
    const r = simulate(behind(`ProxyHTMLEnable On\nProxyHTMLURLMap http://127.0.0.1:8000 http://www.example.com\n${LINKS}`, "/app"));
    expect(r.response.headers["Content-Type"]).toBe("application/json");
    expect(r.trace.some((t) => t.step === "mod_proxy_html.url-map" && t.message.includes("not HTML"))).toBe(true);
  });
});
