/**
 * A `curl` command that sends the client's request as the scenario writes it: the method, the request
 * target byte for byte (`--request-target`), every header in order (curl's own User-Agent and Accept
 * removed unless the request has them; a request without Host sends none), `--http1.0` or `--http1.1`,
 * `-k` for TLS, and `--connect-to` so the connection goes to the first server's listen address whatever
 * the Host says. Words are quoted for a POSIX shell.
 *
 * Source: the scenario's `client.request` as the engine's request-head parser reads it. Versions: curl
 * 7.55 or later (`--request-target`, `--connect-to`).
 */
import type { Scenario } from "../types.ts";
import { parseRequestHead } from "../http/requestHead.ts";
import { headerLine, listenParts, shellQuote, type GenerateContext } from "./common.ts";
import { textMemo } from "../textMemo.ts";

/** The curl command for the client's request, or undefined when the engine could not read the request line. Never throws. */
export function generateCurl(scenario: Scenario, gen: GenerateContext): string | undefined {
  const tls = scenario.client.tls === true;
  const firstListen = scenario.proxies[0]?.listen ?? scenario.backend.listen;
  // The command depends on the client's pane and the first server's address only: kept for a recent one.
  const body = recentCommands(scenario.client.request, () => curlCommand(scenario.client.request, tls, firstListen), `${tls} ${firstListen}`);
  return body === null ? undefined : `${headerLine(scenario, gen.versions, gen)}\n${body}\n`;
}

const recentCommands = textMemo<string | null>(8);

/** The curl command's words, quoted and joined with line continuations; null when the request line cannot be read. */
function curlCommand(requestText: string, tls: boolean, firstListen: string): string | null {
  const { request } = parseRequestHead(requestText, "client.request");
  if (!request) return null;
  const first = listenParts(firstListen, tls ? 443 : 80);
  const hostField = request.headers.find((h) => h.name.toLowerCase() === "host");
  const hostValue = hostField?.value.trim() ?? "";
  // The URL's authority only decides what --connect-to matches; the Host header is sent as written.
  const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?$/.exec(hostValue);
  const urlHost = m ? m[1]! : first.host.includes(":") ? `[${first.host}]` : first.host;
  const urlPort = m?.[2] ? Number(m[2]) : first.port;
  const scheme = tls ? "https" : "http";
  const words: string[][] = [["curl"], [request.protocol === "HTTP/1.0" ? "--http1.0" : "--http1.1"]];
  if (tls) words.push(["-k"]);
  words.push(["--connect-to", `${urlHost}:${urlPort}:${first.authority}`]);
  if (request.method === "HEAD") words.push(["--head"]);
  else if (request.method !== "GET") words.push(["-X", request.method]);
  words.push(["--request-target", request.target]);
  const names = new Set(request.headers.map((h) => h.name.toLowerCase()));
  for (const h of request.headers) words.push(["-H", h.value === "" ? `${h.name};` : `${h.name}: ${h.value}`]);
  if (!names.has("host")) words.push(["-H", "Host:"]);
  if (!names.has("user-agent")) words.push(["-H", "User-Agent:"]);
  if (!names.has("accept")) words.push(["-H", "Accept:"]);
  words.push([`${scheme}://${urlHost}:${urlPort}/`]);
  return words.map((w) => w.map(shellQuote).join(" ")).join(" \\\n  ");
}
