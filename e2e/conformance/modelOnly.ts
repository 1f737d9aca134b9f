/**
 * Which scenarios no real server on this machine can check, and why: the managed load balancers (AWS ALB,
 * Google Cloud, ingress-nginx, Traefik), modelled from their vendors' documentation, and WSGIProxy (a
 * "wsgiproxy" front end or a back-end `middleware`), Python 2 code modelled from its documentation and recorded
 * runs. Read by the conformance runner (such scenarios are listed as not run) and by the reference pages'
 * verification notes.
 */
import type { Scenario } from "../../src/engine/types.ts";

/** Front-end kinds no real server runs here, with the name a sentence uses. */
export const MANAGED_PRESETS: Readonly<Record<string, string>> = {
  "aws-alb": "AWS's Application Load Balancer",
  "gcp-https-lb": "Google Cloud's external Application Load Balancer",
  "ingress-nginx": "the ingress-nginx controller",
  traefik: "Traefik",
};

/** Why the scenario's result comes from a model that no real server here checks, or null when it can run. */
export function modelOnlyReason(scenario: Pick<Scenario, "proxies" | "backend">): string | null {
  const proxies = scenario.proxies ?? [];
  const managed = [...new Set(proxies.map((p) => MANAGED_PRESETS[p.server]).filter((n): n is string => n !== undefined))];
  if (managed.length) return `${managed.join(" and ")} cannot run here; this result follows the vendor's documentation named on this page`;
  if (proxies.some((p) => p.server === "wsgiproxy") || (scenario.backend.middleware ?? "").trim() !== "") {
    return "WSGIProxy is Python 2 code that cannot run here; this result follows its documentation and recorded runs of its code, as this page says";
  }
  return null;
}
