/**
 * The site root as seen from the page a component is on ("" on the playground, "../../" on a reference page),
 * handed down as a Svelte context so that anything showing a diagnostic can link its code to the diagnostics
 * reference without every pane passing it along.
 */
import { getContext, setContext } from "svelte";

const KEY = Symbol("pp-site-root");

/** Sets the site root for the calling component and its children (call during component initialisation). */
export function setSiteRoot(root: string): void {
  setContext(KEY, root);
}

/** The site root set by an ancestor; "" (the playground is the site root) when none was. */
export function siteRoot(): string {
  return getContext<string | undefined>(KEY) ?? "";
}
