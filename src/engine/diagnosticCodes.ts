/**
 * The catalogue of diagnostic codes: every `code` a `Diagnostic` can carry, with the severities it is reported
 * at and what it means in one line. `DiagnosticCode` is read from it, so a code the catalogue lacks (or a typo)
 * is a type error where it is emitted.
 *
 * Each code has an entry of its own, anchored at the code, in the diagnostics reference
 * (`content/07-diagnostics.md`), which says what the real server does with such input, how to fix it and where the
 * rule comes from; this catalogue groups the codes as that page's sections do. The reference's test
 * checks that the page and the catalogue have the same codes, and, by reading the engine's and the site's sources,
 * that each code is emitted somewhere and only at the severities listed here.
 *
 * Codes are part of the public scenario format (`scenario-format.md`: "a stable identifier with its own entry in
 * the reference"): a code is added with its entry and never renamed.
 */

/**
 * How much a diagnostic matters, as the real server sees the input: "error" when it refuses the configuration or
 * the request, "warning" when it accepts it but the result is probably not what was meant, "info" for something
 * the playground does not model or a side effect worth knowing.
 */
export type Severity = "error" | "warning" | "info";

/** What the catalogue knows of one code. */
export interface DiagnosticCodeInfo {
  /** The severities the code is reported at: most have one; some follow the server, the setting or the context. */
  readonly severities: readonly Severity[];
  /** What the code means, in one sentence of the reference's words; the entry says more. */
  readonly summary: string;
}

