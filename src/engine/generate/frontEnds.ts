/**
 * One configuration text per front-end proxy, in that proxy's own syntax, forwarding to the next server's
 * listen address and sending exactly the forwarding headers the back end trusts (its
 * WSGITrustedProxyHeaders): the first proxy writes them from the client's connection, later proxies pass
 * them on (X-Forwarded-For is extended at every hop).
 *
 * Shapes: Apache 2.4 — a `<VirtualHost>` with ProxyPass/ProxyPassReverse/ProxyPreserveHost and
 * RequestHeader lines (mod_proxy adds X-Forwarded-For/-Host/-Server itself; the first proxy drops what the
 * client sent under those names so they start fresh, and sets the others explicitly). nginx 1.22 — a
 * `server {}` block with proxy_pass/proxy_set_header/proxy_redirect. HAProxy 2.6 — the frontend and backend
 * sections that matter. Managed load balancers (AWS ALB, Google Cloud HTTPS LB, ingress-nginx, Traefik) —
 * a comment-only note, since they are set up in the vendor's settings, not in a file the reader writes.
 * WSGIProxy — the front server's `.wsgi` file holding the scenario's Python call (`../wsgiproxy/generate.ts`).
 * mod_wsgi-express — the Apache configuration its command line generates.
 */
import type { ModWsgiVersion, ProxySpec, Scenario } from "../types.ts";
import { parseExpressCommand } from "../express/commandLine.ts";
import { generateExpressConfig } from "../express/generate.ts";
import { KNOWN_HEADERS, type HeaderGroup } from "../modwsgi/trustedProxies.ts";
import { backendTrust, headerLine, listenParts, type GenerateContext } from "./common.ts";
import { wsgiproxyText } from "../wsgiproxy/generate.ts";

/** Certificate paths written into TLS listeners (Debian's snakeoil pair; replace with the site's own). */
export const TLS_CERT = "/etc/ssl/certs/ssl-cert-snakeoil.pem";
export const TLS_KEY = "/etc/ssl/private/ssl-cert-snakeoil.key";
/** HAProxy wants certificate and key in one file. */
export const HAPROXY_PEM = "/etc/haproxy/certs/site.pem";

/** A trusted header with its canonical spelling and group, or group null for a name mod_wsgi does not know. */
interface Wanted {
  name: string;
  group: HeaderGroup | null;
}

function wantedHeaders(scenario: Scenario): Wanted[] {
  if (scenario.backend.server !== "apache") return [];
  return backendTrust(scenario.backend.config).headers.map((h) => {
    const known = KNOWN_HEADERS.find((k) => k.name.toLowerCase() === h.toLowerCase());
    return { name: known?.name ?? h, group: known?.group ?? null };
  });
}

/** The host name the client asks for (Host header without port), or null. */
function requestedHost(scenario: Scenario): string | null {
  const m = /^host:[ \t]*([^\r\n]*)$/im.exec(scenario.client.request);
  const v = m?.[1]?.trim();
  if (!v) return null;
  const host = v.startsWith("[") ? v.slice(0, v.indexOf("]") + 1) : v.replace(/:\d*$/, "");
  return /^[A-Za-z0-9.-]+$/.test(host) ? host : null;
}

/** The value a scheme header carries for the scheme (flag-style headers get on/off). */
function schemeValue(name: string, https: boolean): string {
  return /^(x-forwarded-https|x-forwarded-ssl|x-https)$/i.test(name) ? (https ? "on" : "off") : https ? "https" : "http";
}

interface Hop {
  proxy: ProxySpec;
  first: boolean;
  tls: boolean;
  target: string;
  publicPort: number;
  serverName: string;
  wanted: Wanted[];
}

function apacheText(h: Hop): string[] {
  const listen = listenParts(h.proxy.listen);
  const out = [`Listen ${listen.authority}${h.tls ? " https" : ""}`, `<VirtualHost ${listen.authority}>`, `    ServerName ${h.serverName}`];
  if (h.tls) out.push("    SSLEngine on", `    SSLCertificateFile ${TLS_CERT}`, `    SSLCertificateKeyFile ${TLS_KEY}`);
  out.push("    ProxyPreserveHost On", `    ProxyPass / http://${h.target}/`, `    ProxyPassReverse / http://${h.target}/`);
  // mod_proxy appends X-Forwarded-For, -Host and -Server after RequestHeader has run: unsetting them first
  // leaves only what mod_proxy writes (For is kept on later hops, so the chain grows).
  const unset = h.first ? ["X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Server"] : ["X-Forwarded-Host", "X-Forwarded-Server"];
  for (const u of unset) out.push(`    RequestHeader unset ${u}`);
  if (h.first) {
    for (const w of h.wanted) {
      if (w.group === "client" && w.name !== "X-Forwarded-For") out.push(`    RequestHeader set ${w.name} "expr=%{REMOTE_ADDR}"`);
      else if (w.group === "host" && w.name !== "X-Forwarded-Host") out.push(`    RequestHeader set ${w.name} "expr=%{HTTP_HOST}"`);
      else if (w.group === "port") out.push(`    RequestHeader set ${w.name} ${h.publicPort}`);
      else if (w.group === "scheme") out.push(`    RequestHeader set ${w.name} ${schemeValue(w.name, h.tls)}`);
      else if (w.group === "script-name") out.push(`    # ${w.name}: this front end proxies / to /, so there is no prefix to send`);
      else if (w.group === null) out.push(`    # ${w.name}: not a header mod_wsgi reads; not sent`);
    }
  }
  out.push("</VirtualHost>");
  return out;
}

