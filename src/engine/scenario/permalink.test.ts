import { describe, expect, it } from "vitest";
import { deflateSync, strToU8 } from "fflate";
import fc from "fast-check";
import type { Scenario } from "../types.ts";
import { ENGINE_VERSION } from "../version.ts";
import { decodePermalink, encodePermalink, MAX_PERMALINK_JSON_BYTES, PERMALINK_PATTERN } from "./permalink.ts";
import { PERMALINK_DICTIONARY_V2 } from "./permalinkDictionary.ts";

// RFC 5737 documentation addresses for the client, RFC 1918 for the back end.
const scenario: Scenario = {
  version: 1,
  modwsgi: "4.9",
  client: { address: "203.0.113.7", tls: true, request: "GET /static HTTP/1.1\nHost: www.example.com\n" },
  proxies: [
    {
      server: "apache",
      listen: "192.0.2.10:80",
      address: "192.0.2.10",
      config: "ServerName www.example.com\nProxyPass / http://10.0.0.5:8000/\nProxyPassReverse / http://10.0.0.5:8000/\n",
    },
  ],
  backend: {
    server: "apache",
    listen: "10.0.0.5:8000",
    address: "10.0.0.5",
    config: "WSGIScriptAlias / /srv/app/wsgi.py\nWSGITrustedProxies 192.0.2.10\n",
    directories: ["/static"],
  },
};

/** A v1 link (no dictionary, no versions) whose payload is `text`, deflated as the v1 encoder did. */
const linkOf = (text: string) => encodeRaw(deflateSync(strToU8(text), { level: 9 }));
const encodeRaw = (bytes: Uint8Array) => "v1." + Buffer.from(bytes).toString("base64url");
/** A v2 link naming `format` and `engine` whose payload is `text`, deflated against the v2 dictionary. */
const v2LinkOf = (text: string, format = 1, engine = "0.1.0") =>
  `v2.f${format}.e${engine}.` +
  Buffer.from(deflateSync(strToU8(text), { level: 9, dictionary: strToU8(PERMALINK_DICTIONARY_V2) })).toString("base64url");
const codeOf = (fragment: string) => decodePermalink(fragment).diagnostics.map((d) => d.code);

describe("encodePermalink", () => {
  it("names the permalink format, the scenario format and the engine, then base64url data", () => {
    expect(encodePermalink(scenario)).toMatch(/^v2\.f1\.e0\.1\.0\.[A-Za-z0-9_-]+$/);
    expect(encodePermalink(scenario).startsWith(`v2.f1.e${ENGINE_VERSION}.`)).toBe(true);
    expect(encodePermalink(scenario)).toMatch(PERMALINK_PATTERN);
    expect(encodePermalink(scenario, "1.2.3-rc.1")).toMatch(/^v2\.f1\.e1\.2\.3-rc\.1\.[A-Za-z0-9_-]+$/);
  });

  it("writes an engine version with unsafe characters so that the link still reads", () => {
    const link = encodePermalink(scenario, "1.0 <b>#x");
    expect(link).toMatch(PERMALINK_PATTERN);
    expect(decodePermalink(link).origin?.engine).toBe("1.0--b--x");
  });

  it("is deterministic, whatever order the keys were written in", () => {
    const reordered = JSON.parse(
      JSON.stringify({ backend: scenario.backend, proxies: scenario.proxies, client: scenario.client, modwsgi: "4.9", version: 1 }),
    ) as Scenario;
    expect(encodePermalink(reordered)).toBe(encodePermalink(scenario));
    expect(encodePermalink(scenario)).toBe(encodePermalink(structuredClone(scenario)));
  });

  it("keeps a golden link byte-stable", () => {
    const tiny: Scenario = {
      version: 1,
      client: { address: "203.0.113.7", request: "GET / HTTP/1.1\nHost: a\n" },
      proxies: [],
      backend: { server: "apache", listen: "10.0.0.5:80", address: "10.0.0.5", config: "" },
    };
    expect(encodePermalink(tiny)).toBe(encodePermalink(decodePermalink(encodePermalink(tiny)).scenario!));
    expect(encodePermalink(tiny)).toMatchInlineSnapshot(`"v2.f1.e0.1.0.wxE5UFtMcdoClcdhB_YQNzIwBrnc0FjPnIjATwQGN9AgRJCiOhwA"`);
  });

  it("does not write undefined fields", () => {
    const withUndefined = { ...scenario, modwsgi: undefined } as unknown as Scenario;
    const { scenario: back } = decodePermalink(encodePermalink(withUndefined));
    expect(back).not.toHaveProperty("modwsgi");
  });
});

