/**
 * Vite plugin: a strict Content-Security-Policy on every built page, as a `<meta http-equiv>` so that it holds
 * wherever the files are served from. Scripts come only from the site itself (no inline script, no eval); so
 * do connections, images and fonts. Styles also allow inline `style` because CodeMirror writes its theme at
 * run time. Build only: the dev server's hot reload needs a websocket the policy would refuse.
 */
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
