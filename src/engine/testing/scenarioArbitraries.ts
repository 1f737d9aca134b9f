/**
 * fast-check generators of scenarios for the engine's property tests: a client with a hostile request head
 * (forwarded headers of every spelling, underscored and repeated), a chain of Apache, nginx and HAProxy front
 * ends written as a real deployment writes them, and an Apache + mod_wsgi or mod_wsgi-express back end with a
 * trust list and header groups.
 *
 * Addresses are chosen so that a property can know who is trusted without asking the engine: every peer (the
 * client and each proxy's outgoing address) comes from `PEERS`, and a trust list built by `untrustingList`
 * draws only from entries that contain none of them. Values a client forwards carry markers (`MARKERS`) that
 * no Host header, path, listen port or server name ever holds, so finding one in the environ means a
 * forwarded value got there.
 */
import fc from "fast-check";
import type { ProxySpec, Scenario } from "../types.ts";

/** Peer addresses: TEST-NET-1 below .128, loopback, a ULA IPv6 and an IPv4-mapped one. */
export const PEERS = ["192.0.2.1", "192.0.2.7", "192.0.2.42", "192.0.2.99", "127.0.0.2", "127.0.0.5", "fd00::5", "::ffff:192.0.2.9"] as const;

/** Trust-list entries that contain no address of `PEERS` (addresses, CIDRs, netmasks, IPv6). */
export const FOREIGN_TRUST = ["10.0.0.1", "10.0.0.0/8", "172.16.0.0/12", "198.51.100.0/24", "192.0.2.128/25", "192.0.2.200", "203.0.113.0/255.255.255.0", "2001:db8::/32", "fe80::1"] as const;

/** What forwarded values carry; none of these appears in a Host header, a path, a listen port or a ServerName. */
export const MARKERS = { address: "198.51.100.66", address6: "2001:db8::66", host: "fwd-marker.invalid", port: "6666", script: "/fwdmarker" } as const;

/** The environ keys a forwarded header may rewrite (mod_wsgi's six header groups). */
export const FORWARDABLE_KEYS = ["REMOTE_ADDR", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "SCRIPT_NAME", "wsgi.url_scheme"] as const;

/** The forwarded headers mod_wsgi knows, RFC 7239 Forwarded, and the values a hostile client puts in them. */
const FORWARDED: Record<string, string[]> = {
  "X-Forwarded-For": [MARKERS.address, `${MARKERS.address}, 192.0.2.1`, `192.0.2.7, ${MARKERS.address}`, MARKERS.address6, `[${MARKERS.address6}]:80`, "", " , ,", "unknown"],
  "X-Real-IP": [MARKERS.address, MARKERS.address6],
  "X-Client-IP": [MARKERS.address],
  "X-Forwarded-Host": [MARKERS.host, `${MARKERS.host}:${MARKERS.port}`, `${MARKERS.host}, www.example.com`],
  "X-Host": [MARKERS.host],
  "X-Forwarded-Server": [MARKERS.host],
  "X-Forwarded-Port": [MARKERS.port, `${MARKERS.port}, 80`],
  "X-Script-Name": [MARKERS.script, `${MARKERS.script}/x`],
  "X-Forwarded-Script-Name": [MARKERS.script],
  "X-Forwarded-Proto": ["https", "HTTPS", "https, http"],
  "X-Forwarded-Scheme": ["https"],
  "X-Scheme": ["https"],
  "X-Forwarded-HTTPS": ["on", "1"],
  "X-Forwarded-SSL": ["on", "true"],
  "X-HTTPS": ["on"],
  Forwarded: [`for=${MARKERS.address};host=${MARKERS.host};proto=https`, `for="[${MARKERS.address6}]:4711"`],
};

/** The names of `FORWARDED`, as mod_wsgi's group table has them. */
export const FORWARDED_NAMES = Object.keys(FORWARDED);

