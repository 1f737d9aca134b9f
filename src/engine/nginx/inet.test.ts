/**
 * nginx's own address parsers (`src/core/ngx_inet.c`, release-1.22.1, read from source). The realip rows of
 * the conformance corpus (`ngx-realip-*`) check the `ip:port` and `[v6]:port` forms on nginx 1.22.1.
 */
import { describe, expect, it } from "vitest";
import { ngxAddrText, ngxCidrMatch, ngxInet6Addr, ngxInetAddr, ngxParseAddr, ngxParseAddrPort, ngxPtocidr } from "./inet.ts";

describe("ngx_inet_addr", () => {
  it.each([
    ["dotted quad", "203.0.113.5", [203, 0, 113, 5]],
    ["leading zeros are decimal, not octal", "010.0.0.1", [10, 0, 0, 1]],
    ["an empty part counts as 0", "1..2.3", [1, 0, 2, 3]],
    ["255.255.255.255 equals INADDR_NONE and is refused", "255.255.255.255", null],
    ["three parts are refused", "1.2.3", null],
    ["a part over 255 is refused", "1.2.3.256", null],
    ["a trailing space is refused", "1.2.3.4 ", null],
  ])("%s", (_name, text, want) => {
    expect(ngxInetAddr(text)).toEqual(want);
  });
});

describe("ngx_inet6_addr and ngx_inet6_ntop", () => {
  it.each([
    ["documentation address", "2001:db8::1", "2001:db8::1"],
    ["loopback", "::1", "::1"],
    ["IPv4-mapped prints as dotted tail", "::ffff:192.0.2.1", "::ffff:192.0.2.1"],
    ["a single zero group is not compressed", "1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"],
    ["the longest zero run is compressed", "1:0:0:2:0:0:0:3", "1:0:0:2::3"],
    ["uppercase hex is accepted and printed lowercase", "2001:DB8::A", "2001:db8::a"],
  ])("%s", (_name, text, printed) => {
    const bytes = ngxInet6Addr(text);
    expect(bytes).not.toBeNull();
    expect(ngxAddrText({ family: 6, bytes: bytes! })).toBe(printed);
  });

  it.each([["two ::", "1::2::3"], ["five hex digits", "12345::"], ["nine groups", "1:2:3:4:5:6:7:8:9"], ["a zone id", "fe80::1%lo"]])("refuses %s", (_name, text) => {
    expect(ngxInet6Addr(text)).toBeNull();
  });
});

describe("ngx_parse_addr_port (forwarded elements)", () => {
  it.each([
    ["plain IPv4", "198.51.100.7", "198.51.100.7"],
    ["IPv4 with a port: the port is dropped [emp §9]", "198.51.100.7:4711", "198.51.100.7"],
    ["bracketed IPv6 with a port [emp §12 ex. 43]", "[2001:db8::1]:80", "2001:db8::1"],
    ["bare IPv6", "2001:db8::2", "2001:db8::2"],
    ["bracketed IPv6 without a port is refused", "[2001:db8::1]", null],
    ["port 0 is refused", "1.2.3.4:0", null],
    ["a name is refused", "unknown", null],
    ["an empty element is refused", "", null],
  ])("%s", (_name, text, want) => {
    const a = ngxParseAddrPort(text);
    expect(a ? ngxAddrText(a) : null).toBe(want);
  });
});

describe("ngx_ptocidr and ngx_cidr_match", () => {
  it("clears host bits and says so", () => {
    expect(ngxPtocidr("10.0.0.1/8")).toMatchObject({ lowBits: true, cidr: { network: [10, 0, 0, 0] } });
    expect(ngxPtocidr("10.0.0.0/8")?.lowBits).toBe(false);
  });

  it("refuses a mask over the family's width", () => {
    expect(ngxPtocidr("10.0.0.0/33")).toBeNull();
  });

  it.each([
    ["inside a /8", "10.1.2.3", "10.0.0.0/8", true],
    ["outside", "11.0.0.1", "10.0.0.0/8", false],
    ["an IPv4-mapped address is tested as IPv4", "::ffff:10.1.1.1", "10.0.0.0/8", true],
    ["IPv6 against IPv6", "2001:db8::5", "2001:db8::/32", true],
    ["IPv4 never inside an IPv6 entry", "10.0.0.1", "::/0", false],
  ])("%s", (_name, addr, cidr, want) => {
    expect(ngxCidrMatch(ngxParseAddr(addr)!, [ngxPtocidr(cidr)!.cidr]) !== null).toBe(want);
  });
});
