/**
 * Keeps the playground's scenario in the URL fragment and a local draft, so that nothing the reader typed is lost.
 *
 * URL: writes go through `history.replaceState`, debounced, and only after the reader's own edits (no history
 * entry per keystroke, no rewrite on load). Reads happen on load and on `hashchange` (a pasted link,
 * back/forward), ignoring the fragment this class wrote itself.
 *
 * Draft: with each URL write the scenario also goes to `localStorage` (key `DRAFT_KEY`), with the fragment the
 * address bar held then. On load the draft comes back, with a "Restored your draft" note and a way to discard
 * it, when the address bar has no scenario, when its link is broken, or when the reader edited after the last
 * URL write (the address bar still holds the link the draft started from, or a link too large to write).
 *
 * A broken link never replaces the reader's work: opened in a running playground, it leaves the scenario on
 * screen; opened on load, the draft or else the reference example is shown. Either way a banner says why and
 * offers the reference example.
 */
import {
  canonicalJson,
  decodePermalink,
  encodePermalink,
  MAX_PERMALINK_JSON_BYTES,
  permalinkJsonBytes,
  type PermalinkOrigin,
} from "../../engine/scenario/permalink.ts";
import { ENGINE_VERSION } from "../../engine/version.ts";
import type { Diagnostic, Scenario } from "../../engine/index.ts";
import type { Playground } from "./Playground.svelte.ts";
import { referenceExample } from "./referenceExample.ts";

/** Links longer than this get cut or refused by chat tools (Slack, Discord): the page says so. */
export const LONG_LINK_CHARS = 2000;

/** The `localStorage` key of the reader's draft: `{ "scenario": <permalink fragment>, "url": <fragment then> }`. */
export const DRAFT_KEY = "proxy-playground.draft";

interface Draft {
  /** The scenario, as a permalink fragment (so it goes through the same hardened decoder as a link). */
  scenario: string;
  /** The fragment the address bar held when the draft was saved ("" for none). */
  url: string;
}

/** What the page shows while a broken link's banner is up. */
export type ShownInstead = "previous work" | "draft" | "reference example";

export class PermalinkSync {
  /** Milliseconds between the last edit and the URL write. Defaults to 300. */
  readonly delayMs: number;

  /** Why the address bar was not updated, when it was not (the scenario is too large for a link). */
  notice = $state<string | null>(null);

  /** Length of the current permalink fragment in characters, 0 before the first write. */
  length = $state(0);

  /** The fragment of the link the page was opened with (or last navigated to), or null for the example. */
  opened = $state<string | null>(null);

  /** What made the opened link (its permalink and scenario formats, its engine), or null. */
  origin = $state.raw<PermalinkOrigin | null>(null);

  /** True while the scenario on screen is a draft restored from this browser's storage. */
  restoredDraft = $state(false);

  /** While a broken link's banner is up: what the page shows instead of the link. */
  shownInstead = $state<ShownInstead | null>(null);

  #playground: Playground;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #written: string | null = null;
  #openedJson = $state<string | null>(null);
  #storage: Storage | null;

  constructor(playground: Playground, delayMs = 300, storage: Storage | null = defaultStorage()) {
    this.#playground = playground;
    this.delayMs = delayMs;
    this.#storage = storage;
  }

  /**
   * Loads the page's scenario on start: the link in `hash`, or the reader's draft when the address bar has no
   * scenario, a broken one, or the one the draft was edited from; else the reference example.
   */
  start(hash: string) {
    const fragment = stripHash(hash);
    const draft = this.#readDraft();
    if (draft && (fragment === "" || fragment === draft.url) && draft.scenario !== fragment) {
      const decoded = decodePermalink(draft.scenario);
      if (decoded.scenario) {
        this.#show(decoded.scenario);
        this.restoredDraft = true;
        if (fragment !== "") this.#setOpened(fragment);
        return;
      }
    }
    if (fragment === "" || this.#open(fragment)) return;
    // The link is broken: the draft is the reader's previous work, if there is one.
    const problems = this.#playground.loadDiagnostics;
    const decoded = draft ? decodePermalink(draft.scenario) : null;
    if (decoded?.scenario) {
      this.#playground.load(decoded.scenario, problems);
      this.restoredDraft = true;
      this.shownInstead = "draft";
    } else {
      this.#playground.load(referenceExample(), problems);
      this.shownInstead = "reference example";
    }
  }

  /**
   * Loads the scenario the fragment `hash` carries (a link pasted or navigated to while the page is open). An
   * empty fragment is the reference example. A broken one leaves the scenario on screen and sets the decoder's
   * diagnostics (source "link") for the banner and the problems list.
   */
  restore(hash: string) {
    const fragment = stripHash(hash);
    if (fragment !== "" && fragment === this.#written) return;
    if (fragment === "") {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#written = null;
      this.#show(referenceExample());
      return;
    }
    if (!this.#open(fragment)) this.shownInstead = "previous work";
  }

  /** Opens link `fragment`; on failure only sets the link's diagnostics and returns false. */
  #open(fragment: string): boolean {
    const { scenario, diagnostics, origin } = decodePermalink(fragment);
    if (!scenario) {
      this.#playground.showLoadProblems(diagnostics.map((d): Diagnostic => ({ ...d, source: "link" })));
      return false;
    }
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#written = fragment;
    // The engine reports whatever validation found again, at the fields concerned.
    this.#show(scenario);
    this.length = fragment.length;
    this.#setOpened(fragment, origin, scenario);
    return true;
  }

  #show(scenario: Scenario) {
    this.#playground.load(scenario);
    this.opened = null;
    this.origin = null;
    this.#openedJson = null;
    this.restoredDraft = false;
    this.shownInstead = null;
  }

  #setOpened(fragment: string, origin = decodePermalink(fragment).origin, scenario?: Scenario) {
    const opened = scenario ?? decodePermalink(fragment).scenario;
    if (!opened) return;
    this.opened = fragment;
    this.origin = origin;
    this.#openedJson = canonicalJson(opened);
  }

