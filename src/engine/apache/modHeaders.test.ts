/**
 * mod_headers' RequestHeader actions and format strings, and the output filter `Header` adds. Each rule was
 * checked on Apache 2.4.71 (Debian 12) through the conformance corpus (`apache/proxypass` rh-*,
 * `apache/tls` front-*, `apache/head-http10`).
 */
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../types.ts";
import { directive } from "../testing/builders.ts";
import type { HeaderTable } from "../http/headers.ts";
import { applyRequestHeaders, checkHeaderDirectives, expandFormat, fixupEnvironment, insertsOutputFilter, pregsub } from "./modHeaders.ts";
import type { ScopeLayer } from "./server.ts";

function run(headers: HeaderTable, lines: string[], env: Record<string, string> = {}) {
  const diagnostics: Diagnostic[] = [];
  const out = applyRequestHeaders(headers, lines.map(directive), { env }, "proxies[0].config", diagnostics, []);
  return { out, diagnostics };
}
const h = (name: string, value: string) => ({ name, value });

describe("RequestHeader actions", () => {
  it("set replaces every field of the name", () => {
    expect(run([h("X-Forwarded-Proto", "http")], ["RequestHeader set X-Forwarded-Proto https"]).out).toEqual([h("X-Forwarded-Proto", "https")]);
  });

  it("append merges into the first field", () => {
    expect(run([h("X-Forwarded-For", "1.1.1.1")], ["RequestHeader append X-Forwarded-For 10.9.9.9"]).out).toEqual([h("X-Forwarded-For", "1.1.1.1, 10.9.9.9")]);
  });

  it("add makes a second field", () => {
    expect(run([h("X-Forwarded-For", "1.1.1.1")], ["RequestHeader add X-Forwarded-For 10.8.8.8"]).out).toEqual([h("X-Forwarded-For", "1.1.1.1"), h("X-Forwarded-For", "10.8.8.8")]);
  });

  it("merge appends only when the exact token is not in the list", () => {
    expect(run([h("X-Forwarded-Proto", "https")], ["RequestHeader merge X-Forwarded-Proto https"]).out).toEqual([h("X-Forwarded-Proto", "https")]);
    expect(run([h("X-Forwarded-Proto", "http")], ["RequestHeader merge X-Forwarded-Proto https"]).out).toEqual([h("X-Forwarded-Proto", "http, https")]);
    expect(run([h("X-Forwarded-Proto", "http, https")], ["RequestHeader merge X-Forwarded-Proto https"]).out).toEqual([h("X-Forwarded-Proto", "http, https")]);
    // A token keeps the blanks before its comma, so "https " is not "https".
    expect(run([h("X", "https , b")], ["RequestHeader merge X https"]).out).toEqual([h("X", "https , b, https")]);
    expect(run([], ["RequestHeader merge X-Forwarded-Proto https"]).out).toEqual([h("X-Forwarded-Proto", "https")]);
  });

  it("setifempty sets only an absent header: an empty value counts as present", () => {
    expect(run([], ["RequestHeader setifempty X-Forwarded-Proto https"]).out).toEqual([h("X-Forwarded-Proto", "https")]);
    expect(run([h("X-Forwarded-Proto", "")], ["RequestHeader setifempty X-Forwarded-Proto https"]).out).toEqual([h("X-Forwarded-Proto", "")]);
  });

  it("unset removes every field", () => {
    expect(run([h("X-Forwarded-For", "6.6.6.6"), h("Host", "h")], ["RequestHeader unset X-Forwarded-For"]).out).toEqual([h("Host", "h")]);
  });

  it("edit rewrites the first match of every field, edit* every match; edited fields move to the end", () => {
    const { out } = run([h("X-Forwarded-For", "1.2.3.4, 5.6.7.8"), h("Host", "h")], ['RequestHeader edit X-Forwarded-For "^(\\d+\\.\\d+\\.\\d+)\\.\\d+" "$1.0"']);
    expect(out).toEqual([h("Host", "h"), h("X-Forwarded-For", "1.2.3.0, 5.6.7.8")]);
    expect(run([h("X-Forwarded-Host", "evil.example")], ['RequestHeader edit* X-Forwarded-Host "e" "E"']).out).toEqual([h("X-Forwarded-Host", "Evil.ExamplE")]);
    expect(run([], ['RequestHeader edit X "a" "b"']).out).toEqual([]);
  });

  it("env= decides on the request environment", () => {
    expect(run([], ["RequestHeader set X-Forwarded-Proto https env=HTTPS"]).out).toEqual([]);
    expect(run([], ["RequestHeader set X-Forwarded-Proto https env=HTTPS"], { HTTPS: "on" }).out).toEqual([h("X-Forwarded-Proto", "https")]);
    expect(run([], ["RequestHeader set X-Plain 1 env=!HTTPS"]).out).toEqual([h("X-Plain", "1")]);
  });

  it("a line Apache refuses does nothing", () => {
    const { out, diagnostics } = run([], ["RequestHeader set X %q"]);
    expect(out).toEqual([]);
    expect(diagnostics).toEqual([]);
  });
});

