import { describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import schema from "./scenario.schema.json";
import { listenProblem, parseScenarioText, validateScenario } from "./validate.ts";

/** A minimal valid scenario: the client talks to Apache + mod_wsgi directly. Documentation addresses (RFC 5737, RFC 1918). */
const minimal = () => ({
  version: 1,
  client: { address: "203.0.113.7", request: "GET / HTTP/1.1\nHost: www.example.com\n" },
  backend: { server: "apache", listen: "10.0.0.5:8000", address: "10.0.0.5", config: "WSGIScriptAlias / /srv/app/wsgi.py\n" },
});
/** `minimal()` with one change applied. */
const withChange = (change: (s: Record<string, any>) => void) => {
  const s: Record<string, any> = minimal();
  change(s);
  return s;
};
const proxy = { server: "apache", listen: "192.0.2.10:80", address: "192.0.2.10", config: "ProxyPass / http://10.0.0.5:8000/\n" };

describe("validateScenario: documents that pass", () => {
  it("fills in the defaults in a fresh object", () => {
    const input = minimal();
    const { scenario, diagnostics } = validateScenario(input);
    expect(diagnostics).toEqual([]);
    expect(scenario).toEqual({
      version: 1,
      modwsgi: "6.0",
      client: { address: "203.0.113.7", tls: false, request: "GET / HTTP/1.1\nHost: www.example.com\n" },
      proxies: [],
      backend: { server: "apache", listen: "10.0.0.5:8000", address: "10.0.0.5", config: "WSGIScriptAlias / /srv/app/wsgi.py\n" },
    });
    expect(scenario).not.toBe(input);
    expect(scenario!.client).not.toBe(input.client);
    expect(scenario!.backend).not.toBe(input.backend);
  });

  it.each([
    ["mod_wsgi 4.9", withChange((s) => (s.modwsgi = "4.9")), (r: any) => r.modwsgi === "4.9"],
    ["TLS client", withChange((s) => (s.client.tls = true)), (r: any) => r.client.tls === true],
    ["one proxy", withChange((s) => (s.proxies = [proxy])), (r: any) => r.proxies[0].listen === "192.0.2.10:80"],
    ["nginx front end", withChange((s) => (s.proxies = [{ ...proxy, server: "nginx" }])), (r: any) => r.proxies[0].server === "nginx"],
    ["mod_wsgi-express back end", withChange((s) => (s.backend.server = "mod_wsgi-express")), (r: any) => r.backend.server === "mod_wsgi-express"],
    ["directories", withChange((s) => (s.backend.directories = ["/static", "/media/"])), (r: any) => r.backend.directories.length === 2],
    ["IPv6 listen", withChange((s) => (s.backend.listen = "[2001:db8::5]:8000")), (r: any) => r.backend.listen === "[2001:db8::5]:8000"],
    ["host name listen", withChange((s) => (s.backend.listen = "app.internal:65535")), (r: any) => r.backend.listen === "app.internal:65535"],
    ["empty request and config", withChange((s) => ((s.client.request = ""), (s.backend.config = ""))), (r: any) => r.client.request === ""],
  ])("%s", (_name, input, holds) => {
    const { scenario, diagnostics } = validateScenario(input);
    expect(diagnostics).toEqual([]);
    expect(holds(scenario)).toBe(true);
  });

  it("warns about unknown fields and leaves them out", () => {
    const input = withChange((s) => {
      s.comment = "hi";
      s.client.cookies = {};
      s.backend.extra = 1;
    });
    const { scenario, diagnostics } = validateScenario(input);
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ["scenario-unknown-field", "warning"],
      ["scenario-unknown-field", "warning"],
      ["scenario-unknown-field", "warning"],
    ]);
    expect(diagnostics.map((d) => d.message.split(" ")[0])).toEqual(["comment", "client.cookies", "backend.extra"]);
    expect(scenario).not.toHaveProperty("comment");
    expect(scenario!.client).not.toHaveProperty("cookies");
    expect(scenario!.backend).not.toHaveProperty("extra");
  });

  it("validates its own output without a word", () => {
    const first = validateScenario(withChange((s) => (s.proxies = [proxy])));
    expect(validateScenario(first.scenario)).toEqual(first);
  });

  it("does not mutate its input", () => {
    const deepFreeze = (o: any): any => {
      for (const v of Object.values(o)) if (v && typeof v === "object") deepFreeze(v);
      return Object.freeze(o);
    };
    const input = deepFreeze(withChange((s) => ((s.extra = 1), (s.proxies = [proxy]))));
    const copy = JSON.parse(JSON.stringify(input));
    expect(() => validateScenario(input)).not.toThrow();
    expect(input).toEqual(copy);
  });
});

