import { describe, expect, it } from "vitest";
import { lineLimitCrossing, utf8LimitCrossing } from "./limits.ts";

describe("utf8LimitCrossing", () => {
  it("is null for text within the limit, whatever its characters", () => {
    expect(utf8LimitCrossing("", 0)).toBeNull();
    expect(utf8LimitCrossing("abc", 3)).toBeNull();
    expect(utf8LimitCrossing("é€😀", 2 + 3 + 4)).toBeNull();
  });

  it("points at the character that crosses, counting UTF-8 bytes (4 for a surrogate pair)", () => {
    expect(utf8LimitCrossing("abcd", 3)).toEqual({ line: 1, column: 4 });
    expect(utf8LimitCrossing("é€😀", 8)).toEqual({ line: 1, column: 4 }); // the pair's second unit is byte 9
    expect(utf8LimitCrossing("ab\ncd\nef", 7)).toEqual({ line: 3, column: 2 });
  });

  it("counts lines at \\n only; a lone \\r is a character", () => {
    expect(utf8LimitCrossing("a\rb\r\ncd", 6)).toEqual({ line: 2, column: 2 });
  });
});

describe("lineLimitCrossing", () => {
  it("allows max lines, a final line end included", () => {
    expect(lineLimitCrossing("a\nb\n", 2)).toBeNull();
    expect(lineLimitCrossing("a\nb", 2)).toBeNull();
    expect(lineLimitCrossing("", 0)).toBeNull();
  });

  it("points at the start of the first line past the limit", () => {
    expect(lineLimitCrossing("a\nb\nc", 2)).toEqual({ line: 3, column: 1 });
    expect(lineLimitCrossing("\n\n\n\n", 2)).toEqual({ line: 3, column: 1 });
  });
});
