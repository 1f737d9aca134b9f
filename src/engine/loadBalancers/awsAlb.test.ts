/**
 * AWS ALB rows. Each names its source: [ALB-HDR] User Guide for Application Load Balancers, "HTTP headers and
 * Application Load Balancers"; [ALB-ATTR] same guide, "Edit attributes", "Host header preservation";
 * [ELB-API] Elastic Load Balancing API Reference, API version 2015-12-01, LoadBalancerAttribute; [ALB-TRACE]
 * "Request tracing"; [ALB-TS] "Troubleshoot your Application Load Balancers". AWS documentation is not
 * versioned beyond the API version; no real ALB checks these rows.
 */
import { describe, expect, it } from "vitest";
import { runPreset } from "./presetTesting.ts";

const GET = (...headers: string[]) => ["GET /a?b=1 HTTP/1.1", "Host: www.example.com", ...headers];

describe("AWS ALB: X-Forwarded-For ([ALB-HDR], [ELB-API])", () => {
  it.each([
    ["[ALB-HDR] append (default), no header: the ALB creates one with the client address", "", GET(), "203.0.113.7"],
    ["[ALB-HDR] append: the client address follows the existing value", "", GET("X-Forwarded-For: 1.1.1.1"), "1.1.1.1, 203.0.113.7"],
    ["[ALB-HDR] append set explicitly", "routing.http.xff_header_processing.mode = append", GET("X-Forwarded-For: 1.1.1.1"), "1.1.1.1, 203.0.113.7"],
    ["[ALB-HDR] preserve: sent unchanged", "routing.http.xff_header_processing.mode = preserve", GET("X-Forwarded-For: 1.1.1.1"), "1.1.1.1"],
    ["[ALB-HDR] preserve without a header: none", "routing.http.xff_header_processing.mode = preserve", GET(), null],
    ["[ALB-HDR] remove: removed", "routing.http.xff_header_processing.mode = remove", GET("X-Forwarded-For: 1.1.1.1"), null],
    ["[ELB-API] xff_client_port: the client's source port follows (stand-in 49152)", "routing.http.xff_client_port.enabled = true", GET(), "203.0.113.7:49152"],
    ["docs silent: two incoming lines joined with \", \" first (model's choice, said in the trace)", "", GET("X-Forwarded-For: 1.1.1.1", "X-Forwarded-For: 2.2.2.2"), "1.1.1.1, 2.2.2.2, 203.0.113.7"],
  ])("%s", (_name, config, request, xff) => {
    const r = runPreset("aws-alb", config, request);
    expect(r.errors).toEqual([]);
    expect(r.header("X-Forwarded-For")).toBe(xff);
  });

  it("[ELB-API] xff_client_port with an IPv6 client brackets the address before the port", () => {
    const r = runPreset("aws-alb", "routing.http.xff_client_port.enabled = true", GET(), { client: "2001:db8::7" });
    expect(r.header("X-Forwarded-For")).toBe("[2001:db8::7]:49152");
  });
});

describe("AWS ALB: Host ([ALB-ATTR] table of examples)", () => {
  it.each([
    ["default listener 80, no port: unchanged", "192.0.2.10:80", "", "www.example.com", "www.example.com"],
    ["default listener 80, Host has a port: the port is removed", "192.0.2.10:80", "", "www.example.com:80", "www.example.com"],
    ["non-default listener 8080, no port: the listener port is appended", "192.0.2.10:8080", "", "www.example.com", "www.example.com:8080"],
    ["non-default listener 8080, Host has a port: kept", "192.0.2.10:8080", "", "www.example.com:8080", "www.example.com:8080"],
    ["preserve_host_header: unchanged on a non-default port", "192.0.2.10:8080", "routing.http.preserve_host_header.enabled = true", "www.example.com", "www.example.com"],
    ["listener port from `port` overrides the listen port", "192.0.2.10:80", "port = 8443\nprotocol = HTTP", "www.example.com", "www.example.com:8443"],
  ])("%s", (_name, listen, config, host, sent) => {
    const r = runPreset("aws-alb", config, ["GET / HTTP/1.1", `Host: ${host}`], { listen });
    expect(r.header("Host")).toBe(sent);
  });

  it("[ALB-ATTR] an absolute request target: its host replaces Host; the target becomes a path", () => {
    const r = runPreset("aws-alb", "", ["GET http://dns-name.example/index.html HTTP/1.1", "Host: www.example.com"]);
    expect(r.header("Host")).toBe("dns-name.example");
    expect(r.requestLine).toBe("GET /index.html HTTP/1.1");
  });
});

