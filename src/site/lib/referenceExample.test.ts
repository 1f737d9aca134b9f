import { describe, expect, it } from "vitest";
import { encodePermalink } from "../../engine/scenario/permalink.ts";
import { referenceExample } from "./referenceExample.ts";

describe("the reference example", () => {
  it("has a permalink under 400 characters, short enough for any chat or ticket", () => {
    const link = encodePermalink(referenceExample());
    expect(link.length).toBeLessThan(400);
  });
});
