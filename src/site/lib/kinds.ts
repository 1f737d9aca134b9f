/**
 * The front-end kinds the playground offers, with how each one's pane is labelled and highlighted. One
 * table, read by the server selector, the "add a front end" control and the pane itself.
 */
import type { ProxyKind } from "../../engine/index.ts";
import type { EditorLanguage } from "../editor/setup.ts";

export interface ProxyKindInfo {
  kind: ProxyKind;
  /** What the reader picks in the selector. */
  label: string;
  /** The name of the config pane. */
  configLabel: string;
  language: EditorLanguage;
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
  { kind: "aws-alb", label: "AWS Application Load Balancer", configLabel: "ALB attributes", language: "properties", runsHere: false },
  { kind: "gcp-https-lb", label: "Google Cloud Application Load Balancer", configLabel: "load balancer settings", language: "properties", runsHere: false },
  { kind: "ingress-nginx", label: "Kubernetes ingress-nginx", configLabel: "ConfigMap keys and annotations", language: "yaml", runsHere: false },
  { kind: "traefik", label: "Traefik", configLabel: "Traefik settings", language: "properties", runsHere: false },
  {
    kind: "wsgiproxy",
    label: "WSGIProxy (Paste) in Apache + mod_wsgi",
    configLabel: "WSGIProxyApp call (Python)",
    language: "properties",
    runsHere: false,
    modelledFrom: "its documentation and recorded runs of its Python 2 code",
  },
];

/** The table row for `kind`; Apache's for a kind this version of the site does not list. */
export function proxyKindInfo(kind: string): ProxyKindInfo {
  return PROXY_KINDS.find((k) => k.kind === kind) ?? PROXY_KINDS[0]!;
}
