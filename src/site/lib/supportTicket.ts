/**
 * "Copy for a support ticket": the scenario and what the engine made of it as Markdown that reads well in a
 * ticket or an issue, with the permalink that reopens it. Pure; the playground puts it on the clipboard.
 */
import type { Result, Scenario } from "../../engine/index.ts";
import { statusText } from "./results.ts";

/** A fenced block whose fence is longer than any run of backticks inside, so pasted text cannot close it. */
function fence(text: string, lang = ""): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = "`".repeat(longest + 1);
  return `${marks}${lang}\n${text.replace(/\r\n/g, "\n").replace(/\n$/, "")}\n${marks}`;
}

const LANG: Record<string, string> = { apache: "apache", nginx: "nginx", haproxy: "haproxy", "mod_wsgi-express": "sh" };

/**
 * The Markdown for `scenario` and its `result`. `url` is the permalink that reopens it. Sections: versions and
 * link, the client's request, each server's configuration, the response the client gets (with the verdict on
 * where it leads), the WSGI environ, the problems found, and the generated configuration texts.
 */
export function supportTicketMarkdown(scenario: Scenario, result: Result, url: string): string {
  const v = result.versions;
  const out: string[] = [];
  out.push("### Proxy Playground scenario", "");
  out.push(`- Link: ${url}`);
  out.push(`- Engine ${v.engine}, scenario format ${v.format}; mod_wsgi ${v.modwsgi} behaviour, Apache ${v.apache}, nginx ${v.nginx}`);
  out.push("", `**Client** ${scenario.client.address}${scenario.client.tls ? " over TLS" : ""} sends:`, "", fence(scenario.client.request, "http"));
  scenario.proxies.forEach((p, i) => {
    out.push("", `**Front end ${i + 1}**: ${p.server} listening on ${p.listen}, connecting onward from ${p.address}`, "", fence(p.config, LANG[p.server] ?? ""));
  });
  out.push(
    "",
    `**Back end**: ${scenario.backend.server === "apache" ? "Apache + mod_wsgi" : scenario.backend.server} on ${scenario.backend.listen}` +
      (scenario.backend.directories?.length ? `, directories ${scenario.backend.directories.join(" ")}` : "") +
      (scenario.backend.app?.redirect ? `, the application redirects to ${scenario.backend.app.redirect}` : ""),
    "",
    fence(scenario.backend.config, LANG[scenario.backend.server] ?? ""),
  );
  const response = [`${statusText(result.response.status)}`, ...Object.entries(result.response.headers).map(([n, val]) => `${n}: ${val}`)].join("\n");
  out.push("", "**The client gets**", "", fence(response, "http"));
  if (result.exposure) out.push("", `> ${result.exposure.summary}`);
  if (result.environ) {
    const lines = Object.keys(result.environ)
      .sort()
      .map((k) => `${k}=${result.environ![k]}`);
    out.push("", "**WSGI environ**", "", fence(lines.join("\n")));
  } else out.push("", "The request did not reach the application.");
  if (result.diagnostics.length) {
    out.push("", "**Problems**", "");
    for (const d of result.diagnostics) out.push(`- ${d.severity} \`${d.code}\` in ${d.source} line ${d.line}:${d.column}: ${d.message}`);
  }
  const generated: [string, string | undefined, string][] = [
    ["Back-end Apache configuration", result.generated.apache, "apache"],
    ["mod_wsgi-express command", result.generated.express, "sh"],
    ...(result.generated.frontends ?? []).map((t, i): [string, string, string] => [`Front end ${i + 1} configuration`, t, LANG[scenario.proxies[i]?.server ?? ""] ?? ""]),
    ["curl command", result.generated.curl, "sh"],
  ];
  for (const [title, text, lang] of generated) if (text) out.push("", `**${title}**`, "", fence(text, lang));
  const notes = result.generated.notes ?? [];
  if (notes.length) out.push("", "**Notes on the generated configuration**", "", ...notes.map((n) => `- ${n.message}`));
  return out.join("\n") + "\n";
}
