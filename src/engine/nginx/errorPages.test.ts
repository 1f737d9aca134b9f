/**
 * nginx's stock pages (`ngx_http_special_response.c`, release-1.22.1). The 301, 400, 404 and 502 bodies
 * were compared byte for byte with nginx 1.22.1 (Debian 12) by the conformance run (`ngx-own-slash-301`,
 * `ngx-bad-host`, `ngx-loc-none-404`, `ngx-upstream-crash-502`).
 */
import { describe, expect, it } from "vitest";
import { nginxErrorBody, nginxErrorResponse, nginxReason } from "./errorPages.ts";

describe("stock pages", () => {
  it("names the version in the footer, CRLF line ends", () => {
    expect(nginxErrorBody(404)).toBe("<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n");
  });

  it("says only nginx with server_tokens off [ngx-loc-server-tokens-off]", () => {
    expect(nginxErrorBody(502, { serverTokens: false })).toContain("<hr><center>nginx</center>");
  });

  it("does not repeat the Location URL in a 301 body (unlike Apache)", () => {
    const r = nginxErrorResponse(301, { location: "http://pub.example:19000/app/" });
    expect(r.body).not.toContain("pub.example");
    expect(r.headers.Location).toBe("http://pub.example:19000/app/");
  });

  it("pads 4xx/5xx pages for MSIE and Chrome user agents", () => {
    expect(nginxErrorBody(404, { userAgent: "Mozilla/5.0 Chrome/120.0" }).match(/a padding/g)).toHaveLength(6);
    expect(nginxErrorBody(301, { userAgent: "Mozilla/5.0 Chrome/120.0" })).not.toContain("padding");
  });

  it.each([[302, "Moved Temporarily"], [404, "Not Found"], [502, "Bad Gateway"], [200, "OK"]])("status line reason for %i", (status, reason) => {
    expect(nginxReason(status)).toBe(reason);
  });
});
