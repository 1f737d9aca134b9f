/**
 * mod_ssl's variables as other modules see them, and the SNI names clients and mod_proxy send. Checked on
 * Apache 2.4.71 (Debian 12) through the conformance corpus `apache/tls`.
 */
import { describe, expect, it } from "vitest";
import { directive } from "../testing/builders.ts";
import { clientSni, modSslLoaded, proxySni, sslFixupEnv, sslVarLookup } from "./modSsl.ts";

describe("mod_ssl", () => {
  it("is loaded for a TLS listener or any SSL… directive (scenario convention)", () => {
    expect(modSslLoaded([], true)).toBe(true);
    expect(modSslLoaded([directive("SSLProxyEngine On")], false)).toBe(true);
    expect(modSslLoaded([directive("ProxyPass / http://b/")], false)).toBe(false);
  });

  it("its fixup sets HTTPS=on and SSL_TLS_SNI on a TLS connection only", () => {
    expect(sslFixupEnv({ loaded: true, tls: true, sni: "www.example.com" })).toEqual({ HTTPS: "on", SSL_TLS_SNI: "www.example.com" });
    expect(sslFixupEnv({ loaded: true, tls: true, sni: null })).toEqual({ HTTPS: "on" });
    expect(sslFixupEnv({ loaded: true, tls: false, sni: null })).toEqual({});
  });

  it("ssl_var_lookup: HTTPS is on/off with mod_ssl, nothing without it; other TLS variables are not modelled", () => {
    expect(sslVarLookup({ loaded: false, tls: false, sni: null }, "HTTPS")).toEqual({ value: null, modelled: true });
    expect(sslVarLookup({ loaded: true, tls: false, sni: null }, "HTTPS")).toEqual({ value: "off", modelled: true });
    expect(sslVarLookup({ loaded: true, tls: true, sni: null }, "HTTPS")).toEqual({ value: "on", modelled: true });
    expect(sslVarLookup({ loaded: true, tls: true, sni: null }, "SSL_PROTOCOL")).toEqual({ value: null, modelled: false });
  });
});

describe("SNI", () => {
  it("a client sends the Host's name, never an IP address", () => {
    expect(clientSni("www.example.com:8443")).toBe("www.example.com");
    expect(clientSni("127.0.0.1:8443")).toBeNull();
    expect(clientSni("[::1]:8443")).toBeNull();
    expect(clientSni(undefined)).toBeNull();
  });
  it("mod_proxy sends a name, never an IP literal (RFC 6066)", () => {
    expect(proxySni("back.example")).toBe("back.example");
    expect(proxySni("127.0.0.1")).toBeNull();
    expect(proxySni("[::1]")).toBeNull();
    expect(proxySni(null)).toBeNull();
  });
});
