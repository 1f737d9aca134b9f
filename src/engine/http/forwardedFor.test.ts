/**
 * The shared right-to-left X-Forwarded-For walk (nginx's `ngx_http_get_forwarded_addr`). Addresses here
 * are plain strings; trust is a set.
 */
import { describe, expect, it } from "vitest";
import { walkForwardedFor } from "./forwardedFor.ts";

const trusted = new Set(["127.0.0.1", "10.1.1.1", "10.2.2.2"]);
const walk = (peer: string, elements: string[], recursive: boolean) =>
  walkForwardedFor({ peer, elements, parse: (e) => (/^[0-9.]+$/.test(e) ? e : null), trusted: (a) => trusted.has(a), recursive });

describe("walkForwardedFor", () => {
  it.each([
    ["untrusted peer: nothing changes", "192.0.2.9", ["203.0.113.5"], true, "192.0.2.9", "untrusted"],
    ["not recursive: the rightmost element, trusted or not", "127.0.0.1", ["203.0.113.5", "10.1.1.1"], false, "10.1.1.1", "not-recursive"],
    ["recursive: past trusted hops to the first untrusted one", "127.0.0.1", ["203.0.113.5", "10.1.1.1"], true, "203.0.113.5", "untrusted"],
    ["recursive, all trusted: the leftmost", "127.0.0.1", ["10.2.2.2", "10.1.1.1"], true, "10.2.2.2", "exhausted"],
    ["an unparsable element stops the walk on the hop to its right", "127.0.0.1", ["203.0.113.5", "junk", "10.1.1.1"], true, "10.1.1.1", "unparsable"],
    ["an unparsable rightmost element: nothing changes", "127.0.0.1", ["203.0.113.5", "junk"], true, "127.0.0.1", "unparsable"],
  ] as const)("%s", (_name, peer, elements, recursive, address, stop) => {
    const r = walk(peer, [...elements], recursive);
    expect([r.address, r.stop]).toEqual([address, stop]);
  });
});