function nginxText(h: Hop): string[] {
  const listen = listenParts(h.proxy.listen);
  const out = ["server {", `    listen ${listen.authority}${h.tls ? " ssl" : ""};`, `    server_name ${h.serverName};`];
  if (h.tls) out.push(`    ssl_certificate ${TLS_CERT};`, `    ssl_certificate_key ${TLS_KEY};`);
  out.push("", "    location / {", `        proxy_pass http://${h.target};`, "        proxy_set_header Host $http_host;");
  for (const w of h.wanted) {
    const set = (v: string) => out.push(`        proxy_set_header ${w.name} ${v};`);
    if (w.name === "X-Forwarded-For") set(h.first ? "$remote_addr" : "$proxy_add_x_forwarded_for");
    else if (!h.first) continue; // nginx passes the client's other headers on unchanged
    else if (w.group === "client") set("$remote_addr");
    else if (w.group === "host") set("$http_host");
    else if (w.group === "server") set("$host");
    else if (w.group === "port") set("$server_port");
    else if (w.group === "scheme") set(/^(x-forwarded-https|x-forwarded-ssl|x-https)$/i.test(w.name) ? (h.tls ? "on" : "off") : "$scheme");
    else out.push(`        # ${w.name}: ${w.group === "script-name" ? "this front end proxies / to /, so there is no prefix to send" : "not a header mod_wsgi reads; not sent"}`);
  }
  out.push(`        proxy_redirect http://${h.target}/ /;`, "    }", "}");
  return out;
}

function haproxyText(h: Hop): string[] {
  const listen = listenParts(h.proxy.listen);
  const out = ["frontend web", "    mode http", `    bind ${listen.authority}${h.tls ? ` ssl crt ${HAPROXY_PEM}` : ""}`];
  if (h.wanted.some((w) => w.name === "X-Forwarded-For")) {
    if (h.first) out.push("    http-request del-header X-Forwarded-For");
    out.push("    option forwardfor");
  }
  if (h.first) {
    for (const w of h.wanted) {
      if (w.group === "client" && w.name !== "X-Forwarded-For") out.push(`    http-request set-header ${w.name} %[src]`);
      else if (w.group === "host") out.push(`    http-request set-header ${w.name} %[req.hdr(host)]`);
      else if (w.group === "server") out.push(`    http-request set-header ${w.name} %[req.hdr(host),field(1,:)]`);
      else if (w.group === "port") out.push(`    http-request set-header ${w.name} ${h.publicPort}`);
      else if (w.group === "scheme") out.push(`    http-request set-header ${w.name} ${schemeValue(w.name, h.tls)}`);
    }
  }
  out.push("    default_backend app", "", "backend app", "    mode http", `    server app ${h.target}`);
  return out;
}

const MANAGED_NAMES: Record<string, string> = {
  "aws-alb": "AWS Application Load Balancer",
  "gcp-https-lb": "Google Cloud external HTTPS load balancer",
  "ingress-nginx": "ingress-nginx (Kubernetes)",
  traefik: "Traefik",
};

function managedText(h: Hop): string[] {
  const names = h.wanted.map((w) => w.name).join(", ") || "(none)";
  const out = [
    `# ${MANAGED_NAMES[h.proxy.server] ?? h.proxy.server}: configured through the vendor's own settings, not a file written here.`,
    `# It should forward to ${h.target} and send the headers the back end trusts: ${names}.`,
    "# Compare with what the playground's hops show this preset sending; its settings in the scenario:",
  ];
  const lines = h.proxy.config.replace(/\r\n?/g, "\n").split("\n").filter((l) => l.trim() !== "");
  if (lines.length === 0) out.push("#   (the vendor's defaults)");
  for (const l of lines) out.push(`#   ${l}`);
  return out;
}

/**
 * A mod_wsgi-express front end: the Apache configuration its command line makes express write (express/generate.ts),
 * the text that runs; its own header comment names the express version.
 */
function expressText(proxy: ProxySpec, version: ModWsgiVersion): string[] {
  const parsed = parseExpressCommand(proxy.config, version, "proxy");
  return generateExpressConfig(parsed.options, version, {}, "proxy").text.replace(/\n$/, "").split("\n");
}

/**
 * The front ends' configuration texts, one per `scenario.proxies` entry in order (empty without proxies).
 * Each starts with the header comment line. Never throws.
 */
export function generateFrontEnds(scenario: Scenario, gen: GenerateContext): string[] {
  const wanted = wantedHeaders(scenario);
  const host = requestedHost(scenario);
  const firstListen = scenario.proxies[0] ? listenParts(scenario.proxies[0].listen) : null;
  return scenario.proxies.map((proxy, i) => {
    const next = scenario.proxies[i + 1] ?? scenario.backend;
    const hop: Hop = {
      proxy,
      first: i === 0,
      tls: i === 0 && scenario.client.tls === true,
      target: listenParts(next.listen).authority,
      publicPort: firstListen?.port ?? 80,
      serverName: host ?? (listenParts(proxy.listen).host.includes(":") ? "localhost" : listenParts(proxy.listen).host),
      wanted,
    };
    const body = proxy.server === "mod_wsgi-express" ? expressText(proxy, gen.versions.modwsgi === "4.9" ? "4.9" : "6.0") : proxy.server === "apache" ? apacheText(hop) : proxy.server === "nginx" ? nginxText(hop) : proxy.server === "haproxy" ? haproxyText(hop) : proxy.server === "wsgiproxy" ? wsgiproxyText(proxy, hop.target, wanted.map((w) => w.name)) : managedText(hop);
    return `${headerLine(scenario, gen.versions, gen)}\n${body.join("\n")}\n`;
  });
}
