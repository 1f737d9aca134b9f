/**
 * Absolute redirects (`ngx_http_header_filter`, release-1.22.1). Rows cite `proxies-and-frameworks.md` §9
 * [emp] or a conformance scenario on nginx 1.22.1 (Debian 12).
 */
import { describe, expect, it } from "vitest";
import { absoluteLocation } from "./headerFilter.ts";

const on = { absoluteRedirect: true, portInRedirect: true, serverNameInRedirect: false };
const facts = { tls: false, host: "pub.example", serverName: "own.example", local: { host: "127.0.0.1", port: 28181 } };

describe("absoluteLocation", () => {
  it.each([
    ["Host name without its port + nginx's own port [§9: Host pub.example:8443 gives :28181]", on, facts, "http://pub.example:28181/dir/"],
    ["absolute_redirect off [§12 ex. 42]", { ...on, absoluteRedirect: false }, facts, "/dir/"],
    ["port_in_redirect off [§12 ex. 42]", { ...on, portInRedirect: false }, facts, "http://pub.example/dir/"],
    ["server_name_in_redirect on [§9]", { ...on, serverNameInRedirect: true }, facts, "http://own.example:28181/dir/"],
    ["server_name_in_redirect on with no name: a broken URL [§12 ex. 42]", { ...on, serverNameInRedirect: true }, { ...facts, serverName: "" }, "http://:28181/dir/"],
    ["HTTP/1.0 without Host: the local address [§9]", on, { ...facts, host: "" }, "http://127.0.0.1:28181/dir/"],
    ["port 80 is left out", on, { ...facts, local: { host: "127.0.0.1", port: 80 } }, "http://pub.example/dir/"],
    ["TLS: https, 443 left out", on, { ...facts, tls: true, local: { host: "127.0.0.1", port: 443 } }, "https://pub.example/dir/"],
    ["TLS on another port keeps it [ngx-red-tls]", on, { ...facts, tls: true }, "https://pub.example:28181/dir/"],
  ])("%s", (_name, settings, f, want) => {
    expect(absoluteLocation("/dir/", settings, f).value).toBe(want);
  });

  it("leaves an absolute URL alone", () => {
    expect(absoluteLocation("https://other.example/x", on, facts).value).toBe("https://other.example/x");
  });
});
