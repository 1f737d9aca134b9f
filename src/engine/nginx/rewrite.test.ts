/**
 * The rewrite module's directives (`ngx_http_rewrite_module.c`, release-1.22.1), with the conformance
 * scenario that checks each on nginx 1.22.1 (Debian 12) where there is one.
 */
import { describe, expect, it } from "vitest";
import { parseNginxConfig } from "./configParser.ts";
import { runRewrite, type RewriteState } from "./rewrite.ts";
import type { VariableContext } from "./variables.ts";

function run(text: string, uri: string, headers: { name: string; value: string }[] = []) {
  const state: RewriteState = { uri, args: "a=1", uriChanged: false, validLocation: true, validUnparsedUri: true, internal: false, captures: [], set: new Map(), ifBlock: null };
  const ctx = (): VariableContext => ({
    method: "GET", requestUri: uri, uri: state.uri, args: state.args, protocol: "HTTP/1.1", headers, host: "pub.example", serverName: "s",
    tls: false, local: { host: "127.0.0.1", port: 1 }, remoteAddr: "127.0.0.9", realipRemoteAddr: "127.0.0.9", captures: state.captures, set: state.set,
  });
  const out = runRewrite(parseNginxConfig(text, "p").nodes, state, ctx, []);
  return { out, state };
}

describe("rewrite module", () => {
  it("return 301 /path gives a relative Location, made absolute later [ngx-own-return-301]", () => {
    expect(run("return 301 /elsewhere;", "/ret").out).toMatchObject({ kind: "return", status: 301, location: "/elsewhere" });
  });

  it("return with a URL alone is a 302", () => {
    expect(run("return https://other.example/x;", "/").out).toMatchObject({ kind: "return", status: 302, location: "https://other.example/x" });
  });

  it("return 200 text evaluates variables [ngx-own-return-text]", () => {
    expect(run('return 200 "hello $host";', "/").out).toMatchObject({ status: 200, text: "hello pub.example" });
  });

  it("rewrite … last changes the URI and asks for a new location [ngx-pp-rewrite-last]", () => {
    const r = run("rewrite ^/last/(.*)$ /one/$1 last;", "/last/x");
    expect([r.out.kind, r.state.uri, r.state.args, r.state.uriChanged]).toEqual(["last", "/one/x", "a=1", true]);
  });

  it("rewrite … break keeps the location and marks it no longer valid [ngx-pp-rewrite-break]", () => {
    const r = run("rewrite ^/rw/(.*)$ /new/$1 break;", "/rw/a");
    expect([r.out.kind, r.state.uri, r.state.validLocation, r.state.internal]).toEqual(["break", "/new/a", false, true]);
  });

  it("rewrite … permanent answers 301 with the old args appended", () => {
    expect(run("rewrite ^/old$ /new permanent;", "/old").out).toMatchObject({ status: 301, location: "/new?a=1" });
  });

  it("if with a regex capture [ngx-if-regex-capture]", () => {
    expect(run("if ($uri ~ ^/old/(.*)$) { return 301 /new/$1; }", "/old/page").out).toMatchObject({ status: 301, location: "/new/page" });
  });

  it("if ($http_x_debug) is true only when the header is there [ngx-if-true-return, ngx-if-false-proxy]", () => {
    expect(run("if ($http_x_debug) { return 403; }", "/", [{ name: "X-Debug", value: "1" }]).out).toMatchObject({ status: 403 });
    expect(run("if ($http_x_debug) { return 403; }", "/").out).toEqual({ kind: "next" });
  });

  it("file tests are false: the model's document root holds no files", () => {
    expect(run("if (-f $request_filename) { return 200 x; }", "/").out).toEqual({ kind: "next" });
    expect(run("if (!-e $request_filename) { return 404; }", "/").out).toMatchObject({ status: 404 });
  });
});
