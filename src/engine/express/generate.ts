/**
 * The Apache configuration mod_wsgi-express writes for a command line: the parts that decide how a request is
 * handled (modwsgi-behaviour.md §4.1–4.4). Module loading, logging, MPM sizing and Python settings are left
 * out. The text is in the form of the chosen version: "4.9" = 4.9.4 (`src/server/__init__.py` templates),
 * "6.0" = 6.0.5 (`src/express/apache.py`); both read from source. The 4.9 form of every option below was
 * checked with real `apache2 -t` (express/generate.test.ts) and, for the virtual-host, redirect and 403 paths,
 * on a real Apache 2.4.71 + mod_wsgi 4.9.4 (corpus/express/).
 */
import type { Diagnostic, ModWsgiVersion } from "../types.ts";
import type { ConfigArg, Directive } from "../apache/configParser.ts";
import { parseTrustedProxies, parseTrustedProxyHeaders } from "../modwsgi/trustedProxies.ts";
import type { ExpressOptions, Located, Token } from "./commandLine.ts";

/** Roles of the virtual hosts generated, in order, so that the simulation can say which one a request chose. */
export type ExpressVhostRole = "default-open" | "default-deny" | "named" | "parent-redirect";

export interface ExpressVhost {
  role: ExpressVhostRole;
  port: number;
  tls: boolean;
  /** ServerName (null for `_default_` in 4.9; `_wsgi_` in 6.0). */
  serverName: string | null;
  aliases: string[];
  /** For "named" with --https-only on the HTTP port, and for "parent-redirect": where it sends the client. */
  redirect?: { status: 301 | 302; base: string; kind: "mod_alias" | "mod_rewrite" };
  hsts?: string;
}

export interface ExpressConfig {
  text: string;
  /** The server root (`/tmp/mod_wsgi-HOST:PORT:UID`) and document root used in the text. */
  serverRoot: string;
  documentRoot: string;
  /** The listening addresses (`host:port` or `port`). */
  listens: string[];
  vhosts: ExpressVhost[];
  diagnostics: Diagnostic[];
}

/** The uid written into the default server root; mod_wsgi-express uses the running user's. */
export const EXPRESS_UID = 1000;

const q = (s: string) => `'${s}'`;

function warn(source: string, t: Token, code: Diagnostic["code"], message: string): Diagnostic {
  return { severity: "warning", code, source, line: t.line, column: t.column, endLine: t.endLine, endColumn: t.endColumn, message };
}

/** Codes of the shared WSGITrustedProxies/WSGITrustedProxyHeaders checks, as the command line's options name them. */
const TRUST_CODES: Partial<Record<Diagnostic["code"], Diagnostic["code"]>> = {
  "trusted-proxies-everyone": "express-trust-broad",
  "trusted-proxies-public-range": "express-trust-broad",
  "trusted-proxy-headers-invalid-name": "express-header-underscore",
  "trusted-proxy-headers-same-group": "express-header-group",
};

/**
 * The `WSGITrustedProxies`/`WSGITrustedProxyHeaders` line express writes for repeated option values (joined with
 * blanks, unquoted: Apache's tokenizer splits a value that has blanks), as a directive whose words point at the
 * command line, so that mod_wsgi's own checks (modwsgi/trustedProxies.ts) report at the reader's tokens.
 */
function optionDirective(name: string, values: Located<string>[]): Directive {
  const args: ConfigArg[] = [];
  for (const v of values) {
    // The value is the token's text after quote removal: a token written as one quoted word starts one column later.
    const t = v.token;
    const quoted = t.endLine === t.line && t.endColumn - t.column === v.value.length + 2 ? 1 : 0;
    for (const m of v.value.matchAll(/\S+/g)) {
      const column = t.column + quoted + m.index;
      args.push({ text: m[0], line: v.token.line, column, endColumn: column + m[0].length, quoted: false });
    }
  }
  return { kind: "directive", name, args, line: values[0]?.token.line ?? 1, column: 1, endColumn: 1 };
}