/** A header name in one of the spellings a client may use: as is, lower case, upper case, or with `_` for `-`. */
const spelling = (name: string) =>
  fc.constantFrom(name, name.toLowerCase(), name.toUpperCase(), name.replace(/-/g, "_"), name.toLowerCase().replace(/-/g, "_"));

/** One forwarded header line a hostile client sends. */
export const forwardedHeader = fc.constantFrom(...FORWARDED_NAMES).chain((name) => fc.tuple(spelling(name), fc.constantFrom(...FORWARDED[name]!)));

/** Host header values a client legitimately sends (no marker). */
const HOSTS = ["www.example.com", "www.example.com:8443", "app.test", "127.0.0.1", "[::1]:8080", "Www.Example.Com."];

/** A request head: method, path, a Host header (or none, or two), then forwarded headers in any order. */
export const requestHead = fc
  .record({
    method: fc.constantFrom("GET", "HEAD", "POST"),
    path: fc.constantFrom("/", "/app", "/app/", "/app/x?y=1", "/static/", "/a/b", "/%2e%2e/app", "//app"),
    protocol: fc.constantFrom("HTTP/1.1", "HTTP/1.0"),
    hosts: fc.array(fc.constantFrom(...HOSTS), { minLength: 0, maxLength: 2 }),
    forwarded: fc.array(forwardedHeader, { maxLength: 8 }),
    crlf: fc.boolean(),
  })
  .map(({ method, path, protocol, hosts, forwarded, crlf }) => {
    const lines = [`${method} ${path} ${protocol}`, ...hosts.map((h) => `Host: ${h}`), ...forwarded.map(([n, v]) => `${n}: ${v}`)];
    const eol = crlf ? "\r\n" : "\n";
    return lines.join(eol) + eol;
  });

/** A trust list (WSGITrustedProxies / --trust-proxy) that trusts none of `PEERS`: one to four entries. */
export const untrustingList = fc.uniqueArray(fc.constantFrom(...FOREIGN_TRUST), { minLength: 1, maxLength: 4 });

/** A trust list that may or may not trust a peer: entries of both kinds, or the whole IPv4 space. */
export const anyTrustList = fc.oneof(
  untrustingList,
  fc.uniqueArray(fc.constantFrom(...FOREIGN_TRUST, ...PEERS, "192.0.2.0/24", "127.0.0.0/8", "fd00::/8", "0.0.0.0/0.0.0.0"), { minLength: 1, maxLength: 5 }),
);

/** WSGITrustedProxyHeaders: known names (sometimes two of a group), sometimes in another case. */
export const trustedHeaders = fc.uniqueArray(
  fc.constantFrom(...FORWARDED_NAMES.filter((n) => n !== "Forwarded")).chain((n) => fc.constantFrom(n, n.toLowerCase())),
  { minLength: 1, maxLength: 6, comparator: (a, b) => a.toLowerCase() === b.toLowerCase() },
);

type Hop = { listen: string; address: string };

/** A front end of `kind` forwarding to `next`, with options a deployment may set (some set forwarded headers themselves). */
function frontEnd(kind: "apache" | "nginx" | "haproxy", self: Hop, next: Hop): fc.Arbitrary<ProxySpec> {
  const target = next.listen;
  const text =
    kind === "apache"
      ? fc
          .subarray(["ProxyPreserveHost On", "RequestHeader set X-Forwarded-Proto https", `RequestHeader set X-Forwarded-Port ${MARKERS.port}`, "RequestHeader unset X-Forwarded-For early", `RequestHeader set X-Script-Name ${MARKERS.script}`, "ProxyAddHeaders Off"])
          .map((opts) => [`ProxyPass / http://${target}/`, `ProxyPassReverse / http://${target}/`, ...opts].join("\n") + "\n")
      : kind === "nginx"
        ? fc
            .subarray(["proxy_set_header Host $host;", "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;", "proxy_set_header X-Real-IP $remote_addr;", "proxy_set_header X-Forwarded-Proto https;", `proxy_set_header X-Forwarded-Port ${MARKERS.port};`, "proxy_set_header X-Forwarded-Host $host;"])
            .map((opts) => ["location / {", `    proxy_pass http://${target};`, ...opts.map((o) => `    ${o}`), "}"].join("\n") + "\n")
        : fc
            .subarray(["option forwardfor", "http-request set-header X-Forwarded-Proto https", `http-request set-header X-Forwarded-Port ${MARKERS.port}`, "http-request add-header X-Forwarded-For %[src]", "http-request del-header X-Forwarded-For"])
            .map((opts) => [...opts, `server next ${target}`].join("\n") + "\n");
  return text.map((config) => ({ server: kind, listen: self.listen, address: self.address, config }));
}

