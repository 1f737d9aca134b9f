/**
 * What an HAProxy 2.6 configuration means, and the errors haproxy -c gives for it. Rows cite the
 * Configuration Manual 2.6 (section 4.1 keywords matrix, 4.2 keywords) and the syntax row of
 * `e2e/conformance/syntax/haproxy.json` that checked the same text with haproxy -c of 2.6.12 (HAxx).
 */
import { describe, expect, it } from "vitest";
import { buildHaproxyModel } from "./model.ts";

const LISTEN = { listen: "127.0.0.1:22000" };
const errorsOf = (text: string) => buildHaproxyModel(text, "t", LISTEN).diagnostics.filter((d) => d.severity === "error");

describe("haproxy -c errors (syntax/haproxy.json)", () => {
  it.each([
    ["HA01 option forwarded (2.8+) is unknown in 2.6", "option forwarded\nserver app 127.0.0.1:22001", 1, 8, "unknown option 'forwarded'; did you mean 'forwardfor' maybe ?"],
    ["HA04 except with a /33 mask", "option forwardfor except 10.0.0.0/33\nserver app 127.0.0.1:22001", 1, 26, "'option forwardfor except' expects <address>[/mask] as argument."],
    ["HA07 no option forwardfor", "no option forwardfor\nserver app 127.0.0.1:22001", 1, 1, "negation/default is not supported for option 'forwardfor'."],
    ["HA08 unknown keyword", "frobnicate on\nserver app 127.0.0.1:22001", 1, 1, "unknown keyword 'frobnicate' in 'listen' section"],
    ["HA13 no such ACL", "http-request set-header X y if nosuchacl\nserver app 127.0.0.1:22001", 1, 14, "no such ACL : 'nosuchacl'"],
    ["HA17 ssl without verify none", "server app 127.0.0.1:22001 ssl", 1, 12, "verify is enabled by default but no CA file specified"],
    ["HA19 a bad port", "server app 127.0.0.1:bad", 1, 12, "invalid character 'b' in port number 'bad'"],
    ["HA22 a missing default_backend", "frontend www\n  bind :22000\n  default_backend nob", 3, 19, "unable to find required default_backend: 'nob'."],
    ["HA24 server in a frontend", "frontend www\n  bind :22000\n  server a 127.0.0.1:1", 3, 3, "'server' not allowed because frontend 'www' has no backend capability."],
    ["HA26 bind in defaults", "defaults\n  mode http\n  bind :22000", 3, 3, "'bind' not allowed in 'defaults' section."],
    ["HA29 bind ssl without crt", "listen www\n  bind 127.0.0.1:22000 ssl\n  server a 127.0.0.1:1", 2, 8, "no SSL certificate specified for bind"],
    ["HA38 a CR after a blank is a blank, so the next line's words are arguments", "http-request set-header X-A 1 \rfrobnicate on\nserver app 127.0.0.1:22001", 1, 32, "'http-request set-header' expects either 'if' or 'unless' followed by a condition but found 'frobnicate'."],
    ["HA44 a CR right after listen ends the line before the name", "listen\rwww\n    bind 127.0.0.1:22000\n    server app 127.0.0.1:22001", 1, 1, "'listen' expects an <id> argument"],
    ["a word too many for set-path counts as a wrong number (observed on 2.6.12)", "http-request set-path /a b\nserver app 127.0.0.1:22001", 1, 14, "error detected in proxy 'proxy' while parsing 'http-request set-path' rule : expects exactly 1 argument <format>."],
    ["a word too many for replace-path (observed on 2.6.12)", "http-request replace-path a b c\nserver app 127.0.0.1:22001", 1, 14, "expects exactly 2 arguments <match-regex> and <replace-format>."],
    ["a word too many for replace-header (observed on 2.6.12)", "http-request replace-header X a b c d\nserver app 127.0.0.1:22001", 1, 35, "'http-request replace-header' expects either 'if' or 'unless' followed by a condition but found 'c'."],
  ])("%s", (_name, text, line, column, message) => {
    const errors = errorsOf(text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ line, column });
    expect(errors[0]!.message).toContain(message);
  });

  it.each([
    ["HA02 option forwardfor", "option forwardfor\nserver app 127.0.0.1:22001"],
    ["HA03 every forwardfor argument", "option forwardfor except 127.0.0.1 header X-Real-IP if-none\nserver app 127.0.0.1:22001"],
    ["HA18 ssl verify none", "server app 127.0.0.1:22001 ssl verify none"],
    ["HA21 frontend and backend", "frontend www\n    bind 127.0.0.1:22000\n    default_backend app\nbackend app\n    server app1 127.0.0.1:22001"],
    ["HA34 Forwarded written by set-header", "http-request set-header Forwarded for=%[src];proto=http;by=%[dst]\nserver app 127.0.0.1:22001"],
    ["HA37 a CR after a word ends the line and the rest is ignored", "timeout client 5s\rfrobnicate on\nserver app 127.0.0.1:22001"],
    ["HA42 CRLF line ends", "option forwardfor\r\nhttp-request set-header X-A \"a b\"\r\nserver app 127.0.0.1:22001\r\n"],
    ["HA43 a CR after a tab separates the condition", "http-request set-header X-A 1\t\rif TRUE\nserver app 127.0.0.1:22001"],
    ["HA45 vertical tab and form feed are blanks", "option\vforwardfor\fheader X-Client\nserver app 127.0.0.1:22001"],
  ])("accepted: %s", (_name, text) => {
    expect(errorsOf(text)).toEqual([]);
  });

  it("HA25 bind in a backend is ignored with a warning", () => {
    const d = buildHaproxyModel("backend app\n  bind :1\n  server a 127.0.0.1:1", "t", LISTEN).diagnostics;
    expect(d).toMatchObject([{ severity: "warning", line: 2, message: "'bind' ignored because backend 'app' has no frontend capability." }]);
  });
});