describe("format strings", () => {
  it("%{NAME}e is the request environment, (null) when unset (REMOTE_ADDR is not in it at fixup time)", () => {
    expect(expandFormat("%{HTTPS}e|%{REMOTE_ADDR}e", { env: { HTTPS: "on" } }).text).toBe("on|(null)");
  });

  it("%{NAME}s asks mod_ssl: (null) without it, off on plain HTTP, on over TLS", () => {
    expect(expandFormat("%{HTTPS}s", { env: {} }).text).toBe("(null)");
    expect(expandFormat("%{HTTPS}s", { env: {}, ssl: { loaded: true, tls: false, sni: null } }).text).toBe("off");
    expect(expandFormat("%{HTTPS}s %{SSL_TLS_SNI}s", { env: {}, ssl: { loaded: true, tls: true, sni: "www.example.com" } }).text).toBe("on www.example.com");
  });

  it("%% and a trailing % are one %; backslash escapes \\\\, \\r, \\n, \\t outside tags", () => {
    expect(expandFormat("100%% sure %", { env: {} }).text).toBe("100% sure %");
    expect(expandFormat("a\\tb\\\\c\\qd", { env: {} }).text).toBe("a\tb\\c\\qd");
  });

  it("ap_pregsub: $0-$9, and a backslash makes the next character literal", () => {
    const m = /(\d+)\.(\d+)/.exec("x 10.20 y")!;
    expect(pregsub("$2-$1 \\$1 [$0] $9", m)).toBe("20-10 $1 [10.20] ");
  });
});

describe("the request environment at fixup time", () => {
  const layers = (lines: string[]): ScopeLayer[] => [{ kind: "main", label: "server config", directives: lines.map(directive) }];
  it("has mod_ssl's HTTPS and SSL_TLS_SNI on TLS, then SetEnv/UnsetEnv in order", () => {
    const r = fixupEnvironment(layers(["SetEnv A 1", "SetEnv B 2", "UnsetEnv A"]), { loaded: true, tls: true, sni: "www.example.com" });
    expect(r.env).toEqual({ HTTPS: "on", SSL_TLS_SNI: "www.example.com", B: "2" });
  });
  it("has no HTTPS on plain HTTP", () => {
    expect(fixupEnvironment(layers([]), { loaded: true, tls: false, sni: null }).env).toEqual({});
  });
});

describe("Header puts mod_headers' content filter into the output chain", () => {
  it("for any Header directive, always or not; RequestHeader adds none", () => {
    expect(insertsOutputFilter([directive("Header set X-Probe 1")])).toBe(true);
    expect(insertsOutputFilter([directive("Header onsuccess unset X-Probe")])).toBe(true);
    expect(insertsOutputFilter([directive("Header always set X-Probe 1")])).toBe(true);
    expect(insertsOutputFilter([directive("RequestHeader set X-Probe 1")])).toBe(false);
    expect(insertsOutputFilter([])).toBe(false);
  });
});

describe("Header and RequestHeader lines Apache refuses at startup (syntax/mod-headers.json, apache2 -t on 2.4.71)", () => {
  const errors = (line: string) => checkHeaderDirectives([directive(line)], "backend.config").map((d) => d.message);
  it("accepts the documented forms", () => {
    for (const ok of ["Header set X 1", "Header always set X 1", "Header onsuccess unset X", "Header set X 1 early", "Header set X 1 env=HTTPS", "Header unset X env=!HTTPS", "Header echo ^X-", "RequestHeader set X 1 early", "RequestHeader edit X a b", "RequestHeader edit* X a b env=Y", "RequestHeader set X %{HTTPS}s%%"]) {
      expect(errors(ok), ok).toEqual([]);
    }
  });
  it("refuses what Apache refuses, in its words", () => {
    expect(errors("Header early set X 1")).toEqual(["Header: first argument must be 'add', 'set', 'setifempty', 'append', 'merge', 'unset', 'echo', 'note', 'edit', or 'edit*'."]);
    expect(errors("RequestHeader always set X 1")).toEqual(["RequestHeader: first argument must be 'add', 'set', 'setifempty', 'append', 'merge', 'unset', 'echo', 'note', 'edit', or 'edit*'."]);
    expect(errors("RequestHeader set X")).toEqual(["RequestHeader: Header requires three arguments"]);
    expect(errors("RequestHeader set X 1 bogus")).toEqual(["RequestHeader: Unknown parameter: bogus"]);
    expect(errors("RequestHeader set X 1 early extra")).toEqual(["RequestHeader: Too many arguments to directive"]);
    expect(errors("RequestHeader edit X a")).toEqual(["RequestHeader: Header edit requires a match and a substitution"]);
    expect(errors("RequestHeader set X %q")).toEqual(["RequestHeader: Unrecognized header format %q"]);
    expect(errors("RequestHeader echo X")).toEqual(["RequestHeader: Header echo only valid on Header directives"]);
    expect(errors("RequestHeader unset X Y Z")).toEqual(["RequestHeader: header unset takes two arguments"]);
  });
});
