import { describe, expect, it } from "vitest";
import { matchAbbreviation, parseExpressCommand, tokenize } from "./commandLine.ts";

describe("tokenize: POSIX shell words", () => {
  const rows: Array<[string, string, string[]]> = [
    ["blanks split words", "a  b\tc", ["a", "b", "c"]],
    ["single quotes are literal", `'a b\\c' d`, ["a b\\c", "d"]],
    ["double quotes keep blanks, \\ escapes \" $ \\", `"a \\"b\\" \\x" d`, ['a "b" \\x', "d"]],
    ["unquoted backslash escapes the next character", `a\\ b c`, ["a b", "c"]],
    ["backslash-newline joins lines", "a \\\n  b\\\nc", ["a", "bc"]],
    ["adjacent quoted parts make one word", `--x='a b'"c"d`, ["--x=a bc" + "d"]],
    ["# at the start of a word is a comment", "a #b c\nd", ["a", "d"]],
    ["# inside a word is literal", "a#b", ["a#b"]],
    ["empty quotes make an empty word", "a '' b", ["a", "", "b"]],
  ];
  for (const [name, text, words] of rows) {
    it(name, () => {
      const r = tokenize(text, "backend.config");
      expect(r.tokens.map((t) => t.text)).toEqual(words);
      expect(r.diagnostics).toEqual([]);
    });
  }

  it("tokens keep line and column across continuations", () => {
    const r = tokenize("mod_wsgi-express start-server \\\n    --port 'x'", "backend.config");
    expect(r.tokens.map((t) => [t.text, t.line, t.column, t.endColumn])).toEqual([
      ["mod_wsgi-express", 1, 1, 17],
      ["start-server", 1, 18, 30],
      ["--port", 2, 5, 11],
      ["x", 2, 12, 15],
    ]);
  });

  it("an unterminated quote is an error at the quote", () => {
    const r = tokenize("a 'b c", "backend.config");
    expect(r.diagnostics).toMatchObject([{ severity: "error", code: "express-unterminated-quote", line: 1, column: 3 }]);
  });

  it("an unquoted ; ends the command (warning there)", () => {
    const r = tokenize("a --hsts-policy max-age=1;includeSubDomains", "backend.config");
    expect(r.tokens.map((t) => t.text)).toEqual(["a", "--hsts-policy", "max-age=1"]);
    expect(r.diagnostics).toMatchObject([{ severity: "warning", code: "express-command-separator", column: 26 }]);
  });
});

