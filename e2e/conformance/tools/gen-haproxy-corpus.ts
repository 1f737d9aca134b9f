/**
 * Writes `corpus/haproxy/`: HAProxy 2.6.12 in front of Apache 2.4.71 + mod_wsgi 4.9.4, and chains through
 * Apache mod_proxy and nginx. Run with `npx tsx e2e/conformance/tools/gen-haproxy-corpus.ts`; the files are
 * committed, this tool only says how they were made.
 *
 * Conventions: every address is loopback; the client is 127.0.0.9 (::1 for the IPv6 row); HAProxy connects
 * onward from 127.0.0.2, a second front end (Apache or nginx) from 127.0.0.3; each group of scenarios that
 * shares server configurations has its own ports in 22000–22999. Expectations (`expect`) hold only what the
 * HAProxy 2.6 manual or `proxies-and-frameworks.md` states, so the real run checks the documents too; the
 * engine comparison covers everything else.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Scenario } from "../../../src/engine/types.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, "..", "corpus", "haproxy");

interface Expect {
  environ?: Record<string, string | null> | null;
  response?: { status?: number | null; headers?: Record<string, string | null> };
}

interface Row {
  id: string;
  title: string;
  source: string;
  scenario: Scenario;
  expect?: Expect;
}

const MANUAL = "HAProxy 2.6 Configuration Manual (haproxy 2.6.12, Debian 12)";
const TRUST = "WSGITrustedProxies 127.0.0.2\nWSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Proto X-Forwarded-Host\n";
const rows: Row[] = [];

/** Ports: group g gets 22000 + 10 g … 22000 + 10 g + 9. */
function ports(g: number) {
  const base = 22000 + 10 * g;
  return { ha: base, be: base + 1, mid: base + 2 };
}

function req(line: string, headers: string[] = []): string {
  return [line, ...headers].join("\n") + "\n";
}

function single(g: number, id: string, title: string, source: string, haConfig: string, beConfig: string, request: string, opts: { expect?: Expect; tls?: boolean; app?: Scenario["backend"]["app"]; directories?: string[]; client?: string; listenHost?: string } = {}) {
  const p = ports(g);
  const listenHost = opts.listenHost ?? "127.0.0.1";
  const listen = listenHost.includes(":") ? `[${listenHost}]:${p.ha}` : `${listenHost}:${p.ha}`;
  const scenario: Scenario = {
    version: 1,
    modwsgi: "4.9",
    client: { address: opts.client ?? "127.0.0.9", tls: opts.tls ?? false, request },
    proxies: [{ server: "haproxy", listen, address: "127.0.0.2", config: haConfig.replace(/\$BE/g, String(p.be)).replace(/\$HA/g, String(p.ha)) }],
    backend: {
      server: "apache",
      listen: `127.0.0.1:${p.be}`,
      address: "127.0.0.1",
      config: beConfig,
      ...(opts.directories ? { directories: opts.directories } : {}),
      ...(opts.app ? { app: opts.app } : {}),
    },
  };
  rows.push({ id: `ha-${id}`, title, source, scenario, ...(opts.expect ? { expect: opts.expect } : {}) });
}

const H = (host = "www.example.com") => `Host: ${host}`;

