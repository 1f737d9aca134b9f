import { describe, expect, it } from "vitest";
import { applicationUri, quote, redirectUnderApplication } from "./wsgiref.ts";

// Each row's expected value is what CPython 3.11's wsgiref.util.application_uri returns for the same environ.
describe("wsgiref.util.application_uri", () => {
  it.each([
    ["HTTP_HOST wins", { "wsgi.url_scheme": "http", HTTP_HOST: "www.example.com", SERVER_NAME: "10.0.0.5", SERVER_PORT: "8000", SCRIPT_NAME: "" }, "http://www.example.com/"],
    ["HTTP_HOST keeps its port", { "wsgi.url_scheme": "http", HTTP_HOST: "127.0.0.1:8000", SERVER_NAME: "127.0.0.1", SERVER_PORT: "8000", SCRIPT_NAME: "/app" }, "http://127.0.0.1:8000/app"],
    ["empty HTTP_HOST falls back to SERVER_NAME and a non-default port", { "wsgi.url_scheme": "http", HTTP_HOST: "", SERVER_NAME: "backend.internal", SERVER_PORT: "8000", SCRIPT_NAME: "" }, "http://backend.internal:8000/"],
    ["https default port is left out", { "wsgi.url_scheme": "https", SERVER_NAME: "www.example.com", SERVER_PORT: "443", SCRIPT_NAME: "" }, "https://www.example.com/"],
    ["https on port 80 keeps it", { "wsgi.url_scheme": "https", SERVER_NAME: "www.example.com", SERVER_PORT: "80", SCRIPT_NAME: "" }, "https://www.example.com:80/"],
    ["SCRIPT_NAME is quoted", { "wsgi.url_scheme": "http", HTTP_HOST: "h", SCRIPT_NAME: "/my app" }, "http://h/my%20app"],
  ])("%s", (_name, environ, url) => {
    expect(applicationUri(environ)).toBe(url);
  });

  it("joins a redirect path under the mount point", () => {
    expect(redirectUnderApplication({ "wsgi.url_scheme": "http", HTTP_HOST: "h", SCRIPT_NAME: "" }, "/login")).toBe("http://h/login");
    expect(redirectUnderApplication({ "wsgi.url_scheme": "http", HTTP_HOST: "h", SCRIPT_NAME: "/app" }, "/login")).toBe("http://h/app/login");
  });

  it("quotes like urllib.parse.quote with safe='/' and latin-1", () => {
    expect(quote("/a b/é~_.-")).toBe("/a%20b/%E9~_.-");
  });
});