describe("validateScenario: documents that fail", () => {
  it.each([
    // name, input, code, message fragment
    ["null", null, "scenario-not-object", "this is null"],
    ["a list", [minimal()], "scenario-not-object", "this is a list"],
    ["a number", 42, "scenario-not-object", "this is 42"],
    ["a string", "{}", "scenario-not-object", 'this is "{}"'],
    ["missing version", withChange((s) => delete s.version), "scenario-version-missing", 'has no "version"'],
    ["a later version", withChange((s) => (s.version = 2)), "scenario-version-unsupported", "format version 2; this playground reads version 1"],
    ["version as a string", withChange((s) => (s.version = "1")), "scenario-version-unsupported", '"version" is "1"'],
    ["unknown mod_wsgi version", withChange((s) => (s.modwsgi = "5.0")), "scenario-field-value", '"modwsgi" is "5.0"'],
    ["missing client", withChange((s) => delete s.client), "scenario-field-missing", 'no "client"'],
    ["client is a string", withChange((s) => (s.client = "203.0.113.7")), "scenario-field-type", '"client" is "203.0.113.7"'],
    ["empty client address", withChange((s) => (s.client.address = " ")), "scenario-field-value", "client.address is empty"],
    ["client address a number", withChange((s) => (s.client.address = 3)), "scenario-field-type", "client.address is 3"],
    ["tls as a string", withChange((s) => (s.client.tls = "yes")), "scenario-field-type", "client.tls is \"yes\""],
    ["missing request", withChange((s) => delete s.client.request), "scenario-field-missing", 'client has no "request"'],
    ["proxies not a list", withChange((s) => (s.proxies = proxy)), "scenario-field-type", '"proxies" is an object'],
    ["unknown proxy kind", withChange((s) => (s.proxies = [{ ...proxy, server: "caddy" }])), "scenario-field-value", 'proxies[0].server is "caddy"'],
    ["proxy without config", withChange((s) => (s.proxies = [{ ...proxy, config: undefined }])), "scenario-field-type", "proxies[0].config is nothing"],
    ["proxy is null", withChange((s) => (s.proxies = [null])), "scenario-field-type", "proxies[0] is null"],
    ["missing backend", withChange((s) => delete s.backend), "scenario-field-missing", 'no "backend"'],
    ["nginx back end", withChange((s) => (s.backend.server = "nginx")), "scenario-field-value", 'backend.server is "nginx"'],
    ["listen without port", withChange((s) => (s.backend.listen = "10.0.0.5")), "scenario-listen-invalid", "it has no port"],
    ["listen port 0", withChange((s) => (s.backend.listen = "10.0.0.5:0")), "scenario-listen-invalid", "without leading zeros"],
    ["listen port 65536", withChange((s) => (s.backend.listen = "10.0.0.5:65536")), "scenario-listen-invalid", "over 65535"],
    ["listen port with a leading zero", withChange((s) => (s.backend.listen = "10.0.0.5:080")), "scenario-listen-invalid", "without leading zeros"],
    ["listen port not a number", withChange((s) => (s.backend.listen = "10.0.0.5:http")), "scenario-listen-invalid", "not a number"],
    ["IPv6 listen without brackets", withChange((s) => (s.backend.listen = "2001:db8::5:8000")), "scenario-listen-invalid", "in brackets"],
    ["IPv6 listen without port", withChange((s) => (s.backend.listen = "[2001:db8::5]")), "scenario-listen-invalid", "in brackets"],
    ["listen without host", withChange((s) => (s.backend.listen = ":8000")), "scenario-listen-invalid", "host is missing"],
    ["listen with a scheme", withChange((s) => (s.backend.listen = "http://10.0.0.5:8000")), "scenario-listen-invalid", "in brackets"],
    ["listen with a path", withChange((s) => (s.backend.listen = "10.0.0.5/x:80")), "scenario-listen-invalid", 'holds "/"'],
    ["directories not a list", withChange((s) => (s.backend.directories = "/static")), "scenario-field-type", "backend.directories is \"/static\""],
    ["directory without a slash", withChange((s) => (s.backend.directories = ["static"])), "scenario-directory-invalid", 'backend.directories[0] is "static"'],
    ["directory not a string", withChange((s) => (s.backend.directories = [7])), "scenario-field-type", "backend.directories[0] is 7"],
  ])("%s", (_name, input, code, fragment) => {
    const { scenario, diagnostics } = validateScenario(input);
    expect(scenario).toBeNull();
    const errors = diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.code)).toContain(code);
    expect(errors.find((d) => d.code === code)!.message).toContain(fragment);
    expect(errors.every((d) => d.source === "scenario" && d.line === 1 && d.column === 1)).toBe(true);
  });

  it("reports every problem, not only the first", () => {
    const { diagnostics } = validateScenario({ version: 3, client: {}, proxies: [{}], backend: { server: "x" } });
    expect(diagnostics.length).toBeGreaterThanOrEqual(8);
  });

  it("caps the list of problems at 100", () => {
    const { diagnostics } = validateScenario(withChange((s) => (s.backend.directories = Array.from({ length: 500 }, () => null))));
    expect(diagnostics).toHaveLength(101);
    expect(diagnostics.at(-1)).toMatchObject({ code: "scenario-too-many-problems", message: "400 more problems are not listed." });
  });

  it.each([
    ["a getter that throws", withChange((s) => Object.defineProperty(s.client, "request", { enumerable: true, get: () => { throw new Error("boom"); } }))],
    ["a Proxy that throws", new Proxy({}, { ownKeys: () => { throw new Error("boom"); } })],
    ["a 10 MB request", withChange((s) => (s.client.request = "x".repeat(10_000_000)))],
    ["deeply nested junk", withChange((s) => { let o: any = {}; s.client.extra = o; for (let i = 0; i < 100_000; i++) o = o.a = {}; })],
    ["a function", () => 1],
    ["undefined", undefined],
  ])("never throws on %s", (_name, input) => {
    expect(() => validateScenario(input)).not.toThrow();
  });
});

