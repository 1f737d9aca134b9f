/**
 * The Apache httpd 2.4 directive table: every directive the playground models or names, with the contexts
 * Apache allows it in, its argument syntax and one line of help in our own words.
 *
 * Sources: the Apache 2.4 reference manual (argument syntax, defaults) and the modules' `command_rec` tables;
 * contexts checked on Apache 2.4.71 (Debian 12) with mod_wsgi 4.9.4: each directive in `directives` was run
 * through `apache2 -t` at top level and inside `<VirtualHost>`, `<Directory>`, `<Location>`, `<Files>` and
 * `<Proxy>`, and `otherDirectives` is the output of `apache2 -L` with every module Debian ships loaded.
 * `.htaccess` contexts come from `apache2 -L` (they cannot be exercised with `-t`). Argument types (`argsHow`)
 * were read from the modules' `command_rec` tables (httpd 2.4.x, mod_wsgi 4.9.4) and checked on the same server
 * by running each directive with none, one, two, three, four and seven arguments through `apache2 -t`; `usage`
 * is the text that server printed after each count message.
 */

/**
 * Where a directive may appear, in the manual's terms: "server" (main server config), "virtualhost"
 * (inside `<VirtualHost>`), "directory" (inside `<Directory>`, `<Location>`, `<Files>`, `<If>`, `<Proxy>` and
 * their Match forms), "htaccess" (in `.htaccess` files, subject to AllowOverride), "proxy" (inside `<Proxy>`
 * only, for directives that are not otherwise allowed per directory, such as SSLProxyEngine).
 */
export type DirectiveContext = "server" | "virtualhost" | "directory" | "htaccess" | "proxy";

/**
 * How Apache's `invoke_cmd` (server/config.c) splits a directive's arguments before the module sees them: the
 * `args_how` of the module's `command_rec`, in Apache's own names. `invoke_cmd` refuses a wrong count itself:
 * - TAKE1, TAKE2, TAKE3: exactly one, two or three non-empty words ("ServerAdmin takes one argument, …").
 * - TAKE12, TAKE23, TAKE123, TAKE13: that many words, the first (for TAKE2x also the second) non-empty.
 * - ITERATE: one or more words, the handler called once per word ("… requires at least one argument, …").
 * - ITERATE2: a first word and one or more after it ("… requires at least two arguments, …").
 * - FLAG: a first word that is On or Off in any case; words after it are ignored ("… must be On or Off").
 * - NO_ARGS: none.
 * - RAW_ARGS and TAKE_ARGV: the module reads the words itself and says what it wants in its own words.
 */
export type ArgsHow = "RAW_ARGS" | "TAKE_ARGV" | "NO_ARGS" | "TAKE1" | "TAKE2" | "TAKE12" | "TAKE3" | "TAKE23" | "TAKE123" | "TAKE13" | "ITERATE" | "ITERATE2" | "FLAG";

export interface DirectiveSpec {
  /** The name as Apache's manual spells it; for a section, without the angle brackets ("VirtualHost"). */
  name: string;
  /** The module that implements it, e.g. "core", "mod_proxy", "mod_wsgi". */
  module: string;
  contexts: DirectiveContext[];
  /** Argument syntax in the manual's notation, e.g. "[path] !|url [key=value ...]". */
  args: string;
  /** How Apache counts the arguments (`command_rec` `args_how`); sections are RAW_ARGS. */
  argsHow: ArgsHow;
  /** One line of help, in our own words. */
  help: string;
  /**
   * The help text Apache appends to its argument-count messages for this directive, as `apache2 -t` prints it
   * (the `command_rec`'s last field): "ServerAdmin takes one argument, <usage>". Absent where Apache prints none.
   */
  usage?: string;
  /** True for a section (`<Name args>` … `</Name>`). */
  section?: true;
  /**
   * Sections (lower case, no brackets) that the directive refuses even though `contexts` includes
   * "directory": Apache's `ap_check_cmd_context` gives "ProxyPass cannot occur within <Directory> section".
   */
  notIn?: string[];
  /**
   * For a RAW_ARGS or TAKE_ARGV directive whose module counts its words itself: the module's message when its
   * first, second, … word is missing or empty (`needs`), and when there are more than `most` (`tooMany`), as
   * `apache2 -t` prints them.
   */
  handlerArgs?: { needs: string[]; most?: number; tooMany?: string };
  /** The name in Apache's own messages when its module registers a different spelling ("order", "LimitRequestFieldsize"). */
  registeredName?: string;
  /**
   * True when Apache executes the directive while reading the file (`EXEC_ON_READ`: Include, Define,
   * LoadModule, `<IfModule>`, `<IfDefine>`): it never checks where such a directive appears.
   */
  execOnRead?: true;
}

const S: DirectiveContext[] = ["server"];
const SV: DirectiveContext[] = ["server", "virtualhost"];
const SVD: DirectiveContext[] = ["server", "virtualhost", "directory"];
const SVDH: DirectiveContext[] = ["server", "virtualhost", "directory", "htaccess"];
const DH: DirectiveContext[] = ["directory", "htaccess"];
/** ap_check_cmd_context(NOT_IN_DIRECTORY | NOT_IN_FILES): the directory-context sections that refuse it. */
const NOT_IN_DIR_FILES = ["directory", "directorymatch", "files", "filesmatch", "if", "elseif", "else"];

