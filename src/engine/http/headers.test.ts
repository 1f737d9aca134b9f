/**
 * The header table follows APR's `apr_table_*` semantics, which decide what a back end receives when a front
 * end has two fields of one name (checked on Apache 2.4.71, conformance corpus `pp-rh-add-*`).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addHeader, mergeHeader, mergeRepeated, setHeader, unsetHeader, responseHeader } from "./headers.ts";

describe("apr_table_mergen: merge into the first field only", () => {
  it("appends to an existing value with \", \"", () => {
    expect(mergeHeader([{ name: "X-Forwarded-For", value: "1.1.1.1" }], "x-forwarded-for", "127.0.0.9")).toEqual([{ name: "X-Forwarded-For", value: "1.1.1.1, 127.0.0.9" }]);
  });

  it("adds the header when absent", () => {
    expect(mergeHeader([{ name: "Host", value: "h" }], "X-Forwarded-For", "127.0.0.9")).toEqual([
      { name: "Host", value: "h" },
      { name: "X-Forwarded-For", value: "127.0.0.9" },
    ]);
  });

  it("keeps a second field of the same name (made by apr_table_add) as it is", () => {
    const table = addHeader([{ name: "X-Forwarded-For", value: "1.1.1.1" }], "X-Forwarded-For", "10.8.8.8");
    expect(mergeHeader(table, "X-Forwarded-For", "127.0.0.9")).toEqual([
      { name: "X-Forwarded-For", value: "1.1.1.1, 127.0.0.9" },
      { name: "X-Forwarded-For", value: "10.8.8.8" },
    ]);
  });

  it("reading a request still joins repeated fields in arrival order", () => {
    expect(mergeRepeated([{ name: "X-Dup", value: "a" }, { name: "x-dup", value: "b" }, { name: "X-Dup", value: "c" }])).toEqual([{ name: "X-Dup", value: "a, b, c" }]);
  });
});

describe("apr_table_set and apr_table_unset act on every field of the name", () => {
  const two = addHeader([{ name: "A", value: "1" }], "a", "2");
  it("set replaces the first in place and drops the others", () => {
    expect(setHeader([...two, { name: "B", value: "x" }], "A", "3")).toEqual([{ name: "A", value: "3" }, { name: "B", value: "x" }]);
  });
  it("unset removes them all", () => {
    expect(unsetHeader(two, "A")).toEqual([]);
  });
});

describe("responseHeader", () => {
  it.each([
    ["Apache's spelling", { Location: "http://a/" }, "Location", "http://a/"],
    ["HAProxy's lower case", { location: "http://b/" }, "Location", "http://b/"],
    ["any case asked", { "Content-Type": "text/html" }, "content-type", "text/html"],
    ["absent", { Server: "x" }, "Location", undefined],
  ])("%s", (_name, headers, name, value) => {
    expect(responseHeader(headers, name)).toBe(value);
  });
});

describe("mergeRepeated", () => {
  it("is mergeHeader applied to each field in turn, on generated header lists", () => {
    const name = fc.constantFrom("Host", "host", "HOST", "X-Forwarded-For", "x-forwarded-for", "Accept", "X-A", "x-a", "X-B");
    const fields = fc.array(fc.record({ name, value: fc.string({ maxLength: 6 }) }), { maxLength: 12 });
    fc.assert(
      fc.property(fields, (list) => {
        let folded: ReturnType<typeof mergeRepeated> = [];
        for (const f of list) folded = mergeHeader(folded, f.name, f.value);
        expect(mergeRepeated(list)).toEqual(folded);
      }),
      { numRuns: 1000 },
    );
  });
});
