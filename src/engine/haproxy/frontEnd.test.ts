/**
 * HAProxy 2.6.12 as a front end. Rows cite the Configuration Manual 2.6 section and the conformance scenario
 * (`e2e/conformance/corpus/haproxy/`, id ha-…) that checked the same behaviour on haproxy 2.6.12 in front of
 * Apache 2.4.71 + mod_wsgi 4.9.4.
 */
import { describe, expect, it } from "vitest";
import { runPreset } from "../loadBalancers/presetTesting.ts";

const GET = (...headers: string[]) => ["GET / HTTP/1.1", "Host: www.example.com", ...headers];
const SERVER = "server app 127.0.0.1:8000\n";

describe("HAProxy: X-Forwarded-For (manual 4.2 option forwardfor)", () => {
  it.each([
    ["[ha-plain] nothing by default", "", GET("X-Forwarded-For: 6.6.6.6"), ["6.6.6.6"]],
    ["[ha-forwardfor] a new line with the source", "option forwardfor\n", GET(), ["203.0.113.7"]],
    ["[ha-forwardfor-client-xff] appended as a separate line, never merged", "option forwardfor\n", GET("X-Forwarded-For: 1.1.1.1"), ["1.1.1.1", "203.0.113.7"]],
    ["[ha-forwardfor-if-none-present] if-none leaves a present header", "option forwardfor if-none\n", GET("X-Forwarded-For: 6.6.6.6"), ["6.6.6.6"]],
    ["[ha-forwardfor-except-match] except <net> containing the source", "option forwardfor except 203.0.113.0/24\n", GET(), []],
    ["[ha-forwardfor-after-set-header] after the http-request rules", "http-request set-header X-Forwarded-For fixed\noption forwardfor\n", GET("X-Forwarded-For: 6.6.6.6"), ["fixed", "203.0.113.7"]],
    ["[ha-add-header-xff] add-header gives a second line too", "http-request add-header X-Forwarded-For %[src]\n", GET("X-Forwarded-For: 1.1.1.1"), ["1.1.1.1", "203.0.113.7"]],
  ])("%s", (_name, config, request, lines) => {
    const r = runPreset("haproxy", config + SERVER, request);
    expect(r.errors).toEqual([]);
    expect(r.values("x-forwarded-for")).toEqual(lines);
  });

  it("[ha-forwardfor-header-name] header <name>", () => {
    expect(runPreset("haproxy", "option forwardfor header X-Client-IP\n" + SERVER, GET()).header("x-client-ip")).toBe("203.0.113.7");
  });

  it("[ha-forwardfor-client-xff] Apache joins the two lines with \", \" for the application", () => {
    const r = runPreset("haproxy", "option forwardfor\n" + SERVER, GET("X-Forwarded-For: 1.1.1.1"));
    expect(r.result.environ?.HTTP_X_FORWARDED_FOR).toBe("1.1.1.1, 203.0.113.7");
  });
});

describe("HAProxy: the request it sends (observed on 2.6.12 with a raw socket server)", () => {
  it("header names in lower case, Host passed as received, HTTP/1.1 kept", () => {
    const r = runPreset("haproxy", SERVER, ["GET /a?b=1 HTTP/1.1", "Host: WWW.Example.com", "X-Custom: 1"]);
    expect(r.requestLine).toBe("GET /a?b=1 HTTP/1.1");
    expect(r.lines).toEqual([
      { name: "host", value: "WWW.Example.com" },
      { name: "x-custom", value: "1" },
    ]);
  });

  it.each([
    ["[ha-plain-connection-tokens] close taken out of Connection, X-Drop kept", GET("Connection: close, X-Drop", "X-Drop: 1"), "X-Drop"],
    ["[ha-plain-http10] HTTP/1.0 gets connection: keep-alive", ["GET / HTTP/1.0", "Host: www.example.com"], "keep-alive"],
  ])("%s", (_name, request, connection) => {
    expect(runPreset("haproxy", SERVER, request).header("connection")).toBe(connection);
  });

  it.each([
    ["[ha-httpclose] option httpclose", "option httpclose\n", "close"],
    ["[ha-http-server-close] option http-server-close", "option http-server-close\n", "close"],
  ])("%s: connection: close to the server", (_name, config, value) => {
    expect(runPreset("haproxy", config + SERVER, GET()).header("connection")).toBe(value);
  });

  it.each([
    ["[ha-plain-duplicate-host] two different Host headers", ["GET / HTTP/1.1", "Host: a.example", "Host: b.example"], 400],
    ["[ha-plain-absolute-mismatch] an absolute target whose host differs from Host", ["GET http://other.example/ HTTP/1.1", "Host: www.example.com"], 400],
    ["[ha-plain-http11-no-host] HTTP/1.1 without Host passes HAProxy; Apache answers", ["GET / HTTP/1.1"], 400],
    ["[ha-plain-same-host-twice] identical Host lines become one", ["GET / HTTP/1.1", "Host: a.example", "Host: a.example"], 200],
  ])("%s", (_name, request, status) => {
    expect(runPreset("haproxy", SERVER, request).result.response.status).toBe(status);
  });

  it("[ha-plain-duplicate-host] the parser's 400 keeps its own header spelling", () => {
    const r = runPreset("haproxy", SERVER, ["GET / HTTP/1.1", "Host: a.example", "Host: b.example"]);
    expect(r.result.response.headers).toMatchObject({ "Content-length": "90", Connection: "close" });
    expect(r.result.hops.length).toBe(1);
  });
});

