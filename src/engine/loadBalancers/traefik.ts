/**
 * Traefik Proxy v3 (v3.7.9) as a front end: one entryPoint, one router that takes every request, optional
 * StripPrefix and Headers middlewares, and a load-balancer service whose one server is the next hop. Modelled
 * from Traefik's documentation and source (not run here). `config` uses Traefik's own option names:
 *
 *   forwardedHeaders.trustedIPs: 127.0.0.1/32, 10.0.0.0/8   # entryPoint: whose X-Forwarded-* to keep
 *   forwardedHeaders.insecure: false                         # entryPoint: keep everyone's
 *   forwardedHeaders.notAppendXForwardedFor: false           # entryPoint: do not append the peer
 *   forwardedHeaders.connection: X-Keep                      # entryPoint: Connection-listed headers kept
 *   stripPrefix.prefixes: /api                               # StripPrefix middleware
 *   headers.customRequestHeaders.X-Forwarded-Proto: https    # Headers middleware ("" removes the header)
 *   loadBalancer.passHostHeader: true                        # service (also `passHostHeader`)
 *   loadBalancer.servers.url: http://10.0.0.5:8000           # service (default: http://<next listen>)
 *
 * Documents, tag v3.7.9 of traefik/traefik:
 * - [TFK-EP] docs/content/reference/install-configuration/entrypoints.md, "forwardedHeaders" options.
 * - [TFK-SP] docs/content/reference/routing-configuration/http/middlewares/stripprefix.md.
 * - [TFK-HD] docs/content/reference/routing-configuration/http/middlewares/headers.md (customRequestHeaders).
 * - [TFK-LB] docs/content/reference/routing-configuration/http/load-balancing/service.md (passHostHeader,
 *   servers.url).
 * - [TFK-SRC] where the docs are silent, the source of the same tag: pkg/middlewares/forwardedheaders/
 *   forwarded_header.go (which headers an untrusted peer loses, how X-Real-Ip, X-Forwarded-Proto/-Port/-Host/
 *   -Server are filled, Connection-listed headers), pkg/middlewares/stripprefix/strip_prefix.go (plain prefix
 *   test, the 400 when the stripped path does not normalise to itself), pkg/proxy/httputil/proxy.go (the
 *   X-Forwarded-For append, Host, HTTP/1.1) on Go's net/http (header names in canonical form, sorted when
 *   written; Accept-Encoding: gzip added by the transport when the request has none).
 * Also `proxies-and-frameworks.md` §11 and §12 example 44. No Location rewriting: the docs describe none.
 */
import type { HttpResponse, ProxySpec } from "../types.ts";
import { listItems, noter, parseCidr, parseSettings, peerInSubnets, splitHostHeader, type SettingSpec } from "./common.ts";
import { responseHeader } from "../http/headers.ts";
import { originForm } from "../http/requestHead.ts";
import type { Subnet } from "../net/address.ts";
import type { HopContext, HopOutcome, InFlight, NextHop } from "../http/hop.ts";

export const TRAEFIK_VERSION = "3.7.9";
export const TRAEFIK_SOURCES = {
  entryPoints: "Traefik v3.7.9 docs, install-configuration/entrypoints.md (forwardedHeaders)",
  stripPrefix: "Traefik v3.7.9 docs, http/middlewares/stripprefix.md",
  headers: "Traefik v3.7.9 docs, http/middlewares/headers.md",
  service: "Traefik v3.7.9 docs, http/load-balancing/service.md",
  forwardedSource: "Traefik v3.7.9 source, pkg/middlewares/forwardedheaders/forwarded_header.go",
  stripSource: "Traefik v3.7.9 source, pkg/middlewares/stripprefix/strip_prefix.go",
  proxySource: "Traefik v3.7.9 source, pkg/proxy/httputil/proxy.go with Go net/http",
} as const;

