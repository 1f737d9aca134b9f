/**
 * mod_proxy's worker settings and worker sharing (proxyWorker.ts). The expected answers are what `apache2 -t` said
 * on Apache 2.4.71; the same cases run against the real server as syntax rows PW01–PW54
 * (e2e/conformance/syntax/proxy-pass-params.json).
 */
import { describe, expect, it } from "vitest";
import { balancerParamProblem, isBalancerUrl, sharedWorker, workerName, workerParamProblem } from "./proxyWorker.ts";

describe("workerParamProblem: values read as mod_proxy reads them", () => {
  it.each([
    // atoi stops at the first character that is not a digit.
    ["timeout", "5s", null],
    ["timeout", "0", "Timeout must be at least one second"],
    ["timeout", "abc", "Timeout must be at least one second"],
    ["retry", "abc", null],
    ["retry", "-1", "Retry must be a positive value"],
    // atof reads an exponent; the factor is a hundredth.
    ["loadfactor", "1e2", null],
    ["loadfactor", "5s", null],
    ["loadfactor", "101", "LoadFactor must be a number between 1..100"],
    // ap_timeout_parameter_parse: a number, then ms, s, mi(n) or h(r); the default unit when nothing follows.
    ["connectiontimeout", "1min", null],
    ["connectiontimeout", "200ms", null],
    ["connectiontimeout", "1m", "Connectiontimeout has wrong format"],
    ["connectiontimeout", "0", "Connectiontimeout must be at least one millisecond."],
    ["acquire", "1", null],
    ["acquire", "-1", "Acquire timeout has wrong format"],
    ["addressttl", "-1", null],
    ["addressttl", "1500ms", "AddressTTL must be -1 or a number of seconds not exceeding (2147483647)"],
    ["KeepAlive", "off", null],
    ["keepalive", "yes", "KeepAlive must be On|Off"],
    ["status", "-D", null],
    ["status", "+", "Unknown status parameter option"],
    ["status", "x", "Unknown status parameter option"],
    ["iobuffersize", "0", null],
    ["iobuffersize", "511", "IOBufferSize must be >= 512 bytes, or 0 for system default."],
    ["upgrade", "ANY", null],
    ["upgrade", "u".repeat(16), "upgrade protocol length must be < 16 characters"],
    ["route", "r".repeat(63), null],
    ["route", "r".repeat(64), "Route length must be < 64 characters"],
    ["bogus", "1", "unknown Worker parameter"],
    ["", "1", "unknown Worker parameter"],
  ])("%s=%s → %s", (key, value, problem) => {
    expect(workerParamProblem(key, value)).toBe(problem);
  });

  it("reads a number too long for an int as C does: atoi keeps the low 32 bits of the clamped long (checked with apache2 -t)", () => {
    expect(workerParamProblem("retry", "99999999999999999999")).toBe("Retry must be a positive value");
    expect(workerParamProblem("timeout", "4294967301")).toBe(null);
  });
});

describe("balancer settings", () => {
  it("are checked by name", () => {
    expect(isBalancerUrl("BALANCER://app")).toBe(true);
    expect(balancerParamProblem("stickysession")).toBeNull();
    expect(balancerParamProblem("bogus")).toBe("unknown Balancer parameter");
  });
});

describe("worker sharing (ap_proxy_get_worker_ex)", () => {
  it("names a worker by its URL with the scheme and host lower-cased", () => {
    expect(workerName("HTTP://Backend:8000/App")).toBe("http://backend:8000/App");
    expect(workerName("backend/")).toBeNull();
  });

  it("shares the longest worker that starts the target and covers its host and port", () => {
    const workers = ["http://127.0.0.1:8000/", "http://127.0.0.1:8000/app/"];
    expect(sharedWorker(workers, "http://127.0.0.1:8000/app/x")).toBe("http://127.0.0.1:8000/app/");
    expect(sharedWorker(workers, "HTTP://127.0.0.1:8000/other")).toBe("http://127.0.0.1:8000/");
    expect(sharedWorker(["http://127.0.0.1:8000"], "http://127.0.0.1:8000/")).toBe("http://127.0.0.1:8000");
    expect(sharedWorker(workers, "http://127.0.0.1:8001/")).toBeNull();
    expect(sharedWorker(["http://127.0.0.1:8000/x"], "http://127.0.0.1:8000/")).toBeNull();
  });
});
