/**
 * nginx's realip module. Rows name their source: `proxies-and-frameworks.md` §9 and §12 example 43 [emp],
 * or a conformance scenario `ngx-realip-*` run on nginx 1.22.1 (Debian 12).
 */
import { describe, expect, it } from "vitest";
import { parseNginxConfig } from "./configParser.ts";
import { applyRealip, forwardedElements, readRealip } from "./realip.ts";

function config(text: string) {
  const nodes = parseNginxConfig(text, "p").nodes;
  const named = (n: string) => nodes.filter((d) => d.name === n);
  return readRealip(named("set_real_ip_from"), named("real_ip_header"), named("real_ip_recursive"), "p", []);
}
const xff = (...values: string[]) => values.map((value) => ({ name: "X-Forwarded-For", value }));
const TRUST = "set_real_ip_from 127.0.0.1; set_real_ip_from 10.0.0.0/8; real_ip_header X-Forwarded-For;";

describe("forwarded element splitting (ngx_http_get_forwarded_addr_internal)", () => {
  it.each([
    ["comma and space", "203.0.113.5, 10.1.1.1", ["203.0.113.5", "10.1.1.1"]],
    ["a space alone separates", "203.0.113.5 10.1.1.1", ["203.0.113.5", "10.1.1.1"]],
    ["runs of separators are skipped", "a,, b ,c", ["a", "b", "c"]],
    ["trailing separators are skipped", "a, ", ["a"]],
    ["a leading comma is part of the first element", ",203.0.113.5", [",203.0.113.5"]],
    ["a tab is not a separator", "a\t,b", ["a\t", "b"]],
  ])("%s", (_name, value, want) => {
    expect(forwardedElements(value)).toEqual(want);
  });
});

describe("applyRealip", () => {
  it.each([
    ["non-recursive takes the rightmost [§12 ex. 43]", TRUST, "127.0.0.1", xff("203.0.113.5, 10.1.1.1"), "10.1.1.1"],
    ["recursive skips trusted addresses [§12 ex. 43]", TRUST + " real_ip_recursive on;", "127.0.0.1", xff("203.0.113.5, 10.1.1.1"), "203.0.113.5"],
    ["recursive, all trusted: the leftmost [§12 ex. 43]", TRUST + " real_ip_recursive on;", "127.0.0.1", xff("10.2.2.2, 10.1.1.1"), "10.2.2.2"],
    ["[v6]:port loses the port [§12 ex. 43]", TRUST, "127.0.0.1", xff("[2001:db8::1]:80"), "2001:db8::1"],
    ["untrusted peer [ngx-realip-untrusted-peer]", "set_real_ip_from 10.0.0.0/8; real_ip_header X-Forwarded-For;", "127.0.0.9", xff("203.0.113.5"), null],
    ["garbage rightmost [ngx-realip-garbage]", TRUST + " real_ip_recursive on;", "127.0.0.1", xff("203.0.113.5, unknown"), null],
    ["two lines, not recursive: the last line [ngx-realip-two-lines-last]", TRUST, "127.0.0.1", xff("203.0.113.5", "198.51.100.7"), "198.51.100.7"],
    ["two lines, recursive: one walk across both [ngx-realip-two-lines-recursive]", TRUST + " real_ip_recursive on;", "127.0.0.1", xff("203.0.113.5", "10.3.3.3"), "203.0.113.5"],
    ["lowercase header name: generic lookup, first line [ngx-realip-lowercase-header]", "set_real_ip_from 127.0.0.1; real_ip_header x-forwarded-for;", "127.0.0.1", xff("203.0.113.5", "198.51.100.7"), "203.0.113.5"],
    ["X-Real-IP by default [ngx-realip-x-real-ip-default]", "set_real_ip_from 127.0.0.0/8;", "127.0.0.9", [{ name: "X-Real-IP", value: "198.51.100.20" }], "198.51.100.20"],
    ["no set_real_ip_from: the module is off", "real_ip_header X-Forwarded-For;", "127.0.0.1", xff("203.0.113.5"), null],
  ])("%s", (_name, text, peer, headers, want) => {
    expect(applyRealip(config(text), peer, headers).address).toBe(want);
  });
});
