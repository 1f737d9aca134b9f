/**
 * The nginx config reader against `nginx -t`. Every message row was run through `nginx -t -c <file> -p
 * <prefix>` on nginx 1.22.1 (Debian 12), the text being the inside of one server block (scenario format v1),
 * and the row holds nginx's message verbatim; `line` is nginx's line where the two agree, the column is this
 * model's.
 */
import { describe, expect, it } from "vitest";
import { parseNginxConfig } from "./configParser.ts";
import { nginxModelFor } from "./frontEnd.ts";
import { simulate } from "../pipeline.ts";

/** All diagnostics of a text as the front end sees them: syntax, contexts, and the handlers' checks. */
function messages(text: string): { severity: string; message: string; line: number; column: number }[] {
  const { diagnostics } = nginxModelFor({ server: "nginx", listen: "127.0.0.1:19999", address: "127.0.0.2", config: text }, 0, false);
  return diagnostics.map((d) => ({ severity: d.severity, message: d.message, line: d.line, column: d.column }));
}

describe("structure (ngx_conf_read_token, ngx_conf_parse)", () => {
  it.each([
    ["a stray } at the top (ngx_conf_parse: not in a block)", "location / {\n  proxy_pass http://127.0.0.1:19999/;\n}\n}\n", 'unexpected "}"', 4, 1],
    ["a word glued to a closing quote (need_space)", 'location / {\n  proxy_pass "http://127.0.0.1:19999/"x;\n}\n', 'unexpected "x"', 2, 39],
    ["two quoted words glued", "proxy_set_header X-Sq 'it''s';\n", `unexpected "'"`, 1, 27],
    ["; with no directive name", "location / { ; }\n", 'unexpected ";"', 1, 14],
    ["{ with no directive name", "{ }\n", 'unexpected "{"', 1, 1],
    ["end of text inside a block", "location / {\n  proxy_pass http://127.0.0.1:19999/;\n", 'unexpected end of file, expecting "}"', 3, 1],
    ["end of text inside a directive", "proxy_pass http://127.0.0.1:19999/", 'unexpected end of file, expecting ";" or "}"', 1, 35],
    ["end of text inside quotes", 'proxy_set_header X "abc', 'unexpected end of file, expecting ";" or "}"', 1, 24],
  ])("%s", (_name, text, message, line, column) => {
    expect(messages(text)[0]).toEqual({ severity: "error", message, line, column });
  });
});

describe("directives (ngx_conf_handler and the directive table)", () => {
  it.each([
    ["unknown name", "foo bar;\n", 'unknown directive "foo"', 1, 1],
    ["proxy_pass at server level", "proxy_pass http://127.0.0.1:19999;\n", '"proxy_pass" directive is not allowed here', 1, 1],
    ["a main-context directive in a server", "worker_processes 2;\n", '"worker_processes" directive is not allowed here', 1, 1],
    ["events in a server", "events { }\n", '"events" directive is not allowed here', 1, 1],
    ["map outside http", "map $host $x { default 1; }\n", '"map" directive is not allowed here', 1, 1],
    ["location inside if", "if ($host) { location /x { } }\n", '"location" directive is not allowed here', 1, 14],
    ["wrong argument count", "location / {\n  proxy_pass;\n}\n", 'invalid number of arguments in "proxy_pass" directive', 2, 3],
    ["a block directive ended by ;", "location /\n  proxy_pass http://a;\n}\n", 'directive "location" has no opening "{"', 1, 1],
    ["a simple directive with a block", "server_name a {\n}\n", 'directive "server_name" is not terminated by ";"', 1, 1],
    ["an on/off flag with another word (ngx_conf_set_flag_slot)", "absolute_redirect maybe;\n", 'invalid value "maybe" in "absolute_redirect" directive, it must be "on" or "off"', 1, 19],
    ["a flag set twice", "absolute_redirect on;\nabsolute_redirect off;\n", '"absolute_redirect" directive is duplicate', 2, 1],
    ["a missing include", "include /etc/nginx/nothing_here.conf;\n", 'open() "/etc/nginx/nothing_here.conf" failed (2: No such file or directory)', 1, 9],
  ])("%s", (_name, text, message, line, column) => {
    expect(messages(text)[0]).toEqual({ severity: "error", message, line, column });
  });

  it.each([
    ["ON is a valid flag (case-insensitive)", "absolute_redirect ON;\n"],
    ["a types block holds no directives", "types { text/html html; }\n"],
    ["a nested location inside its parent", "location /a/ { location /a/b/ { proxy_pass http://127.0.0.1:19999; } }\n"],
    ["a proxying location with Host and the default redirect", "location /a/ {\n  proxy_pass http://127.0.0.1:19999/b/;\n  proxy_set_header Host $host;\n  proxy_redirect default;\n}\n"],
  ])("accepts: %s", (_name, text) => {
    expect(messages(text)).toEqual([]);
  });
});