/** The directives the playground models or explains, in module order. */
export const directives: DirectiveSpec[] = [
  // core
  { name: "ServerName", module: "core", contexts: SV, args: "[scheme://]domain-name|ip-address[:port]", argsHow: "TAKE1", help: "The host name (and optionally scheme and port) the server uses for itself in self-referential URLs and to pick a name-based virtual host.", usage: "The hostname and port of the server" },
  { name: "ServerAlias", module: "core", contexts: ["virtualhost"], args: "hostname [hostname] ...", argsHow: "RAW_ARGS", help: "More host names that select this virtual host; * and ? wildcards are allowed." },
  { name: "ServerAdmin", module: "core", contexts: SV, args: "email-address|URL", argsHow: "TAKE1", help: "Contact address Apache puts in its error pages when ServerSignature is EMail.", usage: "The email address of the server administrator" },
  { name: "DocumentRoot", module: "core", contexts: SV, args: "directory-path", argsHow: "TAKE1", help: "The directory URL paths map to when no Alias or other mapping claims them.", usage: "Root directory of the document tree" },
  { name: "UseCanonicalName", module: "core", contexts: SVD, args: "On|Off|DNS", argsHow: "TAKE1", help: "Where self-referential URLs and SERVER_NAME/SERVER_PORT come from: ServerName (On), the request's Host header (Off, the default) or reverse DNS (DNS).", usage: "How to work out the ServerName : Port when constructing URLs" },
  { name: "UseCanonicalPhysicalPort", module: "core", contexts: SVD, args: "On|Off", argsHow: "TAKE1", help: "With On, self-referential URLs fall back to the port the connection arrived on rather than the default port. Default Off.", usage: "Whether to use the physical Port when constructing URLs" },
  { name: "Listen", module: "mpm_common", contexts: S, args: "[IP-address:]portnumber [protocol]", argsHow: "TAKE_ARGV", help: "An address and port Apache accepts connections on.", handlerArgs: { needs: ["Listen requires 1 or 2 arguments."], most: 2, tooMany: "Listen requires 1 or 2 arguments." } },
  { name: "Include", module: "core", contexts: SVD, args: "file-path|directory-path|wildcard", argsHow: "TAKE1", help: "Read another configuration file, or every file a wildcard matches, at this point; nothing matching is an error.", execOnRead: true, usage: "Name(s) of the config file(s) to be included; fails if the wildcard does not match at least one file" },
  { name: "IncludeOptional", module: "core", contexts: SVD, args: "file-path|directory-path|wildcard", argsHow: "TAKE1", help: "Like Include, but a wildcard that matches nothing is not an error.", execOnRead: true, usage: "Name or pattern of the config file(s) to be included; ignored if the file does not exist or the pattern does not match any files" },
  { name: "Options", module: "core", contexts: SVDH, args: "[+|-]option [[+|-]option] ...", argsHow: "RAW_ARGS", help: "Switch directory features on or off: Indexes, FollowSymLinks, ExecCGI, MultiViews, Includes and more." },
  { name: "AllowOverride", module: "core", contexts: ["directory"], args: "All|None|directive-type [directive-type] ...", argsHow: "RAW_ARGS", help: "Which groups of directives .htaccess files under this <Directory> may set." },
  { name: "ErrorDocument", module: "core", contexts: SVDH, args: "error-code document", argsHow: "TAKE2", help: "What to send for an error status: a local URL path, an external URL (sent as a redirect) or a quoted message.", usage: "Change responses for HTTP errors" },
  { name: "ServerTokens", module: "core", contexts: S, args: "Major|Minor|Min[imal]|Prod[uctOnly]|OS|Full", argsHow: "TAKE1", help: "How much version detail the Server response header gives away.", usage: "Determine tokens displayed in the Server: header - Min(imal), Major, Minor, Prod(uctOnly), OS, or Full" },
  { name: "ServerSignature", module: "core", contexts: SVDH, args: "On|Off|EMail", argsHow: "TAKE1", help: "Whether pages Apache generates end with a line naming the server (and ServerAdmin with EMail).", usage: "En-/disable server signature (on|off|email)" },
  { name: "LogLevel", module: "core", contexts: SVD, args: "[module:]level [module:level] ...", argsHow: "ITERATE", help: "The least severe message the error log records, globally or per module.", usage: "Level of verbosity in error logging" },
  { name: "ErrorLog", module: "core", contexts: SV, args: "file-path|syslog[:[facility][:tag]]", argsHow: "TAKE1", help: "Where the error log is written.", usage: "The filename of the error log" },
  { name: "CustomLog", module: "mod_log_config", contexts: SV, args: "file|pipe format|nickname [env=[!]environment-variable|expr=expression]", argsHow: "TAKE23", help: "Write an access log in the given format.", usage: "a file name, a custom log format string or format name, and an optional \"env=\" or \"expr=\" clause (see docs)" },
  { name: "KeepAlive", module: "core", contexts: SV, args: "On|Off", argsHow: "FLAG", help: "Whether one connection may carry several requests. Default On." },
  { name: "Timeout", module: "core", contexts: SV, args: "seconds", argsHow: "TAKE1", help: "How long Apache waits on a connection before giving up. Default 60.", usage: "Timeout duration (sec)" },
  { name: "LimitRequestBody", module: "core", contexts: SVDH, args: "bytes", argsHow: "TAKE1", help: "The largest request body accepted, in bytes; 0 means no limit. Default 1 GiB since 2.4.54.", usage: "Limit (in bytes) on maximum size of request message body" },
  { name: "LimitRequestLine", module: "core", contexts: SV, args: "bytes", argsHow: "TAKE1", help: "The longest request line accepted; a longer one is answered 414. Default 8190.", usage: "Limit on maximum size of an HTTP request line" },
  { name: "LimitRequestFieldSize", module: "core", contexts: SV, args: "bytes", argsHow: "TAKE1", help: "The longest request header line accepted; a longer one is answered 400. Default 8190.", registeredName: "LimitRequestFieldsize", usage: "Limit on maximum size of an HTTP request header field" },
  { name: "LimitRequestFields", module: "core", contexts: SV, args: "number", argsHow: "TAKE1", help: "The most request header fields accepted; more are answered 400. Default 100; 0 means no limit.", usage: "Limit (0 = unlimited) on max number of header fields in a request message" },
  { name: "HttpProtocolOptions", module: "core", contexts: SV, args: "[Strict|Unsafe] [RegisteredMethods|LenientMethods] [Allow0.9|Require1.0]", argsHow: "ITERATE", help: "How strictly request lines and header fields are parsed. Default Strict LenientMethods Allow0.9.", usage: "'Allow0.9' or 'Require1.0' (default); 'RegisteredMethods' or 'LenientMethods' (default); 'Unsafe' or 'Strict' (default). Sets HTTP acceptance rules" },
  { name: "Define", module: "core", contexts: SVD, args: "parameter-name [parameter-value]", argsHow: "TAKE12", help: "Define a name for <IfDefine> and a value for ${name} in the lines that follow.", execOnRead: true, usage: "Define a variable, optionally to a value.  Same as passing -D to the command line." },

  // sections (core, mod_proxy)
  { name: "VirtualHost", module: "core", contexts: S, args: "addr[:port] [addr[:port]] ...", argsHow: "RAW_ARGS", help: "Directives for connections to the given addresses, and among those for the host names the virtual host claims.", section: true },
  { name: "Directory", module: "core", contexts: SV, args: "directory-path", argsHow: "RAW_ARGS", help: "Directives for a directory on disk and everything below it.", section: true },
  { name: "DirectoryMatch", module: "core", contexts: SV, args: "regex", argsHow: "RAW_ARGS", help: "Like <Directory>, for directories whose path matches a regular expression.", section: true },
  { name: "Location", module: "core", contexts: SV, args: "URL-path|URL", argsHow: "RAW_ARGS", help: "Directives for requests whose URL path starts with the given path.", section: true },
  { name: "LocationMatch", module: "core", contexts: SV, args: "regex", argsHow: "RAW_ARGS", help: "Like <Location>, for URL paths that match a regular expression.", section: true },
  { name: "Files", module: "core", contexts: SVDH, args: "filename", argsHow: "RAW_ARGS", help: "Directives for files whose name matches (wildcards allowed).", section: true, notIn: ["location", "locationmatch"] },
  { name: "FilesMatch", module: "core", contexts: SVDH, args: "regex", argsHow: "RAW_ARGS", help: "Like <Files>, for file names that match a regular expression.", section: true, notIn: ["location", "locationmatch"] },
  { name: "IfModule", module: "core", contexts: SVDH, args: "[!]module-file|module-identifier", argsHow: "RAW_ARGS", help: "Directives read only when a module is loaded (or, with !, when it is not).", section: true, execOnRead: true },
  { name: "IfDefine", module: "core", contexts: SVDH, args: "[!]parameter-name", argsHow: "RAW_ARGS", help: "Directives read only when a name is defined with -D or Define (or, with !, when it is not).", section: true, execOnRead: true },
  { name: "Proxy", module: "mod_proxy", contexts: SV, args: "wildcard-url", argsHow: "RAW_ARGS", help: "Directives for requests proxied to back-end URLs that match.", section: true },
  { name: "ProxyMatch", module: "mod_proxy", contexts: SV, args: "regex", argsHow: "RAW_ARGS", help: "Like <Proxy>, for back-end URLs that match a regular expression.", section: true },

  // mod_alias
  { name: "Alias", module: "mod_alias", contexts: SVD, args: "[URL-path] file-path|directory-path", argsHow: "TAKE12", help: "Map a URL path onto a filesystem path. Inside <Location> the one-argument form maps that location.", notIn: NOT_IN_DIR_FILES, usage: "a fakename and a realname, or a realname in a Location" },
  { name: "AliasMatch", module: "mod_alias", contexts: SV, args: "regex file-path|directory-path", argsHow: "TAKE2", help: "Like Alias, with a regular expression and $1-style back-references.", usage: "a regular expression and a filename" },
  { name: "Redirect", module: "mod_alias", contexts: SVDH, args: "[status] [URL-path] URL", argsHow: "TAKE123", help: "Redirect requests whose URL path starts with the given path. Default status 302.", usage: "an optional status, then document to be redirected and destination URL" },
  { name: "RedirectMatch", module: "mod_alias", contexts: SVDH, args: "[status] regex URL", argsHow: "TAKE23", help: "Like Redirect, with a regular expression and $1-style back-references.", usage: "an optional status, then a regular expression and destination URL" },
  { name: "RedirectPermanent", module: "mod_alias", contexts: SVDH, args: "URL-path URL", argsHow: "TAKE2", help: "Redirect with status 301.", usage: "a document to be redirected, then the destination URL" },
  { name: "ScriptAlias", module: "mod_alias", contexts: SVD, args: "[URL-path] file-path|directory-path", argsHow: "TAKE12", help: "Like Alias, and marks what it maps to as CGI scripts.", notIn: NOT_IN_DIR_FILES, usage: "a fakename and a realname, or a realname in a Location" },

  // mod_dir
  { name: "DirectoryIndex", module: "mod_dir", contexts: SVDH, args: "disabled | local-url [local-url] ...", argsHow: "RAW_ARGS", help: "Files to look for when a directory itself is requested. Default index.html." },
  { name: "DirectorySlash", module: "mod_dir", contexts: SVDH, args: "On|Off", argsHow: "FLAG", help: "Answer a request for a directory without its trailing slash with a 301 to the URL with one. Default On." },

  // mod_proxy
  { name: "ProxyPass", module: "mod_proxy", contexts: SVD, args: "[path] !|url [key=value ...] [nocanon] [interpolate] [noquery]", argsHow: "RAW_ARGS", help: "Map a local URL path onto a back-end URL; ! exempts a path. Inside <Location> the path is the location's.", notIn: NOT_IN_DIR_FILES },
  { name: "ProxyPassMatch", module: "mod_proxy", contexts: SVD, args: "[regex] !|url [key=value ...]", argsHow: "RAW_ARGS", help: "Like ProxyPass, with a regular expression and $1-style back-references in the URL.", notIn: NOT_IN_DIR_FILES },
  { name: "ProxyPassReverse", module: "mod_proxy", contexts: SVD, args: "[path] url [interpolate]", argsHow: "TAKE123", help: "Rewrite the back end's URL in Location, Content-Location and URI response headers.", notIn: NOT_IN_DIR_FILES, usage: "a virtual path and a URL for reverse proxy behaviour" },
  { name: "ProxyPassReverseCookieDomain", module: "mod_proxy", contexts: SVD, args: "internal-domain public-domain [interpolate]", argsHow: "TAKE23", help: "Rewrite the domain= attribute of back-end Set-Cookie headers.", usage: "Domain rewrite rule for proxying cookies" },
  { name: "ProxyPassReverseCookiePath", module: "mod_proxy", contexts: SVD, args: "internal-path public-path [interpolate]", argsHow: "TAKE23", help: "Rewrite the path= attribute of back-end Set-Cookie headers.", usage: "Path rewrite rule for proxying cookies" },
  { name: "ProxyPreserveHost", module: "mod_proxy", contexts: SVD, args: "On|Off", argsHow: "FLAG", help: "Send the client's Host header to the back end instead of the ProxyPass URL's host. Default Off." },
  { name: "ProxyAddHeaders", module: "mod_proxy", contexts: SVD, args: "On|Off", argsHow: "FLAG", help: "Add X-Forwarded-For, X-Forwarded-Host and X-Forwarded-Server to proxied requests. Default On." },
  { name: "ProxyRequests", module: "mod_proxy", contexts: SV, args: "On|Off", argsHow: "FLAG", help: "Act as a forward proxy. Keep Off for a reverse proxy: On without access control is an open proxy." },
  { name: "ProxyVia", module: "mod_proxy", contexts: SV, args: "On|Off|Full|Block", argsHow: "TAKE1", help: "Add Via headers to proxied requests and responses (On, Full), or strip them (Block). Default Off.", usage: "Configure Via: proxy header header to one of: on | off | block | full" },
  { name: "ProxyTimeout", module: "mod_proxy", contexts: SV, args: "seconds", argsHow: "TAKE1", help: "How long to wait for the back end. Defaults to Timeout.", usage: "Set the timeout (in seconds) for a proxied connection. This overrides the server timeout" },
  { name: "ProxyErrorOverride", module: "mod_proxy", contexts: SVD, args: "On|Off [code ...]", argsHow: "ITERATE", help: "Replace the back end's 4xx/5xx responses with this server's own error documents.", usage: "use our error handling pages instead of the servers' we are proxying" },

  // mod_proxy_html
  { name: "ProxyHTMLEnable", module: "mod_proxy_html", contexts: SVD, args: "On|Off", argsHow: "FLAG", help: "Rewrite links inside proxied HTML pages." },
  { name: "ProxyHTMLURLMap", module: "mod_proxy_html", contexts: SVD, args: "from-pattern to-pattern [flags] [cond]", argsHow: "RAW_ARGS", help: "One rule for rewriting links inside proxied HTML." },

  // mod_headers
  { name: "RequestHeader", module: "mod_headers", contexts: SVDH, args: "add|append|edit|edit*|merge|set|setifempty|unset header [value] [replacement] [early|env=[!]variable|expr=expression]", argsHow: "RAW_ARGS", help: "Change a request header before the request is handled or proxied." },
  { name: "Header", module: "mod_headers", contexts: SVDH, args: "[onsuccess|always] add|append|echo|edit|edit*|merge|set|setifempty|unset|note header [value] [replacement] [early|env=[!]variable|expr=expression]", argsHow: "RAW_ARGS", help: "Change a response header." },

  // mod_env, mod_setenvif
  { name: "SetEnv", module: "mod_env", contexts: SVDH, args: "env-variable [value]", argsHow: "TAKE12", help: "Set an environment variable for applications (WSGI environ, CGI). Applied late: after SetEnvIf and RewriteRule.", usage: "an environment variable name and optional value to pass to CGI." },
  { name: "PassEnv", module: "mod_env", contexts: SVDH, args: "env-variable [env-variable] ...", argsHow: "ITERATE", help: "Hand variables from Apache's own environment on to applications.", usage: "a list of environment variables to pass to CGI." },
  { name: "UnsetEnv", module: "mod_env", contexts: SVDH, args: "env-variable [env-variable] ...", argsHow: "ITERATE", help: "Remove variables from the environment applications get.", usage: "a list of variables to remove from the CGI environment." },
  { name: "SetEnvIf", module: "mod_setenvif", contexts: SVDH, args: "attribute regex [!]env-variable[=value] [[!]env-variable[=value]] ...", argsHow: "RAW_ARGS", help: "Set environment variables when a request attribute (a header, Remote_Addr, Request_URI, …) matches a regular expression.", handlerArgs: { needs: ["Missing header-field name for SetEnvIf", "Missing regular expression for SetEnvIf", "Missing envariable expression for SetEnvIf"] } },
  { name: "SetEnvIfNoCase", module: "mod_setenvif", contexts: SVDH, args: "attribute regex [!]env-variable[=value] [[!]env-variable[=value]] ...", argsHow: "RAW_ARGS", help: "Like SetEnvIf, ignoring case when matching.", handlerArgs: { needs: ["Missing header-field name for SetEnvIfNoCase", "Missing regular expression for SetEnvIfNoCase", "Missing envariable expression for SetEnvIfNoCase"] } },

  // mod_rewrite
  { name: "RewriteEngine", module: "mod_rewrite", contexts: SVDH, args: "On|Off", argsHow: "FLAG", help: "Run the rewrite rules of this context. Default Off; virtual hosts do not inherit it." },
  { name: "RewriteCond", module: "mod_rewrite", contexts: SVDH, args: "TestString CondPattern [flags]", argsHow: "RAW_ARGS", help: "A condition the next RewriteRule needs." },
  { name: "RewriteRule", module: "mod_rewrite", contexts: SVDH, args: "Pattern Substitution [flags]", argsHow: "RAW_ARGS", help: "When the URL matches, rewrite it, redirect ([R]), proxy ([P]) or refuse ([F]) the request." },
  { name: "RewriteOptions", module: "mod_rewrite", contexts: SVDH, args: "Inherit|InheritBefore|InheritDown|InheritDownBefore|IgnoreInherit|AllowNoSlash|AllowAnyURI|MergeBase|IgnoreContextInfo|LegacyPrefixDocRoot", argsHow: "ITERATE", help: "How rules are inherited from enclosing contexts, and matching details.", usage: "List of option strings to set" },
  { name: "RewriteBase", module: "mod_rewrite", contexts: DH, args: "URL-path", argsHow: "TAKE1", help: "The URL prefix that per-directory rewrites are relative to.", usage: "the base URL of the per-directory context" },

  // mod_remoteip
  { name: "RemoteIPHeader", module: "mod_remoteip", contexts: SV, args: "header-field", argsHow: "TAKE1", help: "The header (such as X-Forwarded-For) whose addresses replace the client address when the peer is trusted.", usage: "Specifies a request header to trust as the client IP, e.g. X-Forwarded-For" },
  { name: "RemoteIPTrustedProxy", module: "mod_remoteip", contexts: SV, args: "proxy-ip|proxy-ip/subnet|hostname ...", argsHow: "ITERATE", help: "Proxies trusted to supply RemoteIPHeader; a private address they report is not taken as the client's.", usage: "Specifies one or more proxies which are trusted to present IP headers" },
  { name: "RemoteIPInternalProxy", module: "mod_remoteip", contexts: SV, args: "proxy-ip|proxy-ip/subnet|hostname ...", argsHow: "ITERATE", help: "Internal proxies trusted to supply RemoteIPHeader, private addresses they report included.", usage: "Specifies one or more internal (transparent) proxies which are trusted to present IP headers" },
  { name: "RemoteIPProxiesHeader", module: "mod_remoteip", contexts: SV, args: "header-field", argsHow: "TAKE1", help: "A header that records the proxy addresses mod_remoteip consumed.", usage: "Specifies a request header to record proxy IP's, e.g. X-Forwarded-By; if not given then do not record" },

  // mod_ssl
  { name: "SSLEngine", module: "mod_ssl", contexts: SV, args: "on|off|optional|addr[:port] [addr[:port]] ...", argsHow: "TAKE1", help: "Speak TLS on this virtual host's connections.", usage: "SSL switch for the protocol engine ('on', 'off')" },
  { name: "SSLCertificateFile", module: "mod_ssl", contexts: SV, args: "file-path", argsHow: "TAKE1", help: "The server certificate in PEM form, optionally followed by its chain.", usage: "SSL Server Certificate file ('/path/to/file' - PEM or DER encoded)" },
  { name: "SSLCertificateKeyFile", module: "mod_ssl", contexts: SV, args: "file-path", argsHow: "TAKE1", help: "The private key of the server certificate.", usage: "SSL Server Private Key file ('/path/to/file' - PEM or DER encoded)" },
  { name: "SSLProxyEngine", module: "mod_ssl", contexts: ["server", "virtualhost", "proxy"], args: "on|off", argsHow: "FLAG", help: "Use TLS towards back ends; needed to proxy to https:// URLs. Default off." },
  { name: "SSLProxyVerify", module: "mod_ssl", contexts: ["server", "virtualhost", "proxy"], args: "none|optional|require|optional_no_ca", argsHow: "TAKE1", help: "Whether the back end's certificate must verify. Default none.", usage: "SSL Proxy: whether to verify the remote certificate ('on' or 'off')" },
  { name: "SSLProxyCheckPeerName", module: "mod_ssl", contexts: ["server", "virtualhost", "proxy"], args: "on|off", argsHow: "FLAG", help: "Require the back end's certificate to name the host of the proxied URL. Default on." },

  // mod_authz_core, mod_access_compat
  { name: "Require", module: "mod_authz_core", contexts: DH, args: "[not] entity-name [entity-name] ...", argsHow: "RAW_ARGS", help: "An access rule, such as all granted, ip 10.0.0.0/8, host example.com or valid-user." },
  { name: "Order", module: "mod_access_compat", contexts: DH, args: "Deny,Allow|Allow,Deny|Mutual-failure", argsHow: "TAKE1", help: "Apache 2.2 access control: which of Allow and Deny is applied first.", registeredName: "order", usage: "'allow,deny', 'deny,allow', or 'mutual-failure'" },
  { name: "Allow", module: "mod_access_compat", contexts: DH, args: "from all|host|env=[!]env-variable [host|env=[!]env-variable] ...", argsHow: "ITERATE2", help: "Apache 2.2 access control: the clients allowed.", registeredName: "allow", usage: "'from' followed by hostnames or IP-address wildcards" },
  { name: "Deny", module: "mod_access_compat", contexts: DH, args: "from all|host|env=[!]env-variable [host|env=[!]env-variable] ...", argsHow: "ITERATE2", help: "Apache 2.2 access control: the clients refused.", registeredName: "deny", usage: "'from' followed by hostnames or IP-address wildcards" },

  // mod_wsgi
  { name: "WSGIScriptAlias", module: "mod_wsgi", contexts: SV, args: "URL-path file-path [option=value ...]", argsHow: "RAW_ARGS", help: "Mount a WSGI script at a URL path: the path becomes SCRIPT_NAME and the rest of the URL PATH_INFO." },
  { name: "WSGIScriptAliasMatch", module: "mod_wsgi", contexts: SV, args: "regex file-path [option=value ...]", argsHow: "RAW_ARGS", help: "Like WSGIScriptAlias, with a regular expression; the match becomes SCRIPT_NAME." },
  { name: "WSGIDaemonProcess", module: "mod_wsgi", contexts: SV, args: "name [option=value ...]", argsHow: "RAW_ARGS", help: "Define a group of daemon processes to run applications in (processes=, threads=, python-home=, …).", handlerArgs: { needs: ["Name of WSGI daemon process not supplied."] } },
  { name: "WSGIProcessGroup", module: "mod_wsgi", contexts: SVD, args: "%{GLOBAL}|%{ENV:variable}|name", argsHow: "TAKE1", help: "The daemon process group that runs the application; %{GLOBAL} runs it inside Apache's own processes.", usage: "Name of the WSGI process group." },
  { name: "WSGIApplicationGroup", module: "mod_wsgi", contexts: SVD, args: "%{GLOBAL}|%{SERVER}|%{RESOURCE}|%{ENV:variable}|name", argsHow: "TAKE1", help: "The Python sub-interpreter that runs the application; %{GLOBAL} is the main interpreter.", usage: "Application interpreter group." },
  { name: "WSGIPassAuthorization", module: "mod_wsgi", contexts: SVDH, args: "On|Off", argsHow: "TAKE1", help: "Pass the Authorization header to the application as HTTP_AUTHORIZATION. Default Off.", usage: "Enable/Disable WSGI authorization." },
  { name: "WSGIMapHEADToGET", module: "mod_wsgi", contexts: SVDH, args: "On|Off|Auto", argsHow: "TAKE1", help: "Whether a HEAD request reaches the application as GET. Default Auto: only when an output filter could need the body.", usage: "Enable/Disable mapping of HEAD to GET." },
  { name: "WSGITrustedProxies", module: "mod_wsgi", contexts: SVDH, args: "ipaddr|ipaddr/subnet ...", argsHow: "RAW_ARGS", help: "Peers allowed to supply the WSGITrustedProxyHeaders. Without it, every peer is trusted." },
  { name: "WSGITrustedProxyHeaders", module: "mod_wsgi", contexts: SVDH, args: "header-name ...", argsHow: "RAW_ARGS", help: "Proxy headers mod_wsgi applies to the environ (X-Forwarded-For, X-Forwarded-Proto, X-Forwarded-Host, X-Script-Name, …); other headers of those kinds are removed." },
  { name: "WSGIPythonHome", module: "mod_wsgi", contexts: S, args: "prefix-path", argsHow: "TAKE1", help: "The Python installation or virtual environment to use.", usage: "Python prefix/exec_prefix absolute path names." },
  { name: "WSGIPythonPath", module: "mod_wsgi", contexts: S, args: "directory[:directory ...]", argsHow: "TAKE1", help: "Extra directories for sys.path.", usage: "Python module search path." },
  { name: "WSGIRestrictEmbedded", module: "mod_wsgi", contexts: S, args: "On|Off", argsHow: "TAKE1", help: "Refuse to run applications inside Apache's own processes (embedded mode). Default Off.", usage: "Enable/Disable use of embedded mode." },
  { name: "WSGICallableObject", module: "mod_wsgi", contexts: SVDH, args: "name", argsHow: "TAKE1", help: "The name of the WSGI callable in the script. Default application.", usage: "Name of entry point in WSGI script file." },
  { name: "WSGIErrorOverride", module: "mod_wsgi", contexts: SVDH, args: "On|Off", argsHow: "TAKE1", help: "Let Apache's error documents replace the application's error responses. Default Off.", usage: "Enable/Disable overriding of error pages." },
  { name: "WSGIHandlerScript", module: "mod_wsgi", contexts: SVD, args: "name file-path [option=value ...]", argsHow: "RAW_ARGS", help: "Register a WSGI script as a handler for AddHandler or SetHandler.", handlerArgs: { needs: ["Name for handler script not supplied.", "Location of handler script not supplied."] } },
  { name: "WSGIImportScript", module: "mod_wsgi", contexts: SV, args: "file-path process-group=name application-group=name", argsHow: "RAW_ARGS", help: "Load a script into a process group and interpreter at startup.", handlerArgs: { needs: ["Location of import script not supplied."] } },
  { name: "WSGISocketPrefix", module: "mod_wsgi", contexts: S, args: "prefix", argsHow: "TAKE1", help: "Where the UNIX sockets of daemon processes are created.", usage: "Path prefix for the daemon process sockets." },

  // mod_mime, mod_so
  { name: "TypesConfig", module: "mod_mime", contexts: SV, args: "file-path", argsHow: "TAKE1", help: "The file that maps file extensions to media types.", usage: "the MIME types config file" },
  { name: "AddType", module: "mod_mime", contexts: SVDH, args: "media-type extension [extension] ...", argsHow: "ITERATE2", help: "Map file extensions to a media type.", usage: "a mime type followed by one or more file extensions" },
  { name: "LoadModule", module: "mod_so", contexts: S, args: "module filename", argsHow: "TAKE2", help: "Load a module from a shared object file.", execOnRead: true, usage: "a module name and the name of a shared object file to load it from" },
];

