import { EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { parseApacheConfig } from "../../engine/apache/configParser.ts";
import { parseHaproxyConfig } from "../../engine/haproxy/configParser.ts";
import { parseRequestHead } from "../../engine/http/requestHead.ts";
import { lineEndsExtension } from "./setup.ts";

const doc = (text: string, ends: "lf" | "any") => EditorState.create({ doc: text, extensions: lineEndsExtension(ends) }).doc;

describe("editor lines follow the engine's readers (LF only, as Apache 2.4.71, nginx 1.22.1 and haproxy 2.6.12 count them)", () => {
  it("keeps a lone CR inside its line and the text byte for byte", () => {
    const text = "# note\rFrobnicate on\r\nListen 80\n";
    const d = doc(text, "lf");
    expect(d.toString()).toBe(text);
    expect(d.lines).toBe(3);
    expect(d.line(2).text).toBe("Listen 80");
  });

  it("puts each engine diagnostic on the editor line with its text", () => {
    const apache = "# note\rX\nFrobnicate on\n";
    const [cr] = parseApacheConfig(apache, "backend.config").diagnostics.filter((x) => x.code === "config-carriage-return");
    expect(doc(apache, "lf").line(cr!.line).text).toBe("# note\rX");
    const haproxy = "timeout client 5s\rtimeout server 5s\nfrobnicate on\n";
    const warned = parseHaproxyConfig(haproxy, "proxies[0].config").diagnostics.find((x) => x.code === "haproxy-carriage-return")!;
    expect(doc(haproxy, "lf").line(warned.line).text.charAt(warned.column - 1)).toBe("\r");
    const request = "GET / HTTP/1.1\nHost: x\nX-A: a\rb\n";
    const bad = parseRequestHead(request).diagnostics.find((x) => x.code === "header-value-invalid")!;
    expect(doc(request, "lf").line(bad.line).text.charAt(bad.column - 1)).toBe("\r");
  });

  it("with 'any', splits at CRLF, LF and a lone CR, as CodeMirror does by default (the load balancers' settings readers)", () => {
    expect(doc("a\rb\r\nc", "any").lines).toBe(3);
  });
});