  /** Schedules a URL and draft write for the current scenario. */
  schedule() {
    this.shownInstead = null;
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
      this.notice = `This scenario is ${(bytes / 1024 / 1024).toFixed(1)} MiB, more than a link can carry (${MAX_PERMALINK_JSON_BYTES / 1024 / 1024} MiB), so the address bar was not updated and no draft was saved.`;
      return;
    }
    this.notice = null;
    const fragment = encodePermalink(scenario);
    this.#written = fragment;
    this.length = fragment.length;
    if (stripHash(location.hash) !== fragment) history.replaceState(history.state, "", "#" + fragment);
    this.#writeDraft({ scenario: fragment, url: fragment });
  }

  /** True when the scenario differs from the one the opened link carried. */
  get modifiedSinceLink(): boolean {
    return this.#openedJson !== null && canonicalJson(this.#playground.scenario) !== this.#openedJson;
  }

  /**
   * When the opened link was made by another engine version, a sentence saying so (and naming the format
   * migrations applied to it); otherwise null. Informational: the link opens either way.
   */
  get originNote(): string | null {
    const origin = this.origin;
    if (!origin) return null;
    const parts: string[] = [];
    if (origin.engine !== ENGINE_VERSION) {
      parts.push(`This link was made with engine ${origin.engine}; it is shown with engine ${ENGINE_VERSION}, so results may differ where the engine has changed since.`);
    }
    if (origin.migrations.length > 0) {
      parts.push(`Its scenario was written in format ${origin.format} and brought up to date: ${origin.migrations.join("; ")}.`);
    }
    return parts.length ? parts.join(" ") : null;
  }

  /** Goes back to the scenario of the link the page was opened with. */
  backToLink() {
    if (this.opened === null) return;
    const fragment = this.opened;
    this.#written = null;
    history.replaceState(history.state, "", "#" + fragment);
    this.#clearDraft();
    this.restore(fragment);
  }

  /** Shows the reference example and empties the address bar's fragment; the draft goes (the reader asked). */
  resetToExample() {
    history.replaceState(history.state, "", location.pathname + location.search);
    this.#clearDraft();
    this.restore("");
  }

  /** Forgets the restored draft and shows what the address bar holds (its link, or the reference example). */
  discardDraft() {
    this.#clearDraft();
    const fragment = stripHash(location.hash);
    this.#written = null;
    this.restore(fragment);
    if (this.shownInstead !== null) {
      // The address bar's link is broken: the example it is, with the banner still up.
      this.#playground.load(referenceExample(), this.#playground.loadDiagnostics);
      this.shownInstead = "reference example";
    }
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

  #readDraft(): Draft | null {
    try {
      const value: unknown = JSON.parse(this.#storage?.getItem(DRAFT_KEY) ?? "null");
      if (typeof value === "object" && value !== null) {
        const { scenario, url } = value as Record<string, unknown>;
        if (typeof scenario === "string" && typeof url === "string") return { scenario, url };
      }
    } catch {
      // Unreadable storage or a damaged entry: no draft.
    }
    return null;
  }

  #writeDraft(draft: Draft) {
    try {
      this.#storage?.setItem(DRAFT_KEY, JSON.stringify(draft));
    } catch {
      // Storage full or disabled: the address bar still holds the scenario.
    }
  }

  #clearDraft() {
    this.restoredDraft = false;
    try {
      this.#storage?.removeItem(DRAFT_KEY);
    } catch {
      // Nothing to clear.
    }
  }
}

function stripHash(hash: string): string {
  return hash.startsWith("#") ? hash.slice(1) : hash;
}

/** `window.localStorage`, or null where reading it throws (storage disabled) or there is no window. */
function defaultStorage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}