/** How the scenario's back end trusts: the list (null: no list, every peer trusted) and the header names. */
export interface BackendTrust {
  list: string[] | null;
  headers: string[];
}

/** A back end: Apache + mod_wsgi directives, or a mod_wsgi-express command line with the same trust. */
function backend(self: Hop, trust: BackendTrust, mount: string, express: boolean): Scenario["backend"] {
  const port = self.listen.slice(self.listen.lastIndexOf(":") + 1);
  if (express) {
    const words = ["mod_wsgi-express start-server wsgi.py", `--host ${self.address.includes(":") ? "127.0.0.1" : self.address}`, `--port ${port}`];
    if (mount !== "/") words.push(`--mount-point ${mount}`);
    for (const entry of trust.list ?? []) words.push(`--trust-proxy ${entry}`);
    for (const h of trust.headers) words.push(`--trust-proxy-header ${h}`);
    return { server: "mod_wsgi-express", listen: self.listen, address: self.address, config: words.join(" ") };
  }
  const lines = [`WSGIScriptAlias ${mount} /srv/app/wsgi.py`];
  if (trust.list) lines.push(`WSGITrustedProxies ${trust.list.join(" ")}`);
  if (trust.headers.length) lines.push(`WSGITrustedProxyHeaders ${trust.headers.join(" ")}`);
  return { server: "apache", listen: self.listen, address: self.address, config: lines.join("\n") + "\n" };
}

/** Listen ports: never `MARKERS.port`. */
const PORTS = [80, 8000, 8080, 18080];

/**
 * A whole scenario: client → zero to three front ends → back end, with the back end's trust from `trust`.
 * The hops' addresses are drawn from `PEERS`.
 */
export function scenarioWith(trust: fc.Arbitrary<BackendTrust>): fc.Arbitrary<Scenario> {
  return fc
    .record({
      modwsgi: fc.constantFrom("4.9" as const, "6.0" as const),
      client: fc.constantFrom(...PEERS),
      request: requestHead,
      kinds: fc.array(fc.constantFrom("apache" as const, "nginx" as const, "haproxy" as const), { maxLength: 3 }),
      addresses: fc.array(fc.constantFrom(...PEERS.filter((p) => !p.includes(":"))), { minLength: 4, maxLength: 4 }),
      ports: fc.array(fc.constantFrom(...PORTS), { minLength: 4, maxLength: 4 }),
      trust,
      mount: fc.constantFrom("/", "/app"),
      express: fc.boolean(),
    })
    .chain(({ modwsgi, client, request, kinds, addresses, ports, trust, mount, express }) => {
      const hops: Hop[] = addresses.map((a, i) => ({ listen: `${a}:${ports[i]}`, address: a }));
      const back = hops[kinds.length]!;
      const fronts = kinds.map((kind, i) => frontEnd(kind, hops[i]!, hops[i + 1]!));
      return fc.tuple(...fronts).map(
        (proxies): Scenario => ({
          version: 1,
          modwsgi,
          client: { address: client, tls: false, request },
          proxies,
          backend: backend(back, trust, mount, express),
        }),
      );
    });
}
