import { describe, expect, it } from "vitest";
import { Playground } from "./Playground.svelte.ts";
import { referenceExample } from "./referenceExample.ts";
import { environRows } from "./results.ts";
import { listsHeader, parseProxyList, toggleHeader, trustDirectiveLines, unknownHeaders } from "./trust.ts";

const remoteAddr = (pg: Playground) => pg.shown.result.environ?.REMOTE_ADDR;

describe("Playground", () => {
  it("starts on the reference example, whose client address mod_wsgi restores", () => {
    const pg = new Playground();
    expect(pg.scenario).toEqual(referenceExample());
    expect(pg.edits).toBe(0);
    expect(remoteAddr(pg)).toBe("127.0.0.9");
  });

  it("writes the trust list into the back-end config and reads it back", () => {
    const pg = new Playground();
    pg.setTrustedProxiesText("10.0.0.0/8\n  192.0.2.10 ");
    expect(pg.scenario.backend.config).toContain("WSGITrustedProxies 10.0.0.0/8 192.0.2.10\n");
    expect(pg.trust.proxies).toEqual(["10.0.0.0/8", "192.0.2.10"]);
    expect(remoteAddr(pg)).toBe("127.0.0.1");
    expect(pg.edits).toBe(1);
  });

  it("keeps showing the last result without errors, marked stale, while the config has an error", () => {
    const pg = new Playground();
    expect(pg.shown.stale).toBe(false);
    pg.setTrustedProxiesText("0.0.0.0/0");
    expect(pg.result.diagnostics.some((d) => d.severity === "error" && d.source === "backend.config")).toBe(true);
    expect(pg.shown.stale).toBe(true);
    expect(remoteAddr(pg)).toBe("127.0.0.9");
    pg.setTrustedProxiesText("127.0.0.1");
    expect(pg.shown.stale).toBe(false);
  });

  it("forgets the last good result when another scenario is loaded", () => {
    const pg = new Playground();
    void pg.shown;
    const broken = referenceExample();
    broken.backend.config = "WSGITrustedProxies 0.0.0.0/0\nWSGITrustedProxyHeaders X-Forwarded-For\n";
    pg.load(broken);
    expect(pg.shown.stale).toBe(false);
    expect(pg.edits).toBe(0);
  });

  it("drops a broken link's diagnostics at the reader's first edit", () => {
    const pg = new Playground();
    pg.load(referenceExample(), [{ severity: "error", code: "permalink-bad-deflate", source: "link", line: 1, column: 1, message: "m" }]);
    expect(pg.diagnostics[0]?.source).toBe("link");
    pg.setClientAddress("127.0.0.10");
    expect(pg.diagnostics.filter((d) => d.source === "link")).toEqual([]);
  });

  it("adds a front end nearest the client that forwards to the previous first hop", () => {
    const pg = new Playground();
    pg.addProxy("nginx");
    expect(pg.scenario.proxies).toHaveLength(2);
    expect(pg.scenario.proxies[0]!.config).toContain("proxy_pass http://127.0.0.1:80;");
    pg.removeProxy(0);
    expect(pg.scenario.proxies).toEqual(referenceExample().proxies);
  });

  it("edits and removes backend.directories", () => {
    const pg = new Playground();
    pg.setDirectoriesText(" /static  /media ");
    expect(pg.scenario.backend.directories).toEqual(["/static", "/media"]);
    pg.setDirectoriesText("");
    expect(pg.scenario.backend).not.toHaveProperty("directories");
  });
});

describe("trust editor helpers", () => {
  it.each([
    ["switching a header on appends it (listed last wins)", ["X-Forwarded-For"], "X-Real-IP", true, ["X-Forwarded-For", "X-Real-IP"]],
    ["switching off removes every spelling", ["x-real-ip", "X-Forwarded-For", "X-REAL-IP"], "X-Real-IP", false, ["X-Forwarded-For"]],
    ["the last header off removes the directive", ["X-Forwarded-For"], "X-Forwarded-For", false, null],
    ["unknown names keep their place", ["Forwarded", "X-Forwarded-For"], "X-Forwarded-Proto", true, ["Forwarded", "X-Forwarded-For", "X-Forwarded-Proto"]],
  ])("%s", (_name, list, header, on, expected) => {
    expect(toggleHeader(list, header, on)).toEqual(expected);
  });

  it("compares header names case-insensitively and finds unknown ones", () => {
    expect(listsHeader(["x-forwarded-for"], "X-Forwarded-For")).toBe(true);
    expect(listsHeader(null, "X-Forwarded-For")).toBe(false);
    expect(unknownHeaders(["Forwarded", "x-host", "X-Bogus"])).toEqual(["Forwarded", "X-Bogus"]);
  });

  it("splits the trust list on any whitespace, not on commas (Apache does not)", () => {
    expect(parseProxyList(" 10.0.0.1\n\n10.0.0.2  10.0.0.3,10.0.0.4 ")).toEqual(["10.0.0.1", "10.0.0.2", "10.0.0.3,10.0.0.4"]);
  });

  it("finds the lines of the trust directives", () => {
    const config = referenceExample().backend.config;
    expect(trustDirectiveLines(config, "proxies")).toEqual([2]);
    expect(trustDirectiveLines(config, "headers")).toEqual([3]);
  });
});

describe("environRows", () => {
  it("puts pinned keys first and marks what proxy processing changed", () => {
    const pg = new Playground();
    const rows = environRows(pg.result, { pinned: ["REMOTE_ADDR", "HTTP_HOST"] });
    expect(rows.slice(0, 2).map((row) => row.key)).toEqual(["REMOTE_ADDR", "HTTP_HOST"]);
    expect(rows[0]).toMatchObject({ value: "127.0.0.9", changed: true, before: "127.0.0.1" });
    const rest = rows.slice(2).map((row) => row.key);
    expect(rest).toEqual([...rest].sort());
  });
});
