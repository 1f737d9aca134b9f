import { describe, expect, it } from "vitest";
import { simulate } from "../../engine/index.ts";
import { referenceExample } from "./referenceExample.ts";
import { supportTicketMarkdown } from "./supportTicket.ts";

describe("supportTicketMarkdown", () => {
  const scenario = referenceExample();
  const md = supportTicketMarkdown(scenario, simulate(scenario), "https://example.test/#v1.abc");

  it("carries the link and the versions", () => {
    expect(md).toContain("- Link: https://example.test/#v1.abc");
    expect(md).toMatch(/Engine \d+\.\d+\.\d+, scenario format 1; mod_wsgi 4\.9 behaviour, Apache 2\.4\.71, nginx 1\.22\.1/);
  });

  it("has the inputs, the client's response and the environ", () => {
    expect(md).toContain("```http\nGET /somepath HTTP/1.1\nHost: www.example.com\n```");
    expect(md).toContain("```apache\nServerName www.example.com\n");
    expect(md).toContain("**The client gets**\n\n```http\n200 OK");
    expect(md).toContain("REMOTE_ADDR=127.0.0.9");
  });

  it("keeps pasted backticks inside their block", () => {
    const s = { ...scenario, client: { ...scenario.client, request: "GET / HTTP/1.1\nHost: a\nX-Evil: ```\n" } };
    const text = supportTicketMarkdown(s, simulate(s), "u");
    expect(text).toContain("````http\nGET / HTTP/1.1\nHost: a\nX-Evil: ```\n````");
  });

  it("lists the notes on the generated configuration", () => {
    const s = { ...scenario, backend: { ...scenario.backend, config: `WSGIApplicationGroup mine\n${scenario.backend.config}` } };
    const text = supportTicketMarkdown(s, simulate(s), "u");
    expect(text).toMatch(/\*\*Notes on the generated configuration\*\*\n\n- no mod_wsgi-express command: WSGIApplicationGroup mine \(line 1\)/);
    expect(text).not.toContain("**mod_wsgi-express command**");
  });
});

