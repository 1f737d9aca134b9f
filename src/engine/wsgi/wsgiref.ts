/**
 * Models Python's `wsgiref.util` URL reconstruction, the rule most WSGI frameworks follow when they turn the
 * environ back into an absolute URL (Werkzeug and Django differ in details, not in the inputs they read).
 * Source: CPython 3.11 `Lib/wsgiref/util.py` (`application_uri`, `request_uri`). This is where a wrong
 * HTTP_HOST, SERVER_PORT or wsgi.url_scheme becomes a wrong redirect.
 */

/** `urllib.parse.quote(text, safe="/", encoding="latin1")`. Characters above U+00FF cannot occur in a WSGI environ. */
export function quote(text: string): string {
  let out = "";
  for (const ch of text) {
    if (/[A-Za-z0-9_.\-~/]/.test(ch)) out += ch;
    else out += `%${(ch.codePointAt(0)! & 0xff).toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * `application_uri(environ)`: scheme, then HTTP_HOST when it is not empty, else SERVER_NAME with SERVER_PORT
 * unless it is the scheme's default, then the quoted SCRIPT_NAME (or "/").
 */
export function applicationUri(environ: Record<string, string>): string {
  const scheme = environ["wsgi.url_scheme"] ?? "http";
  let url = `${scheme}://`;
  if (environ.HTTP_HOST) url += environ.HTTP_HOST;
  else {
    url += environ.SERVER_NAME ?? "";
    const port = environ.SERVER_PORT ?? "";
    if (scheme === "https" ? port !== "443" : port !== "80") url += `:${port}`;
  }
  return url + quote(environ.SCRIPT_NAME || "/");
}

/**
 * The Location an application sends for a redirect to `path` under its own mount point:
 * `application_uri(environ).rstrip("/") + path`.
 */
export function redirectUnderApplication(environ: Record<string, string>, path: string): string {
  return applicationUri(environ).replace(/\/+$/, "") + path;
}
