import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkDirectives, parseApacheConfig } from "./configParser.ts";
import { pcreCompiles } from "./utilPcre.ts";

/** Patterns and what `apache2 -t` said of them as RewriteRule patterns (Apache 2.4.71, PCRE2 10.42). */
const OBSERVED: [string, boolean][] = [
  ["^/ok$", true],
  ["^(/foo", false],
  ["^/foo)", false],
  ["*abc", false],
  ["^/a**", false],
  // PCRE forms JavaScript lacks.
  ["^/a++", true],
  ["^/a*+b", true],
  ["^/a{2}+", true],
  ["^/a?+", true],
  ["^/(?>atomic)", true],
  ["^/(?i)case", true],
  ["^/(?i:case)", true],
  ["^/(?-i)x", true],
  ["^/(?^i)x", true],
  ["^/(?s-i:x)", true],
  ["^/(?P<n>x)(?P=n)", true],
  ["^/(?<n>x)|(?<n>y)", true],
  ["^/(?'n'x)\\k'n'", true],
  ["^/(?<n>a)\\k{n}", true],
  ["^/(?&n)(?<n>x)", true],
  ["^/\\Q(x\\E", true],
  ["^/(?#comment)x", true],
  ["^/[[:alpha:]]+", true],
  ["^/[[:^alpha:]]", true],
  ["^/[]a]", true],
  ["^/[^]a]", true],
  ["^/(?<=a)*", true],
  ["^/(?<=ab|c)d", true],
  ["^/(?<=a{2})b", true],
  ["^/\\1(a)", true],
  ["^/(a)|\\10", true],
  ["^/\\g1(a)", true],
  ["^/\\x{41}", true],
  ["^/\\o{101}", true],
  ["^/\\e", true],
  ["^/[\\e-a]", true],
  ["^/a{,3}", true],
  ["^/a{65535}", true],
  ["^/(?|a|b)", true],
  ["^/(a(?R)?)", true],
  ["(*UTF)^/x", true],
  ["^/(?x) a b # c", true],
  // What JavaScript would take and PCRE2 refuses.
  ["^/[[:foo:]]", false],
  ["^/[:alpha:]", false],
  ["^/[z-a]", false],
  ["^/[a-\\e]", false],
  ["^/[\\d-z]", false],
  ["^/[a-\\d]", false],
  ["^/a{2,1}", false],
  ["^/a{65536}", false],
  ["^/x{3}{2}", false],
  ["^/(?<=a+)b", false],
  ["^/(?<=a?)b", false],
  ["^/(?<=(a|bc))d", false],
  ["^/(?<=\\d+)x", false],
  ["^*", false],
  ["^/$*", false],
  ["^/\\b+", false],
  ["^/\\k<nope>", false],
  ["^/(a)\\2", false],
  ["^/(?P>n)", false],
  ["^/(?(1)a|b)", false],
  ["^/(?i", false],
  ["^/(?i)?", false],
  ["^/a+?+", false],
  ["^/(?z)x", false],
  ["^/(?<a-b>x)", false],
  ["^/\\y", false],
  ["^/\\u0041", false],
  ["^/\\o", false],
  ["^/\\x{zz}", false],
  ["^/\\c", false],
  ["^/[\\B]", false],
  ["^/[\\k]", false],
  ["^/" + "(".repeat(250) + "a" + ")".repeat(250), true],
  ["^/" + "(".repeat(251) + "a" + ")".repeat(251), false],
];

describe("pcreCompiles: PCRE2 10.42 as ap_regcomp calls it", () => {
  it.each(OBSERVED)("%j compiles: %s (apache2 -t on Apache 2.4.71)", (pattern, compiles) => {
    expect(pcreCompiles(pattern)).toBe(compiles);
  });

  it("answers for any text, without throwing", () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (text) => typeof pcreCompiles(text) === "boolean"), { numRuns: 3000 });
  });

  it("answers for any mix of regular-expression pieces, without throwing", () => {
    const pieces = ["a", "(", ")", "(?:", "(?=", "(?<=", "(?<!", "(?>", "(?i)", "(?<n>", "\\k<n>", "(?P=n)", "(?&n)", "(?(1)", "[", "]", "[^", "-", "[:alpha:]", "\\d", "\\b", "\\1", "\\Q", "\\E", "\\x{4", "}", "{2}", "{1,", "*", "+", "?", "|", "(*", "\\", "(?#", "\\o{", "\\c"];
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 24 }), (parts) => typeof pcreCompiles(parts.join("")) === "boolean"), { numRuns: 3000 });
  });
});

describe("the configuration check holds patterns to PCRE2", () => {
  const check = (text: string) => {
    const parsed = parseApacheConfig(text, "backend.config");
    return [...parsed.diagnostics, ...checkDirectives(parsed.nodes, "backend.config")].map((d) => `${d.severity} ${d.code} ${d.line}:${d.column} ${d.message}`);
  };

  it("refuses a pattern Apache cannot compile, marking the pattern, with Apache's words (rows RX02, RX50, RX63, RX72, RX79, RX83)", () => {
    expect(check('RewriteEngine On\nRewriteRule "^(/foo" - [L]\n')).toContain("error config-directive-args 2:13 RewriteRule: cannot compile regular expression '^(/foo'");
    expect(check("RewriteCond %{HTTP_HOST} !^(www\n")).toContain("error config-directive-args 1:26 RewriteCond: cannot compile regular expression '^(www'");
    expect(check('<LocationMatch "^/(a">\n</LocationMatch>\n')).toContain("error config-directive-args 1:16 Regex could not be compiled");
    expect(check('AliasMatch "^/(a" /srv/a\n')).toContain("error config-directive-args 1:12 Regular expression could not be compiled.");
    expect(check('SetEnvIf Host "^(a" X=1\n')).toContain("error config-directive-args 1:15 SetEnvIf regex could not be compiled.");
    expect(check('ProxyPassMatch "^/(a" http://127.0.0.1:8000/\n')).toContain("error proxy-pass-args 1:16 Regular expression could not be compiled.");
  });

  it("takes PCRE-only forms, and says when the playground cannot run a section's pattern (rows RX09, RX59, RX64)", () => {
    expect(check('RewriteRule "^/(?i)case" - [L]\nHeader edit Location (?i)^http://(.*)$ https://$1\n').filter((d) => d.startsWith("error"))).toEqual([]);
    expect(check('<LocationMatch "^/(?i)a">\n</LocationMatch>\n')).toEqual([
      'info regex-unmodelled 1:16 Apache compiles the pattern "^/(?i)a", but it uses PCRE syntax the playground cannot run: requests are not matched against this section here.',
    ]);
    expect(check("RewriteCond %{REQUEST_FILENAME} -f\nRewriteCond %{HTTP_HOST} =(x\nRewriteCond expr \"%{HTTP_HOST} == 'a'\"\n")).toEqual([]);
  });
});
