/**
 * Saved permalinks (savedLinks.json), written by every link shape so far, keep opening with the result they
 * showed: decode, migrate to the current format, simulate.
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../pipeline.ts";
import { decodePermalink, encodePermalink } from "./permalink.ts";
import saved from "./savedLinks.json" with { type: "json" };

describe.each(saved.links)("saved link: $name ($made)", ({ link, result: expected }) => {
  it("opens, in the current format, and gives the result it showed", () => {
    const { scenario, diagnostics, origin } = decodePermalink(link);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(scenario).not.toBeNull();
    expect(origin?.link).toBe(link.startsWith("v1.") ? 1 : 2);
    expect(origin?.engine).toBe("0.1.0");
    const result = simulate(scenario!);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.response.status).toBe(expected.status);
    if ("location" in expected) expect(result.response.headers["Location"]).toBe(expected.location);
    if (expected.environ === null) expect(result.environ).toBeNull();
    else expect(result.environ).toMatchObject(expected.environ);
  });
});

describe("saved links of different shapes", () => {
  it("hold the same scenario in v1 and v2 for each pair", () => {
    const byName = new Map<string, unknown[]>();
    for (const { name, link } of saved.links) byName.set(name, [...(byName.get(name) ?? []), decodePermalink(link).scenario]);
    for (const [name, scenarios] of byName) {
      expect(scenarios.length, name).toBe(2);
      expect(scenarios[0], name).toEqual(scenarios[1]);
    }
  });

  it("include the link the encoder writes today for each scenario (engine 0.1.0)", () => {
    for (const { link } of saved.links.filter((l) => l.link.startsWith("v2."))) {
      expect(encodePermalink(decodePermalink(link).scenario!, "0.1.0")).toBe(link);
    }
  });

  it("keep the end-to-end reference example's link under 400 characters", () => {
    const reference = decodePermalink(saved.links.find((l) => l.name === "the end-to-end reference example")!.link).scenario!;
    const link = encodePermalink(reference);
    expect(link.length).toBeLessThan(400);
    expect(decodePermalink(link).scenario).toEqual(reference);
  });
});
