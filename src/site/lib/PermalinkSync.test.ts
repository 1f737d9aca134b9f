import { describe, expect, it } from "vitest";
import { encodePermalink } from "../../engine/scenario/permalink.ts";
import { ENGINE_VERSION } from "../../engine/version.ts";
import type { Scenario } from "../../engine/index.ts";
import { Playground } from "./Playground.svelte.ts";
import { DRAFT_KEY, PermalinkSync } from "./PermalinkSync.svelte.ts";
import { referenceExample } from "./referenceExample.ts";
import saved from "../../engine/scenario/savedLinks.json" with { type: "json" };

/** A `Storage` held in a Map, as the browser's `localStorage` behaves. */
class MemoryStorage implements Storage {
  #items = new Map<string, string>();
  get length() {
    return this.#items.size;
  }
  clear() {
    this.#items.clear();
  }
  getItem(key: string) {
    return this.#items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.#items.delete(key);
  }
  setItem(key: string, value: string) {
    this.#items.set(key, value);
  }
}

const reference = referenceExample();
const edited: Scenario = { ...reference, client: { ...reference.client, address: "127.0.0.42" } };
const other: Scenario = { ...reference, client: { ...reference.client, address: "127.0.0.77" } };
const BROKEN = "v2.f1.e0.1.0.cut-short";

function setup(draft?: { scenario: string; url: string } | string) {
  const storage = new MemoryStorage();
  if (draft !== undefined) storage.setItem(DRAFT_KEY, typeof draft === "string" ? draft : JSON.stringify(draft));
  const pg = new Playground();
  const sync = new PermalinkSync(pg, 300, storage);
  return { pg, sync, storage };
}

describe("PermalinkSync.start: what the page opens with", () => {
  it("the reference example, without a link or a draft", () => {
    const { pg, sync } = setup();
    sync.start("");
    expect(pg.scenario).toEqual(reference);
    expect(sync.restoredDraft).toBe(false);
    expect(sync.opened).toBeNull();
  });

  it("the draft, when the address bar has no scenario", () => {
    const { pg, sync } = setup({ scenario: encodePermalink(edited), url: encodePermalink(edited) });
    sync.start("");
    expect(pg.scenario).toEqual(edited);
    expect(sync.restoredDraft).toBe(true);
    expect(pg.edits).toBe(0);
  });

  it("the link, when the draft belongs to another link", () => {
    const { pg, sync } = setup({ scenario: encodePermalink(edited), url: encodePermalink(edited) });
    sync.start("#" + encodePermalink(other));
    expect(pg.scenario).toEqual(other);
    expect(sync.restoredDraft).toBe(false);
    expect(sync.modifiedSinceLink).toBe(false);
  });

  it("the draft, when it was edited from the link in the address bar after the last URL write", () => {
    const link = encodePermalink(other);
    const { pg, sync } = setup({ scenario: encodePermalink(edited), url: link });
    sync.start("#" + link);
    expect(pg.scenario).toEqual(edited);
    expect(sync.restoredDraft).toBe(true);
    expect(sync.opened).toBe(link);
    expect(sync.modifiedSinceLink).toBe(true);
  });

  it("the draft, with the link's error, when the link is broken", () => {
    const { pg, sync } = setup({ scenario: encodePermalink(edited), url: encodePermalink(edited) });
    sync.start("#" + BROKEN);
    expect(pg.scenario).toEqual(edited);
    expect(sync.shownInstead).toBe("draft");
    expect(pg.loadDiagnostics).toMatchObject([{ severity: "error", source: "link", code: "permalink-bad-base64" }]);
  });

  it("the reference example, with the link's error, when the link is broken and there is no draft", () => {
    const { pg, sync } = setup();
    sync.start("#" + BROKEN);
    expect(pg.scenario).toEqual(reference);
    expect(sync.shownInstead).toBe("reference example");
    expect(pg.loadDiagnostics).toHaveLength(1);
  });

  it.each([
    ["not JSON", "{"],
    ["JSON of another shape", '{"scenario": 3}'],
    ["a broken link", JSON.stringify({ scenario: BROKEN, url: "" })],
  ])("ignores a damaged draft entry (%s)", (_name, entry) => {
    const { pg, sync } = setup(entry);
    sync.start("");
    expect(pg.scenario).toEqual(reference);
    expect(sync.restoredDraft).toBe(false);
  });

  it("works without storage, and with storage that throws", () => {
    const throwing = new MemoryStorage();
    throwing.getItem = () => {
      throw new DOMException("denied", "SecurityError");
    };
    for (const storage of [null, throwing]) {
      const pg = new Playground();
      new PermalinkSync(pg, 300, storage).start("#" + encodePermalink(other));
      expect(pg.scenario).toEqual(other);
    }
  });
});

describe("PermalinkSync.restore: a link opened in a running playground", () => {
  it("keeps the reader's work on screen when the link is broken", () => {
    const { pg, sync } = setup();
    sync.start("");
    pg.setClientAddress("127.0.0.42");
    sync.restore("#" + BROKEN);
    expect(pg.scenario.client.address).toBe("127.0.0.42");
    expect(sync.shownInstead).toBe("previous work");
    expect(pg.loadDiagnostics).toHaveLength(1);
    // Working on clears the banner.
    pg.setClientAddress("127.0.0.43");
    expect(pg.loadDiagnostics).toEqual([]);
  });
});

describe("links made by earlier versions", () => {
  it("a v1 link is not 'modified' because the page writes v2, and names no other engine", () => {
    const { sync } = setup();
    sync.start("#" + saved.links[0]!.link);
    expect(sync.origin).toMatchObject({ link: 1, engine: "0.1.0" });
    expect(sync.modifiedSinceLink).toBe(false);
    expect(sync.originNote).toBeNull();
  });

  it("a link made by another engine says which, and which engine shows it", () => {
    const { pg, sync } = setup();
    sync.start("#" + encodePermalink(other, "0.0.9"));
    expect(pg.scenario).toEqual(other);
    expect(sync.originNote).toBe(
      `This link was made with engine 0.0.9; it is shown with engine ${ENGINE_VERSION}, so results may differ where the engine has changed since.`,
    );
  });
});