export const TRAEFIK_SETTINGS: readonly SettingSpec[] = [
  { key: "forwardedHeaders.trustedIPs", kind: "cidr-list", default: "", doc: "IPs or CIDR blocks whose X-Forwarded-* headers Traefik keeps [TFK-EP]." },
  { key: "forwardedHeaders.insecure", kind: "bool", default: "false", doc: "Keep every peer's X-Forwarded-* headers [TFK-EP]." },
  { key: "forwardedHeaders.notAppendXForwardedFor", kind: "bool", default: "false", doc: "Do not append the peer to X-Forwarded-For [TFK-EP]." },
  { key: "forwardedHeaders.connection", kind: "list", default: "", doc: "Headers named in Connection that pass the middleware chain before being removed [TFK-EP]." },
  { key: "stripPrefix.prefixes", kind: "list", default: "", doc: "Prefixes the StripPrefix middleware removes; the one removed goes into X-Forwarded-Prefix [TFK-SP]." },
  { key: "headers.customRequestHeaders.", kind: "string", default: null, repeatable: true, doc: "A request header the Headers middleware sets; an empty value removes it [TFK-HD]." },
  { key: "loadBalancer.passHostHeader", kind: "bool", default: "true", aliases: ["passHostHeader"], doc: "Forward the client's Host header to the server; true by default [TFK-LB]." },
  { key: "loadBalancer.servers.url", kind: "string", default: null, aliases: ["servers.url", "url"], doc: "The server's URL [TFK-LB]. Default: http://<next server's listen>." },
];

