import { describe, expect, it } from "vitest";
import { visibleControls } from "./visibleText.ts";

describe("visibleControls", () => {
  it("writes controls and bidirectional overrides as escapes", () => {
    expect(visibleControls("a\u0000b\u001b[31mc\u007fd\u202ee\u2066f\u0085g")).toBe("a\\x00b\\x1b[31mc\\x7fd\\u202ee\\u2066f\\x85g");
  });

  it("leaves tabs, markup and other scripts as they are", () => {
    const text = "Host:\t<script>alert(1)</script> café → שלום 日本";
    expect(visibleControls(text)).toBe(text);
  });
});