describe("words (ngx_conf_read_token)", () => {
  const args = (text: string) => parseNginxConfig(text, "p").nodes[0]?.args.map((a) => a.text);
  it.each([
    ["double quotes keep blanks; \\\" is a quote", 'proxy_set_header X "a b\\"c";', ["X", 'a b"c']],
    ["single quotes; \\' is a quote", "proxy_set_header X 'it\\'s';", ["X", "it's"]],
    ["\\; keeps its backslash (only \\\" \\' \\\\ \\t \\r \\n are unescaped) [conformance ngx-quotes-escapes]", "proxy_set_header X a\\;b;", ["X", "a\\;b"]],
    ["# inside a word is not a comment", "proxy_set_header X a#b;", ["X", "a#b"]],
    ["${name} does not open a block", 'proxy_set_header X "${host}x";', ["X", "${host}x"]],
    ["} inside a word belongs to it", "proxy_set_header X a};", ["X", "a}"]],
    [") after a quoted word starts a new word", "if ($a = 'b') { }", ["($a", "=", "b", ")"]],
  ])("%s", (_name, text, want) => {
    expect(args(text)).toEqual(want);
  });

  it("positions each word at its first character, quotes included", () => {
    const d = parseNginxConfig('location / {\n    proxy_set_header X-A "v";\n}\n', "p").nodes[0]!.children![0]!;
    expect([d.line, d.column, d.args[1]!.column, d.args[1]!.endColumn]).toEqual([2, 5, 26, 29]);
  });

  it("a text with server { … } is whole server blocks, anything else the inside of one (the runner's rule)", () => {
    expect(parseNginxConfig("server { listen 127.0.0.1:1; }", "p").mode).toBe("server-blocks");
    expect(parseNginxConfig("location / { }", "p").mode).toBe("server-inside");
  });

  it("include proxy_params expands Debian 12's file in place (Host $host, not $http_host)", () => {
    const nodes = parseNginxConfig("include proxy_params;", "p").nodes;
    expect(nodes.map((d) => d.args.map((a) => a.text).join(" "))).toEqual([
      "Host $host",
      "X-Real-IP $remote_addr",
      "X-Forwarded-For $proxy_add_x_forwarded_for",
      "X-Forwarded-Proto $scheme",
    ]);
    expect(nodes[0]!.includedFrom).toBe("/etc/nginx/proxy_params");
  });

  it("never throws on arbitrary input", () => {
    for (const t of ["", "{", "}", ";;", '"', "'\\", "a b c", "location { { {", "\\", "$", "${", "server {", "#"]) {
      expect(() => messages(t)).not.toThrow();
    }
  });
});

describe("the engine's nesting limit", () => {
  it("reads 100 nested blocks and refuses the 101st with nginx-too-deep at its brace, without exhausting the stack", () => {
    const nested = (n: number) => "location /a {\n".repeat(n) + "}\n".repeat(n);
    expect(parseNginxConfig(nested(100), "proxies[0].config").diagnostics.filter((d) => d.code === "nginx-too-deep")).toEqual([]);
    for (const n of [101, 20_000]) {
      const { diagnostics } = parseNginxConfig(nested(n), "proxies[0].config");
      expect(diagnostics).toEqual([expect.objectContaining({ severity: "error", code: "nginx-too-deep", line: 101, column: 13 })]);
    }
  });

  it("keeps a simulation of a deeply nested front end to a diagnostic (found by the growth test: 5000 levels overflowed the stack)", () => {
    const config = "location /a {\n".repeat(5000) + "}\n".repeat(5000);
    const result = simulate({
      version: 1,
      client: { address: "203.0.113.7", request: "GET /a HTTP/1.1\nHost: h\n" },
      proxies: [{ server: "nginx", listen: "127.0.0.1:80", address: "127.0.0.1", config }],
      backend: { server: "apache", listen: "127.0.0.1:8000", address: "127.0.0.1", config: "" },
    });
    expect(result.diagnostics.map((d) => d.code)).toContain("nginx-too-deep");
  });
});

describe("carriage returns (observed with nginx 1.22.1: syntax rows carriage-return-nginx.json, scenarios ngx-cr-*)", () => {
  const parse = (text: string) => parseNginxConfig(text, "proxies[0].config");
  const crs = (text: string) => parse(text).diagnostics.filter((d) => d.code === "nginx-carriage-return");

  it("takes a lone CR for a blank and counts lines by LF (NC01: unknown directive on line 1; NC05: CRLF, line 5; NC08)", () => {
    expect(messages("location / { return 200; }\rfrobnicate on;")[0]).toEqual({ severity: "error", message: 'unknown directive "frobnicate"', line: 1, column: 28 });
    expect(messages("location / {\r\n    return 200;\r\n}\r\n\r\nfrobnicate on;\r\n")[0]).toMatchObject({ message: 'unknown directive "frobnicate"', line: 5, column: 1 });
    expect(messages("frob\ricate on;")[0]).toMatchObject({ message: 'unknown directive "frob"', line: 1, column: 1 });
    expect(messages('proxy_set_header X-A "a"\rb;')[0]).toMatchObject({ message: 'invalid number of arguments in "proxy_set_header" directive', line: 1 });
    expect(crs("\r\r\rlocation / {\rreturn 200;\r}\r\n")).toEqual([]);
  });

  it("reads a # comment up to the LF, over a lone CR, and warns about the hidden text (NC02, NC11; ngx-cr-line-ends: X-F never set)", () => {
    const { nodes } = parse("# note\rproxy_set_header X-F f;\nproxy_set_header X-G g;");
    expect(nodes.map((d) => [d.name, d.line])).toEqual([["proxy_set_header", 2]]);
    expect(crs("# note\rproxy_set_header X-F f;\n")).toEqual([expect.objectContaining({ severity: "warning", line: 1, column: 7, message: expect.stringContaining("'proxy_set_header X-F f;' after this carriage return is ignored") })]);
    expect(crs("# note\r\n")).toEqual([]);
  });

  it("keeps a CR inside quotes or after a backslash in the word, with a warning (NC03, NC04, NC10; ngx-cr-quoted: the Apache back end answers 400)", () => {
    for (const [text, value, column] of [['proxy_set_header X-A "a\rb";', "a\rb", 24], ["proxy_set_header X-A 'a\rb';", "a\rb", 24], ["proxy_set_header X-A a\\\rb;", "a\\\rb", 24]] as const) {
      expect(parse(text).nodes[0]!.args[1]!.text).toBe(value);
      expect(crs(text)).toEqual([expect.objectContaining({ line: 1, column, message: expect.stringContaining("with 400") })]);
    }
  });
});
