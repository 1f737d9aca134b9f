import { describe, expect, it } from "vitest";
import { simulate } from "../pipeline.ts";
import { walkDocumentRoot } from "./server.ts";
import type { ModWsgiVersion } from "../types.ts";

const run = (args: string, request: string, opts: { version?: ModWsgiVersion; tls?: boolean; listen?: string; peer?: string } = {}) =>
  simulate({
    version: 1,
    modwsgi: opts.version ?? "4.9",
    client: { address: opts.peer ?? "127.0.0.9", tls: opts.tls ?? false, request },
    proxies: [],
    backend: { server: "mod_wsgi-express", listen: opts.listen ?? "127.0.0.1:24001", address: "127.0.0.1", config: `mod_wsgi-express start-server wsgi.py --host 127.0.0.1 --port 24001 ${args}` },
  });

describe("mod_wsgi-express back end (modwsgi-behaviour.md §4.3, §4.4, §2.6)", () => {
  const rows: Array<[string, string, string, number, string | undefined]> = [
    ["a Host matching no name gets the _default_ vhost's 403 (§4.3)", "--server-name www.app.test", "GET / HTTP/1.1\nHost: other.test\n", 403, undefined],
    ["the named vhost serves the app", "--server-name www.app.test", "GET /x HTTP/1.1\nHost: www.app.test\n", 200, undefined],
    ["ServerAlias wildcards match", "--server-name app.test --server-alias '*.alt.test'", "GET /x HTTP/1.1\nHost: a.alt.test\n", 200, undefined],
    ["the parent domain gets a 301 keeping path and query, port explicit (§4.3)", "--server-name www.app.test", "GET /a/b?q=1 HTTP/1.1\nHost: app.test\n", 301, "http://www.app.test:24001/a/b?q=1"],
    ["--https-only: 302 to https://NAME:HTTPS_PORT + URI and query (§4.2)", "--server-name app.test --https-only --https-port 24002 --ssl-certificate /c/s", "GET /a?q=1 HTTP/1.1\nHost: app.test\n", 302, "https://app.test:24002/a?q=1"],
    ["--https-only does not redirect the _default_ vhost: 403 (§4.2)", "--server-name app.test --https-only --https-port 24002 --ssl-certificate /c/s", "GET /a HTTP/1.1\nHost: localhost\n", 403, undefined],
    ["4.9 bare proxy prefix: 302 to http://HOST/prefix/ (§4.4)", "--proxy-mount-point /api http://127.0.0.1:24009/", "GET /api?x=1 HTTP/1.1\nHost: h.test:24001\n", 302, "http://h.test:24001/api/?x=1"],
    ["no --server-name: every Host reaches the app", "", "GET / HTTP/1.1\nHost: anything\n", 200, undefined],
  ];
  for (const [name, args, request, status, location] of rows) {
    it(name, () => {
      const r = run(args, request);
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(r.response.status).toBe(status);
      expect(r.response.headers.Location).toBe(location);
      expect(r.generated.apache).toContain("WSGIHandlerScript wsgi-handler");
      expect(r.trace.some((t) => t.step.startsWith("mod_wsgi-express."))).toBe(true);
    });
  }

  it("4.9: a slash proxy mount has no bare-prefix redirect; the app gets /api (§4.4)", () => {
    const r = run("--proxy-mount-point /api/ http://127.0.0.1:24009/", "GET /api HTTP/1.1\nHost: h\n");
    expect(r.response.status).toBe(200);
    expect(r.environ?.PATH_INFO).toBe("/api");
  });

  it("6.0: a slash proxy mount redirects the bare prefix too (§4.4)", () => {
    expect(run("--proxy-mount-point /api/ http://127.0.0.1:24009/", "GET /api HTTP/1.1\nHost: h\n", { version: "6.0" }).response.status).toBe(302);
  });

  it("4.9 --allow-localhost has no effect: still 403 from 127.0.0.1 (§4.2)", () => {
    expect(run("--server-name app.test --allow-localhost", "GET / HTTP/1.1\nHost: x\n", { peer: "127.0.0.1" }).response.status).toBe(403);
  });

  it("6.0 --allow-localhost admits 127.0.0.1 (§4.2)", () => {
    expect(run("--server-name app.test --allow-localhost", "GET / HTTP/1.1\nHost: x\n", { peer: "127.0.0.1", version: "6.0" }).response.status).toBe(200);
  });

  it("HSTS on the HTTPS named vhost with --https-only (§4.2)", () => {
    const r = run("--server-name app.test --https-only --https-port 24002 --ssl-certificate /c/s --hsts-policy max-age=5", "GET / HTTP/1.1\nHost: app.test\n", { tls: true, listen: "127.0.0.1:24002" });
    expect(r.response.status).toBe(200);
    expect(r.response.headers["Strict-Transport-Security"]).toBe("max-age=5");
  });

  it("no --server-name with --proxy-virtual-host: the empty _default_ vhost still serves other Hosts", () => {
    expect(run("--proxy-virtual-host p.test http://127.0.0.1:24009/", "GET / HTTP/1.1\nHost: other\n").response.status).toBe(200);
    expect(run("--proxy-virtual-host p.test http://127.0.0.1:24009/", "GET / HTTP/1.1\nHost: p.test\n").response.status).toBe(0);
  });

  it("handler: SCRIPT_NAME '' and the whole path in PATH_INFO (§2.6)", () => {
    const r = run("", "GET /a/b HTTP/1.1\nHost: h\n");
    expect([r.environ?.SCRIPT_NAME, r.environ?.PATH_INFO]).toEqual(["", "/a/b"]);
  });

  it("handler with --mount-point: SCRIPT_NAME = mount, prefix cut (§2.6)", () => {
    const r = run("--mount-point /app", "GET /app/x HTTP/1.1\nHost: h\n");
    expect([r.environ?.SCRIPT_NAME, r.environ?.PATH_INFO]).toEqual(["/app", "/x"]);
  });

  it("--mount-point /app: a path outside the mount point's directory never reaches the handler, even /application (404; corpus express-mount-*)", () => {
    for (const path of ["/application/x", "/"]) {
      const r = run("--mount-point /app", `GET ${path} HTTP/1.1\nHost: h\n`);
      expect([r.response.status, r.environ]).toEqual([404, null]);
    }
    expect(run("--mount-point /app --url-alias /static /srv/static", "GET /static/ HTTP/1.1\nHost: h\n").response.status).toBe(200);
  });

  it("handler with a trusted X-Script-Name keeps it as SCRIPT_NAME (§2.6)", () => {
    const r = run("--trust-proxy-header X-Script-Name", "GET /a HTTP/1.1\nHost: h\nX-Script-Name: /pre\n");
    expect([r.environ?.SCRIPT_NAME, r.environ?.PATH_INFO]).toEqual(["/pre", "/a"]);
  });

  it("SetEnv adds to the environ; PassEnv is traced", () => {
    const r = run("--setenv APP_MODE prod --passenv HOME", "GET / HTTP/1.1\nHost: h\n");
    expect(r.environ?.APP_MODE).toBe("prod");
    expect(r.trace.some((t) => t.step === "mod_wsgi-express.passenv")).toBe(true);
  });

  it("HEAD is mapped to GET per --map-head-to-get On", () => {
    expect(run("--map-head-to-get On", "HEAD / HTTP/1.1\nHost: h\n").environ?.REQUEST_METHOD).toBe("GET");
    expect(run("--map-head-to-get Off", "HEAD / HTTP/1.1\nHost: h\n").environ?.REQUEST_METHOD).toBe("HEAD");
  });

  it("a command-line error: nothing listens (status 0), diagnostics at the token", () => {
    const r = run("--port nope", "GET / HTTP/1.1\nHost: h\n");
    expect(r.response.status).toBe(0);
    expect(r.diagnostics).toMatchObject([{ code: "express-bad-value", source: "backend.config", line: 1, column: 76 }]);
  });
});

