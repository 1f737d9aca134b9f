/**
 * The front-end kinds the playground offers, with how each one's pane is labelled and highlighted. One
 * table, read by the server selector, the "add a front end" control and the pane itself.
 */
import type { ModWsgiVersion, ProxyKind, Scenario, WsgiProxyBehaviour } from "../../engine/index.ts";
import type { EditorLanguage, LineEnds } from "../editor/setup.ts";

export interface ProxyKindInfo {
  kind: ProxyKind;
  /** What the reader picks in the selector. */
  label: string;
  /** The name of the config pane. */
  configLabel: string;
  language: EditorLanguage;
  /** How the engine's reader of this kind counts lines, when not by line feeds only: the editor's lines follow it. */
  lineEnds?: LineEnds;
  /** Whether real servers referee this kind here (the others follow their vendor's documentation). */
  runsHere: boolean;
  /** Where the model of a kind that cannot run here comes from, when not from a vendor's documentation. */
  modelledFrom?: string;
}

export const PROXY_KINDS: readonly ProxyKindInfo[] = [
  { kind: "apache", label: "Apache (mod_proxy)", configLabel: "Apache config", language: "apache", runsHere: true },
  { kind: "nginx", label: "nginx", configLabel: "nginx config", language: "nginx", runsHere: true },
  { kind: "haproxy", label: "HAProxy", configLabel: "HAProxy config", language: "properties", runsHere: true },
  { kind: "mod_wsgi-express", label: "mod_wsgi-express (proxy options)", configLabel: "mod_wsgi-express command line", language: "shell", runsHere: true },
  { kind: "aws-alb", label: "AWS Application Load Balancer", configLabel: "ALB attributes", language: "properties", lineEnds: "any", runsHere: false },
  { kind: "gcp-https-lb", label: "Google Cloud Application Load Balancer", configLabel: "load balancer settings", language: "properties", lineEnds: "any", runsHere: false },
  { kind: "ingress-nginx", label: "Kubernetes ingress-nginx", configLabel: "ConfigMap keys and annotations", language: "yaml", lineEnds: "any", runsHere: false },
  { kind: "traefik", label: "Traefik", configLabel: "Traefik settings", language: "properties", lineEnds: "any", runsHere: false },
  {
    kind: "wsgiproxy",
    label: "WSGIProxy (Paste) in Apache + mod_wsgi",
    configLabel: "WSGIProxyApp call (Python)",
    language: "properties",
    lineEnds: "any",
    runsHere: false,
    modelledFrom: "its documentation and recorded runs of its Python 2 code",
  },
];

/** The table row for `kind`; Apache's for a kind this version of the site does not list. */
export function proxyKindInfo(kind: string): ProxyKindInfo {
  return PROXY_KINDS.find((k) => k.kind === kind) ?? PROXY_KINDS[0]!;
}

/** The mod_wsgi versions an example or the playground can model, as its version menu offers them. */
export const MODWSGI_CHOICES: readonly { value: ModWsgiVersion; label: string }[] = [
  { value: "4.9", label: "4.9.4 (run on real servers)" },
  { value: "6.0", label: "6.0.5 (read from source)" },
];

/** The WSGIProxy behaviours (`scenario.wsgiproxy`), as the behaviour menu offers them. */
export const WSGIPROXY_CHOICES: readonly { value: WsgiProxyBehaviour; label: string }[] = [
  { value: "released", label: "released: 0.2.2 from PyPI, as it runs" },
  { value: "unreleased", label: "unreleased: the repository's last code, as it runs" },
  { value: "documented", label: "documented: what its documentation promises" },
];

/** Whether the scenario has a WSGIProxy front end or a back-end WSGI middleware, so the behaviour menu applies. */
export function usesWsgiProxy(scenario: Scenario): boolean {
  return scenario.proxies.some((p) => p.server === "wsgiproxy") || (scenario.backend.middleware ?? "").trim() !== "";
}

/** What a server pane shows above its editor, and the editor's language. */
export interface ServerPaneText {
  title: string;
  /** The line beside the title in a reference page's example (kind, listen address, where it connects from). */
  meta: string;
  /** The editor's label ("Apache config"); the editor's accessible name is `${title} ${configLabel}`. */
  configLabel: string;
  language: EditorLanguage;
  /** How the engine counts the lines of the pane's text (`LineEnds`). */
  lineEnds: LineEnds;
}

/**
 * The text of the pane of front end `which` (0 nearest the client) or of the back end, one source for the live
 * panes (`ServerPane.svelte`) and the examples as built (`content/render.ts`), so the two look alike. Null when
 * the scenario has no such front end.
 */
export function serverPaneText(scenario: Scenario, which: number | "backend"): ServerPaneText | null {
  if (which === "backend") {
    const server = scenario.backend;
    const express = server.server === "mod_wsgi-express";
    return {
      title: "Back end",
      meta: `${server.server === "apache" ? "Apache + mod_wsgi" : server.server} ${scenario.modwsgi ?? "6.0"} on ${server.listen}`,
      configLabel: express ? "mod_wsgi-express command line" : "Apache config",
      language: express ? "shell" : "apache",
      lineEnds: "lf",
    };
  }
  const server = scenario.proxies[which];
  if (!server) return null;
  const info = proxyKindInfo(server.server);
  const count = scenario.proxies.length;
  return {
    title: count === 1 ? "Front end" : `Front end ${which + 1}${which === 0 ? " (nearest the client)" : ""}`,
    meta:
      `${info.kind === "apache" ? "Apache" : info.label} on ${server.listen}, connecting onward from ${server.address}` +
      (info.runsHere ? "" : ` (modelled from ${info.modelledFrom ?? "its vendor's documentation"})`),
    configLabel: info.configLabel,
    language: info.language,
    lineEnds: info.lineEnds ?? "lf",
  };
}
