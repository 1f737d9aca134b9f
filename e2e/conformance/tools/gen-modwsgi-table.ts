/**
 * Builds one corpus file per row of the edge-case table (§5) of the mod_wsgi behaviour reference:
 *
 *   npm run conformance:table [-- PATH/TO/modwsgi-behaviour.md]   (default: shared/reference/ beside the checkout)
 *
 * Writes e2e/conformance/corpus/modwsgi-4.9-table/<id>.json. The files are committed; this tool only documents
 * (and can repeat) how each row was turned into a scenario. Conventions of the table: the listener is
 * 127.0.0.1:18080 and the application is mounted at /t (/d in daemon mode); "[TLS]" = the client speaks TLS to the
 * back end (127.0.0.1:18443 here); C61/C62 use a <VirtualHost> on 127.0.0.1:18081.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const mdPath = process.argv[2] ?? path.join(here, "..", "..", "..", "..", "shared", "reference", "modwsgi-behaviour.md");
const outDir = path.join(here, "..", "corpus", "modwsgi-4.9-table");

interface Row {
  id: string;
  config: string;
  peer: string;
  headers: string;
  result: string;
  newest: string;
  note: string;
}

function unticks(s: string): string {
  const t = s.trim();
  return t.startsWith("`") && t.endsWith("`") ? t.slice(1, -1) : t;
}

function parseRows(md: string): Row[] {
  const start = md.indexOf("## 5. Edge-case table");
  const end = md.indexOf("Additional rows **from source reading only**");
  const rows: Row[] = [];
  for (const line of md.slice(start, end).split("\n")) {
    if (!/^\| [CX]\d\d \|/.test(line)) continue;
    const cells = line.split("|").slice(1, -1);
    if (cells.length !== 8) throw new Error(`unexpected cell count ${cells.length}: ${line}`);
    const [id, config, peer, headers, result, newest, note] = cells.map((c) => c.replace(/^ | $/g, ""));
    rows.push({ id: id!.trim(), config: unticks(config!), peer: peer!.trim(), headers: unticks(headers!), result: result!.trim(), newest: newest!.trim(), note: note!.trim() });
  }
  return rows;
}

function directives(config: string): { lines: string[]; tags: string[] } {
  const tags = [...config.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!);
  const body = config.replace(/\s*\[[^\]]+\]/g, "").trim();
  const lines: string[] = [];
  if (body === "(none)" || body === "") return { lines, tags };
  for (const part of body.split("; ")) {
    const m = /^(vhost-level )?(Hdrs|Proxies)(?:\s+(.*))?$/.exec(part.trim());
    if (!m) throw new Error(`cannot read config part ${JSON.stringify(part)}`);
    const name = m[2] === "Hdrs" ? "WSGITrustedProxyHeaders" : "WSGITrustedProxies";
    lines.push(m[3] ? `${name} ${m[3]}` : name);
  }
  return { lines, tags };
}

function headerLines(cell: string): string[] {
  if (cell === "(none)") return [];
  return cell.split(/; (?=[A-Za-z0-9_.-]+:)/).map((h) => h.replace(/:\s*""$/, ":"));
}

function expectations(result: string): Record<string, string | null> {
  const env: Record<string, string | null> = {};
  for (const m of result.matchAll(/([A-Za-z_][A-Za-z0-9_.]*)(?:='([^']*)'| absent)/g)) env[m[1]!] = m[2] ?? null;
  return env;
}

function build(row: Row) {
  const { lines, tags } = directives(row.config);
  const daemon = tags.includes("daemon mode");
  const tlsOn = tags.includes("TLS");
  const http10NoHost = tags.includes("HTTP/1.0, no Host");
  const hostTag = tags.find((t) => t.startsWith("Host: "));
  const vhost = row.id === "C61" || row.id === "C62";
  const mount = daemon ? "/d" : "/t";
  const port = vhost ? 18081 : tlsOn ? 18443 : 18080;
  const listen = `127.0.0.1:${port}`;
  const leaf = row.id === "C09" ? "full_all" : row.id === "C50" ? "fsn_p2" : row.id.toLowerCase();
  let config: string;
  if (vhost) {
    // "Hdrs … ; vhost-level Proxies …": the proxy list at <VirtualHost> level, the headers inside a <Location>.
    const hdrs = lines.find((l) => l.startsWith("WSGITrustedProxyHeaders"))!;
    const prox = lines.find((l) => l.startsWith("WSGITrustedProxies"))!;
    config = [
      `<VirtualHost *:${port}>`,
      `    WSGIScriptAlias /t /x/app.py`,
      `    ${prox}`,
      `    <Location /t>`,
      `        ${hdrs}`,
      `    </Location>`,
      `</VirtualHost>`,
    ].join("\n") + "\n";
  } else {
    const head = daemon
      ? ["WSGIDaemonProcess harness threads=1", "WSGIProcessGroup harness", `WSGIScriptAlias ${mount} /x/app.py`]
      : [`WSGIScriptAlias ${mount} /x/app.py`];
    config = [...head, ...lines].join("\n") + "\n";
  }
  const head: string[] = [];
  if (http10NoHost) head.push(`GET ${mount}/${leaf} HTTP/1.0`);
  else head.push(`GET ${mount}/${leaf} HTTP/1.1`, `Host: ${hostTag ? hostTag.slice(6) : listen}`);
  head.push(...headerLines(row.headers));
  const scenario = {
    version: 1,
    modwsgi: "4.9",
    client: { address: row.peer, tls: tlsOn, request: head.join("\n") + "\n" },
    proxies: [],
    backend: { server: "apache", listen, address: "127.0.0.1", config },
  };
  let expect: Record<string, unknown>;
  if (row.id.startsWith("X")) {
    expect = { response: { status: null }, environ: null, errorLog: ["exit signal Segmentation fault (11)"] };
  } else {
    expect = { environ: expectations(row.result) };
  }
  // The table's "newest 6.0.x" column, read from mod_wsgi 6.0.5's source: "same", or the keys that differ.
  const differs60 = row.newest.trim() !== "same" && !row.id.startsWith("X");
  return {
    id: row.id,
    title: row.note || `mod_wsgi 4.9.4 edge case ${row.id}`,
    source: `mod_wsgi behaviour reference §5, row ${row.id} (verified on Apache 2.4.71 + mod_wsgi 4.9.4)`,
    table: { config: row.config, peer: row.peer, requestHeaders: row.headers, result494: row.result, newest60: row.newest },
    scenario,
    expect,
    ...(differs60 ? { expect60: { environ: expectations(row.newest) } } : {}),
  };
}

const rows = parseRows(fs.readFileSync(mdPath, "utf8"));
fs.mkdirSync(outDir, { recursive: true });
for (const row of rows) {
  const file = path.join(outDir, `${row.id}.json`);
  fs.writeFileSync(file, JSON.stringify(build(row), null, 2) + "\n");
}
console.log(`wrote ${rows.length} scenario files to ${path.relative(process.cwd(), outDir)}`);
