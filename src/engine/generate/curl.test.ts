/** The curl command for the client's request: its words, and that a POSIX shell reads them back exactly. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { simulate, type Scenario } from "../index.ts";
import { referenceExample } from "../../site/lib/referenceExample.ts";

function client(request: string, tls = false, proxies = true): Scenario {
  const s = referenceExample();
  s.client = { ...s.client, request, tls };
  if (!proxies) s.proxies = [];
  return s;
}

/** The words the shell passes to curl, by running the command with `curl` replaced by a printer. */
function shellWords(command: string): string[] {
  const body = command.split("\n").slice(1).join("\n");
  const r = spawnSync("sh", ["-c", `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${body}`], { encoding: "utf8" });
  return r.stdout.split("\0").slice(0, -1);
}

const rows: { name: string; scenario: Scenario; words: string[] }[] = [
  { name: "reference example", scenario: referenceExample(), words: ["--http1.1", "--connect-to", "www.example.com:80:127.0.0.1:80", "--request-target", "/somepath", "-H", "Host: www.example.com", "-H", "User-Agent:", "-H", "Accept:", "http://www.example.com:80/"] },
  { name: "HTTP/1.0 without Host, straight to the back end", scenario: client("GET / HTTP/1.0\n", false, false), words: ["--http1.0", "--connect-to", "127.0.0.1:8000:127.0.0.1:8000", "--request-target", "/", "-H", "Host:", "-H", "User-Agent:", "-H", "Accept:", "http://127.0.0.1:8000/"] },
  { name: "TLS, POST, a port in Host, quotes and blanks", scenario: client("POST /a?b='c' HTTP/1.1\nHost: www.example.com:8443\nX-Note: it's \"quoted\" $HOME\nUser-Agent: test\nEmpty:\n", true), words: ["--http1.1", "-k", "--connect-to", "www.example.com:8443:127.0.0.1:80", "-X", "POST", "--request-target", "/a?b='c'", "-H", "Host: www.example.com:8443", "-H", "X-Note: it's \"quoted\" $HOME", "-H", "User-Agent: test", "-H", "Empty;", "-H", "Accept:", "https://www.example.com:8443/"] },
  { name: "HEAD and an absolute-form target", scenario: client("HEAD http://www.example.com/x HTTP/1.1\nHost: www.example.com\n"), words: ["--http1.1", "--connect-to", "www.example.com:80:127.0.0.1:80", "--head", "--request-target", "http://www.example.com/x"] },
];

describe("generated curl command", () => {
  for (const row of rows) {
    it(row.name, () => {
      const text = simulate(row.scenario).generated.curl ?? "";
      expect(text.split("\n")[0]).toMatch(/^# Proxy Playground #v2\.f1\.e/);
      const words = shellWords(text);
      expect(words.slice(0, row.words.length)).toEqual(row.words);
    });
  }

  it("is absent when the request line cannot be read", () => {
    expect(simulate(client("\n")).generated.curl).toBeUndefined();
  });
});
