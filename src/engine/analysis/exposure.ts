/**
 * Reads the client's final response against the scenario's topology: does a redirect send the client to the
 * address it used, or to a server behind the front end that it cannot reach; and does any back-end address
 * (`host:port` of a server behind the front end, or a ProxyPass target) appear in the headers or the body.
 * This is analysis, not a server's behaviour; it only looks at values the other modules computed.
 */
import type { Exposure, HttpResponse, Scenario } from "../types.ts";
import { mergedValue, responseHeader, type HeaderTable } from "../http/headers.ts";
import { originForm } from "../http/requestHead.ts";
import { hostForUrl, splitHostPort, stripBrackets } from "../net/address.ts";

interface Place {
  host: string;
  port: number;
  label: string;
}

function parseAuthority(authority: string, defaultPort: number): { host: string; port: number } | null {
  const m = /^(\[[^\]]+\]|[^:]*)(?::(\d+))?$/.exec(authority);
  if (!m || m[1] === "") return null;
  return { host: stripBrackets(m[1]!).toLowerCase(), port: m[2] ? Number(m[2]) : defaultPort };
}

function show(p: { host: string; port: number }): string {
  return `${hostForUrl(p.host)}:${p.port}`;
}

/** What the client meets when it follows a redirect: the status it gets and whether the application answered. */
export interface FollowedRedirect {
  status: number;
  reachedApplication: boolean;
}

/**
 * `clientHeaders` are the request header fields the client sent (repeated ones are read merged). The places behind the first front end are the
 * listen addresses of the later front ends and of the back end (the addresses the front ends proxy to).
 * `follow`, when given, runs the same scenario again with
 * the client requesting a URL (GET, Host from the URL, the scheme's TLS) and says what it gets; it is called
 * only for a 3xx whose Location the client can reach, so a redirect that keeps the host but leaves the paths
 * the front end proxies (a lost mount prefix, say) is reported as broken rather than as reachable.
 */
export function analyseExposure(scenario: Scenario, clientHeaders: HeaderTable, response: HttpResponse, follow?: (url: string) => FollowedRedirect | null): Exposure {
  const scheme = scenario.client.tls ? "https" : "http";
  const defaultPort = scheme === "https" ? 443 : 80;
  const first = splitHostPort(scenario.proxies[0]?.listen ?? scenario.backend.listen);
  const hostHeader = mergedValue(clientHeaders, "Host");
  const publicPlace = (hostHeader !== undefined ? parseAuthority(hostHeader, defaultPort) : null) ?? (first ? { host: first.host, port: first.port } : null);

  const internal: Place[] = [];
  const add = (listen: string, label: string) => {
    const hp = splitHostPort(listen);
    if (hp && !internal.some((p) => p.host === hp.host.toLowerCase() && p.port === hp.port)) internal.push({ host: hp.host.toLowerCase(), port: hp.port, label });
  };
  scenario.proxies.slice(1).forEach((p, i) => add(p.listen, `front end ${i + 2} (${p.server})`));
  if (scenario.proxies.length > 0) add(scenario.backend.listen, "the back end");
  const isPublic = (p: { host: string; port: number }) => publicPlace !== null && p.host === publicPlace.host && p.port === publicPlace.port;

  const exposure: Exposure = { leaks: [], summary: "" };
  const location = responseHeader(response.headers, "Location");
  if (location !== undefined) {
    const abs = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i.exec(location);
    if (!abs) {
      const url = publicPlace ? `${scheme}://${hostForUrl(publicPlace.host)}${publicPlace.port === defaultPort ? "" : `:${publicPlace.port}`}${location.startsWith("/") ? location : `/${location}`}` : location;
      exposure.location = { url, reachable: true, message: `The Location is relative, so the client stays on the address it used.` };
    } else {
      const locScheme = abs[1]!.toLowerCase();
      const authority = abs[2]!;
      const place = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~%-]+)(:\d*)?$/.test(authority) ? parseAuthority(authority, locScheme === "https" ? 443 : 80) : null;
      const inside = place ? internal.find((p) => p.host === place.host && p.port === place.port) : undefined;
      if (!place) {
        exposure.location = { url: location, reachable: false, message: `The Location's host ${JSON.stringify(authority)} is not a valid host name, so the client cannot follow it.` };
      } else if (isPublic(place) && locScheme === scheme) {
        exposure.location = { url: location, reachable: true, message: `The client follows this Location to ${show(place)}, the address it used.` };
      } else if (inside && !isPublic(place)) {
        exposure.location = { url: location, reachable: false, message: `The client follows this Location to ${show(place)}, ${inside.label}, which it cannot reach.` };
      } else if (isPublic(place)) {
        exposure.location = { url: location, reachable: null, message: `The Location switches the scheme from ${scheme} to ${locScheme} on ${show(place)}; it works only if that port speaks ${locScheme}.` };
      } else {
        exposure.location = {
          url: location,
          reachable: null,
          message: `The Location points to ${show(place)}${publicPlace ? `, not to the address the client used (${show(publicPlace)})` : ""}; nothing in this scenario listens there.`,
        };
      }
    }
  }

  if (follow && exposure.location?.reachable === true && response.status >= 300 && response.status < 400) {
    const followed = follow(exposure.location.url);
    if (followed && (followed.status === 0 || followed.status >= 400)) {
      exposure.location = {
        ...exposure.location,
        reachable: false,
        message: `${exposure.location.message} But there a GET ${originForm(exposure.location.url.replace(/#.*/, ""))} ${followed.status === 0 ? "gets no answer" : `gets ${followed.status}`}${followed.reachedApplication ? "" : ": the request does not reach the application"}.`,
      };
    }
  }

  const places = internal.filter((p) => !isPublic(p)).map((p) => ({ needle: `${hostForUrl(p.host)}:${p.port}`, label: p.label }));
  const scan = (where: string, text: string) => {
    const lower = text.toLowerCase();
    for (const p of places) {
      if (lower.includes(p.needle) && !exposure.leaks.some((l) => l.where === where && l.value === p.needle)) exposure.leaks.push({ where, value: p.needle, server: p.label });
    }
  };
  if (places.length > 0) {
    for (const name in response.headers) if (Object.hasOwn(response.headers, name)) scan(`header ${name}`, response.headers[name]!);
    if (response.body) scan("body", response.body);
  }

  const parts: string[] = [];
  if (exposure.location) parts.push(exposure.location.message);
  if (exposure.leaks.length) parts.push(`The response shows back-end addresses: ${exposure.leaks.map((l) => `${l.value} in the ${l.where}`).join(", ")}.`);
  exposure.summary = parts.join(" ") || "Nothing in the response points the client at a back-end address.";
  return exposure;
}
