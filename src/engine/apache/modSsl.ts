/**
 * Models the parts of Apache mod_ssl that change what a request looks like to other modules: whether mod_ssl
 * is loaded, the environment variables its fixup hook sets (`HTTPS`, `SSL_TLS_SNI`), `ssl_var_lookup` as
 * mod_headers' `%{NAME}s` reads it, and the SNI name mod_proxy sends to a TLS back end.
 *
 * Sources: httpd 2.4 `modules/ssl/ssl_engine_kernel.c` (`ssl_hook_Fixup`), `ssl_engine_vars.c`
 * (`ssl_var_lookup`), `ssl_engine_io.c` (SNI for proxy connections, never for an IP literal) and
 * `modules/proxy/proxy_util.c` (`ap_proxy_determine_connection`: the SNI name is the request's host name with
 * ProxyPreserveHost On, else the host of the ProxyPass URL). Checked on Apache 2.4.71 (Debian 12): a TLS
 * client that sends SNI `www.example.com` gives the WSGI environ `SSL_TLS_SNI=www.example.com`, also behind a
 * front end with ProxyPreserveHost On proxying to `https://127.0.0.1:…`, and none without it (an IP address
 * is never sent as SNI).
 */
import type { Directive } from "./configParser.ts";
import { aprIpsubnetCreate, stripBrackets } from "../net/address.ts";

/** What mod_ssl knows about the connection a request came in on. */
export interface SslConnection {
  /** mod_ssl is loaded on this server. */
  loaded: boolean;
  /** The connection is TLS. */
  tls: boolean;
  /** The SNI name the client sent, or null. */
  sni: string | null;
}

/**
 * Whether a server has mod_ssl loaded. Scenario convention (the same as the conformance runner's): a server
 * that listens with TLS, or whose configuration uses any `SSL…` directive, loads mod_ssl; others do not.
 */
export function modSslLoaded(directives: readonly Directive[], tls: boolean): boolean {
  // /^ssl/i, without a regex call per directive.
  return tls || directives.some((d) => d.name.length >= 3 && (d.name.charCodeAt(0) | 0x20) === 0x73 && (d.name.charCodeAt(1) | 0x20) === 0x73 && (d.name.charCodeAt(2) | 0x20) === 0x6c);
}

/** The variables `ssl_hook_Fixup` puts into the request's environment (without `SSLOptions +StdEnvVars`). */
export function sslFixupEnv(conn: SslConnection): Record<string, string> {
  if (!conn.loaded || !conn.tls) return {};
  const env: Record<string, string> = { HTTPS: "on" };
  if (conn.sni) env.SSL_TLS_SNI = conn.sni;
  return env;
}

/**
 * `ssl_var_lookup` for the variables this model knows: `HTTPS` is `on` on a TLS connection and `off`
 * otherwise; `SSL_TLS_SNI` is the SNI name. Anything else returns null (with `modelled: false` when real
 * mod_ssl would know a value the engine does not, such as `SSL_PROTOCOL` on a TLS connection). Without
 * mod_ssl loaded every lookup is null.
 */
export function sslVarLookup(conn: SslConnection, name: string): { value: string | null; modelled: boolean } {
  if (!conn.loaded) return { value: null, modelled: true };
  const upper = name.toUpperCase();
  if (upper === "HTTPS") return { value: conn.tls ? "on" : "off", modelled: true };
  if (upper === "SSL_TLS_SNI") return { value: conn.tls ? conn.sni : null, modelled: true };
  if (!conn.tls) return { value: null, modelled: true };
  return { value: null, modelled: false };
}

/**
 * The SNI name mod_ssl sends on a proxy connection: `name` (the request's host name with ProxyPreserveHost
 * On, else the ProxyPass URL's host), unless it is absent or an IP address (`apr_ipsubnet_create` accepts
 * it), which RFC 6066 forbids in SNI.
 */
export function proxySni(name: string | null): string | null {
  if (!name) return null;
  const bare = stripBrackets(name);
  if (aprIpsubnetCreate(bare, null).ok) return null;
  return name;
}

/**
 * The SNI a client sends (scenario convention, as curl does and as the conformance runner does): the Host
 * header's name without the port when it is a name, nothing for an IP address or a bracketed IPv6 literal.
 */
export function clientSni(hostHeader: string | undefined): string | null {
  if (hostHeader === undefined) return null;
  const v = hostHeader.trim();
  if (v === "" || v.startsWith("[")) return null;
  const name = v.replace(/:\d+$/, "");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.includes(":")) return null;
  return name;
}
