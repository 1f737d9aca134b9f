import { describe, expect, it } from "vitest";
import { checkArguments, checkDirectives, markContinuedDirectives, parseApacheConfig, type ConfigArg, type Directive, type Section } from "./configParser.ts";
import { directives, findDirective, findKnownDirective } from "./directives.ts";

const parse = (text: string) => parseApacheConfig(text, "backend.config");
const lint = (text: string) => {
  const { nodes, diagnostics } = parse(text);
  return [...diagnostics, ...checkDirectives(nodes, "backend.config")];
};
const first = (text: string) => parse(text).nodes[0] as Directive;
const args = (text: string) => first(text).args.map((a) => a.text);

describe("words and quoting (ap_getword_conf)", () => {
  it.each([
    ["blanks split words", "ProxyPass  /a\thttp://x/", ["/a", "http://x/"]],
    ["double quotes keep blanks", 'Header set X "a b"', ["set", "X", "a b"]],
    ["single quotes", "Header set X 'a b'", ["set", "X", "a b"]],
    ["backslash escapes the quote inside quotes", 'ErrorDocument 404 "say \\"no\\""', ["404", 'say "no"']],
    ["double backslash inside quotes", 'SetEnv A "x\\\\y"', ["A", "x\\y"]],
    ["other backslashes stay", 'SetEnv A "x\\ny"', ["A", "x\\ny"]],
    ["double backslash outside quotes is one", "SetEnv A x\\\\y", ["A", "x\\y"]],
    ["a quoted word ends at its quote", 'SetEnv "a"b', ["a", "b"]],
    ["quote inside a word is literal", 'SetEnv a"b c"', ['a"b', 'c"']],
    ["empty quotes give an empty word", 'SetEnv A ""', ["A", ""]],
    ["'#' after a directive is an argument", "ServerName x # comment", ["x", "#", "comment"]],
  ])("%s", (_name, text, expected) => {
    expect(args(text)).toEqual(expected);
  });

  it("records where each word stands, quotes included", () => {
    expect(first('  Header set "X-A" b').args).toEqual([
      { text: "set", line: 1, column: 10, endColumn: 13, quoted: false },
      { text: "X-A", line: 1, column: 14, endColumn: 19, quoted: true },
      { text: "b", line: 1, column: 20, endColumn: 21, quoted: false },
    ]);
  });

  it("counts columns in UTF-16 units", () => {
    expect(first("SetEnv \u{1F600} x").args[1]).toMatchObject({ text: "x", column: 11 });
  });
});

describe("lines, comments and continuations (ap_cfg_getline)", () => {
  it.each([
    ["comment line", "# ServerName x\nServerName y", ["ServerName"]],
    ["indented comment", "   # x\nListen 80", ["Listen"]],
    ["blank lines", "\n\n  \t\nListen 80\n", ["Listen"]],
    ["a continued comment swallows the next line", "# note \\\nServerName x\nListen 80", ["Listen"]],
    ["CRLF line ends", "Listen 80\r\nServerName x\r\n", ["Listen", "ServerName"]],
    ["a backslash followed by a blank does not continue", "SetEnv A \\ \nListen 80", ["SetEnv", "Listen"]],
  ])("%s", (_name, text, names) => {
    expect(parse(text).nodes.map((n) => n.name)).toEqual(names);
  });

  it("keeps true positions across a continuation", () => {
    const d = first("ProxyPass /app \\\n    http://10.0.0.5:8000/ \\\r\n  retry=0");
    expect(d.args).toEqual([
      { text: "/app", line: 1, column: 11, endColumn: 15, quoted: false },
      { text: "http://10.0.0.5:8000/", line: 2, column: 5, endColumn: 26, quoted: false },
      { text: "retry=0", line: 3, column: 3, endColumn: 10, quoted: false },
    ]);
  });

  it("joins the next line with nothing in between, as Apache does", () => {
    const d = first("SetEnv AB\\\nCD x");
    expect(d.args[0]).toEqual({ text: "ABCD", line: 1, column: 8, endColumn: 3, endLine: 2, quoted: false });
  });

  it("records where a continued directive ends: its last line, the one Apache names (rows CL01-CL12)", () => {
    expect(first("ProxyPass /app \\\n    http://10.0.0.5:8000/ \\\r\n  retry=0").continued).toEqual({ line: 3, endColumn: 10 });
    expect(first("ServerName x \\\n\nListen 80").continued).toEqual({ line: 2, endColumn: 1 });
    expect(first("ServerName x").continued).toBeUndefined();
  });

  it("extends an error in a continued directive to its last line and names that line", () => {
    const text = "Bogus a \\\n  b\nServerAdmin x y\n";
    const { nodes } = parse(text);
    const diagnostics = lint(text).filter((d) => d.severity === "error");
    markContinuedDirectives(nodes, diagnostics, "backend.config");
    expect(diagnostics.map((d) => [d.line, d.column, d.endLine, d.endColumn])).toEqual([
      [1, 1, 2, 4],
      [3, 15, undefined, 16],
    ]);
    expect(diagnostics[0]!.message).toMatch(/\(Apache names line 2, where this continued directive ends\.\)$/);
    expect(diagnostics[1]!.message).not.toMatch(/Apache names line/);
  });
});

