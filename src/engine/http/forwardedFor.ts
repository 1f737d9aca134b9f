/**
 * The X-Forwarded-For walk that servers share: start at the connection's peer, and while the current hop
 * is trusted, step one element to the left. The client is the hop where the walk stops.
 *
 * nginx keeps this walk in one function that realip, geo and geoip share (`ngx_http_get_forwarded_addr`,
 * `src/http/ngx_http_core_module.c`); mod_wsgi's `wsgi_process_forwarded_for` and Apache's mod_remoteip
 * walk the same way with their own element syntax and trust tests. This module holds the walk; each caller
 * brings how it splits a header into elements, how it parses one, and what it trusts:
 * - `nginx/realip.ts` (nginx 1.22.1; `proxies-and-frameworks.md` §9 [emp] and the nginx conformance rows);
 * - mod_wsgi's walk (`modwsgi/trustedProxies.ts`) is the same loop with "recursive" always on and its own
 *   rule for what REMOTE_ADDR becomes when every element is trusted.
 */

/** One step of a walk, for the trace. */
export interface ForwardedStep {
  /** The element as it stands in the header. */
  element: string;
  /** What happened to it. */
  outcome: "accepted" | "unparsable";
}

/** The result of a walk. */
export interface ForwardedWalk<A> {
  /** The address the walk ended on: the peer when nothing was accepted. */
  address: A;
  /** The text of that address as written in the header, or null when it is the peer. */
  element: string | null;
  /** Whether any element was accepted (nginx: the request's address changes). */
  changed: boolean;
  /** Why the walk stopped. */
  stop: "untrusted" | "unparsable" | "exhausted" | "not-recursive";
  steps: ForwardedStep[];
}

/** What a caller brings to a walk: the peer, the elements, and its own parse and trust rules. */
export interface ForwardedWalkSpec<A> {
  /** The connection's peer, already parsed. */
  peer: A;
  /** Elements from left to right, as the caller's syntax splits the header. */
  elements: readonly string[];
  /** Parses one element; null when it is not an address. */
  parse: (element: string) => A | null;
  /** Whether a hop may speak for the one to its left. */
  trusted: (address: A) => boolean;
  /** When false, at most one element (the rightmost) is taken, as nginx's `real_ip_recursive off`. */
  recursive: boolean;
}

/**
 * Walks `elements` from the right. The peer must be trusted for anything to happen. Each accepted element
 * becomes the current hop; the walk goes on while `recursive` and the new hop is trusted, so when every
 * hop is trusted it ends on the leftmost element. An element that does not parse stops the walk and is not
 * used. Pure; never throws.
 */
export function walkForwardedFor<A>(spec: ForwardedWalkSpec<A>): ForwardedWalk<A> {
  let address = spec.peer;
  let element: string | null = null;
  const steps: ForwardedStep[] = [];
  let i = spec.elements.length - 1;
  for (;;) {
    if (!spec.trusted(address)) return { address, element, changed: element !== null, stop: "untrusted", steps };
    if (i < 0) return { address, element, changed: element !== null, stop: "exhausted", steps };
    const text = spec.elements[i]!;
    const parsed = spec.parse(text);
    if (parsed === null) {
      steps.push({ element: text, outcome: "unparsable" });
      return { address, element, changed: element !== null, stop: "unparsable", steps };
    }
    steps.push({ element: text, outcome: "accepted" });
    address = parsed;
    element = text;
    i -= 1;
    if (!spec.recursive) return { address, element, changed: true, stop: "not-recursive", steps };
  }
}
