/**
 * Makes a reference page live: each scenario block, rendered at build time as static HTML (it reads fine without
 * JavaScript), becomes a live mini playground, and the navigation gets its search box. Used by the hosted
 * pages (`entries/content.ts`) and by the offline bundle (`entries/offline.ts`), which shows pages one at a time
 * and so needs to take them down again.
 */
import { mount, unmount } from "svelte";
import type { Scenario } from "../../engine/index.ts";
import { scenarioShapeProblem } from "../../engine/scenario/permalink.ts";
import ScenarioIsland from "../components/ScenarioIsland.svelte";
import ReferenceSearch from "../components/ReferenceSearch.svelte";
import type { SearchSection } from "./search.ts";

/**
 * Upgrades the page under `root`. `index` is the reference's search index (none: no search box). Returns the
 * function that unmounts what it mounted.
 */
export function upgradeContentPage(root: ParentNode, index: readonly SearchSection[]): () => void {
  const mounted: ReturnType<typeof mount>[] = [];
  for (const block of root.querySelectorAll<HTMLElement>("[data-pp-scenario]")) {
    const data = block.querySelector("script[type='application/json']")?.textContent ?? "";
    const live = block.querySelector<HTMLElement>("[data-pp-live]");
    const link = block.querySelector<HTMLAnchorElement>("a[data-pp-playground]");
    try {
      const scenario: unknown = JSON.parse(data);
      const problem = scenarioShapeProblem(scenario);
      if (problem || !live) throw new Error(problem ?? "no mount point");
      live.replaceChildren();
      block.classList.add("pp-upgraded");
      // The real-server note under the example applies to it as written: say so once the reader edits it.
      const markModified = () => block.classList.add("pp-modified");
      live.addEventListener("input", markModified);
      live.addEventListener("change", markModified);
      live.addEventListener("click", (event) => {
        const button = (event.target as HTMLElement).closest("button");
        if (button && /reset/i.test(button.textContent ?? "")) block.classList.remove("pp-modified");
      });
      mounted.push(
        mount(ScenarioIsland, {
          target: live,
          props: { scenario: scenario as Scenario, playgroundHref: link?.dataset.ppPlayground ?? "/" },
        }),
      );
    } catch (error) {
      // The static rendering stays; the page is still readable.
      console.error("A scenario block could not be made live", error);
    }
  }

  // The search box in the reference navigation (the page reads fine without it).
  const searchTarget = root.querySelector<HTMLElement>("[data-pp-search]");
  if (searchTarget && index.length) mounted.push(mount(ReferenceSearch, { target: searchTarget, props: { index, base: "../../" } }));
  return () => {
    for (const component of mounted) void unmount(component);
  };
}
