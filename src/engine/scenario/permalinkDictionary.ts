/**
 * The preset deflate dictionary of permalink format v2 (RFC 1951 with a preset dictionary, as zlib's
 * `deflateSetDictionary`): text that most scenarios share — the scenario's JSON keys, the usual Apache,
 * mod_wsgi, nginx, HAProxy and mod_wsgi-express directives and documentation host names — so that a link
 * refers back into it instead of spelling it out. The reference example's link drops from about 410
 * characters without it to about 100 with it.
 *
 * FROZEN: every v2 link ever written decompresses against exactly these bytes. Changing one character breaks
 * every saved v2 link; a better dictionary needs a new link format (v3) with its own, and v2 keeps this one.
 * Deflate reaches back at most 32 KiB, and the cheapest references are the nearest, so the most common text
 * comes last. The JSON skeleton is in the canonical key order `canonicalJson` writes.
 */
export const PERMALINK_DICTIONARY_V2: string = [
  "mod_wsgi-express start-server --trust-proxy-header X-Forwarded-For --trust-proxy --host --port --url-alias --mount-point ",
  "frontend web\\n    bind :80\\n    option forwardfor\\n    http-request set-header X-Forwarded-Proto https\\n    default_backend app\\nbackend app\\n    server app ",
  "server {\\n    listen 80;\\n    server_name \\n    location / {\\n        proxy_pass http://\\n    proxy_set_header Host $host;\\n    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\\n    proxy_set_header X-Forwarded-Proto $scheme;\\n    proxy_redirect \\n}\\n",
  "<VirtualHost *:80>\\nRequestHeader unset \\nHeader edit Location \\nSSLEngine on\\nAlias /static /srv/\\nServerAlias \\nUseCanonicalName On\\n",
  "ServerName www.example.com\\nProxyPass / http://\\nProxyPassReverse / http://\\nProxyPreserveHost On\\nRequestHeader set X-Forwarded-Proto https\\nRequestHeader set X-Forwarded-Port 443\\n",
  "WSGIScriptAlias / /srv/app/wsgi.py\\nWSGITrustedProxies \\nWSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Proto X-Forwarded-Host X-Forwarded-Port\\n",
  '{"backend":{"address":"","app":{"redirect":"/","status":302},"config":"","directories":["/static"],"listen":"","server":"apache"},' +
    '"client":{"address":"","request":"GET / HTTP/1.1\\nHost: www.example.com\\n","tls":false},"modwsgi":"4.9",' +
    '"proxies":[{"address":"127.0.0.1","config":"","listen":"127.0.0.1:80","server":"nginx"},' +
    '{"address":"10.0.0.1","config":"","listen":"192.0.2.10:80","server":"apache"}],"version":1}',
].join("");
