/** The mod_wsgi-express command line for an Apache + mod_wsgi back end, or its absence with a note. */
import { describe, expect, it } from "vitest";
import { simulate, type Scenario } from "../index.ts";
import { referenceExample } from "../../site/lib/referenceExample.ts";

function withBackend(config: string, directories?: string[]): Scenario {
  const s = referenceExample();
  s.backend = { ...s.backend, config, ...(directories ? { directories } : {}) };
  return s;
}

const REF = referenceExample().backend.config;

const rows: { name: string; scenario: Scenario; lines?: string[]; refused?: RegExp }[] = [
  {
    name: "reference example",
    scenario: referenceExample(),
    lines: ["mod_wsgi-express start-server /srv/example/wsgi.py \\", "    --host 127.0.0.1 \\", "    --port 8000 \\", "    --trust-proxy 127.0.0.1 \\", "    --trust-proxy-header X-Forwarded-For \\", "    --trust-proxy-header X-Forwarded-Port"],
  },
  { name: "mount point, server name, HEAD mapping", scenario: withBackend("ServerName www.example.com\nWSGIScriptAlias /app /srv/app/wsgi.py\nWSGIMapHEADToGET On\n"), lines: ["    --mount-point /app \\", "    --server-name www.example.com \\", "    --map-head-to-get On"] },
  { name: "directories as url aliases", scenario: withBackend(REF, ["/static"]), lines: ["    --url-alias /static /var/www/html/static"] },
  { name: "daemon sizing", scenario: withBackend(`WSGIDaemonProcess web processes=2 threads=4\nWSGIProcessGroup web\n${REF}`), lines: ["    --processes 2 \\", "    --threads 4 \\"] },
  { name: "no WSGIScriptAlias: the conventional script", scenario: withBackend("WSGITrustedProxies 10.0.0.1\n"), lines: ["mod_wsgi-express start-server /srv/app/wsgi.py \\"] },
  { name: "RequestHeader has no option", scenario: withBackend(`${REF}RequestHeader set X-Forwarded-Port 443\n`), refused: /RequestHeader \(line 4\) has no mod_wsgi-express equivalent/ },
  { name: "a section has no option", scenario: withBackend(`<VirtualHost *:8000>\n${REF}</VirtualHost>\n`), refused: /<VirtualHost> \(line 1\)/ },
  { name: "two mounts", scenario: withBackend("WSGIScriptAlias /a /srv/a.py\nWSGIScriptAlias /b /srv/b.py\n"), refused: /second WSGIScriptAlias/ },
  { name: "an application group other than %{GLOBAL}", scenario: withBackend(`WSGIApplicationGroup mine\n${REF}`), refused: /WSGIApplicationGroup mine/ },
];

describe("generated mod_wsgi-express command", () => {
  for (const row of rows) {
    it(row.name, () => {
      const r = simulate(row.scenario);
      if (row.refused) {
        expect(r.generated.express).toBeUndefined();
        expect(r.generated.notes?.find((t) => t.step === "generate.express")?.message).toMatch(row.refused);
        expect(r.generated.apache).toBeDefined();
        return;
      }
      const text = r.generated.express ?? "";
      expect(text.split("\n")[0]).toMatch(/^# Proxy Playground #v2\.f1\.e/);
      for (const l of row.lines ?? []) expect(text.split("\n")).toContain(l);
      if (text.includes("--server-name")) expect(r.generated.notes?.find((t) => t.step === "generate.express")?.message).toMatch(/403 to any other Host/);
    });
  }
});
