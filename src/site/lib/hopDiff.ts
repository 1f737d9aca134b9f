/**
 * What each hop did to the request: the head a server received, line by line, marked against the head the
 * previous server received. Pure; the hop-by-hop view renders it.
 */
import type { Hop } from "../../engine/index.ts";

export type LineMark = "same" | "added" | "changed";

export interface MarkedLine {
  text: string;
  mark: LineMark;
  /** For a changed header or request line: what the previous server received. */
  before?: string;
}

export interface HopDiff {
  lines: MarkedLine[];
  /** Header names the previous server received and this one did not. */
  dropped: string[];
}

interface Head {
  requestLine: string;
  headers: Map<string, { name: string; value: string }>;
}

function parseHead(text: string): Head {
  const [requestLine = "", ...rest] = text.split("\r\n");
  const headers = new Map<string, { name: string; value: string }>();
  for (const line of rest) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    const key = name.toLowerCase();
    const prior = headers.get(key);
    headers.set(key, prior ? { name: prior.name, value: `${prior.value}, ${value}` } : { name, value });
  }
  return { requestLine, headers };
}

/**
 * Marks the request `hops[index]` received against `hops[index - 1]`'s. The first hop is what the client
 * sent, so nothing is marked. Repeated header lines count as one header with their values joined, as the
 * servers themselves treat them.
 */
export function diffHop(hops: readonly Hop[], index: number): HopDiff {
  const hop = hops[index];
  if (!hop) return { lines: [], dropped: [] };
  const lines = hop.request.split("\r\n").filter((l, i, all) => !(l === "" && i >= all.length - 2));
  if (index === 0) return { lines: lines.map((text) => ({ text, mark: "same" })), dropped: [] };
  const before = parseHead(hops[index - 1]!.request);
  const now = parseHead(hop.request);
  const marked: MarkedLine[] = lines.map((text, i) => {
    if (i === 0) return text === before.requestLine ? { text, mark: "same" } : { text, mark: "changed", before: before.requestLine };
    const colon = text.indexOf(":");
    const key = colon > 0 ? text.slice(0, colon).toLowerCase() : "";
    const prior = before.headers.get(key);
    const value = now.headers.get(key)?.value;
    if (!prior) return { text, mark: "added" };
    return prior.value === value ? { text, mark: "same" } : { text, mark: "changed", before: `${prior.name}: ${prior.value}` };
  });
  const dropped = [...before.headers.entries()].filter(([key]) => !now.headers.has(key)).map(([, h]) => h.name);
  return { lines: marked, dropped };
}