describe("parseExpressCommand (options of modwsgi-behaviour.md §4.2)", () => {
  it("defaults: port 8000, mount point /, map-head-to-get Auto, socket-timeout 60", () => {
    const { options, diagnostics } = parseExpressCommand("mod_wsgi-express start-server wsgi.py", "4.9");
    expect(diagnostics).toEqual([]);
    expect(options).toMatchObject({ command: "start-server", script: "wsgi.py", host: null, port: 8000, mountPoint: "/", mapHeadToGet: "Auto", socketTimeout: 60, serverName: null });
  });

  const rows: Array<[string, string, (o: any) => unknown, unknown]> = [
    ["--opt value", "--port 24001", (o) => o.port, 24001],
    ["--opt=value", "--port=24001", (o) => o.port, 24001],
    ["--ssl-port is --https-port (hidden alias, §0.1)", "--ssl-port 8443", (o) => o.httpsPort, 8443],
    ["--proxy-url-alias is --proxy-mount-point (§4.2)", "--proxy-url-alias /api http://b/", (o) => o.proxyMountPoints.map((p: any) => [p.mount, p.url]), [["/api", "http://b/"]]],
    ["two-value option with =", "--setenv=A 'b c'", (o) => o.setenv, [{ name: "A", value: "b c" }]],
    ["repeatable --server-alias", "--server-alias a --server-alias '*.b'", (o) => o.serverAliases, ["a", "*.b"]],
    ["repeatable --trust-proxy-header", "--trust-proxy-header X-Forwarded-For --trust-proxy-header X-Forwarded-Proto", (o) => o.trustProxyHeader.map((h: any) => h.value), ["X-Forwarded-For", "X-Forwarded-Proto"]],
    ["--mount-point without / becomes normpath('/'+p) (§4.2)", "--mount-point app/../x/", (o) => o.mountPoint, "/x"],
    ["--mount-point with / is kept verbatim", "--mount-point /x/", (o) => o.mountPoint, "/x/"],
    ["flags", "--https-only --allow-localhost --compress-responses", (o) => [!!o.httpsOnly, o.allowLocalhost, o.compressResponses], [true, true, true]],
    ["--map-head-to-get Off", "--map-head-to-get Off", (o) => o.mapHeadToGet, "Off"],
    ["--application-type module", "--application-type module", (o) => o.applicationType, "module"],
    ["--error-document", "--error-document 404 /nf.html", (o) => o.errorDocuments, [{ status: "404", url: "/nf.html" }]],
  ];
  for (const [name, args, pick, want] of rows) {
    it(name, () => {
      const r = parseExpressCommand(`mod_wsgi-express start-server wsgi.py ${args}`, "4.9");
      expect(r.diagnostics).toEqual([]);
      expect(pick(r.options)).toEqual(want);
    });
  }

  const errors: Array<[string, string, "4.9" | "6.0", string, number]> = [
    ["unknown option", "--frobnicate", "4.9", "express-unknown-option", 39],
    ["6.0-only --proxy-timeout in 4.9", "--proxy-timeout 5", "4.9", "express-option-version", 39],
    ["missing value", "--port", "4.9", "express-missing-value", 39],
    ["port not an integer (at the value)", "--port abc", "4.9", "express-bad-value", 46],
    ["port out of range", "--port=70000", "4.9", "express-bad-value", 46],
    ["--map-head-to-get Maybe", "--map-head-to-get Maybe", "6.0", "express-bad-value", 57],
    ["--hsts-policy with a space", "--hsts-policy 'max-age=1; includeSubDomains'", "6.0", "express-hsts-space", 53],
    ["6.0-only --telemetry-service in 4.9 (says 6.0.5 has it)", "--telemetry-service x", "4.9", "express-unknown-option", 39],
    ["4.9-only --with-newrelic in 6.0", "--with-newrelic", "6.0", "express-unknown-option", 39],
    ["flag given a value", "--https-only=yes", "4.9", "express-bad-value", 39],
  ];
  for (const [name, args, version, code, column] of errors) {
    it(`error: ${name}`, () => {
      const r = parseExpressCommand(`mod_wsgi-express start-server wsgi.py ${args}`, version);
      expect(r.diagnostics).toMatchObject([{ severity: "error", code, line: 1, column, source: "backend.config" }]);
    });
  }

  it("other express options are accepted with an info diagnostic and their values consumed", () => {
    const r = parseExpressCommand("mod_wsgi-express start-server wsgi.py --processes 3 --threads=5 --access-log --port 9000", "4.9");
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([
      ["info", "express-option-not-modelled"],
      ["info", "express-option-not-modelled"],
      ["info", "express-option-not-modelled"],
    ]);
    expect(r.options.port).toBe(9000);
    expect(r.options.script).toBe("wsgi.py");
  });

  it("--application-type is not validated by express: an odd value is a warning (loaded as a script)", () => {
    expect(parseExpressCommand("mod_wsgi-express start-server --application-type bogus", "4.9").diagnostics).toMatchObject([{ severity: "warning", code: "express-bad-value" }]);
  });

  it("6.0: certificate options without --https-port are an error; 4.9 accepts them (§4.2)", () => {
    expect(parseExpressCommand("mod_wsgi-express start-server --ssl-certificate /c/s", "6.0").diagnostics).toMatchObject([{ severity: "error", code: "express-ssl-needs-https-port", column: 31 }]);
    expect(parseExpressCommand("mod_wsgi-express start-server --ssl-certificate /c/s", "4.9").diagnostics).toEqual([]);
  });

  it("--proxy-timeout is accepted in 6.0", () => {
    const r = parseExpressCommand("mod_wsgi-express start-server --proxy-timeout 5", "6.0");
    expect(r.diagnostics).toEqual([]);
    expect(r.options.proxyTimeout).toBe(5);
  });

  it("a command line that is not start-server/setup-server is an error", () => {
    expect(parseExpressCommand("mod_wsgi-express serve", "4.9").diagnostics).toMatchObject([{ code: "express-no-command", column: 18 }]);
    expect(parseExpressCommand("setup-server --port 1", "4.9").diagnostics).toEqual([]);
  });

  it("errors on a continued line point at that line", () => {
    const r = parseExpressCommand("mod_wsgi-express start-server \\\n  --port 80 \\\n  --nope", "4.9");
    expect(r.diagnostics).toMatchObject([{ code: "express-unknown-option", line: 3, column: 3, endColumn: 9 }]);
  });
});