/**
 * Every other directive Apache 2.4.71 knows with all of Debian 12's modules and mod_wsgi 4.9.4 loaded
 * (`apache2 -L`), by module: names only, so that a real configuration does not read as misspelled. The
 * letters after each name say where the main configuration allows it: `o` only outside per-directory
 * sections (server config and virtual host), `a` anywhere, `i` only inside them; `h` adds .htaccess.
 */
const otherDirectives: Record<string, string> = {
  core:
    "<Limit:ih <LimitExcept:ih <IfFile:ah <IfDirective:ah <IfSection:ah AddDefaultCharset:ah " +
    "AcceptPathInfo:ah UnDefine:a Error:ah <If:ah <ElseIf:ah <Else:ah AccessFileName:o " +
    "AllowOverrideList:i DefaultType:ah FileETag:ah EnableMMAP:ah EnableSendfile:ah ReadBufferSize:a " +
    "FlushMaxThreshold:o FlushMaxPipelined:o Protocol:o AcceptFilter:o Port:o HostnameLookups:a " +
    "ServerRoot:o DefaultRuntimeDir:o ErrorLogFormat:o ServerPath:o ContentDigest:ah " +
    "NameVirtualHost:o LimitXMLRequestBody:ah Mutex:o MaxRanges:a MaxRangeOverlaps:a " +
    "MaxRangeReversals:a RLimitCPU:ah RLimitMEM:ah RLimitNPROC:ah RegexDefaultOptions:o " +
    "LimitInternalRecursion:o CGIPassAuth:ih CGIVar:ah QualifyRedirectURL:ah StrictHostCheck:o " +
    "ForceType:ah SetHandler:ah SetOutputFilter:ah SetInputFilter:ah AllowEncodedSlashes:o " +
    "ScoreBoardFile:o ExtendedStatus:o SeeRequestTail:o PidFile:o MaxRequestsPerChild:o " +
    "MaxConnectionsPerChild:o CoreDumpDirectory:o MaxMemFree:o ThreadStackSize:o TraceEnable:o " +
    "MergeTrailers:o Protocols:o ProtocolsHonorOrder:o RegisterHttpMethod:o MergeSlashes:o " +
    "KeepAliveTimeout:o MaxKeepAliveRequests:o",
  mod_access_compat:
    "Satisfy:ih",
  mod_actions:
    "Action:ah Script:a",
  mod_alias:
    "ScriptAliasMatch:o RedirectTemp:ah RedirectRelative:ah AliasPreservePath:ah",
  mod_allowmethods:
    "AllowMethods:i",
  mod_auth_basic:
    "AuthBasicProvider:ih AuthBasicAuthoritative:ih AuthBasicFake:ih AuthBasicUseDigestAlgorithm:ih",
  mod_auth_digest:
    "AuthDigestProvider:ih AuthDigestQop:ih AuthDigestNonceLifetime:ih AuthDigestNcCheck:ih " +
    "AuthDigestAlgorithm:ih AuthDigestDomain:ih AuthDigestShmemSize:o",
  mod_auth_form:
    "AuthFormProvider:ih AuthFormUsername:ih AuthFormPassword:ih AuthFormLocation:ih " +
    "AuthFormMethod:ih AuthFormMimetype:ih AuthFormBody:ih AuthFormSize:i " +
    "AuthFormLoginRequiredLocation:ih AuthFormLoginSuccessLocation:ih AuthFormLogoutLocation:ih " +
    "AuthFormSitePassphrase:ih AuthFormAuthoritative:ih AuthFormFakeBasicAuth:ih " +
    "AuthFormDisableNoStore:ih",
  mod_authn_anon:
    "Anonymous:ih Anonymous_MustGiveEmail:ih Anonymous_NoUserId:ih Anonymous_VerifyEmail:ih " +
    "Anonymous_LogEmail:ih",
  mod_authn_core:
    "AuthType:ih AuthName:ih <AuthnProviderAlias:o",
  mod_authn_dbd:
    "AuthDBDUserPWQuery:i AuthDBDUserRealmQuery:i",
  mod_authn_dbm:
    "AuthDBMUserFile:ih AuthDBMType:ih",
  mod_authn_file:
    "AuthUserFile:ih",
  mod_authn_socache:
    "AuthnCacheSOCache:o AuthnCacheEnable:o AuthnCacheProvideFor:ih AuthnCacheTimeout:ih " +
    "AuthnCacheContext:i",
  mod_authnz_fcgi:
    "AuthnzFcgiDefineProvider:o AuthnzFcgiCheckAuthnProvider:ah",
  mod_authnz_ldap:
    "AuthLDAPURL:ih AuthLDAPBindDN:ih AuthLDAPBindPassword:ih AuthLDAPBindAuthoritative:ih " +
    "AuthLDAPRemoteUserIsDN:ih AuthLDAPRemoteUserAttribute:ih AuthLDAPCompareDNOnServer:ih " +
    "AuthLDAPSubGroupAttribute:ih AuthLDAPSubGroupClass:ih AuthLDAPMaxSubGroupDepth:ih " +
    "AuthLDAPGroupAttribute:ih AuthLDAPGroupAttributeIsDN:ih AuthLDAPDereferenceAliases:ih " +
    "AuthLDAPCharsetConfig:o AuthLDAPAuthorizePrefix:ih AuthLDAPInitialBindAsUser:ih " +
    "AuthLDAPInitialBindPattern:ih AuthLDAPSearchAsUser:ih AuthLDAPCompareAsUser:ih",
  mod_authz_core:
    "<AuthzProviderAlias:o <RequireAll:ih <RequireAny:ih <RequireNone:ih AuthMerging:ih " +
    "AuthzSendForbiddenOnFailure:ih",
  mod_authz_dbd:
    "AuthzDBDLoginToReferer:i AuthzDBDQuery:i AuthzDBDRedirectQuery:i",
  mod_authz_dbm:
    "AuthDBMGroupFile:ih AuthzDBMType:ih",
  mod_authz_groupfile:
    "AuthGroupFile:ih",
  mod_autoindex:
    "AddIcon:ah AddIconByType:ah AddIconByEncoding:ah AddAlt:ah AddAltByType:ah AddAltByEncoding:ah " +
    "IndexOptions:ah IndexOrderDefault:ah IndexIgnore:ah IndexIgnoreReset:ah AddDescription:ah " +
    "HeaderName:ah ReadmeName:ah FancyIndexing:ah DefaultIcon:ah IndexStyleSheet:ah " +
    "IndexHeadInsert:ah",
  mod_brotli:
    "BrotliFilterNote:o BrotliCompressionQuality:o BrotliCompressionWindow:o " +
    "BrotliCompressionMaxInputBlock:o BrotliAlterETag:o",
  mod_buffer:
    "BufferSize:i",
  mod_cache:
    "CacheEnable:a CacheDisable:a CacheMaxExpire:a CacheMinExpire:a CacheDefaultExpire:a " +
    "CacheQuickHandler:o CacheIgnoreNoLastMod:a CacheIgnoreCacheControl:o CacheStoreExpired:a " +
    "CacheStorePrivate:a CacheStoreNoStore:a CacheIgnoreHeaders:o CacheIgnoreQueryString:o " +
    "CacheIgnoreURLSessionIdentifiers:o CacheLastModifiedFactor:a CacheLock:o CacheLockPath:o " +
    "CacheLockMaxAge:o CacheHeader:a CacheDetailHeader:a CacheKeyBaseURL:o CacheStaleOnError:a",
  mod_cache_disk:
    "CacheRoot:o CacheDirLevels:o CacheDirLength:o CacheMinFileSize:a CacheMaxFileSize:a " +
    "CacheReadSize:a CacheReadTime:a",
  mod_cache_socache:
    "CacheSocache:o CacheSocacheMaxTime:a CacheSocacheMinTime:a CacheSocacheMaxSize:a " +
    "CacheSocacheReadSize:a CacheSocacheReadTime:a",
  mod_case_filter:
    "CaseFilter:o",
  mod_case_filter_in:
    "CaseFilterIn:o",
  mod_cern_meta:
    "MetaFiles:ah MetaDir:ah MetaSuffix:ah",
  mod_cgi:
    "ScriptLog:o ScriptLogLength:o ScriptLogBuffer:o CGIScriptTimeout:a",
  mod_cgid:
    "ScriptSock:o CGIDScriptTimeout:a",
  mod_charset_lite:
    "CharsetSourceEnc:ah CharsetDefault:ah CharsetOptions:ah",
  mod_dav:
    "DAV:i DAVBasePath:i DAVMinTimeout:a DAVDepthInfinity:a DAVLockDiscovery:a",
  mod_dav_fs:
    "DAVLockDB:o",
  mod_dav_lock:
    "DAVGenericLockDB:i",
  mod_dbd:
    "DBDriver:o DBDParams:o DBDPersist:o DBDPrepareSQL:o DBDInitSQL:o DBDMin:o DBDKeep:o DBDMax:o " +
    "DBDExptime:o",
  mod_deflate:
    "DeflateFilterNote:o DeflateWindowSize:o DeflateBufferSize:o DeflateMemLevel:o " +
    "DeflateCompressionLevel:o DeflateInflateLimitRequestBody:ah DeflateInflateRatioLimit:ah " +
    "DeflateInflateRatioBurst:ah DeflateAlterEtag:o",
  mod_dialup:
    "ModemStandard:i",
  mod_dir:
    "FallbackResource:ah DirectoryCheckHandler:ah DirectoryIndexRedirect:ah",
  mod_dumpio:
    "DumpIOInput:o DumpIOOutput:o",
  mod_echo:
    "ProtocolEcho:o",
  mod_expires:
    "ExpiresActive:ah ExpiresByType:ah ExpiresDefault:ah",
  mod_ext_filter:
    "ExtFilterOptions:i ExtFilterDefine:o",
  mod_file_cache:
    "cachefile:o mmapfile:o",
  mod_filter:
    "FilterDeclare:ah FilterProvider:ah FilterChain:ah FilterTrace:a AddOutputFilterByType:ah " +
    "FilterProtocol:ah",
  mod_heartbeat:
    "HeartbeatAddress:o",
  mod_heartmonitor:
    "HeartbeatListen:o HeartbeatStorage:o HeartbeatMaxServers:o",
  mod_http2:
    "H2MaxSessionStreams:o H2WindowSize:o H2MinWorkers:o H2MaxWorkers:o H2MaxWorkerIdleSeconds:o " +
    "H2StreamMaxMemSize:o H2SerializeHeaders:o H2ModernTLSOnly:o H2Upgrade:ah H2Direct:o " +
    "H2SessionExtraFiles:o H2TLSWarmUpSize:o H2TLSCoolDownSecs:o H2Push:ah H2PushPriority:o " +
    "H2PushDiarySize:o H2CopyFiles:ah H2PushResource:ah H2EarlyHints:o H2Padding:o " +
    "H2OutputBuffering:o H2StreamTimeout:o H2MaxDataFrameLen:o H2MaxHeaderBlockLen:o " +
    "H2MaxStreamErrors:o H2EarlyHint:ah H2ProxyRequests:ah H2WebSockets:o",
  mod_ident:
    "IdentityCheck:a IdentityCheckTimeout:a",
  mod_imagemap:
    "ImapMenu:ah ImapDefault:ah ImapBase:ah",
  mod_include:
    "XBitHack:ah SSIErrorMsg:ah SSITimeFormat:ah SSIStartTag:o SSIEndTag:o SSIUndefinedEcho:ah " +
    "SSILegacyExprParser:ih SSILastModified:ih SSIEtag:ih",
  mod_info:
    "AddModuleInfo:o",
  mod_ldap:
    "LDAPSharedCacheSize:o LDAPSharedCacheFile:o LDAPCacheEntries:o LDAPCacheTTL:o " +
    "LDAPOpCacheEntries:o LDAPOpCacheTTL:o LDAPTrustedGlobalCert:o LDAPTrustedClientCert:ih " +
    "LDAPTrustedMode:o LDAPVerifyServerCert:o LDAPConnectionTimeout:o LDAPReferrals:ih " +
    "LDAPReferralHopLimit:ih LDAPLibraryDebug:o LDAPTimeout:o LDAPConnectionPoolTTL:o LDAPRetries:o " +
    "LDAPRetryDelay:o",
  mod_log_config:
    "GlobalLog:o TransferLog:o LogFormat:o BufferedLogs:o",
  mod_log_debug:
    "LogMessage:a",
  mod_log_forensic:
    "ForensicLog:o",
  mod_logio:
    "LogIOTrackTTFB:ah",
  mod_lua:
    "LuaRoot:ah LuaPackagePath:ah LuaPackageCPath:ah LuaAuthzProvider:o LuaHookPreTranslateName:ah " +
    "<LuaHookPreTranslateName:ah LuaHookTranslateName:ah <LuaHookTranslateName:ah LuaHookFixups:ah " +
    "<LuaHookFixups:ah LuaHookMapToStorage:ah <LuaHookMapToStorage:ah LuaHookCheckUserID:ah " +
    "<LuaHookCheckUserID:ah LuaHookTypeChecker:ah <LuaHookTypeChecker:ah LuaHookAccessChecker:ah " +
    "<LuaHookAccessChecker:ah LuaHookAuthChecker:ah <LuaHookAuthChecker:ah LuaHookInsertFilter:ah " +
    "LuaHookLog:ah LuaScope:ah LuaInherit:ah LuaCodeCache:ah LuaQuickHandler:ah <LuaQuickHandler:ah " +
    "Lua_____ByteCodeHack:ah LuaMapHandler:ah LuaOutputFilter:ah LuaInputFilter:ah",
  mod_macro:
    "<Macro:ah Use:ah UndefMacro:ah MacroIgnoreEmptyArgs:ah MacroIgnoreBadNesting:ah",
  mod_md:
    "MDCertificateAuthority:o MDCertificateAgreement:o MDCAChallenges:o MDCertificateProtocol:o " +
    "MDContactEmail:o MDDriveMode:o MDRenewMode:o MDomain:o <MDomainSet:o <MDomain:o MDMember:o " +
    "MDMembers:o MDMustStaple:o MDPortMap:o MDPrivateKeys:o MDHttpProxy:o MDStoreDir:o " +
    "MDRenewWindow:o MDRequireHttps:ah MDNotifyCmd:o MDBaseServer:o MDChallengeDns01:o " +
    "MDChallengeDns01Version:o MDCertificateFile:o MDCertificateKeyFile:o MDServerStatus:o " +
    "MDCertificateStatus:o MDWarnWindow:o MDMessageCmd:o MDStapling:o MDStapleOthers:o " +
    "MDStaplingKeepResponse:o MDStaplingRenewWindow:o MDCertificateCheck:o MDActivationDelay:o " +
    "MDCACertificateFile:o MDHttpProxyCACertificateFile:o MDExternalAccountBinding:o MDRetryDelay:o " +
    "MDRetryFailover:o MDStoreLocks:o MDMatchNames:o MDInitialDelay:o MDCheckInterval:o MDProfile:o " +
    "MDProfileMandatory:o MDRenewViaARI:o",
  mod_mime:
    "AddCharset:ah AddEncoding:ah AddHandler:ah AddInputFilter:ah AddLanguage:ah AddOutputFilter:ah " +
    "DefaultLanguage:ah MultiviewsMatch:ah RemoveCharset:ah RemoveEncoding:ah RemoveHandler:ah " +
    "RemoveInputFilter:ah RemoveLanguage:ah RemoveOutputFilter:ah RemoveType:ah ModMimeUsePathInfo:i",
  mod_mime_magic:
    "MimeMagicFile:o",
  mod_negotiation:
    "CacheNegotiatedDocs:o LanguagePriority:ah ForceLanguagePriority:ah",
  mod_proxy:
    "ProxyRemote:o ProxyRemoteMatch:o ProxyPassInterpolateEnv:a ProxyBlock:o ProxyReceiveBufferSize:o " +
    "ProxyIOBufferSize:o ProxyMaxForwards:o NoProxy:o ProxyDomain:o ProxyBadHeader:o BalancerMember:a " +
    "BalancerGrowth:o BalancerPersist:o BalancerInherit:o ProxyPassInherit:o ProxyStatus:o ProxySet:a " +
    "ProxySourceAddress:o Proxy100Continue:a",
  mod_proxy_connect:
    "AllowCONNECT:o",
  mod_proxy_express:
    "ProxyExpressEnable:ah ProxyExpressDBMFile:ah ProxyExpressDBMType:ah",
  mod_proxy_fcgi:
    "ProxyFCGIBackendType:ah ProxyFCGISetEnvIf:ah",
  mod_proxy_ftp:
    "ProxyFtpListOnWildcard:a ProxyFtpEscapeWildcards:a ProxyFtpDirCharset:a",
  mod_proxy_hcheck:
    "ProxyHCTemplate:ah ProxyHCExpr:ah ProxyHCTPsize:o",
  mod_proxy_html:
    "ProxyHTMLEvents:a ProxyHTMLLinks:a ProxyHTMLDoctype:a ProxyHTMLFixups:a ProxyHTMLMeta:a " +
    "ProxyHTMLInterp:a ProxyHTMLExtended:a ProxyHTMLStripComments:a ProxyHTMLBufSize:a " +
    "ProxyHTMLCharsetOut:a",
  mod_proxy_scgi:
    "ProxySCGISendfile:a ProxySCGIInternalRedirect:a",
  mod_proxy_wstunnel:
    "ProxyWebsocketFallbackToProxyHttp:a",
  mod_reflector:
    "ReflectorHeader:ah",
  mod_remoteip:
    "RemoteIPTrustedProxyList:o RemoteIPInternalProxyList:o RemoteIPProxyProtocol:o " +
    "RemoteIPProxyProtocolExceptions:o",
  mod_reqtimeout:
    "RequestReadTimeout:o",
  mod_request:
    "KeptBodySize:i",
  mod_rewrite:
    "RewriteMap:o",
  mod_sed:
    "OutputSed:i InputSed:i",
  mod_session:
    "Session:ah SessionMaxAge:ah SessionHeader:ah SessionEnv:ah SessionInclude:ah SessionExclude:ah " +
    "SessionExpiryUpdateInterval:ah",
  mod_session_cookie:
    "SessionCookieName:ah SessionCookieName2:ah SessionCookieRemove:ah",
  mod_session_crypto:
    "SessionCryptoPassphrase:ah SessionCryptoPassphraseFile:a SessionCryptoCipher:ah " +
    "SessionCryptoDriver:o",
  mod_session_dbd:
    "SessionDBDSelectLabel:ah SessionDBDInsertLabel:ah SessionDBDUpdateLabel:ah " +
    "SessionDBDDeleteLabel:ah SessionDBDPerUser:ah SessionDBDCookieRemove:ah SessionDBDCookieName:ah " +
    "SessionDBDCookieName2:ah",
  mod_setenvif:
    "SetEnvIfExpr:ah BrowserMatch:ah BrowserMatchNoCase:ah",
  mod_so:
    "LoadFile:o",
  mod_socache_memcache:
    "MemcacheConnTTL:o",
  mod_socache_redis:
    "RedisConnPoolTTL:o RedisTimeout:o",
  mod_speling:
    "CheckSpelling:ah CheckCaseOnly:ah CheckBasenameMatch:ah",
  mod_ssl:
    "SSLPassPhraseDialog:o SSLSessionCache:o SSLCryptoDevice:o SSLRandomSeed:o SSLVHostSNIPolicy:o " +
    "SSLFIPS:o SSLCipherSuite:ah SSLCertificateChainFile:o SSLSessionTicketKeyFile:o " +
    "SSLCACertificatePath:ah SSLCACertificateFile:ah SSLCADNRequestPath:o SSLCADNRequestFile:o " +
    "SSLCARevocationPath:o SSLCARevocationFile:o SSLCARevocationCheck:o SSLVerifyClient:ah " +
    "SSLVerifyDepth:ah SSLSessionCacheTimeout:o SSLProtocol:o SSLHonorCipherOrder:o SSLCompression:o " +
    "SSLSessionTickets:o SSLInsecureRenegotiation:o SSLUserName:ah SSLStrictSNIVHostCheck:o " +
    "SSLSRPVerifierFile:o SSLSRPUnknownUserSeed:o SSLProxyProtocol:o SSLProxyCipherSuite:o " +
    "SSLProxyVerifyDepth:o SSLProxyCACertificateFile:o SSLProxyCACertificatePath:o " +
    "SSLProxyCARevocationPath:o SSLProxyCARevocationFile:o SSLProxyCARevocationCheck:o " +
    "SSLProxyMachineCertificateFile:o SSLProxyMachineCertificatePath:o " +
    "SSLProxyMachineCertificateChainFile:o SSLProxyCheckPeerExpire:o SSLProxyCheckPeerCN:o " +
    "SSLOptions:ah SSLRequireSSL:ih SSLRequire:ih SSLRenegBufferSize:ih SSLOCSPEnable:o " +
    "SSLOCSPDefaultResponder:o SSLOCSPOverrideResponder:o SSLOCSPResponseTimeSkew:o " +
    "SSLOCSPResponseMaxAge:o SSLOCSPResponderTimeout:o SSLOCSPUseRequestNonce:o SSLOCSPProxyURL:o " +
    "SSLOCSPNoVerify:o SSLOCSPResponderCertificateFile:o SSLStaplingCache:o SSLUseStapling:o " +
    "SSLStaplingResponseTimeSkew:o SSLStaplingResponderTimeout:o SSLStaplingResponseMaxAge:o " +
    "SSLStaplingStandardCacheTimeout:o SSLStaplingReturnResponderErrors:o SSLStaplingFakeTryLater:o " +
    "SSLStaplingErrorCacheTimeout:o SSLStaplingForceURL:o SSLOpenSSLConfCmd:o SSLLog:ah " +
    "SSLLogLevel:ah",
  mod_substitute:
    "Substitute:ah SubstituteMaxLineLength:ah SubstituteInheritBefore:ah",
  mod_suexec:
    "SuexecUserGroup:o",
  mod_unixd:
    "User:o Group:o ChrootDir:o Suexec:o",
  mod_userdir:
    "UserDir:o",
  mod_usertrack:
    "CookieExpires:ah CookieDomain:ah CookieStyle:ah CookieTracking:ah CookieName:ah " +
    "CookieSameSite:ah CookieSecure:ah CookieHttpOnly:ah",
  mod_version:
    "<IfVersion:ah",
  mod_vhost_alias:
    "VirtualScriptAlias:o VirtualDocumentRoot:o VirtualScriptAliasIP:o VirtualDocumentRootIP:o",
  mod_watchdog:
    "WatchdogInterval:o",
  mod_wsgi:
    "WSGISocketRotation:o WSGIAcceptMutex:o WSGILazyInitialization:o WSGIVerboseDebugging:o " +
    "WSGIDontWriteBytecode:o WSGIPythonWarnings:o WSGIPythonOptimize:o WSGIPythonEggs:o " +
    "WSGIPythonHashSeed:o WSGIDestroyInterpreter:o WSGIRestrictStdin:o WSGIRestrictStdout:o " +
    "WSGIRestrictSignal:o WSGICaseSensitivity:o WSGIRestrictProcess:a WSGIDispatchScript:a " +
    "WSGIPassApacheRequest:a WSGIScriptReloading:ah WSGIChunkedRequest:ah WSGIIgnoreActivity:ah " +
    "WSGIEnableSendfile:ah WSGIAccessScript:ih WSGIAuthUserScript:ih WSGIAuthGroupScript:ih " +
    "WSGIGroupAuthoritative:ih WSGIServerMetrics:o WSGINewRelicConfigFile:o WSGINewRelicEnvironment:o",
  mod_xml2enc:
    "xml2EncDefault:ah xml2EncAlias:o xml2StartParse:ah",
  mpm_common:
    "ListenBacklog:o ListenCoresBucketsRatio:o SendBufferSize:o ReceiveBufferSize:o " +
    "ListenTCPDeferAccept:o StartServers:o ServerLimit:o MinSpareThreads:o MaxSpareThreads:o " +
    "MaxClients:o MaxRequestWorkers:o ThreadsPerChild:o ThreadLimit:o AsyncRequestWorkerFactor:o " +
    "GracefulShutdownTimeout:o MinSpareServers:o MaxSpareServers:o",
};

