import { describe, expect, it } from "vitest";
import {
  parseTrustedProxies,
  parseTrustedProxyHeaders,
  processProxyHeaders,
  readTrustSettings,
  splitForwardedFor,
  writeTrustSettings,
  type TrustConfig,
} from "./trustedProxies.ts";
import { directive } from "../testing/builders.ts";
import { http2env } from "./http2env.ts";

describe("X-Forwarded-For element splitting", () => {
  it.each([
    ["trailing comma makes no element", "a,", "4.9", ["a"]],
    ["trailing comma and space", "a, ", "4.9", ["a"]],
    ["leading comma: empty element in 4.9", ",a", "4.9", ["", "a"]],
    ["middle empty element in 4.9", "a,,b", "4.9", ["a", "", "b"]],
    ["comma space comma tail in 4.9", "a, ,", "4.9", ["a", ""]],
    ["6.0 drops empty elements", "a,, ,b", "6.0", ["a", "b"]],
    ["inner whitespace kept", " 1.2.3.4  ,5.6.7.8", "4.9", ["1.2.3.4", "5.6.7.8"]],
    ["tab trimmed", "203.0.113.5 ,\t127.0.0.3", "4.9", ["203.0.113.5", "127.0.0.3"]],
  ] as const)("%s", (_name, value, version, items) => {
    expect(splitForwardedFor(value, version)).toEqual(items);
  });
});

describe("WSGITrustedProxyHeaders names", () => {
  it.each([
    ["X-Forwarded-For", "HTTP_X_FORWARDED_FOR"],
    ["x-FORWARDED-proto", "HTTP_X_FORWARDED_PROTO"],
    ["X-Custom--Dash", "HTTP_X_CUSTOM__DASH"],
    ["X_Forwarded_For", null],
    ["X.Forwarded.For", null],
    ["", "HTTP_"],
  ])("%s → %s", (name, key) => {
    expect(http2env(name)).toBe(key);
    // A second reading answers from the kept table, the same.
    expect(http2env(name)).toBe(key);
  });

  it("answers the same for a long name, which is not kept, and after the table is emptied", () => {
    const long = `X-${"a".repeat(100)}`;
    expect(http2env(long)).toBe(`HTTP_X_${"A".repeat(100)}`);
    for (let i = 0; i < 600; i++) http2env(`X-Name-${i}`);
    expect(http2env("X-Forwarded-For")).toBe("HTTP_X_FORWARDED_FOR");
    expect(http2env("X_Forwarded_For")).toBeNull();
  });

  it("flags a name with _ as an error: it crashes the worker (X01)", () => {
    const r = parseTrustedProxyHeaders(directive("WSGITrustedProxyHeaders X_Forwarded_For"), "backend.config");
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.column])).toEqual([["error", "trusted-proxy-headers-invalid-name", 25]]);
  });

  it("accepts and ignores unknown names with a warning (C54)", () => {
    const r = parseTrustedProxyHeaders(directive("WSGITrustedProxyHeaders Forwarded X-Forwarded-Prefix"), "backend.config");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["trusted-proxy-headers-unknown", "trusted-proxy-headers-unknown"]);
  });

  it("warns when two headers of one group are configured", () => {
    const r = parseTrustedProxyHeaders(directive("WSGITrustedProxyHeaders X-Forwarded-For X-Real-IP"), "backend.config");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["trusted-proxy-headers-same-group"]);
  });
});

