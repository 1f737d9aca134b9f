/**
 * The directive handlers' checks against `nginx -t` (nginx 1.22.1, Debian 12): each row's message was
 * produced by a real `nginx -t -c <file> -p <prefix>` on the same text inside a server block.
 */
import { describe, expect, it } from "vitest";
import { nginxModelFor } from "./frontEnd.ts";

function first(text: string): { severity: string; message: string; line: number } | undefined {
  const { diagnostics } = nginxModelFor({ server: "nginx", listen: "127.0.0.1:19999", address: "127.0.0.2", config: text }, 0, false);
  const d = diagnostics[0];
  return d && { severity: d.severity, message: d.message, line: d.line };
}

describe("handler checks (nginx -t wording)", () => {
  it.each([
    ["ngx_http_proxy_pass: a URI part in a regex location", "location ~ /a { proxy_pass http://127.0.0.1:19999/x; }\n", '"proxy_pass" cannot have URI part in location given by regular expression, or inside named location, or inside "if" statement, or inside "limit_except" block'],
    ["ngx_http_proxy_pass: a URI part inside if", "location /a { if ($host) { proxy_pass http://127.0.0.1:19999/x; } }\n", '"proxy_pass" cannot have URI part in location given by regular expression, or inside named location, or inside "if" statement, or inside "limit_except" block'],
    ["ngx_http_proxy_pass: no http:// or https://", "location /a { proxy_pass 127.0.0.1:19999; }\n", "invalid URL prefix"],
    ["ngx_http_proxy_pass: twice in a location", "location /a { proxy_pass http://127.0.0.1:1; proxy_pass http://127.0.0.1:2; }\n", '"proxy_pass" directive is duplicate'],
    ["ngx_parse_url: port 0", "location /a { proxy_pass http://127.0.0.1:0/; }\n", 'invalid port in upstream "127.0.0.1:0/"'],
    ["ngx_http_proxy_redirect: default with no proxy_pass before it", "proxy_redirect default;\n", '"proxy_redirect default" should be placed after the "proxy_pass" directive'],
    ["ngx_http_proxy_redirect: default before proxy_pass in the same location", "location /a { proxy_redirect default; proxy_pass http://127.0.0.1:19999/; }\n", '"proxy_redirect default" should be placed after the "proxy_pass" directive'],
    ["ngx_http_proxy_redirect: default with a proxy_pass with variables", "location /a { proxy_pass http://$host; proxy_redirect default; }\n", '"proxy_redirect default" cannot be used with "proxy_pass" directive with variables'],
    ["ngx_http_proxy_redirect: off and a rule at one level", "location /a { proxy_redirect off; proxy_redirect / /; }\n", '"proxy_redirect" directive is duplicate'],
    ["ngx_http_proxy_redirect: one word that is neither off nor default", "location /a { proxy_redirect foo; }\n", 'invalid parameter "foo"'],
    ["proxy_http_version: only 1.0 and 1.1", "location / { proxy_http_version 2.0; }\n", 'invalid value "2.0"'],
    ["ngx_http_realip_from: not an address", "set_real_ip_from 10.0.0.300;\n", 'host not found in set_real_ip_from "10.0.0.300"'],
    ["ngx_http_realip: real_ip_header twice", "real_ip_header X-Real-IP;\nreal_ip_header X-Forwarded-For;\n", '"real_ip_header" directive is duplicate'],
    ["ngx_http_rewrite_return: a code above 999", "return 1000;\n", 'invalid return code "1000"'],
    ["ngx_http_rewrite_return: not a code and not a URL", "return foo;\n", 'invalid return code "foo"'],
    ["ngx_http_rewrite: an unknown flag", "rewrite ^/a /b foo;\n", 'invalid parameter "foo"'],
    ["ngx_http_rewrite: a regex that does not compile", "rewrite ^/a( /b;\n", 'pcre2_compile() failed: missing closing parenthesis in "^/a("'],
    ["ngx_http_core_location: an unknown modifier", "location x /a { }\n", 'invalid location modifier "x"'],
    ["ngx_http_core_location: a regex that does not compile", "location ~ /a( { }\n", 'pcre2_compile() failed: missing closing parenthesis in "/a("'],
    ["ngx_http_core_location: a nested location outside its parent", "location /a { location /b {} }\n", 'location "/b" is outside location "/a"'],
    ["ngx_http_core_location: nested in an exact location", "location = /a { location /a/b {} }\n", 'location "/a/b" cannot be inside the exact location "/a"'],
    ["ngx_http_core_location: a nested named location", "location /a { location @x { } }\n", 'named location "@x" can be on the server level only'],
    ["ngx_http_init_locations: the same prefix twice", "location / {}\nlocation / {}\n", 'duplicate location "/"'],
    ["ngx_http_core_server_name: a bad wildcard", "server_name *a;\n", 'server name "*a" is invalid'],
    ["ngx_http_core_server_name: an empty regex", "server_name ~;\n", 'empty regex in server name "~"'],
    ["ngx_http_core_listen: an unknown parameter", "listen 127.0.0.1:19998 foo;\n", 'invalid parameter "foo"'],
    ["ngx_http_access_rule: an address that does not parse", "allow foo;\n", 'invalid parameter "foo"'],
    ["ngx_http_script: an unknown variable (nginx names no line for it)", "location /a { proxy_pass http://127.0.0.1:19999/; proxy_set_header X $nosuch; }\n", 'unknown "nosuch" variable'],
  ])("%s", (_name, text, message) => {
    expect(first(text)).toMatchObject({ severity: "error", message });
  });

  it.each([
    ["ngx_ptocidr: host bits set", "set_real_ip_from 10.0.0.1/8;\n", "low address bits of 10.0.0.1/8 are meaningless"],
    ["ngx_http_access_rule: host bits set", "deny 10.0.0.1/8;\n", "low address bits of 10.0.0.1/8 are meaningless"],
    ["ngx_http_upstream_add: a name nginx must resolve (nginx -t here says emerg; DNS may know it)", "location /a { proxy_pass http://backend.invalid:8000; }\n", 'host not found in upstream "backend.invalid"'],
  ])("warns: %s", (_name, text, message) => {
    const d = first(text);
    expect(d?.severity).toBe("warning");
    expect(d?.message.startsWith(message)).toBe(true);
  });

  it("says which directives the engine does not model (an info, not an nginx message)", () => {
    const { diagnostics } = nginxModelFor({ server: "nginx", listen: "127.0.0.1:19999", address: "127.0.0.2", config: "location / {\n    error_page 404 /x;\n    proxy_pass http://127.0.0.1:19999;\n}\n" }, 0, false);
    expect(diagnostics.map((d) => [d.severity, d.code, d.line])).toEqual([["info", "nginx-not-modelled", 2]]);
  });
});