describe("decodePermalink round trip", () => {
  it("gives back the scenario, and says what made the link", () => {
    expect(decodePermalink(encodePermalink(scenario))).toEqual({
      scenario,
      diagnostics: [],
      origin: { link: 2, format: 1, engine: ENGINE_VERSION, migrations: [] },
    });
  });

  it("reads the engine version a link names, dots and all", () => {
    expect(decodePermalink(encodePermalink(scenario, "0.0.9")).origin).toEqual({ link: 2, format: 1, engine: "0.0.9", migrations: [] });
    expect(decodePermalink(encodePermalink(scenario, "12.4.0-beta.2")).origin?.engine).toBe("12.4.0-beta.2");
  });

  it("reads v1 links (no dictionary, no versions) as made by engine 0.1.0", () => {
    const { scenario: back, origin } = decodePermalink(linkOf(JSON.stringify(scenario)));
    expect(back).toEqual(scenario);
    expect(origin).toEqual({ link: 1, format: 1, engine: "0.1.0", migrations: [] });
  });

  it("keeps the reference-sized scenario's link short (the dictionary at work)", () => {
    expect(encodePermalink(scenario).length).toBeLessThan(200);
    expect(linkOf(JSON.stringify(scenario)).length).toBeGreaterThan(300);
  });

  it("opens a scenario the engine finds fault with, exactly as encoded, with the engine's diagnostics", () => {
    const faulty = { ...scenario, modwsgi: "7.0", backend: { ...scenario.backend, listen: "no port here" } };
    const { scenario: back, diagnostics } = decodePermalink(encodePermalink(faulty as unknown as Scenario));
    expect(back).toEqual(faulty);
    expect(diagnostics.some((d) => d.severity === "error")).toBe(true);
  });

  it("accepts the leading # of location.hash", () => {
    expect(decodePermalink("#" + encodePermalink(scenario)).scenario).toEqual(scenario);
  });

  it("keeps non-ASCII text, CRLF and long headers", () => {
    const request = "GET /caf\u00e9 HTTP/1.1\r\nHost: \u2192.example\r\nX-Long: " + "a".repeat(100_000) + "\r\n";
    const big = { ...scenario, client: { ...scenario.client, request } };
    expect(decodePermalink(encodePermalink(big)).scenario).toEqual(big);
  });

  it("round-trips any request text and addresses", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.ipV4(), fc.boolean(), (request, address, tls) => {
        const s = { ...scenario, client: { address, tls, request } };
        expect(decodePermalink(encodePermalink(s)).scenario).toEqual(s);
      }),
    );
  });
});