/** X-headers Traefik manages ([TFK-SRC] XHeadersSet), canonical spelling. */
const MANAGED = ["X-Forwarded-Proto", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Server", "X-Forwarded-Uri", "X-Forwarded-Method", "X-Forwarded-Prefix", "X-Forwarded-Tls-Client-Cert", "X-Forwarded-Tls-Client-Cert-Info", "X-Real-Ip"];
const MANAGED_LOWER = new Set(MANAGED.map((h) => h.toLowerCase()));
const HOSTNAME_STANDIN = "traefik";

/** Go's textproto.CanonicalMIMEHeaderKey: first letter and letters after "-" upper case, others lower. */
export function goCanonicalHeader(name: string): string {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return name;
  let upper = true;
  let out = "";
  for (const c of name) {
    out += upper ? c.toUpperCase() : c.toLowerCase();
    upper = c === "-";
  }
  return out;
}

/** A header name Traefik manages, `_` read as `-` ([TFK-SRC] isManagedXHeader). */
function isManaged(name: string): boolean {
  return MANAGED_LOWER.has(name.toLowerCase().replace(/_/g, "-"));
}

/** Go's path cleaning as url.JoinPath applies it: dot segments resolved, runs of "/" reduced, a trailing "/" kept. */
function goJoinPath(p: string): string {
  const trailing = p.endsWith("/") && p !== "/";
  const segs: string[] = [];
  for (const s of p.split("/")) {
    if (s === "" || s === ".") continue;
    if (s === "..") segs.pop();
    else segs.push(s);
  }
  return "/" + segs.join("/") + (trailing && segs.length ? "/" : "");
}

/** Header map in Go's shape: canonical key → values in order. */
type GoHeader = Map<string, string[]>;

function toGoHeader(fields: readonly { name: string; value: string }[]): GoHeader {
  const h: GoHeader = new Map();
  for (const f of fields) {
    const k = goCanonicalHeader(f.name);
    h.set(k, [...(h.get(k) ?? []), f.value]);
  }
  return h;
}

function getFirst(h: GoHeader, key: string): string {
  return h.get(key)?.[0] ?? "";
}

/**
 * Simulates one Traefik hop. Writes trace entries and diagnostics into `ctx`; never throws.
 */
export function traefikFrontEnd(ctx: HopContext, proxy: ProxySpec, index: number, req: InFlight, next: NextHop): HopOutcome {
  const source = `proxies[${index}].config`;
  const note = noter(ctx, index);
  const settings = parseSettings(proxy.config, TRAEFIK_SETTINGS, source, { vendor: "Traefik", unknownKey: "error", unknownKeyReason: "Traefik refuses configuration fields it does not know (\"field not found\")." }, ctx.diagnostics);

  // Go's server: HTTP/1.1 needs Host; repeated Host is refused.
  const hosts = req.fields.filter((f) => f.name.toLowerCase() === "host");
  if ((req.protocol === "HTTP/1.1" && hosts.length === 0) || hosts.length > 1) {
    note("traefik.request", hosts.length > 1 ? "the request has more than one Host header: Go's HTTP server answers 400 Bad Request." : "HTTP/1.1 request without a Host header: Go's HTTP server answers 400 Bad Request (\"missing required Host header\").");
    return { kind: "respond", response: { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", Connection: "close" }, body: "400 Bad Request" } };
  }

  let h = toGoHeader(req.fields);

  // 1. The entryPoint's forwarded-headers middleware.
  const insecure = settings.bool("forwardedHeaders.insecure");
  const trustedLine = settings.get("forwardedHeaders.trustedIPs");
  const trusted: Subnet[] = trustedLine ? listItems(trustedLine.value).flatMap((i) => parseCidr(i.text) ?? []) : [];
  const match = peerInSubnets(req.peer, trusted);
  if (insecure) note("traefik.forwarded-headers", `forwardedHeaders.insecure: every peer's X-Forwarded-* headers are kept [${TRAEFIK_SOURCES.entryPoints}].`);
  else if (match) note("traefik.forwarded-headers", `peer ${req.peer} is in forwardedHeaders.trustedIPs (${match.text}): its X-Forwarded-* headers are kept [${TRAEFIK_SOURCES.entryPoints}].`);
  else {
    const removed = [...h.keys()].filter(isManaged);
    for (const k of removed) h.delete(k);
    note(
      "traefik.forwarded-headers",
      `peer ${req.peer} is ${trusted.length ? `not in forwardedHeaders.trustedIPs (${trusted.map((s) => s.text).join(", ")})` : "not trusted (no forwardedHeaders.trustedIPs)"}: ` +
        (removed.length ? `${removed.join(", ")} ${removed.length === 1 ? "is" : "are"} removed, underscore spellings included [${TRAEFIK_SOURCES.forwardedSource}]` : `it sent none of the X-Forwarded-* headers Traefik manages, so nothing is removed`) +
        ".",
    );
  }
  const peerIp = req.peer.replace(/%.*$/, "");
  const filled: string[] = [];
  if (getFirst(h, "X-Real-Ip") === "") {
    h.set("X-Real-Ip", [peerIp]);
    filled.push(`X-Real-Ip ${peerIp}`);
  }
  if (getFirst(h, "X-Forwarded-Proto") === "") {
    const proto = req.tls ? "https" : "http";
    h.set("X-Forwarded-Proto", [proto]);
    filled.push(`X-Forwarded-Proto ${proto}`);
  }
  const hostValue = hosts[0]?.value ?? "";
  if (getFirst(h, "X-Forwarded-Port") === "") {
    const hp = splitHostHeader(hostValue);
    const xfp = getFirst(h, "X-Forwarded-Proto");
    const port = hp.port ? hp.port : xfp === "https" || xfp === "wss" || req.tls ? "443" : "80";
    h.set("X-Forwarded-Port", [port]);
    filled.push(`X-Forwarded-Port ${port}${hp.port ? " (the Host's port)" : ""}`);
  }
  if (getFirst(h, "X-Forwarded-Host") === "" && hostValue !== "") {
    h.set("X-Forwarded-Host", [hostValue]);
    filled.push(`X-Forwarded-Host ${hostValue}`);
  }
  const xffLines = h.get("X-Forwarded-For");
  if (xffLines && xffLines.length > 1) {
    h.set("X-Forwarded-For", [xffLines.join(", ")]);
    filled.push(`the ${xffLines.length} X-Forwarded-For lines folded into one with ", "`);
  }
  h.set("X-Forwarded-Server", [HOSTNAME_STANDIN]);
  note(
    "traefik.forwarded-headers",
    `${filled.length ? `set where absent: ${filled.join(", ")}; ` : ""}X-Forwarded-Server is always the machine's host name (${JSON.stringify(HOSTNAME_STANDIN)} stands for it) [${TRAEFIK_SOURCES.forwardedSource}].`,
  );
  // Connection-listed headers (not the managed ones), then Connection itself.
  const keep = new Set((settings.value("forwardedHeaders.connection") ?? "").split(",").map((s) => goCanonicalHeader(s.trim())).filter(Boolean));
  const listed = (h.get("Connection") ?? []).flatMap((v) => v.split(",")).map((t) => t.trim()).filter(Boolean);
  const kept: string[] = [];
  for (const t of listed) {
    const k = goCanonicalHeader(t);
    if (isManaged(k)) continue;
    if (keep.has(k)) kept.push(k);
    else h.delete(k);
  }
  if (kept.length) h.set("Connection", [kept.join(",")]);
  else h.delete("Connection");

  // 2. Middlewares: StripPrefix, Headers.
  let target = originForm(req.target);
  const q = target.indexOf("?");
  let path = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? "" : target.slice(q + 1);
  const prefixes = listItems(settings.value("stripPrefix.prefixes") ?? "").map((i) => i.text.trim());
  for (const prefix of prefixes) {
    if (!path.startsWith(prefix)) continue;
    let stripped = path.slice(prefix.length);
    if (!stripped.startsWith("/")) stripped = `/${stripped}`;
    const cleaned = goJoinPath(stripped);
    if (cleaned !== stripped) {
      note("traefik.strip-prefix", `StripPrefix ${prefix}: ${path} → ${stripped}, which normalises to ${cleaned}: Traefik refuses the request with 400 Bad Request [${TRAEFIK_SOURCES.stripSource}].`);
      return { kind: "respond", response: { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: "Bad Request\n" } };
    }
    note("traefik.strip-prefix", `StripPrefix ${prefix}: ${path} → ${stripped}, and X-Forwarded-Prefix: ${prefix} is added${prefix.endsWith("/") || path.length === prefix.length || path[prefix.length] === "/" ? "" : ` (the test is a plain string prefix, so ${prefix} also strips ${path})`} [${TRAEFIK_SOURCES.stripPrefix}].`);
    path = stripped;
    h.set("X-Forwarded-Prefix", [...(h.get("X-Forwarded-Prefix") ?? []), prefix]);
    break;
  }
  target = path + (q < 0 ? "" : `?${query.replace(/;/g, "&")}`);
  for (const line of settings.all("headers.customRequestHeaders.")) {
    const k = goCanonicalHeader(line.suffix);
    if (line.value === "") {
      h.delete(k);
      note("traefik.headers", `Headers middleware: customRequestHeaders.${line.suffix} is empty, so ${k} is removed [${TRAEFIK_SOURCES.headers}].`);
    } else {
      h.set(k, [line.value]);
      note("traefik.headers", `Headers middleware: ${k}: ${line.value} [${TRAEFIK_SOURCES.headers}].`);
    }
  }

  // 3. The service: the reverse proxy to the server.
  const urlLine = settings.get("loadBalancer.servers.url");
  const serverUrl = urlLine?.value ?? `http://${next.listen}`;
  const su = /^(https?):\/\/(\[[^\]]+\]|[^/:]+)(?::(\d+))?(\/.*)?$/i.exec(serverUrl);
  if (!su) {
    ctx.diagnostics.push({ severity: "error", code: "lb-setting-bad-value", source, line: urlLine!.line, column: urlLine!.valueColumn, endLine: urlLine!.line, endColumn: urlLine!.valueEndColumn, message: `loadBalancer.servers.url must be http://host:port or https://host:port; ${JSON.stringify(serverUrl)} is not.` });
  }
  const serverTls = su?.[1]?.toLowerCase() === "https";
  const serverHost = su ? `${su[2]}${su[3] ? `:${su[3]}` : ""}` : next.listen;
  if (su && su[4] && su[4] !== "/") note("traefik.service", `the server URL's path ${su[4]} is not added to the request (preservePath is false by default) [${TRAEFIK_SOURCES.service}].`);
  const expected = `${su?.[2]?.replace(/^\[|\]$/g, "")}:${su?.[3] ?? (serverTls ? 443 : 80)}`;
  const nextBare = next.listen.replace(/^\[([^\]]+)\]/, "$1");
  if (urlLine && su && expected !== nextBare) {
    ctx.diagnostics.push({ severity: "warning", code: "proxy-target-mismatch", source, line: urlLine.line, column: urlLine.valueColumn, endLine: urlLine.line, endColumn: urlLine.valueEndColumn, message: `The server URL points to ${expected}, but the next server listens on ${next.listen}; the simulation continues as if it were reached.` });
  }

  if (settings.bool("forwardedHeaders.notAppendXForwardedFor")) {
    note("traefik.x-forwarded-for", `forwardedHeaders.notAppendXForwardedFor: X-Forwarded-For is left ${h.has("X-Forwarded-For") ? `as ${JSON.stringify(getFirst(h, "X-Forwarded-For"))}` : "absent"} [${TRAEFIK_SOURCES.entryPoints}].`);
  } else {
    const prior = h.get("X-Forwarded-For");
    const value = prior && prior.length ? `${prior.join(", ")}, ${peerIp}` : peerIp;
    h.set("X-Forwarded-For", [value]);
    note("traefik.x-forwarded-for", `the peer ${peerIp} is appended to X-Forwarded-For: ${JSON.stringify(value)} [${TRAEFIK_SOURCES.proxySource}].`);
  }
  const passHost = settings.bool("loadBalancer.passHostHeader");
  const outHost = passHost ? hostValue : serverHost;
  note("traefik.service", passHost ? `passHostHeader (true by default): the client's Host ${JSON.stringify(hostValue)} goes to the server [${TRAEFIK_SOURCES.service}].` : `passHostHeader false: Host becomes the server's ${JSON.stringify(serverHost)} [${TRAEFIK_SOURCES.service}].`);

  // Hop-by-hop headers Go's ReverseProxy removes, then what Go writes.
  for (const k of ["Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade"]) {
    if (k === "Te" && h.get("Te")?.some((v) => v.toLowerCase().includes("trailers"))) {
      h.set("Te", ["trailers"]);
      continue;
    }
    if (k === "Connection" && kept.length) continue;
    h.delete(k);
  }
  h.delete("Host");
  const userAgent = h.get("User-Agent")?.[0];
  h.delete("User-Agent");
  const fields: { name: string; value: string }[] = [];
  if (outHost !== "") fields.push({ name: "Host", value: outHost });
  if (userAgent !== undefined && userAgent !== "") fields.push({ name: "User-Agent", value: userAgent });
  const contentLength = h.get("Content-Length")?.[0];
  h.delete("Content-Length");
  if (contentLength !== undefined) fields.push({ name: "Content-Length", value: contentLength });
  for (const k of [...h.keys()].sort()) for (const v of h.get(k)!) fields.push({ name: k, value: v });
  const gzip = !h.has("Accept-Encoding") && !h.has("Range") && req.method !== "HEAD";
  if (gzip) fields.push({ name: "Accept-Encoding", value: "gzip" });
  note(
    "traefik.request",
    `Traefik sends ${req.method} ${target} HTTP/1.1 to ${serverUrl} from ${proxy.address}: header names in Go's canonical form, written in sorted order after Host${gzip ? "; Go's transport adds Accept-Encoding: gzip because the request has none" : ""} [${TRAEFIK_SOURCES.proxySource}].`,
  );

  const rewrite = (response: HttpResponse): HttpResponse => {
    if (response.closed || response.status === 0) {
      note("traefik.response", `the server closed the connection without a response: Traefik answers 502 with the body "Bad Gateway" [${TRAEFIK_SOURCES.proxySource}].`);
      return { status: 502, headers: { "Content-Type": "text/plain; charset=utf-8" }, body: "Bad Gateway" };
    }
    const loc = responseHeader(response.headers, "Location");
    note("traefik.response", loc !== undefined ? `Traefik does not rewrite Location (its docs describe no such option): ${JSON.stringify(loc)} reaches the client unchanged.` : "Traefik passes the response on unchanged.");
    return response;
  };
  return { kind: "forward", request: { method: req.method, target, protocol: "HTTP/1.1", fields, peer: proxy.address, tls: serverTls, sni: null }, rewrite };
}
