/**
 * Wires a reference page: the navigation gets its search box, and each scenario block, rendered at build time as
 * static HTML (it reads fine without JavaScript), becomes a live mini playground. Used by the hosted pages
 * (`entries/content.ts`) and by the offline bundle (`entries/offline.ts`), which shows pages one at a time and
 * so needs to take them down again.
 *
 * On the hosted site an example goes live on the reader's first use of it: "Edit this example", a click into
 * one of its inputs, or one of its menus. Only then is the live part (`liveExample.ts`: the engine and the
 * CodeMirror editors, most of the site's weight) loaded, with `import()`; until then the page loads little
 * more than the search box.
 */
import { mount, unmount } from "svelte";
import ReferenceSearch from "../components/ReferenceSearch.svelte";
import type { SearchSection } from "./search.ts";

export interface UpgradeOptions {
  /** Make every example live at once (the offline file, whose script is all loaded already). */
  eager?: boolean;
}

/** Where the reader's first use of a static example was, to carry on there once it is live. */
type FirstUse = { kind: "edit" } | { kind: "pane"; index: number } | { kind: "menu"; index: number; value: string };

/** Carries the reader's first use over to the live island: focus where they were, the choice they made. */
function carryOn(block: HTMLElement, use: FirstUse): void {
  if (use.kind === "menu") {
    const menu = block.querySelectorAll<HTMLSelectElement>(".pp-island-actions select")[use.index];
    if (!menu) return;
    menu.value = use.value;
    menu.dispatchEvent(new Event("change", { bubbles: true }));
    menu.focus();
    return;
  }
  const pane = block.querySelectorAll(".pp-island-inputs .pp-pane")[use.kind === "pane" ? use.index : 0];
  pane?.querySelector<HTMLElement>("[contenteditable='true']")?.focus();
}

/**
 * Wires the page under `root`. `index` is the reference's search index (none: no search box). Returns the
 * function that unmounts what it mounted, including examples that go live later.
 */
export function upgradeContentPage(root: ParentNode, index: readonly SearchSection[], options: UpgradeOptions = {}): () => void {
  const takeDowns: (() => void)[] = [];
  let closed = false;

  const goLive = async (block: HTMLElement, use?: FirstUse) => {
    if (block.dataset.ppState !== undefined) return;
    block.dataset.ppState = "loading";
    try {
      const { mountLiveExample } = await import("./liveExample.ts");
      if (closed) return;
      const takeDown = mountLiveExample(block);
      block.dataset.ppState = takeDown ? "live" : "failed";
      if (!takeDown) return;
      takeDowns.push(takeDown);
      if (use) carryOn(block, use);
    } catch (error) {
      // The live part could not be loaded (e.g. the site was updated under an open page): the static example stays.
      delete block.dataset.ppState;
      console.error("The live example could not be loaded", error);
    }
  };

  for (const block of root.querySelectorAll<HTMLElement>("[data-pp-scenario]")) {
    if (options.eager) {
      void goLive(block);
      continue;
    }
    for (const hidden of block.querySelectorAll<HTMLElement>("[data-pp-js]")) hidden.hidden = false;
    block.querySelector("[data-pp-edit]")?.addEventListener("click", () => void goLive(block, { kind: "edit" }));
    block.querySelectorAll<HTMLSelectElement>("select[data-pp-menu]").forEach((menu, i) =>
      menu.addEventListener("change", () => void goLive(block, { kind: "menu", index: i, value: menu.value })),
    );
    block.querySelectorAll(".pp-island-inputs .pp-pane").forEach((pane, i) =>
      pane.addEventListener("click", (event) => {
        // A link followed or text selected to copy is not editing.
        if ((event.target as Element).closest("a") || !(getSelection()?.isCollapsed ?? true)) return;
        void goLive(block, { kind: "pane", index: i });
      }),
    );
  }

  // The search box in the reference navigation (the page reads fine without it).
  const searchTarget = root.querySelector<HTMLElement>("[data-pp-search]");
  if (searchTarget && index.length) {
    const search = mount(ReferenceSearch, { target: searchTarget, props: { index, base: "../../" } });
    takeDowns.push(() => void unmount(search));
  }
  return () => {
    closed = true;
    for (const takeDown of takeDowns) takeDown();
  };
}