describe("listenProblem", () => {
  it.each([
    ["127.0.0.1:80", null],
    ["[::1]:443", null],
    ["localhost:8080", null],
    ["10.0.0.5", "it has no port; write host:port, e.g. 10.0.0.5:80"],
    ["[::1]:", "the port is missing after ':'"],
    ["[zz]:80", '"[zz]" is not an IPv6 address in brackets'],
    ["10.0.0.5:123456", 'the port "123456" is not a number from 1 to 65535'],
  ])("%s", (listen, problem) => {
    expect(listenProblem(listen)).toBe(problem);
  });
});

describe("parseScenarioText: positions", () => {
  const text = [
    "{", //                                                    1
    '  "version": 1,', //                                      2
    '  "client": {', //                                        3
    '    "address": "203.0.113.7",', //                        4
    '    "request": "GET / HTTP/1.1\\nHost: x\\n",', //        5
    '    "colour": "blue"', //                                 6
    "  },", //                                                 7
    '  "proxies": [{"server": "apache", "listen": "192.0.2.10", "address": "192.0.2.10", "config": ""}],', // 8
    '  "backend": {"server": "apache", "listen": "10.0.0.5:8000", "address": "10.0.0.5", "config": ""}', // 9
    "}",
  ].join("\n");

  it("points each problem at its field", () => {
    const { scenario, diagnostics } = parseScenarioText(text);
    expect(scenario).toBeNull();
    expect(diagnostics.map((d) => [d.code, d.line, d.column, d.endColumn])).toEqual([
      ["scenario-unknown-field", 6, 5, 13],
      ["scenario-listen-invalid", 8, 46, 58],
    ]);
  });

  it.each([
    ["a trailing comma", '{"version": 1,}', 1, 15, "no trailing commas"],
    ["a comment", '{"version": 1 // v1\n}', 1, 15, "comments are not allowed"],
    ["a missing comma on line 3", '{\n  "version": 1\n  "client": {}\n}', 3, 3, "expected ','"],
    ["an unclosed string", '{"version": "1', 1, 13, "not closed"],
    ["a raw line break in a string", '{"a": "x\ny"}', 1, 7, "not closed"],
    ["empty text", "", 1, 1, "empty"],
    ["text after the object", "{} {}", 1, 4, "end of the document"],
    ["a CR line break", '{\r"version": 1,\r"client": }', 3, 11, "expected a value"],
  ])("reports %s at its line and column", (_name, input, line, column, fragment) => {
    const { scenario, diagnostics } = parseScenarioText(input);
    expect(scenario).toBeNull();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: "error", code: "scenario-not-json", source: "scenario", line, column });
    expect(diagnostics[0]!.message).toContain(fragment);
  });

  it("points a missing field at the object that lacks it", () => {
    const { diagnostics } = parseScenarioText('{"version": 1,\n "client": {"address": "203.0.113.7"},\n "backend": {}}');
    expect(diagnostics.filter((d) => d.message.startsWith("client has no")).map((d) => [d.line, d.column])).toEqual([[2, 12]]);
  });

  it("counts columns in UTF-16 units", () => {
    const { diagnostics } = parseScenarioText(JSON.stringify({ ...minimal(), "\u{1F600}": 1, x: 2 }));
    const xs = diagnostics.filter((d) => d.code === "scenario-unknown-field");
    const offset = JSON.stringify({ ...minimal(), "\u{1F600}": 1, x: 2 }).indexOf('"x"');
    expect(xs[1]).toMatchObject({ line: 1, column: offset + 1 });
  });

  it("warns about a duplicate key, and the last one counts", () => {
    const { scenario, diagnostics } = parseScenarioText(JSON.stringify(minimal()).replace('"version":1', '"version":2,"version":1'));
    expect(scenario?.version).toBe(1);
    expect(diagnostics).toEqual([expect.objectContaining({ code: "scenario-duplicate-key", severity: "warning", column: 14 })]);
  });

  it("keeps a __proto__ key as a field (and warns about it)", () => {
    const { scenario, diagnostics } = parseScenarioText(JSON.stringify(minimal()).replace("{", '{"__proto__": {"polluted": true},'));
    expect(scenario).not.toBeNull();
    expect(diagnostics.map((d) => d.message.split(" ")[0])).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("returns the same scenario as validateScenario on the parsed value", () => {
    const input = withChange((s) => (s.proxies = [proxy]));
    expect(parseScenarioText(JSON.stringify(input, null, 2)).scenario).toEqual(validateScenario(input).scenario);
  });

  it.each([
    ["100 000 nested lists", "[".repeat(100_000) + "]".repeat(100_000), "scenario-too-deep"],
    ["nesting inside a field", JSON.stringify(minimal()).replace('"version":1', '"version":1,"x":' + "[".repeat(70) + "]".repeat(70)), "scenario-too-deep"],
    ["a 10 MB string", JSON.stringify(withChange((s) => (s.client.request = "x".repeat(10_000_000)))), "scenario-text-too-large"],
    ["a 10 MB unclosed string", '{"version": "' + "x".repeat(10_000_000), "scenario-not-json"],
    ["random bytes", "\u0000\u0001{]}\uFFFF", "scenario-not-json"],
  ])("stays fast and safe on %s", { timeout: 60_000 }, (_name, input, code) => {
    const { diagnostics } = parseScenarioText(input);
    expect(diagnostics[0]?.code ?? null).toBe(code);
  });
});

