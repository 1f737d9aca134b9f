import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ModWsgiVersion } from "../types.ts";
import { parseApacheConfig } from "../apache/configParser.ts";
import { parseExpressCommand } from "./commandLine.ts";
import { generateExpressConfig } from "./generate.ts";

const gen = (args: string, version: ModWsgiVersion = "4.9") => {
  const p = parseExpressCommand(`mod_wsgi-express start-server wsgi.py ${args}`, version);
  expect(p.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return generateExpressConfig(p.options, version);
};
const lines = (text: string) => text.split("\n").map((l) => l.trim());

describe("generateExpressConfig: per-option output (modwsgi-behaviour.md §4.2–4.4)", () => {
  const rows: Array<[string, string, ModWsgiVersion, string[], string[]]> = [
    ["--host/--port: Listen host:port, ServerName host (§4.2)", "--host 127.0.0.1 --port 24001", "4.9", ["Listen 127.0.0.1:24001", "ServerName 127.0.0.1"], []],
    ["no --host: Listen PORT, ServerName localhost (§4.2)", "--port 24001", "4.9", ["Listen 24001", "ServerName localhost"], []],
    ["no --server-name: an empty _default_ vhost (4.9.4 and 6.0.5 templates)", "--port 24001", "4.9", ["<VirtualHost _default_:24001>", "</VirtualHost>"], ["Require all denied\n    </Location>"]],
    ["--socket-timeout: Timeout (§4.2)", "--socket-timeout 9", "4.9", ["Timeout 9"], []],
    ["--trust-proxy-header joined on one global line (§4.2)", "--trust-proxy-header X-Forwarded-For --trust-proxy-header X-Forwarded-Proto --trust-proxy 127.0.0.1", "4.9", ["WSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Proto", "WSGITrustedProxies 127.0.0.1"], []],
    ["--map-head-to-get always written (§4.2)", "", "4.9", ["WSGIMapHEADToGET Auto"], []],
    ["--server-name: _default_ deny vhost first (§4.3)", "--port 24001 --server-name app.test", "4.9", ["<VirtualHost _default_:24001>", "Require all denied", "ServerName app.test"], ["ServerName _wsgi_"]],
    ["6.0: ServerName _wsgi_ in _default_ (§0.1)", "--port 24001 --server-name app.test", "6.0", ["ServerName _wsgi_"], []],
    ["www. name: parent-domain 301 with explicit port (§4.3)", "--port 24001 --server-name www.app.test", "4.9", ["ServerName app.test", "Redirect permanent / http://www.app.test:24001/"], []],
    ["--https-only: RewriteRule to https://NAME:HTTPS_PORT (§4.2)", "--port 24001 --server-name app.test --https-only --https-port 24002 --ssl-certificate /c/s", "4.9", ["RewriteCond %{HTTPS} off", "RewriteRule (.*) https://app.test:24002%{REQUEST_URI}", "Listen 24002", "SSLCertificateFile '/c/s.crt'"], []],
    ["--hsts-policy only with --https-only, in the HTTPS vhost (§4.2)", "--server-name a.test --https-only --https-port 8443 --ssl-certificate /c/s --hsts-policy max-age=5", "4.9", ["Header set Strict-Transport-Security max-age=5"], []],
    ["4.9 --allow-localhost: Allow from localhost (§4.2)", "--server-name a.test --allow-localhost", "4.9", ["Require all denied", "Allow from localhost"], ["Require host localhost"]],
    ["6.0 --allow-localhost: Require host localhost (§4.2)", "--server-name a.test --allow-localhost", "6.0", ["Require host localhost"], ["Allow from localhost"]],
    ["4.9 non-slash proxy mount: URL + '/' and bare-prefix 302 (§4.4)", "--proxy-mount-point /api http://b:1/", "4.9", ["ProxyPass '/api/' 'http://b:1//'", "<LocationMatch '^/api$'>", "RewriteRule - http://%{HTTP_HOST}%{REQUEST_URI}/ [R=302,L]", "RequestHeader set X-Forwarded-Port %{SERVER_PORT}e"], ["upgrade=websocket", "X-Forwarded-Prefix"]],
    ["4.9 slash proxy mount: no bare-prefix redirect (§4.4)", "--proxy-mount-point /api/ http://b:1/", "4.9", ["ProxyPass '/api/' 'http://b:1/'"], ["<LocationMatch '^/api$'>"]],
    ["6.0 proxy mount: upgrade=websocket, X-Forwarded-Prefix, no // (§4.4)", "--proxy-mount-point /api http://b:1/", "6.0", ["ProxyPass '/api/' 'http://b:1/' upgrade=websocket", "RequestHeader set X-Forwarded-Prefix /api", "<LocationMatch '^/api$'>"], []],
    ["6.0 --proxy-timeout only with a proxy (§4.2)", "--proxy-timeout 7 --proxy-virtual-host p.test http://b:1/", "6.0", ["ProxyTimeout 7", "ServerName p.test", "RequestHeader set X-Forwarded-Port 8000"], []],
    ["--error-document, --setenv, --passenv (§4.2)", "--error-document 404 /nf --setenv A b --passenv HOME", "4.9", ["ErrorDocument '404' '/nf'", "SetEnv 'A' 'b'", "PassEnv 'HOME'"], []],
    ["--mount-point: the handler Directory under the docroot (§4.2)", "--port 1 --mount-point /app --directory-index index.html", "4.9", ["<Directory '/tmp/mod_wsgi-localhost:1:1000/htdocs/app'>", "RewriteCond %{REQUEST_FILENAME} !-d", "RewriteRule .* - [H=wsgi-handler]", "DirectoryIndex 'index.html'"], []],
    ["--compress-responses: DEFLATE incl. application/json (§4.2)", "--compress-responses", "4.9", ["AddOutputFilterByType DEFLATE text/plain text/html text/xml text/css text/javascript application/xhtml+xml application/javascript application/json"], []],
  ];
  for (const [name, args, version, present, absent] of rows) {
    it(name, () => {
      const g = gen(args, version);
      const ls = lines(g.text);
      for (const p of present) expect(ls).toContain(p);
      for (const a of absent) expect(g.text).not.toContain(a);
      const parsed = parseApacheConfig(g.text, "generated");
      expect(parsed.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    });
  }
});

describe("generateExpressConfig: warnings where deployments break (§4.2, §1.2)", () => {
  const rows: Array<[string, string, string]> = [
    ["--trust-proxy-header without --trust-proxy trusts every client", "--trust-proxy-header X-Forwarded-For", "express-trust-all"],
    ["a header name with _ crashes the worker", "--trust-proxy 10.0.0.1 --trust-proxy-header X_Forwarded_For", "express-header-underscore"],
    ["two headers of one group", "--trust-proxy 10.0.0.1 --trust-proxy-header X-Forwarded-Proto --trust-proxy-header X-Forwarded-Scheme", "express-header-group"],
    ["trusting every IPv4 address", "--trust-proxy 0.0.0.0/0.0.0.0 --trust-proxy-header X-Forwarded-For", "express-trust-broad"],
    ["trusting a public range", "--trust-proxy 8.8.0.0/16 --trust-proxy-header X-Forwarded-For", "express-trust-broad"],
    ["trusting a public IPv6 range", "--trust-proxy 2a00::/16 --trust-proxy-header X-Forwarded-For", "express-trust-broad"],
    ["a /0 mask: APR refuses it and Apache does not start", "--trust-proxy 0.0.0.0/0 --trust-proxy-header X-Forwarded-For", "trusted-proxies-bad-mask"],
    ["a host name: mod_wsgi refuses it and Apache does not start", "--trust-proxy proxy.example --trust-proxy-header X-Forwarded-For", "trusted-proxies-not-an-address"],
    ["HTTPS options without --server-name do nothing", "--https-port 8443 --ssl-certificate /c/s", "express-https-needs-server-name"],
    ["--https-only without --server-name does nothing", "--https-only", "express-https-needs-server-name"],
  ];
  for (const [name, args, code] of rows) {
    it(name, () => {
      expect(gen(args).diagnostics.map((d) => d.code)).toContain(code);
    });
  }
  it("each finding points at the option value it comes from; a value with a blank is two addresses, as Apache splits it", () => {
    const d = gen("--trust-proxy '10.0.0.1 8.8.8.8' --trust-proxy-header X-Forwarded-Proto --trust-proxy-header=X_Forwarded_Scheme").diagnostics;
    expect(d.map((x) => [x.severity, x.code, x.column, x.endColumn])).toEqual([
      ["error", "express-header-underscore", 132, 150],
      ["warning", "express-trust-broad", 63, 70],
    ]);
  });
  it("two headers of one group are a warning at the last one", () => {
    const d = gen("--trust-proxy 10.0.0.1 --trust-proxy-header X-Real-IP --trust-proxy-header X-Forwarded-For").diagnostics;
    expect(d).toMatchObject([{ severity: "warning", code: "express-header-group", column: 114 }]);
  });
  it("4.9: a mount URL ending in / becomes 'URL//' (a warning at the URL; 6.0 strips it)", () => {
    expect(gen("--proxy-mount-point /api http://127.0.0.1:24009/").diagnostics).toMatchObject([{ severity: "warning", code: "express-proxy-double-slash", column: 64 }]);
    expect(gen("--proxy-mount-point /api http://127.0.0.1:24009/", "6.0").diagnostics).toEqual([]);
    expect(gen("--proxy-mount-point /api/ http://127.0.0.1:24009/").diagnostics).toEqual([]);
  });
  it("a --proxy-virtual-host URL without a final / joins every path onto it: a warning at the URL, saying when it is a 500", () => {
    const d = gen("--proxy-virtual-host api.test http://127.0.0.1:24009").diagnostics;
    expect(d).toMatchObject([{ severity: "warning", code: "express-proxy-url-slash", column: 69 }]);
    expect(d[0]!.message).toContain("http://127.0.0.1:24009x, a host name that cannot be looked up: every request gets a 500");
    expect(gen("--proxy-virtual-host api.test http://127.0.0.1:24009/").diagnostics).toEqual([]);
  });
  it("a private proxy address raises no trust warning", () => {
    expect(gen("--trust-proxy 10.0.0.0/8 --trust-proxy-header X-Forwarded-For").diagnostics).toEqual([]);
  });
});

// Every generated configuration passes real `apache2 -t`, wrapped as e2e/conformance/realServers.ts does.
const APACHE = "/usr/sbin/apache2";
const MODULES = "/usr/lib/apache2/modules";
const haveApache = fs.existsSync(APACHE) && fs.existsSync(path.join(MODULES, "mod_wsgi.so"));
if (!haveApache) console.warn(`generate.test.ts: ${APACHE} or mod_wsgi.so is missing: the apache2 -t checks are skipped.`);

function apacheCheck(commandArgs: string, version: ModWsgiVersion): { ok: boolean; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "express-t-"));
  try {
    for (const d of ["run", "logs", "htdocs"]) fs.mkdirSync(path.join(dir, d));
    spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1", "-keyout", path.join(dir, "s.key"), "-out", path.join(dir, "s.crt")], { stdio: "ignore" });
    const p = parseExpressCommand(`mod_wsgi-express start-server wsgi.py ${commandArgs.replaceAll("CERT", path.join(dir, "s"))}`, version);
    const g = generateExpressConfig(p.options, version, { serverRoot: dir, documentRoot: path.join(dir, "htdocs") });
    const mods = ["mpm_event", "authz_core", "authz_host", "authn_core", "access_compat", "alias", "dir", "mime", "headers", "env", "rewrite", "proxy", "proxy_http", "filter", "deflate", "socache_shmcb", "ssl", "wsgi"];
    const wrapper = [
      `ServerRoot '${dir}'`,
      `PidFile '${dir}/run/httpd.pid'`,
      `DefaultRuntimeDir '${dir}/run'`,
      `ErrorLog '${dir}/logs/error.log'`,
      `WSGISocketPrefix '${dir}/run/wsgi'`,
      ...mods.map((m) => `LoadModule ${m}_module ${MODULES}/mod_${m}.so`),
      "TypesConfig /etc/mime.types",
    ];
    const file = path.join(dir, "httpd.conf");
    // LoadModule lines must come before the generated text; WSGISocketPrefix needs mod_wsgi loaded.
    const ordered = [...wrapper.filter((l) => !l.startsWith("WSGISocketPrefix")), wrapper.find((l) => l.startsWith("WSGISocketPrefix"))!];
    fs.writeFileSync(file, ordered.join("\n") + "\n" + g.text);
    const r = spawnSync(APACHE, ["-t", "-d", dir, "-f", file], { encoding: "utf8", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", APACHE_RUN_DIR: path.join(dir, "run") } });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!haveApache)("generated configurations pass real apache2 -t (Apache 2.4.71 + mod_wsgi 4.9.4)", () => {
  const commandLines = [
    "--host 127.0.0.1 --port 24901",
    "--port 24901 --server-name www.app.test --server-alias 'alt.test' --server-alias '*.w.test'",
    "--port 24901 --server-name www.app.test --https-only --https-port 24902 --ssl-certificate CERT --hsts-policy max-age=31536000",
    "--port 24901 --server-name app.test --allow-localhost --https-port 24902 --ssl-certificate CERT",
    "--trust-proxy 127.0.0.1 --trust-proxy 10.0.0.0/8 --trust-proxy-header X-Forwarded-For --trust-proxy-header X-Forwarded-Proto",
    "--proxy-mount-point /api http://127.0.0.1:24909/ --proxy-mount-point /b/ http://127.0.0.1:24909 --proxy-virtual-host p.test http://127.0.0.1:24909/",
    "--mount-point /app --directory-index index.html --url-alias /static /tmp --error-document 404 /nf.html --setenv A 'b' --passenv PATH --map-head-to-get Off --compress-responses",
  ];
  for (const version of ["4.9", "6.0"] as const) {
    for (const args of commandLines) {
      it(`${version}: ${args}`, () => {
        const r = apacheCheck(args, version);
        expect(r.output).toContain("Syntax OK");
        expect(r.ok).toBe(true);
      });
    }
  }
  it("6.0 --proxy-timeout", () => {
    expect(apacheCheck("--proxy-timeout 5 --proxy-mount-point /api http://127.0.0.1:24909/", "6.0").ok).toBe(true);
  });
  it("a --hsts-policy with a blank makes Apache refuse the configuration (the error diagnostic's claim)", () => {
    const r = apacheCheck("--port 24901 --server-name a.test --https-only --https-port 24902 --ssl-certificate CERT --hsts-policy 'max-age=5; includeSubDomains'", "4.9");
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/includeSubDomains/);
  });
});
