/**
 * One front-end text per proxy: the headers it sends match what the back end trusts, Apache texts pass real
 * `apache2 -t`, nginx texts pass real `nginx -t`.
 */
import { describe, expect, it } from "vitest";
import { simulate, type ProxyKind, type Scenario } from "../index.ts";
import { referenceExample } from "../../site/lib/referenceExample.ts";
import { apacheMissing, apacheSyntax, nginxMissing, nginxSyntax } from "../testing/serverSyntax.ts";
import { TLS_CERT, TLS_KEY } from "./frontEnds.ts";

const TRUST_ALL = "WSGIScriptAlias / /srv/app/wsgi.py\nWSGITrustedProxies 127.0.0.1\nWSGITrustedProxyHeaders X-Forwarded-For X-Real-IP X-Forwarded-Host X-Forwarded-Server X-Forwarded-Port X-Forwarded-Proto X-Forwarded-SSL X-Script-Name\n";

function chain(kinds: ProxyKind[], opts: { tls?: boolean; backend?: string } = {}): Scenario {
  const s = referenceExample();
  s.client.tls = opts.tls ?? false;
  s.proxies = kinds.map((server, i) => ({ server, listen: `127.0.0.${i + 1}:${i === 0 ? (opts.tls ? 443 : 80) : 8080}`, address: `127.0.0.${i + 1}`, config: "" }));
  for (const [i, p] of s.proxies.entries()) p.config = p.server === "apache" ? `ProxyPass / http://${(s.proxies[i + 1] ?? s.backend).listen}/\n` : p.server === "nginx" ? `location / { proxy_pass http://${(s.proxies[i + 1] ?? s.backend).listen}; }\n` : "";
  if (opts.backend) s.backend.config = opts.backend;
  return s;
}

const rows: { name: string; scenario: Scenario; contains: string[][]; absent?: string[][] }[] = [
  { name: "reference example: Apache sets Proto and Port itself", scenario: referenceExample(), contains: [["<VirtualHost 127.0.0.1:80>", "    ProxyPreserveHost On", "    ProxyPass / http://127.0.0.1:8000/", "    ProxyPassReverse / http://127.0.0.1:8000/", "    RequestHeader set X-Forwarded-Proto http", "    RequestHeader set X-Forwarded-Port 80"]] },
  { name: "Apache over TLS, every known header", scenario: chain(["apache"], { tls: true, backend: TRUST_ALL }), contains: [["Listen 127.0.0.1:443 https", "    SSLEngine on", "    RequestHeader set X-Real-IP \"expr=%{REMOTE_ADDR}\"", "    RequestHeader set X-Forwarded-Proto https", "    RequestHeader set X-Forwarded-SSL on", "    RequestHeader set X-Forwarded-Port 443"]] },
  { name: "nginx, every known header", scenario: chain(["nginx"], { backend: TRUST_ALL }), contains: [["server {", "    listen 127.0.0.1:80;", "        proxy_pass http://127.0.0.1:8000;", "        proxy_set_header X-Forwarded-For $remote_addr;", "        proxy_set_header X-Real-IP $remote_addr;", "        proxy_set_header X-Forwarded-Host $http_host;", "        proxy_set_header X-Forwarded-Server $host;", "        proxy_set_header X-Forwarded-Port $server_port;", "        proxy_set_header X-Forwarded-Proto $scheme;", "        proxy_set_header X-Forwarded-SSL off;", "        proxy_redirect http://127.0.0.1:8000/ /;"]] },
  { name: "nginx over TLS, then Apache", scenario: chain(["nginx", "apache"], { tls: true }), contains: [["    listen 127.0.0.1:443 ssl;", "        proxy_pass http://127.0.0.2:8080;"], ["<VirtualHost 127.0.0.2:8080>", "    ProxyPass / http://127.0.0.1:8000/", "    RequestHeader unset X-Forwarded-Host"]], absent: [[], ["RequestHeader unset X-Forwarded-For", "X-Forwarded-Proto"]] },
  { name: "Apache, then nginx: the inner one extends X-Forwarded-For only", scenario: chain(["apache", "nginx"]), contains: [["    ProxyPass / http://127.0.0.2:8080/"], ["        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;"]], absent: [[], ["X-Forwarded-Proto"]] },
  { name: "HAProxy", scenario: chain(["haproxy"]), contains: [["frontend web", "    bind 127.0.0.1:80", "    option forwardfor", "    http-request set-header X-Forwarded-Proto http", "    http-request set-header X-Forwarded-Port 80", "    server app 127.0.0.1:8000"]] },
  { name: "a managed load balancer is a note", scenario: chain(["aws-alb"]), contains: [["# AWS Application Load Balancer: configured through the vendor's own settings, not a file written here.", "#   (the vendor's defaults)"]] },
  { name: "a back end that trusts no header", scenario: chain(["apache"], { backend: "WSGIScriptAlias / /srv/app/wsgi.py\n" }), contains: [["    ProxyPass / http://127.0.0.1:8000/"]], absent: [["RequestHeader set"]] },
];

