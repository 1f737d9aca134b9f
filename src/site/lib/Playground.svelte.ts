/**
 * The state of one playground: the scenario being edited, the engine's result for it, and what the page shows.
 * Components read these fields and call the methods; they hold no state of their own beyond drafts.
 */
import type { Diagnostic, ModWsgiVersion, ProxyKind, Result, Scenario, BackendKind, RedirectStatus, WsgiProxyBehaviour } from "../../engine/index.ts";
import { hasErrors, simulateSafely } from "./results.ts";
import { newProxyConfig, referenceExample } from "./referenceExample.ts";
import { parseProxyList, readTrustSettings, writeTrustSettings } from "./trust.ts";
import type { EditorView } from "@codemirror/view";

export class Playground {
  /** The scenario as the reader has it now. Replaced, never mutated. */
  scenario = $state.raw<Scenario>(referenceExample());

  /** Count of the reader's own edits; loading a link or resetting sets it back to 0. */
  edits = $state(0);

  /** Problems with how the scenario got here (a broken link), shown with the engine's diagnostics. */
  loadDiagnostics = $state.raw<Diagnostic[]>([]);

  /** The engine's result for the current scenario, errors included. */
  result: Result = $derived.by(() => simulateSafely(this.scenario));

  #lastClean: Result | null = null;

  /**
   * What the outputs show: the current result when it has no error diagnostics, otherwise the last result that
   * had none, marked stale. Errors never blank the outputs.
   */
  shown: { result: Result; stale: boolean } = $derived.by(() => {
    const result = this.result;
    if (!hasErrors(result)) {
      this.#lastClean = result;
      return { result, stale: false };
    }
    return this.#lastClean ? { result: this.#lastClean, stale: true } : { result, stale: false };
  });

  /** Every diagnostic to list: the link's, then the engine's. */
  diagnostics: Diagnostic[] = $derived([...this.loadDiagnostics, ...this.result.diagnostics]);

  /** WSGITrustedProxies / WSGITrustedProxyHeaders as the back-end config has them (null = absent). */
  trust = $derived.by(() => readTrustSettings(this.scenario.backend.config));

  /** Editor views by the diagnostic source they edit, so a diagnostic can take the reader to its line. */
  readonly views = new Map<string, EditorView>();

  constructor(initial?: Scenario) {
    if (initial) this.scenario = initial;
  }

  /** Diagnostics that point into `source` (e.g. "backend.config"). */
  diagnosticsFor(source: string): Diagnostic[] {
    return this.result.diagnostics.filter((d) => d.source === source);
  }

  /** Replaces the scenario from outside the reader's editing (a link, a reset): not counted as an edit. */
  load(scenario: Scenario, diagnostics: Diagnostic[] = []) {
    this.scenario = scenario;
    this.loadDiagnostics = diagnostics;
    this.edits = 0;
    this.#lastClean = null;
  }

  reset() {
    this.load(referenceExample());
  }

  /** Lists problems with how a scenario got here (a broken link) without replacing the one on screen. */
  showLoadProblems(diagnostics: Diagnostic[]) {
    this.loadDiagnostics = diagnostics;
  }