describe("sections", () => {
  it("ends the arguments at the last '>', even inside quotes, as Apache does", () => {
    const { nodes, diagnostics } = parse('<Directory "/tmp>"\n</Directory>');
    expect((nodes[0] as Section).args.map((a) => a.text)).toEqual(["/tmp"]);
    expect(diagnostics.map((d) => d.code)).toEqual(["config-section-trailing-text", "config-unterminated-quote"]);
  });

  it("nests sections and records their extent", () => {
    const { nodes, diagnostics } = parse("<VirtualHost *:80>\n  ServerName a\n  <Location /x>\n    ProxyPass http://b/\n  </Location>\n</VirtualHost>");
    expect(diagnostics).toEqual([]);
    const vh = nodes[0] as Section;
    expect(vh).toMatchObject({ kind: "section", name: "VirtualHost", line: 1, column: 1, endLine: 6 });
    expect(vh.args[0]).toMatchObject({ text: "*:80", column: 14, endColumn: 18 });
    const loc = vh.children[1] as Section;
    expect(loc).toMatchObject({ name: "Location", line: 3, column: 3, endLine: 5 });
    expect((loc.children[0] as Directive).args.map((a) => a.text)).toEqual(["http://b/"]);
  });

  it.each([
    ["case-insensitive close tag", "<virtualhost *:80>\n</VIRTUALHOST>", "virtualhost", ["*:80"]],
    ["quoted argument", '<Location "/a b">\n</Location>', "Location", ["/a b"]],
    ["several addresses", "<VirtualHost 10.0.0.1:80 [2001:db8::1]:80>\n</VirtualHost>", "VirtualHost", ["10.0.0.1:80", "[2001:db8::1]:80"]],
    ["IfModule with negation", "<IfModule !mod_ssl.c>\n</IfModule>", "IfModule", ["!mod_ssl.c"]],
  ])("%s", (_name, text, name, expectedArgs) => {
    const { nodes, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(nodes[0]).toMatchObject({ kind: "section", name });
    expect((nodes[0] as Section).args.map((a) => a.text)).toEqual(expectedArgs);
  });
});

/**
 * Each row was run through `apache2 -t` (Apache 2.4.71, Debian 12, all modules used here loaded); the
 * message is Apache's first error. Apache stops there; the row names the diagnostic that carries it.
 */
const apacheRows = [
  ["unknown directive", "Foo bar\n", "config-unknown-directive", 1, 1, "Invalid command 'Foo', perhaps misspelled or defined by a module not included in the server configuration"],
  ["unknown section", "<Foo bar>\n</Foo>\n", "config-unknown-directive", 1, 1, "Invalid command '<Foo', perhaps misspelled or defined by a module not included in the server configuration"],
  ["words joined by a continuation", "FooBar\\\nx\n", "config-unknown-directive", 1, 1, "Invalid command 'FooBarx', perhaps misspelled or defined by a module not included in the server configuration"],
  ["stray close tag", "</VirtualHost>\n", "config-section-unmatched", 1, 1, "</VirtualHost> without matching <VirtualHost> section"],
  ["mismatched close tag", "<VirtualHost *:80>\n</Location>\n", "config-section-mismatch", 2, 1, "Expected </VirtualHost> but saw </Location>"],
  ["mismatch names the open section as Apache spells it", "<virtualhost *:80>\n</Location>\n", "config-section-mismatch", 2, 1, "Expected </VirtualHost> but saw </Location>"],
  ["open tag without '>'", "<VirtualHost *:80\n</VirtualHost>\n", "config-section-missing-bracket", 1, 1, "<VirtualHost> directive missing closing '>'"],
  ["close tag with a blank before '>'", "<VirtualHost *:80>\n</VirtualHost >\n", "config-section-missing-bracket", 2, 1, "</VirtualHost> directive missing closing '>'"],
  ["close tag with an argument", "<VirtualHost *:80>\n</VirtualHost foo>\n", "config-section-missing-bracket", 2, 1, "</VirtualHost> directive missing closing '>'"],
  ["section without arguments", "<Directory>\n</Directory>\n", "config-section-missing-args", 1, 1, "<Directory> directive requires additional arguments"],
  ["unclosed section", "<Directory /tmp>\n", "config-section-unclosed", 1, 1, "<Directory> was not closed."],
  ["ProxyPass in <Directory>", "<Directory /tmp>\nProxyPass / http://x/\n</Directory>\n", "config-directive-context", 2, 1, "ProxyPass cannot occur within <Directory> section"],
  ["ProxyPass in <Files>", "<Files x>\nProxyPass http://x/\n</Files>\n", "config-directive-context", 2, 1, "ProxyPass cannot occur within <Files> section"],
  ["ProxyPass in <Directory> through <IfModule>", "<Directory /tmp>\n<IfModule mod_proxy.c>\nProxyPass / http://x/\n</IfModule>\n</Directory>\n", "config-directive-context", 3, 1, "ProxyPass cannot occur within <Directory> section"],
  ["ServerName in <Directory>", "<Directory /tmp>\nServerName x\n</Directory>\n", "config-directive-context", 2, 1, "ServerName not allowed in <Directory> context"],
  ["WSGIDaemonProcess in <Location>", "<Location /x>\nWSGIDaemonProcess foo\n</Location>\n", "config-directive-context", 2, 1, "WSGIDaemonProcess not allowed in <Location> context"],
  ["WSGIScriptAlias in <Proxy>", "<Proxy http://127.0.0.1:8000/>\nWSGIScriptAlias / /tmp/aptest/app.wsgi\n</Proxy>\n", "config-directive-context", 2, 1, "WSGIScriptAlias not allowed in <Proxy> context"],
  ["Listen in <VirtualHost>", "<VirtualHost *:80>\nListen 80\n</VirtualHost>\n", "config-directive-context", 2, 1, "Listen cannot occur within <VirtualHost> section"],
  ["WSGIPythonHome in <VirtualHost>", "<VirtualHost *:80>\nWSGIPythonHome /usr\n</VirtualHost>\n", "config-directive-context", 2, 1, "WSGIPythonHome cannot occur within <VirtualHost> section"],
  ["AllowOverride at top level", "AllowOverride None\n", "config-directive-context", 1, 1, "AllowOverride not allowed here"],
  ["Require in <VirtualHost>", "<VirtualHost *:80>\nRequire all granted\n</VirtualHost>\n", "config-directive-context", 2, 1, "Require not allowed in <VirtualHost> context"],
  ["Order uses mod_access_compat's spelling", "Order allow,deny\n", "config-directive-context", 1, 1, "order not allowed here"],
  ["ServerAlias outside a virtual host", "ServerAlias example.com\n", "config-directive-context", 1, 1, "ServerAlias only used in <VirtualHost>"],
  ["two-argument Alias in <Location>", "<Location /x>\nAlias /a /tmp\n</Location>\n", "config-directive-context", 2, 1, "Alias cannot occur within directory context"],
  ["one-argument Alias in <Directory>", "<Directory /tmp>\nAlias /tmp\n</Directory>\n", "config-directive-context", 2, 1, "Alias cannot occur within <Directory> section"],
  ["<VirtualHost> in <VirtualHost>", "<VirtualHost *:80>\n<VirtualHost *:81>\n</VirtualHost>\n</VirtualHost>\n", "config-directive-context", 2, 1, "<VirtualHost> cannot occur within <VirtualHost> section"],
  ["<VirtualHost> in <Directory>", "<Directory /tmp>\n<VirtualHost *:80>\n</VirtualHost>\n</Directory>\n", "config-directive-context", 2, 1, "<VirtualHost not allowed in <Directory> context"],
  ["<Location> in <Location>", "<Location /x>\n<Location /y>\n</Location>\n</Location>\n", "config-directive-context", 2, 1, "<Location not allowed in <Location> context"],
  ["<Files> in <Location>", "<Location /x>\n<Files x>\n</Files>\n</Location>\n", "config-directive-context", 2, 1, "<Files> cannot occur within <Location> section"],
  ["LimitRequestFieldSize uses core's spelling", "<Location /x>\nLimitRequestFieldSize 100\n</Location>\n", "config-directive-context", 2, 1, "LimitRequestFieldsize not allowed in <Location> context"],
] as const;

describe("errors in Apache's words (checked with apache2 -t)", () => {
  it.each(apacheRows)("%s", (_name, text, code, line, column, message) => {
    const errors = lint(text).filter((d) => d.severity === "error");
    expect(errors[0]).toMatchObject({ code, line, column, message, source: "backend.config" });
  });
});

describe("configurations Apache accepts (checked with apache2 -t)", () => {
  it.each([
    ["ProxyPass without path in <Location>", "<Location /x>\nProxyPass http://127.0.0.1:8000/\nProxyPassReverse http://127.0.0.1:8000/\n</Location>\n"],
    ["one-argument Alias in <Location>", "<Location /x>\nAlias /tmp\n</Location>\n"],
    ["SSLProxyEngine in <Proxy>", "<Proxy http://127.0.0.1:8000/>\nSSLProxyEngine on\n</Proxy>\n"],
    ["<Files> in <Directory>, and nested <Files>", "<Directory /tmp>\n<Files x>\n<Files y>\n</Files>\n</Files>\n</Directory>\n"],
    ["Include and Define anywhere (read while parsing)", "<Location /x>\nDefine FOO\nLoadModule info_module /usr/lib/apache2/modules/mod_info.so\n</Location>\n"],
    ["text after a section's '>' is ignored", "<VirtualHost *:80> junk\n</VirtualHost>\n"],
    ["unknown directive in an <IfModule> Apache skips", "<IfModule mod_nothere.c>\nFooBar baz\n</IfModule>\n"],
    ["an unterminated quote takes the rest of the line", 'ServerAdmin "a b\n'],
    ["the typical mod_wsgi back end", "ServerName www.example.com\nWSGIScriptAlias / /srv/app/wsgi.py\nWSGITrustedProxies 192.0.2.10\nWSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Proto\n<Directory /srv/app>\n  Require all granted\n</Directory>\n"],
  ])("%s", (_name, text) => {
    expect(lint(text).filter((d) => d.severity === "error")).toEqual([]);
  });
});

describe("warnings and notes", () => {
  it.each([
    ["inline comment", "UnsetEnv A # old", "config-inline-comment", "warning", 1, 12],
    ["trailing text after '>'", "<VirtualHost *:80> ServerName x\n</VirtualHost>", "config-section-trailing-text", "warning", 1, 20],
    ["unterminated quote", 'ServerAdmin "a b', "config-unterminated-quote", "warning", 1, 13],
    ["unknown directive inside <IfModule>", "<IfModule mod_nothere.c>\nFooBar baz\n</IfModule>", "config-unknown-directive", "warning", 2, 1],
    ["valid directive the playground does not simulate", "SSLProtocol all", "config-directive-not-modelled", "info", 1, 1],
  ] as const)("%s", (_name, text, code, severity, line, column) => {
    expect(lint(text)).toEqual([expect.objectContaining({ code, severity, line, column })]);
  });
});

/** The error diagnostics of `text` as `line:column code: message`. */
const errorLines = (text: string) => lint(text).filter((d) => d.severity === "error").map((d) => `${d.line}:${d.column} ${d.code}: ${d.message}`);

/** One rule's cases: each refused text gives exactly the error line shown, each accepted text gives none. */
function refusedAndAccepted(refused: [name: string, text: string, expected: string][], accepted: [name: string, text: string][]): void {
  it.each(refused)("%s: refused", (_name, text, expected) => {
    expect(errorLines(text)).toEqual([expected]);
  });
  it.each(accepted)("%s: accepted", (_name, text) => {
    expect(errorLines(text)).toEqual([]);
  });
}

describe("ProxyPass words (mod_proxy's add_pass; apache2 -t on Apache 2.4.71, syntax rows DA59–DA68)", () => {
  refusedAndAccepted(
    [
      ["a path and no URL", "ProxyPass /app", "1:1 proxy-pass-args: ProxyPass|ProxyPassMatch needs a path when not defined in a location"],
      ["a URL and no path", "ProxyPass http://127.0.0.1:8000/", "1:1 proxy-pass-args: ProxyPass|ProxyPassMatch needs a path when not defined in a location"],
      ["nothing inside <Location>", "<Location /app>\nProxyPass\n</Location>", "2:1 proxy-pass-args: ProxyPass|ProxyPassMatch needs a path when not defined in a location"],
      ["a path inside <Location>", "<Location /app>\nProxyPass /app http://127.0.0.1:8000/\n</Location>", "2:11 proxy-pass-args: ProxyPass|ProxyPassMatch can not have a path when defined in a location."],
      ["a word after the URL that is not key=value", "ProxyPass /app http://127.0.0.1:8000/ retry=0 extra", "1:47 proxy-pass-args: Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form 'key=value'."],
      ["an inline comment, whose words are parameters", "ProxyPass /a http://127.0.0.1:8000/ # old", "1:37 proxy-pass-args: Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form 'key=value'."],
      ["a target with no ':'", "ProxyPass /app backend/", "1:16 proxy-pass-bad-url: ProxyPass URL must be absolute!: backend/"],
    ],
    [
      ["settings and flags after the URL", "ProxyPass /app http://127.0.0.1:8000/ retry=0 nocanon"],
      ["the URL and a setting inside <Location>", "<Location /app>\nProxyPass http://127.0.0.1:8000/ retry=0\n</Location>"],
      ["an exemption", "ProxyPass /static !"],
      ["a scheme no loaded module serves (a warning when a request uses it)", "ProxyPass /app foo://127.0.0.1:8000/"],
    ],
  );
});

describe("ProxyPass settings (mod_proxy's set_worker_param; apache2 -t on Apache 2.4.71, rows PW01–PW54)", () => {
  refusedAndAccepted(
    [
      ["an unknown setting", "ProxyPass /app http://127.0.0.1:8000/ bogus=1", "1:39 proxy-pass-worker-param: ProxyPass unknown Worker parameter"],
      ["a timeout of zero", "ProxyPass /app http://127.0.0.1:8000/ timeout=0", "1:39 proxy-pass-worker-param: ProxyPass Timeout must be at least one second"],
      ["the same setting twice: the value written last counts", "ProxyPass /app http://127.0.0.1:8000/ timeout=5 TIMEOUT=0", "1:49 proxy-pass-worker-param: ProxyPass Timeout must be at least one second"],
      ["a balancer's unknown setting", "ProxyPass /app balancer://app bogus=1", "1:31 proxy-pass-worker-param: ProxyPass unknown Balancer parameter"],
      ["an unknown mapping", "ProxyPass /app http://127.0.0.1:8000/ mapping=x", "1:39 proxy-pass-worker-param: unknown mapping"],
    ],
    [
      ["a timeout with a unit atoi stops at", "ProxyPass /app http://127.0.0.1:8000/ timeout=5s connectiontimeout=200ms"],
      ["settings on an exemption, which Apache does not read", "ProxyPass /static ! bogus=1"],
    ],
  );
  it("warns that the settings of a rule sharing an earlier rule's worker are ignored", () => {
    const text = "ProxyPass /a http://127.0.0.1:8000/\nProxyPass /b http://127.0.0.1:8000/b timeout=0\n";
    expect(errorLines(text)).toEqual([]);
    const shared = lint(text).filter((d) => d.code === "proxy-pass-worker-shared");
    expect(shared.map((d) => `${d.severity} ${d.line}:${d.column}`)).toEqual(["warning 2:38"]);
    expect(shared[0]!.message).toContain("http://127.0.0.1:8000/");
  });
  it("keeps each virtual host's workers apart from the main server's", () => {
    expect(errorLines("<VirtualHost *:80>\nProxyPass /a http://127.0.0.1:8000/\n</VirtualHost>\nProxyPass /b http://127.0.0.1:8000/ bogus=1")).toEqual([
      "4:37 proxy-pass-worker-param: ProxyPass unknown Worker parameter",
    ]);
  });
});

describe("section paths (core.c dirsection, urlsection, filesection; apache2 -t on Apache 2.4.71, rows DA76–DA83)", () => {
  refusedAndAccepted(
    [
      ["two paths", "<Location /a b>\n</Location>", "1:14 config-directive-args: Multiple <Location> arguments not (yet) supported."],
      ["a pattern and a word", "<Location ~ ^/a b>\n</Location>", "1:17 config-directive-args: Multiple <Location> arguments not (yet) supported."],
      ["two files", "<Files a.py b.py>\n</Files>", "1:13 config-directive-args: Multiple <Files> arguments not (yet) supported."],
      ["an error inside the section, which Apache reports first", "<Location /a b>\nServerName x\n</Location>", "2:1 config-directive-context: ServerName not allowed in <Location> context"],
    ],
    [
      ["a quoted path with a space", '<Location "/a b">\n</Location>'],
      ["a pattern", "<Location ~ ^/a>\n</Location>"],
    ],
  );
});

describe("RewriteRule and RewriteCond words (mod_rewrite's parseargline; apache2 -t on Apache 2.4.71, rows DA69–DA75)", () => {
  refusedAndAccepted(
    [
      ["RewriteRule with a pattern only", "RewriteRule ^/old", "1:1 config-directive-args: RewriteRule: bad argument line '^/old'"],
      ["RewriteRule with nothing", "RewriteRule", "1:1 config-directive-args: RewriteRule: bad argument line ''"],
      ["RewriteCond with a test string only", "RewriteCond %{HTTP_HOST}", "1:1 config-directive-args: RewriteCond: bad argument line '%{HTTP_HOST}'"],
    ],
    [
      ["words after the flags are ignored", "RewriteRule ^/a /b [R] extra\nRewriteCond %{HTTP_HOST} ^a [NC] extra"],
      ["a quoted pattern with a space", 'RewriteRule "^/a b" /c'],
    ],
  );
});

describe("recovery", () => {
  it("closes the matching outer section on a mismatched tag and goes on", () => {
    const { nodes, diagnostics } = parse("<VirtualHost *:80>\n<Location /a>\n</VirtualHost>\nListen 80");
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([["config-section-mismatch", 3]]);
    expect(nodes.map((n) => n.name)).toEqual(["VirtualHost", "Listen"]);
    expect(nodes[0]).toMatchObject({ endLine: 3 });
  });

  it("reports every unclosed section, innermost first, and ends them at the last line", () => {
    const { nodes, diagnostics } = parse("<Directory /tmp>\n<Files x>\nListen 80\n");
    expect(diagnostics.map((d) => [d.message, d.line])).toEqual([
      ["<Files> was not closed.", 2],
      ["<Directory> was not closed.", 1],
    ]);
    expect(nodes[0]).toMatchObject({ endLine: 3 });
  });

  it("ignores a stray close tag", () => {
    expect(parse("</Location>\nListen 80").nodes.map((n) => n.name)).toEqual(["Listen"]);
  });

  it.each([
    ["empty text", ""],
    ["a lone backslash", "\\"],
    ["a lone <", "<"],
    ["a lone </", "</"],
    ["<>", "<>"],
    ["quotes across lines", "\"\n'"],
    ["an open tag at the end", "<VirtualHost"],
    ["a continued comment at the end", "#\\"],
    ["bare CRs", "\r\r\r"],
    ["a 100 000-character word", "a".repeat(100_000)],
    ["5000 nested sections", "<Directory /a>\n".repeat(5000) + "ProxyPass / http://x/\n"],
  ])(
    "never throws on %s",
    (_name, text) => {
      expect(() => {
        const { nodes } = parse(text);
        checkDirectives(nodes, "backend.config");
      }).not.toThrow();
    },
  );

  it("stays linear on a long continued line", { timeout: 60_000 }, () => {
    const text = "SetEnv A" + " b \\\n".repeat(50_000);
    const d = first(text);
    expect(d.args).toHaveLength(50_001);
  });
});

describe("directive table", () => {
  it.each([
    ["ProxyPass", "mod_proxy"],
    ["proxypass", "mod_proxy"],
    ["WSGITrustedProxies", "mod_wsgi"],
    ["VirtualHost", "core"],
    ["<VirtualHost", "core"],
    ["<virtualhost>", "core"],
    ["Order", "mod_access_compat"],
  ])("finds %s", (name, module) => {
    expect(findDirective(name)?.module).toBe(module);
  });

  it("knows directives it does not model, without a spec", () => {
    expect(findDirective("SSLProtocol")).toBeUndefined();
    expect(findKnownDirective("SSLProtocol")).toMatchObject({ name: "SSLProtocol", module: "mod_ssl", contexts: ["server", "virtualhost"] });
    expect(findKnownDirective("SSLProtocol")?.spec).toBeUndefined();
    expect(findKnownDirective("NoSuchThing")).toBeUndefined();
  });

  it("has each name once, with help, arguments and contexts", () => {
    const names = directives.map((d) => d.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    for (const d of directives) {
      expect(d.help, d.name).toMatch(/^[A-Z<].{10,}[.)]$/);
      expect(d.args, d.name).not.toBe("");
      expect(d.contexts.length, d.name).toBeGreaterThan(0);
    }
  });

  it.each([
    "ServerName ServerAlias ServerAdmin DocumentRoot UseCanonicalName UseCanonicalPhysicalPort Listen Include IncludeOptional Options AllowOverride ErrorDocument ServerTokens ServerSignature LogLevel ErrorLog CustomLog KeepAlive Timeout LimitRequestBody HttpProtocolOptions Define",
    "VirtualHost Directory DirectoryMatch Location LocationMatch Files FilesMatch IfModule IfDefine",
    "Alias AliasMatch Redirect RedirectMatch RedirectPermanent ScriptAlias DirectoryIndex DirectorySlash",
    "ProxyPass ProxyPassMatch ProxyPassReverse ProxyPassReverseCookieDomain ProxyPassReverseCookiePath ProxyPreserveHost ProxyAddHeaders ProxyRequests ProxyVia ProxyTimeout ProxyErrorOverride ProxyHTMLEnable ProxyHTMLURLMap",
    "RequestHeader Header SetEnv SetEnvIf PassEnv UnsetEnv RewriteEngine RewriteCond RewriteRule RewriteOptions RemoteIPHeader RemoteIPTrustedProxy RemoteIPInternalProxy",
    "SSLEngine SSLCertificateFile SSLCertificateKeyFile SSLProxyEngine SSLProxyVerify SSLProxyCheckPeerName Require Order Allow Deny",
    "WSGIScriptAlias WSGIScriptAliasMatch WSGIDaemonProcess WSGIProcessGroup WSGIApplicationGroup WSGIPassAuthorization WSGIMapHEADToGET WSGITrustedProxies WSGITrustedProxyHeaders WSGIPythonHome WSGIPythonPath WSGIRestrictEmbedded WSGICallableObject WSGIErrorOverride WSGIHandlerScript WSGIImportScript WSGISocketPrefix",
    "TypesConfig AddType LoadModule",
  ])("covers %s", (list) => {
    for (const name of list.split(" ")) expect(findDirective(name), name).toBeDefined();
  });
});

describe("carriage returns (observed with Apache 2.4.71: syntax rows carriage-return-apache.json, scenarios apache-cr-*)", () => {
  const crs = (text: string) => parse(text).diagnostics.filter((d) => d.code === "config-carriage-return");

  it("counts lines by LF only: a lone CR is a blank between words, so the next directive's words go on the first (AC01: 'RequestHeader has too many arguments' on line 1)", () => {
    const { nodes } = parse("RequestHeader set X-A 1\rRequestHeader set X-B 2\nListen 80");
    expect(nodes.map((n) => [n.name, n.line])).toEqual([["RequestHeader", 1], ["Listen", 2]]);
    expect((nodes[0] as Directive).args.map((a) => a.text)).toEqual(["set", "X-A", "1", "RequestHeader", "set", "X-B", "2"]);
    expect((nodes[0] as Directive).args[3]).toMatchObject({ line: 1, column: 25 });
    expect(crs("RequestHeader set X-A 1\rRequestHeader set X-B 2")).toEqual([
      expect.objectContaining({ severity: "warning", line: 1, column: 24, endColumn: 25, message: expect.stringContaining("'RequestHeader set X-B 2' goes on as more words of RequestHeader") }),
    ]);
  });

  it("splits a word at a CR (AC09: Invalid command 'Frob')", () => {
    expect(lint("Frob\ricate on").filter((d) => d.severity === "error")).toEqual([expect.objectContaining({ code: "config-unknown-directive", line: 1, column: 1, message: expect.stringContaining("'Frob'") })]);
  });

  it("reads a comment line up to the LF, over a lone CR (AC02: accepted), and warns about the hidden text", () => {
    expect(lint("# note\rFrobnicate on").filter((d) => d.severity === "error")).toEqual([]);
    expect(crs("# note\rFrobnicate on")).toEqual([expect.objectContaining({ line: 1, column: 7, message: expect.stringContaining("'Frobnicate on' after this carriage return is ignored") })]);
  });

  it("keeps a CR inside quotes in the value (AC04, AC05; apache-cr-back-end: HTTP_X_A is a CR b)", () => {
    expect(args('RequestHeader set X-A "a\rb"')).toEqual(["set", "X-A", "a\rb"]);
    expect(args("RequestHeader set X-A 'a\rb'")).toEqual(["set", "X-A", "a\rb"]);
    expect(crs('RequestHeader set X-A "a\rb"')).toEqual([expect.objectContaining({ line: 1, column: 25, message: expect.stringContaining("with 400") })]);
  });

  it("reads CRLF as LF, continues a line whose backslash comes before CRLF, and skips a CR at a line's start, all without a warning (AC03, AC06, AC08, AC12)", () => {
    const text = "RequestHeader set X-A \\\r\n  1\r\n\r\n\rFrobnicate on\r\n<Location /a>\r\n</Location>\r\n";
    const { nodes, diagnostics } = parse(text);
    expect(nodes.map((n) => [n.name, n.line])).toEqual([["RequestHeader", 1], ["Frobnicate", 4], ["Location", 5]]);
    expect((nodes[0] as Directive).args.map((a) => a.text)).toEqual(["set", "X-A", "1"]);
    expect((nodes[1] as Directive).column).toBe(2);
    expect(diagnostics).toEqual([]);
  });

  it("does not continue a line whose backslash comes before a lone CR (AC07: Unknown parameter: Frobnicate, line 1)", () => {
    expect(args("RequestHeader set X-A a\\\rFrobnicate\nListen 80")).toEqual(["set", "X-A", "a\\", "Frobnicate"]);
  });

  it("leaves the words after a section's '>' on its line (AC10: accepted)", () => {
    const d = lint("<Location /a>\rRequestHeader set X-A 1\n</Location>");
    expect(d.filter((x) => x.severity === "error")).toEqual([]);
    expect(d.find((x) => x.code === "config-carriage-return")?.message).toContain("stays on the line of <Location>");
  });
});

describe("argument counts (invoke_cmd; observed with apache2 -t on Apache 2.4.71: syntax rows directive-args.json)", () => {
  const argErrors = (text: string) => lint(text).filter((d) => d.code === "config-directive-args");
  const ADMIN = "ServerAdmin takes one argument, The email address of the server administrator";

  it.each([
    ["TAKE1, one too many (DA01): at the extra word", "ServerAdmin a b", 1, 15, ADMIN],
    ["TAKE1, none (DA02): at the name", "ServerAdmin", 1, 1, ADMIN],
    ["TAKE1, an empty quoted word (DA03)", 'ServerAdmin ""', 1, 13, ADMIN],
    ["two directives run together by a CR are one with too many words (DA05)", "ServerName a\rServerName b", 1, 14, "ServerName takes one argument, The hostname and port of the server"],
    ["TAKE1 in <VirtualHost> (DA06)", "<VirtualHost *:18080>\nServerName a.example\nTimeout 5 6\n</VirtualHost>", 3, 11, "Timeout takes one argument, Timeout duration (sec)"],
    ["the registered spelling (DA07)", "<Directory /tmp>\nOrder allow,deny extra\n</Directory>", 2, 18, "order takes one argument, 'allow,deny', 'deny,allow', or 'mutual-failure'"],
    ["mod_wsgi's TAKE1 (observed: WSGIPythonHome takes one argument, Python prefix/exec_prefix absolute path names.)", "WSGIPythonHome a b", 1, 18, "WSGIPythonHome takes one argument, Python prefix/exec_prefix absolute path names."],
    ["TAKE2, one short (DA11)", "ErrorDocument 404", 1, 1, "ErrorDocument takes two arguments, Change responses for HTTP errors"],
    ["TAKE2, read while parsing (DA14)", "LoadModule x", 1, 1, "LoadModule takes two arguments, a module name and the name of a shared object file to load it from"],
    ["TAKE12, three (DA15)", "SetEnv A b c", 1, 12, "SetEnv takes 1-2 arguments, an environment variable name and optional value to pass to CGI."],
    ["TAKE12, the count comes before Alias's own place check (DA19)", "<Location /a>\nAlias /tmp /tmp extra\n</Location>", 2, 17, "Alias takes 1-2 arguments, a fakename and a realname, or a realname in a Location"],
    ["TAKE23, one (DA21)", "CustomLog x", 1, 1, 'CustomLog takes two or three arguments, a file name, a custom log format string or format name, and an optional "env=" or "expr=" clause (see docs)'],
    ["TAKE23, four (DA22)", "ProxyPassReverseCookiePath /a /b c d", 1, 36, "ProxyPassReverseCookiePath takes two or three arguments, Path rewrite rule for proxying cookies"],
    ["TAKE123, four (DA24)", "Redirect 301 /a http://127.0.0.1/ extra", 1, 35, "Redirect takes one, two or three arguments, an optional status, then document to be redirected and destination URL"],
    ["ITERATE, none (DA26)", "PassEnv", 1, 1, "PassEnv requires at least one argument, a list of environment variables to pass to CGI."],
    ["ITERATE, an empty first word (DA27)", 'UnsetEnv "" A', 1, 10, "UnsetEnv requires at least one argument, a list of variables to remove from the CGI environment."],
    ["ITERATE2, one (DA30)", "AddType text/plain", 1, 1, "AddType requires at least two arguments, a mime type followed by one or more file extensions"],
    ["ITERATE2, the registered spelling (DA32)", "<Directory /tmp>\nAllow from\n</Directory>", 2, 1, "allow requires at least two arguments, 'from' followed by hostnames or IP-address wildcards"],
    ["FLAG, none (DA33)", "ProxyRequests", 1, 1, "ProxyRequests must be On or Off"],
    ["FLAG, not On or Off (DA34)", "ProxyPreserveHost yes", 1, 19, "ProxyPreserveHost must be On or Off"],
    ["FLAG, an empty word (DA37)", 'RewriteEngine ""', 1, 15, "RewriteEngine must be On or Off"],
    ["inside an <IfModule> of a module always loaded (DA38)", "<IfModule mod_env.c>\nSetEnv a b c\n</IfModule>", 2, 12, "SetEnv takes 1-2 arguments, an environment variable name and optional value to pass to CGI."],
    ["the same, by identifier (DA41)", "<IfModule env_module>\nSetEnv a b c\n</IfModule>", 2, 12, "SetEnv takes 1-2 arguments, an environment variable name and optional value to pass to CGI."],
    ["the count comes before a server-only directive's place check (DA40)", "<VirtualHost *:18080>\nServerTokens a b\n</VirtualHost>", 2, 16, "ServerTokens takes one argument, Determine tokens displayed in the Server: header - Min(imal), Major, Minor, Prod(uctOnly), OS, or Full"],
    // Modules that count their words themselves, in their own words.
    ["Listen, none (DA45)", "Listen", 1, 1, "Listen requires 1 or 2 arguments."],
    ["Listen, three (DA46)", "Listen 18081 http x", 1, 19, "Listen requires 1 or 2 arguments."],
    ["SetEnvIf, no regex (DA48)", "SetEnvIf Remote_Addr", 1, 1, "Missing regular expression for SetEnvIf"],
    ["SetEnvIfNoCase, an empty first word (DA49)", 'SetEnvIfNoCase "" a b', 1, 16, "Missing header-field name for SetEnvIfNoCase"],
    ["SetEnvIf, an empty variable (DA51)", 'SetEnvIf Remote_Addr ^127 ""', 1, 27, "Missing envariable expression for SetEnvIf"],
    ["WSGIDaemonProcess, no name (DA52)", "<VirtualHost *:18080>\nServerName a.example\nWSGIDaemonProcess\n</VirtualHost>", 3, 1, "Name of WSGI daemon process not supplied."],
    ["WSGIHandlerScript, no script (DA53)", "WSGIHandlerScript x", 1, 1, "Location of handler script not supplied."],
    ["WSGIImportScript, none (DA54)", "WSGIImportScript", 1, 1, "Location of import script not supplied."],
    ["Alias, one word at top level (DA55)", "Alias /tmp", 1, 1, "Alias must have two arguments when used globally"],
    ["ScriptAlias, one word in <VirtualHost> (DA56: mod_alias says Alias)", "<VirtualHost *:18080>\nScriptAlias /tmp\n</VirtualHost>", 2, 1, "Alias must have two arguments when used globally"],
  ])("%s", (_name, text, line, column, message) => {
    const errors = lint(text).filter((d) => d.severity === "error");
    expect(errors).toEqual([expect.objectContaining({ code: "config-directive-args", source: "backend.config", line, column, message })]);
  });

  it.each([
    ["ServerAdmin webmaster@example.com (DA04)"],
    ["SetEnv A (DA17)"],
    ['UnsetEnv A "" B (DA28: words after an empty one are not read)'],
    ['AddType text/plain "" (DA31: an empty second word is still a second word)'],
    ["ProxyRequests OFF extra (DA35: a flag reads its first word only)"],
    ["KeepAlive off (DA36)"],
    ["<IfModule !mod_env.c>\nSetEnv a b c\n</IfModule> (DA42: not read)"],
    ["<IfModule mod_env>\nSetEnv a b c\n</IfModule> (DA43: no such module name, not read)"],
  ])("accepts %s", (label) => {
    const text = label.replace(/ \(DA\d\d.*\)$/, "");
    expect(lint(text).filter((d) => d.severity === "error")).toEqual([]);
  });

  it("is a warning inside a block Apache may skip (DA39: accepted when the module is missing)", () => {
    expect(argErrors("<IfModule mod_nothere.c>\nSetEnv a b c\n</IfModule>")).toEqual([
      expect.objectContaining({ severity: "warning", line: 2, column: 12, message: expect.stringContaining("Apache reports it only if it reads the enclosing conditional block") }),
    ]);
  });

  it("reports an unknown directive inside an <IfModule> that is always read as an error (DA44)", () => {
    expect(lint("<IfModule mod_headers.c>\nFrobnicate on\n</IfModule>").filter((d) => d.severity === "error")).toEqual([expect.objectContaining({ code: "config-unknown-directive", line: 2 })]);
  });

  it("accepts what those modules accept (DA47: an empty last word is not one of Listen's; DA57: one-word Alias in <Location>)", () => {
    for (const text of ['Listen 18081 http ""', "<Location /a>\nAlias /tmp\n</Location>"]) expect(argErrors(text), text).toEqual([]);
    expect(lint("<Directory /tmp>\nAlias /tmp\n</Directory>").filter((d) => d.severity === "error")).toEqual([expect.objectContaining({ code: "config-directive-context", message: "Alias cannot occur within <Directory> section" })]);
  });

  it("leaves directives that read their own words to their own checks (RAW_ARGS, TAKE_ARGV)", () => {
    // (RewriteRule and RewriteCond have mod_rewrite's own count, tested with their rows DA69–DA75.)
    for (const text of ["RequestHeader set X-A 1\rRequestHeader set X-B 2", "<VirtualHost *:80>\nProxyPass\n</VirtualHost>", "WSGIScriptAlias /"]) {
      expect(argErrors(text), text).toEqual([]);
    }
  });

  it("follows invoke_cmd for the argument types the table does not use yet", () => {
    const word = (text: string): ConfigArg => ({ text, line: 1, column: 1, endColumn: 1, quoted: text === "" });
    const check = (argsHow: Parameters<typeof checkArguments>[0]["argsHow"], words: string[]) => checkArguments({ name: "X", argsHow, usage: "u" }, words.map(word))?.message ?? null;
    expect(check("NO_ARGS", ["a"])).toBe("X takes no arguments");
    expect(check("NO_ARGS", [])).toBeNull();
    expect(check("TAKE3", ["a", "b"])).toBe("X takes three arguments, u");
    expect(check("TAKE3", ["a", "b", "c"])).toBeNull();
    expect(check("TAKE13", ["a", "b"])).toBe("X takes one or three arguments, u");
    expect(check("TAKE13", ["a", ""])).toBeNull();
    expect(check("TAKE13", ["a", "b", "c"])).toBeNull();
    expect(check("RAW_ARGS", [])).toBeNull();
    expect(check("TAKE_ARGV", [])).toBeNull();
  });

  it("gives every directive its argument type, and Apache's help text wherever Apache appends one", () => {
    for (const d of directives) {
      if (d.section) expect(d.argsHow, d.name).toBe("RAW_ARGS");
      const counted = !["RAW_ARGS", "TAKE_ARGV", "FLAG", "NO_ARGS"].includes(d.argsHow);
      expect(d.usage !== undefined, d.name).toBe(counted);
    }
  });
});
