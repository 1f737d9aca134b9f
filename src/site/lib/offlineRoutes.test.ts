import { describe, expect, it } from "vitest";
import { fragmentOf, offlineHref, routeOf, type OfflineRoute } from "./offlineRoutes.ts";

describe("offline routes", () => {
  it("reads pages, sections and the playground from the fragment", () => {
    expect(routeOf("#/docs/diagnostics/")).toEqual({ page: "reference", slug: "diagnostics", anchor: "" });
    expect(routeOf("#/docs/diagnostics/trusted-proxies-bad-address")).toEqual({
      page: "reference",
      slug: "diagnostics",
      anchor: "trusted-proxies-bad-address",
    });
    expect(routeOf("")).toEqual({ page: "playground", permalink: "" });
    expect(routeOf("#/")).toEqual({ page: "playground", permalink: "" });
    expect(routeOf("#v1.q1YqS8wpTVWyUlBKrMrMSy8GAA")).toEqual({ page: "playground", permalink: "v1.q1YqS8wpTVWyUlBKrMrMSy8GAA" });
  });

  it("never takes a permalink or a heading id for a page route", () => {
    for (const fragment of ["v1.abc", "v2.f1.e0.xyz", "the-end-to-end-example", "docs/x/"]) {
      expect(routeOf(fragment).page).toBe("playground");
    }
  });

  it("gives back the route it wrote", () => {
    const routes: OfflineRoute[] = [
      { page: "playground", permalink: "" },
      { page: "playground", permalink: "v1.abc-_" },
      { page: "reference", slug: "running-behind-a-reverse-proxy", anchor: "" },
      { page: "reference", slug: "diagnostics", anchor: "permalink-bad-base64" },
    ];
    for (const route of routes) expect(routeOf(fragmentOf(route))).toEqual(route);
  });

  it("maps the hosted site's links from a page and from the playground", () => {
    const page: OfflineRoute = { page: "reference", slug: "running-behind-a-reverse-proxy", anchor: "" };
    const playground: OfflineRoute = { page: "playground", permalink: "" };
    expect(offlineHref("../../docs/where-docs-and-servers-differ/#mod_proxy_html", page)).toBe("#/docs/where-docs-and-servers-differ/mod_proxy_html");
    expect(offlineHref("../../#v1.abc", page)).toBe("#v1.abc");
    expect(offlineHref("../../", page)).toBe("#/");
    expect(offlineHref("#the-trust-walk", page)).toBe("#/docs/running-behind-a-reverse-proxy/the-trust-walk");
    expect(offlineHref("docs/diagnostics/#nginx-unknown-directive", playground)).toBe("#/docs/diagnostics/nginx-unknown-directive");
    expect(offlineHref("#/docs/diagnostics/x", page)).toBe("#/docs/diagnostics/x");
    expect(offlineHref("https://modwsgi.readthedocs.io/", page)).toBeNull();
    expect(offlineHref("../../assets/other.js", page)).toBeNull();
    expect(offlineHref("http://[bad", page)).toBeNull();
  });
});
