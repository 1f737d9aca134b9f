import { describe, expect, it } from "vitest";
import { apache } from "./apacheLanguage.ts";

/** [text, token type] pairs the highlighter produces for `config` (adjacent tokens of one type merge). */
function tokens(config: string): [string, string][] {
  const out: [string, string][] = [];
  apache.parser.parse(config).iterate({
    enter(node) {
      if (node.type.isTop) return;
      out.push([config.slice(node.from, node.to), node.type.name]);
    },
  });
  return out;
}

describe("the Apache config highlighter", () => {
  it.each([
    ["a directive and its arguments", "ProxyPass / http://10.0.0.5:8000/", [["ProxyPass", "keyword"], ["/", "string.special"], ["http://10.0.0.5:8000/", "string.special"]]],
    ["a comment line", "  # trust the front end", [["# trust the front end", "comment"]]],
    ["On/Off and numbers", "ProxyPreserveHost On\nRequestHeader set X-Forwarded-Port 80", [["ProxyPreserveHost", "keyword"], ["On", "atom"], ["RequestHeader", "keyword"], ["set", "string.special"], ["X-Forwarded-Port", "string.special"], ["80", "number"]]],
    ["a CIDR", "WSGITrustedProxies 10.0.0.0/8", [["WSGITrustedProxies", "keyword"], ["10.0.0.0/8", "number"]]],
    ["quoted strings and variables", 'Header set X "a b" %{HTTP_HOST}e', [["Header", "keyword"], ["set", "string.special"], ["X", "string.special"], ['"a b"', "string"], ["%{HTTP_HOST}", "variableName"], ["e", "string.special"]]],
    ["sections", "<VirtualHost *:80>\n</VirtualHost>", [["<VirtualHost", "tagName"], ["*:80", "attributeName"], [">", "tagName"], ["</VirtualHost>", "tagName"]]],
    ["a continued line is arguments, not a directive", "WSGITrustedProxyHeaders X-Forwarded-For \\\n    X-Forwarded-Host", [["WSGITrustedProxyHeaders", "keyword"], ["X-Forwarded-For", "string.special"], ["\\", "meta"], ["X-Forwarded-Host", "string.special"]]],
  ])("%s", (_name, config, expected) => {
    expect(tokens(config)).toEqual(expected);
  });
});
