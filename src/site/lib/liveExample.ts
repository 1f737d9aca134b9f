/**
 * The live half of a reference page's example: the scenario block rendered at build time (`content/render.ts`)
 * becomes a mini playground (`ScenarioIsland`) with the engine and CodeMirror editors. This module is the heavy
 * part of a page, so `contentPage.ts` loads it with `import()` only when the reader first uses an example.
 */
import { flushSync, mount, unmount } from "svelte";
import type { Scenario } from "../../engine/index.ts";
import { scenarioShapeProblem } from "../../engine/scenario/permalink.ts";
import ScenarioIsland from "../components/ScenarioIsland.svelte";

/**
 * Replaces the static rendering inside `block` (a `[data-pp-scenario]` figure) with the live island, built from
 * the block's JSON data. Returns the function that unmounts it, or null when the block's data is not a scenario:
 * then the static rendering stays (the page is still readable) and the reason goes to the console.
 */
export function mountLiveExample(block: HTMLElement): (() => void) | null {
  const data = block.querySelector("script[type='application/json']")?.textContent ?? "";
  const live = block.querySelector<HTMLElement>("[data-pp-live]");
  // The playground's address from this page: on the "Open in playground" link as built, or on the mount point.
  const link = block.querySelector<HTMLElement>("[data-pp-playground]");
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
    const island = mount(ScenarioIsland, {
      target: live,
      props: { scenario: scenario as Scenario, playgroundHref: link?.dataset.ppPlayground ?? "/" },
    });
    // The editors are made in effects: run them now, so the caller can put the reader's focus into one.
    flushSync();
    return () => void unmount(island);
  } catch (error) {
    console.error("A scenario block could not be made live", error);
    return null;
  }
}