/** A directive Apache knows, with where it may appear. Covers `directives` and every other known name. */
export interface KnownDirective {
  /** The name as Apache registers it, without brackets for a section. */
  name: string;
  module: string;
  contexts: DirectiveContext[];
  /** True for a section (`<Name …>`). */
  section: boolean;
  /** Present when the playground models the directive. */
  spec?: DirectiveSpec;
}

const LETTER_CONTEXTS: Record<string, DirectiveContext[]> = {
  o: SV,
  a: SVD,
  i: ["directory"],
  oh: ["server", "virtualhost", "htaccess"],
  ah: SVDH,
  ih: DH,
};

let index: Map<string, KnownDirective> | null = null;

/** Lower-case name without angle brackets, the way Apache's directive hash is keyed (sections keep a "<"). */
function key(name: string): string {
  let n = name.toLowerCase();
  if (n.startsWith("</")) n = n.slice(2);
  else if (n.startsWith("<")) n = n.slice(1);
  if (n.endsWith(">")) n = n.slice(0, -1);
  return n;
}

function buildIndex(): Map<string, KnownDirective> {
  const map = new Map<string, KnownDirective>();
  for (const spec of directives) {
    map.set(key(spec.name), { name: spec.name, module: spec.module, contexts: spec.contexts, section: spec.section === true, spec });
  }
  for (const [module, list] of Object.entries(otherDirectives)) {
    for (const entry of list.split(" ")) {
      const [raw = "", letters = "a"] = entry.split(":");
      const name = raw.startsWith("<") ? raw.slice(1) : raw;
      if (!map.has(key(name))) map.set(key(name), { name, module, contexts: LETTER_CONTEXTS[letters] ?? SVD, section: raw.startsWith("<") });
    }
  }
  return map;
}

/**
 * The spec of a directive the playground models, or undefined. Case-insensitive, as Apache is; a section
 * may be named with or without its brackets ("VirtualHost", "<VirtualHost", "<VirtualHost>").
 */
export function findDirective(name: string): DirectiveSpec | undefined {
  return findKnownDirective(name)?.spec;
}

/** Any directive Apache 2.4.71 knows with Debian's modules and mod_wsgi (see `findDirective` for matching), or undefined. */
export function findKnownDirective(name: string): KnownDirective | undefined {
  const seen = bySpelling.get(name);
  if (seen !== undefined) return seen ?? undefined;
  index ??= buildIndex();
  const found = index.get(key(name)) ?? null;
  // The names a config uses are few, and every directive of every config is looked up: keep the answer for
  // the name as written (no lower-casing, no second lookup). A reader typing names grows it; it starts again
  // past a few thousand.
  if (bySpelling.size >= 4096) bySpelling.clear();
  bySpelling.set(name, found);
  return found ?? undefined;
}

/** findKnownDirective's answers by the name as written (null: not a directive Apache knows). */
const bySpelling = new Map<string, KnownDirective | null>();
