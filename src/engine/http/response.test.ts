/** The HEAD rule: no body reaches the client (checked on Apache 2.4.71, corpus dr-plain-head). */
import { describe, expect, it } from "vitest";
import { forRequestMethod } from "./response.ts";

describe("a response to HEAD has no content", () => {
  const page = { status: 301, headers: { Location: "http://www.example.com/static/" }, body: "<html>moved</html>\n" };
  it("drops the body of a HEAD response, keeping status and headers", () => {
    expect(forRequestMethod(page, "HEAD")).toEqual({ status: 301, headers: { Location: "http://www.example.com/static/" }, body: "" });
  });
  it("leaves GET and responses without a stated body alone", () => {
    expect(forRequestMethod(page, "GET")).toBe(page);
    const noBody = { status: 200, headers: {} };
    expect(forRequestMethod(noBody, "HEAD")).toBe(noBody);
  });
});