  #edit(next: Scenario) {
    this.scenario = next;
    this.edits += 1;
    // A broken link's banner goes once the reader works on: the next URL write replaces the link.
    if (this.loadDiagnostics.length > 0) this.loadDiagnostics = [];
  }

  setRequest(request: string) {
    const s = this.scenario;
    this.#edit({ ...s, client: { ...s.client, request } });
  }

  setClientAddress(address: string) {
    const s = this.scenario;
    this.#edit({ ...s, client: { ...s.client, address } });
  }

  setClientTls(tls: boolean) {
    const s = this.scenario;
    this.#edit({ ...s, client: { ...s.client, tls } });
  }

  setModWsgi(modwsgi: ModWsgiVersion) {
    this.#edit({ ...this.scenario, modwsgi });
  }

  /** Which WSGIProxy to model: its documentation, or its released or unreleased code as it runs. */
  setWsgiProxy(wsgiproxy: WsgiProxyBehaviour) {
    this.#edit({ ...this.scenario, wsgiproxy });
  }

  /** Sets a WSGIProxy front end's environ (what the front application adds); null removes the field. */
  setProxyEnviron(index: number, environ: Record<string, unknown> | null) {
    const s = this.scenario;
    const proxies = s.proxies.map((proxy, i) => {
      if (i !== index) return proxy;
      const { environ: _old, ...rest } = proxy;
      return environ ? { ...rest, environ } : rest;
    });
    this.#edit({ ...s, proxies });
  }

  /** Sets the WSGI middleware around the back end's application (a Python call); empty text removes it. */
  setMiddleware(text: string) {
    const { middleware: _old, ...backend } = this.scenario.backend;
    this.#edit({ ...this.scenario, backend: text.trim() ? { ...backend, middleware: text } : backend });
  }

  setProxy(index: number, patch: Partial<{ server: ProxyKind; listen: string; address: string; config: string }>) {
    const s = this.scenario;
    const proxies = s.proxies.map((proxy, i) => (i === index ? { ...proxy, ...patch } : proxy));
    this.#edit({ ...s, proxies });
  }

  /** Adds a front end in front of the others (nearest the client), forwarding to the current first hop. */
  addProxy(kind: ProxyKind = "apache") {
    const s = this.scenario;
    const next = s.proxies[0] ?? s.backend;
    const n = s.proxies.length + 2;
    const proxy = {
      server: kind,
      listen: `127.0.0.${n}:80`,
      address: `127.0.0.${n}`,
      config: newProxyConfig(kind, next.listen),
    };
    this.#edit({ ...s, proxies: [proxy, ...s.proxies] });
  }

  removeProxy(index: number) {
    const s = this.scenario;
    this.#edit({ ...s, proxies: s.proxies.filter((_, i) => i !== index) });
  }

  setBackend(
    patch: Partial<{ server: BackendKind; listen: string; address: string; config: string; directories: string[] }>,
  ) {
    const s = this.scenario;
    this.#edit({ ...s, backend: { ...s.backend, ...patch } });
  }

  /** Sets the URL paths Apache serves as directories on disk; an empty list removes the field. */
  setDirectoriesText(text: string) {
    const directories = text.split(/\s+/).filter((path) => path.length > 0);
    const { directories: _old, ...backend } = this.scenario.backend;
    this.#edit({ ...this.scenario, backend: directories.length ? { ...backend, directories } : backend });
  }

  /**
   * Sets how the application answers: `null` for 200 with its environ, or a redirect to `path` under its mount
   * point with `status`. A path the scenario format would refuse is kept as typed, and the engine's
   * diagnostic says what is wrong with it.
   */
  setApp(app: { redirect: string; status: RedirectStatus } | null) {
    const { app: _old, ...backend } = this.scenario.backend;
    this.#edit({ ...this.scenario, backend: app ? { ...backend, app } : backend });
  }

  /** Writes WSGITrustedProxies (null removes the directive; [] leaves it with no address: nobody trusted). */
  setTrustedProxies(proxies: string[] | null) {
    this.setBackend({ config: writeTrustSettings(this.scenario.backend.config, { proxies }) });
  }

  setTrustedProxiesText(text: string) {
    this.setTrustedProxies(parseProxyList(text));
  }

  /** Writes WSGITrustedProxyHeaders (null removes the directive). */
  setTrustedHeaders(headers: string[] | null) {
    this.setBackend({ config: writeTrustSettings(this.scenario.backend.config, { headers }) });
  }

  /** Moves the cursor of the pane `d` points into to its line and column and focuses it. */
  reveal(d: Diagnostic): boolean {
    const view = this.views.get(d.source);
    if (!view) return false;
    const doc = view.state.doc;
    const line = doc.line(Math.min(Math.max(d.line, 1), doc.lines));
    const pos = line.from + Math.min(Math.max(d.column - 1, 0), line.length);
    view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
    view.focus();
    return true;
  }
}
