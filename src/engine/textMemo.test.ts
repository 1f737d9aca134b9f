/**
 * The text memo (textMemo.ts) and what the engine's use of it must never change: a result does not depend on
 * what was simulated before, and two results share no diagnostic a reader (or the site) could change.
 */
import { describe, expect, it } from "vitest";
import { groupBy, memoBuiltText, memoByObject, memoByText, textMemo } from "./textMemo.ts";
import { simulate } from "./pipeline.ts";
import { canonicalJson } from "./scenario/permalink.ts";
import { backendOnly, req } from "./testing/builders.ts";
import type { Scenario } from "./types.ts";

describe("textMemo", () => {
  it("computes a text once while it is among the last `size` texts, then again", () => {
    const calls: string[] = [];
    const upper = memoByText((t) => (calls.push(t), t.toUpperCase()), 2);
    expect([upper("a"), upper("a"), upper("b"), upper("a"), upper("c"), upper("a"), upper("b")]).toEqual(["A", "A", "B", "A", "C", "A", "B"]);
    // "a" was used again before "c" came, so "b" was the least recently used and went first.
    expect(calls).toEqual(["a", "b", "c", "b"]);
  });

  it("keeps null and undefined answers too", () => {
    let calls = 0;
    const memo = textMemo<string | null | undefined>(4);
    for (let i = 0; i < 3; i++) memo("n", () => (calls++, null));
    for (let i = 0; i < 3; i++) memo("u", () => (calls++, undefined));
    expect(calls).toBe(2);
  });

  it("keeps each variant of a text apart, and at most eight of them", () => {
    const calls: string[] = [];
    const memo = textMemo<string>(2);
    const read = (text: string, variant: string) => memo(text, () => (calls.push(`${text}/${variant}`), `${text}@${variant}`), variant);
    expect([read("t", "a"), read("t", "b"), read("t", "a"), read("u", "a")]).toEqual(["t@a", "t@b", "t@a", "u@a"]);
    expect(calls).toEqual(["t/a", "t/b", "u/a"]);
    // Eight variants fill the text's table; a ninth empties it, so the first is computed again.
    for (let i = 0; i < 9; i++) read("v", String(i));
    read("v", "0");
    expect(calls.filter((c) => c === "v/0")).toHaveLength(2);
  });

  it("keeps nothing of a computation that throws", () => {
    let calls = 0;
    const memo = textMemo<number>(4);
    const fail = () => {
      calls++;
      throw new Error("no");
    };
    expect(() => memo("x", fail)).toThrow("no");
    expect(memo("x", () => 1)).toBe(1);
    expect(calls).toBe(1);
  });
});

describe("memoBuiltText", () => {
  it("computes a text once while it is among the last `size` texts, found by content", () => {
    const calls: string[] = [];
    const upper = memoBuiltText((t) => (calls.push(t), t.toUpperCase()), 2);
    // Texts built afresh (equal content, other string objects) are found too.
    const built = (s: string) => [...s].join("");
    expect([upper("a"), upper(built("a")), upper("bb"), upper("a"), upper("c"), upper("a"), upper("bb")]).toEqual(["A", "A", "BB", "A", "C", "A", "BB"]);
    expect(calls).toEqual(["a", "bb", "c", "bb"]);
  });

  it("keeps null and undefined answers too", () => {
    let calls = 0;
    const memo = memoBuiltText<null | undefined>((t) => (calls++, t === "n" ? null : undefined), 4);
    for (let i = 0; i < 3; i++) memo("n");
    for (let i = 0; i < 3; i++) memo("u");
    expect(calls).toBe(2);
  });
});

describe("memoByObject and groupBy", () => {
  it("computes once per object, null answers included, and apart for equal objects", () => {
    const calls: object[] = [];
    const size = memoByObject((o: { items: number[] }) => (calls.push(o), o.items.length === 0 ? null : o.items.length));
    const a = { items: [1, 2] };
    const empty = { items: [] };
    expect([size(a), size(a), size(empty), size(empty), size({ items: [1, 2] })]).toEqual([2, 2, null, null, 2]);
    expect(calls).toHaveLength(3);
  });

  it("groups items by key, each group in list order", () => {
    expect([...groupBy(["Alias", "alias", "Listen", "ALIAS"], (s) => s.toLowerCase())]).toEqual([
      ["alias", ["Alias", "alias", "ALIAS"]],
      ["listen", ["Listen"]],
    ]);
  });
});

describe("simulate with kept texts", () => {
  const config = "WSGIScriptAlias /t /srv/app/wsgi.py\nWSGITrustedProxies 10.0.0.0/8\nWSGITrustedProxyHeaders X-Bogus_Name\nServerNam x\n";
  const a = backendOnly(config, { request: req("GET /t/x", "Host: a.example") });
  const b: Scenario = { ...backendOnly(config, { request: req("GET /t/y", "Host: b.example") }), proxies: [{ server: "nginx", listen: "127.0.0.1:80", address: "127.0.0.1", config: "location / { proxy_pass http://127.0.0.1:18080; }\nbogus_directive on;\n" }] };

  const c: Scenario = { ...backendOnly(config, { request: req("GET /t/z", "Host: c.example") }), proxies: [{ server: "haproxy", listen: "127.0.0.1:80", address: "127.0.0.1", config: "server s1 127.0.0.1:18080\nhttp-request set-header X-Seen yes\nbogus_keyword on\n" }] };

  it("gives the same result first, again, and after other scenarios", () => {
    for (const s of [a, b, c]) {
      const first = canonicalJson(simulate(s));
      expect(canonicalJson(simulate(s))).toBe(first);
      for (const other of [a, b, c]) simulate(other);
      expect(canonicalJson(simulate(s))).toBe(first);
    }
  });

  it("gives each result its own diagnostics: changing one result leaves the next as it was", () => {
    for (const s of [a, b, c]) {
      const one = simulate(s);
      const expected = canonicalJson(simulate(s));
      expect(one.diagnostics.length).toBeGreaterThan(0);
      for (const d of one.diagnostics) {
        d.message = "changed";
        d.line = 0;
      }
      one.diagnostics.length = 0;
      expect(canonicalJson(simulate(s))).toBe(expected);
    }
  });
});
