/**
 * Vite plugin: a strict Content-Security-Policy on every built page, as a `<meta http-equiv>` so that it holds
 * wherever the files are served from. Scripts come only from the site itself (no inline script, no eval); so
 * do connections, images and fonts. Styles also allow inline `style` because CodeMirror writes its theme at
 * run time. Build only: the dev server's hot reload needs a websocket the policy would refuse.
 */
import { createHash } from "node:crypto";
import type { Plugin } from "vite";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

export function contentSecurityPolicy(): Plugin {
  return {
    name: "pp:content-security-policy",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html) {
        return html.replace(/<head>/i, `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`);
      },
    },
  };
}

/**
 * The offline file's policy. Its script is inline (there is no site to load it from, and `file:` has no origin
 * worth trusting), so each inline script is allowed by its SHA-256 hash (CSP Level 2 hash sources), never by
 * 'unsafe-inline'; eval stays refused, and nothing may be loaded or fetched from anywhere.
 */
export function offlinePolicy(scriptHashes: readonly string[]): string {
  return [
    "default-src 'none'",
    `script-src ${scriptHashes.map((h) => `'${h}'`).join(" ") || "'none'"}`,
    "style-src 'unsafe-inline'",
    "img-src data:",
    "font-src data:",
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/**
 * `sha256-<base64>` of every script in `html` that a browser would run as inline code (no `src`; no type, or a
 * JavaScript or module type). JSON data blocks are not run, so they need no hash.
 */
export function inlineScriptHashes(html: string): string[] {
  const out: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attributes = match[1]!;
    if (/\ssrc\s*=/i.test(attributes)) continue;
    const type = /\stype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]?.toLowerCase();
    if (type !== undefined && type !== "module" && !/^(text|application)\/(java|ecma)script$/.test(type)) continue;
    out.push(`sha256-${createHash("sha256").update(match[2]!, "utf8").digest("base64")}`);
  }
  return [...new Set(out)];
}

/**
 * Vite plugin for the offline build: after vite-plugin-singlefile has inlined the script (list it after that
 * plugin), writes `offlinePolicy` with the hashes of the inline scripts as the first element of each page's head.
 */
export function offlineContentSecurityPolicy(): Plugin {
  return {
    name: "pp:offline-content-security-policy",
    apply: "build",
    enforce: "post",
    generateBundle: {
      order: "post",
      handler(_options, bundle) {
        for (const file of Object.values(bundle)) {
          if (file.type !== "asset" || !file.fileName.endsWith(".html")) continue;
          const html = String(file.source);
          const policy = offlinePolicy(inlineScriptHashes(html));
          file.source = html.replace(/<head>/i, `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
        }
      },
    },
  };
}