describe("generated front-end configurations", () => {
  const apacheSkip = apacheMissing();
  const nginxSkip = nginxMissing();
  if (apacheSkip) it.skip(`apache2 -t: ${apacheSkip}`, () => {});
  if (nginxSkip) it.skip(`nginx -t: ${nginxSkip}`, () => {});
  for (const row of rows) {
    describe(row.name, () => {
      const texts = simulate(row.scenario).generated.frontends ?? [];
      it("one text per proxy with the expected lines", () => {
        expect(texts.length).toBe(row.scenario.proxies.length);
        for (const [i, text] of texts.entries()) {
          const lines = text.split("\n");
          expect(lines[0]).toMatch(/^# Proxy Playground #v2\.f1\.e[0-9A-Za-z.-]+\.[A-Za-z0-9_-]+ \| engine /);
          for (const c of row.contains[i] ?? []) expect(lines).toContain(c);
          for (const a of row.absent?.[i] ?? []) expect(text).not.toContain(a);
        }
      });
      for (const [i, proxy] of row.scenario.proxies.entries()) {
        if (proxy.server === "apache") {
          it.skipIf(apacheSkip !== null)(`proxies[${i}] passes apache2 -t`, () => {
            const check = apacheSyntax(texts[i] ?? "", [TLS_CERT, TLS_KEY]);
            expect(check.output).toMatch(/Syntax OK/);
            expect(check.ok).toBe(true);
          });
        }
        if (proxy.server === "nginx") {
          it.skipIf(nginxSkip !== null)(`proxies[${i}] passes nginx -t`, () => {
            const check = nginxSyntax(texts[i] ?? "", [TLS_CERT, TLS_KEY]);
            expect(check.output).toMatch(/test is successful/);
            expect(check.ok).toBe(true);
          });
        }
      }
    });
  }
});

describe("generated front ends, simulated in place of the scenario's own", () => {
  const TRUSTING = "WSGIScriptAlias / /srv/app/wsgi.py\nWSGITrustedProxies 127.0.0.1 127.0.0.2\nWSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Host X-Forwarded-Port X-Forwarded-Proto\n";
  const chains: ProxyKind[][] = [["apache"], ["nginx"], ["haproxy"], ["nginx", "apache"], ["apache", "nginx"]];
  for (const kinds of chains) {
    for (const tls of [false, true]) {
      it(`${kinds.join(" → ")}${tls ? " over TLS" : ""}: the application sees the client's view, and the client's own forwarding headers do not count`, () => {
        const s = chain(kinds, { tls, backend: TRUSTING });
        s.client.request = "GET /x HTTP/1.1\nHost: www.example.com\nX-Forwarded-For: 198.51.100.66\nX-Forwarded-Host: attacker.example\n";
        const texts = simulate(s).generated.frontends ?? [];
        s.proxies.forEach((p, i) => (p.config = texts[i] ?? ""));
        const r = simulate(s);
        expect(r.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
        expect(r.response.status).toBe(200);
        expect(r.environ).toMatchObject({ REMOTE_ADDR: "127.0.0.9", "wsgi.url_scheme": tls ? "https" : "http", HTTP_HOST: "www.example.com", SERVER_PORT: tls ? "443" : "80" });
      });
    }
  }
});
