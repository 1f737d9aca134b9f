/**
 * allow/deny (`ngx_http_access_module.c`, release-1.22.1), with the conformance scenarios `ngx-access-*`
 * that check the same rules on nginx 1.22.1 (Debian 12).
 */
import { describe, expect, it } from "vitest";
import { parseNginxConfig } from "./configParser.ts";
import { checkAccess } from "./access.ts";

const rules = (text: string) => parseNginxConfig(text, "p").nodes;

describe("checkAccess", () => {
  it.each([
    ["deny all [ngx-access-deny-all]", "deny all;", "127.0.0.9", true],
    ["the first matching rule wins [ngx-access-allow-client]", "allow 127.0.0.9; deny all;", "127.0.0.9", false],
    ["a later allow does not undo an earlier deny", "deny 127.0.0.0/8; allow 127.0.0.9;", "127.0.0.9", true],
    ["a CIDR range [ngx-access-after-realip-allowed]", "allow 203.0.113.0/24; deny all;", "203.0.113.5", false],
    ["outside the range [ngx-access-after-realip-denied]", "allow 203.0.113.0/24; deny all;", "198.51.100.1", true],
    ["no rule matches: allowed", "allow 10.0.0.0/8;", "192.0.2.1", false],
  ])("%s", (_name, text, address, denied) => {
    expect(checkAccess(rules(text), address).denied).toBe(denied);
  });
});
