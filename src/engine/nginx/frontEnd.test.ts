/**
 * nginx as a front end, end to end through `simulate`. The table rows are small scenarios whose real
 * outcome is recorded in `e2e/conformance/observed/ngx-*.json` (nginx 1.22.1 + Apache 2.4.71 + mod_wsgi
 * 4.9.4, Debian 12); the last test holds every nginx hop of that corpus to the request the real nginx sent,
 * byte for byte.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulate, type Scenario } from "../index.ts";

function nginx(config: string, request: string, opts: { backend?: string; directories?: string[]; tls?: boolean } = {}): Scenario {
  return {
    version: 1,
    modwsgi: "4.9",
    client: { address: "127.0.0.9", tls: opts.tls ?? false, request },
    proxies: [{ server: "nginx", listen: "127.0.0.1:19000", address: "127.0.0.2", config }],
    backend: { server: "apache", listen: "127.0.0.1:19500", address: "127.0.0.1", config: opts.backend ?? "WSGIScriptAlias / /srv/app/wsgi.py\n", ...(opts.directories ? { directories: opts.directories } : {}) },
  };
}
const PASS = "location / {\n    proxy_pass http://127.0.0.1:19500;\n}\n";

describe("nginx front end", () => {
  it.each([
    ["defaults: HTTP/1.0, Connection close, Host $proxy_host [ngx-defaults-request-head]", PASS, "GET /hello?x=1 HTTP/1.1\nHost: pub.example:8443\n", { SERVER_PROTOCOL: "HTTP/1.0", HTTP_CONNECTION: "close", HTTP_HOST: "127.0.0.1:19500", REMOTE_ADDR: "127.0.0.2" }],
    ["client X-Forwarded-* pass through [ngx-client-xforwarded-pass]", PASS, "GET / HTTP/1.1\nHost: h\nX-Forwarded-For: 6.6.6.6\n", { HTTP_X_FORWARDED_FOR: "6.6.6.6" }],
    ["include proxy_params: Host $host [ngx-include-proxy-params]", "location / {\n    proxy_pass http://127.0.0.1:19500;\n    include /etc/nginx/proxy_params;\n}\n", "GET / HTTP/1.1\nHost: Pub.Example:8443\n", { HTTP_HOST: "pub.example", HTTP_X_REAL_IP: "127.0.0.9", HTTP_X_FORWARDED_PROTO: "http" }],
    ["realip recursive, then X-Real-IP $remote_addr [ngx-realip-recursive]", "set_real_ip_from 127.0.0.9;\nset_real_ip_from 10.0.0.0/8;\nreal_ip_header X-Forwarded-For;\nreal_ip_recursive on;\nlocation / {\n    proxy_pass http://127.0.0.1:19500;\n    proxy_set_header X-Real-IP $remote_addr;\n}\n", "GET / HTTP/1.1\nHost: h\nX-Forwarded-For: 203.0.113.5, 10.1.1.1\n", { HTTP_X_REAL_IP: "203.0.113.5" }],
  ])("%s", (_name, config, request, environ) => {
    const r = simulate(nginx(config, request));
    expect(r.diagnostics).toEqual([]);
    expect(r.environ).toMatchObject(environ);
  });

  it.each([
    ["the back end's 301 through proxy_redirect default, made absolute with nginx's port [ngx-red-default-uri]", "location /one/ {\n    proxy_pass http://127.0.0.1:19500/two/;\n}\n", "GET /one/static HTTP/1.1\nHost: pub.example:8443\n", { backend: "WSGIScriptAlias /two /srv/app/wsgi.py\n", directories: ["/two/static"] }, 301, "http://pub.example:19000/one/static/"],
    ["proxy_redirect off leaks the back end [ngx-red-off]", "location /one/ {\n    proxy_pass http://127.0.0.1:19500/two/;\n    proxy_redirect off;\n}\n", "GET /one/static HTTP/1.1\nHost: pub.example:8443\n", { backend: "WSGIScriptAlias /two /srv/app/wsgi.py\n", directories: ["/two/static"] }, 301, "http://127.0.0.1:19500/two/static/"],
    ["nginx's own 301 for /app [ngx-own-slash-301]", "location /app/ {\n    proxy_pass http://127.0.0.1:19500;\n}\n", "GET /app?x=1 HTTP/1.1\nHost: pub.example:8443\n", {}, 301, "http://pub.example:19000/app/?x=1"],
    ["TLS: https and nginx's port [ngx-red-tls]", "location /one/ {\n    proxy_pass http://127.0.0.1:19500/two/;\n}\n", "GET /one/static HTTP/1.1\nHost: www.example.com\n", { backend: "WSGIScriptAlias /two /srv/app/wsgi.py\n", directories: ["/two/static"], tls: true }, 301, "https://www.example.com:19000/one/static/"],
  ])("%s", (_name, config, request, opts, status, location) => {
    const r = simulate(nginx(config, request, opts));
    expect([r.response.status, r.response.headers.Location]).toEqual([status, location]);
  });

  it("answers its own 502 page when the back end's worker crashes [ngx-upstream-crash-502]", () => {
    const r = simulate(nginx(PASS, "GET /x HTTP/1.1\nHost: h\n", { backend: "WSGIScriptAlias / /srv/app/wsgi.py\nWSGITrustedProxyHeaders X_Forwarded_For\n" }));
    expect([r.response.status, r.response.headers.Server, r.response.body?.includes("<hr><center>nginx/1.22.1</center>")]).toEqual([502, "nginx/1.22.1", true]);
  });

  it("names the location that won and why in the trace", () => {
    const r = simulate(nginx("location / { proxy_pass http://127.0.0.1:19500; }\nlocation ~ \\.png$ { proxy_pass http://127.0.0.1:19500; }\n", "GET /a.png HTTP/1.1\nHost: h\n"));
    expect(r.trace.find((t) => t.step === "nginx.core.location")?.message).toMatch(/location ~ \\\.png\$ \(line 2\) is the first regex that matches \(it beats the prefix \/\)/);
  });

  it("warns when proxy_pass does not reach the next server", () => {
    const r = simulate(nginx("location / { proxy_pass http://127.0.0.1:18000; }\n", "GET / HTTP/1.1\nHost: h\n"));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["proxy-target-mismatch"]);
  });

  it("refuses the connection when no server listens on the proxy's address", () => {
    const r = simulate(nginx("server {\n    listen 127.0.0.1:19999;\n}\n", "GET / HTTP/1.1\nHost: h\n"));
    expect([r.response.status, r.diagnostics[0]?.code]).toEqual([0, "nginx-nothing-listens"]);
  });
});

const CORPUS = new URL("../../../e2e/conformance/corpus/nginx/", import.meta.url).pathname;
const OBSERVED = new URL("../../../e2e/conformance/observed/", import.meta.url).pathname;
const rows = readdirSync(CORPUS)
  .filter((f) => f.endsWith(".json"))
  .map((f) => JSON.parse(readFileSync(join(CORPUS, f), "utf8")) as { id: string; scenario: Scenario })
  .filter((e) => existsSync(join(OBSERVED, `${e.id}.json`)));

describe("every nginx hop of the conformance corpus", () => {
  it.each(rows.map((e) => [e.id, e] as const))("%s: the request nginx sends upstream is the real one", (_id, e) => {
    const obs = JSON.parse(readFileSync(join(OBSERVED, `${e.id}.json`), "utf8")) as { hops: { request: string | null; peer: string | null }[] };
    const r = simulate(e.scenario);
    e.scenario.proxies.forEach((p, i) => {
      if (p.server !== "nginx") return;
      const real = obs.hops[i + 1];
      // null: the next server never logged a request line (it refused it, or nginx answered itself).
      if (!real || real.request === null) {
        if (real?.request === null && r.hops[i + 1]) expect(r.hops[i + 1]!.response?.status).toBe(400);
        return;
      }
      // A head the next server refused part-way (a CR in a header value: 400, ngx-cr-quoted) is recorded only as
      // far as that server read it, so what nginx sent must begin with it.
      const sent = r.hops[i + 1]?.request ?? null;
      if (!real.request.endsWith("\r\n\r\n") && r.hops[i + 1]?.response?.status === 400) expect(sent?.startsWith(real.request)).toBe(true);
      else expect(sent).toBe(real.request);
      expect(r.hops[i + 1]?.peer ?? null).toBe(real.peer);
    });
  });
});

describe("robustness", () => {
  const pieces = ["location", "/", "/app/", "~", "=", "^~", "{", "}", ";", " ", "\n", "proxy_pass", "http://127.0.0.1:19500", "/x/", "$host", "${", '"', "'", "\\", "#", "server", "listen", "127.0.0.1:19000", "return", "301", "rewrite", "^(.*)$", "if", "(", ")", "set_real_ip_from", "proxy_redirect", "default", "off", "include", "proxy_params"];
  it("never throws, whatever the config and request", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), fc.constantFrom("GET /app HTTP/1.1\nHost: h\n", "GET /app/x?y HTTP/1.0\n", "GET http://a..b/ HTTP/1.1\nHost: h\n"), (words, request) => {
        const r = simulate(nginx(words.join(" "), request));
        expect(typeof r.response.status).toBe("number");
      }),
      { numRuns: 2000 },
    );
  });
});