describe("AWS ALB: other headers ([ALB-HDR], [ALB-TRACE], [ELB-API])", () => {
  it("[ALB-HDR] X-Forwarded-Proto and X-Forwarded-Port carry the listener's protocol and port", () => {
    const r = runPreset("aws-alb", "protocol = HTTPS\nport = 443", GET(), { tls: true, listen: "192.0.2.10:443" });
    expect(r.header("X-Forwarded-Proto")).toBe("https");
    expect(r.header("X-Forwarded-Port")).toBe("443");
  });

  it("docs silent: a client's own X-Forwarded-Proto is replaced (model's choice, said in the trace)", () => {
    const r = runPreset("aws-alb", "", GET("X-Forwarded-Proto: https"));
    expect(r.values("X-Forwarded-Proto")).toEqual(["http"]);
    expect(r.result.trace.some((t) => /do not say what happens/.test(t.message))).toBe(true);
  });

  it.each([
    ["[ALB-TRACE] no trace header: a Root field is added", GET(), "Root=1-00000000-000000000000000000000000"],
    ["[ALB-TRACE] a Root field present: a Self field is inserted", GET("X-Amzn-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793"), "Self=1-00000000-000000000000000000000000;Root=1-5759e988-bd862e3fe1be46a994272793"],
  ])("%s", (_name, request, value) => {
    expect(runPreset("aws-alb", "", request).header("X-Amzn-Trace-Id")).toBe(value);
  });

  it("[ELB-API] drop_invalid_header_fields removes names with other characters than letters, digits and hyphens", () => {
    const on = runPreset("aws-alb", "routing.http.drop_invalid_header_fields.enabled = true", GET("X_Forwarded_For: 6.6.6.6"));
    expect(on.header("X_Forwarded_For")).toBeNull();
    const off = runPreset("aws-alb", "", GET("X_Forwarded_For: 6.6.6.6"));
    expect(off.header("X_Forwarded_For")).toBe("6.6.6.6");
  });

  it("[ELB-API] x_amzn_tls_version_and_cipher_suite adds both headers on an HTTPS listener only", () => {
    const tls = runPreset("aws-alb", "routing.http.x_amzn_tls_version_and_cipher_suite.enabled = true", GET(), { tls: true, listen: "192.0.2.10:443" });
    expect(tls.header("x-amzn-tls-version")).not.toBeNull();
    const plain = runPreset("aws-alb", "routing.http.x_amzn_tls_version_and_cipher_suite.enabled = true", GET());
    expect(plain.header("x-amzn-tls-version")).toBeNull();
  });

  it("RFC 9110 §7.6.1 (docs silent): Connection and the headers it names are not forwarded", () => {
    const r = runPreset("aws-alb", "", GET("Connection: keep-alive, X-Hop", "X-Hop: 1"));
    expect(r.header("Connection")).toBeNull();
    expect(r.header("X-Hop")).toBeNull();
  });
});

describe("AWS ALB: the way back and the listener", () => {
  it("[ALB-HDR] no Location rewriting: the application's absolute redirect reaches the client as built", () => {
    const r = runPreset("aws-alb", "", ["GET /account HTTP/1.1", "Host: www.example.com"], { app: { redirect: "/login" } });
    expect(r.result.response.status).toBe(302);
    expect(r.result.response.headers.Location).toBe("http://www.example.com/login");
  });

  it("[ALB-TS] a target that closes without answering gives 502", () => {
    const r = runPreset("aws-alb", "", GET(), { backend: "WSGITrustedProxyHeaders X_Bad\n" });
    expect(r.result.response.status).toBe(502);
  });

  it("a plain-HTTP client on an HTTPS listener: no HTTP response, and a warning", () => {
    const r = runPreset("aws-alb", "protocol = HTTPS", GET());
    expect(r.result.response.status).toBe(0);
    expect(r.warnings.join()).toMatch(/TLS handshake fails/);
  });

  it("target_group.protocol HTTPS: the ALB speaks TLS to the target", () => {
    const r = runPreset("aws-alb", "target_group.protocol = HTTPS", GET());
    expect(r.result.hops[1]!.tls).toBe(true);
    expect(r.result.environ?.["wsgi.url_scheme"]).toBe("https");
  });
});

describe("AWS ALB settings text", () => {
  it.each([
    ["an unknown attribute: error at the key, with a hint", "routing.http.xff_header_processing.mod = append", "1:1 ", /no setting "routing.http.xff_header_processing.mod".*Did you mean "routing.http.xff_header_processing.mode"/],
    ["a bad enum value: error at the value", "routing.http.xff_header_processing.mode = drop", "1:43 ", /takes append, preserve, remove/],
    ["a bad boolean: error at the value", "routing.http.preserve_host_header.enabled = yes", "1:45 ", /takes true or false/],
    ["a line without separator", "preserve", "1:1 ", /neither "=" nor ":"/],
  ])("%s", (_name, config, at, message) => {
    const r = runPreset("aws-alb", config, GET());
    expect(r.errors.length).toBe(1);
    expect(r.errors[0]!.startsWith(at)).toBe(true);
    expect(r.errors[0]).toMatch(message);
  });

  it("an empty config is AWS's defaults: no diagnostics", () => {
    expect(runPreset("aws-alb", "", GET()).result.diagnostics).toEqual([]);
  });
});
