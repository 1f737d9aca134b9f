/**
 * Reference-page examples that involve WSGIProxy say they were not run on real servers, and why; an example
 * without WSGIProxy is judged by its committed observation as before.
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../../engine/index.ts";
import { wsgiproxyScenario } from "../../engine/wsgiproxy/wsgiproxyTesting.ts";
import { verifyExample } from "./contentPlugin.ts";
import { modelOnlyReason } from "../../../e2e/conformance/modelOnly.ts";

const ROOT = "/nonexistent";

describe("verification notes for WSGIProxy examples", () => {
  it("a WSGIProxy front end: unverified, because WSGIProxy is Python 2 code that cannot run here", () => {
    const s = wsgiproxyScenario({ config: "WSGIProxyApp('http://127.0.0.1:23002/')" });
    expect(verifyExample(ROOT, "wsgiproxy", 0, s, simulate(s))).toEqual({ state: "unverified", reason: expect.stringContaining("WSGIProxy is Python 2 code that cannot run here") });
  });
  it("a back end with WSGIProxyMiddleware and no front end: unverified for the same reason", () => {
    const s = wsgiproxyScenario({ config: "x", middleware: "WSGIProxyMiddleware(app)" });
    s.proxies = [];
    expect(modelOnlyReason(s)).toContain("WSGIProxy");
  });
  it("the same back end without the middleware can run: no model-only reason", () => {
    const s = wsgiproxyScenario({ config: "x" });
    s.proxies = [];
    expect(modelOnlyReason(s)).toBeNull();
    expect(verifyExample(ROOT, "wsgiproxy", 0, s, simulate(s))).toEqual({ state: "unverified", reason: "run npm run conformance to check it" });
  });
});