/**
 * Builds the configuration text and its virtual-host plan for `options` (as parsed by `parseExpressCommand`).
 *
 * `paths` overrides the server root and document root (the conformance runner points them into its own
 * directory). Warnings (source "backend.config", at the option's token): `--trust-proxy-header` without
 * `--trust-proxy` (every client is trusted); mod_wsgi's own checks of the trust lines (modwsgi/trustedProxies.ts,
 * checked on Apache 2.4.71 + mod_wsgi 4.9.4) at the option values: a header name with `_` (an error: every request
 * crashes its worker, §1.2), two headers of one group, a value APR cannot parse (an error: Apache does not start;
 * `0.0.0.0/0` is one), a trusted range that is public or everything; HTTPS options or
 * `--https-only`/`--hsts-policy` without `--server-name` (they do nothing), `--hsts-policy` without `--https-only`
 * (not emitted). Never throws.
 */
export function generateExpressConfig(o: ExpressOptions, version: ModWsgiVersion, paths: { serverRoot?: string; documentRoot?: string } = {}, source = "backend.config"): ExpressConfig {
  const diagnostics: Diagnostic[] = [];
  const host = o.host ?? "localhost";
  const serverRoot = paths.serverRoot ?? `/tmp/mod_wsgi-${host}:${o.port}:${EXPRESS_UID}`;
  const documentRoot = paths.documentRoot ?? o.documentRoot ?? `${serverRoot}/htdocs`;
  const listenAddr = (p: number) => (o.host ? `${o.host.includes(":") ? `[${o.host}]` : o.host}:${p}` : `${p}`);
  const L: string[] = [];
  const vhosts: ExpressVhost[] = [];
  const listens = [listenAddr(o.port)];
  const v6 = version === "6.0";

  L.push(`# mod_wsgi-express ${v6 ? "6.0.5" : "4.9.4"}: the request-handling part of the httpd.conf it generates`);
  L.push(`ServerName ${host}`);
  L.push(`Listen ${listenAddr(o.port)}`);
  L.push(`Timeout ${o.socketTimeout}`);
  L.push("<Directory />", "    AllowOverride None", "    Require all denied", "</Directory>");
  L.push("WSGIRestrictEmbedded On");
  L.push(`WSGIDaemonProcess '${host}:${o.port}' threads=5 socket-timeout=${o.socketTimeout}`);
  L.push("WSGICallableObject 'application'", "WSGIPassAuthorization On", `WSGIMapHEADToGET ${o.mapHeadToGet}`);
  if (o.compressResponses) {
    L.push("AddOutputFilterByType DEFLATE text/plain text/html text/xml text/css text/javascript application/xhtml+xml application/javascript application/json");
  }
  if (o.trustProxyHeader.length) L.push(`WSGITrustedProxyHeaders ${o.trustProxyHeader.map((h) => h.value).join(" ")}`);
  if (o.trustProxy.length) L.push(`WSGITrustedProxies ${o.trustProxy.map((h) => h.value).join(" ")}`);

  // Trust: mod_wsgi's own checks of the two lines, at the options' values (a bad address stops Apache: an error).
  if (o.trustProxyHeader.length && !o.trustProxy.length) {
    diagnostics.push(warn(source, o.trustProxyHeader[0]!.token, "express-trust-all", "--trust-proxy-header without --trust-proxy: mod_wsgi trusts these headers from every client, so any client can set its own address, host or scheme. Add --trust-proxy with your proxy's address."));
  }
  const shared = [
    ...(o.trustProxyHeader.length ? parseTrustedProxyHeaders(optionDirective("WSGITrustedProxyHeaders", o.trustProxyHeader), source).diagnostics : []),
    ...(o.trustProxy.length ? parseTrustedProxies(optionDirective("WSGITrustedProxies", o.trustProxy), source).diagnostics : []),
  ];
  for (const d of shared) diagnostics.push({ ...d, code: TRUST_CODES[d.code] ?? d.code });

  // The virtual-host section (§4.3), only with --server-name.
  const https = o.httpsPort !== null && (o.sslCertificate !== null || (o.sslCertificateFile !== null && o.sslCertificateKeyFile !== null));
  if (!o.serverName) {
    // Without --server-name an empty `_default_` vhost comes first: it serves every Host (both versions).
    L.push(`<VirtualHost _default_:${o.port}>`, "</VirtualHost>");
    vhosts.push({ role: "default-open", port: o.port, tls: false, serverName: null, aliases: [] });
    for (const t of o.httpsTokens) diagnostics.push(warn(source, t, "express-https-needs-server-name", `${t.text.split("=")[0]} does nothing without --server-name: mod_wsgi-express only writes the HTTPS listener and virtual hosts inside its virtual-host section.`));
    if (o.httpsOnly) diagnostics.push(warn(source, o.httpsOnly.token, "express-https-needs-server-name", "--https-only does nothing without --server-name (the redirect lives in the named virtual host)."));
    if (o.hstsPolicy) diagnostics.push(warn(source, o.hstsPolicy.token, "express-https-needs-server-name", "--hsts-policy does nothing without --server-name."));
  } else {
    const name = o.serverName.value;
    const parent = name.toLowerCase().startsWith("www.") ? name.slice(4) : null;
    const aliasLine = o.serverAliases.length ? [`    ServerAlias ${o.serverAliases.join(" ")}`] : [];
    const httpsOnly = !!o.httpsOnly;
    if (o.hstsPolicy && !(httpsOnly && https)) {
      diagnostics.push(warn(source, o.hstsPolicy.token, "express-hsts-unused", "--hsts-policy is only written with --https-only and an HTTPS port with a certificate: here no Strict-Transport-Security header is sent."));
    }
    if (httpsOnly && o.httpsPort === null) {
      diagnostics.push(warn(source, o.httpsOnly!.token, "express-https-only-no-port", "--https-only without --https-port: the redirect goes to https://NAME:None/…, which no client can follow."));
    }
    const httpsTarget = `https://${name}:${o.httpsPort ?? "None"}`;
    const deny = (port: number, tls: boolean) => {
      L.push(`<VirtualHost _default_:${port}>`);
      if (v6) L.push("    ServerName _wsgi_");
      L.push("    <Location />");
      if (o.allowLocalhost && v6) L.push("        Require host localhost");
      else L.push("        Require all denied");
      if (o.allowLocalhost && !v6) L.push("        Allow from localhost");
      L.push("    </Location>");
      if (tls) L.push("    SSLEngine On", `    SSLCertificateFile ${certFile()}`, `    SSLCertificateKeyFile ${keyFile()}`);
      L.push("</VirtualHost>");
      vhosts.push({ role: "default-deny", port, tls, serverName: v6 ? "_wsgi_" : null, aliases: [] });
    };
    const certFile = () => q(o.sslCertificateFile ?? `${o.sslCertificate}.crt`);
    const keyFile = () => q(o.sslCertificateKeyFile ?? `${o.sslCertificate}.key`);
    const rewriteToHttps = ["    RewriteEngine On", "    RewriteCond %{HTTPS} off", `    RewriteRule (.*) ${httpsTarget}%{REQUEST_URI}`];

    deny(o.port, false);
    L.push(`<VirtualHost *:${o.port}>`, `    ServerName ${name}`, ...aliasLine);
    if (httpsOnly) L.push(...rewriteToHttps);
    L.push("</VirtualHost>");
    vhosts.push({ role: "named", port: o.port, tls: false, serverName: name, aliases: o.serverAliases, ...(httpsOnly ? { redirect: { status: 302 as const, base: httpsTarget, kind: "mod_rewrite" as const } } : {}) });
    if (parent) {
      L.push(`<VirtualHost *:${o.port}>`, `    ServerName ${parent}`);
      if (httpsOnly) L.push(...rewriteToHttps);
      else L.push(`    Redirect permanent / http://${name}:${o.port}/`);
      L.push("</VirtualHost>");
      vhosts.push({ role: "parent-redirect", port: o.port, tls: false, serverName: parent, aliases: [], redirect: httpsOnly ? { status: 302, base: httpsTarget, kind: "mod_rewrite" } : { status: 301, base: `http://${name}:${o.port}`, kind: "mod_alias" } });
    }
    if (https && o.httpsPort !== null) {
      const hp = o.httpsPort;
      L.push(`Listen ${listenAddr(hp)}`);
      listens.push(listenAddr(hp));
      deny(hp, true);
      L.push(`<VirtualHost *:${hp}>`, `    ServerName ${name}`, ...aliasLine, "    SSLEngine On", `    SSLCertificateFile ${certFile()}`, `    SSLCertificateKeyFile ${keyFile()}`);
      const hsts = httpsOnly && o.hstsPolicy ? o.hstsPolicy.value : undefined;
      if (hsts !== undefined) L.push(`    Header set Strict-Transport-Security ${hsts}`);
      L.push("</VirtualHost>");
      vhosts.push({ role: "named", port: hp, tls: true, serverName: name, aliases: o.serverAliases, ...(hsts !== undefined ? { hsts } : {}) });
      if (parent) {
        L.push(`<VirtualHost *:${hp}>`, `    ServerName ${parent}`, `    Redirect permanent / https://${name}:${hp}/`, "    SSLEngine On", `    SSLCertificateFile ${certFile()}`, `    SSLCertificateKeyFile ${keyFile()}`, "</VirtualHost>");
        vhosts.push({ role: "parent-redirect", port: hp, tls: true, serverName: parent, aliases: [], redirect: { status: 301, base: `https://${name}:${hp}`, kind: "mod_alias" } });
      }
    }
  }

  // Document root and the handler fallback (§4.1 item 12, §4.2 --mount-point).
  L.push(`DocumentRoot ${q(documentRoot)}`);
  L.push(`<Directory ${q(serverRoot)}>`, "    <Files 'handler.wsgi'>", "        Require all granted", "    </Files>", "</Directory>");
  L.push(`<Directory ${q(documentRoot)}>`, "    AllowOverride None");
  if (o.directoryIndex) L.push(`    DirectoryIndex ${q(o.directoryIndex)}`);
  L.push("    RewriteEngine On");
  if (v6) L.push("    RewriteOptions InheritDownBefore");
  L.push("    Require all granted", "</Directory>");
  const mountDir = o.mountPoint === "/" ? documentRoot : documentRoot.replace(/\/$/, "") + o.mountPoint;
  L.push(`<Directory ${q(mountDir)}>`, "    RewriteCond %{REQUEST_FILENAME} !-f");
  if (o.directoryIndex) L.push("    RewriteCond %{REQUEST_FILENAME} !-d");
  L.push("    RewriteRule .* - [H=wsgi-handler]", "</Directory>");
  L.push(`# handler.wsgi: handle_request = ApplicationHandler(${q(o.script ?? "wsgi.py")}, application_type=${q(o.applicationType)}, mount_point=${q(o.mountPoint)}).handle_request`);
  L.push(`WSGIHandlerScript wsgi-handler ${q(`${serverRoot}/handler.wsgi`)} process-group=${q(`${host}:${o.port}`)} application-group=%{GLOBAL}`);

  // Appended snippets, in express's order (§4.1).
  if (v6 && o.proxyTimeout !== null && (o.proxyMountPoints.length || o.proxyVirtualHosts.length)) L.push(`ProxyTimeout ${o.proxyTimeout}`);
  for (const pm of o.proxyMountPoints) {
    const m = pm.mount;
    const prefix = m.replace(/\/+$/, "");
    const slash = m.endsWith("/");
    const upgrade = v6 ? " upgrade=websocket" : "";
    if (slash) {
      L.push(`ProxyPass ${q(m)} ${q(pm.url)}${upgrade}`, `ProxyPassReverse ${q(m)} ${q(pm.url)}`);
    } else {
      const url = v6 ? `${pm.url.replace(/\/+$/, "")}/` : `${pm.url}/`;
      if (!v6 && pm.url.endsWith("/")) {
        diagnostics.push(warn(source, pm.urlToken, "express-proxy-double-slash", `mod_wsgi-express 4.9.4 adds "/" to this URL, making ${url}: ${m}/x reaches the next server as //x, and ProxyPassReverse no longer matches its redirects (checked on Apache 2.4.71). Leave the final "/" off the URL (6.0 strips it).`));
      }
      L.push(`ProxyPass ${q(`${m}/`)} ${q(url)}${upgrade}`, `ProxyPassReverse ${q(`${m}/`)} ${q(url)}`);
    }
    L.push(
      `<Location ${q(slash ? m : `${m}/`)}>`,
      "    RewriteEngine On",
      "    RewriteRule .* - [E=SERVER_PORT:%{SERVER_PORT},NE]",
      "    RequestHeader set X-Forwarded-Port %{SERVER_PORT}e",
      "    RewriteCond %{HTTPS} on",
      "    RewriteRule .* - [E=URL_SCHEME:https,NE]",
      "    RequestHeader set X-Forwarded-Scheme %{URL_SCHEME}e env=URL_SCHEME",
    );
    if (v6) L.push(`    RequestHeader set X-Forwarded-Prefix ${prefix}`);
    L.push("</Location>");
    // 4.9.4 writes the pattern as "-", which matches only because the file name tried has a "-" (/tmp/mod_wsgi-…).
    if (v6 || !slash) L.push(`<LocationMatch ${q(`^${prefix}$`)}>`, "    RewriteEngine On", `    RewriteRule ${v6 ? ".*" : "-"} http://%{HTTP_HOST}%{REQUEST_URI}/ [R=302,L]`, "</LocationMatch>");
  }
  for (const pv of o.proxyVirtualHosts) {
    if (!pv.url.endsWith("/")) {
      diagnostics.push(warn(source, pv.urlToken, "express-proxy-url-slash", `ProxyPass / '${pv.url}' replaces the leading "/" of every path with this URL, so /x goes to ${pv.url}x${/^[a-z]+:\/\/[^/]+$/i.test(pv.url) ? ", a host name that cannot be looked up: every request gets a 500 Proxy Error (checked on Apache 2.4.71)" : ""}. End the URL with "/".`));
    }
    L.push(`<VirtualHost *:${o.port}>`, `    ServerName ${pv.host}`, `    ProxyPass / ${q(pv.url)}${v6 ? " upgrade=websocket" : ""}`, `    ProxyPassReverse / ${q(pv.url)}`, `    RequestHeader set X-Forwarded-Port ${o.port}`, "    RewriteEngine On", "    RewriteCond %{HTTPS} on", "    RewriteRule .* - [E=URL_SCHEME:https,NE]", "    RequestHeader set X-Forwarded-Scheme %{URL_SCHEME}e env=URL_SCHEME", "</VirtualHost>");
  }
  for (const ua of [...o.urlAliases].sort((a, b) => (a.url + "\0" + a.path < b.url + "\0" + b.path ? 1 : -1))) {
    L.push(`Alias ${q(ua.url)} ${q(ua.path)}`, `<Directory ${q(ua.path)}>`, "    AllowOverride None", "    Require all granted", "</Directory>");
  }
  for (const ed of o.errorDocuments) L.push(`ErrorDocument ${q(ed.status)} ${q(ed.url.replace(/'/g, "\\'"))}`);
  for (const se of o.setenv) L.push(`SetEnv ${q(se.name)} ${q(se.value)}`);
  for (const pe of o.passenv) L.push(`PassEnv ${q(pe)}`);
  return { text: L.join("\n") + "\n", serverRoot, documentRoot, listens, vhosts, diagnostics };
}
