/**
 * Server choice by address and name (`ngx_http_find_virtual_server`, `ngx_http_init_connection`,
 * release-1.22.1). Rows name the conformance scenario that checks the rule on nginx 1.22.1 (Debian 12).
 */
import { describe, expect, it } from "vitest";
import { parseNginxConfig } from "./configParser.ts";
import { buildNginxModel, selectServer, serversForConnection } from "./server.ts";

const TEXT = `
server { listen 127.0.0.1:19000; server_name first.example; }
server { listen 127.0.0.1:19000; server_name second.example *.wild.example www.tail.*; }
server { listen 127.0.0.1:19000; server_name ~^api\\d+\\.example$; }
server { listen 127.0.0.1:19000 default_server; server_name catchall.example; }
server { listen 127.0.0.1:19000; server_name ""; }
server { listen 127.0.0.3:19000; server_name there.example; }
`;
const parsed = parseNginxConfig(TEXT, "p");
const model = buildNginxModel(parsed.nodes, parsed.mode, { listen: "127.0.0.1:19000", tls: false }, "p").model;
const conn = serversForConnection(model, { host: "127.0.0.1", port: 19000 })!;
const name = (host: string) => selectServer(conn.servers, conn.default, host).server.names[0]?.text;

describe("server selection", () => {
  it.each([
    ["an exact name [ngx-sn-exact]", "second.example", "second.example"],
    ["a leading wildcard [ngx-sn-wildcard-head]", "a.b.wild.example", "second.example"],
    ["a trailing wildcard [ngx-sn-wildcard-tail]", "www.tail.org", "second.example"],
    ["a regex [ngx-sn-regex]", "api7.example", "~^api\\d+\\.example$"],
    ["default_server for an unknown name [ngx-sn-default-server]", "nobody.example", "catchall.example"],
    ["no host: the server named \"\" [ngx-sn-no-host-empty-name]", "", ""],
    ["a name served only on another address is not found here [ngx-sn-other-address]", "there.example", "catchall.example"],
  ])("%s", (_name, host, want) => {
    expect(name(host)).toBe(want);
  });

  it("refuses two default servers on one address (nginx -t)", () => {
    const p = parseNginxConfig("server { listen 127.0.0.1:19998 default_server; } server { listen 127.0.0.1:19998 default_server; }", "p");
    const d = buildNginxModel(p.nodes, p.mode, { listen: "127.0.0.1:19998", tls: false }, "p").diagnostics;
    expect(d.map((x) => x.message)).toEqual(["a duplicate default server for 127.0.0.1:19998"]);
  });

  it("warns about the same name twice on one address (nginx -t)", () => {
    const p = parseNginxConfig("server { listen 127.0.0.1:19998; server_name a; } server { listen 127.0.0.1:19998; server_name a; }", "p");
    const d = buildNginxModel(p.nodes, p.mode, { listen: "127.0.0.1:19998", tls: false }, "p").diagnostics;
    expect(d.map((x) => [x.severity, x.message])).toEqual([["warning", 'conflicting server name "a" on 127.0.0.1:19998, ignored']]);
  });

  it("implies listen and server_name for the inside of one server (scenario format v1)", () => {
    const p = parseNginxConfig("location / { }", "p");
    const s = buildNginxModel(p.nodes, p.mode, { listen: "127.0.0.1:19001", tls: true }, "p").model.servers[0]!;
    expect([s.listens[0], s.serverName]).toEqual([{ host: "127.0.0.1", port: 19001, defaultServer: false, ssl: true, directive: null }, "127.0.0.1"]);
  });

  it("finds nothing listening on a port no server uses", () => {
    expect(serversForConnection(model, { host: "127.0.0.1", port: 19999 })).toBeNull();
  });
});