describe("scenario.schema.json agrees with validateScenario", () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const schemaValid = ajv.compile(schema);

  it("is a valid JSON Schema 2020-12 document", () => {
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("states the validator's defaults", () => {
    expect(schema.properties.modwsgi.default).toBe(validateScenario(minimal()).scenario!.modwsgi);
    expect(schema.properties.client.properties.tls.default).toBe(false);
    expect(schema.properties.proxies.default).toEqual([]);
  });

  const table: [string, unknown, boolean][] = [
    ["minimal", minimal(), true],
    ["with proxy and directories", withChange((s) => ((s.proxies = [proxy]), (s.backend.directories = ["/static"]))), true],
    ["all optional fields", withChange((s) => ((s.modwsgi = "4.9"), (s.client.tls = true), (s.proxies = []))), true],
    ["unknown fields are allowed", withChange((s) => ((s.note = 1), (s.backend.x = 2))), true],
    ["IPv6 listen", withChange((s) => (s.backend.listen = "[2001:db8::5]:8000")), true],
    ["host name listen, top port", withChange((s) => (s.backend.listen = "app-1.internal:65535")), true],
    ["version 1.0 is the number 1", JSON.parse(JSON.stringify(minimal()).replace('"version":1', '"version":1.0')), true],
    ["null", null, false],
    ["a list", [], false],
    ["empty object", {}, false],
    ["version 2", withChange((s) => (s.version = 2)), false],
    ["version missing", withChange((s) => delete s.version), false],
    ["modwsgi 5", withChange((s) => (s.modwsgi = "5")), false],
    ["empty address", withChange((s) => (s.client.address = "")), false],
    ["blank address", withChange((s) => (s.client.address = " \t")), false],
    ["tls 1", withChange((s) => (s.client.tls = 1)), false],
    ["request null", withChange((s) => (s.client.request = null)), false],
    ["proxies object", withChange((s) => (s.proxies = {})), false],
    ["proxy kind", withChange((s) => (s.proxies = [{ ...proxy, server: "Apache" }])), false],
    ["proxy missing address", withChange((s) => (s.proxies = [{ server: "apache", listen: "192.0.2.10:80", config: "" }])), false],
    ["backend kind", withChange((s) => (s.backend.server = "nginx")), false],
    ["listen no port", withChange((s) => (s.backend.listen = "10.0.0.5")), false],
    ["listen port 0", withChange((s) => (s.backend.listen = "10.0.0.5:0")), false],
    ["listen port 65536", withChange((s) => (s.backend.listen = "10.0.0.5:65536")), false],
    ["listen port 99999", withChange((s) => (s.backend.listen = "10.0.0.5:99999")), false],
    ["listen leading zero", withChange((s) => (s.backend.listen = "10.0.0.5:08000")), false],
    ["listen bare IPv6", withChange((s) => (s.backend.listen = "::1:80")), false],
    ["listen empty brackets", withChange((s) => (s.backend.listen = "[]:80")), false],
    ["listen with space", withChange((s) => (s.backend.listen = "10.0.0.5 :80")), false],
    ["directory relative", withChange((s) => (s.backend.directories = ["static"])), false],
    ["directories string", withChange((s) => (s.backend.directories = "/static")), false],
    ["config number", withChange((s) => (s.backend.config = 1)), false],
    ["16 proxies", withChange((s) => (s.proxies = Array.from({ length: 16 }, () => proxy))), true],
    ["17 proxies", withChange((s) => (s.proxies = Array.from({ length: 17 }, () => proxy))), false],
  ];

  it.each(table)("%s", (_name, doc, valid) => {
    const bySchema = schemaValid(doc);
    const byValidator = validateScenario(doc).scenario !== null;
    expect({ bySchema, byValidator }).toEqual({ bySchema: valid, byValidator: valid });
  });
});

describe("validateScenario: the playground's size limits (limits.ts)", () => {
  const KiB = 1024;
  const only = (doc: unknown) => {
    const { scenario, diagnostics } = validateScenario(doc);
    return { scenario, errors: diagnostics.filter((d) => d.severity === "error") };
  };

  it("accepts a config of exactly 256 KiB and refuses one byte more, pointing into the config where it crosses", () => {
    const line = "# " + "x".repeat(1021) + "\n"; // 1 KiB per line
    const exact = line.repeat(256);
    expect(exact.length).toBe(256 * KiB);
    expect(only(withChange((s) => (s.backend.config = exact))).errors).toEqual([]);
    const { scenario, errors } = only(withChange((s) => (s.backend.config = exact + "Y")));
    expect(scenario).toBeNull();
    expect(errors).toEqual([
      expect.objectContaining({ code: "scenario-text-too-large", source: "backend.config", line: 257, column: 1 }),
    ]);
    expect(errors[0]!.message).toMatch(/over 256 KiB.*kept/);
  });

  it("counts UTF-8 bytes, not characters: 90 000 three-byte characters are over the limit", () => {
    const { errors } = only(withChange((s) => (s.proxies = [{ ...proxy, config: "# " + "€".repeat(90_000) }])));
    // 2 + 3n > 262 144 first at n = 87 381, the character in column 87 383.
    expect(errors).toEqual([expect.objectContaining({ code: "scenario-text-too-large", source: "proxies[0].config", line: 1, column: 87_383 })]);
  });

  it("limits the request to 256 KiB and 1000 header lines", () => {
    const big = only(withChange((s) => (s.client.request = "GET / HTTP/1.1\nX: " + "a".repeat(300 * KiB))));
    expect(big.errors).toEqual([expect.objectContaining({ code: "scenario-text-too-large", source: "client.request", line: 2 })]);
    const head = (n: number) => "GET / HTTP/1.1\n" + Array.from({ length: n }, (_, i) => `X-${i}: ${i}\n`).join("");
    expect(only(withChange((s) => (s.client.request = head(1000)))).errors).toEqual([]);
    const many = only(withChange((s) => (s.client.request = head(1001))));
    expect(many.scenario).toBeNull();
    expect(many.errors).toEqual([expect.objectContaining({ code: "scenario-too-many-headers", source: "client.request", line: 1002, column: 1 })]);
  });

  it("refuses more than 16 proxies with one diagnostic and reads none past the 16th", () => {
    const list: unknown[] = Array.from({ length: 16 }, () => proxy);
    list.push(...Array.from({ length: 100_000 }, () => ({ server: "bogus" })));
    const { scenario, errors } = only(withChange((s) => (s.proxies = list)));
    expect(scenario).toBeNull();
    expect(errors.map((d) => d.code)).toEqual(["scenario-too-many-proxies"]);
    expect(errors[0]!.message).toContain("100016 proxies");
  });

  it("positions a JSON text's limit diagnostic in the pane, not in the JSON", () => {
    const text = JSON.stringify(withChange((s) => (s.backend.config = "ServerName a\n" + "#".repeat(300 * KiB))), null, 2);
    const { diagnostics } = parseScenarioText(text);
    expect(diagnostics).toEqual([expect.objectContaining({ code: "scenario-text-too-large", source: "backend.config", line: 2 })]);
  });
});
