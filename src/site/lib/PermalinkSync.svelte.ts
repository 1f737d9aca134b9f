/**
 * Keeps the playground's scenario in the URL fragment. Writes go through `history.replaceState`, debounced, and
 * only after the reader's own edits (no history entry per keystroke, no rewrite on load). Reads happen on load
 * and on `hashchange` (a pasted link, back/forward), ignoring the fragment this class wrote itself.
 */
import {
  decodePermalink,
  encodePermalink,
  MAX_PERMALINK_JSON_BYTES,
  permalinkJsonBytes,
} from "../../engine/scenario/permalink.ts";
import type { Playground } from "./Playground.svelte.ts";
import { referenceExample } from "./referenceExample.ts";

/** Links longer than this get cut or refused by chat tools (Slack, Discord): the page says so. */
export const LONG_LINK_CHARS = 2000;

export class PermalinkSync {
  /** Milliseconds between the last edit and the URL write. Defaults to 300. */
  readonly delayMs: number;

  /** Why the address bar was not updated, when it was not (the scenario is too large for a link). */
  notice = $state<string | null>(null);

  /** Length of the current permalink fragment in characters, 0 before the first write. */
  length = $state(0);

  /** The fragment of the link the page was opened with (or last navigated to), or null for the example. */
  opened = $state<string | null>(null);

  #playground: Playground;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #written: string | null = null;

  constructor(playground: Playground, delayMs = 300) {
    this.#playground = playground;
    this.delayMs = delayMs;
  }

  /**
   * Loads the scenario the fragment `hash` carries. An empty fragment is the reference example. A broken one
   * also gives the reference example, plus the decoder's diagnostics (source "link") for the banner and list.
   */
  restore(hash: string) {
    const fragment = hash.startsWith("#") ? hash.slice(1) : hash;
    if (fragment !== "" && fragment === this.#written) return;
    clearTimeout(this.#timer);
    this.#written = fragment || null;
    if (fragment === "") {
      this.#playground.load(referenceExample());
      this.opened = null;
      return;
    }
    const { scenario, diagnostics } = decodePermalink(fragment);
    if (scenario) {
      // The engine reports whatever validation found again, at the fields concerned.
      this.#playground.load(scenario);
      this.length = fragment.length;
      this.opened = fragment;
    } else {
      this.#playground.load(
        referenceExample(),
        diagnostics.map((d) => ({ ...d, source: "link" })),
      );
    }
  }

  /** Schedules a URL write for the current scenario. */
  schedule() {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flush(), this.delayMs);
  }

  /** Writes a pending change now (on `pagehide`, so a reload right after an edit keeps it). */
  flush() {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const scenario = this.#playground.scenario;
    const bytes = permalinkJsonBytes(scenario);
    if (bytes > MAX_PERMALINK_JSON_BYTES) {
      this.notice = `This scenario is ${(bytes / 1024 / 1024).toFixed(1)} MiB, more than a link can carry (${MAX_PERMALINK_JSON_BYTES / 1024 / 1024} MiB), so the address bar was not updated.`;
      return;
    }
    this.notice = null;
    const fragment = encodePermalink(scenario);
    this.#written = fragment;
    this.length = fragment.length;
    if (location.hash.slice(1) !== fragment) history.replaceState(history.state, "", "#" + fragment);
  }

  /** True when the scenario differs from the one the opened link carried. */
  get modifiedSinceLink(): boolean {
    return this.opened !== null && encodePermalink(this.#playground.scenario) !== this.opened;
  }

  /** Goes back to the scenario of the link the page was opened with. */
  backToLink() {
    if (this.opened === null) return;
    const fragment = this.opened;
    this.#written = null;
    history.replaceState(history.state, "", "#" + fragment);
    this.restore(fragment);
  }

  /** The absolute URL of the current scenario, for "Copy link". */
  currentUrl(): string {
    return location.href.split("#")[0] + "#" + encodePermalink(this.#playground.scenario);
  }

  /** Starts listening to `hashchange` and `pagehide`; returns the function that stops. */
  listen(): () => void {
    const onHashChange = () => this.restore(location.hash);
    const onPageHide = () => this.flush();
    window.addEventListener("hashchange", onHashChange);
    window.addEventListener("pagehide", onPageHide);
    return () => {
      window.removeEventListener("hashchange", onHashChange);
      window.removeEventListener("pagehide", onPageHide);
      clearTimeout(this.#timer);
    };
  }
}
