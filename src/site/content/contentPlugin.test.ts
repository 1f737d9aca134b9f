import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulate } from "../../engine/index.ts";
import { referenceExample } from "../lib/referenceExample.ts";
import { verifyExample } from "./contentPlugin.ts";

function rootWith(observed: Record<string, unknown> | null): string {
  const root = mkdtempSync(join(tmpdir(), "pp-verify-"));
  const dir = join(root, "e2e", "conformance", "observed");
  mkdirSync(dir, { recursive: true });
  if (observed) writeFileSync(join(dir, "content-guide-1.json"), JSON.stringify(observed));
  return root;
}

describe("verifyExample", () => {
  const scenario = referenceExample();
  const result = simulate(scenario);
  const servers = { apache: "2.4.71", modwsgi: "4.9.4", nginx: "1.22.1" };
  const agreeing = { servers, scenario, response: { status: result.response.status, headers: result.response.headers }, environ: result.environ };

  it("is verified when the committed observation is of this scenario and agrees field by field", () => {
    expect(verifyExample(rootWith(agreeing), "guide", 0, scenario, result)).toEqual({ state: "verified", servers: "Apache 2.4.71 + mod_wsgi 4.9.4 on Debian 12" });
  });

  it("names the fields where reality differs", () => {
    const observed = { ...agreeing, environ: { ...result.environ, REMOTE_ADDR: "127.0.0.1" } };
    expect(verifyExample(rootWith(observed), "guide", 0, scenario, result)).toMatchObject({ state: "disagrees", fields: ["environ.REMOTE_ADDR"] });
  });

  it("is unverified when the example changed since it was run, or never was", () => {
    const changed = { ...scenario, client: { ...scenario.client, address: "127.0.0.8" } };
    expect(verifyExample(rootWith(agreeing), "guide", 0, changed, simulate(changed)).state).toBe("unverified");
    expect(verifyExample(rootWith(null), "guide", 0, scenario, result).state).toBe("unverified");
  });

  it("leaves out the keys the observation omitted as run-specific, as the runner's own comparison does", () => {
    const { "mod_wsgi.handler_script": _omitted, ...environ } = result.environ!;
    const observed = { ...agreeing, environ, environVolatileKeysOmitted: ["mod_wsgi.handler_script"] };
    expect(verifyExample(rootWith(observed), "guide", 0, scenario, result).state).toBe("verified");
    expect(verifyExample(rootWith({ ...observed, environVolatileKeysOmitted: [] }), "guide", 0, scenario, result)).toMatchObject({
      state: "disagrees",
      fields: ["environ.mod_wsgi.handler_script"],
    });
  });
});
