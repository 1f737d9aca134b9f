/**
 * HAProxy 2.6 samples, log-format and ACLs. Rows cite the Configuration Manual 2.6: 7.1 (ACL matching
 * methods and flags), 7.2 (conditions), 7.3 (fetches and converters), 7.4 (pre-defined ACLs), 8.2.4 (custom
 * log format). Rows marked [emp] were observed on haproxy 2.6.12 (corpus ids given).
 */
import { describe, expect, it } from "vitest";
import { aclMatches, conditionHolds, evalLogFormat, parseAcl, parseCondition, parseLogFormat, type Acl, type SampleContext, type SampleError } from "./samples.ts";

const ctx: SampleContext = {
  src: "127.0.0.9",
  srcPort: "41234",
  dst: "127.0.0.1",
  dstPort: "22999",
  tls: false,
  sni: null,
  method: "GET",
  uri: "/api/items?id=3",
  version: "HTTP/1.1",
  headers: [
    { name: "Host", value: "WWW.Example.COM" },
    { name: "X-Forwarded-For", value: "1.1.1.1, 2.2.2.2" },
    { name: "X-Forwarded-For", value: "3.3.3.3" },
  ],
  feName: "www",
  beName: "app",
  srvName: "app1",
};

function fmt(text: string): string {
  const problems: SampleError[] = [];
  const parts = parseLogFormat(text, problems);
  expect(problems.filter((p) => p.severity === "error")).toEqual([]);
  return evalLogFormat(parts, ctx);
}

describe("log-format values (8.2.4, 7.3)", () => {
  it.each([
    ["[emp ha-samples] %[src]:%[src_port]:%[dst]:%[dst_port]:%[ssl_fc]", "%[src]:%[src_port]:%[dst]:%[dst_port]:%[ssl_fc]", "127.0.0.9:41234:127.0.0.1:22999:0"],
    ["aliases %ci:%cp %fi:%fp %f/%b", "%ci:%cp %fi:%fp %f/%b", "127.0.0.9:41234 127.0.0.1:22999 www/app"],
    ["[emp ha-samples] req.hdr(host),lower", "%[req.hdr(host),lower]", "www.example.com"],
    ["7.3.6 req.hdr: the last value, lines split on commas", "%[req.hdr(x-forwarded-for)]", "3.3.3.3"],
    ["7.3.6 req.hdr with an occurrence: 1 is the first value", "%[req.hdr(x-forwarded-for,1)]", "1.1.1.1"],
    ["7.3.6 req.fhdr: the last whole line", "%[req.fhdr(x-forwarded-for)]", "3.3.3.3"],
    ["7.3.6 path, query, url, method", "%[method] %[path] %[query] %[url]", "GET /api/items id=3 /api/items?id=3"],
    ["%% is a percent sign", "100%%", "100%"],
    ["a fetch without a value writes -", "%[ssl_fc_sni]", "-"],
    ["{+Q} quotes", "%{+Q}[path]", '"/api/items"'],
    ["[emp ha-forwarded-manual] Forwarded by hand", "for=%[src];proto=http;by=%[dst]", "for=127.0.0.9;proto=http;by=127.0.0.1"],
  ])("%s", (_name, text, value) => {
    expect(fmt(text)).toBe(value);
  });

  it.each([
    ["an unknown fetch (haproxy -c: unknown fetch method)", "%[nosuchfetch]", /unknown fetch method 'nosuchfetch'/],
    ["an unknown converter", "%[src,frob]", /unknown converter 'frob'/],
    ["an unknown alias", "%zz", /no such format variable 'zz'/],
    ["a missing ]", "%[src", /missing '\]'/],
  ])("%s is an error", (_name, text, message) => {
    const problems: SampleError[] = [];
    parseLogFormat(text, problems);
    expect(problems.find((p) => p.severity === "error")?.message).toMatch(message);
  });
});

function acl(words: string): Acl {
  const problems: SampleError[] = [];
  const a = parseAcl(null, words.split(" "), 1, problems);
  expect(problems.filter((p) => p.severity === "error")).toEqual([]);
  return a!;
}

describe("ACLs (7.1, 7.3)", () => {
  it.each([
    ["path_beg /api", "path_beg /api", true],
    ["[emp ha-use-backend-prefix-not-segment] path_beg is a string prefix: /ap matches too", "path_beg /ap", true],
    ["path_end /items", "path_end /items", true],
    ["path exact", "path /api/items", true],
    ["path_reg", "path_reg ^/api/[a-z]+$", true],
    ["path_dir api", "path_dir api", true],
    ["hdr(host) is case-sensitive without -i", "hdr(host) www.example.com", false],
    ["hdr(host) -i", "hdr(host) -i www.example.com", true],
    ["hdr_dom(host) -i example.com", "hdr_dom(host) -i example.com", true],
    ["hdr(x-forwarded-for) in an ACL tries every value", "hdr(x-forwarded-for) 2.2.2.2", true],
    ["src with a network", "src 127.0.0.0/8", true],
    ["src outside", "src 10.0.0.0/8", false],
    ["dst_port integer", "dst_port 22999", true],
    ["dst_port range", "dst_port 22000:22999", true],
    ["ssl_fc on plain HTTP", "ssl_fc", false],
    ["method GET", "method GET", true],
    ["-m beg on path", "path -m beg /api/", true],
    ["-m found on a header", "req.hdr(x-missing) -m found", false],
  ])("%s", (_name, words, matches) => {
    expect(aclMatches(acl(words), ctx)).toBe(matches);
  });

  it.each([
    ["if with an anonymous ACL", "if { path_beg /api }", true],
    ["unless", "unless { path_beg /api }", false],
    ["! negates", "if !{ ssl_fc }", true],
    ["implicit AND", "if { path_beg /api } { ssl_fc }", false],
    ["|| for OR", "if { ssl_fc } || { method GET }", true],
    ["pre-defined METH_GET", "if METH_GET", true],
    ["pre-defined HTTP_1.0", "if HTTP_1.0", false],
  ])("conditions (7.2, 7.4): %s", (_name, text, holds) => {
    const problems: SampleError[] = [];
    const c = parseCondition(text.split(" "), new Map(), 1, problems);
    expect(problems).toEqual([]);
    expect(conditionHolds(c, ctx)).toBe(holds);
  });

  it("a named ACL not defined (haproxy -c: no such ACL)", () => {
    const problems: SampleError[] = [];
    expect(parseCondition(["if", "is_api"], new Map(), 1, problems)).toBeNull();
    expect(problems[0]!.message).toBe("no such ACL : 'is_api'");
  });
});