// 0: the bare minimum: one server line, nothing added.
single(0, "plain", "HAProxy adds nothing by default: the back end sees HAProxy's address and the client's headers", `${MANUAL}, 4.2 "option forwardfor" (the header is only added when asked)`, "server app 127.0.0.1:$BE\n", "", req("GET /hello?x=1 HTTP/1.1", [H()]), { expect: { environ: { REMOTE_ADDR: "127.0.0.2", HTTP_X_FORWARDED_FOR: null, HTTP_HOST: "www.example.com", PATH_INFO: "/hello", QUERY_STRING: "x=1" } } });
single(0, "plain-client-xff", "Without option forwardfor a client's X-Forwarded-For passes unchanged", `${MANUAL}, 4.2 "option forwardfor"`, "server app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H(), "X-Forwarded-For: 6.6.6.6"]), { expect: { environ: { HTTP_X_FORWARDED_FOR: "6.6.6.6", REMOTE_ADDR: "127.0.0.2" } } });
single(0, "plain-connection-tokens", "Connection: close, X-Drop — HAProxy takes out close and forwards the rest; X-Drop itself is not removed", "observed on haproxy 2.6.12 with a raw socket server", "server app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H(), "Connection: close, X-Drop", "X-Drop: 1"]));
single(0, "plain-underscore-header", "A header name with underscores passes HAProxy; Apache leaves it out of the environ", "observed on haproxy 2.6.12 with a raw socket server", "server app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H(), "X_Forwarded_For: 6.6.6.6"]));
single(0, "plain-http10", "HTTP/1.0 with Host: the request line keeps HTTP/1.0 and HAProxy adds connection: keep-alive", "observed on haproxy 2.6.12 with a raw socket server", "server app 127.0.0.1:$BE\n", "", req("GET /old HTTP/1.0", [H()]), { expect: { environ: { SERVER_PROTOCOL: "HTTP/1.0", HTTP_CONNECTION: "keep-alive" } } });
single(0, "plain-http10-no-host", "HTTP/1.0 without Host passes HAProxy; Apache serves it by its ServerName", "observed on haproxy 2.6.12 with a raw socket server", "server app 127.0.0.1:$BE\n", "", req("GET /old HTTP/1.0"), { expect: { environ: { HTTP_HOST: null } } });
single(0, "plain-http11-no-host", "HTTP/1.1 without Host passes HAProxy; Apache answers 400", "observed on haproxy 2.6.12 with a raw socket server", "server app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1"), { expect: { response: { status: 400 }, environ: null } });
single(0, "plain-duplicate-host", "Two Host headers with different values: HAProxy's parser answers 400", "observed on haproxy 2.6.12", "server app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H("a.example"), H("b.example")]), { expect: { response: { status: 400 }, environ: null } });
single(0, "plain-same-host-twice", "Two identical Host headers become one", "observed on haproxy 2.6.12 with a raw socket server", "server app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H("a.example"), H("a.example")]), { expect: { environ: { HTTP_HOST: "a.example" } } });
single(0, "plain-absolute-mismatch", "An absolute request target whose host differs from Host: HAProxy answers 400", "observed on haproxy 2.6.12", "server app 127.0.0.1:$BE\n", "", req("GET http://other.example/p HTTP/1.1", [H()]), { expect: { response: { status: 400 }, environ: null } });
single(0, "plain-absolute-match", "An absolute request target matching Host is forwarded in absolute form", "observed on haproxy 2.6.12 with a raw socket server", "server app 127.0.0.1:$BE\n", "", req("GET http://www.example.com/p?q=1 HTTP/1.1", [H()]), { expect: { environ: { PATH_INFO: "/p", QUERY_STRING: "q=1" } } });
single(0, "plain-app-redirect", "The application's redirect is built from the Host HAProxy passes unchanged; HAProxy does not touch Location", `${MANUAL}: no Location rewriting without http-response rules`, "server app 127.0.0.1:$BE\n", "", req("GET /account HTTP/1.1", [H()]), { app: { redirect: "/login" }, expect: { response: { status: 302, headers: { Location: "http://www.example.com/login" } } } });
single(0, "plain-mod-dir", "Apache's own 301 for a directory, with the client's Host, passes HAProxy as it is", `${MANUAL}: no Location rewriting`, "server app 127.0.0.1:$BE\n", "", req("GET /static HTTP/1.1", [H()]), { directories: ["/static"], expect: { response: { status: 301, headers: { Location: "http://www.example.com/static/" } }, environ: null } });

// 1: option forwardfor.
single(1, "forwardfor", "option forwardfor adds X-Forwarded-For with the client address", `${MANUAL}, 4.2 "option forwardfor"`, "option forwardfor\nserver app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H()]), { expect: { environ: { HTTP_X_FORWARDED_FOR: "127.0.0.9", REMOTE_ADDR: "127.0.0.2" } } });
single(1, "forwardfor-client-xff", "option forwardfor appends a new line; Apache joins the two lines with \", \"", `${MANUAL}, 4.2 "option forwardfor"; proxies-and-frameworks.md §12 example 45`, "option forwardfor\nserver app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H(), "X-Forwarded-For: 1.1.1.1"]), { expect: { environ: { HTTP_X_FORWARDED_FOR: "1.1.1.1, 127.0.0.9" } } });
single(1, "forwardfor-two-client-lines", "Two client X-Forwarded-For lines plus HAProxy's: Apache joins all three in order", `${MANUAL}, 4.2 "option forwardfor"`, "option forwardfor\nserver app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H(), "X-Forwarded-For: 1.1.1.1", "X-Forwarded-For: 2.2.2.2"]), { expect: { environ: { HTTP_X_FORWARDED_FOR: "1.1.1.1, 2.2.2.2, 127.0.0.9" } } });
single(2, "forwardfor-if-none-present", "option forwardfor if-none leaves a client's X-Forwarded-For alone", `${MANUAL}, 4.2 "option forwardfor" (if-none)`, "option forwardfor if-none\nserver app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H(), "X-Forwarded-For: 6.6.6.6"]), { expect: { environ: { HTTP_X_FORWARDED_FOR: "6.6.6.6" } } });
single(2, "forwardfor-if-none-absent", "option forwardfor if-none adds the header when there is none", `${MANUAL}, 4.2 "option forwardfor" (if-none)`, "option forwardfor if-none\nserver app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H()]), { expect: { environ: { HTTP_X_FORWARDED_FOR: "127.0.0.9" } } });
single(3, "forwardfor-except-match", "option forwardfor except 127.0.0.0/8: a client from that network gets no header", `${MANUAL}, 4.2 "option forwardfor" (except)`, "option forwardfor except 127.0.0.0/8\nserver app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H()]), { expect: { environ: { HTTP_X_FORWARDED_FOR: null } } });
single(4, "forwardfor-except-other", "option forwardfor except 10.0.0.0/8: a loopback client still gets the header", `${MANUAL}, 4.2 "option forwardfor" (except)`, "option forwardfor except 10.0.0.0/8\nserver app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H()]), { expect: { environ: { HTTP_X_FORWARDED_FOR: "127.0.0.9" } } });
single(5, "forwardfor-header-name", "option forwardfor header X-Client-IP writes that header instead", `${MANUAL}, 4.2 "option forwardfor" (header)`, "option forwardfor header X-Client-IP\nserver app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H(), "X-Forwarded-For: 6.6.6.6"]), { expect: { environ: { HTTP_X_CLIENT_IP: "127.0.0.9", HTTP_X_FORWARDED_FOR: "6.6.6.6" } } });
single(6, "forwardfor-after-set-header", "http-request set-header X-Forwarded-For runs first; option forwardfor then appends its own line", `${MANUAL}, 4.2 "http-request set-header" and "option forwardfor"`, "http-request set-header X-Forwarded-For fixed\noption forwardfor\nserver app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H(), "X-Forwarded-For: 6.6.6.6"]), { expect: { environ: { HTTP_X_FORWARDED_FOR: "fixed, 127.0.0.9" } } });
single(7, "add-header-xff", "http-request add-header X-Forwarded-For %[src] gives a second line, as option forwardfor does", `${MANUAL}, 4.2 "http-request add-header"`, "http-request add-header X-Forwarded-For %[src]\nserver app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H(), "X-Forwarded-For: 1.1.1.1"]), { expect: { environ: { HTTP_X_FORWARDED_FOR: "1.1.1.1, 127.0.0.9" } } });

// 8: mod_wsgi trusting HAProxy.
const XFP = "option forwardfor\nhttp-request set-header X-Forwarded-Proto https if { ssl_fc }\nhttp-request set-header X-Forwarded-Proto http unless { ssl_fc }\nserver app 127.0.0.1:$BE\n";
single(8, "trusted-xff", "mod_wsgi trusts HAProxy's X-Forwarded-For: REMOTE_ADDR is the client", "modwsgi-behaviour.md (WSGITrustedProxies); " + MANUAL, XFP, TRUST, req("GET / HTTP/1.1", [H()]), { expect: { environ: { REMOTE_ADDR: "127.0.0.9", "wsgi.url_scheme": "http" } } });
single(8, "trusted-xff-spoof", "A client's own X-Forwarded-For stays to the left; mod_wsgi stops at the first untrusted address", "modwsgi-behaviour.md (the walk from the right)", XFP, TRUST, req("GET / HTTP/1.1", [H(), "X-Forwarded-For: 6.6.6.6"]), { expect: { environ: { REMOTE_ADDR: "127.0.0.9" } } });
single(8, "trusted-xfp-spoof", "X-Forwarded-Proto from the client is replaced by HAProxy's set-header", `${MANUAL}, 4.2 "http-request set-header"`, XFP, TRUST, req("GET / HTTP/1.1", [H(), "X-Forwarded-Proto: https"]), { expect: { environ: { "wsgi.url_scheme": "http" } } });
single(8, "trusted-app-redirect", "Trusted headers and an application redirect: the Location uses the client's Host and http", "modwsgi-behaviour.md; wsgiref application_uri", XFP, TRUST, req("GET /account HTTP/1.1", [H()]), { app: { redirect: "/login" }, expect: { response: { status: 302, headers: { Location: "http://www.example.com/login" } } } });
single(9, "trusted-client-too", "Both HAProxy and the client trusted: REMOTE_ADDR walks to the client's own X-Forwarded-For entry", "modwsgi-behaviour.md (the walk from the right)", "option forwardfor\nserver app 127.0.0.1:$BE\n", "WSGITrustedProxies 127.0.0.2 127.0.0.9\nWSGITrustedProxyHeaders X-Forwarded-For\n", req("GET / HTTP/1.1", [H(), "X-Forwarded-For: 1.1.1.1"]), { expect: { environ: { REMOTE_ADDR: "1.1.1.1" } } });
single(10, "untrusted-xfp", "Without WSGITrustedProxies, X-Forwarded-Proto https from the client changes nothing", "modwsgi-behaviour.md", "option forwardfor\nserver app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H(), "X-Forwarded-Proto: https"]), { expect: { environ: { "wsgi.url_scheme": "http", HTTP_X_FORWARDED_PROTO: "https", REMOTE_ADDR: "127.0.0.2" } } });
single(11, "tls-termination", "TLS ends at HAProxy (bind … ssl crt); X-Forwarded-Proto https from ssl_fc makes mod_wsgi's scheme https", `${MANUAL}, 5.1 "ssl", 7.3.4 "ssl_fc"`, `frontend www\n    bind 127.0.0.1:$HA ssl crt /etc/haproxy/site.pem\n    option forwardfor\n    http-request set-header X-Forwarded-Proto https if { ssl_fc }\n    http-request set-header X-Forwarded-Proto http unless { ssl_fc }\n    default_backend app\nbackend app\n    server app1 127.0.0.1:$BE\n`, TRUST, req("GET /secure HTTP/1.1", [H()]), { tls: true, expect: { environ: { "wsgi.url_scheme": "https", REMOTE_ADDR: "127.0.0.9" } } });
single(11, "tls-termination-redirect", "Behind TLS termination the application's redirect is https, built from trusted X-Forwarded-Proto", "wsgiref application_uri; modwsgi-behaviour.md", `frontend www\n    bind 127.0.0.1:$HA ssl crt /etc/haproxy/site.pem\n    option forwardfor\n    http-request set-header X-Forwarded-Proto https if { ssl_fc }\n    http-request set-header X-Forwarded-Proto http unless { ssl_fc }\n    default_backend app\nbackend app\n    server app1 127.0.0.1:$BE\n`, TRUST, req("GET /account HTTP/1.1", [H()]), { tls: true, app: { redirect: "/login" }, expect: { response: { status: 302, headers: { Location: "https://www.example.com/login" } } } });
single(12, "forwarded-manual", "RFC 7239 Forwarded written with set-header (2.6 has no option forwarded); mod_wsgi ignores it", `${MANUAL}, 4.2 "http-request set-header"; proxies-and-frameworks.md §10`, "http-request set-header Forwarded for=%[src];proto=http;by=%[dst]\nserver app 127.0.0.1:$BE\n", "WSGITrustedProxies 127.0.0.2\nWSGITrustedProxyHeaders X-Forwarded-For\n", req("GET / HTTP/1.1", [H()]), { expect: { environ: { HTTP_FORWARDED: "for=127.0.0.9;proto=http;by=127.0.0.1", REMOTE_ADDR: "127.0.0.2" } } });
single(13, "xfh-trusted", "X-Forwarded-Host from %[req.hdr(host)] and trusted: HTTP_HOST is the client's Host", `${MANUAL}, 7.3.6 "req.hdr"`, "option forwardfor\nhttp-request set-header X-Forwarded-Host %[req.hdr(host)]\nhttp-request set-header Host 127.0.0.1:$BE\nserver app 127.0.0.1:$BE\n", TRUST, req("GET / HTTP/1.1", [H("pub.example")]), { expect: { environ: { HTTP_HOST: "pub.example", HTTP_X_FORWARDED_HOST: "pub.example" } } });
single(14, "del-header", "http-request del-header removes the client's X-Forwarded-Host before it reaches Apache", `${MANUAL}, 4.2 "http-request del-header"`, "http-request del-header X-Forwarded-Host\nserver app 127.0.0.1:$BE\n", TRUST, req("GET / HTTP/1.1", [H(), "X-Forwarded-Host: evil.example"]), { expect: { environ: { HTTP_HOST: "www.example.com", HTTP_X_FORWARDED_HOST: null } } });
single(15, "host-internal-redirect-leak", "set-header Host to the back end's address: the application's redirect leaks it, HAProxy passes Location unchanged", `${MANUAL}: no Location rewriting`, "http-request set-header Host 127.0.0.1:$BE\nserver app 127.0.0.1:$BE\n", "", req("GET /account HTTP/1.1", [H()]), { app: { redirect: "/login" }, expect: { response: { status: 302, headers: { Location: `http://127.0.0.1:${ports(15).be}/login` } } } });
single(16, "response-replace-location", "http-response replace-header Location rewrites the leaked internal URL", `${MANUAL}, 4.2 "http-response replace-header"`, "http-request set-header Host 127.0.0.1:$BE\nhttp-response replace-header Location ^http://127\\.0\\.0\\.1:$BE(.*)$ http://www.example.com\\1\nserver app 127.0.0.1:$BE\n", "", req("GET /account HTTP/1.1", [H()]), { app: { redirect: "/login" }, expect: { response: { status: 302, headers: { Location: "http://www.example.com/login" } } } });
single(17, "response-set-location", "http-response set-header Location replaces it outright when the status is 302", `${MANUAL}, 4.2 "http-response set-header"`, "http-response set-header Location /moved if { status 302 }\nserver app 127.0.0.1:$BE\n", "", req("GET /account HTTP/1.1", [H()]), { app: { redirect: "/login" }, expect: { response: { status: 302, headers: { Location: "/moved" } } } });

// 18: sections, backend switching.
const SECTIONS = `frontend www\n    bind 127.0.0.1:$HA\n    option forwardfor\n    acl is_api path_beg /api\n    use_backend api if is_api\n    default_backend web\nbackend web\n    http-request set-header X-Backend web\n    server web1 127.0.0.1:$BE\nbackend api\n    http-request set-header X-Backend api\n    http-request replace-path /api(/.*) \\1\n    server api1 127.0.0.1:$BE\n`;
single(18, "use-backend-api", "use_backend with a path_beg ACL takes /api/…; that backend's rules strip /api", `${MANUAL}, 4.2 "use_backend", "http-request replace-path"; 7.3.6 "path_beg"`, SECTIONS, "", req("GET /api/items?id=3 HTTP/1.1", [H()]), { expect: { environ: { HTTP_X_BACKEND: "api", PATH_INFO: "/items", QUERY_STRING: "id=3", HTTP_X_FORWARDED_FOR: "127.0.0.9" } } });
single(18, "use-backend-prefix-not-segment", "path_beg /api is a plain string prefix: it takes /apix too, and replace-path /api(/.*) does not match it", `${MANUAL}, 7.1.3 "Matching strings" (beg)`, SECTIONS, "", req("GET /apix HTTP/1.1", [H()]), { expect: { environ: { HTTP_X_BACKEND: "api", PATH_INFO: "/apix" } } });
single(18, "use-backend-default", "A path the ACL does not match goes to default_backend", `${MANUAL}, 4.2 "default_backend"`, SECTIONS, "", req("GET /web/page HTTP/1.1", [H()]), { expect: { environ: { HTTP_X_BACKEND: "web", PATH_INFO: "/web/page" } } });
single(19, "no-server-503", "A backend without a server: HAProxy answers 503 itself", `${MANUAL}, 4 (a backend needs servers); HAProxy's built-in 503`, `frontend www\n    bind 127.0.0.1:$HA\n    use_backend empty if { path_beg /empty }\n    default_backend app\nbackend empty\nbackend app\n    server app1 127.0.0.1:$BE\n`, "", req("GET /empty HTTP/1.1", [H()]), { expect: { response: { status: 503 }, environ: null } });
single(19, "no-server-other-path", "The same frontend sends other paths to a backend with a server", `${MANUAL}, 4.2 "use_backend"`, `frontend www\n    bind 127.0.0.1:$HA\n    use_backend empty if { path_beg /empty }\n    default_backend app\nbackend empty\nbackend app\n    server app1 127.0.0.1:$BE\n`, "", req("GET /full HTTP/1.1", [H()]), { expect: { response: { status: 200 } } });
const EDGE = "http-request redirect scheme https code 301 if { path_beg /login } !{ ssl_fc }\nhttp-request deny if { path_beg /admin }\nhttp-request return status 200 content-type text/plain string ok if { path /health }\nserver app 127.0.0.1:$BE\n";
single(20, "redirect-scheme", "http-request redirect scheme https: HAProxy's own 301 with the client's Host", `${MANUAL}, 4.2 "http-request redirect"`, EDGE, "", req("GET /login?next=/a HTTP/1.1", [H()]), { expect: { response: { status: 301, headers: { Location: "https://www.example.com/login?next=/a" } }, environ: null } });
single(20, "deny", "http-request deny: HAProxy answers 403", `${MANUAL}, 4.2 "http-request deny"`, EDGE, "", req("GET /admin HTTP/1.1", [H()]), { expect: { response: { status: 403 }, environ: null } });
single(20, "return", "http-request return answers without the application", `${MANUAL}, 4.2 "http-request return"`, EDGE, "", req("GET /health HTTP/1.1", [H()]), { expect: { response: { status: 200 }, environ: null } });
single(20, "edge-pass", "Other paths reach the application", `${MANUAL}, 4.2 "http-request"`, EDGE, "", req("GET /page HTTP/1.1", [H()]), { expect: { response: { status: 200 } } });
single(21, "httpclose", "option httpclose: the server gets connection: close", `${MANUAL}, 4.2 "option httpclose"`, "option httpclose\nserver app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H()]), { expect: { environ: { HTTP_CONNECTION: "close" } } });
single(22, "http-server-close", "option http-server-close: the server gets connection: close", `${MANUAL}, 4.2 "option http-server-close"`, "option http-server-close\nserver app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H()]), { expect: { environ: { HTTP_CONNECTION: "close" } } });
single(22, "http-server-close-http10", "option http-server-close with an HTTP/1.0 request", `${MANUAL}, 4.2 "option http-server-close"`, "option http-server-close\nserver app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.0", [H()]));
single(23, "script-name", "replace-path strips /app and X-Script-Name tells mod_wsgi the mount point", `${MANUAL}, 4.2 "http-request replace-path"; modwsgi-behaviour.md (X-Script-Name)`, "http-request set-header X-Script-Name /app if { path_beg /app/ }\nhttp-request replace-path ^/app(/.*)$ \\1\noption forwardfor\nserver app 127.0.0.1:$BE\n", "WSGITrustedProxies 127.0.0.2\nWSGITrustedProxyHeaders X-Forwarded-For X-Script-Name\n", req("GET /app/page?x=1 HTTP/1.1", [H()]), { app: { redirect: "/next" }, expect: { response: { status: 302, headers: { Location: "http://www.example.com/app/next" } } } });
single(24, "ipv6-client", "An IPv6 client: %[src] and option forwardfor write ::1", `${MANUAL}, 4.2 "option forwardfor"`, "bind [::1]:$HA\noption forwardfor\nhttp-request set-header X-Real-IP %[src]\nserver app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H()]), { client: "::1", listenHost: "::1", expect: { environ: { HTTP_X_FORWARDED_FOR: "::1", HTTP_X_REAL_IP: "::1" } } });
single(25, "tcp-mode", "mode tcp: HAProxy relays bytes; no header is added even with option forwardfor", `${MANUAL}, 4.2 "mode"`, "listen relay\n    bind 127.0.0.1:$HA\n    mode tcp\n    server app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H(), "X-Forwarded-For: 6.6.6.6"]), { expect: { environ: { REMOTE_ADDR: "127.0.0.2", HTTP_X_FORWARDED_FOR: "6.6.6.6" } } });
single(26, "samples", "Sample fetches and log-format aliases in header values", `${MANUAL}, 7.3.3, 7.3.6, 8.2.4`, "http-request set-header X-Conn %[dst]:%[dst_port]:%[ssl_fc]\nhttp-request set-header X-Names %f/%b\nhttp-request set-header X-Host-Lower %[req.hdr(host),lower]\nserver app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H("WWW.Example.COM")]), { expect: { environ: { HTTP_X_CONN: `127.0.0.1:${ports(26).ha}:0`, HTTP_X_HOST_LOWER: "www.example.com" } } });

// 27–29: chains.
function chain(g: number, id: string, title: string, source: string, haConfig: string, mid: { server: "apache" | "nginx"; config: string }, beConfig: string, request: string, expect?: Expect, app?: Scenario["backend"]["app"]) {
  const p = ports(g);
  const scenario: Scenario = {
    version: 1,
    modwsgi: "4.9",
    client: { address: "127.0.0.9", tls: false, request },
    proxies: [
      { server: "haproxy", listen: `127.0.0.1:${p.ha}`, address: "127.0.0.2", config: haConfig.replace(/\$MID/g, String(p.mid)) },
      { server: mid.server, listen: `127.0.0.1:${p.mid}`, address: "127.0.0.3", config: mid.config.replace(/\$BE/g, String(p.be)) },
    ],
    backend: { server: "apache", listen: `127.0.0.1:${p.be}`, address: "127.0.0.1", config: beConfig, ...(app ? { app } : {}) },
  };
  rows.push({ id: `ha-${id}`, title, source, scenario, ...(expect ? { expect } : {}) });
}
const APACHE_MID = "ProxyPass / http://127.0.0.1:$BE/\nProxyPassReverse / http://127.0.0.1:$BE/\n";
chain(27, "chain-apache", "haproxy → Apache mod_proxy → Apache + mod_wsgi: mod_proxy joins HAProxy's lines and appends its peer", "proxies-and-frameworks.md §8, §12 example 31 and 45", "option forwardfor\nserver mid 127.0.0.1:$MID\n", { server: "apache", config: APACHE_MID }, "", req("GET / HTTP/1.1", [H(), "X-Forwarded-For: 1.1.1.1"]), { environ: { HTTP_X_FORWARDED_FOR: "1.1.1.1, 127.0.0.9, 127.0.0.2", REMOTE_ADDR: "127.0.0.3" } });
chain(27, "chain-apache-redirect", "The same chain: the back end's redirect names the back end; ProxyPassReverse maps it to the Apache front end's Host", "proxies-and-frameworks.md §8", "option forwardfor\nserver mid 127.0.0.1:$MID\n", { server: "apache", config: APACHE_MID }, "", req("GET /account HTTP/1.1", [H()]), undefined, { redirect: "/login" });
chain(28, "chain-apache-trusted", "The same chain with the back end trusting both proxies: REMOTE_ADDR is the client", "modwsgi-behaviour.md (the walk from the right)", "option forwardfor\nserver mid 127.0.0.1:$MID\n", { server: "apache", config: APACHE_MID }, "WSGITrustedProxies 127.0.0.2 127.0.0.3\nWSGITrustedProxyHeaders X-Forwarded-For\n", req("GET / HTTP/1.1", [H()]), { environ: { REMOTE_ADDR: "127.0.0.9" } });
chain(29, "chain-nginx", "haproxy → nginx ($proxy_add_x_forwarded_for) → Apache + mod_wsgi", "proxies-and-frameworks.md §9", "option forwardfor\nserver mid 127.0.0.1:$MID\n", { server: "nginx", config: "location / {\n    proxy_pass http://127.0.0.1:$BE;\n    proxy_set_header Host $host;\n    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n}\n" }, "", req("GET / HTTP/1.1", [H(), "X-Forwarded-For: 1.1.1.1"]), { environ: { HTTP_X_FORWARDED_FOR: "1.1.1.1, 127.0.0.9, 127.0.0.2", HTTP_HOST: "www.example.com" } });

// 30: TLS to the back end.
single(30, "tls-backend", "HAProxy speaks TLS to Apache (server … ssl verify none): mod_wsgi sees HTTPS", `${MANUAL}, 5.2 "ssl", "verify"`, "server app 127.0.0.1:$BE ssl verify none\n", "", req("GET / HTTP/1.1", [H()]), { expect: { environ: { "wsgi.url_scheme": "https" } } });

// 31–38: where the frontend and the backend both say something, defaults sections, more rule actions.
single(31, "forwardfor-fe-be-header", "option forwardfor in the frontend and with header X-Client in the backend: the backend's name wins", `${MANUAL}, 4.2 "option forwardfor" (the backend's header takes precedence)`, "frontend www\n    bind 127.0.0.1:$HA\n    option forwardfor\n    default_backend app\nbackend app\n    option forwardfor header X-Client\n    server app1 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H()]), { expect: { environ: { HTTP_X_CLIENT: "127.0.0.9", HTTP_X_FORWARDED_FOR: null } } });
single(32, "forwardfor-fe-ifnone-be-always", "if-none in the frontend but not in the backend: the addition is mandatory", `${MANUAL}, 4.2 "option forwardfor" (if-none)`, "frontend www\n    bind 127.0.0.1:$HA\n    option forwardfor if-none\n    default_backend app\nbackend app\n    option forwardfor\n    server app1 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H(), "X-Forwarded-For: 6.6.6.6"]), { expect: { environ: { HTTP_X_FORWARDED_FOR: "6.6.6.6, 127.0.0.9" } } });
single(33, "del-header-beg", "del-header X-Forwarded -m beg removes every client header whose name starts so", `${MANUAL}, 4.2 "http-request del-header"`, "http-request del-header X-Forwarded -m beg\noption forwardfor\nserver app 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H(), "X-Forwarded-For: 6.6.6.6", "X-Forwarded-Host: evil.example", "X-Forwarded-Proto: https"]), { expect: { environ: { HTTP_X_FORWARDED_FOR: "127.0.0.9", HTTP_X_FORWARDED_HOST: null, HTTP_X_FORWARDED_PROTO: null } } });
const MORE = "http-request redirect prefix /v2 code 307 if { path_beg /old/ }\nhttp-request redirect location /maintenance if { path /down }\nhttp-request set-path /app%[path] if { path_beg /p/ }\nhttp-request set-query lang=en if { path_beg /q/ }\nhttp-request replace-value X-List ^b$ B\nserver app 127.0.0.1:$BE\n";
single(34, "redirect-prefix", "redirect prefix with code 307 keeps path and query", `${MANUAL}, 4.2 "http-request redirect"`, MORE, "", req("GET /old/x?y=1 HTTP/1.1", [H()]), { expect: { response: { status: 307, headers: { Location: "/v2/old/x?y=1" } }, environ: null } });
single(34, "redirect-location", "redirect location", `${MANUAL}, 4.2 "http-request redirect"`, MORE, "", req("GET /down HTTP/1.1", [H()]), { expect: { response: { status: 302, headers: { Location: "/maintenance" } }, environ: null } });
single(34, "set-path", "set-path /app%[path] prefixes the path, the query stays", `${MANUAL}, 4.2 "http-request set-path"`, MORE, "", req("GET /p/page?x=1 HTTP/1.1", [H()]), { expect: { environ: { PATH_INFO: "/app/p/page", QUERY_STRING: "x=1" } } });
single(34, "set-query", "set-query replaces the query string", `${MANUAL}, 4.2 "http-request set-query"`, MORE, "", req("GET /q/page?x=1 HTTP/1.1", [H()]), { expect: { environ: { QUERY_STRING: "lang=en" } } });
single(34, "replace-value", "replace-value works on each comma-separated value; a replaced value loses the blank before it", `${MANUAL}, 4.2 "http-request replace-value"; the blanks observed on haproxy 2.6.12`, MORE, "", req("GET / HTTP/1.1", [H(), "X-List: a, b, c"]), { expect: { environ: { HTTP_X_LIST: "a,B, c" } } });
single(35, "legacy-redirect", "The older redirect keyword: redirect scheme https if !{ ssl_fc }", `${MANUAL}, 4.2 "redirect"`, "redirect scheme https if !{ ssl_fc }\nserver app 127.0.0.1:$BE\n", "", req("GET /a?b HTTP/1.1", [H()]), { expect: { response: { status: 302, headers: { Location: "https://www.example.com/a?b" } }, environ: null } });
single(36, "defaults-reset-tcp", "A defaults section in the text starts from HAProxy's defaults: without mode http the proxy relays bytes", `${MANUAL}, 4 "Proxies" (defaults sections) and 4.2 "mode"`, "defaults\n    timeout connect 5s\n    timeout client 5s\n    timeout server 5s\nlisten www\n    bind 127.0.0.1:$HA\n    server app1 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H(), "X-Forwarded-For: 6.6.6.6"]), { expect: { environ: { HTTP_X_FORWARDED_FOR: "6.6.6.6", REMOTE_ADDR: "127.0.0.2" } } });
single(37, "defaults-inherited", "mode http and option forwardfor in a defaults section apply to the listen section after it", `${MANUAL}, 4 "Proxies" (defaults sections)`, "defaults\n    mode http\n    option forwardfor\n    timeout connect 5s\n    timeout client 5s\n    timeout server 5s\nlisten www\n    bind 127.0.0.1:$HA\n    server app1 127.0.0.1:$BE\n", "", req("GET / HTTP/1.1", [H()]), { expect: { environ: { HTTP_X_FORWARDED_FOR: "127.0.0.9" } } });
single(38, "source-on-server", "A source on the server line decides the back end's peer", `${MANUAL}, 5.2 "source"`, "option forwardfor\nserver app 127.0.0.1:$BE source 127.0.0.7\n", "WSGITrustedProxies 127.0.0.7\nWSGITrustedProxyHeaders X-Forwarded-For\n", req("GET / HTTP/1.1", [H()]), { expect: { environ: { REMOTE_ADDR: "127.0.0.9" } } });

single(39, "tls-implicit", "A text without sections and a TLS client: the implied bind speaks TLS (scenario convention); ssl_fc is true", `${MANUAL}, 7.3.4 "ssl_fc"`, XFP, TRUST, req("GET /secure HTTP/1.1", [H()]), { tls: true, expect: { environ: { "wsgi.url_scheme": "https", HTTP_X_FORWARDED_PROTO: "https" } } });

// 40–41: carriage returns. Only LF ends a line; a CR right after a word or a quote ends HAProxy's reading of the
// line (the rest is ignored without a message), one after a blank is a blank, and blanks at a line's start, CRs
// among them, are skipped. CRLF reads as LF.
const CR_OBSERVED = "observed on haproxy 2.6.12 (haproxy -c and requests); syntax rows HA37–HA45";
single(40, "cr-line-ends", "A lone CR after a word: X-A gets the word before it, X-C after it is never set; CRLF lines read as LF lines", CR_OBSERVED, "http-request set-header X-A a\rb\nhttp-request set-header X-B 1\rhttp-request set-header X-C 2\nhttp-request set-header X-D \"q\"\r\nserver app 127.0.0.1:$BE\r\n", "", req("GET / HTTP/1.1", [H()]), { expect: { environ: { HTTP_X_A: "a", HTTP_X_B: "1", HTTP_X_C: null, HTTP_X_D: "q" } } });
single(41, "cr-blanks", "A CR at the start of a line is skipped with the indentation; a CR after a tab separates words like the tab", CR_OBSERVED, "listen www\r\n    bind 127.0.0.1:$HA\r\n\r    http-request set-header X-E lead\n    http-request set-header X-F 1\t\rif { path_beg /cr }\n    server app1 127.0.0.1:$BE\n", "", req("GET /cr HTTP/1.1", [H()]), { expect: { environ: { HTTP_X_E: "lead", HTTP_X_F: "1" } } });

fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
for (const r of rows) {
  fs.writeFileSync(path.join(outDir, `${r.id.replace(/^ha-/, "")}.json`), JSON.stringify(r, null, 2) + "\n");
}
process.stdout.write(`wrote ${rows.length} scenarios to ${path.relative(process.cwd(), outDir)}\n`);
