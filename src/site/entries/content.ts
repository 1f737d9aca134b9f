/**
 * Entry of the content pages. Each scenario block was rendered at build time as static HTML (it reads fine
 * without JavaScript); here it is upgraded into a live mini playground.
 */
import { mount } from "svelte";
import type { Scenario } from "../../engine/index.ts";
import { scenarioShapeProblem } from "../../engine/scenario/permalink.ts";
import ScenarioIsland from "../components/ScenarioIsland.svelte";
import ReferenceSearch from "../components/ReferenceSearch.svelte";
import { pageSearchIndex } from "../lib/search.ts";
import "../styles/site.css";

for (const block of document.querySelectorAll<HTMLElement>("[data-pp-scenario]")) {
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
    mount(ScenarioIsland, {
      target: live,
      props: { scenario: scenario as Scenario, playgroundHref: link?.dataset.ppPlayground ?? "/" },
    });
  } catch (error) {
    // The static rendering stays; the page is still readable.
    console.error("A scenario block could not be made live", error);
  }
}

// The search box in the reference navigation (the page reads fine without it).
const searchTarget = document.querySelector<HTMLElement>("[data-pp-search]");
const index = pageSearchIndex(document);
if (searchTarget && index.length) mount(ReferenceSearch, { target: searchTarget, props: { index, base: "../../" } });
