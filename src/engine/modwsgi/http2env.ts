/**
 * mod_wsgi's `wsgi_http2env` (mod_wsgi.c, 4.3.0 and later; 6.0.5 the same, read from source): the environ key
 * of a request header name, `HTTP_` + the name with ASCII letters uppercased and `-` turned into `_`.
 *
 * Input: a header name as sent or as written in WSGITrustedProxyHeaders. Output: the key, or null when the
 * name holds any character other than `[A-Za-z0-9-]`. For a request header null means mod_wsgi drops it from
 * the environ [E C66, C67]; in WSGITrustedProxyHeaders it means mod_wsgi stores a NULL entry, which crashes
 * every request in scope (4.9.4 [E X01, X02]). The empty name gives `HTTP_`.
 *
 * Header names come from a small vocabulary, so recent answers are kept (names up to 64 characters, at most
 * 512 of them; the table is emptied when full).
 */
export function http2env(name: string): string | null {
  const known = KEYS.get(name);
  if (known !== undefined) return known;
  const key = /^[A-Za-z0-9-]*$/.test(name) ? `HTTP_${name.toUpperCase().replace(/-/g, "_")}` : null;
  if (name.length <= 64) {
    if (KEYS.size >= 512) KEYS.clear();
    KEYS.set(name, key);
  }
  return key;
}

const KEYS = new Map<string, string | null>();
