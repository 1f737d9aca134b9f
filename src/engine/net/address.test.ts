import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { aprIpsubnetCreate, isPrivateOrSpecial, looksLikeIp, resolveHost, subnetContains, APR_EBADIP, APR_EBADMASK } from "./address.ts";
import ipaddr from "ipaddr.js";

function create(token: string) {
  if (!looksLikeIp(token)) return "precheck";
  const slash = token.indexOf("/");
  const r = aprIpsubnetCreate(slash < 0 ? token : token.slice(0, slash), slash < 0 ? null : token.slice(slash + 1));
  return r.ok ? r.subnet.text : r.aprMessage;
}

// modwsgi-behaviour.md §1.4, each row run with `apache2 -t` on Apache 2.4.71 + mod_wsgi 4.9.4.
describe("WSGITrustedProxies token acceptance (apr_ipsubnet_create)", () => {
  it.each([
    ["single address", "10.0.0.1", "10.0.0.1/32"],
    ["cidr", "10.0.0.0/8", "10.0.0.0/8"],
    ["dotted netmask", "10.0.0.0/255.0.0.0", "10.0.0.0/8"],
    ["partial prefix two parts", "10.1", "10.1.0.0/16"],
    ["partial prefix one part", "10", "10.0.0.0/8"],
    ["partial prefix trailing dot", "10.1.2.", "10.1.2.0/24"],
    ["explicit /32", "10.0.0.1/32", "10.0.0.1/32"],
    ["host bits masked off", "127.0.0.77/30", "127.0.0.76/30"],
    ["all ipv4 via netmask", "0.0.0.0/0.0.0.0", "0.0.0.0/0"],
    ["ipv6 loopback", "::1", "::1/128"],
    ["ipv6 /128", "::1/128", "::1/128"],
    ["ipv6 link local", "fe80::/10", "fe80::/10"],
    ["ipv6 ula host bits", "fd00::1/64", "fd00::/64"],
    ["ipv6 documentation", "2001:db8::/32", "2001:db8::/32"],
  ])("accepts %s: %s", (_name, token, text) => {
    expect(create(token)).toBe(text);
  });

  it.each([
    ["/0 ipv4", "0.0.0.0/0", APR_EBADMASK],
    ["/33", "10.0.0.0/33", APR_EBADMASK],
    ["octet 256", "10.0.0.256", APR_EBADIP],
    ["two masks", "10.0.0.1/8/9", APR_EBADMASK],
    ["/0 ipv6", "::/0", APR_EBADMASK],
    ["uppercase ipv6", "FE80::1", "precheck"],
    ["ipv4-mapped hex", "::ffff:7f00:1", APR_EBADIP],
    ["ipv4-mapped dotted", "::ffff:127.0.0.1", "precheck"],
    ["brackets", "[::1]", "precheck"],
    ["zone id", "fe80::1%eth0", "precheck"],
    ["hostname", "localhost", "precheck"],
    ["fqdn", "proxy.example.com", "precheck"],
    ["comma list", "10.0.0.1,10.0.0.2", "precheck"],
    ["empty", "", "precheck"],
    ["garbage", "garbage", "precheck"],
  ])("rejects %s: %s", (_name, token, outcome) => {
    expect(create(token)).toBe(outcome);
  });
});

describe("resolving X-Forwarded-For elements (getaddrinfo)", () => {
  it.each([
    ["inet_aton shorthand", "127.3", "127.0.0.3"],
    ["dotted quad", "203.0.113.5", "203.0.113.5"],
    ["uppercase ipv6", "2001:DB8::10", "2001:db8::10"],
    ["localhost from /etc/hosts", "localhost", "127.0.0.1"],
  ])("parses %s", (_name, text, canonical) => {
    const r = resolveHost(text);
    expect(r && !("unresolved" in r) ? r.text : r).toBe(canonical);
  });

  it.each([
    ["ip:port", "10.0.0.5:8080"],
    ["bracketed ipv6", "[2001:db8::1]"],
    ["unknown", "unknown"],
    ["trailing junk", "127.0.0.3 junk"],
    ["empty", ""],
  ])("refuses %s", (_name, text) => {
    const r = resolveHost(text);
    expect(r === null || "unresolved" in r).toBe(true);
  });
});

