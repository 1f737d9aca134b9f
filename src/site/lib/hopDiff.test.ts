import { describe, expect, it } from "vitest";
import { simulate } from "../../engine/index.ts";
import { referenceExample } from "./referenceExample.ts";
import { diffHop } from "./hopDiff.ts";

describe("diffHop", () => {
  const scenario = referenceExample();
  scenario.client.request = "GET /somepath HTTP/1.1\nHost: www.example.com\nConnection: close\nX-Forwarded-For: 198.51.100.1\n";
  const { hops } = simulate(scenario);

  it("marks nothing on what the client sent", () => {
    expect(diffHop(hops, 0).lines.every((l) => l.mark === "same")).toBe(true);
  });

  it("marks what the front end added, changed and dropped", () => {
    const d = diffHop(hops, 1);
    const mark = (prefix: string) => d.lines.find((l) => l.text.startsWith(prefix));
    expect(mark("GET ")?.mark).toBe("same");
    expect(mark("Host:")?.mark).toBe("same");
    expect(mark("X-Forwarded-Port:")?.mark).toBe("added");
    expect(mark("X-Forwarded-For:")).toMatchObject({ mark: "changed", before: "X-Forwarded-For: 198.51.100.1" });
    expect(mark("Connection:")).toMatchObject({ mark: "changed", before: "Connection: close" });
    expect(d.dropped).toEqual([]);
  });
});