describe("decodePermalink on garbage never throws and says why", () => {
  it.each([
    ["empty fragment", "", "permalink-unknown-version"],
    ["no prefix", "hello", "permalink-unknown-version"],
    ["future permalink format", "v3.f1.e0.1.0.abc", "permalink-unknown-version"],
    ["v2 without versions", "v2.abc", "permalink-bad-envelope"],
    ["v2 without the engine", "v2.f1.abc", "permalink-bad-envelope"],
    ["v2 engine with a bad character", "v2.f1.e0.1<0.abc", "permalink-bad-envelope"],
    ["v2 newer scenario format", "v2.f2.e9.0.0.abc", "permalink-unknown-version"],
    ["v2 bad base64 characters", "v2.f1.e0.1.0.abc$def", "permalink-bad-base64"],
    ["v2 empty payload", "v2.f1.e0.1.0.", "permalink-bad-deflate"],
    ["v2 truncated link", encodePermalink(scenario).slice(0, 40), "permalink-bad-deflate"],
    ["bad base64 characters", "v1.abc$def", "permalink-bad-base64"],
    ["impossible base64 length", "v1.abcde", "permalink-bad-base64"],
    ["not deflate data", "v1.garbage", "permalink-bad-deflate"],
    ["empty payload", "v1.", "permalink-bad-deflate"],
    ["link cut in the middle of a base64 quantum", encodePermalink(scenario).slice(0, "v2.f1.e0.1.0.".length + 4 * 7 + 1), "permalink-bad-base64"],
    ["v1 truncated link", linkOf(JSON.stringify(scenario)).slice(0, 43), "permalink-bad-deflate"],
  ])("%s", (_name, fragment, code) => {
    expect(codeOf(fragment)).toEqual([code]);
    expect(decodePermalink(fragment).scenario).toBeNull();
  });

  it.each([
    ["not JSON", "{version: 1,", "permalink-bad-json"],
    ["JSON but not an object", "[1,2]", "permalink-not-a-scenario"],
    ["a scenario format newer than this engine's", '{"version":2}', "permalink-unknown-version"],
    ["a scenario format that is no format", '{"version":0}', "permalink-not-a-scenario"],
    ["no scenario format", '{"client":{}}', "permalink-not-a-scenario"],
    ["no client", '{"version":1,"proxies":[],"backend":{}}', "permalink-not-a-scenario"],
    [
      "a proxy without config",
      '{"version":1,"client":{"address":"a","request":"GET /"},"proxies":[{"server":"apache","listen":"x","address":"y"}],"backend":{"server":"apache","listen":"x","address":"y","config":""}}',
      "permalink-not-a-scenario",
    ],
  ])("%s", (_name, json, code) => {
    const { scenario: s, diagnostics } = decodePermalink(linkOf(json));
    expect(s).toBeNull();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: "error", code, source: "scenario", line: 1, column: 1 });
    expect(diagnostics[0]!.message.length).toBeGreaterThan(20);
  });

  it.each([
    ["a format the link does not name", v2LinkOf(JSON.stringify({ ...scenario, version: 3 })), "permalink-format-mismatch"],
    ["invalid UTF-8", "v2.f1.e0.1.0." + Buffer.from(deflateSync(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), { level: 9, dictionary: strToU8(PERMALINK_DICTIONARY_V2) })).toString("base64url"), "permalink-bad-json"],
    ["v2 not JSON", v2LinkOf("<script>alert(1)</script>"), "permalink-bad-json"],
  ])("%s", (_name, fragment, code) => {
    expect(codeOf(fragment)).toEqual([code]);
  });

  it("names the field that is wrong", () => {
    const json = '{"version":1,"client":{"address":"a","request":"GET /"},"proxies":[{"server":"apache","listen":"x","address":"y"}],"backend":{}}';
    expect(decodePermalink(linkOf(json)).diagnostics[0]!.message).toContain('"proxies[0].config"');
  });

  it("refuses a deflate bomb without inflating it all", { timeout: 60_000 }, () => {
    // 64 MiB of spaces compresses to about 64 KiB.
    const bomb = deflateSync(new Uint8Array(64 * 1024 * 1024).fill(32), { level: 9 });
    expect(bomb.length).toBeLessThan(200_000);
    expect(codeOf(encodeRaw(bomb))).toEqual(["permalink-too-large"]);
  });

  it("accepts a payload just under the cap", () => {
    const padding = "a".repeat(MAX_PERMALINK_JSON_BYTES - 1000);
    const s = { ...scenario, client: { ...scenario.client, request: padding } };
    expect(decodePermalink(encodePermalink(s)).scenario).toEqual(s);
  });

  it("survives random strings", () => {
    fc.assert(
      fc.property(fc.string(), (tail) => {
        for (const prefix of ["v1.", "v2.", "v2.f1.e0.1.0.", "v2.f"]) {
          const result = decodePermalink(prefix + tail);
          expect(result.scenario === null || typeof result.scenario === "object").toBe(true);
        }
      }),
    );
  });
});