describe("apr_ipsubnet_test", () => {
  const v4 = aprIpsubnetCreate("10.0.0.0", "8");
  const v6 = aprIpsubnetCreate("2001:db8::", "32");
  const host = (s: string) => {
    const r = resolveHost(s);
    if (!r || "unresolved" in r) throw new Error(s);
    return r;
  };
  it("matches IPv4-mapped IPv6 against an IPv4 entry (C27)", () => {
    expect(v4.ok && subnetContains(v4.subnet, host("::ffff:10.0.0.1"))).toBe(true);
  });
  it("never matches an IPv4 peer against an IPv6 entry (S04)", () => {
    expect(v6.ok && subnetContains(v6.subnet, host("10.0.0.1"))).toBe(false);
  });
  it("matches IPv6 under its mask", () => {
    expect(v6.ok && subnetContains(v6.subnet, host("2001:db8:ffff::1"))).toBe(true);
  });
});

describe("strict inet_pton(AF_INET) inside apr_ipsubnet_create", () => {
  // The rule as written in the docstring: four parts, each "0" or 1..255 written without a leading zero.
  const reference = (text: string): number[] | null => {
    const parts = text.split(".");
    if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)) return null;
    return parts.map(Number);
  };
  const part = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom("", "00", "01", "007", "1a", " 1", "+1", "-0", "0x1", "1e2"));
  const dotted = fc.oneof(
    fc.array(part, { minLength: 1, maxLength: 6 }).map((ps) => ps.join(".")),
    fc.string({ unit: fc.constantFrom("0", "1", "2", "5", "9", ".", "a", " "), maxLength: 20 }),
  );

  it("reads a dotted quad exactly as the rule says, on generated text", () => {
    fc.assert(
      fc.property(dotted, (text) => {
        const want = reference(text);
        const got = aprIpsubnetCreate(text, "32");
        if (want === null) {
          // Not a full address: only a partial network prefix (no mask allowed) could still read it.
          expect(got.ok).toBe(false);
        } else {
          expect(got.ok && got.subnet.network).toEqual(want);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("isPrivateOrSpecial", () => {
  // What ipaddr.js's own range() says, the reading isPrivateOrSpecial keeps without building an address object.
  const byIpaddr = (bytes: number[]) => ["loopback", "private", "linkLocal", "uniqueLocal", "reserved", "carrierGradeNat"].includes(ipaddr.fromByteArray(bytes).range());
  const subnetOf = (bytes: number[]) => ({ family: (bytes.length === 4 ? 4 : 6) as 4 | 6, network: bytes, mask: bytes.map(() => 255), text: "" });
  // Addresses near the special ranges' edges as well as anywhere: a known prefix with random rest.
  const prefixes = [[10], [127], [169, 254], [172, 16], [172, 31], [172, 32], [192, 168], [192, 0, 2], [198, 51, 100], [203, 0, 113], [100, 64], [100, 128], [224], [240], [255, 255, 255, 255], [0]];
  const v4 = fc.oneof(
    fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }),
    fc.tuple(fc.constantFrom(...prefixes), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 })).map(([p, rest]) => [...p, ...rest].slice(0, 4)),
  );
  const v6prefixes = [[0xfe, 0x80], [0xfc], [0xfd], [0xff], [0x20, 0x01, 0x0d, 0xb8], [0x20, 0x02], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], [0xfe, 0xc0], [0x20, 0x01, 0, 0x02]];
  const v6 = fc.oneof(
    fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 }),
    fc.tuple(fc.constantFrom(...v6prefixes), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 })).map(([p, rest]) => [...p, ...rest].slice(0, 16)),
  );

  it("agrees with ipaddr.js's range() on IPv4 and IPv6 addresses", () => {
    fc.assert(fc.property(fc.oneof(v4, v6), (bytes) => isPrivateOrSpecial(subnetOf(bytes)) === byIpaddr(bytes)), { numRuns: 20000 });
    for (const b of [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], new Array(16).fill(0), [127, 0, 0, 1], [8, 8, 8, 8]]) expect(isPrivateOrSpecial(subnetOf(b))).toBe(byIpaddr(b));
  });
});
