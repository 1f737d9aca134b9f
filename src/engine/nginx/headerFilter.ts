/**
 * Models how nginx makes a redirect's Location absolute as it writes the response head
 * (`ngx_http_header_filter`, `src/http/ngx_http_header_filter_module.c`, nginx/nginx tag `release-1.22.1`;
 * read from source).
 *
 * It applies to nginx's own redirects (the trailing-slash 301 of a proxying location, `return 30x /path`,
 * `rewrite … redirect`) and to a back end's Location that `proxy_redirect` rewrote; a back end's Location
 * that no rule matched is passed as it came, even when relative. A value starting with `/` becomes:
 * - scheme: `https` on a TLS connection, else `http` (X-Forwarded-Proto plays no part);
 * - host: the server's first `server_name` with `server_name_in_redirect on`; otherwise the request's host
 *   (request line or Host, lowercased, **without its port**); otherwise the address the connection
 *   arrived on;
 * - port: **the port nginx accepted the connection on**, left out when it is 80 (443 on TLS), and always
 *   left out with `port_in_redirect off`. The Host header's port is never used.
 * `absolute_redirect off` (since 1.11.8) keeps the value relative. Checked on nginx 1.22.1 (Debian 12):
 * `proxies-and-frameworks.md` §9 [emp] (`Host: pub.example:8443` on port 28181 gives
 * `http://pub.example:28181/dir/`; `server_name_in_redirect on` with no server_name gives `http://:28187/dir/`)
 * and the redirect rows of this project's conformance corpus.
 */

export interface RedirectSettings {
  absoluteRedirect: boolean;
  portInRedirect: boolean;
  serverNameInRedirect: boolean;
}

/** What the header filter knows about the connection and the request when it builds an absolute URL. */
export interface RedirectFacts {
  tls: boolean;
  /** `r->headers_in.server`: validated host from the request line or Host, "" when none. */
  host: string;
  /** The server's `$server_name`. */
  serverName: string;
  /** The address and port the connection arrived on. */
  local: { host: string; port: number };
}

/**
 * Returns the Location nginx writes for `value` and a sentence saying how it was built. Values that do not
 * start with `/` are returned unchanged.
 */
export function absoluteLocation(value: string, settings: RedirectSettings, facts: RedirectFacts): { value: string; how: string } {
  if (!value.startsWith("/")) return { value, how: "already absolute" };
  if (!settings.absoluteRedirect) return { value, how: "absolute_redirect off keeps it relative" };
  let host: string;
  let hostWhy: string;
  if (settings.serverNameInRedirect) {
    host = facts.serverName;
    hostWhy = `server_name_in_redirect on: the server's name ${JSON.stringify(host)}`;
  } else if (facts.host !== "") {
    host = facts.host;
    hostWhy = `the request's host ${host} (its port is not used)`;
  } else {
    host = facts.local.host;
    hostWhy = `no host in the request: the local address ${host}`;
  }
  const defaultPort = facts.tls ? 443 : 80;
  const port = settings.portInRedirect && facts.local.port !== defaultPort ? facts.local.port : 0;
  const portWhy = !settings.portInRedirect ? "port_in_redirect off: no port" : port ? `nginx's own listen port ${port}` : `the listen port ${facts.local.port} is the default, so none`;
  const out = `${facts.tls ? "https" : "http"}://${host}${port ? `:${port}` : ""}${value}`;
  return { value: out, how: `made absolute with ${hostWhy} and ${portWhy}` };
}
