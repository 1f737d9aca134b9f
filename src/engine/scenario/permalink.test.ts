import { describe, expect, it } from "vitest";
import { deflateSync, strToU8 } from "fflate";
import fc from "fast-check";
import type { Scenario } from "../types.ts";
import { decodePermalink, encodePermalink, MAX_PERMALINK_JSON_BYTES } from "./permalink.ts";

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

/** A link whose payload is `bytes`, deflated as a real link would be. */
const linkOf = (text: string) => encodeRaw(deflateSync(strToU8(text), { level: 9 }));
const encodeRaw = (bytes: Uint8Array) => "v1." + Buffer.from(bytes).toString("base64url");
const codeOf = (fragment: string) => decodePermalink(fragment).diagnostics.map((d) => d.code);

describe("encodePermalink", () => {
  it("starts with the format prefix and uses only base64url characters", () => {
    expect(encodePermalink(scenario)).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
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
    expect(encodePermalink(tiny)).toMatchInlineSnapshot(`"v1.VY7BCsIwDIZfZeQ8utYhSu_ijh56cx5qG7U42tlUEcbe3ezmyCV8yfcnE1yte2L0oCew3mckAg1KiqW2UINL8RbuzLgfAhWMf3O9l4wJ8wczYzta90CY2RoCxrIO3ciWHaVasWMp4-uNxCtwPJiqqTpjTo0Sqo9doqIr28claMzpG5D186UGvkIh8QNq_gE"`);
  });

  it("does not write undefined fields", () => {
    const withUndefined = { ...scenario, modwsgi: undefined } as unknown as Scenario;
    const { scenario: back } = decodePermalink(encodePermalink(withUndefined));
    expect(back).not.toHaveProperty("modwsgi");
  });
});

describe("decodePermalink round trip", () => {
  it("gives back the scenario", () => {
    expect(decodePermalink(encodePermalink(scenario))).toEqual({ scenario, diagnostics: [] });
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
    ["future version", "v2.abc", "permalink-unknown-version"],
    ["bad base64 characters", "v1.abc$def", "permalink-bad-base64"],
    ["impossible base64 length", "v1.abcde", "permalink-bad-base64"],
    ["not deflate data", "v1.garbage", "permalink-bad-deflate"],
    ["empty payload", "v1.", "permalink-bad-deflate"],
    ["truncated link", encodePermalink(scenario).slice(0, 43), "permalink-bad-deflate"],
    ["link cut in the middle of a base64 quantum", encodePermalink(scenario).slice(0, 40), "permalink-bad-base64"],
  ])("%s", (_name, fragment, code) => {
    expect(codeOf(fragment)).toEqual([code]);
    expect(decodePermalink(fragment).scenario).toBeNull();
  });

  it.each([
    ["not JSON", "{version: 1,", "permalink-bad-json"],
    ["JSON but not an object", "[1,2]", "permalink-not-a-scenario"],
    ["wrong scenario version", '{"version":2}', "permalink-not-a-scenario"],
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
        const result = decodePermalink("v1." + tail);
        expect(result.scenario === null || typeof result.scenario === "object").toBe(true);
      }),
    );
  });
});