describe("proxies and what they inherit (manual 4)", () => {
  it("an implicit listen section binds the proxy's listen address and is in mode http (scenario convention)", () => {
    const m = buildHaproxyModel("server app 127.0.0.1:22001\n", "t", LISTEN);
    expect(m.proxies[0]).toMatchObject({ role: "listen", name: "proxy", mode: "http", binds: [{ host: "127.0.0.1", port: 22000, ssl: false }] });
  });

  it("a defaults section in the text starts from HAProxy's own defaults (mode tcp) and is inherited", () => {
    const m = buildHaproxyModel("defaults\n  option forwardfor\nlisten a\n  bind :1\n  server s 127.0.0.1:2\n", "t", LISTEN);
    expect(m.proxies[0]!.mode).toBe("tcp");
    expect(m.proxies[0]!.forwardfor).toMatchObject({ header: "X-Forwarded-For", ifNone: false });
  });

  it("option forwardfor arguments (4.2)", () => {
    const m = buildHaproxyModel("option forwardfor except 10.0.0.0/8 header X-Client if-none\nserver s 127.0.0.1:2\n", "t", LISTEN);
    expect(m.proxies[0]!.forwardfor).toMatchObject({ header: "X-Client", ifNone: true, except: { text: "10.0.0.0/8" } });
  });

  it("connection modes (4.2 option httpclose, http-server-close)", () => {
    expect(buildHaproxyModel("option httpclose\n", "t", LISTEN).proxies[0]!.connMode).toBe("close");
    expect(buildHaproxyModel("option http-server-close\n", "t", LISTEN).proxies[0]!.connMode).toBe("server-close");
    expect(buildHaproxyModel("", "t", LISTEN).proxies[0]!.connMode).toBe("keep-alive");
  });

  it("server lines: address, port (optional), ssl, source (5.2)", () => {
    const m = buildHaproxyModel("server a 127.0.0.1 source 127.0.0.5\nserver b [::1]:8443 ssl verify none\n", "t", LISTEN);
    expect(m.proxies[0]!.servers.map((s) => [s.name, s.host, s.port, s.ssl, s.source])).toEqual([
      ["a", "127.0.0.1", null, false, "127.0.0.5"],
      ["b", "::1", 8443, true, null],
    ]);
  });
});
