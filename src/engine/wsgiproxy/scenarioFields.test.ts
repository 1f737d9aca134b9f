/**
 * The scenario fields WSGIProxy adds (`wsgiproxy`, `proxies[].environ`, `backend.middleware`, the proxy kind
 * "wsgiproxy"): `validateScenario` and `scenario.schema.json` accept and refuse the same documents.
 */
import { describe, expect, it } from "vitest";
import Ajv2020 from "ajv/dist/2020.js";
import schema from "../scenario/scenario.schema.json";
import { parseScenarioText, validateScenario } from "../scenario/validate.ts";
import { wsgiproxyScenario } from "./wsgiproxyTesting.ts";

const base = () => structuredClone(wsgiproxyScenario({ config: "WSGIProxyApp('http://127.0.0.1:23002/')" })) as unknown as Record<string, any>;
const change = (f: (s: Record<string, any>) => void) => {
  const s = base();
  f(s);
  return s;
};

describe("WSGIProxy fields: schema and validator agree", () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const valid = ajv.compile(schema);
  it.each([
    ["a wsgiproxy front end", base(), true],
    ["each behaviour", change((s) => (s.wsgiproxy = "documented")), true],
    ["unreleased", change((s) => (s.wsgiproxy = "unreleased")), true],
    ["an unknown behaviour", change((s) => (s.wsgiproxy = "0.2.2")), false],
    ["a behaviour that is not a string", change((s) => (s.wsgiproxy = 1)), false],
    ["environ with any JSON values", change((s) => (s.proxies[0].environ = { REMOTE_USER: "bob", "beaker.session": { a: [1] }, SCRIPT_NAME: "/m" })), true],
    ["environ that is a list", change((s) => (s.proxies[0].environ = [])), false],
    ["a relative SCRIPT_NAME", change((s) => (s.proxies[0].environ = { SCRIPT_NAME: "m" })), false],
    ["middleware text", change((s) => (s.backend.middleware = "WSGIProxyMiddleware(app)")), true],
    ["middleware that is not text", change((s) => (s.backend.middleware = 1)), false],
  ])("%s", (_name, doc, ok) => {
    expect({ bySchema: valid(doc), byValidator: validateScenario(doc).scenario !== null }).toEqual({ bySchema: ok, byValidator: ok });
  });

  it("keeps the fields; leaves wsgiproxy out when the scenario does not set it (its default is the engine's)", () => {
    const s = validateScenario(change((x) => ((x.proxies[0].environ = { REMOTE_USER: "bob" }), (x.backend.middleware = "WSGIProxyMiddleware(app)")))).scenario!;
    expect(s.proxies[0]!.environ).toEqual({ REMOTE_USER: "bob" });
    expect(s.backend.middleware).toBe("WSGIProxyMiddleware(app)");
    expect(s.wsgiproxy).toBeUndefined();
    expect(JSON.parse(JSON.stringify(s))).not.toHaveProperty("wsgiproxy");
  });

  it("points a bad behaviour at its value, and warns about environ on another kind", () => {
    const text = JSON.stringify(change((s) => ((s.wsgiproxy = "nope"), (s.proxies[0].server = "nginx"), (s.proxies[0].environ = {}))), null, 2);
    const r = parseScenarioText(text);
    const bad = r.diagnostics.find((d) => d.code === "scenario-field-value")!;
    expect(text.split("\n")[bad.line - 1]).toContain('"nope"');
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ severity: "warning", code: "scenario-field-ignored" }));
  });
});