describe("WSGITrustedProxies diagnostics", () => {
  it("gives mod_wsgi's own message at the token for /0", () => {
    const r = parseTrustedProxies(directive("WSGITrustedProxies 127.0.0.1 0.0.0.0/0"), "backend.config");
    expect(r.diagnostics[0]).toMatchObject({
      severity: "error",
      code: "trusted-proxies-bad-mask",
      line: 1,
      column: 30,
      message: expect.stringContaining('Unable to parse trusted proxy IP address/subnet of "0.0.0.0/0". The specified network mask is invalid.'),
    });
    expect(r.proxies.map((p) => p.subnet.text)).toEqual(["127.0.0.1/32"]);
  });

  it("warns about trusting every IPv4 address", () => {
    const r = parseTrustedProxies(directive("WSGITrustedProxies 0.0.0.0/0.0.0.0"), "backend.config");
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([["warning", "trusted-proxies-everyone"]]);
  });

  it("warns about a public range", () => {
    const r = parseTrustedProxies(directive("WSGITrustedProxies 8.8.8.0/24"), "backend.config");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["trusted-proxies-public-range"]);
  });

  it("does not warn about private, loopback or documentation ranges", () => {
    const r = parseTrustedProxies(directive("WSGITrustedProxies 10.0.0.0/8 127.0.0.1 192.168.1.0/24 fd00::/8 ::1"), "backend.config");
    expect(r.diagnostics).toEqual([]);
  });
});

describe("processProxyHeaders", () => {
  const trust = (headers: string, proxies?: string): TrustConfig => ({
    headers: parseTrustedProxyHeaders(directive(`WSGITrustedProxyHeaders ${headers}`), "b").headers,
    proxies: proxies === undefined ? null : parseTrustedProxies(directive(`WSGITrustedProxies ${proxies}`), "b").proxies,
  });

  it("does not mutate its input", () => {
    const env = { REMOTE_ADDR: "127.0.0.2", HTTP_X_FORWARDED_FOR: "203.0.113.7" };
    const copy = { ...env };
    processProxyHeaders(env, trust("X-Forwarded-For"), "4.9");
    expect(env).toEqual(copy);
  });

  it("4.9 keeps X-Forwarded-Port from an untrusted peer; 6.0 removes it (C62)", () => {
    const env = { REMOTE_ADDR: "127.0.0.2", HTTP_X_FORWARDED_PORT: "99" };
    const t = trust("X-Forwarded-For X-Forwarded-Port", "127.0.0.4");
    expect(processProxyHeaders(env, t, "4.9").env.HTTP_X_FORWARDED_PORT).toBe("99");
    expect(processProxyHeaders(env, t, "6.0").env.HTTP_X_FORWARDED_PORT).toBeUndefined();
  });
});

describe("readTrustSettings / writeTrustSettings", () => {
  const config = "WSGIScriptAlias / /srv/app/wsgi.py\n  WSGITrustedProxies 127.0.0.1 \\\n    10.0.0.0/8\nWSGITrustedProxyHeaders X-Forwarded-For\n";

  it("reads directives, continuation lines included", () => {
    expect(readTrustSettings(config)).toEqual({ proxies: ["127.0.0.1", "10.0.0.0/8"], headers: ["X-Forwarded-For"] });
  });

  it("reports absent directives as null and an argument-less one as []", () => {
    expect(readTrustSettings("WSGITrustedProxies\n")).toEqual({ proxies: [], headers: null });
  });

  it("rewrites in place, keeping indentation and other lines", () => {
    const out = writeTrustSettings(config, { proxies: ["192.0.2.10"] });
    expect(out).toBe("WSGIScriptAlias / /srv/app/wsgi.py\n  WSGITrustedProxies 192.0.2.10\nWSGITrustedProxyHeaders X-Forwarded-For\n");
  });

  it("appends a missing directive and removes one set to null", () => {
    const out = writeTrustSettings("WSGIScriptAlias / /x.py\nWSGITrustedProxies 127.0.0.1\n", { proxies: null, headers: ["X-Forwarded-Proto"] });
    expect(out).toBe("WSGIScriptAlias / /x.py\nWSGITrustedProxyHeaders X-Forwarded-Proto\n");
  });

  it("round-trips what it reads", () => {
    const settings = readTrustSettings(config);
    expect(readTrustSettings(writeTrustSettings(config, settings))).toEqual(settings);
  });
});
