/**
 * Location choice (`ngx_http_core_find_location`, release-1.22.1). Rows name the conformance scenario that
 * checks the same rule on nginx 1.22.1 (Debian 12).
 */
import { describe, expect, it } from "vitest";
import { parseNginxConfig } from "./configParser.ts";
import { buildNginxModel } from "./server.ts";
import { findLocation } from "./location.ts";

const CONFIG = `
location / { proxy_pass http://127.0.0.1:1; }
location = /exact { proxy_pass http://127.0.0.1:1; }
location /exact { proxy_pass http://127.0.0.1:1; }
location /img/ { proxy_pass http://127.0.0.1:1; }
location ^~ /static/ { proxy_pass http://127.0.0.1:1; }
location ~ \\.png$ { proxy_pass http://127.0.0.1:1; }
location ~* \\.(PNG|jpg)$ { proxy_pass http://127.0.0.1:1; }
location /api/ {
  proxy_pass http://127.0.0.1:1;
  location /api/admin/ { proxy_pass http://127.0.0.1:1; }
  location ~ \\.json$ { proxy_pass http://127.0.0.1:1; }
}
location /app/ { proxy_pass http://127.0.0.1:1; }
location ~ ^/app$ { return 418; }
location /both { }
location /both/ { proxy_pass http://127.0.0.1:1; }
location /plain/ { }
`;
const parsed = parseNginxConfig(CONFIG, "p");
const server = buildNginxModel(parsed.nodes, parsed.mode, { listen: "127.0.0.1:1", tls: false }, "p").model.servers[0]!;
const pick = (uri: string) => {
  const m = findLocation(server.locations, uri);
  return m.redirectTo ? `301 ${m.redirectTo.name}` : m.location ? `${m.location.modifier}${m.location.name}` : "none";
};

describe("findLocation", () => {
  it.each([
    ["= beats the prefix of the same name [ngx-loc-exact]", "/exact", "=/exact"],
    ["= takes only its own URI [ngx-loc-exact-not-longer]", "/exact/more", "/exact"],
    ["the longest prefix [ngx-loc-longest-prefix]", "/img/a.gif", "/img/"],
    ["a regex beats the longest prefix [ngx-loc-regex-beats-prefix]", "/img/a.png", "~\\.png$"],
    ["^~ skips regexes [ngx-loc-noregex]", "/static/a.png", "^~/static/"],
    ["~* ignores case [ngx-loc-regex-caseless]", "/x/A.JPG", "~*\\.(PNG|jpg)$"],
    ["~ is case-sensitive [ngx-loc-regex-case-sensitive]", "/x/a.PNG", "~*\\.(PNG|jpg)$"],
    ["a nested prefix [ngx-loc-nested-prefix]", "/api/admin/users", "/api/admin/"],
    ["a nested regex beats the nested prefix [ngx-loc-nested-regex]", "/api/admin/x.json", "~\\.json$"],
    ["nginx's own 301 for a proxying location without its slash; regexes not tried [ngx-own-slash-301]", "/app", "301 /app/"],
    ["no 301 when a location has the exact name [ngx-own-slash-none-when-prefix]", "/both", "/both"],
    ["no 301 for a location that does not proxy", "/plain", "/"],
  ])("%s", (_name, uri, want) => {
    expect(pick(uri)).toBe(want);
  });

  it("has no match without location / (the server's own configuration applies) [ngx-loc-none-404]", () => {
    const p = parseNginxConfig("location /app/ { proxy_pass http://127.0.0.1:1; }", "p");
    const s = buildNginxModel(p.nodes, p.mode, { listen: "127.0.0.1:1", tls: false }, "p").model.servers[0]!;
    expect(findLocation(s.locations, "/elsewhere").location).toBeNull();
  });

  it("gives a regex location's captures, named ones too [ngx-pp-vars-capture]", () => {
    const p = parseNginxConfig("location ~ ^/u/(?<rest>.*)$ { }", "p");
    const s = buildNginxModel(p.nodes, p.mode, { listen: "127.0.0.1:1", tls: false }, "p").model.servers[0]!;
    const m = findLocation(s.locations, "/u/a/b");
    expect([m.captures[1], m.named.rest]).toEqual(["a/b", "a/b"]);
  });
});