describe("walkDocumentRoot: Apache's directory walk under express's document root (checked on Apache 2.4.71)", () => {
  const rows: Array<[string, string, string, string, string]> = [
    ["the docroot itself", "/", "/", "/", ""],
    ["first missing segment ends SCRIPT_NAME", "/a/b", "/", "/a", "/b"],
    ["a single segment", "/x", "/", "/x", ""],
    ["a trailing slash stays in PATH_INFO", "/a/", "/", "/a", "/"],
    ["the mount point's directories exist", "/app/x/y", "/app", "/app/x", "/y"],
    ["a path that is all directories", "/app", "/app", "/app", ""],
  ];
  for (const [name, path, mount, sn, pi] of rows) {
    it(name, () => expect(walkDocumentRoot(path, mount)).toEqual({ scriptName: sn, pathInfo: pi }));
  }
});

describe("mod_wsgi-express back end: --error-document (checked on Apache 2.4.71 + mod_wsgi 4.9.4, corpus express-error-document-*)", () => {
  const alias = "--url-alias /static /srv/static";
  it("a local path for the _default_ vhost's 403: the internal redirect is denied too, and the stock page says so", () => {
    const r = run("--server-name a.test --error-document 403 /denied.html", "GET / HTTP/1.1\nHost: other\n");
    expect(r.response.status).toBe(403);
    expect(r.response.body).toContain("<p>Additionally, a 403 Forbidden\nerror was encountered while trying to use an ErrorDocument to handle the request.</p>");
    expect(r.trace.some((t) => t.step === "mod_wsgi-express.error-document")).toBe(true);
  });

  it("an absolute URL: 302 to it", () => {
    const r = run("--server-name a.test --error-document 403 https://errors.example.com/403.html", "GET / HTTP/1.1\nHost: other\n");
    expect([r.response.status, r.response.headers.Location]).toEqual([302, "https://errors.example.com/403.html"]);
  });

  it("a local path the application answers: its status and environ, with REDIRECT_* and the first REQUEST_URI", () => {
    const r = run(`${alias} --error-document 404 /not-found --setenv MODE prod`, "POST /static/missing.css?v=2 HTTP/1.1\nHost: h\nContent-Length: 0\n");
    expect(r.response.status).toBe(200);
    expect(r.environ).toMatchObject({ PATH_INFO: "/not-found", REQUEST_METHOD: "GET", REDIRECT_URL: "/static/missing.css", REDIRECT_STATUS: "404", REDIRECT_REQUEST_METHOD: "POST", REDIRECT_QUERY_STRING: "v=2", REDIRECT_MODE: "prod", QUERY_STRING: "", REQUEST_URI: "/static/missing.css?v=2" });
  });

  it("a local path served from disk keeps the error status", () => {
    const r = run(`${alias} --error-document 404 /static/`, "GET /static/x HTTP/1.1\nHost: h\n");
    expect([r.response.status, r.response.headers["Content-Type"], r.environ]).toEqual([404, "text/html", null]);
  });

  it("a local path that fails as well: the stock page of the first status, saying so", () => {
    const r = run(`${alias} --error-document 404 /static/gone.html`, "GET /static/x HTTP/1.1\nHost: h\n");
    expect(r.response.status).toBe(404);
    expect(r.response.body).toContain("Additionally, a 404 Not Found\nerror was encountered");
  });

  it("a value with a blank is a message, sent as the page", () => {
    const r = run(`${alias} --error-document 404 'Nothing here'`, "GET /static/x HTTP/1.1\nHost: h\n");
    expect([r.response.status, r.response.body]).toEqual([404, "Nothing here"]);
  });
});