const CATALOGUE = {
  // The scenario and its link
  "scenario-not-json": { severities: ["error"], summary: "The scenario text is empty or is not valid JSON." },
  "scenario-not-object": { severities: ["error"], summary: "The scenario is valid JSON but not an object (an array, a string, a number)." },
  "scenario-too-deep": { severities: ["error"], summary: "The JSON nests far deeper than any scenario does; reading stops there." },
  "scenario-duplicate-key": { severities: ["warning"], summary: "The same key appears twice in one JSON object." },
  "scenario-version-missing": { severities: ["error"], summary: "The scenario has no `\"version\"`." },
  "scenario-version-unsupported": { severities: ["error"], summary: "The scenario's `\"version\"` is not one this playground reads." },
  "scenario-format-unknown": { severities: ["error"], summary: "A scenario or link names a format version that is not a whole number from 1 on." },
  "scenario-format-newer": { severities: ["error"], summary: "The scenario or link holds a format newer than this playground reads." },
  "scenario-migration-failed": { severities: ["error"], summary: "An older scenario could not be brought up to the current format." },
  "scenario-field-missing": { severities: ["error"], summary: "A required field is absent, for example the `backend` or a proxy's `config`." },
  "scenario-field-type": { severities: ["error"], summary: "A field has the wrong JSON type (a number where a string belongs, say)." },
  "scenario-field-value": { severities: ["error"], summary: "A field has the right type but a value the format does not allow." },
  "scenario-field-ignored": { severities: ["warning"], summary: "A field that only matters for another kind of server; it is ignored." },
  "scenario-unknown-field": { severities: ["warning"], summary: "A field the format does not have; it is ignored." },
  "scenario-listen-invalid": { severities: ["error"], summary: "A `listen` value is not an address and port the simulation can use." },
  "scenario-directory-invalid": { severities: ["error"], summary: "An entry of the back end's `directories` is not a URL path." },
  "scenario-text-too-large": { severities: ["error"], summary: "One pane's text is larger than the playground reads." },
  "scenario-too-many-headers": { severities: ["error"], summary: "The client's request has more header lines than the playground reads." },
  "scenario-too-many-proxies": { severities: ["error"], summary: "The chain has more front ends than the playground simulates." },
  "scenario-too-many-problems": { severities: ["info"], summary: "So many problems were found that only the first ones are listed." },
  "backend-kind-unsupported": { severities: ["error"], summary: "The back end's `server` names a kind this engine does not simulate." },
  "proxy-kind-unsupported": { severities: ["error"], summary: "A front end's `server` names a kind this engine does not simulate." },
  "proxy-target-mismatch": { severities: ["warning"], summary: "A front end forwards to an address and port on which the next server in the chain does not listen." },
  "permalink-unknown-version": { severities: ["error"], summary: "The link is not a playground link, or its link or scenario format is unknown here." },
  "permalink-bad-envelope": { severities: ["error"], summary: "The link's header, which names the scenario format and engine version, is damaged." },
  "permalink-bad-base64": { severities: ["error"], summary: "The link's data contains characters that are not base64url, so it was cut or altered when copied." },
  "permalink-bad-deflate": { severities: ["error"], summary: "The link's data is empty or does not decompress: it is truncated or altered." },
  "permalink-bad-json": { severities: ["error"], summary: "The link decompresses, but not to UTF-8 JSON." },
  "permalink-format-mismatch": { severities: ["error"], summary: "The link's header and the scenario inside name different scenario formats." },
  "permalink-not-a-scenario": { severities: ["error"], summary: "The link holds JSON that is not a scenario (no `client`, no `backend`, or the wrong shapes)." },
  "permalink-too-large": { severities: ["error"], summary: "The link's scenario would decompress to more than the playground accepts." },
  "internal-error": { severities: ["error"], summary: "The simulation itself failed: a bug in the playground, not in the input." },

  // The client's request (as Apache reads it)
  "request-empty": { severities: ["error"], summary: "The request pane is empty or not text, so no request is sent." },
  "request-too-large": { severities: ["error"], summary: "The request text is larger than the playground reads." },
  "request-line-too-long": { severities: ["error"], summary: "The request line is longer than `LimitRequestLine` (8190 bytes by default)." },
  "request-line-malformed": { severities: ["error"], summary: "The request line does not have the form `METHOD target HTTP/x.y`." },
  "request-target-invalid": { severities: ["error"], summary: "The request target is missing or badly encoded (a raw space or control character, a bad `%` escape)." },
  "request-protocol-invalid": { severities: ["error"], summary: "The protocol is not `HTTP/1.0` or `HTTP/1.1` in the form Apache accepts." },
  "request-http09": { severities: ["warning"], summary: "A request line without a protocol: Apache reads it as an HTTP/0.9 simple request." },
  "request-body-ignored": { severities: ["info"], summary: "Text after the request head is not read by the simulation." },
  "header-missing-colon": { severities: ["error"], summary: "A header line has no `:`." },
  "header-name-invalid": { severities: ["error"], summary: "A header name that is empty, is not a token, or has whitespace before the colon." },
  "header-value-invalid": { severities: ["error"], summary: "A header value contains a control character." },
  "header-obs-fold": { severities: ["error", "warning"], summary: "A line starts with a space or tab, which folds it onto the header above (obsolete line folding)." },
  "header-field-too-long": { severities: ["error"], summary: "One header line is longer than `LimitRequestFieldSize` (8190 bytes by default)." },
  "header-merged-too-long": { severities: ["error"], summary: "Fields of one name, merged with \", \", exceed `LimitRequestFieldSize`." },
  "too-many-headers": { severities: ["error"], summary: "The request has more header fields than `LimitRequestFields` (100 by default)." },
  "host-missing": { severities: ["error"], summary: "An HTTP/1.1 request has no `Host` header." },
  "host-invalid": { severities: ["error"], summary: "The `Host` header (or the host of an absolute target) is not a valid host and port." },
  "host-replaced-by-uri": { severities: ["info"], summary: "An absolute-URL request target: Apache takes the host from it and replaces `Host`." },
  "content-length-invalid": { severities: ["error"], summary: "`Content-Length` is not a single non-negative number (repeated fields are merged first)." },
  "content-length-dropped": { severities: ["info"], summary: "Both `Transfer-Encoding` and `Content-Length`: Apache removes `Content-Length`." },
  "transfer-encoding-invalid": { severities: ["error"], summary: "A `Transfer-Encoding` Apache does not accept (only a final `chunked`)." },
  "expect-unsupported": { severities: ["error"], summary: "`Expect` has a value other than `100-continue`." },

  // Apache configuration
  "config-unknown-directive": { severities: ["error", "warning"], summary: "A directive Apache does not know, usually a typo or a module that is not loaded." },
  "config-directive-context": { severities: ["error"], summary: "A valid directive in a place where it is not allowed." },
  "config-directive-args": { severities: ["error", "warning"], summary: "A directive with the wrong number of arguments, or a flag that is not On or Off." },
  "config-directive-not-modelled": { severities: ["info"], summary: "A valid Apache directive that the playground does not simulate." },
  "config-inline-comment": { severities: ["warning"], summary: "A `#` after a directive's arguments." },
  "config-unterminated-quote": { severities: ["warning"], summary: "A quote is opened and never closed." },
  "config-carriage-return": { severities: ["warning"], summary: "A lone carriage return, which Apache reads as a blank, a comment swallows, or a quoted value keeps." },
  "config-section-unmatched": { severities: ["error"], summary: "A closing tag such as `</VirtualHost>` with no matching opening tag." },
  "config-section-mismatch": { severities: ["error"], summary: "A section is closed by the tag of another section (`<Location>` … `</Directory>`)." },
  "config-section-unclosed": { severities: ["error"], summary: "A section is opened and never closed." },
  "config-section-missing-bracket": { severities: ["error"], summary: "A section tag lacks its closing `>`." },
  "config-section-missing-args": { severities: ["error"], summary: "A section that needs an argument, such as `<Location>` or `<VirtualHost>`, has none." },
  "config-section-trailing-text": { severities: ["warning"], summary: "Text after the `>` of a section tag." },
  "apache-bad-server-name": { severities: ["error"], summary: "`ServerName` is not of the form `[scheme://]host[:port]`." },
  "apache-bad-vhost-address": { severities: ["error"], summary: "A `<VirtualHost>` address cannot be resolved." },
  "proxy-pass-args": { severities: ["error"], summary: "`ProxyPass` has the wrong arguments for where it stands." },
  "proxy-pass-bad-url": { severities: ["error", "warning"], summary: "The `ProxyPass` target is not an absolute URL, or no loaded module serves its scheme." },
  "proxy-pass-worker-param": { severities: ["error", "warning"], summary: "A `ProxyPass` `key=value` setting that mod_proxy does not know, or a value it refuses." },
  "proxy-pass-worker-shared": { severities: ["warning"], summary: "`ProxyPass` settings that Apache ignores because the target shares an earlier rule's worker." },
  "header-directive-syntax": { severities: ["error"], summary: "A `Header` or `RequestHeader` directive that does not parse." },
  "request-header-condition": { severities: ["warning"], summary: "A `RequestHeader` with a condition (`env=…`, `expr=…`) that the playground does not evaluate." },
  "request-header-format": { severities: ["info"], summary: "A `RequestHeader` format specifier that depends on the moment or the TLS session." },
  "request-header-regex": { severities: ["error"], summary: "A `Header edit` or `RequestHeader edit` regular expression does not compile." },
  "regex-unmodelled": { severities: ["info"], summary: "A regular expression Apache compiles but the playground cannot run (PCRE-only syntax such as `(?i)`)." },
  "wsgi-script-alias-args": { severities: ["error"], summary: "`WSGIScriptAlias` needs a URL path and a script file." },

  // mod_wsgi trusted proxies
  "trusted-proxies-not-an-address": { severities: ["error"], summary: "A `WSGITrustedProxies` entry is not an IP address or subnet." },
  "trusted-proxies-bad-address": { severities: ["error"], summary: "A `WSGITrustedProxies` entry looks like an address but APR cannot parse it." },
  "trusted-proxies-bad-mask": { severities: ["error"], summary: "The mask after `/` is out of range, not a number, or zero." },
  "trusted-proxies-everyone": { severities: ["warning"], summary: "The trusted proxies include every IPv4 address." },
  "trusted-proxies-public-range": { severities: ["warning"], summary: "The trusted proxies include a public address range." },
  "trusted-proxy-headers-invalid-name": { severities: ["error"], summary: "A `WSGITrustedProxyHeaders` entry is not a valid header name (for example it contains `_`)." },
  "trusted-proxy-headers-unknown": { severities: ["warning"], summary: "A header mod_wsgi does not know, such as the RFC 7239 `Forwarded` header." },
  "trusted-proxy-headers-same-group": { severities: ["warning"], summary: "Two trusted headers of the same group: the one listed last wins." },

  // mod_wsgi-express command line
  "express-no-command": { severities: ["error"], summary: "The command is not `mod_wsgi-express start-server …` or `setup-server …`." },
  "express-unknown-option": { severities: ["error"], summary: "An option that this version of mod_wsgi-express does not have (or that only the other version has)." },
  "express-option-prefix": { severities: ["info"], summary: "A long option written shorter than its full name, such as `--trust-proxy-h`." },
  "express-ambiguous-option": { severities: ["error"], summary: "A shortened option that is the start of several options." },
  "express-help": { severities: ["error"], summary: "`--help` (or a start of it) prints the help text and exits, so no server starts." },
  "express-option-version": { severities: ["error"], summary: "An option that is new in mod_wsgi-express 6.0 used with 4.9." },
  "express-option-not-modelled": { severities: ["info"], summary: "A valid option that does not change how a request is handled in this model." },
  "express-missing-value": { severities: ["error"], summary: "An option that takes a value has none." },
  "express-bad-value": { severities: ["error", "warning"], summary: "An option's value is not one it accepts, or a value given to an option that takes none." },
  "express-extra-argument": { severities: ["warning"], summary: "More than one application argument." },
  "express-unterminated-quote": { severities: ["error"], summary: "A quote in the command is never closed: the shell waits for more input and never runs the command." },
  "express-command-separator": { severities: ["warning"], summary: "An unquoted `;`, `&` or `|` ends the command: the shell runs what follows as another command." },
  "express-trust-all": { severities: ["warning"], summary: "`--trust-proxy-header` without `--trust-proxy`: the headers are trusted from every client." },
  "express-trust-broad": { severities: ["warning"], summary: "`--trust-proxy` names every IPv4 address or a public range." },
  "express-header-underscore": { severities: ["error"], summary: "`--trust-proxy-header` with `_` in the name: the worker crashes on every request." },
  "express-header-group": { severities: ["warning"], summary: "Two `--trust-proxy-header` options of the same group: the last present wins." },
  "express-hsts-space": { severities: ["error"], summary: "`--hsts-policy` contains a blank." },
  "express-hsts-unused": { severities: ["warning"], summary: "`--hsts-policy` is only written with `--https-only` and an HTTPS port with a certificate." },
  "express-https-only-no-port": { severities: ["warning"], summary: "`--https-only` without `--https-port`: the redirect goes to a URL no client can follow." },
  "express-https-needs-server-name": { severities: ["warning"], summary: "HTTPS options do nothing without `--server-name`." },
  "express-ssl-needs-https-port": { severities: ["error"], summary: "A certificate option without `--https-port`." },
  "express-proxy-double-slash": { severities: ["warning"], summary: "A `--proxy-mount-point` URL ending in `/`: mod_wsgi-express 4.9.4 doubles the slash." },
  "express-proxy-url-slash": { severities: ["warning"], summary: "A `--proxy-virtual-host` URL without a final `/`: paths lose their leading `/`." },
  "express-listen-mismatch": { severities: ["warning"], summary: "The back end's `listen` does not match the port the command line listens on." },

  // nginx configuration
  "nginx-unknown-directive": { severities: ["error"], summary: "A directive nginx does not know." },
  "nginx-directive-not-allowed": { severities: ["error"], summary: "The directive is valid but not in this block (a `proxy_pass` in `http {}`, say)." },
  "nginx-directive-not-terminated": { severities: ["error"], summary: "A simple directive without its `;`." },
  "nginx-directive-no-block": { severities: ["error"], summary: "A block directive such as `location` or `server` without its `{`." },
  "nginx-directive-duplicate": { severities: ["error"], summary: "A directive that may appear once per block appears twice." },
  "nginx-invalid-argument-count": { severities: ["error"], summary: "Too many or too few arguments." },
  "nginx-invalid-flag": { severities: ["error"], summary: "An on/off directive has another value." },
  "nginx-invalid-parameter": { severities: ["error"], summary: "A directive's parameter is not one it takes." },
  "nginx-invalid-value": { severities: ["error"], summary: "A value is not one the directive accepts (for example `proxy_http_version 2`)." },
  "nginx-invalid-variable-name": { severities: ["error"], summary: "A `$` is not followed by a valid variable name." },
  "nginx-unknown-variable": { severities: ["error"], summary: "A variable nginx does not define." },
  "nginx-unexpected-character": { severities: ["error"], summary: "A character where nginx's tokenizer does not allow it." },
  "nginx-unexpected-close": { severities: ["error"], summary: "A `}` with no open block." },
  "nginx-unexpected-eof": { severities: ["error"], summary: "The text ends inside a block or a directive." },
  "nginx-carriage-return": { severities: ["warning"], summary: "A lone carriage return, which a comment swallows or a word keeps; nginx says nothing." },
  "nginx-too-deep": { severities: ["error"], summary: "Blocks nest deeper than the playground reads." },
  "nginx-include-not-found": { severities: ["error"], summary: "An `include` names a file that does not exist." },
  "nginx-include-unknown": { severities: ["warning"], summary: "An `include` names files the playground cannot see." },
  "nginx-not-modelled": { severities: ["info"], summary: "A valid directive that the playground does not simulate." },
  "nginx-listen": { severities: ["error"], summary: "The `listen` address is invalid." },
  "nginx-listen-host": { severities: ["error"], summary: "The `listen` host name is not known." },
  "nginx-listen-parameter": { severities: ["error"], summary: "An unknown `listen` parameter." },
  "nginx-duplicate-listen": { severities: ["error"], summary: "The same `listen` twice in one server." },
  "nginx-duplicate-default-server": { severities: ["error"], summary: "Two servers claim `default_server` for one address." },
  "nginx-server-name": { severities: ["error"], summary: "A `server_name` nginx refuses (an empty regex, an invalid wildcard)." },
  "nginx-server-name-suspicious": { severities: ["warning"], summary: "A `server_name` containing `/` or other symbols." },
  "nginx-conflicting-server-name": { severities: ["warning"], summary: "Two servers on one address share a name." },
  "nginx-location-modifier": { severities: ["error"], summary: "A `location` modifier nginx does not know." },
  "nginx-location-nesting": { severities: ["error"], summary: "A `location` nested where nginx does not allow it." },
  "nginx-duplicate-location": { severities: ["error"], summary: "The same `location` twice in one server." },
  "nginx-regex": { severities: ["error"], summary: "A regular expression does not compile." },
  "nginx-return-code": { severities: ["error"], summary: "`return` with a code nginx does not accept." },
  "nginx-proxy-pass-prefix": { severities: ["error"], summary: "`proxy_pass` without `http://` or `https://`." },
  "nginx-proxy-pass-url": { severities: ["error"], summary: "The `proxy_pass` URL does not parse." },
  "nginx-proxy-pass-uri": { severities: ["error"], summary: "`proxy_pass` with a URI part inside a regex location, a named location, `if` or `limit_except`." },
  "nginx-proxy-redirect-default": { severities: ["error"], summary: "`proxy_redirect default` with a `proxy_pass` that uses variables, or before `proxy_pass`." },
  "nginx-upstream-host": { severities: ["warning"], summary: "`proxy_pass` names a host that nginx must resolve at start." },
  "nginx-realip-host-not-found": { severities: ["error"], summary: "`set_real_ip_from` names something that is not an address or resolvable name." },
  "nginx-realip-low-bits": { severities: ["warning"], summary: "A `set_real_ip_from` CIDR has host bits set." },
  "nginx-access-low-bits": { severities: ["warning"], summary: "An `allow` or `deny` CIDR has host bits set." },
  "nginx-nothing-listens": { severities: ["error"], summary: "No server block listens on the front end's address: the client's connection is refused." },
  "nginx-tls-mismatch": { severities: ["warning"], summary: "The client speaks TLS to a `listen` without `ssl`." },

  // HAProxy configuration
  "haproxy-syntax": { severities: ["error"], summary: "A line HAProxy cannot tokenize (an unmatched quote, a bad escape)." },
  "haproxy-unknown-keyword": { severities: ["error"], summary: "A keyword HAProxy does not know in this section (or outside any section)." },
  "haproxy-unknown-option": { severities: ["error"], summary: "An `option` HAProxy 2.6 does not have." },
  "haproxy-args": { severities: ["error"], summary: "A keyword has wrong or missing arguments." },
  "haproxy-section": { severities: ["error", "warning"], summary: "A keyword not allowed in this kind of section (`use_backend` in `defaults`, say)." },
  "haproxy-sample": { severities: ["error"], summary: "A sample fetch or converter expression is invalid." },
  "haproxy-not-modelled": { severities: ["warning"], summary: "Valid HAProxy configuration that the playground does not simulate." },
  "haproxy-env": { severities: ["warning"], summary: "An environment variable reference." },
  "haproxy-carriage-return": { severities: ["warning"], summary: "A carriage return outside a CRLF line end, which changes how HAProxy reads the line." },
  "haproxy-bind-ssl": { severities: ["error"], summary: "`bind … ssl` without `crt`." },
  "haproxy-server-address": { severities: ["error", "warning"], summary: "A `server` address that does not parse." },
  "haproxy-server-verify": { severities: ["error"], summary: "`server … ssl` with verification on and no CA file." },
  "haproxy-duplicate-server": { severities: ["error"], summary: "Two servers with one name in one backend." },
  "haproxy-duplicate-proxy": { severities: ["error"], summary: "Two sections share a name." },
  "haproxy-missing-backend": { severities: ["error"], summary: "`use_backend` or `default_backend` names a backend that does not exist." },
  "haproxy-no-bind": { severities: ["warning"], summary: "A frontend or listen section without `bind`." },
  "haproxy-nothing-listens": { severities: ["error"], summary: "No frontend or listen section binds the front end's address: the client's connection is refused." },
  "haproxy-tls-mismatch": { severities: ["warning"], summary: "The client's TLS setting does not match the `bind`." },

  // Managed load balancers and ingress controllers
  "lb-setting-syntax": { severities: ["error"], summary: "A line of the settings pane is not `key = value` or `key: value`." },
  "lb-setting-unknown": { severities: ["error", "warning"], summary: "A setting the vendor's documentation, as modelled here, does not have." },
  "lb-setting-bad-value": { severities: ["error"], summary: "A setting's value is not one the vendor accepts." },
  "lb-setting-duplicate": { severities: ["warning"], summary: "A setting is given twice." },
  "lb-tls-mismatch": { severities: ["warning"], summary: "The client's TLS setting does not match the listener (HTTPS to an HTTP listener, or the reverse)." },

  // WSGIProxy
  "python-syntax": { severities: ["error"], summary: "The WSGIProxy setting is not a Python call the playground can read." },
  "python-unsupported": { severities: ["error"], summary: "A Python construct evaluated at run time where a literal is needed." },
  "python-string-unterminated": { severities: ["error"], summary: "A string is not closed." },
  "python-escape-invalid": { severities: ["error"], summary: "A `\\x`, `\\u` or `\\U` escape with the wrong number of hex digits or beyond Unicode." },
  "python-number-invalid": { severities: ["error"], summary: "A number Python does not accept (a misplaced underscore, a bad digit for the base)." },
  "python-keyword-repeated": { severities: ["error"], summary: "A keyword argument given twice." },
  "python-positional-after-keyword": { severities: ["error"], summary: "A positional argument after keyword arguments." },
  "python-too-deep": { severities: ["error"], summary: "Brackets nest far deeper than a WSGIProxy setting needs." },
  "python-too-long": { severities: ["error"], summary: "The setting is longer than the playground reads." },
  "wsgiproxy-callee-unknown": { severities: ["error"], summary: "The call is not a WSGIProxy application (`WSGIProxyApp`, `exactproxy`, the middleware)." },
  "wsgiproxy-spawn-not-modelled": { severities: ["error"], summary: "`wsgiproxy.spawn` starts a child process per application." },
  "wsgiproxy-argument-missing": { severities: ["error"], summary: "A required argument is missing (`WSGIProxyApp` needs `href`)." },
  "wsgiproxy-argument-unknown": { severities: ["error"], summary: "Too many arguments, or a keyword the callee does not take." },
  "wsgiproxy-argument-repeated": { severities: ["error"], summary: "An argument given both by position and by keyword." },
  "wsgiproxy-argument-type": { severities: ["error"], summary: "An argument of the wrong kind, such as a number where a string is needed." },
  "wsgiproxy-href-invalid": { severities: ["error"], summary: "The `href` is not an http or https URL with a host." },
  "wsgiproxy-href-ipv6": { severities: ["warning"], summary: "An IPv6 address in `href`, which WSGIProxy cannot split from the port." },
  "wsgiproxy-middleware-invalid": { severities: ["error"], summary: "The middleware's settings contradict each other (for example both `prefix` and `pop_prefix`)." },
  "wsgiproxy-trust-ips-cidr": { severities: ["warning"], summary: "A network in `trust_ips`, which matches `REMOTE_ADDR` as an exact string only." },
} satisfies Record<string, DiagnosticCodeInfo>;

/** Every diagnostic code, e.g. "trusted-proxies-bad-mask". */
export type DiagnosticCode = keyof typeof CATALOGUE;

/** The catalogue, keyed by code. */
export const DIAGNOSTIC_CODES: Readonly<Record<DiagnosticCode, DiagnosticCodeInfo>> = CATALOGUE;