describe("HAProxy: rules, backends and the way back (manual 4.2)", () => {
  const SECTIONS = "frontend www\n  bind 192.0.2.10:80\n  acl is_api path_beg /api\n  use_backend api if is_api\n  default_backend web\nbackend web\n  http-request set-header X-Backend web\n  server w 127.0.0.1:8000\nbackend api\n  http-request set-header X-Backend api\n  http-request replace-path /api(/.*) \\1\n  server a 127.0.0.1:8000\n";
  it.each([
    ["[ha-use-backend-api] use_backend, then that backend's rules", "/api/items?id=3", "api", "GET /items?id=3 HTTP/1.1"],
    ["[ha-use-backend-prefix-not-segment] path_beg is a string prefix", "/apix", "api", "GET /apix HTTP/1.1"],
    ["[ha-use-backend-default] default_backend", "/web/page", "web", "GET /web/page HTTP/1.1"],
  ])("%s", (_name, target, backend, line) => {
    const r = runPreset("haproxy", SECTIONS, [`GET ${target} HTTP/1.1`, "Host: www.example.com"]);
    expect(r.header("x-backend")).toBe(backend);
    expect(r.requestLine).toBe(line);
  });

  it.each([
    ["[ha-redirect-scheme] redirect scheme https code 301", "http-request redirect scheme https code 301 unless { ssl_fc }\n", "/login?next=/a", 301, "https://www.example.com/login?next=/a"],
    ["redirect prefix (302 by default)", "http-request redirect prefix /new\n", "/x?y", 302, "/new/x?y"],
    ["[ha-deny] deny", "http-request deny if { path_beg /admin }\n", "/admin", 403, undefined],
    ["[ha-no-server-503] no server", "", "/", 503, undefined],
  ])("%s", (_name, config, target, status, location) => {
    const text = config === "" ? "option forwardfor\n" : config + SERVER;
    const r = runPreset("haproxy", text, [`GET ${target} HTTP/1.1`, "Host: www.example.com"]);
    expect(r.result.response.status).toBe(status);
    expect(r.result.response.headers.location).toBe(location);
    expect(r.result.environ).toBeNull();
  });

  it.each([
    ["[ha-plain-app-redirect] HAProxy leaves Location alone", "", "http://www.example.com/login"],
    ["[ha-host-internal-redirect-leak] a Host set to the back end leaks into the redirect", "http-request set-header Host 127.0.0.1:8000\n", "http://127.0.0.1:8000/login"],
    ["[ha-response-replace-location] replace-header Location fixes it", "http-request set-header Host 127.0.0.1:8000\nhttp-response replace-header Location ^http://127\\.0\\.0\\.1:8000(.*)$ http://www.example.com\\1\n", "http://www.example.com/login"],
    ["[ha-response-set-location] set-header Location if { status 302 }", "http-response set-header Location /moved if { status 302 }\n", "/moved"],
  ])("%s", (_name, config, location) => {
    const r = runPreset("haproxy", config + SERVER, ["GET /account HTTP/1.1", "Host: www.example.com"], { app: { redirect: "/login" } });
    expect(r.result.response.headers.location).toBe(location);
  });

  it.each([
    ["[ha-replace-value] replace-value: a replaced value loses its blank, the others keep theirs", "http-request replace-value X-List ^b$ B\n", "X-List: a, b, c", "x-list", "a,B, c"],
    ["[ha-del-header-beg] del-header -m beg", "http-request del-header X-Forwarded -m beg\n", "X-Forwarded-Host: evil.example", "x-forwarded-host", null],
    ["[ha-set-query] set-query", "http-request set-query lang=en\n", "X-Any: 1", "x-any", "1"],
  ])("%s", (_name, config, line, name, value) => {
    expect(runPreset("haproxy", config + SERVER, GET(line)).header(name)).toBe(value);
  });

  it("[ha-forwardfor-fe-be-header] the backend's forwardfor header name wins over the frontend's", () => {
    const r = runPreset("haproxy", "frontend www\n  bind 192.0.2.10:80\n  option forwardfor\n  default_backend app\nbackend app\n  option forwardfor header X-Client\n  server a 127.0.0.1:8000\n", GET());
    expect(r.header("x-client")).toBe("203.0.113.7");
    expect(r.header("x-forwarded-for")).toBeNull();
  });

  it("[ha-defaults-reset-tcp] a defaults section without mode http makes the proxy relay bytes", () => {
    const r = runPreset("haproxy", "defaults\n  timeout client 5s\nlisten www\n  bind 192.0.2.10:80\n  option forwardfor\n  server a 127.0.0.1:8000\n", GET());
    expect(r.header("X-Forwarded-For")).toBeNull();
  });

  it("[ha-tls-termination] bind … ssl crt: TLS ends at HAProxy, ssl_fc is true", () => {
    const r = runPreset("haproxy", "bind 192.0.2.10:443 ssl crt /etc/haproxy/site.pem\nhttp-request set-header X-Forwarded-Proto https if { ssl_fc }\n" + SERVER, GET(), { tls: true, listen: "192.0.2.10:443" });
    expect(r.header("x-forwarded-proto")).toBe("https");
    expect(r.result.hops[1]!.tls).toBe(false);
  });

  it("an implicit listen section takes TLS when the client speaks it (its bind is implied, as the runner writes it)", () => {
    const r = runPreset("haproxy", SERVER, GET(), { tls: true, listen: "192.0.2.10:443" });
    expect(r.result.response.status).toBe(200);
  });

  it("[ha-tls-backend] server … ssl verify none: TLS to the back end", () => {
    const r = runPreset("haproxy", "server app 127.0.0.1:8000 ssl verify none\n", GET());
    expect(r.result.environ?.["wsgi.url_scheme"]).toBe("https");
  });

  it("[ha-tcp-mode] mode tcp relays the request unchanged", () => {
    const r = runPreset("haproxy", "listen relay\n  bind 192.0.2.10:80\n  mode tcp\n  option forwardfor\n  server app 127.0.0.1:8000\n", GET("X-Forwarded-For: 6.6.6.6"));
    expect(r.values("X-Forwarded-For")).toEqual(["6.6.6.6"]);
    expect(r.lines[0]!.name).toBe("Host");
  });

  it("a closed upstream: HAProxy's 502", () => {
    const r = runPreset("haproxy", SERVER, GET(), { backend: "WSGITrustedProxyHeaders X_Bad\n" });
    expect(r.result.response.status).toBe(502);
    expect(r.result.response.body).toContain("The server returned an invalid or incomplete response.");
  });

  it("a configuration haproxy -c refuses: no HAProxy, no response", () => {
    const r = runPreset("haproxy", "option forwarded\n" + SERVER, GET());
    expect(r.result.response.status).toBe(0);
    expect(r.errors[0]).toContain("unknown option 'forwarded'");
  });

  it("a server that is not the next hop: a warning at its address", () => {
    const r = runPreset("haproxy", "server app 127.0.0.1:9999\n", GET());
    expect(r.warnings[0]).toMatch(/^1:12 server 'app' is 127.0.0.1:9999, but the next server listens on 127.0.0.1:8000/);
  });
});
