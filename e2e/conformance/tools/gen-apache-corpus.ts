/**
 * Builds the hand-designed families of the Apache corpus, `e2e/conformance/corpus/apache/<family>/`:
 *
 *   npx tsx e2e/conformance/tools/gen-apache-corpus.ts
 *
 * Each family is a table in this file; each row becomes one corpus file. The files are committed: this tool
 * documents (and can repeat) how they were written. `expect` holds only what the real servers are known to do
 * (the mod_wsgi behaviour reference §1–3, §5 [E] rows, and `proxies-and-frameworks.md` §8 / §12 "Apache"
 * [emp] rows, or the httpd/mod_wsgi source where it is unambiguous); everything else is checked by the
 * field-by-field comparison with the engine. `expect60` is the mod_wsgi 6.0 difference, for the engine's own
 * corpus test; it is not checked on the 4.9.4 servers.
 *
 * Ports: 20000–20499 (the random family has 20500–20999).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  backendOnly,
  CLIENT,
  FRONT_ADDRESS,
  FRONT2_ADDRESS,
  head,
  Ports,
  TRUSTED_PEER,
  UNTRUSTED_PEER,
  viaFronts,
  writeFamily,
  type CorpusFile,
  type Expect,
  type HeaderLine,
} from "./corpusKit.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, "..", "corpus", "apache");
const ports = new Ports(20000, 20499);

const MODWSGI_REF = "mod_wsgi behaviour reference";
const PROXY_REF = "proxies-and-frameworks.md §8";

// ---------------------------------------------------------------------------------------------------------------
// Family: trusted-headers. Every header of every group of WSGITrustedProxyHeaders, trusted and untrusted peer,
// alone and with a synonym present, with and without WSGITrustedProxies.

type Group = "client" | "host" | "server" | "port" | "script-name" | "scheme";

interface HeaderCase {
  name: string;
  key: string;
  group: Group;
  /** The value sent, and what it turns into when applied. */
  value: string;
  /** A header to send alongside: a synonym from the same group, or (server, port) a header of another group. */
  other: { name: string; key: string; value: string; sameGroup: boolean };
}

const HEADERS: HeaderCase[] = [
  { name: "X-Forwarded-For", key: "HTTP_X_FORWARDED_FOR", group: "client", value: "203.0.113.7", other: { name: "X-Real-IP", key: "HTTP_X_REAL_IP", value: "192.0.2.66", sameGroup: true } },
  { name: "X-Client-IP", key: "HTTP_X_CLIENT_IP", group: "client", value: "198.51.100.4", other: { name: "X-Forwarded-For", key: "HTTP_X_FORWARDED_FOR", value: "192.0.2.66", sameGroup: true } },
  { name: "X-Real-IP", key: "HTTP_X_REAL_IP", group: "client", value: "192.0.2.9", other: { name: "X-Client-IP", key: "HTTP_X_CLIENT_IP", value: "192.0.2.66", sameGroup: true } },
  { name: "X-Forwarded-Host", key: "HTTP_X_FORWARDED_HOST", group: "host", value: "front.example:8443", other: { name: "X-Host", key: "HTTP_X_HOST", value: "spoof.example", sameGroup: true } },
  { name: "X-Host", key: "HTTP_X_HOST", group: "host", value: "xhost.example", other: { name: "X-Forwarded-Host", key: "HTTP_X_FORWARDED_HOST", value: "spoof.example", sameGroup: true } },
  { name: "X-Forwarded-Server", key: "HTTP_X_FORWARDED_SERVER", group: "server", value: "srv.example", other: { name: "X-Forwarded-Host", key: "HTTP_X_FORWARDED_HOST", value: "other.example", sameGroup: false } },
  { name: "X-Forwarded-Port", key: "HTTP_X_FORWARDED_PORT", group: "port", value: "8443", other: { name: "X-Forwarded-Proto", key: "HTTP_X_FORWARDED_PROTO", value: "https", sameGroup: false } },
  { name: "X-Script-Name", key: "HTTP_X_SCRIPT_NAME", group: "script-name", value: "/mnt", other: { name: "X-Forwarded-Script-Name", key: "HTTP_X_FORWARDED_SCRIPT_NAME", value: "/spoof", sameGroup: true } },
  { name: "X-Forwarded-Script-Name", key: "HTTP_X_FORWARDED_SCRIPT_NAME", group: "script-name", value: "/fmnt", other: { name: "X-Script-Name", key: "HTTP_X_SCRIPT_NAME", value: "/spoof", sameGroup: true } },
  { name: "X-Forwarded-Proto", key: "HTTP_X_FORWARDED_PROTO", group: "scheme", value: "https", other: { name: "X-Forwarded-SSL", key: "HTTP_X_FORWARDED_SSL", value: "off", sameGroup: true } },
  { name: "X-Forwarded-Scheme", key: "HTTP_X_FORWARDED_SCHEME", group: "scheme", value: "https", other: { name: "X-Forwarded-Proto", key: "HTTP_X_FORWARDED_PROTO", value: "http", sameGroup: true } },
  { name: "X-Scheme", key: "HTTP_X_SCHEME", group: "scheme", value: "HTTPS", other: { name: "X-HTTPS", key: "HTTP_X_HTTPS", value: "0", sameGroup: true } },
  { name: "X-Forwarded-HTTPS", key: "HTTP_X_FORWARDED_HTTPS", group: "scheme", value: "on", other: { name: "X-Scheme", key: "HTTP_X_SCHEME", value: "http", sameGroup: true } },
  { name: "X-Forwarded-SSL", key: "HTTP_X_FORWARDED_SSL", group: "scheme", value: "true", other: { name: "X-Forwarded-HTTPS", key: "HTTP_X_FORWARDED_HTTPS", value: "off", sameGroup: true } },
  { name: "X-HTTPS", key: "HTTP_X_HTTPS", group: "scheme", value: "1", other: { name: "X-Forwarded-Scheme", key: "HTTP_X_FORWARDED_SCHEME", value: "http", sameGroup: true } },
];

const TH_HOST = "www.example.com";
const TH_MOUNT = "/app";

/** The environ values a header's group rewrites when the header is applied, and their defaults otherwise. */
function applied(h: HeaderCase, on: boolean): Record<string, string | null> {
  switch (h.group) {
    case "client":
      return { REMOTE_ADDR: on ? h.value : null };
    case "host":
      return { HTTP_HOST: on ? h.value : TH_HOST, SERVER_NAME: TH_HOST };
    case "server":
      return { SERVER_NAME: on ? h.value : TH_HOST };
    case "port":
      return { SERVER_PORT: on ? h.value : "80" };
    case "script-name":
      return { SCRIPT_NAME: on ? h.value : TH_MOUNT, "mod_wsgi.mount_point": on ? h.value : null, "mod_wsgi.script_name": TH_MOUNT };
    case "scheme":
      return { "wsgi.url_scheme": on ? "https" : "http", REQUEST_SCHEME: "http" };
  }
}

function slug(name: string): string {
  return name.toLowerCase().replace(/^x-/, "").replace(/[^a-z0-9]+/g, "-");
}

