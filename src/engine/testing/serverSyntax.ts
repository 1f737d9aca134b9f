/**
 * Test helpers: checks a generated configuration text with the real server's own syntax check
 * (`apache2 -t`, `nginx -t`) in a private temp directory. Nothing is ever started. When the server binary
 * is missing the check reports `skipped` with a reason, so tests can skip visibly.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface ServerSyntax {
  ok: boolean;
  output: string;
  /** Set when the check could not run (binary missing); the reason. */
  skipped?: string;
}

const APACHE = "/usr/sbin/apache2";
const NGINX = "/usr/sbin/nginx";
const MODULES = "/usr/lib/apache2/modules";
const APACHE_MODULES = ["mpm_event", "authz_core", "authz_host", "alias", "dir", "mime", "headers", "proxy", "proxy_http", "ssl", "socache_shmcb", "setenvif", "rewrite", "wsgi"];

/** Whether `apache2` is installed with mod_wsgi, or why not. */
export function apacheMissing(): string | null {
  if (!fs.existsSync(APACHE)) return `${APACHE} is not installed: apache2 -t checks skipped`;
  if (!fs.existsSync(path.join(MODULES, "mod_wsgi.so"))) return "mod_wsgi is not installed: apache2 -t checks skipped";
  return null;
}

/** Whether `nginx` is installed, or why not. */
export function nginxMissing(): string | null {
  return fs.existsSync(NGINX) ? null : `${NGINX} is not installed: nginx -t checks skipped`;
}

/** A self-signed pair in `dir`, for texts that name certificate files that may not exist here. */
function certificate(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "2", "-keyout", key, "-out", cert], { encoding: "utf8" });
  return { cert, key };
}

function withCerts(text: string, dir: string, paths: string[]): string {
  if (!paths.some((p) => text.includes(p))) return text;
  const c = certificate(dir);
  return text.split(paths[0]!).join(c.cert).split(paths[1]!).join(c.key);
}

/** `apache2 -t` on `text` included from a minimal server config (ServerRoot /etc/apache2, modules loaded, own PidFile/ErrorLog). */
export function apacheSyntax(text: string, certPaths: [string, string]): ServerSyntax {
  const missing = apacheMissing();
  if (missing) return { ok: false, output: "", skipped: missing };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pp-gen-apache-"));
  try {
    const file = path.join(dir, "generated.conf");
    fs.writeFileSync(file, withCerts(text, dir, certPaths));
    const loads = APACHE_MODULES.filter((m) => fs.existsSync(path.join(MODULES, `mod_${m}.so`))).map((m) => `LoadModule ${m}_module ${MODULES}/mod_${m}.so`);
    const main = [
      "ServerRoot /etc/apache2",
      `DefaultRuntimeDir ${dir}`,
      `PidFile ${dir}/httpd.pid`,
      `ErrorLog ${dir}/error.log`,
      `Mutex file:${dir} default`,
      ...loads,
      "TypesConfig /etc/mime.types",
      `Include ${file}`,
      "",
    ].join("\n");
    const conf = path.join(dir, "main.conf");
    fs.writeFileSync(conf, main);
    const r = spawnSync(APACHE, ["-t", "-f", conf], { encoding: "utf8", env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
    return { ok: r.status === 0, output: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim() };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `nginx -t` on `text` (a `server {}` block) inside a minimal http block, with its own prefix, pid and error log. */
export function nginxSyntax(text: string, certPaths: [string, string]): ServerSyntax {
  const missing = nginxMissing();
  if (missing) return { ok: false, output: "", skipped: missing };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pp-gen-nginx-"));
  try {
    const body = withCerts(text, dir, certPaths);
    const temps = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `    ${t}_temp_path ${dir}/${t};`).join("\n");
    const conf = path.join(dir, "nginx.conf");
    fs.writeFileSync(conf, `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n    access_log off;\n${temps}\n${body}\n}\n`);
    const r = spawnSync(NGINX, ["-t", "-p", dir, "-e", `${dir}/error.log`, "-c", conf], { encoding: "utf8" });
    return { ok: r.status === 0, output: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim() };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
