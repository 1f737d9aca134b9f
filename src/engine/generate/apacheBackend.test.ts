/**
 * The back end's manual Apache configuration: what it holds, that real `apache2 -t` accepts it, and that
 * simulating the scenario rebuilt from it gives the same environ as the original.
 */
import { describe, expect, it } from "vitest";
import { simulate, type Scenario } from "../index.ts";
import { referenceExample } from "../../site/lib/referenceExample.ts";
import { apacheSyntax, apacheMissing } from "../testing/serverSyntax.ts";
import { TLS_CERT, TLS_KEY } from "./frontEnds.ts";

function withBackend(config: string, extra: Partial<Scenario["backend"]> = {}, request?: string): Scenario {
  const s = referenceExample();
  s.backend = { ...s.backend, config, ...extra };
  if (request) s.client.request = request;
  return s;
}

const REF = referenceExample().backend.config;

/** Named rows: a back-end config and lines its generated text must contain. */
const rows: { name: string; scenario: Scenario; contains: string[] }[] = [
  { name: "reference example", scenario: referenceExample(), contains: ["Listen 127.0.0.1:8000", "<VirtualHost 127.0.0.1:8000>", "    ServerName 127.0.0.1", "    WSGIDaemonProcess app", "    WSGIProcessGroup app", "    WSGIApplicationGroup %{GLOBAL}", "    WSGIScriptAlias / /srv/example/wsgi.py", "    WSGITrustedProxies 127.0.0.1", "    <Directory /srv/example>", "        Require all granted"] },
  { name: "directories become Alias entries", scenario: withBackend(REF, { directories: ["/static", "/media/"] }), contains: ["    Alias /static /var/www/html/static", "    Alias /media /var/www/html/media", "    <Directory /var/www/html/media>"] },
  { name: "no WSGIScriptAlias: the application at /", scenario: withBackend("WSGITrustedProxies 127.0.0.1\nWSGITrustedProxyHeaders X-Forwarded-For\n"), contains: ["    WSGIScriptAlias / /srv/app/wsgi.py", "    <Directory /srv/app>"] },
  { name: "own ServerName and process group kept", scenario: withBackend("ServerName app.internal\nWSGIDaemonProcess web processes=2 threads=4\nWSGIProcessGroup web\nWSGIScriptAlias /app /srv/app/wsgi.py\n", {}, "GET /app/x HTTP/1.1\nHost: www.example.com\n"), contains: ["    ServerName app.internal", "    WSGIDaemonProcess web processes=2 threads=4", "    WSGIProcessGroup web", "    WSGIScriptAlias /app /srv/app/wsgi.py"] },
  { name: "server-only directives stay outside the virtual host", scenario: withBackend(`ThreadsPerChild 10\n${REF}`), contains: ["ThreadsPerChild 10\n<VirtualHost 127.0.0.1:8000>"] },
  { name: "a section is kept as written", scenario: withBackend(`${REF}<Location /private>\n    Require all denied\n</Location>\n`), contains: ["    <Location /private>", "        Require all denied", "    </Location>"] },
  { name: "the scenario's own virtual host is kept", scenario: withBackend(`<VirtualHost *:8000>\n    ServerName www.example.com\n    WSGIScriptAlias / /srv/v/wsgi.py\n    WSGITrustedProxies 127.0.0.1\n    WSGITrustedProxyHeaders X-Forwarded-For\n</VirtualHost>\n`), contains: ["Listen 127.0.0.1:8000\n<VirtualHost *:8000>", "WSGIProcessGroup app", "<Directory /srv/v>"] },
  { name: "a lone CR stays inside its line, where Apache reads it as a blank (AC11); CRLF becomes LF", scenario: withBackend(`${REF.replace(/\n/g, "\r\n")}RequestHeader set X-A 1 \r early\r\n`), contains: ["    WSGITrustedProxies 127.0.0.1\n", "    RequestHeader set X-A 1 \r early\n"] },
  { name: "HEAD mapping and header directives", scenario: withBackend(`${REF}WSGIMapHEADToGET Off\nRequestHeader set X-Forwarded-Port 443\n`), contains: ["    WSGIMapHEADToGET Off", "    RequestHeader set X-Forwarded-Port 443"] },
];

/** Environ keys the generated daemon process group legitimately changes when the scenario ran embedded. */
const PROCESS_MODEL_KEYS = ["mod_wsgi.process_group", "mod_wsgi.application_group", "wsgi.multiprocess", "wsgi.multithread"];

describe("generated back-end Apache configuration", () => {
  const skip = apacheMissing();
  if (skip) it.skip(`apache2 -t: ${skip}`, () => {});
  for (const row of rows) {
    describe(row.name, () => {
      const result = simulate(row.scenario);
      const text = result.generated.apache ?? "";
      it("starts with the permalink and versions, and holds the expected lines", () => {
        expect(text.split("\n")[0]).toMatch(/^# Proxy Playground #v2\.f1\.e[0-9A-Za-z.-]+\.[A-Za-z0-9_-]+ \| engine \d+\.\d+\.\d+, mod_wsgi (4\.9|6\.0) behaviour, Apache 2\.4\.71, nginx 1\.22\.1$/);
        for (const c of row.contains) expect(text).toContain(c);
      });
      it.skipIf(skip !== null)("passes apache2 -t", () => {
        const check = apacheSyntax(text, [TLS_CERT, TLS_KEY]);
        expect(check.output).toMatch(/Syntax OK/);
        expect(check.ok).toBe(true);
      });
      it("round trip: the scenario rebuilt from it gives the same environ", () => {
        const rebuilt = { ...row.scenario, backend: { ...row.scenario.backend, config: text } };
        const again = simulate(rebuilt);
        expect(again.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        const strip = (env: Record<string, string> | null) => {
          if (!env) return env;
          const out = { ...env };
          if (!/WSGIProcessGroup/i.test(row.scenario.backend.config)) for (const k of PROCESS_MODEL_KEYS) delete out[k];
          return out;
        };
        expect(result.environ).not.toBeNull();
        expect(strip(again.environ)).toEqual(strip(result.environ));
        expect(again.response.status).toBe(result.response.status);
      });
    });
  }

  it("leaves a mod_wsgi-express back end alone", () => {
    const s = referenceExample();
    s.backend = { ...s.backend, server: "mod_wsgi-express", config: "mod_wsgi-express start-server wsgi.py --port 8000" };
    const r = simulate(s);
    expect(r.generated.express).toBeUndefined();
    expect(r.generated.frontends?.length).toBe(1);
    expect(r.generated.curl).toMatch(/^curl /m);
  });
});