function trustedHeaders(): CorpusFile[] {
  const out: CorpusFile[] = [];
  for (const h of HEADERS) {
    const s = slug(h.name);
    const withList = ports.get(`th-${s}-list`);
    const noList = ports.get(`th-${s}-nolist`);
    const cfgList = `WSGIScriptAlias ${TH_MOUNT} /srv/app/wsgi.py\nWSGITrustedProxyHeaders ${h.name}\nWSGITrustedProxies ${TRUSTED_PEER}\n`;
    const cfgNoList = `WSGIScriptAlias ${TH_MOUNT} /srv/app/wsgi.py\nWSGITrustedProxyHeaders ${h.name}\n`;
    const variants: Array<{ tag: string; port: number; config: string; peer: string; trusted: boolean; list: boolean; other: boolean }> = [
      { tag: "trusted", port: withList, config: cfgList, peer: TRUSTED_PEER, trusted: true, list: true, other: false },
      { tag: "trusted-other", port: withList, config: cfgList, peer: TRUSTED_PEER, trusted: true, list: true, other: true },
      { tag: "untrusted", port: withList, config: cfgList, peer: UNTRUSTED_PEER, trusted: false, list: true, other: false },
      { tag: "untrusted-other", port: withList, config: cfgList, peer: UNTRUSTED_PEER, trusted: false, list: true, other: true },
      { tag: "nolist", port: noList, config: cfgNoList, peer: UNTRUSTED_PEER, trusted: true, list: false, other: false },
      { tag: "nolist-other", port: noList, config: cfgNoList, peer: UNTRUSTED_PEER, trusted: true, list: false, other: true },
    ];
    for (const v of variants) {
      const headers: HeaderLine[] = [["Host", TH_HOST], [h.name, h.value]];
      if (v.other) headers.push([h.other.name, h.other.value]);
      const request = head(`GET ${TH_MOUNT}/${s}/${v.tag} HTTP/1.1`, headers);
      const env: Record<string, string | null> = { ...applied(h, v.trusted) };
      if (h.group === "client" && !v.trusted) env.REMOTE_ADDR = v.peer;
      // The applied header stays; for an untrusted peer it is removed (4.9.4 keeps the server and port groups).
      const keepsUnmarked = h.group === "server" || h.group === "port";
      env[h.key] = v.trusted || keepsUnmarked ? h.value : null;
      if (v.other) env[h.other.key] = h.other.sameGroup ? null : h.other.value;
      if (v.other && !h.other.sameGroup) {
        // The other group is not configured: it is left completely alone.
        if (h.other.name === "X-Forwarded-Host") env.HTTP_HOST = TH_HOST;
        if (h.other.name === "X-Forwarded-Proto") env["wsgi.url_scheme"] = "http";
      }
      const expect: Expect = { response: { status: 200 }, environ: env };
      let expect60: Expect | undefined;
      if (!v.trusted && keepsUnmarked) expect60 = { environ: { [h.key]: null } };
      const who = v.list ? (v.trusted ? `trusted peer ${v.peer}` : `untrusted peer ${v.peer} (WSGITrustedProxies ${TRUSTED_PEER})`) : `any peer (${v.peer}; no WSGITrustedProxies, so every peer is trusted)`;
      const otherText = v.other ? `, with ${h.other.sameGroup ? "the synonym" : "another group's header"} ${h.other.name}: ${h.other.value}` : "";
      out.push({
        id: `th-${s}-${v.tag}`,
        title: `WSGITrustedProxyHeaders ${h.name}: ${h.name}: ${h.value} from ${who}${otherText}`,
        source: `${MODWSGI_REF} §1.3, §2.2–2.3 (rules verified in §5: C02, C11–C13, C37–C49, C62, C74, C79)`,
        scenario: backendOnly({ port: v.port, config: v.config, client: v.peer, request }),
        expect,
        ...(expect60 ? { expect60 } : {}),
      });
    }
  }
  // Every header of a group listed, all present with different values: the last listed wins, the others go.
  const groups: Array<{ tag: string; members: Array<[string, string]>; check: (last: [string, string]) => Record<string, string | null> }> = [
    { tag: "client", members: [["X-Forwarded-For", "203.0.113.1"], ["X-Client-IP", "203.0.113.2"], ["X-Real-IP", "203.0.113.3"]], check: (l) => ({ REMOTE_ADDR: l[1] }) },
    { tag: "host", members: [["X-Forwarded-Host", "fh.example"], ["X-Host", "xh.example"]], check: (l) => ({ HTTP_HOST: l[1] }) },
    { tag: "script-name", members: [["X-Script-Name", "/one"], ["X-Forwarded-Script-Name", "/two"]], check: (l) => ({ SCRIPT_NAME: l[1], "mod_wsgi.mount_point": l[1] }) },
    {
      tag: "scheme",
      members: [["X-Forwarded-Proto", "https"], ["X-Forwarded-Scheme", "http"], ["X-Scheme", "https"], ["X-Forwarded-HTTPS", "off"], ["X-Forwarded-SSL", "on"], ["X-HTTPS", "0"]],
      check: (l) => ({ "wsgi.url_scheme": ["https", "on", "1", "true"].includes(l[1].toLowerCase()) ? "https" : "http" }),
    },
  ];
  for (const g of groups) {
    for (const order of ["listed", "reversed"] as const) {
      const members = order === "listed" ? g.members : [...g.members].reverse();
      const port = ports.get(`th-all-${g.tag}-${order}`);
      const config = `WSGIScriptAlias ${TH_MOUNT} /srv/app/wsgi.py\nWSGITrustedProxyHeaders ${members.map((m) => m[0]).join(" ")}\nWSGITrustedProxies ${TRUSTED_PEER}\n`;
      const request = head(`GET ${TH_MOUNT}/all-${g.tag} HTTP/1.1`, [["Host", TH_HOST], ...g.members]);
      const last = members[members.length - 1]!;
      const env: Record<string, string | null> = { ...g.check(last) };
      for (const m of g.members) env[`HTTP_${m[0].toUpperCase().replace(/-/g, "_")}`] = m === last ? last[1] : null;
      out.push({
        id: `th-all-${g.tag}-${order}`,
        title: `every ${g.tag} header listed (${members.map((m) => m[0]).join(" ")}), all sent: the last listed, ${last[0]}, wins; the others are removed`,
        source: `${MODWSGI_REF} §2.2 "Ordering and conflicts" (verified as C39/C40)`,
        scenario: backendOnly({ port, config, client: TRUSTED_PEER, request }),
        expect: { response: { status: 200 }, environ: env },
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Family: xff. X-Forwarded-For in both modes (no proxy list: leftmost; list: the right-to-left walk), with empty
// elements, garbage, ports, IPv6, host names, inet_aton forms, long chains and repeated header lines; then the
// same header through one and two Apache front ends.

interface XffRow {
  id: string;
  title: string;
  /** X-Forwarded-For values, one header line each (a raw string is sent as the whole line). */
  lines: HeaderLine[];
  remote?: string;
  xff?: string | null;
  /** 6.0 differences (empty elements are skipped there). */
  remote60?: string;
  xff60?: string | null;
  source?: string;
}

const chain = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

function xffFamily(): CorpusFile[] {
  const out: CorpusFile[] = [];
  const xff = (v: string): HeaderLine => ["X-Forwarded-For", v];
  const emit = (rows: XffRow[], port: number, config: string, peer: string, mode: string, source: string) => {
    for (const r of rows) {
      const environ: Record<string, string | null> = {};
      if (r.remote !== undefined) environ.REMOTE_ADDR = r.remote;
      if (r.xff !== undefined) environ.HTTP_X_FORWARDED_FOR = r.xff;
      const env60: Record<string, string | null> = {};
      if (r.remote60 !== undefined) env60.REMOTE_ADDR = r.remote60;
      if (r.xff60 !== undefined) env60.HTTP_X_FORWARDED_FOR = r.xff60;
      out.push({
        id: `xff-${r.id}`,
        title: `${mode}: ${r.title}`,
        source: r.source ?? source,
        scenario: backendOnly({ port, config, client: peer, request: head(`GET /xff/${r.id} HTTP/1.1`, [["Host", "www.example.com"], ...r.lines]) }),
        expect: { response: { status: 200 }, ...(Object.keys(environ).length ? { environ } : {}) },
        ...(Object.keys(env60).length ? { expect60: { environ: env60 } } : {}),
      });
    }
  };

  // Mode A: no WSGITrustedProxies, every peer is trusted, the leftmost element wins, the header is untouched.
  const a: XffRow[] = [
    { id: "a-single", title: "one address", lines: [xff("1.2.3.4")], remote: "1.2.3.4", xff: "1.2.3.4" },
    { id: "a-three", title: "three addresses: the leftmost wins", lines: [xff("1.2.3.4, 5.6.7.8, 9.9.9.9")], remote: "1.2.3.4", xff: "1.2.3.4, 5.6.7.8, 9.9.9.9" },
    { id: "a-lead-comma", title: "leading empty element (4.9.4: empty REMOTE_ADDR)", lines: [xff(",1.2.3.4")], remote: "", xff: ",1.2.3.4", remote60: "1.2.3.4" },
    { id: "a-lead-empties", title: "two leading empty elements", lines: [xff(" , , 1.2.3.4")], remote: "", xff: ", , 1.2.3.4", remote60: "1.2.3.4" },
    { id: "a-middle-empty", title: "empty element in the middle", lines: [xff("1.2.3.4,,5.6.7.8")], remote: "1.2.3.4", xff: "1.2.3.4,,5.6.7.8" },
    { id: "a-only-comma", title: "a lone comma", lines: [xff(",")] },
    { id: "a-trailing-comma", title: "trailing comma", lines: [xff("1.2.3.4,")], remote: "1.2.3.4" },
    { id: "a-garbage", title: "garbage first: used verbatim, no validation", lines: [xff("not-an-ip, 1.2.3.4")], remote: "not-an-ip" },
    { id: "a-space-inside", title: "space inside an element is kept", lines: [xff("1.2.3.4 5.6.7.8 , 9.9.9.9")], remote: "1.2.3.4 5.6.7.8" },
    { id: "a-port", title: "address with a port: verbatim", lines: [xff("1.2.3.4:5678, 9.9.9.9")], remote: "1.2.3.4:5678" },
    { id: "a-ipv6", title: "IPv6 first", lines: [xff("2001:db8::1, 1.2.3.4")], remote: "2001:db8::1" },
    { id: "a-ipv6-bracket-port", title: "bracketed IPv6 with a port: verbatim", lines: [xff("[2001:db8::1]:443")], remote: "[2001:db8::1]:443" },
    { id: "a-localhost", title: "host name: not resolved in this mode", lines: [xff("localhost, 1.2.3.4")], remote: "localhost" },
    { id: "a-inet-aton", title: "inet_aton shorthand: not parsed in this mode", lines: [xff("127.1, 1.2.3.4")], remote: "127.1" },
    { id: "a-long-chain", title: "30 elements", lines: [xff(chain("10.0.0.", 1, 30).join(", "))], remote: "10.0.0.1" },
    { id: "a-two-lines", title: "two header lines: Apache joins them with \", \"", lines: [xff("1.1.1.1"), xff("2.2.2.2")], remote: "1.1.1.1", xff: "1.1.1.1, 2.2.2.2" },
    { id: "a-empty-line-first", title: "an empty header line, then one with an address", lines: ["X-Forwarded-For:", xff("2.2.2.2")] },
    { id: "a-tabs", title: "tabs around elements", lines: ["X-Forwarded-For: 1.2.3.4\t,\t5.6.7.8"], remote: "1.2.3.4" },
    { id: "a-lowercase-name", title: "header name in lower case", lines: [["x-forwarded-for", "1.2.3.4"]], remote: "1.2.3.4", xff: "1.2.3.4" },
    { id: "a-empty", title: "empty value: nothing changes", lines: ["X-Forwarded-For:"], remote: UNTRUSTED_PEER, xff: "" },
  ];
  emit(a, ports.get("xff-a"), "WSGITrustedProxyHeaders X-Forwarded-For\n", UNTRUSTED_PEER, "XFF, no proxy list (peer 127.0.0.5 trusted by default)", `${MODWSGI_REF} §2.4 mode A (verified as C02–C08)`);

  // Mode B: WSGITrustedProxies set, the right-to-left walk over trusted addresses.
  const listB = "127.0.0.2 127.0.0.3 10.0.0.0/8 2001:db8::/32";
  const b: XffRow[] = [
    { id: "b-one-untrusted", title: "one untrusted address: it is the client", lines: [xff("203.0.113.5")], remote: "203.0.113.5", xff: "203.0.113.5" },
    { id: "b-trusted-tail", title: "client left of a trusted proxy", lines: [xff("203.0.113.5, 10.1.2.3")], remote: "203.0.113.5", xff: "203.0.113.5, 10.1.2.3" },
    { id: "b-cut-left", title: "entries left of the client are cut", lines: [xff("198.51.100.1, 203.0.113.5, 10.1.2.3, 127.0.0.3")], remote: "203.0.113.5", xff: "203.0.113.5, 10.1.2.3, 127.0.0.3" },
    { id: "b-all-trusted", title: "every element trusted: the leftmost", lines: [xff("10.0.0.7, 127.0.0.3")], remote: "10.0.0.7", xff: "10.0.0.7, 127.0.0.3" },
    { id: "b-empty-middle", title: "empty element between client and trusted proxy (4.9.4: empty REMOTE_ADDR)", lines: [xff("1.2.3.4, , 10.0.0.1")], remote: "", xff: ", 10.0.0.1", remote60: "1.2.3.4", xff60: "1.2.3.4, 10.0.0.1" },
    { id: "b-lead-comma", title: "leading comma before a trusted proxy", lines: [xff(",10.0.0.1")], remote: "", xff: ", 10.0.0.1", remote60: "10.0.0.1", xff60: "10.0.0.1" },
    { id: "b-trailing-comma", title: "trailing comma after a trusted proxy", lines: [xff("10.0.0.1,")], remote: "10.0.0.1", xff: "10.0.0.1" },
    { id: "b-trailing-empty", title: "\", ,\" tail: an empty rightmost element in 4.9.4", lines: [xff("1.2.3.4, 10.0.0.1, ,")], remote: "", xff: "", remote60: "1.2.3.4", xff60: "1.2.3.4, 10.0.0.1" },
    { id: "b-garbage-left", title: "garbage left of a trusted proxy: taken verbatim", lines: [xff("garbage, 10.0.0.1")], remote: "garbage", xff: "garbage, 10.0.0.1" },
    { id: "b-garbage-right", title: "garbage at the right: it is the client", lines: [xff("10.0.0.1, garbage")], remote: "garbage", xff: "garbage" },
    { id: "b-port", title: "trusted address with a port does not parse", lines: [xff("1.2.3.4, 10.0.0.1:80")], remote: "10.0.0.1:80", xff: "10.0.0.1:80" },
    { id: "b-ipv6-trusted", title: "IPv6 proxy inside 2001:db8::/32", lines: [xff("1.2.3.4, 2001:db8::5")], remote: "1.2.3.4", xff: "1.2.3.4, 2001:db8::5" },
    { id: "b-ipv6-only", title: "only an IPv6 trusted proxy: the leftmost", lines: [xff("2001:db8::5")], remote: "2001:db8::5", xff: "2001:db8::5" },
    { id: "b-ipv6-upper", title: "IPv6 in upper case", lines: [xff("1.2.3.4, 2001:DB8::5")], remote: "1.2.3.4", xff: "1.2.3.4, 2001:DB8::5" },
    { id: "b-ipv6-bracket", title: "bracketed IPv6 does not parse", lines: [xff("1.2.3.4, [2001:db8::5]")], remote: "[2001:db8::5]", xff: "[2001:db8::5]" },
    { id: "b-ipv6-untrusted", title: "IPv6 outside the list", lines: [xff("1.2.3.4, fe80::1")], remote: "fe80::1", xff: "fe80::1" },
    { id: "b-ipv6-loopback", title: "::1 is not 127.0.0.0/8", lines: [xff("1.2.3.4, ::1")], remote: "::1", xff: "::1" },
    { id: "b-v4-mapped", title: "IPv4-mapped IPv6 matches an IPv4 entry", lines: [xff("1.2.3.4, ::ffff:10.1.1.1")], remote: "1.2.3.4", xff: "1.2.3.4, ::ffff:10.1.1.1" },
    { id: "b-localhost", title: "localhost resolves to 127.0.0.1, not in the list", lines: [xff("1.2.3.4, localhost")], remote: "localhost", xff: "localhost" },
    { id: "b-unresolvable", title: "a host name that does not resolve", lines: [xff("1.2.3.4, proxy.invalid")], remote: "proxy.invalid", xff: "proxy.invalid" },
    { id: "b-aton-two-parts", title: "inet_aton 127.2 = 127.0.0.2 (trusted)", lines: [xff("1.2.3.4, 127.2")], remote: "1.2.3.4", xff: "1.2.3.4, 127.2" },
    { id: "b-aton-decimal", title: "inet_aton 2130706434 = 127.0.0.2", lines: [xff("1.2.3.4, 2130706434")] },
    { id: "b-aton-hex", title: "inet_aton 0x7f.0.0.2", lines: [xff("1.2.3.4, 0x7f.0.0.2")] },
    { id: "b-aton-octal", title: "inet_aton 0177.0.0.2 (octal 127)", lines: [xff("1.2.3.4, 0177.0.0.2")] },
    { id: "b-aton-ten", title: "inet_aton 10.1 = 10.0.0.1", lines: [xff("1.2.3.4, 10.1")] },
    { id: "b-leading-zero", title: "127.0.0.02 (octal part)", lines: [xff("1.2.3.4, 127.0.0.02")] },
    { id: "b-bad-octet", title: "127.0.0.256 does not parse", lines: [xff("1.2.3.4, 127.0.0.256")], remote: "127.0.0.256", xff: "127.0.0.256" },
    { id: "b-long-chain", title: "client before 20 trusted proxies", lines: [xff(["198.51.100.1", "203.0.113.1", ...chain("10.0.0.", 1, 20)].join(", "))], remote: "203.0.113.1", xff: ["203.0.113.1", ...chain("10.0.0.", 1, 20)].join(", ") },
    { id: "b-long-all-trusted", title: "25 trusted proxies", lines: [xff(chain("10.1.0.", 1, 25).join(", "))], remote: "10.1.0.1", xff: chain("10.1.0.", 1, 25).join(", ") },
    { id: "b-long-untrusted-middle", title: "long chain with one untrusted element in the middle", lines: [xff([...chain("10.2.0.", 1, 8), "198.51.100.7", ...chain("10.3.0.", 1, 8)].join(", "))], remote: "198.51.100.7", xff: ["198.51.100.7", ...chain("10.3.0.", 1, 8)].join(", ") },
    { id: "b-three-lines", title: "three header lines, mixed case", lines: [xff("203.0.113.9"), xff("10.0.0.1"), ["x-forwarded-for", "127.0.0.3"]], remote: "203.0.113.9", xff: "203.0.113.9, 10.0.0.1, 127.0.0.3" },
    { id: "b-empty-line-middle", title: "an empty header line between two", lines: [xff("203.0.113.9"), "X-Forwarded-For:", xff("10.0.0.1")] },
    { id: "b-tab", title: "tab after the comma is trimmed", lines: ["X-Forwarded-For: 1.2.3.4,\t10.0.0.1"], remote: "1.2.3.4", xff: "1.2.3.4, 10.0.0.1" },
    { id: "b-empty", title: "empty value: nothing to walk", lines: ["X-Forwarded-For:"], remote: TRUSTED_PEER, xff: "" },
  ];
  emit(b, ports.get("xff-b"), `WSGITrustedProxyHeaders X-Forwarded-For\nWSGITrustedProxies ${listB}\n`, TRUSTED_PEER, `XFF walk, WSGITrustedProxies ${listB}`, `${MODWSGI_REF} §2.4 mode B (verified as C17–C36, C78)`);

  const untrusted: XffRow[] = [
    { id: "b-peer-untrusted", title: "peer not in the list: the header is removed", lines: [xff("1.2.3.4, 10.0.0.1")], remote: UNTRUSTED_PEER, xff: null },
  ];
  emit(untrusted, ports.get("xff-b"), `WSGITrustedProxyHeaders X-Forwarded-For\nWSGITrustedProxies ${listB}\n`, UNTRUSTED_PEER, `XFF walk, WSGITrustedProxies ${listB}`, `${MODWSGI_REF} §2.2 step 4 (verified as C29)`);

  const c: XffRow[] = [
    { id: "c-localhost", title: "localhost resolves to 127.0.0.1, trusted", lines: [xff("1.2.3.4, localhost")], remote: "1.2.3.4", xff: "1.2.3.4, localhost" },
    { id: "c-localhost-upper", title: "LOCALHOST in capitals", lines: [xff("1.2.3.4, LOCALHOST")] },
    { id: "c-mixed-loopback", title: "several loopback forms, all trusted", lines: [xff("1.2.3.4, 127.0.0.1, localhost, 127.255.255.254")], remote: "1.2.3.4", xff: "1.2.3.4, 127.0.0.1, localhost, 127.255.255.254" },
    { id: "c-v6-loopback", title: "::1 does not match an IPv4 entry", lines: [xff("1.2.3.4, ::1")], remote: "::1", xff: "::1" },
    { id: "c-v4-mapped", title: "::ffff:127.0.0.9 matches 127.0.0.0/8", lines: [xff("1.2.3.4, ::ffff:127.0.0.9")], remote: "1.2.3.4", xff: "1.2.3.4, ::ffff:127.0.0.9" },
  ];
  emit(c, ports.get("xff-c"), "WSGITrustedProxyHeaders X-Forwarded-For\nWSGITrustedProxies 127.0.0.0/8\n", TRUSTED_PEER, "XFF walk, WSGITrustedProxies 127.0.0.0/8", `${MODWSGI_REF} §2.4 mode B (verified as C34)`);

  // Through Apache front ends: mod_proxy appends the address it received the request from.
  const b1 = ports.get("xff-front1-backend");
  const f1 = ports.get("xff-front1");
  const front = (backendPort: number) => `ServerName www.example.com\nProxyPass / http://127.0.0.1:${backendPort}/\nProxyPassReverse / http://127.0.0.1:${backendPort}/\n`;
  const backendTrustingFront = `WSGITrustedProxies ${FRONT_ADDRESS}\nWSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Host\n`;
  const viaRows: Array<{ id: string; title: string; lines: HeaderLine[]; env: Record<string, string | null> }> = [
    { id: "v-plain", title: "no client XFF: the front end adds the client", lines: [], env: { REMOTE_ADDR: CLIENT, HTTP_X_FORWARDED_FOR: CLIENT, HTTP_HOST: "www.example.com" } },
    { id: "v-spoof", title: "a client-sent XFF is kept, the client appended; the walk stops at the client", lines: [xff("203.0.113.5")], env: { REMOTE_ADDR: CLIENT, HTTP_X_FORWARDED_FOR: CLIENT } },
    { id: "v-two-lines", title: "two client XFF lines, merged by the front end, then the client", lines: [xff("203.0.113.5"), xff("10.0.0.1")], env: { REMOTE_ADDR: CLIENT, HTTP_X_FORWARDED_FOR: CLIENT } },
    { id: "v-garbage", title: "garbage client XFF", lines: [xff(", ,garbage")], env: { REMOTE_ADDR: CLIENT, HTTP_X_FORWARDED_FOR: CLIENT } },
    { id: "v-spoof-xfh", title: "client-sent X-Forwarded-Host is merged with the Host", lines: [["X-Forwarded-Host", "evil.example"]], env: { HTTP_HOST: "evil.example, www.example.com", HTTP_X_FORWARDED_HOST: "evil.example, www.example.com" } },
  ];
  for (const r of viaRows) {
    out.push({
      id: `xff-${r.id}`,
      title: `through an Apache front end (source ${FRONT_ADDRESS}), back end trusts it: ${r.title}`,
      source: `${PROXY_REF} (mod_proxy merges X-Forwarded-For/Host) + ${MODWSGI_REF} §2.4`,
      scenario: viaFronts({ fronts: [{ port: f1, config: front(b1) }], backendPort: b1, backendConfig: backendTrustingFront, request: head(`GET /via/${r.id} HTTP/1.1`, [["Host", "www.example.com"], ...r.lines]) }),
      expect: { response: { status: 200 }, environ: r.env },
    });
  }
  // The back end also trusts the client's own address (as if it were an inner proxy).
  const b2 = ports.get("xff-front2-backend");
  const f2 = ports.get("xff-front2");
  for (const r of [
    { id: "v-client-trusted", lines: [xff("203.0.113.5")], env: { REMOTE_ADDR: "203.0.113.5", HTTP_X_FORWARDED_FOR: `203.0.113.5, ${CLIENT}` } },
    { id: "v-client-trusted-none", lines: [] as HeaderLine[], env: { REMOTE_ADDR: CLIENT, HTTP_X_FORWARDED_FOR: CLIENT } },
  ]) {
    out.push({
      id: `xff-${r.id}`,
      title: `through an Apache front end; the back end trusts ${FRONT_ADDRESS} and ${CLIENT}`,
      source: `${PROXY_REF} + ${MODWSGI_REF} §2.4`,
      scenario: viaFronts({ fronts: [{ port: f2, config: front(b2) }], backendPort: b2, backendConfig: `WSGITrustedProxies ${FRONT_ADDRESS} ${CLIENT}\nWSGITrustedProxyHeaders X-Forwarded-For\n`, request: head(`GET /via/${r.id} HTTP/1.1`, [["Host", "www.example.com"], ...r.lines]) }),
      expect: { response: { status: 200 }, environ: r.env },
    });
  }
  // Two front ends: the inner one appends the outer one's address; X-Forwarded-Host collects both Hosts.
  const b3 = ports.get("xff-chain-backend");
  const f3a = ports.get("xff-chain-outer");
  const f3b = ports.get("xff-chain-inner");
  for (const r of [
    { id: "v-chain", lines: [] as HeaderLine[], env: { REMOTE_ADDR: CLIENT, HTTP_X_FORWARDED_FOR: `${CLIENT}, ${FRONT_ADDRESS}`, HTTP_HOST: `www.example.com, 127.0.0.1:${f3b}` } },
    { id: "v-chain-spoof", lines: [xff("198.51.100.9")], env: { REMOTE_ADDR: CLIENT, HTTP_X_FORWARDED_FOR: `${CLIENT}, ${FRONT_ADDRESS}` } },
  ] as Array<{ id: string; lines: HeaderLine[]; env: Record<string, string | null> }>) {
    out.push({
      id: `xff-${r.id}`,
      title: `two Apache front ends (${FRONT_ADDRESS}, then ${FRONT2_ADDRESS}); the back end trusts both`,
      source: `${PROXY_REF} + ${MODWSGI_REF} §2.4`,
      scenario: viaFronts({
        fronts: [{ port: f3a, config: `ServerName www.example.com\nProxyPass / http://127.0.0.1:${f3b}/\nProxyPassReverse / http://127.0.0.1:${f3b}/\n` }, { port: f3b, config: `ServerName inner.example\nProxyPass / http://127.0.0.1:${b3}/\nProxyPassReverse / http://127.0.0.1:${b3}/\n` }],
        backendPort: b3,
        backendConfig: `WSGITrustedProxies ${FRONT_ADDRESS} ${FRONT2_ADDRESS}\nWSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Host X-Forwarded-Server\n`,
        request: head(`GET /via/${r.id} HTTP/1.1`, [["Host", "www.example.com"], ...r.lines]),
      }),
      expect: { response: { status: 200 }, environ: r.env },
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Family: head-http10. HEAD requests under WSGIMapHEADToGET On/Off/Auto (the runner records the environ of a
// HEAD request from the application's log), HTTP/1.0 with and without Host, directly and through a front end.

function headHttp10(): CorpusFile[] {
  const out: CorpusFile[] = [];
  const add = (id: string, title: string, source: string, scenario: CorpusFile["scenario"], expect?: Expect) =>
    out.push({ id: `hd-${id}`, title, source, scenario, ...(expect ? { expect } : {}) });
  const SRC_HEAD = "mod_wsgi 4.9.4 wsgi_build_environment (WSGIMapHEADToGET: Auto maps HEAD to GET only when a content filter is in the output chain; On always; Off never)";
  const SRC_CORE = "httpd 2.4 core: SERVER_NAME/SERVER_PORT from the Host header, else ServerName (UseCanonicalName Off); C75, C77";

  const configs: Array<{ tag: string; config: string; title: string; head: string | null; head60?: string }> = [
    { tag: "auto", config: "", title: "WSGIMapHEADToGET not set, no output filter", head: "HEAD" },
    { tag: "default-header", config: "Header set X-Probe 1\n", title: "WSGIMapHEADToGET not set (4.9.4: in effect Off) with Header set", head: "HEAD", head60: "GET" },
    { tag: "auto-header-early", config: "WSGIMapHEADToGET Auto\nHeader set X-Probe 1 early\n", title: "WSGIMapHEADToGET Auto with Header set … early", head: null },
    { tag: "auto-header-unset", config: "WSGIMapHEADToGET Auto\nHeader unset X-Nothing\n", title: "WSGIMapHEADToGET Auto with Header unset", head: null },
    { tag: "auto-header-both", config: "WSGIMapHEADToGET Auto\nHeader always set X-A 1\nHeader set X-B 2\n", title: "WSGIMapHEADToGET Auto with Header always set and Header set", head: null },
    { tag: "on", config: "WSGIMapHEADToGET On\n", title: "WSGIMapHEADToGET On", head: "GET" },
    { tag: "off", config: "WSGIMapHEADToGET Off\n", title: "WSGIMapHEADToGET Off", head: "HEAD" },
    { tag: "auto-explicit", config: "WSGIMapHEADToGET Auto\n", title: "WSGIMapHEADToGET Auto, no output filter", head: "HEAD" },
    { tag: "auto-header", config: "WSGIMapHEADToGET Auto\nHeader set X-Probe 1\n", title: "WSGIMapHEADToGET Auto with mod_headers' Header set (a content filter)", head: "GET" },
    { tag: "auto-header-always", config: "WSGIMapHEADToGET Auto\nHeader always set X-Probe 1\n", title: "WSGIMapHEADToGET Auto with Header always set", head: "GET" },
    { tag: "off-header", config: "WSGIMapHEADToGET Off\nHeader set X-Probe 1\n", title: "WSGIMapHEADToGET Off with Header set", head: "HEAD" },
    { tag: "on-requestheader", config: "WSGIMapHEADToGET Auto\nRequestHeader set X-Probe 1\n", title: "WSGIMapHEADToGET Auto with RequestHeader only (no output filter)", head: null },
  ];
  for (const c of configs) {
    const port = ports.get(`hd-${c.tag}`);
    const host = `127.0.0.1:${port}`;
    const cases: Array<{ id: string; title: string; request: string; env?: Record<string, string | null> }> = [
      { id: "head", title: "HEAD over HTTP/1.1", request: head("HEAD /h/head HTTP/1.1", [["Host", host]]), env: c.head ? { REQUEST_METHOD: c.head, SERVER_PROTOCOL: "HTTP/1.1" } : undefined },
      { id: "get", title: "GET over HTTP/1.1", request: head("GET /h/get HTTP/1.1", [["Host", host]]), env: { REQUEST_METHOD: "GET" } },
      { id: "head10", title: "HEAD over HTTP/1.0 with Host", request: head("HEAD /h/head10 HTTP/1.0", [["Host", host]]), env: c.head ? { REQUEST_METHOD: c.head, SERVER_PROTOCOL: "HTTP/1.0", HTTP_HOST: host } : undefined },
      { id: "head10-nohost", title: "HEAD over HTTP/1.0 without Host", request: head("HEAD /h/head10-nohost HTTP/1.0"), env: { ...(c.head ? { REQUEST_METHOD: c.head } : {}), HTTP_HOST: null, SERVER_NAME: "127.0.0.1", SERVER_PORT: "80" } },
    ];
    for (const k of cases) {
      add(`${c.tag}-${k.id}`, `${c.title}: ${k.title}`, SRC_HEAD, backendOnly({ port, config: c.config, client: TRUSTED_PEER, request: k.request }), { response: { status: 200 }, ...(k.env ? { environ: k.env } : {}) });
      if (c.head60 && k.request.startsWith("HEAD")) out[out.length - 1]!.expect60 = { environ: { REQUEST_METHOD: c.head60 } };
    }
  }
  // WSGIMapHEADToGET and Header in <Location> scopes.
  {
    const port = ports.get("hd-location");
    const config = "WSGIMapHEADToGET Off\n<Location /on>\n    WSGIMapHEADToGET On\n</Location>\n<Location /filtered>\n    WSGIMapHEADToGET Auto\n    Header set X-Probe 1\n</Location>\n";
    for (const [id, path, env] of [
      ["loc-off", "/elsewhere", { REQUEST_METHOD: "HEAD" }],
      ["loc-on", "/on/x", { REQUEST_METHOD: "GET" }],
      ["loc-filtered", "/filtered/x", undefined],
      ["loc-on-prefix", "/onward", { REQUEST_METHOD: "HEAD" }],
    ] as const) {
      add(id, `WSGIMapHEADToGET Off at server level, On in <Location /on>, Auto + Header in <Location /filtered>: HEAD ${path}`, SRC_HEAD, backendOnly({ port, config, client: TRUSTED_PEER, request: head(`HEAD ${path} HTTP/1.1`, [["Host", "www.example.com"]]) }), { response: { status: 200 }, ...(env ? { environ: env } : {}) });
    }
  }
  // The server-level setting and virtual hosts (4.9.4: a vhost that does not set it gets Off, not the main server's).
  {
    const port = ports.get("hd-vh-inherit");
    const config = `WSGIMapHEADToGET On\n<VirtualHost *:${port}>\n    ServerName v.example\n</VirtualHost>\n`;
    add("vh-inherit", "WSGIMapHEADToGET On at server level, a <VirtualHost> that does not set it: HEAD becomes GET (inherited)", SRC_HEAD, backendOnly({ port, config, client: TRUSTED_PEER, request: head("HEAD /h/vh HTTP/1.1", [["Host", "v.example"]]) }), { response: { status: 200 }, environ: { REQUEST_METHOD: "GET" } });
    add("vh-inherit-get", "WSGIMapHEADToGET On at server level, a <VirtualHost> that does not set it: GET", SRC_HEAD, backendOnly({ port, config, client: TRUSTED_PEER, request: head("GET /h/vh HTTP/1.1", [["Host", "v.example"]]) }), { response: { status: 200 }, environ: { REQUEST_METHOD: "GET" } });
  }
  {
    const port = ports.get("hd-vh-own");
    const config = `<VirtualHost *:${port}>\n    ServerName v.example\n    WSGIMapHEADToGET Auto\n    Header set X-Probe 1\n</VirtualHost>\n`;
    add("vh-own-auto", "WSGIMapHEADToGET Auto and Header set inside the <VirtualHost>: HEAD", SRC_HEAD, backendOnly({ port, config, client: TRUSTED_PEER, request: head("HEAD /h/vh HTTP/1.1", [["Host", "v.example"]]) }), { response: { status: 200 } });
  }
  // HTTP/1.0 and the server name and port.
  {
    const port = ports.get("hd-http10");
    const config = "ServerName www.example.com:8080\n";
    const rows: Array<[string, string, string, HeaderLine[], Record<string, string | null>]> = [
      ["v10-host", "HTTP/1.0 with Host", "GET /h/a HTTP/1.0", [["Host", "pub.example"]], { SERVER_NAME: "pub.example", SERVER_PORT: "8080", HTTP_HOST: "pub.example", SERVER_PROTOCOL: "HTTP/1.0" }],
      ["v10-host-port", "HTTP/1.0 with Host and port", "GET /h/b HTTP/1.0", [["Host", "pub.example:9090"]], { SERVER_NAME: "pub.example", SERVER_PORT: "9090" }],
      ["v10-nohost", "HTTP/1.0 without Host: ServerName and its port", "GET /h/c HTTP/1.0", [], { SERVER_NAME: "www.example.com", SERVER_PORT: "8080", HTTP_HOST: null }],
      ["v10-nohost-query", "HTTP/1.0 without Host, query string", "GET /h/d?x=1&y=%20 HTTP/1.0", [], { QUERY_STRING: "x=1&y=%20", REQUEST_URI: "/h/d?x=1&y=%20", PATH_INFO: "/h/d" }],
      ["v10-absolute", "HTTP/1.0 absolute-form target, no Host", "GET http://abs.example:7070/h/e HTTP/1.0", [], {}],
      ["v11-absolute", "HTTP/1.1 absolute-form target and a different Host", "GET http://abs.example/h/f HTTP/1.1", [["Host", "other.example"]], {}],
      ["v11-absolute-https", "HTTP/1.1 absolute-form https:// target on a plain connection", "GET https://abs.example/h/f2 HTTP/1.1", [["Host", "other.example"]], {}],
      ["v11-absolute-nohost", "HTTP/1.1 absolute-form target without Host: 400", "GET http://abs.example/h/f3 HTTP/1.1", [], {}],
      ["v11-absolute-port", "HTTP/1.1 absolute-form target with a port, upper case, and a Host", "GET HTTP://ABS.Example:7071/h/f4 HTTP/1.1", [["Host", "other.example"]], {}],
      ["v11-nohost", "HTTP/1.1 without Host: 400", "GET /h/h HTTP/1.1", [], {}],
    ];
    for (const [id, title, line, hdrs, env] of rows) {
      const expect: Expect = id === "v11-nohost" || id === "v11-absolute-nohost" ? { response: { status: 400 }, environ: null } : { response: { status: 200 }, ...(Object.keys(env).length ? { environ: env } : {}) };
      add(id, `ServerName www.example.com:8080: ${title}`, SRC_CORE, backendOnly({ port, config, client: TRUSTED_PEER, request: head(line, hdrs) }), Object.keys(expect).length ? expect : undefined);
    }
  }
  {
    const port = ports.get("hd-http10-canon");
    const config = "ServerName www.example.com\nUseCanonicalName On\n";
    add("canon-v10-host", "UseCanonicalName On: HTTP/1.0 with Host other.example:9090", SRC_CORE, backendOnly({ port, config, client: TRUSTED_PEER, request: head("GET /h/i HTTP/1.0", [["Host", "other.example:9090"]]) }), { response: { status: 200 }, environ: { SERVER_NAME: "www.example.com", SERVER_PORT: "80", HTTP_HOST: "other.example:9090" } });
    add("canon-v10-nohost", "UseCanonicalName On: HTTP/1.0 without Host", SRC_CORE, backendOnly({ port, config, client: TRUSTED_PEER, request: head("HEAD /h/j HTTP/1.0") }), { response: { status: 200 }, environ: { SERVER_NAME: "www.example.com", SERVER_PORT: "80", HTTP_HOST: null, REQUEST_METHOD: "HEAD" } });
  }
  {
    const port = ports.get("hd-vhosts");
    const config = `<VirtualHost *:${port}>\n    ServerName a.example\n</VirtualHost>\n<VirtualHost *:${port}>\n    ServerName b.example\n    WSGIMapHEADToGET On\n</VirtualHost>\n`;
    for (const [id, line, hdrs, env] of [
      ["vh-nohost", "HEAD /h/k HTTP/1.0", [], { SERVER_NAME: "a.example", REQUEST_METHOD: "HEAD" }],
      ["vh-b", "HEAD /h/l HTTP/1.1", [["Host", "b.example"]], { SERVER_NAME: "b.example", REQUEST_METHOD: "GET" }],
      ["vh-unknown", "HEAD /h/m HTTP/1.1", [["Host", "c.example"]], { SERVER_NAME: "c.example", REQUEST_METHOD: "HEAD" }],
    ] as Array<[string, string, HeaderLine[], Record<string, string>]>) {
      add(id, `two name-based virtual hosts (b.example maps HEAD to GET): ${line} ${hdrs.map((h) => (typeof h === "string" ? h : h.join(": "))).join(", ") || "no Host"}`, SRC_CORE, backendOnly({ port, config, client: TRUSTED_PEER, request: head(line, hdrs) }), { response: { status: 200 }, environ: env });
    }
  }
  // Through a front end: mod_proxy forwards HEAD as HEAD and always speaks HTTP/1.1 to the back end.
  for (const [tag, frontExtra, backExtra] of [
    ["pph-off", "", ""],
    ["pph-on", "ProxyPreserveHost On\n", ""],
    ["back-on", "", "WSGIMapHEADToGET On\n"],
  ] as const) {
    const b = ports.get(`hd-front-${tag}-backend`);
    const f = ports.get(`hd-front-${tag}`);
    const front = `ServerName www.example.com\n${frontExtra}ProxyPass / http://127.0.0.1:${b}/\nProxyPassReverse / http://127.0.0.1:${b}/\n`;
    const hostSeen = tag === "pph-on" ? "www.example.com" : `127.0.0.1:${b}`;
    const rows: Array<[string, string, Record<string, string | null>]> = [
      ["head", head("HEAD /p/head HTTP/1.1", [["Host", "www.example.com"]]), { REQUEST_METHOD: tag === "back-on" ? "GET" : "HEAD", SERVER_PROTOCOL: "HTTP/1.1" }],
      ["v10-nohost", head("GET /p/v10 HTTP/1.0"), { HTTP_HOST: hostSeen, HTTP_X_FORWARDED_HOST: null, HTTP_X_FORWARDED_SERVER: "www.example.com", SERVER_PROTOCOL: "HTTP/1.1", HTTP_X_FORWARDED_FOR: CLIENT }],
      ["head10-nohost", head("HEAD /p/head10 HTTP/1.0"), { REQUEST_METHOD: tag === "back-on" ? "GET" : "HEAD", HTTP_HOST: hostSeen, HTTP_X_FORWARDED_HOST: null }],
      ["v10-host", head("GET /p/v10h HTTP/1.0", [["Host", "pub.example:8080"]]), { HTTP_HOST: tag === "pph-on" ? "pub.example:8080" : hostSeen, HTTP_X_FORWARDED_HOST: "pub.example:8080" }],
    ];
    for (const [id, request, env] of rows) {
      add(`front-${tag}-${id}`, `through an Apache front end (${tag === "pph-on" ? "ProxyPreserveHost On" : "ProxyPreserveHost Off"}${tag === "back-on" ? ", back end WSGIMapHEADToGET On" : ""}): ${request.split("\n")[0]}${request.includes("Host:") ? "" : ", no Host"}`, `${PROXY_REF} (Host to the back end; X-Forwarded-Host only when the request had a Host) + ${SRC_HEAD}`, viaFronts({ fronts: [{ port: f, config: front }], backendPort: b, backendConfig: backExtra, request }), { response: { status: 200 }, environ: env });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Family: tls. The client speaks TLS to Apache + mod_wsgi; a front-end Apache with TLS towards the client and
// RequestHeader-made scheme headers; a front end proxying with https:// to a TLS back end (SSLProxyEngine On,
// verification off); scheme headers over TLS.

const SSL_PROXY = "SSLProxyEngine On\nSSLProxyVerify none\nSSLProxyCheckPeerName off\nSSLProxyCheckPeerCN off\nSSLProxyCheckPeerExpire off\n";

function tlsFamily(): CorpusFile[] {
  const out: CorpusFile[] = [];
  const add = (id: string, title: string, source: string, scenario: CorpusFile["scenario"], expect?: Expect, expect60?: Expect) =>
    out.push({ id: `tls-${id}`, title, source, scenario, ...(expect ? { expect } : {}), ...(expect60 ? { expect60 } : {}) });
  const SRC_SSL = `${MODWSGI_REF} §2.1 step 7 (4.9.4: a TLS connection forces https after the proxy headers; verified as C70–C73)`;

  // Client → Apache + mod_wsgi over TLS, no trusted headers.
  {
    const port = ports.get("tls-direct");
    const config = "WSGIScriptAlias /app /srv/app/wsgi.py\n";
    const rows: Array<[string, string, HeaderLine[], Record<string, string | null>]> = [
      ["direct-ip-host", "Host with the port", [["Host", `127.0.0.1:${port}`]], { "wsgi.url_scheme": "https", REQUEST_SCHEME: "https", SERVER_PORT: String(port), HTTP_HOST: `127.0.0.1:${port}`, HTTPS: null }],
      ["direct-name-host", "Host without a port: SERVER_PORT 443", [["Host", "www.example.com"]], { "wsgi.url_scheme": "https", SERVER_PORT: "443", SERVER_NAME: "www.example.com" }],
      ["direct-untrusted-proto", "X-Forwarded-Proto: http without WSGITrustedProxyHeaders: ignored, kept", [["Host", "www.example.com"], ["X-Forwarded-Proto", "http"]], { "wsgi.url_scheme": "https", HTTP_X_FORWARDED_PROTO: "http" }],
    ];
    for (const [id, title, hdrs, env] of rows) {
      add(id, `client TLS → Apache + mod_wsgi: ${title}`, SRC_SSL, backendOnly({ port, config, client: TRUSTED_PEER, tls: true, request: head(`GET /app/${id} HTTP/1.1`, hdrs) }), { response: { status: 200 }, environ: env });
    }
    add("direct-v10-nohost", "client TLS → Apache + mod_wsgi: HTTP/1.0 without Host", SRC_SSL, backendOnly({ port, config, client: TRUSTED_PEER, tls: true, request: head("GET /app/v10 HTTP/1.0") }), { response: { status: 200 }, environ: { SERVER_NAME: "127.0.0.1", SERVER_PORT: "443", HTTP_HOST: null, "wsgi.url_scheme": "https" } });
    add("direct-head", "client TLS → Apache + mod_wsgi: HEAD", SRC_SSL, backendOnly({ port, config, client: TRUSTED_PEER, tls: true, request: head("HEAD /app/head HTTP/1.1", [["Host", "www.example.com"]]) }), { response: { status: 200 }, environ: { REQUEST_METHOD: "HEAD", "wsgi.url_scheme": "https" } });
    add("direct-outside-mount", "client TLS → Apache + mod_wsgi: a path outside the mount is Apache's 404", SRC_SSL, backendOnly({ port, config, client: TRUSTED_PEER, tls: true, request: head("GET /elsewhere HTTP/1.1", [["Host", "www.example.com"]]) }), { response: { status: 404 }, environ: null });
  }
  // Every scheme header over TLS from a trusted peer: 4.9.4 keeps https whatever the header says; 6.0 follows it.
  {
    const port = ports.get("tls-scheme");
    const config = `WSGITrustedProxyHeaders X-Forwarded-Proto X-Forwarded-Scheme X-Scheme X-Forwarded-HTTPS X-Forwarded-SSL X-HTTPS X-Forwarded-For\nWSGITrustedProxies ${TRUSTED_PEER}\n`;
    const rows: Array<[string, string, string, "http" | "https" | null]> = [
      ["proto-http", "X-Forwarded-Proto", "http", "http"],
      ["proto-https", "X-Forwarded-Proto", "https", "https"],
      ["scheme-http", "X-Forwarded-Scheme", "http", "http"],
      ["xscheme-http", "X-Scheme", "HTTP", "http"],
      ["fhttps-off", "X-Forwarded-HTTPS", "off", "http"],
      ["fssl-false", "X-Forwarded-SSL", "false", "http"],
      ["xhttps-0", "X-HTTPS", "0", "http"],
      ["proto-ftp", "X-Forwarded-Proto", "ftp", null],
    ];
    for (const [id, name, value, v60] of rows) {
      const key = `HTTP_${name.toUpperCase().replace(/-/g, "_")}`;
      add(`scheme-${id}`, `client TLS from a trusted peer with ${name}: ${value}`, SRC_SSL, backendOnly({ port, config, client: TRUSTED_PEER, tls: true, request: head(`GET /scheme/${id} HTTP/1.1`, [["Host", "www.example.com"], [name, value]]) }), { response: { status: 200 }, environ: { "wsgi.url_scheme": "https", [key]: value, REQUEST_SCHEME: "https" } }, { environ: { "wsgi.url_scheme": v60 ?? "https" } });
    }
    add("scheme-untrusted", "client TLS from an untrusted peer with X-Forwarded-Proto: http: stripped, https", SRC_SSL, backendOnly({ port, config, client: UNTRUSTED_PEER, tls: true, request: head("GET /scheme/untrusted HTTP/1.1", [["Host", "www.example.com"], ["X-Forwarded-Proto", "http"], ["X-Forwarded-For", "1.2.3.4"]]) }), { response: { status: 200 }, environ: { "wsgi.url_scheme": "https", HTTP_X_FORWARDED_PROTO: null, HTTP_X_FORWARDED_FOR: null, REMOTE_ADDR: UNTRUSTED_PEER } });
  }
  // mod_dir's redirect over TLS.
  {
    const port = ports.get("tls-dir");
    const SRC_DIR = `${PROXY_REF} "How Apache builds an absolute URL" (https on TLS; default port left out)`;
    for (const [id, host, loc] of [
      ["dir-name", "www.example.com", "https://www.example.com/static/"],
      ["dir-port", `127.0.0.1:${port}`, `https://127.0.0.1:${port}/static/`],
      ["dir-443", "www.example.com:443", "https://www.example.com/static/"],
      ["dir-80", "www.example.com:80", "https://www.example.com:80/static/"],
    ] as Array<[string, string, string]>) {
      add(id, `client TLS, directory without its slash, Host ${host}`, SRC_DIR, backendOnly({ port, config: "", client: TRUSTED_PEER, tls: true, directories: ["/static"], request: head("GET /static HTTP/1.1", [["Host", host!]]) }), { response: { status: 301, headers: { Location: loc! } }, environ: null });
    }
  }
  // A TLS front end, plain HTTP to the back end.
  const frontVariants: Array<{ tag: string; extra: string; title: string; tlsProto: string | null; plainProto: string | null; tlsScheme?: string; plainScheme?: string }> = [
    { tag: "none", extra: "", title: "no scheme header", tlsProto: null, plainProto: null, tlsScheme: "http", plainScheme: "http" },
    { tag: "static", extra: "RequestHeader set X-Forwarded-Proto https\n", title: "RequestHeader set X-Forwarded-Proto https", tlsProto: "https", plainProto: "https", tlsScheme: "https", plainScheme: "https" },
    { tag: "env", extra: "RequestHeader set X-Forwarded-Proto https env=HTTPS\n", title: "RequestHeader set X-Forwarded-Proto https env=HTTPS", tlsProto: "https", plainProto: null, tlsScheme: "https", plainScheme: "http" },
    { tag: "sslvar", extra: 'RequestHeader set X-Forwarded-SSL "%{HTTPS}s"\n', title: "RequestHeader set X-Forwarded-SSL %{HTTPS}s", tlsProto: null, plainProto: null },
    { tag: "sslvar-modssl", extra: 'SSLProxyEngine On\nRequestHeader set X-Forwarded-SSL "%{HTTPS}s"\n', title: "mod_ssl loaded (SSLProxyEngine On), RequestHeader set X-Forwarded-SSL %{HTTPS}s", tlsProto: null, plainProto: null, tlsScheme: "https", plainScheme: "http" },
    { tag: "envvar", extra: 'RequestHeader set X-Forwarded-Proto "%{REQUEST_SCHEME}e"\n', title: "RequestHeader set X-Forwarded-Proto %{REQUEST_SCHEME}e", tlsProto: null, plainProto: null },
    { tag: "httpsvar", extra: 'RequestHeader set X-Forwarded-HTTPS "%{HTTPS}e"\n', title: "RequestHeader set X-Forwarded-HTTPS %{HTTPS}e", tlsProto: null, plainProto: null },
  ];
  for (const v of frontVariants) {
    const b = ports.get(`tls-front-${v.tag}-backend`);
    const f = ports.get(`tls-front-${v.tag}`);
    const front = `ServerName www.example.com\n${v.extra}ProxyPass / http://127.0.0.1:${b}/\nProxyPassReverse / http://127.0.0.1:${b}/\n`;
    const back = `WSGITrustedProxies ${FRONT_ADDRESS}\nWSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Proto X-Forwarded-SSL X-Forwarded-HTTPS\n`;
    for (const tls of [true, false]) {
      const proto = tls ? v.tlsProto : v.plainProto;
      const scheme = tls ? v.tlsScheme : v.plainScheme;
      const env: Record<string, string | null> = { REQUEST_SCHEME: "http", REMOTE_ADDR: CLIENT };
      if (scheme) env["wsgi.url_scheme"] = scheme;
      if (v.tag === "none" || v.tag === "static" || v.tag === "env") env.HTTP_X_FORWARDED_PROTO = proto;
      if (v.tag === "sslvar-modssl") env.HTTP_X_FORWARDED_SSL = tls ? "on" : "off";
      if (v.tag === "sslvar" && !tls) env.HTTP_X_FORWARDED_SSL = "(null)";
      add(`front-${v.tag}-${tls ? "tls" : "plain"}`, `client ${tls ? "TLS" : "plain HTTP"} → Apache front end (${v.title}) → plain HTTP → Apache + mod_wsgi trusting it`, `${PROXY_REF} (no X-Forwarded-Proto is added by mod_proxy) + mod_headers (RequestHeader in fixups; env=HTTPS is set by mod_ssl on TLS)`, viaFronts({ fronts: [{ port: f, config: front }], backendPort: b, backendConfig: back, tls, request: head(`GET /front/${v.tag} HTTP/1.1`, [["Host", "www.example.com"]]) }), { response: { status: 200 }, environ: env });
    }
    if (v.tag === "static" || v.tag === "none") {
      add(`front-${v.tag}-dir`, `client TLS → front end (${v.title}) → back end directory without its slash: ProxyPassReverse makes the Location https`, `${PROXY_REF} (ProxyPassReverse builds the URL with the front end's scheme)`, viaFronts({ fronts: [{ port: f, config: front }], backendPort: b, backendConfig: back, tls: true, directories: ["/static"], request: head("GET /static HTTP/1.1", [["Host", "www.example.com"]]) }), { response: { status: 301, headers: { Location: "https://www.example.com/static/" } }, environ: null });
    }
  }
  // A front end proxying with https:// to a TLS back end.
  for (const [tag, extra] of [
    ["https-backend", ""],
    ["https-backend-pph", "ProxyPreserveHost On\n"],
    ["https-backend-proto-http", "RequestHeader set X-Forwarded-Proto http\n"],
  ] as const) {
    const b = ports.get(`tls-${tag}-backend`);
    const f = ports.get(`tls-${tag}`);
    const front = `ServerName www.example.com\n${SSL_PROXY}${extra}ProxyPass / https://127.0.0.1:${b}/\nProxyPassReverse / https://127.0.0.1:${b}/\n`;
    const back = `WSGITrustedProxies ${FRONT_ADDRESS}\nWSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Proto\n`;
    const host = tag === "https-backend-pph" ? "www.example.com" : `127.0.0.1:${b}`;
    for (const tls of [false, true]) {
      add(`${tag}-${tls ? "tls" : "plain"}`, `client ${tls ? "TLS" : "plain HTTP"} → Apache front end (SSLProxyEngine On${extra ? `, ${extra.trim()}` : ""}) → https:// → Apache + mod_wsgi over TLS`, `${SRC_SSL} + ${PROXY_REF}`, viaFronts({ fronts: [{ port: f, config: front }], backendPort: b, backendConfig: back, tls, request: head(`GET /tls/${tag} HTTP/1.1`, [["Host", "www.example.com"]]) }), { response: { status: 200 }, environ: { "wsgi.url_scheme": "https", REQUEST_SCHEME: "https", HTTP_HOST: host, REMOTE_ADDR: CLIENT, SERVER_PORT: tag === "https-backend-pph" ? "443" : String(b) } });
    }
    add(`${tag}-dir`, `client plain HTTP → front end (SSLProxyEngine On${extra ? `, ${extra.trim()}` : ""}) → TLS back end, directory without its slash`, `${PROXY_REF} (back end builds https://<Host it received>/static/; ProxyPassReverse maps only its own URL)`, viaFronts({ fronts: [{ port: f, config: front }], backendPort: b, backendConfig: back, directories: ["/static"], request: head("GET /static HTTP/1.1", [["Host", "www.example.com"]]) }), { response: { status: 301, headers: { Location: tag === "https-backend-pph" ? "https://www.example.com/static/" : "http://www.example.com/static/" } }, environ: null });
  }
  // TLS on both legs, front end also sets X-Forwarded-Proto from its own connection.
  {
    const b = ports.get("tls-both-backend");
    const f = ports.get("tls-both");
    const front = `ServerName www.example.com\n${SSL_PROXY}RequestHeader set X-Forwarded-Proto https env=HTTPS\nRequestHeader set X-Forwarded-Port 443\nProxyPass /app/ https://127.0.0.1:${b}/\nProxyPassReverse /app/ https://127.0.0.1:${b}/\n`;
    const back = `WSGITrustedProxies ${FRONT_ADDRESS}\nWSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Proto X-Forwarded-Port X-Forwarded-Host\n`;
    add("both-app", "client TLS → TLS front end → https:// → TLS back end, trusted XFF/Proto/Port/Host", `${SRC_SSL} + ${PROXY_REF}`, viaFronts({ fronts: [{ port: f, config: front }], backendPort: b, backendConfig: back, tls: true, request: head("GET /app/x?y=1 HTTP/1.1", [["Host", "www.example.com"]]) }), { response: { status: 200 }, environ: { "wsgi.url_scheme": "https", HTTP_HOST: "www.example.com", SERVER_PORT: "443", REMOTE_ADDR: CLIENT, REQUEST_URI: "/x?y=1", HTTP_X_FORWARDED_PROTO: "https" } });
    add("both-dir", "client TLS → TLS front end → TLS back end, directory without its slash under /app/", `${PROXY_REF}`, viaFronts({ fronts: [{ port: f, config: front }], backendPort: b, backendConfig: back, tls: true, directories: ["/static"], request: head("GET /app/static HTTP/1.1", [["Host", "www.example.com"]]) }), { response: { status: 301, headers: { Location: "https://www.example.com/app/static/" } }, environ: null });
    add("both-plain-client", "client plain HTTP to the same front end (now without TLS): env=HTTPS does not hold", `${PROXY_REF} + mod_headers`, viaFronts({ fronts: [{ port: f, config: front }], backendPort: b, backendConfig: back, tls: false, request: head("GET /app/plain HTTP/1.1", [["Host", "www.example.com"]]) }), { response: { status: 200 }, environ: { "wsgi.url_scheme": "https", HTTP_X_FORWARDED_PROTO: null, SERVER_PORT: "443" } });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Family: proxypass. ProxyPass/ProxyPassReverse (several pairs, first match, case, `/`-prefixed reverse rules,
// trailing-slash pitfalls, `!` exclusions, <Location> forms), ProxyPreserveHost, ProxyAddHeaders, and
// RequestHeader set/append/add/unset/merge/edit/setifempty against client-supplied X-Forwarded-* values.

function proxypassFamily(): CorpusFile[] {
  const out: CorpusFile[] = [];
  const SRC = `${PROXY_REF} + httpd 2.4 mod_proxy.c (proxy_trans, alias_match) and proxy_util.c (ap_proxy_location_reverse_map, ap_proxy_create_hdrbrgd)`;
  interface Row {
    id: string;
    title: string;
    request: string;
    status?: number;
    location?: string | null;
    env?: Record<string, string | null> | null;
  }
  const group = (tag: string, title: string, front: (b: number) => string, rows: Row[], opts: { backend?: string; directories?: string[]; source?: string } = {}) => {
    const b = ports.get(`pp-${tag}-backend`);
    const f = ports.get(`pp-${tag}`);
    for (const r of rows) {
      const expect: Expect = {};
      if (r.status !== undefined || r.location !== undefined) {
        expect.response = { ...(r.status !== undefined ? { status: r.status } : {}), ...(r.location !== undefined ? { headers: { Location: r.location } } : {}) };
      }
      if (r.env !== undefined) expect.environ = typeof r.env === "object" && r.env !== null ? Object.fromEntries(Object.entries(r.env).map(([k, v]) => [k, v?.replace("{B}", String(b)).replace("{F}", String(f)) ?? null])) : null;
      if (expect.response?.headers?.Location) expect.response.headers.Location = expect.response.headers.Location.replace("{B}", String(b)).replace("{F}", String(f));
      out.push({
        id: `pp-${tag}-${r.id}`,
        title: `${title}: ${r.title}`,
        source: opts.source ?? SRC,
        scenario: viaFronts({ fronts: [{ port: f, config: front(b) }], backendPort: b, backendConfig: opts.backend ?? "", request: r.request.replace(/\{F\}/g, String(f)), ...(opts.directories ? { directories: opts.directories } : {}) }),
        ...(Object.keys(expect).length ? { expect } : {}),
      });
    }
  };
  const get = (target: string, hdrs: HeaderLine[] = [["Host", "www.example.com"]], proto = "HTTP/1.1") => head(`GET ${target} ${proto}`, hdrs);
  const ok = (uri: string, extra: Record<string, string | null> = {}): Row["env"] => ({ REQUEST_URI: uri, ...extra });

  group(
    "pairs",
    "three ProxyPass/ProxyPassReverse pairs (/app/, /api/v1/, /api/)",
    (b) =>
      `ServerName www.example.com\nProxyPass /app/ http://127.0.0.1:${b}/\nProxyPassReverse /app/ http://127.0.0.1:${b}/\nProxyPass /api/v1/ http://127.0.0.1:${b}/v1/\nProxyPassReverse /api/v1/ http://127.0.0.1:${b}/v1/\nProxyPass /api/ http://127.0.0.1:${b}/legacy/\nProxyPassReverse /api/ http://127.0.0.1:${b}/legacy/\n`,
    [
      { id: "app", title: "/app/x?q=1", request: get("/app/x?q=1"), status: 200, env: ok("/x?q=1", { HTTP_HOST: "127.0.0.1:{B}", HTTP_X_FORWARDED_HOST: "www.example.com", HTTP_X_FORWARDED_SERVER: "www.example.com", HTTP_X_FORWARDED_FOR: CLIENT, REMOTE_ADDR: FRONT_ADDRESS, QUERY_STRING: "q=1", PATH_INFO: "/x" }) },
      { id: "v1", title: "/api/v1/users", request: get("/api/v1/users"), status: 200, env: ok("/v1/users") },
      { id: "legacy", title: "/api/users goes to the third rule", request: get("/api/users"), status: 200, env: ok("/legacy/users") },
      { id: "app-dir", title: "/app/static: the back end's redirect is mapped back", request: get("/app/static"), status: 301, location: "http://www.example.com/app/static/", env: null },
      { id: "v1-dir", title: "/api/v1/static: the first ProxyPassReverse rule (/app/) matches first", request: get("/api/v1/static"), status: 301, location: "http://www.example.com/app/v1/static/", env: null },
      { id: "legacy-dir", title: "/api/static: mapped back by the /app/ rule too", request: get("/api/static"), status: 301, location: "http://www.example.com/app/legacy/static/", env: null },
      { id: "dir-query", title: "/app/static?x=1&y=2 keeps the query", request: get("/app/static?x=1&y=2"), status: 301, location: "http://www.example.com/app/static/?x=1&y=2", env: null },
      { id: "dir-host-port", title: "Host with a port", request: get("/app/static", [["Host", "www.example.com:8080"]]), status: 301, location: "http://www.example.com:8080/app/static/", env: null },
      { id: "upper", title: "/APP/x: ProxyPass is case-sensitive", request: get("/APP/x"), status: 404, env: null },
      { id: "no-slash", title: "/app without the slash is not under /app/", request: get("/app"), status: 404, env: null },
      { id: "other", title: "/other matches nothing", request: get("/other"), status: 404, env: null },
      { id: "double-slash", title: "/app//x", request: get("/app//x"), status: 200 },
      { id: "space", title: "/app/a%20b: re-encoded for the back end", request: get("/app/a%20b"), status: 200, env: { PATH_INFO: "/a b" } },
      { id: "tilde-utf8", title: "/app/%7Euser/caf%C3%A9", request: get("/app/%7Euser/caf%C3%A9"), status: 200 },
      { id: "encoded-slash", title: "/app/a%2Fb: encoded slash refused by the front end", request: get("/app/a%2Fb"), status: 404, env: null },
      { id: "semicolon", title: "/app/x;p=1", request: get("/app/x;p=1"), status: 200 },
      { id: "decoded-letter", title: "/app/%41b", request: get("/app/%41b"), status: 200, env: { PATH_INFO: "/Ab" } },
      { id: "plus", title: "/app/a+b", request: get("/app/a+b"), status: 200, env: { PATH_INFO: "/a+b" } },
      { id: "question", title: "/app/x%3Fy: an encoded ? stays encoded", request: get("/app/x%3Fy?z=1"), status: 200, env: { PATH_INFO: "/x?y", QUERY_STRING: "z=1" } },
      { id: "dot-segments", title: "/app/a/../b", request: get("/app/a/../b"), status: 200, env: { PATH_INFO: "/b" } },
      { id: "quote", title: "/app/%22q%22", request: get("/app/%22q%22"), status: 200 },
    ],
    { directories: ["/static", "/v1/static", "/legacy/static"] },
  );

  group(
    "first-match",
    "ProxyPass /a …/one, then /a/b …/two, then / …/root/: the first match wins",
    (b) => `ProxyPass /a http://127.0.0.1:${b}/one\nProxyPass /a/b http://127.0.0.1:${b}/two\nProxyPass / http://127.0.0.1:${b}/root/\n`,
    [
      { id: "ab-c", title: "/a/b/c goes to the first rule", request: get("/a/b/c"), status: 200, env: ok("/one/b/c") },
      { id: "a", title: "/a", request: get("/a"), status: 200, env: ok("/one") },
      { id: "a-slash", title: "/a/", request: get("/a/"), status: 200, env: ok("/one/") },
      { id: "ab", title: "/ab: /a ends at a segment boundary", request: get("/ab"), status: 200 },
      { id: "x", title: "/x goes to /", request: get("/x?k=v"), status: 200, env: ok("/root/x?k=v") },
      { id: "root", title: "/", request: get("/"), status: 200, env: ok("/root/") },
    ],
  );

  group(
    "slashes",
    "trailing-slash pitfalls: ProxyPass /app http://b, /svc/ http://b, /half http://b/",
    (b) => `ProxyPass /app http://127.0.0.1:${b}\nProxyPass /svc/ http://127.0.0.1:${b}\nProxyPass /half http://127.0.0.1:${b}/\n`,
    [
      { id: "app-x", title: "/app/x", request: get("/app/x"), status: 200, env: ok("/x") },
      { id: "app", title: "/app", request: get("/app"), status: 200, env: ok("/") },
      { id: "app-query", title: "/app?q=1", request: get("/app?q=1"), status: 200, env: ok("/?q=1") },
      { id: "apple", title: "/apple", request: get("/apple") },
      { id: "svc-x", title: "/svc/x: the URL becomes http://127.0.0.1:PORTx", request: get("/svc/x"), env: null },
      { id: "svc", title: "/svc/", request: get("/svc/"), status: 200, env: ok("/") },
      { id: "half-x", title: "/half/x: the back end gets //x", request: get("/half/x"), status: 200, env: ok("//x", { PATH_INFO: "/x" }) },
      { id: "half", title: "/half", request: get("/half"), status: 200, env: ok("/") },
    ],
  );

  group(
    "reverse-path",
    "ProxyPassReverse /app/ / (a path rule: matches the path of a URL on any host)",
    (b) => `ServerName www.example.com\nProxyPass /app/ http://127.0.0.1:${b}/\nProxyPassReverse /app/ /\n`,
    [
      { id: "dir", title: "/app/static", request: get("/app/static"), status: 301, location: "http://www.example.com/app/static/", env: null },
      { id: "dir-port", title: "/app/static, Host with a port", request: get("/app/static", [["Host", "pub.example:8443"]]), status: 301, location: "http://pub.example:8443/app/static/", env: null },
    ],
    { directories: ["/static"] },
  );
  group(
    "reverse-path-pph",
    "ProxyPreserveHost On with ProxyPassReverse /app/ / (fixes the lost prefix)",
    (b) => `ServerName www.example.com\nProxyPreserveHost On\nProxyPass /app/ http://127.0.0.1:${b}/\nProxyPassReverse /app/ /\n`,
    [{ id: "dir", title: "/app/static", request: get("/app/static"), status: 301, location: "http://www.example.com/app/static/", env: null }],
    { directories: ["/static"] },
  );
  group(
    "pph-trap",
    "ProxyPreserveHost On with ProxyPassReverse naming the back end URL (the trap)",
    (b) => `ServerName www.example.com\nProxyPreserveHost On\nProxyPass /app/ http://127.0.0.1:${b}/\nProxyPassReverse /app/ http://127.0.0.1:${b}/\n`,
    [
      { id: "dir", title: "/app/static: the back end redirects to the public host, nothing maps it back, /app is lost", request: get("/app/static"), status: 301, location: "http://www.example.com/static/", env: null },
      { id: "app", title: "/app/x: the back end sees the public Host", request: get("/app/x", [["Host", "www.example.com:8080"]]), status: 200, env: { HTTP_HOST: "www.example.com:8080", SERVER_NAME: "www.example.com", SERVER_PORT: "8080", HTTP_X_FORWARDED_HOST: "www.example.com:8080" } },
      { id: "v10", title: "HTTP/1.0 without Host: the front end's ServerName is sent", request: head("GET /app/x HTTP/1.0"), status: 200, env: { HTTP_HOST: "www.example.com", HTTP_X_FORWARDED_HOST: null } },
    ],
    { directories: ["/static"], source: `${PROXY_REF} "The ProxyPreserveHost trap" [emp]` },
  );
  group(
    "reverse-case",
    "ProxyPassReverse written in upper case (matched case-insensitively)",
    (b) => `ServerName www.example.com\nProxyPass /app/ http://127.0.0.1:${b}/\nProxyPassReverse /app/ HTTP://127.0.0.1:${b}/\n`,
    [{ id: "dir", title: "/app/static", request: get("/app/static"), status: 301, location: "http://www.example.com/app/static/", env: null }],
    { directories: ["/static"] },
  );
  group(
    "reverse-missing",
    "ProxyPass without ProxyPassReverse",
    (b) => `ServerName www.example.com\nProxyPass /app/ http://127.0.0.1:${b}/\n`,
    [{ id: "dir", title: "/app/static: the back end's own URL leaks", request: get("/app/static"), status: 301, location: "http://127.0.0.1:{B}/static/", env: null }],
    { directories: ["/static"] },
  );
  group(
    "reverse-no-slash",
    "ProxyPassReverse /app http://127.0.0.1:B (no trailing slashes)",
    (b) => `ServerName www.example.com\nProxyPass /app/ http://127.0.0.1:${b}/\nProxyPassReverse /app http://127.0.0.1:${b}\n`,
    [{ id: "dir", title: "/app/static", request: get("/app/static"), status: 301, location: "http://www.example.com/app/static/", env: null }],
    { directories: ["/static"] },
  );
  group(
    "reverse-wrong-port",
    "ProxyPassReverse names the back end with :80 that it does not have",
    (b) => `ServerName www.example.com\nProxyPass /app/ http://127.0.0.1:${b}/\nProxyPassReverse /app/ http://127.0.0.1:${b}0/\nProxyPassReverse /other/ http://localhost:${b}/\n`,
    [{ id: "dir", title: "/app/static: neither rule matches", request: get("/app/static"), status: 301, location: "http://127.0.0.1:{B}/static/", env: null }],
    { directories: ["/static"] },
  );

  group(
    "exclude",
    "ProxyPass ! exclusions (before and after the general rule)",
    (b) => `ProxyPass /app/static !\nProxyPass /app/ http://127.0.0.1:${b}/\nProxyPass /late/ http://127.0.0.1:${b}/late/\nProxyPass /late/private !\n`,
    [
      { id: "static-x", title: "/app/static/x is excluded: the front end's own 404", request: get("/app/static/x"), status: 404, env: null },
      { id: "static", title: "/app/static is excluded", request: get("/app/static"), status: 404, env: null },
      { id: "staticky", title: "/app/staticky: the exclusion ends at a segment boundary", request: get("/app/staticky") },
      { id: "app-x", title: "/app/x is proxied", request: get("/app/x"), status: 200, env: ok("/x") },
      { id: "late-private", title: "/late/private: the exclusion comes after the rule that matches", request: get("/late/private"), status: 200, env: ok("/late/private") },
    ],
  );

  group(
    "location",
    "<Location> forms: ProxyPass/ProxyPassReverse inside <Location /app/>, ProxyPass ! in <Location /app/static/>, <Location /bare>",
    (b) =>
      `ServerName www.example.com\n<Location /app/>\n    ProxyPass http://127.0.0.1:${b}/\n    ProxyPassReverse http://127.0.0.1:${b}/\n</Location>\n<Location /app/static/>\n    ProxyPass !\n</Location>\n<Location /bare>\n    ProxyPass http://127.0.0.1:${b}/bare-target\n</Location>\n`,
    [
      { id: "app-x", title: "/app/x", request: get("/app/x?k=1"), status: 200, env: ok("/x?k=1") },
      { id: "app-static", title: "/app/static (not under /app/static/): proxied, redirect mapped back", request: get("/app/static"), status: 301, location: "http://www.example.com/app/static/", env: null },
      { id: "app-static-x", title: "/app/static/x: the more specific <Location> says !", request: get("/app/static/x"), status: 404, env: null },
      { id: "bare-x", title: "/bare/x", request: get("/bare/x"), status: 200, env: ok("/bare-target/x") },
      { id: "bare", title: "/bare", request: get("/bare"), status: 200, env: ok("/bare-target") },
      { id: "barex", title: "/barex: <Location /bare> does not match", request: get("/barex"), status: 404, env: null },
    ],
    { directories: ["/static"] },
  );
  group(
    "location-regex",
    "<LocationMatch> with ProxyPass of a full URL",
    (b) => `<LocationMatch "^/api/">\n    ProxyPass http://127.0.0.1:${b}/api/\n</LocationMatch>\n`,
    [
      { id: "api", title: "/api/x", request: get("/api/x") },
      { id: "other", title: "/other", request: get("/other"), status: 404, env: null },
    ],
  );

  group(
    "pph-off-host",
    "ProxyPreserveHost Off (default), mixed-case Host with a port",
    (b) => `ServerName www.example.com\nProxyPass / http://127.0.0.1:${b}/\nProxyPassReverse / http://127.0.0.1:${b}/\n`,
    [
      { id: "app", title: "the back end gets the URL's host; X-Forwarded-Host keeps the client's Host verbatim", request: get("/x", [["Host", "Pub.Example.COM:8443"]]), status: 200, env: { HTTP_HOST: "127.0.0.1:{B}", SERVER_NAME: "127.0.0.1", SERVER_PORT: "{B}", HTTP_X_FORWARDED_HOST: "Pub.Example.COM:8443", HTTP_X_FORWARDED_SERVER: "www.example.com" } },
      { id: "dir", title: "redirect mapped back with the client's host, lower-cased, and port", request: get("/static", [["Host", "Pub.Example.COM:8443"]]), status: 301, location: "http://pub.example.com:8443/static/", env: null },
      { id: "v10", title: "HTTP/1.0 without Host: no X-Forwarded-Host", request: head("GET /x HTTP/1.0"), status: 200, env: { HTTP_HOST: "127.0.0.1:{B}", HTTP_X_FORWARDED_HOST: null } },
      { id: "v10-dir", title: "HTTP/1.0 without Host, redirect mapped back with the front end's ServerName", request: head("GET /static HTTP/1.0"), status: 301, location: "http://www.example.com/static/", env: null },
      { id: "client-xf", title: "client-sent X-Forwarded-For/Host/Server are kept and appended to", request: get("/x", [["Host", "www.example.com"], ["X-Forwarded-For", "1.1.1.1"], ["X-Forwarded-Host", "evil"], ["X-Forwarded-Server", "evil2"], ["X-Forwarded-Proto", "https"]]), status: 200, env: { HTTP_X_FORWARDED_FOR: `1.1.1.1, ${CLIENT}`, HTTP_X_FORWARDED_HOST: "evil, www.example.com", HTTP_X_FORWARDED_SERVER: "evil2, www.example.com", HTTP_X_FORWARDED_PROTO: "https" } },
      { id: "merged-empty", title: "a value and an empty line of the same header: the front end sends \"/mnt, \", the back end reads \"/mnt,\"", request: get("/x", [["Host", "www.example.com"], ["X-Script-Name", "/mnt"], "x-script-name:"]), status: 200, env: { HTTP_X_SCRIPT_NAME: "/mnt," } },
      { id: "hop-by-hop", title: "hop-by-hop headers are not forwarded", request: get("/x", [["Host", "www.example.com"], ["Connection", "keep-alive, X-Secret"], ["X-Secret", "s"], ["Keep-Alive", "timeout=5"], ["TE", "trailers"], ["Upgrade", "h2c"], ["X-Other", "o"]]), status: 200, env: { HTTP_X_SECRET: null, HTTP_KEEP_ALIVE: null, HTTP_TE: null, HTTP_UPGRADE: null, HTTP_X_OTHER: "o", HTTP_CONNECTION: "Keep-Alive" } },
    ],
    { directories: ["/static"], source: `${PROXY_REF} (Host to the back end; X-Forwarded-* merged) and §12 example 31` },
  );
  group(
    "add-headers-off",
    "ProxyAddHeaders Off",
    (b) => `ServerName www.example.com\nProxyAddHeaders Off\nProxyPass / http://127.0.0.1:${b}/\n`,
    [
      { id: "plain", title: "no X-Forwarded-* at all", request: get("/x"), status: 200, env: { HTTP_X_FORWARDED_FOR: null, HTTP_X_FORWARDED_HOST: null, HTTP_X_FORWARDED_SERVER: null, REMOTE_ADDR: FRONT_ADDRESS } },
      { id: "client-xff", title: "the client's X-Forwarded-For passes through untouched", request: get("/x", [["Host", "www.example.com"], ["X-Forwarded-For", "6.6.6.6"]]), status: 200, env: { HTTP_X_FORWARDED_FOR: "6.6.6.6", HTTP_X_FORWARDED_HOST: null } },
    ],
    { source: `${PROXY_REF} ("ProxyAddHeaders Off adds none of them" [emp])` },
  );
  group(
    "add-headers-location",
    "ProxyAddHeaders Off only in <Location /quiet/>, ProxyPreserveHost On only in <Location /keep/>",
    (b) => `ServerName www.example.com\nProxyPass / http://127.0.0.1:${b}/\n<Location /quiet/>\n    ProxyAddHeaders Off\n</Location>\n<Location /keep/>\n    ProxyPreserveHost On\n</Location>\n`,
    [
      { id: "quiet", title: "/quiet/x", request: get("/quiet/x"), status: 200, env: { HTTP_X_FORWARDED_FOR: null, HTTP_HOST: "127.0.0.1:{B}" } },
      { id: "keep", title: "/keep/x", request: get("/keep/x"), status: 200, env: { HTTP_X_FORWARDED_FOR: CLIENT, HTTP_HOST: "www.example.com" } },
      { id: "loud", title: "/loud/x", request: get("/loud/x"), status: 200, env: { HTTP_X_FORWARDED_FOR: CLIENT, HTTP_HOST: "127.0.0.1:{B}" } },
    ],
  );

  // RequestHeader on the front end, against client-supplied values.
  const rh = (tag: string, directives: string, rows: Row[], backend = "") =>
    group(`rh-${tag}`, `front end with ${directives.trim().split("\n").join("; ")}`, (b) => `ServerName www.example.com\n${directives}ProxyPass / http://127.0.0.1:${b}/\n`, rows, { backend, source: `httpd 2.4 mod_headers (RequestHeader runs in fixups, before mod_proxy adds X-Forwarded-*) + ${PROXY_REF}` });
  const xh = (hdrs: HeaderLine[]) => get("/rh", [["Host", "www.example.com"], ...hdrs]);
  rh("set", "RequestHeader set X-Forwarded-Proto https\nRequestHeader set X-Forwarded-Port 443\n", [
    { id: "client-http", title: "client says X-Forwarded-Proto: http", request: xh([["X-Forwarded-Proto", "http"], ["X-Forwarded-Port", "80"]]), status: 200, env: { HTTP_X_FORWARDED_PROTO: "https", HTTP_X_FORWARDED_PORT: "443" } },
    { id: "none", title: "no client value", request: xh([]), status: 200, env: { HTTP_X_FORWARDED_PROTO: "https", HTTP_X_FORWARDED_PORT: "443" } },
  ]);
  rh("set-trusted", "RequestHeader set X-Forwarded-Proto https\nRequestHeader set X-Forwarded-Port 443\n", [
    { id: "client-http", title: "back end trusts the front end", request: xh([["X-Forwarded-Proto", "http"]]), status: 200, env: { "wsgi.url_scheme": "https", SERVER_PORT: "443", REMOTE_ADDR: CLIENT } },
  ], `WSGITrustedProxies ${FRONT_ADDRESS}\nWSGITrustedProxyHeaders X-Forwarded-For X-Forwarded-Proto X-Forwarded-Port\n`);
  rh("unset", "RequestHeader unset X-Forwarded-For\nRequestHeader unset X-Forwarded-Host\nRequestHeader unset X-Forwarded-Server\n", [
    { id: "client", title: "client-sent values are removed; mod_proxy adds its own afterwards", request: xh([["X-Forwarded-For", "6.6.6.6"], ["X-Forwarded-Host", "evil"], ["X-Forwarded-Server", "evil2"]]), status: 200, env: { HTTP_X_FORWARDED_FOR: CLIENT, HTTP_X_FORWARDED_HOST: "www.example.com", HTTP_X_FORWARDED_SERVER: "www.example.com" } },
  ]);
  rh("append", "RequestHeader append X-Forwarded-For 10.9.9.9\n", [
    { id: "client", title: "client XFF 1.1.1.1", request: xh([["X-Forwarded-For", "1.1.1.1"]]), status: 200, env: { HTTP_X_FORWARDED_FOR: `1.1.1.1, 10.9.9.9, ${CLIENT}` } },
    { id: "none", title: "no client XFF", request: xh([]), status: 200, env: { HTTP_X_FORWARDED_FOR: `10.9.9.9, ${CLIENT}` } },
  ]);
  rh("add", "RequestHeader add X-Forwarded-For 10.8.8.8\n", [
    { id: "client", title: "client XFF 1.1.1.1: two fields, mod_proxy merges into the first", request: xh([["X-Forwarded-For", "1.1.1.1"]]), status: 200 },
    { id: "none", title: "no client XFF", request: xh([]), status: 200, env: { HTTP_X_FORWARDED_FOR: `10.8.8.8, ${CLIENT}` } },
  ]);
  rh("add-trusted", "RequestHeader add X-Forwarded-For 10.8.8.8\n", [
    { id: "client", title: "client XFF 1.1.1.1, back end walks the result", request: xh([["X-Forwarded-For", "1.1.1.1"]]), status: 200 },
  ], `WSGITrustedProxies ${FRONT_ADDRESS} 10.0.0.0/8\nWSGITrustedProxyHeaders X-Forwarded-For\n`);
  rh("merge", "RequestHeader merge X-Forwarded-Proto https\n", [
    { id: "same", title: "client already says https", request: xh([["X-Forwarded-Proto", "https"]]), status: 200, env: { HTTP_X_FORWARDED_PROTO: "https" } },
    { id: "other", title: "client says http", request: xh([["X-Forwarded-Proto", "http"]]), status: 200, env: { HTTP_X_FORWARDED_PROTO: "http, https" } },
    { id: "none", title: "no client value", request: xh([]), status: 200, env: { HTTP_X_FORWARDED_PROTO: "https" } },
    { id: "list", title: "client sends http, https", request: xh([["X-Forwarded-Proto", "http, https"]]), status: 200, env: { HTTP_X_FORWARDED_PROTO: "http, https" } },
  ]);
  rh("setifempty", "RequestHeader setifempty X-Forwarded-Proto https\n", [
    { id: "none", title: "no client value", request: xh([]), status: 200, env: { HTTP_X_FORWARDED_PROTO: "https" } },
    { id: "http", title: "client says http", request: xh([["X-Forwarded-Proto", "http"]]), status: 200, env: { HTTP_X_FORWARDED_PROTO: "http" } },
    { id: "empty", title: "client sends it empty", request: xh(["X-Forwarded-Proto:"]), status: 200 },
  ]);
  rh("edit", 'RequestHeader edit X-Forwarded-For "^(\\d+\\.\\d+\\.\\d+)\\.\\d+" "$1.0"\nRequestHeader edit* X-Forwarded-Host "e" "E"\n', [
    { id: "client", title: "client values are edited before mod_proxy appends", request: xh([["X-Forwarded-For", "1.2.3.4, 5.6.7.8"], ["X-Forwarded-Host", "evil.example"]]), status: 200, env: { HTTP_X_FORWARDED_FOR: `1.2.3.0, 5.6.7.8, ${CLIENT}`, HTTP_X_FORWARDED_HOST: "Evil.ExamplE, www.example.com" } },
    { id: "none", title: "nothing to edit", request: xh([]), status: 200, env: { HTTP_X_FORWARDED_FOR: CLIENT, HTTP_X_FORWARDED_HOST: "www.example.com" } },
  ]);
  rh("formats", 'RequestHeader set X-Real-IP "%{REMOTE_ADDR}e"\nRequestHeader set X-Proto-Var "%{HTTPS}s"\nRequestHeader set X-Literal "100%% sure"\n', [
    { id: "plain", title: "format specifiers on a plain-HTTP front end without mod_ssl", request: xh([]), status: 200 },
  ]);
  rh("host", "RequestHeader set Host other.example\nProxyPreserveHost On\n", [
    { id: "pph", title: "ProxyPreserveHost On sends the edited Host, and X-Forwarded-Host records it", request: xh([]), status: 200, env: { HTTP_HOST: "other.example", HTTP_X_FORWARDED_HOST: "other.example" } },
  ]);
  rh("server-unset", "RequestHeader set X-Forwarded-Server front.example\n", [
    { id: "set", title: "a set value is then merged with the ServerName", request: xh([]), status: 200, env: { HTTP_X_FORWARDED_SERVER: "front.example, www.example.com" } },
  ]);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Family: dir-redirect. mod_dir's trailing-slash 301 (backend.directories): UseCanonicalName On/Off,
// ServerName with and without a port (and a scheme), Host with a port, HTTP/1.0 without Host, query strings,
// virtual hosts, and through ProxyPassReverse.

function dirRedirectFamily(): CorpusFile[] {
  const out: CorpusFile[] = [];
  const SRC = `${PROXY_REF} "How Apache builds an absolute URL" and §12 example 36 [emp]`;
  const DIRS = ["/static", "/docs/api"];
  const backendGroup = (tag: string, config: (p: number) => string, title: string, rows: Array<[string, string, string, number, string | null | undefined]>) => {
    const port = ports.get(`dr-${tag}`);
    for (const [id, rtitle, request, status, location] of rows) {
      const loc = location?.replace(/\{P\}/g, String(port));
      out.push({
        id: `dr-${tag}-${id}`,
        title: `${title}: ${rtitle}`,
        source: SRC,
        scenario: backendOnly({ port, config: config(port), client: TRUSTED_PEER, request: request.replace(/\{P\}/g, String(port)), directories: DIRS }),
        expect: { response: { status, ...(loc !== undefined ? { headers: { Location: loc } } : {}) }, environ: null },
      });
    }
  };
  const g = (t: string, host?: string, proto = "HTTP/1.1") => head(`GET ${t} ${proto}`, host === undefined ? [] : [["Host", host]]);
  backendGroup("plain", () => "", "no ServerName (the listen address), UseCanonicalName Off", [
    ["name", "Host www.example.com", g("/static", "www.example.com"), 301, "http://www.example.com/static/"],
    ["name-port", "Host www.example.com:8080", g("/static", "www.example.com:8080"), 301, "http://www.example.com:8080/static/"],
    ["ip-port", "Host 127.0.0.1:PORT", g("/static", "127.0.0.1:{P}"), 301, "http://127.0.0.1:{P}/static/"],
    ["mixed-case", "Host WWW.Example.COM", g("/static", "WWW.Example.COM"), 301, "http://www.example.com/static/"],
    ["trailing-dot", "Host www.example.com.", g("/static", "www.example.com."), 301, undefined],
    ["ipv6", "Host [::1]:8080", g("/static", "[::1]:8080"), 301, "http://[::1]:8080/static/"],
    ["v10-nohost", "HTTP/1.0 without Host", g("/static", undefined, "HTTP/1.0"), 301, "http://127.0.0.1/static/"],
    ["query", "query string", g("/static?a=1&b=2", "www.example.com"), 301, "http://www.example.com/static/?a=1&b=2"],
    ["empty-query", "empty query string", g("/static?", "www.example.com"), 301, undefined],
    ["nested", "/docs/api", g("/docs/api", "www.example.com"), 301, "http://www.example.com/docs/api/"],
    ["encoded", "/st%61tic", g("/st%61tic", "www.example.com"), 301, "http://www.example.com/static/"],
    ["head", "HEAD", head("HEAD /static HTTP/1.1", [["Host", "www.example.com"]]), 301, "http://www.example.com/static/"],
    ["slash", "/static/ is the directory index", g("/static/", "www.example.com"), 200, null],
    ["index", "/static/index.html", g("/static/index.html", "www.example.com"), 200, null],
    ["missing", "/static/missing", g("/static/missing", "www.example.com"), 404, null],
    ["host-443", "Host www.example.com:443 on plain HTTP", g("/static", "www.example.com:443"), 301, "http://www.example.com:443/static/"],
    ["host-80", "Host www.example.com:80", g("/static", "www.example.com:80"), 301, "http://www.example.com/static/"],
  ]);
  out.push({
    id: "dr-plain-staticx",
    title: "no ServerName: /staticx is not under the /static directory and reaches the app",
    source: "mod_alias alias_matches (segment boundary)",
    scenario: backendOnly({ port: ports.get("dr-plain"), config: "", client: TRUSTED_PEER, request: g("/staticx", "www.example.com"), directories: DIRS }),
    expect: { response: { status: 200 }, environ: { PATH_INFO: "/staticx" } },
  });
  backendGroup("canon-on", () => "ServerName www.example.com\nUseCanonicalName On\n", "ServerName www.example.com, UseCanonicalName On", [
    ["other-host", "Host other.example:8080", g("/static", "other.example:8080"), 301, "http://www.example.com/static/"],
    ["v10-nohost", "HTTP/1.0 without Host", g("/static", undefined, "HTTP/1.0"), 301, "http://www.example.com/static/"],
  ]);
  backendGroup("canon-on-port", () => "ServerName www.example.com:8080\nUseCanonicalName On\n", "ServerName www.example.com:8080, UseCanonicalName On", [
    ["other-host", "Host other.example:9090", g("/static", "other.example:9090"), 301, "http://www.example.com:8080/static/"],
    ["v10-nohost", "HTTP/1.0 without Host", g("/static", undefined, "HTTP/1.0"), 301, "http://www.example.com:8080/static/"],
  ]);
  backendGroup("name-port", () => "ServerName www.example.com:8080\n", "ServerName www.example.com:8080, UseCanonicalName Off", [
    ["host-noport", "Host other.example: the ServerName port", g("/static", "other.example"), 301, "http://other.example:8080/static/"],
    ["host-port", "Host other.example:9090", g("/static", "other.example:9090"), 301, "http://other.example:9090/static/"],
    ["v10-nohost", "HTTP/1.0 without Host", g("/static", undefined, "HTTP/1.0"), 301, "http://www.example.com:8080/static/"],
  ]);
  backendGroup("physical", () => "ServerName www.example.com\nUseCanonicalName On\nUseCanonicalPhysicalPort On\n", "UseCanonicalName On + UseCanonicalPhysicalPort On", [
    ["host", "Host other.example", g("/static", "other.example"), 301, "http://www.example.com:{P}/static/"],
  ]);
  backendGroup("physical-off", () => "UseCanonicalPhysicalPort On\n", "UseCanonicalName Off + UseCanonicalPhysicalPort On", [
    ["host", "Host other.example (no port)", g("/static", "other.example"), 301, undefined],
    ["v10-nohost", "HTTP/1.0 without Host", g("/static", undefined, "HTTP/1.0"), 301, undefined],
  ]);
  backendGroup("scheme-name", () => "ServerName https://www.example.com\n", "ServerName https://www.example.com on a plain-HTTP listener", [
    ["name", "Host www.example.com", g("/static", "www.example.com"), 301, "https://www.example.com/static/"],
    ["other", "Host x.example", g("/static", "x.example"), 301, "https://x.example/static/"],
    ["port", "Host x.example:8080", g("/static", "x.example:8080"), 301, "https://x.example:8080/static/"],
  ]);
  out.push({
    id: "dr-scheme-name-app",
    title: "ServerName https://www.example.com on a plain-HTTP listener: what the application sees",
    source: "httpd 2.4 ap_http_scheme (ServerName's scheme) and ap_get_server_port; mod_wsgi wsgi.url_scheme from HTTPS only",
    scenario: backendOnly({ port: ports.get("dr-scheme-name"), config: "ServerName https://www.example.com\n", client: TRUSTED_PEER, request: g("/app", "x.example"), directories: DIRS }),
    expect: { response: { status: 200 }, environ: { REQUEST_SCHEME: "https", "wsgi.url_scheme": "http", SERVER_PORT: "443", SERVER_NAME: "x.example" } },
  });
  backendGroup("vhost-noname", (p) => `ServerName main.example\n<VirtualHost *:${p}>\n    DocumentRoot /var/www/html\n</VirtualHost>\n`, "a <VirtualHost *:PORT> without ServerName", [
    ["host", "Host pub.example: the vhost's address port", g("/static", "pub.example"), 301, "http://pub.example:{P}/static/"],
    ["v10-nohost", "HTTP/1.0 without Host", g("/static", undefined, "HTTP/1.0"), 301, "http://main.example:{P}/static/"],
  ]);
  backendGroup("vhost-canon", (p) => `<VirtualHost *:${p}>\n    ServerName vh.example\n    UseCanonicalName On\n</VirtualHost>\n`, "<VirtualHost> with ServerName vh.example and UseCanonicalName On", [
    ["host", "Host other.example:8080", g("/static", "other.example:8080"), 301, "http://vh.example/static/"],
  ]);
  backendGroup("vhost-named", (p) => `<VirtualHost *:${p}>\n    ServerName a.example\n</VirtualHost>\n<VirtualHost *:${p}>\n    ServerName b.example:8443\n    ServerAlias *.b.example\n</VirtualHost>\n`, "two name-based virtual hosts (a.example; b.example:8443 with alias *.b.example)", [
    ["a", "Host a.example", g("/static", "a.example"), 301, "http://a.example/static/"],
    ["b", "Host b.example: its ServerName port", g("/static", "b.example"), 301, "http://b.example:8443/static/"],
    ["alias", "Host x.b.example", g("/static", "x.b.example"), 301, "http://x.b.example:8443/static/"],
    ["v10-nohost", "HTTP/1.0 without Host: the first vhost", g("/static", undefined, "HTTP/1.0"), 301, "http://a.example/static/"],
  ]);

  // Through a front end.
  const frontGroup = (tag: string, front: (b: number) => string, title: string, rows: Array<[string, string, string, string]>, backend = "") => {
    const b = ports.get(`dr-front-${tag}-backend`);
    const f = ports.get(`dr-front-${tag}`);
    for (const [id, rtitle, request, loc] of rows) {
      out.push({
        id: `dr-front-${tag}-${id}`,
        title: `${title}: ${rtitle}`,
        source: `${PROXY_REF} (ProxyPassReverse; mod_dir on the back end uses the Host it received) and §12 examples 33, 35`,
        scenario: viaFronts({ fronts: [{ port: f, config: front(b) }], backendPort: b, backendConfig: backend, directories: DIRS, request }),
        expect: { response: { status: 301, headers: { Location: loc.replace(/\{B\}/g, String(b)).replace(/\{F\}/g, String(f)) } }, environ: null },
      });
    }
  };
  const pair = (b: number) => `ProxyPass /app/ http://127.0.0.1:${b}/\nProxyPassReverse /app/ http://127.0.0.1:${b}/\n`;
  frontGroup("prefix", (b) => `ServerName www.example.com\n${pair(b)}`, "front end /app/ → back end /", [
    ["name", "Host www.example.com", g("/app/static", "www.example.com"), "http://www.example.com/app/static/"],
    ["port", "Host www.example.com:8080", g("/app/static", "www.example.com:8080"), "http://www.example.com:8080/app/static/"],
    ["v10-nohost", "HTTP/1.0 without Host", g("/app/static", undefined, "HTTP/1.0"), "http://www.example.com/app/static/"],
    ["query", "query string", g("/app/docs/api?x=1", "www.example.com"), "http://www.example.com/app/docs/api/?x=1"],
  ]);
  frontGroup("pph", (b) => `ServerName www.example.com\nProxyPreserveHost On\n${pair(b)}`, "front end /app/ → back end / with ProxyPreserveHost On", [
    ["name", "the prefix is lost", g("/app/static", "www.example.com"), "http://www.example.com/static/"],
    ["port", "Host with a port", g("/app/static", "www.example.com:8080"), "http://www.example.com:8080/static/"],
  ]);
  frontGroup("canon", (b) => `ServerName public.example:8443\nUseCanonicalName On\n${pair(b)}`, "front end with ServerName public.example:8443 and UseCanonicalName On", [
    ["name", "Host www.example.com", g("/app/static", "www.example.com"), "http://public.example:8443/app/static/"],
  ]);
  frontGroup("trusted-ignored", (b) => `ServerName www.example.com\nRequestHeader set X-Forwarded-Proto https\n${pair(b)}`, "back end trusts X-Forwarded-Host/Proto, front end sets X-Forwarded-Proto https", [
    ["name", "mod_dir ignores the forwarded headers; the front end maps its URL back with http", g("/app/static", "www.example.com"), "http://www.example.com/app/static/"],
  ], `WSGITrustedProxies ${FRONT_ADDRESS}\nWSGITrustedProxyHeaders X-Forwarded-Host X-Forwarded-Proto\n`);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Family: app-redirect. The application answers a redirect built from its environ the way wsgiref's
// application_uri does (scenario `backend.app`), directly and through front ends: what the trusted headers
// feed into the Location, and what ProxyPassReverse does to it on the way back.

function appRedirectFamily(): CorpusFile[] {
  const out: CorpusFile[] = [];
  const SRC = `application redirect = wsgiref application_uri(environ).rstrip("/") + path (scenario backend.app), ${MODWSGI_REF} §2.2–2.3, ${PROXY_REF} (ProxyPassReverse)`;
  const withApp = (s: CorpusFile["scenario"], redirect: string, status?: 301 | 302 | 303 | 307 | 308): CorpusFile["scenario"] => ({ ...s, backend: { ...s.backend, app: { redirect, ...(status ? { status } : {}) } } });
  const add = (id: string, title: string, scenario: CorpusFile["scenario"], status: number, location: string | undefined) =>
    out.push({ id: `ar-${id}`, title, source: SRC, scenario, expect: { response: { status, ...(location !== undefined ? { headers: { Location: location } } : {}) } } });

  // Directly at the back end.
  {
    const port = ports.get("ar-direct");
    const config = "WSGIScriptAlias /app /srv/app/wsgi.py\n";
    const g = (hdrs: HeaderLine[], proto = "HTTP/1.1") => head(`GET /app/account ${proto}`, hdrs);
    add("direct-host", "directly: Host www.example.com", withApp(backendOnly({ port, config, client: TRUSTED_PEER, request: g([["Host", "www.example.com"]]) }), "/login"), 302, "http://www.example.com/app/login");
    add("direct-host-port", "directly: Host with a port", withApp(backendOnly({ port, config, client: TRUSTED_PEER, request: g([["Host", "www.example.com:8080"]]) }), "/login"), 302, "http://www.example.com:8080/app/login");
    add("direct-v10", "directly: HTTP/1.0 without Host (SERVER_NAME and SERVER_PORT)", withApp(backendOnly({ port, config, client: TRUSTED_PEER, request: g([], "HTTP/1.0") }), "/login"), 302, "http://127.0.0.1/app/login");
    add("direct-301", "directly: 301", withApp(backendOnly({ port, config, client: TRUSTED_PEER, request: g([["Host", "www.example.com"]]) }), "/moved", 301), 301, "http://www.example.com/app/moved");
    add("direct-308", "directly: 308", withApp(backendOnly({ port, config, client: TRUSTED_PEER, request: g([["Host", "www.example.com"]]) }), "/moved", 308), 308, "http://www.example.com/app/moved");
    add("direct-untrusted-xfh", "directly: an X-Forwarded-Host nobody trusts changes nothing", withApp(backendOnly({ port, config, client: TRUSTED_PEER, request: g([["Host", "www.example.com"], ["X-Forwarded-Host", "evil.example"]]) }), "/login"), 302, "http://www.example.com/app/login");
  }
  {
    const port = ports.get("ar-direct-tls");
    add("direct-tls", "client TLS directly: https", withApp(backendOnly({ port, config: "", client: TRUSTED_PEER, tls: true, request: head("GET /account HTTP/1.1", [["Host", "www.example.com"]]) }), "/login"), 302, "https://www.example.com/login");
    add("direct-tls-v10", "client TLS, HTTP/1.0 without Host: port 443 left out", withApp(backendOnly({ port, config: "", client: TRUSTED_PEER, tls: true, request: head("GET /account HTTP/1.0") }), "/login"), 302, "https://127.0.0.1/login");
  }
  {
    const port = ports.get("ar-direct-trusted");
    const config = `WSGIScriptAlias /app /srv/app/wsgi.py\nWSGITrustedProxies ${TRUSTED_PEER}\nWSGITrustedProxyHeaders X-Forwarded-Host X-Forwarded-Proto X-Forwarded-Port X-Script-Name\n`;
    const g = (peer: string, hdrs: HeaderLine[]) => backendOnly({ port, config, client: peer, request: head("GET /app/account HTTP/1.1", [["Host", "127.0.0.1:" + port], ...hdrs]) });
    add("trusted-all", "trusted peer sends X-Forwarded-Host/Proto/Script-Name", withApp(g(TRUSTED_PEER, [["X-Forwarded-Host", "pub.example"], ["X-Forwarded-Proto", "https"], ["X-Script-Name", "/public"]]), "/login"), 302, "https://pub.example/public/login");
    add("trusted-port-only", "trusted peer sends X-Forwarded-Port only: HTTP_HOST wins over SERVER_PORT", withApp(g(TRUSTED_PEER, [["X-Forwarded-Port", "8443"]]), "/login"), 302, `http://127.0.0.1:${port}/app/login`);
    add("trusted-empty-host", "trusted peer sends an empty X-Forwarded-Host: SERVER_NAME and SERVER_PORT are used", withApp(g(TRUSTED_PEER, ["X-Forwarded-Host:", ["X-Forwarded-Port", "8443"]]), "/login"), 302, "http://127.0.0.1:8443/app/login");
    add("trusted-empty-script", "trusted peer sends an empty X-Script-Name", withApp(g(TRUSTED_PEER, ["X-Script-Name:"]), "/login"), 302, `http://127.0.0.1:${port}/login`);
    add("untrusted-all", "untrusted peer: everything stripped", withApp(g(UNTRUSTED_PEER, [["X-Forwarded-Host", "pub.example"], ["X-Forwarded-Proto", "https"], ["X-Script-Name", "/public"]]), "/login"), 302, `http://127.0.0.1:${port}/app/login`);
  }

  // Through an Apache front end.
  const frontRows: Array<{ tag: string; front: (b: number) => string; back: string; tls?: boolean; target: string; host: string; loc: (b: number, f: number) => string; title: string }> = [
    { tag: "reverse", title: "ProxyPreserveHost Off, ProxyPassReverse maps the back end's Location", front: (b) => `ServerName www.example.com\nProxyPass / http://127.0.0.1:${b}/\nProxyPassReverse / http://127.0.0.1:${b}/\n`, back: "", target: "/account", host: "www.example.com", loc: () => "http://www.example.com/login" },
    { tag: "no-reverse", title: "ProxyPreserveHost Off without ProxyPassReverse: the back end leaks", front: (b) => `ServerName www.example.com\nProxyPass / http://127.0.0.1:${b}/\n`, back: "", target: "/account", host: "www.example.com", loc: (b) => `http://127.0.0.1:${b}/login` },
    { tag: "pph", title: "ProxyPreserveHost On: the application builds the public URL", front: (b) => `ServerName www.example.com\nProxyPreserveHost On\nProxyPass / http://127.0.0.1:${b}/\nProxyPassReverse / http://127.0.0.1:${b}/\n`, back: "", target: "/account", host: "www.example.com:8080", loc: () => "http://www.example.com:8080/login" },
    { tag: "prefix", title: "front /app/ → back end /, ProxyPassReverse puts the prefix back", front: (b) => `ServerName www.example.com\nProxyPass /app/ http://127.0.0.1:${b}/\nProxyPassReverse /app/ http://127.0.0.1:${b}/\n`, back: "", target: "/app/account", host: "www.example.com", loc: () => "http://www.example.com/app/login" },
    { tag: "prefix-pph", title: "front /app/ → back end / with ProxyPreserveHost On: the prefix is lost", front: (b) => `ServerName www.example.com\nProxyPreserveHost On\nProxyPass /app/ http://127.0.0.1:${b}/\nProxyPassReverse /app/ http://127.0.0.1:${b}/\n`, back: "", target: "/app/account", host: "www.example.com", loc: () => "http://www.example.com/login" },
    { tag: "prefix-script-name", title: "front /app/ sets X-Script-Name /app, back end trusts it", front: (b) => `ServerName www.example.com\nProxyPreserveHost On\nRequestHeader set X-Script-Name /app\nProxyPass /app/ http://127.0.0.1:${b}/\n`, back: `WSGITrustedProxies ${FRONT_ADDRESS}\nWSGITrustedProxyHeaders X-Script-Name\n`, target: "/app/account", host: "www.example.com", loc: () => "http://www.example.com/app/login" },
    { tag: "xfh-trusted", title: "back end trusts X-Forwarded-Host: the application uses the public host", front: (b) => `ServerName www.example.com\nProxyPass / http://127.0.0.1:${b}/\n`, back: `WSGITrustedProxies ${FRONT_ADDRESS}\nWSGITrustedProxyHeaders X-Forwarded-Host\n`, target: "/account", host: "www.example.com", loc: () => "http://www.example.com/login" },
    { tag: "xfh-merged", title: "back end trusts X-Forwarded-Host, the client sent one too: mod_proxy merged both into the Location's host", front: (b) => `ServerName www.example.com\nProxyPass / http://127.0.0.1:${b}/\n`, back: `WSGITrustedProxies ${FRONT_ADDRESS}\nWSGITrustedProxyHeaders X-Forwarded-Host\n`, target: "/account", host: "www.example.com", loc: () => "http://evil.example, www.example.com/login" },
    { tag: "proto", title: "TLS front end sets X-Forwarded-Proto https, back end trusts it", tls: true, front: (b) => `ServerName www.example.com\nProxyPreserveHost On\nRequestHeader set X-Forwarded-Proto https\nProxyPass / http://127.0.0.1:${b}/\nProxyPassReverse / http://127.0.0.1:${b}/\n`, back: `WSGITrustedProxies ${FRONT_ADDRESS}\nWSGITrustedProxyHeaders X-Forwarded-Proto\n`, target: "/account", host: "www.example.com", loc: () => "https://www.example.com/login" },
    { tag: "proto-missing", title: "TLS front end, no X-Forwarded-Proto, ProxyPreserveHost On: an http:// Location nothing maps back", tls: true, front: (b) => `ServerName www.example.com\nProxyPreserveHost On\nProxyPass / http://127.0.0.1:${b}/\nProxyPassReverse / http://127.0.0.1:${b}/\n`, back: "", target: "/account", host: "www.example.com", loc: () => "http://www.example.com/login" },
    { tag: "tls-reverse", title: "TLS front end, ProxyPreserveHost Off: ProxyPassReverse makes the Location https", tls: true, front: (b) => `ServerName www.example.com\nProxyPass / http://127.0.0.1:${b}/\nProxyPassReverse / http://127.0.0.1:${b}/\n`, back: "", target: "/account", host: "www.example.com", loc: () => "https://www.example.com/login" },
    { tag: "reverse-path", title: "ProxyPassReverse / / (path rule) with ProxyPreserveHost On", front: (b) => `ServerName www.example.com\nProxyPreserveHost On\nProxyPass /app/ http://127.0.0.1:${b}/\nProxyPassReverse /app/ /\n`, back: "", target: "/app/account", host: "www.example.com", loc: () => "http://www.example.com/app/login" },
    { tag: "https-backend", title: "front end proxies to a TLS back end: the application says https, ProxyPassReverse maps it to http", front: (b) => `ServerName www.example.com\n${SSL_PROXY}ProxyPass / https://127.0.0.1:${b}/\nProxyPassReverse / https://127.0.0.1:${b}/\n`, back: "", target: "/account", host: "www.example.com", loc: () => "http://www.example.com/login" },
  ];
  for (const r of frontRows) {
    const b = ports.get(`ar-front-${r.tag}-backend`);
    const f = ports.get(`ar-front-${r.tag}`);
    const hdrs: HeaderLine[] = [["Host", r.host]];
    if (r.tag === "xfh-merged") hdrs.push(["X-Forwarded-Host", "evil.example"]);
    const scenario = withApp(viaFronts({ fronts: [{ port: f, config: r.front(b) }], backendPort: b, backendConfig: r.back, tls: r.tls ?? false, request: head(`GET ${r.target} HTTP/1.1`, hdrs) }), "/login");
    add(`front-${r.tag}`, `through an Apache front end: ${r.title}`, scenario, 302, r.loc(b, f));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

function main() {
  const families: Record<string, CorpusFile[]> = {
    "trusted-headers": trustedHeaders(),
    xff: xffFamily(),
    "head-http10": headHttp10(),
    tls: tlsFamily(),
    proxypass: proxypassFamily(),
    "dir-redirect": dirRedirectFamily(),
    "app-redirect": appRedirectFamily(),
  };
  let n = 0;
  for (const [name, files] of Object.entries(families)) {
    writeFamily(path.join(root, name), files);
    n += files.length;
    process.stdout.write(`${name}: ${files.length}\n`);
  }
  process.stdout.write(`total ${n} scenarios, ${ports.used} ports\n`);
}

main();
