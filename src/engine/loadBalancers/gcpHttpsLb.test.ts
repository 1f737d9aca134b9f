/**
 * Google Cloud external Application Load Balancer rows. [GCP-ALB] Cloud Load Balancing, "External Application
 * Load Balancer overview" (sections "X-Forwarded-For header", "X-Forwarded-Proto header", "Via header", "Host
 * header"); [GCP-HDR] "Create custom headers in backend services"; [GCP-URLMAP] "URL maps overview". Google's
 * documentation is not versioned; no real load balancer checks these rows.
 */
import { describe, expect, it } from "vitest";
import { runPreset } from "./presetTesting.ts";

const GET = (...headers: string[]) => ["GET /a?b=1 HTTP/1.1", "Host: www.example.com", ...headers];

describe("Google Cloud load balancer: X-Forwarded-For ([GCP-ALB])", () => {
  it.each([
    ["no header: <client-ip>,<load-balancer-ip>, a single comma, no space", "", GET(), "203.0.113.7,192.0.2.10"],
    ["existing value kept in front, not verified", "", GET("X-Forwarded-For: 1.1.1.1"), "1.1.1.1,203.0.113.7,192.0.2.10"],
    ["the forwarding rule's IPAddress is the appended load-balancer address", "IPAddress: 198.51.100.20", GET(), "203.0.113.7,198.51.100.20"],
    ["docs silent: two client lines joined with \",\" first (model's choice)", "", GET("X-Forwarded-For: 1.1.1.1", "X-Forwarded-For: 2.2.2.2"), "1.1.1.1,2.2.2.2,203.0.113.7,192.0.2.10"],
  ])("%s", (_name, config, request, xff) => {
    const r = runPreset("gcp-https-lb", config, request);
    expect(r.errors).toEqual([]);
    expect(r.header("X-Forwarded-For")).toBe(xff);
  });

  it("[GCP-ALB] the client is second from the right: mod_wsgi trusting only the load balancer stops at the client", () => {
    const r = runPreset("gcp-https-lb", "", GET("X-Forwarded-For: 6.6.6.6"), { address: "127.0.0.2", backend: "WSGITrustedProxies 127.0.0.2 192.0.2.10\nWSGITrustedProxyHeaders X-Forwarded-For\n" });
    expect(r.result.environ?.REMOTE_ADDR).toBe("203.0.113.7");
  });
});

describe("Google Cloud load balancer: other headers and paths", () => {
  it.each([
    ["[GCP-ALB] X-Forwarded-Proto http", "", false, "X-Forwarded-Proto", "http"],
    ["[GCP-ALB] X-Forwarded-Proto https on an HTTPS target proxy", "protocol: HTTPS", true, "X-Forwarded-Proto", "https"],
    ["[GCP-ALB] Via: 1.1 google on the request", "", false, "Via", "1.1 google"],
    ["[GCP-ALB] Host preserved", "", false, "Host", "www.example.com"],
    ["[GCP-URLMAP] hostRewrite replaces Host", "routeRules.routeAction.urlRewrite.hostRewrite: backend.internal", false, "Host", "backend.internal"],
    ["[GCP-HDR] a custom request header, placeholder as written", "backendService.customRequestHeaders: X-Client-Geo: {client_region}", false, "X-Client-Geo", "{client_region}"],
  ])("%s", (_name, config, tls, name, value) => {
    const r = runPreset("gcp-https-lb", config, GET(), { tls, listen: tls ? "192.0.2.10:443" : "192.0.2.10:80" });
    expect(r.header(name)).toBe(value);
  });

  it.each([
    ["[GCP-URLMAP] prefixMatch /app/ with pathPrefixRewrite /", "routeRules.matchRules.prefixMatch: /app/\nrouteRules.routeAction.urlRewrite.pathPrefixRewrite: /", "/app/page?x=1", "GET /page?x=1 HTTP/1.1"],
    ["[GCP-URLMAP] a path outside the route goes to the default service unchanged", "routeRules.matchRules.prefixMatch: /app/\nrouteRules.routeAction.urlRewrite.pathPrefixRewrite: /", "/other", "GET /other HTTP/1.1"],
  ])("%s", (_name, config, target, line) => {
    const r = runPreset("gcp-https-lb", config, [`GET ${target} HTTP/1.1`, "Host: www.example.com"]);
    expect(r.requestLine).toBe(line);
  });

  it("[GCP-ALB] on the way back: Via added to the response, Location unchanged", () => {
    const r = runPreset("gcp-https-lb", "backendService.customResponseHeaders: Strict-Transport-Security: max-age=3600", ["GET /account HTTP/1.1", "Host: www.example.com"], { app: { redirect: "/login" } });
    expect(r.result.response.headers.Location).toBe("http://www.example.com/login");
    expect(r.result.response.headers.Via).toBe("1.1 google");
    expect(r.result.response.headers["Strict-Transport-Security"]).toBe("max-age=3600");
  });

  it.each([
    ["an unknown field: error at the key", "xffMode: append", "1:1 ", /no setting "xffMode"/],
    ["a custom header that is not Name: value", "backendService.customRequestHeaders: novalue", "1:38 ", /header line/],
    ["a path that does not start with /", "routeRules.matchRules.prefixMatch: app", "1:36 ", /starting with "\/"/],
  ])("settings: %s", (_name, config, at, message) => {
    const r = runPreset("gcp-https-lb", config, GET());
    expect(r.errors[0]!.startsWith(at)).toBe(true);
    expect(r.errors[0]).toMatch(message);
  });
});