describe("mod_wsgi-express back end: --url-alias serves a directory from disk (corpus express-url-alias-*)", () => {
  const alias = "--url-alias /static /srv/static";
  it("the index.html for the directory, not the application", () => {
    const r = run(alias, "GET /static/ HTTP/1.1\nHost: h\n");
    expect([r.response.status, r.environ]).toEqual([200, null]);
  });
  it("mod_dir's trailing-slash 301 from the Host, the query kept", () => {
    expect(run(alias, "GET /static?q=1 HTTP/1.1\nHost: www.example.com:24001\n").response.headers.Location).toBe("http://www.example.com:24001/static/?q=1");
  });
  it("a missing file is a 404; other paths reach the application", () => {
    expect(run(alias, "GET /static/a.css HTTP/1.1\nHost: h\n").response.status).toBe(404);
    expect(run(alias, "GET /staticky HTTP/1.1\nHost: h\n").environ?.PATH_INFO).toBe("/staticky");
  });
});

describe("mod_wsgi-express 4.9 bare-prefix rule 'RewriteRule -': it matches only a file name with a '-'", () => {
  it("with --document-root /srv/www (no '-'), /api is not redirected: 404", () => {
    const r = run("--document-root /srv/www --proxy-mount-point /api http://127.0.0.1:24009", "GET /api HTTP/1.1\nHost: h\n");
    expect(r.response.status).toBe(404);
  });
  it("6.0 writes '.*': redirected whatever the document root", () => {
    expect(run("--document-root /srv/www --proxy-mount-point /api http://127.0.0.1:24009", "GET /api HTTP/1.1\nHost: h\n", { version: "6.0" }).response.status).toBe(302);
  });
});
