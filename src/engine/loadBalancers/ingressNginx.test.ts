/**
 * ingress-nginx controller-v1.15.1 rows. [ING-CM] docs/user-guide/nginx-configuration/configmap.md;
 * [ING-AN] docs/user-guide/nginx-configuration/annotations.md; [ING-TPL] rootfs/etc/nginx/template/nginx.tmpl,
 * internal/ingress/controller/template/template.go (buildProxyPass) and rootfs/etc/nginx/lua/lua_ingress.lua,
 * read where the docs are silent. Not run on a real controller.
 */
import { describe, expect, it } from "vitest";
import { runPreset } from "./presetTesting.ts";

const GET = (...headers: string[]) => ["GET /app/page?x=1 HTTP/1.1", "Host: www.example.com", ...headers];
const A = "nginx.ingress.kubernetes.io/";

describe("ingress-nginx: forwarded headers ([ING-CM], [ING-TPL])", () => {
  it("[ING-TPL] defaults: X-Forwarded-For is replaced by the peer; the client's value moves to X-Original-Forwarded-For (proxies-and-frameworks.md §12 example 47)", () => {
    const r = runPreset("ingress-nginx", "", GET("X-Forwarded-For: 1.1.1.1"));
    expect(r.header("X-Forwarded-For")).toBe("203.0.113.7");
    expect(r.header("X-Original-Forwarded-For")).toBe("1.1.1.1");
    expect(r.header("X-Real-IP")).toBe("203.0.113.7");
    expect(r.header("X-Forwarded-Host")).toBe("www.example.com");
    expect(r.header("X-Forwarded-Port")).toBe("80");
    expect(r.header("X-Forwarded-Proto")).toBe("http");
    expect(r.header("X-Forwarded-Scheme")).toBe("http");
    expect(r.header("X-Scheme")).toBe("http");
    expect(r.header("X-Request-ID")).toMatch(/^[0-9a-f]{32}$/);
    expect(r.header("Proxy")).toBeNull();
    expect(r.header("Connection")).toBeNull();
    expect(r.requestLine).toBe("GET /app/page?x=1 HTTP/1.1");
  });

  it.each([
    ["[ING-CM] use-forwarded-headers with the default proxy-real-ip-cidr 0.0.0.0/0: $remote_addr is the leftmost entry", 'use-forwarded-headers: "true"', "X-Forwarded-For: 1.1.1.1, 2.2.2.2", "1.1.1.1", "1.1.1.1"],
    ["[ING-CM] proxy-real-ip-cidr limits trust: the walk stops at the first untrusted address", 'use-forwarded-headers: "true"\nproxy-real-ip-cidr: 203.0.113.0/24', "X-Forwarded-For: 1.1.1.1, 2.2.2.2", "2.2.2.2", "2.2.2.2"],
    ["[ING-CM] compute-full-forwarded-for appends the peer to the client's value", 'use-forwarded-headers: "true"\ncompute-full-forwarded-for: "true"', "X-Forwarded-For: 1.1.1.1", "1.1.1.1, 203.0.113.7", "1.1.1.1"],
    ["[ING-TPL] compute-full-forwarded-for alone has no effect (the template needs use-forwarded-headers too)", 'compute-full-forwarded-for: "true"', "X-Forwarded-For: 1.1.1.1", "203.0.113.7", "203.0.113.7"],
  ])("%s", (_name, config, xff, sent, realIp) => {
    const r = runPreset("ingress-nginx", config, GET(xff));
    expect(r.header("X-Forwarded-For")).toBe(sent);
    expect(r.header("X-Real-IP")).toBe(realIp);
  });

  it("[ING-TPL] use-forwarded-headers passes the client's X-Forwarded-Proto/-Port whole and the first X-Forwarded-Host item; Host becomes that item", () => {
    const r = runPreset("ingress-nginx", 'use-forwarded-headers: "true"', GET("X-Forwarded-Proto: https", "X-Forwarded-Port: 443", "X-Forwarded-Host: a.example, b.example"));
    expect(r.header("X-Forwarded-Proto")).toBe("https");
    expect(r.header("X-Forwarded-Port")).toBe("443");
    expect(r.header("X-Forwarded-Host")).toBe("a.example");
    expect(r.header("Host")).toBe("a.example");
  });

  it("[ING-CM] header names with underscores are dropped (enable-underscores-in-headers false)", () => {
    expect(runPreset("ingress-nginx", "", GET("X_Forwarded_For: 6.6.6.6")).header("X_Forwarded_For")).toBeNull();
    expect(runPreset("ingress-nginx", 'enable-underscores-in-headers: "true"', GET("X_Forwarded_For: 6.6.6.6")).header("X_Forwarded_For")).toBe("6.6.6.6");
  });
});

describe("ingress-nginx: paths, prefix and Location ([ING-AN], [ING-TPL])", () => {
  it.each([
    ["Prefix /app takes /app/page", "path: /app", "/app/page", 200],
    ["Prefix /app does not take /apple (whole segments)", "path: /app", "/apple", 404],
    ["Exact /app takes only /app", "path: /app\npathType: Exact", "/app/page", 404],
  ])("[ING-AN] %s", (_name, config, target, status) => {
    expect(runPreset("ingress-nginx", config, [`GET ${target} HTTP/1.1`, "Host: www.example.com"]).result.response.status).toBe(status);
  });

  it("[ING-AN]/[ING-TPL] rewrite-target with capture groups replaces the whole URI; x-forwarded-prefix is sent with it", () => {
    const r = runPreset("ingress-nginx", `path: /app(/|$)(.*)\n${A}rewrite-target: /$2\n${A}x-forwarded-prefix: /app`, GET());
    expect(r.requestLine).toBe("GET /page?x=1 HTTP/1.1");
    expect(r.header("X-Forwarded-Prefix")).toBe("/app");
  });

  it("[ING-TPL] x-forwarded-prefix without rewrite-target sends nothing", () => {
    const r = runPreset("ingress-nginx", `path: /app\n${A}x-forwarded-prefix: /app`, GET());
    expect(r.header("X-Forwarded-Prefix")).toBeNull();
    expect(r.result.trace.some((t) => /only in the rewrite branch/.test(t.message))).toBe(true);
  });

  it.each([
    ["[ING-AN] proxy-redirect off by default: an internal Location leaks", "", "http://127.0.0.1:8000/login"],
    ["[ING-AN] proxy-redirect-from/-to rewrite it", `${A}proxy-redirect-from: http://127.0.0.1:8000/\n${A}proxy-redirect-to: https://www.example.com/`, "https://www.example.com/login"],
  ])("%s", (_name, config, location) => {
    const r = runPreset("ingress-nginx", `${config}\n${A}upstream-vhost: 127.0.0.1:8000`, ["GET /account HTTP/1.1", "Host: www.example.com"], { app: { redirect: "/login" } });
    expect(r.result.response.headers.Location).toBe(location);
  });

  it("[ING-CM] an unknown ConfigMap key is a warning: the controller ignores it", () => {
    const r = runPreset("ingress-nginx", 'use-forwarded-header: "true"', GET());
    expect(r.errors).toEqual([]);
    expect(r.warnings[0]).toMatch(/^1:1 .*Did you mean "use-forwarded-headers"/);
  });

  it("a bad boolean is an error at the value", () => {
    const r = runPreset("ingress-nginx", "use-forwarded-headers: yes", GET());
    expect(r.errors[0]).toMatch(/^1:24 use-forwarded-headers takes true or false/);
  });
});
