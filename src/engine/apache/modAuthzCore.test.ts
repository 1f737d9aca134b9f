/**
 * mod_authz_core's reading of Require lines (modAuthzCore.ts). Expected answers are what `apache2 -t` said on
 * Apache 2.4.71; the same lines run against the real server as syntax rows RQ01–RQ36
 * (e2e/conformance/syntax/require.json), with the sections' own checks.
 */
import { describe, expect, it } from "vitest";
import { requireProblem } from "./modAuthzCore.ts";

const words = (line: string) => (line === "" ? [] : line.split(" ").map((text) => ({ text })));

describe("Require lines", () => {
  it.each([
    ["all granted", null],
    ["all Denied", null],
    ["ip 10.0.0.0/8 ::1 192.168", null],
    ["method GET POST", null],
    ["host", null],
    ["valid-user", null],
    ["", "Unknown Authz provider: "],
    ["bogus", "Unknown Authz provider: bogus"],
    ["ALL granted", "Unknown Authz provider: ALL"],
    ["all", "Argument for 'Require all' must be 'granted' or 'denied'"],
    ["all granted extra", "Argument for 'Require all' must be 'granted' or 'denied'"],
    ["ip", "'require ip' requires an argument"],
    ["ip 999.1.1.1", "ip address '999.1.1.1' appears to be invalid: The specified IP address is invalid."],
    ["ip example.com", "ip address 'example.com' appears to be invalid"],
    ["ip 10.0.0.0/33", "ip address '10.0.0.0/33' appears to be invalid: The specified network mask is invalid."],
    ["method get", "Invalid Method 'get'"],
    ["expr", "Cannot parse expression in require line: syntax error, unexpected $end"],
    ["not all denied", "negative Require directive has no effect in <RequireAny> directive"],
  ])("Require %s → %s", (line, message) => {
    expect(requireProblem(words(line), null)?.message ?? null).toBe(message);
  });

  it("takes a quoted word as written for 'Require all'", () => {
    expect(requireProblem([{ text: "all" }, { text: "granted", quoted: true }], null)?.message).toBe("Argument for 'Require all' must be 'granted' or 'denied'");
  });

  it("gives a negation meaning only inside <RequireAll>", () => {
    expect(requireProblem(words("not ip 10.0.0.1"), "RequireAll")).toBeNull();
    expect(requireProblem(words("not ip 10.0.0.1"), "RequireNone")?.message).toBe("negative Require directive has no effect in <RequireNone> directive");
  });
});
