import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const TSX = new URL("../../node_modules/.bin/tsx", import.meta.url).pathname;
const CLI = new URL("./simulate.ts", import.meta.url).pathname;

function run(args: string[], input?: string): { status: number; stdout: string } {
  try {
    return { status: 0, stdout: execFileSync(TSX, [CLI, ...args], { input, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] }) };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { status: e.status, stdout: e.stdout };
  }
}

const scenario = (trust: string) =>
  JSON.stringify({
    version: 1,
    modwsgi: "4.9",
    client: { address: "203.0.113.7", request: "GET / HTTP/1.1\nHost: app.example\nX-Forwarded-For: 198.51.100.1\n" },
    proxies: [],
    backend: { server: "apache", listen: "10.0.0.5:8000", address: "10.0.0.5", config: `WSGITrustedProxyHeaders X-Forwarded-For\nWSGITrustedProxies ${trust}\n` },
  });

describe("simulate CLI", { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "pp-cli-"));
  const good = join(dir, "good.json");
  const bad = join(dir, "bad.json");
  const broken = join(dir, "broken.json");
  writeFileSync(good, scenario("192.0.2.10"));
  writeFileSync(bad, scenario("0.0.0.0/0"));
  writeFileSync(broken, "{ not json");

  it("prints the result of one file and exits 0", () => {
    const { status, stdout } = run([good]);
    expect(status).toBe(0);
    expect(JSON.parse(stdout).environ.REMOTE_ADDR).toBe("203.0.113.7");
  });

  it("exits 1 when a scenario has error diagnostics, and prints an array for several files", () => {
    const { status, stdout } = run([good, bad]);
    expect(status).toBe(1);
    const results = JSON.parse(stdout) as { diagnostics: { code: string }[] }[];
    expect(results).toHaveLength(2);
    expect(results[1]!.diagnostics.map((d) => d.code)).toContain("trusted-proxies-bad-mask");
  });

  it("exits 2 when an input is not a scenario", () => {
    const { status, stdout } = run([broken]);
    expect(status).toBe(2);
    expect(JSON.parse(stdout).diagnostics[0]).toMatchObject({ code: "scenario-not-json", line: 1 });
  });

  it("reads JSON lines and answers one line each, in order", () => {
    const { status, stdout } = run(["--jsonl"], [scenario("192.0.2.10"), "nope", scenario("203.0.113.0/24")].join("\n") + "\n");
    expect(status).toBe(2);
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0].environ.REMOTE_ADDR).toBe("203.0.113.7");
    expect(lines[1].diagnostics[0].code).toBe("scenario-not-json");
    // 203.0.113.0/24 contains the client itself, so its X-Forwarded-For value is believed.
    expect(lines[2].environ.REMOTE_ADDR).toBe("198.51.100.1");
  });
});