describe("option prefixes: optparse's _match_abbrev (4.9.4 and 6.0.5 both parse with optparse)", () => {
  const p = (args: string, version: "4.9" | "6.0" = "4.9") => parseExpressCommand(`mod_wsgi-express start-server ${args}`, version);

  it("an unambiguous start of a name stands for the option (info at the token)", () => {
    const r = p("--server-n www.app.test --trust-proxy-h X-Forwarded-For --trust-proxy 10.0.0.1 --https-o");
    expect(r.options.serverName?.value).toBe("www.app.test");
    expect(r.options.trustProxyHeader.map((h) => h.value)).toEqual(["X-Forwarded-For"]);
    expect(r.options.httpsOnly?.value).toBe(true);
    expect(r.diagnostics.filter((d) => d.code === "express-option-prefix").map((d) => [d.severity, d.column])).toEqual([["info", 31], ["info", 55], ["info", 110]]);
  });

  it("--opt=value works with a prefix too", () => {
    expect(p("--mount-p=/app").options.mountPoint).toBe("/app");
  });

  it("an exact name wins over longer names it starts (--trust-proxy is not ambiguous with --trust-proxy-header)", () => {
    expect(matchAbbreviation("--trust-proxy", "4.9")).toEqual({ kind: "exact" });
    expect(p("--trust-proxy 10.0.0.1").diagnostics).toEqual([]);
  });

  it("an ambiguous prefix is an error at the token, listing the candidates sorted as optparse does", () => {
    const r = p("--port 8000 --server x");
    expect(r.diagnostics).toMatchObject([{ severity: "error", code: "express-ambiguous-option", line: 1, column: 43, endColumn: 51 }]);
    expect(r.diagnostics[0]!.message).toContain("ambiguous option: --server (--server-alias, --server-backlog, --server-metrics, --server-mpm, --server-name, --server-root, --server-status?)");
  });

  it("hidden aliases and the version's own options count: --ssl-p is --ssl-port; --proxy-t is only 6.0's --proxy-timeout", () => {
    expect(p("--ssl-p 8443").options.httpsPort).toBe(8443);
    expect(matchAbbreviation("--proxy-t", "6.0")).toEqual({ kind: "prefix", name: "--proxy-timeout" });
    expect(matchAbbreviation("--proxy-t", "4.9")).toEqual({ kind: "none" });
    expect(matchAbbreviation("--with-newr", "4.9")).toEqual({ kind: "ambiguous", candidates: ["--with-newrelic", "--with-newrelic-agent", "--with-newrelic-platform"] });
  });

  it("--help (or a prefix only it has) prints the help and starts nothing: an error", () => {
    expect(p("--hel").diagnostics).toMatchObject([{ severity: "error", code: "express-help" }]);
  });
});
