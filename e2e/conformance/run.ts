/**
 * Conformance run: every corpus scenario on the real servers, (i) checked against its `expect` entries and
 * (ii) compared field by field with the engine's `simulate`.
 *
 *   npx tsx e2e/conformance/run.ts [--filter REGEX] [--concurrency N] [--keep] [--no-observed] [--corpus DIR]
 *
 * Writes .conformance/report.md, .conformance/report.json and e2e/conformance/observed/<id>.json.
 * Last line: `conformance: N scenarios, A agree, D disagree`. Exit status 1 when D > 0 or an expectation fails.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { simulate } from "../../src/engine/index.ts";
import type { Result, Scenario } from "../../src/engine/types.ts";
import { headerValue } from "./compare.ts";
import { modelOnlyReason } from "./modelOnly.ts";
import { checkExpectations, compareWithEngine, loadContentExamples, loadCorpus, stableObservation, type Check, type CorpusEntry, type Disagreement } from "./corpus.ts";
import { apacheSyntaxCheck, haproxySyntaxCheck, haproxyVersion, nginxSyntaxCheck, runMany, serverVersions, type RealObservation } from "./realServers.ts";
import { VOLATILE_ENVIRON } from "./volatile.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..", "..");

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(name);

const corpusDir = path.resolve(arg("--corpus") ?? path.join(here, "corpus"));
const filter = arg("--filter");
const concurrency = Number(arg("--concurrency") ?? 2);
const keep = flag("--keep");
const writeObserved = !flag("--no-observed");
const syntaxDir = path.join(here, "syntax");
const outDir = path.join(repoRoot, ".conformance");
const observedDir = path.join(here, "observed");

interface ScenarioReport {
  id: string;
  file: string;
  title?: string;
  ran: boolean;
  notRunReason?: string;
  expectChecks: Check[];
  expectFailures: Check[];
  engineNote?: string;
  disagreements: Disagreement[];
  agree: boolean;
  real: { status: number | null; location: string | null; error?: string; reachedApp: boolean };
}

function fmt(v: unknown): string {
  if (v === undefined) return "(undefined)";
  const s = typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v);
  return (s ?? String(v)).replace(/\|/g, "\\|");
}

function runEngine(s: Scenario): { result: Result | null; note?: string; error?: string } {
  let scenario = s;
  let note: string | undefined;
  if ((s.modwsgi ?? "6.0") !== "4.9") {
    scenario = { ...s, modwsgi: "4.9" };
    note = `scenario asks for mod_wsgi ${s.modwsgi ?? "6.0 (default)"}; the real servers are 4.9.4, so the engine ran with modwsgi "4.9"`;
  }
  try {
    return { result: simulate(structuredClone(scenario)), ...(note ? { note } : {}) };
  } catch (e) {
    return { result: null, ...(note ? { note } : {}), error: e instanceof Error ? e.message : String(e) };
  }
}

interface SyntaxRow {
  id: string;
  config: string;
  accepted: boolean;
  messageIncludes?: string;
  /** Accepted by apache2 -t but every request crashes the worker: the format wants an error diagnostic too. */
  crashes?: boolean;
  /**
   * The line of the config the server's message names (line feeds counted); the engine's first error must cover it.
   * An error in a directive continued with backslashes runs from the word it marks to the directive's last line,
   * the one Apache names.
   */
  line?: number;
  /** Accepted with a warning the server logs (see messageIncludes): the engine must give a warning with this code. */
  engineWarning?: string;
}

interface SyntaxReport {
  id: string;
  file: string;
  config: string;
  expectChecks: Check[];
  expectFailures: Check[];
  real: { ok: boolean; output: string; line?: number };
  engine: { rejects: boolean | null; diagnostics: string[]; error?: string; line?: number | null; warns?: boolean };
  agree: boolean;
}

/** Directive accept/reject rows: `apache2 -t` must say what the row says, and the engine must agree with it. */
function runSyntaxRows(): SyntaxReport[] {
  if (!fs.existsSync(syntaxDir)) return [];
  const out: SyntaxReport[] = [];
  for (const f of fs.readdirSync(syntaxDir).filter((x) => x.endsWith(".json")).sort()) {
    const file = path.join(syntaxDir, f);
    // `"server": "haproxy"` rows are checked with `haproxy -c`, `"server": "nginx"` rows with `nginx -t`, both
    // against the engine's diagnostics on a proxy (listening on 127.0.0.1:22000 or 127.0.0.1:23000).
    const doc = JSON.parse(fs.readFileSync(file, "utf8")) as { server?: "apache" | "haproxy" | "nginx"; rows: SyntaxRow[] };
    const haproxy = doc.server === "haproxy";
    const nginx = doc.server === "nginx";
    const proxy = haproxy || nginx;
    for (const row of doc.rows) {
      const id = `${path.basename(f, ".json")}/${row.id}`;
      if (filter && !new RegExp(filter).test(id)) continue;
      const text = row.config.endsWith("\n") ? row.config : row.config + "\n";
      const real = haproxy ? haproxySyntaxCheck(text) : nginx ? nginxSyntaxCheck(text) : apacheSyntaxCheck(text);
      const checks: Check[] = [{ field: "accepted", expected: row.accepted, real: real.ok, ok: real.ok === row.accepted }];
      if (row.messageIncludes) {
        checks.push({ field: "message", expected: row.messageIncludes, real: real.output, ok: real.output.includes(row.messageIncludes) });
      }
      if (row.line !== undefined) checks.push({ field: "line", expected: row.line, real: real.line ?? null, ok: real.line === row.line });
      let engine: SyntaxReport["engine"];
      try {
        const listen = nginx ? "127.0.0.1:23000" : "127.0.0.1:22000";
        const res = proxy
          ? simulate({
              version: 1, modwsgi: "4.9",
              client: { address: "127.0.0.2", tls: false, request: `GET / HTTP/1.1\nHost: ${listen}\n` },
              proxies: [{ server: nginx ? "nginx" : "haproxy", listen, address: "127.0.0.1", config: text }],
              backend: { server: "apache", listen: "127.0.0.1:18080", address: "127.0.0.1", config: "" },
            })
          : simulate({
              version: 1, modwsgi: "4.9",
              client: { address: "127.0.0.2", tls: false, request: "GET / HTTP/1.1\nHost: 127.0.0.1:18080\n" },
              proxies: [], backend: { server: "apache", listen: "127.0.0.1:18080", address: "127.0.0.1", config: text },
            });
        const errs = res.diagnostics.filter((d) => d.severity === "error" && d.source === (proxy ? "proxies[0].config" : "backend.config"));
        engine = { rejects: errs.length > 0, diagnostics: errs.map((d) => `${d.line}:${d.column} ${d.code}: ${d.message}`) };
        if (row.engineWarning !== undefined) engine.warns = res.diagnostics.some((d) => d.severity === "warning" && d.code === row.engineWarning);
        // The server stops at its first error in the file: the engine's earliest error must cover that line.
        if (row.line !== undefined) {
          const earliest = Math.min(...errs.map((d) => d.line));
          const covers = errs.some((d) => d.line === earliest && real.line !== undefined && d.line <= real.line && real.line <= (d.endLine ?? d.line));
          engine.line = errs.length === 0 ? null : covers ? real.line! : earliest;
        }
      } catch (e) {
        engine = { rejects: null, diagnostics: [], error: e instanceof Error ? e.message : String(e) };
      }
      out.push({
        id, file: path.relative(repoRoot, file), config: row.config, expectChecks: checks, expectFailures: checks.filter((c) => !c.ok),
        real, engine, agree: engine.rejects === (!real.ok || !!row.crashes) && (row.line === undefined || engine.line === real.line) && (row.engineWarning === undefined || engine.warns === true),
      });
    }
  }
  return out;
}

async function main() {
  let entries = [...loadCorpus(corpusDir), ...loadContentExamples(path.join(repoRoot, "content"))];
  if (filter) {
    const re = new RegExp(filter);
    entries = entries.filter((e) => re.test(e.id) || re.test(path.relative(corpusDir, e.file)));
  }
  const versions = serverVersions();
  const haproxyVer = haproxyVersion();
  // Observations name HAProxy's version only when the scenario runs HAProxy (the others stay as they were).
  const versionsFor = (sc: Scenario) => ((sc.proxies ?? []).some((p) => p.server === "haproxy") ? { ...versions, haproxy: haproxyVer } : versions);
  // Managed load-balancer presets (AWS ALB, Google Cloud, ingress-nginx, Traefik) have no real server here: their
  // examples are listed as not run, and counted apart from the scenarios the real servers judged.
  // WSGIProxy (Python 2) cannot run here either.
  const managed = (sc: Scenario) => modelOnlyReason(sc) !== null;
  const notRunnable = entries.filter((e) => managed(e.scenario));
  entries = entries.filter((e) => !managed(e.scenario));
  process.stderr.write(`corpus: ${entries.length} scenarios from ${path.relative(repoRoot, corpusDir)}; Apache ${versions.apache}, mod_wsgi ${versions.modwsgi}, nginx ${versions.nginx}, HAProxy ${haproxyVer}\n`);
  const byId = new Map<string, CorpusEntry>(entries.map((e) => [e.id, e]));
  let done = 0;
  const { results, stats } = await runMany(
    entries.map((e) => ({ id: e.id, scenario: e.scenario, ...(e.app ? { app: e.app } : {}) })),
    {
      concurrency,
      keep,
      log: (m) => process.stderr.write(`  ${m}\n`),
      onResult: () => {
        done++;
        if (process.stderr.isTTY) process.stderr.write(`\r  ${done}/${entries.length}`);
      },
    },
  );
  if (process.stderr.isTTY) process.stderr.write("\n");

  const reports: ScenarioReport[] = [];
  if (writeObserved) fs.mkdirSync(observedDir, { recursive: true });
  for (const e of entries) {
    const obs = results.get(e.id) as RealObservation;
    const checks = checkExpectations(e.expect, obs);
    const eng = runEngine(e.scenario);
    let disagreements: Disagreement[];
    if (eng.result) disagreements = compareWithEngine(eng.result, obs);
    else disagreements = [{ field: "engine", engine: `threw: ${eng.error}`, real: "(observation)" }];
    if (!obs.ok) disagreements.unshift({ field: "real run", engine: "(n/a)", real: obs.response.error ?? "not run" });
    const loc = headerValue(obs.response.headers, "Location");
    const r: ScenarioReport = {
      id: e.id,
      file: path.relative(repoRoot, e.file),
      ...(e.title ? { title: e.title } : {}),
      ran: obs.ok || !!obs.startupFailure,
      ...(!obs.ok && !obs.startupFailure ? { notRunReason: obs.response.error ?? "" } : {}),
      expectChecks: checks,
      expectFailures: checks.filter((c) => !c.ok),
      ...(eng.note ? { engineNote: eng.note } : {}),
      disagreements,
      agree: disagreements.length === 0,
      real: { status: obs.response.status, location: loc, ...(obs.response.error ? { error: obs.response.error } : {}), reachedApp: obs.environ !== null },
    };
    reports.push(r);
    if (writeObserved && (obs.ok || obs.startupFailure)) {
      const stable = stableObservation(e, obs, versionsFor(e.scenario), here);
      fs.writeFileSync(path.join(observedDir, `${e.id}.json`), JSON.stringify(stable, null, 2) + "\n");
    }
  }
  void byId;
  const syntax = runSyntaxRows();
  const syntaxAgree = syntax.filter((r) => r.agree).length;
  const syntaxExpectFailed = syntax.filter((r) => r.expectFailures.length > 0);

  const n = reports.length;
  const agree = reports.filter((r) => r.agree).length;
  const disagree = n - agree;
  const expectTotal = reports.reduce((a, r) => a + r.expectChecks.length, 0);
  const expectFailed = reports.filter((r) => r.expectFailures.length > 0);
  const perScenario = n ? stats.seconds / n : 0;

  fs.mkdirSync(outDir, { recursive: true });
  const json = {
    generatedAt: new Date().toISOString(),
    servers: versions,
    timing: { ...stats, secondsPerScenario: perScenario, concurrency },
    notRun: notRunnable.map((e) => ({ id: e.id, file: path.relative(repoRoot, e.file), reason: modelOnlyReason(e.scenario) })),
    summary: { scenarios: n, agree, disagree, expectChecks: expectTotal, expectFailures: expectFailed.reduce((a, r) => a + r.expectFailures.length, 0), scenariosWithExpectFailures: expectFailed.map((r) => r.id) },
    volatileEnvironKeys: VOLATILE_ENVIRON,
    scenarios: reports,
    syntax: { rows: syntax.length, agree: syntaxAgree, disagree: syntax.length - syntaxAgree, expectFailures: syntaxExpectFailed.map((r) => r.id), results: syntax },
  };
  fs.writeFileSync(path.join(outDir, "report.json"), JSON.stringify(json, null, 2) + "\n");

  const md: string[] = [];
  md.push("# Conformance report: engine vs real servers", "");
  md.push(`Apache ${versions.apache}, mod_wsgi ${versions.modwsgi}, nginx ${versions.nginx}. Generated ${json.generatedAt}.`, "");
  md.push(`- Scenarios: ${n}; agree with the engine: ${agree}; disagree: ${disagree}`);
  md.push(`- Expectation checks (corpus \`expect\` vs reality): ${expectTotal}, failed: ${json.summary.expectFailures} in ${expectFailed.length} scenario(s)`);
  md.push(`- Timing: ${stats.groups} server group(s), ${stats.serversStarted} server start(s), ${stats.seconds.toFixed(1)} s total (${stats.startStopSeconds.toFixed(1)} s starting/stopping), ${perScenario.toFixed(3)} s per scenario, concurrency ${concurrency}`);
  md.push("");
  if (expectFailed.length) {
    md.push("## Expectations that did not hold on the real servers", "", "| scenario | field | expected | real |", "|---|---|---|---|");
    for (const r of expectFailed) for (const c of r.expectFailures) md.push(`| ${r.id} | ${c.field} | ${fmt(c.expected)} | ${fmt(c.real)} |`);
    md.push("");
  }
  md.push("## Scenarios", "", "| scenario | real status | Location | app reached | expect | engine |", "|---|---|---|---|---|---|");
  for (const r of reports) {
    md.push(`| ${r.id} | ${r.real.status ?? `none (${r.real.error ?? ""})`} | ${r.real.location ?? ""} | ${r.real.reachedApp ? "yes" : "no"} | ${r.expectChecks.length ? (r.expectFailures.length ? `FAIL ${r.expectFailures.length}/${r.expectChecks.length}` : `ok ${r.expectChecks.length}`) : "-"} | ${r.agree ? "agree" : `${r.disagreements.length} disagreement(s)`} |`);
  }
  md.push("");
  const dis = reports.filter((r) => !r.agree);
  if (dis.length) {
    md.push("## Disagreements (engine value vs real value)", "");
    for (const r of dis) {
      md.push(`### ${r.id}${r.title ? `: ${r.title}` : ""}`, "", `File: \`${r.file}\``, "");
      if (r.engineNote) md.push(`Note: ${r.engineNote}`, "");
      md.push("| field | engine | real |", "|---|---|---|");
      for (const d of r.disagreements) md.push(`| ${d.field} | ${fmt(d.engine)} | ${fmt(d.real)} |`);
      md.push("");
    }
  }
  if (syntax.length) {
    md.push("## Directive syntax (apache2 -t, haproxy -c, nginx -t) vs engine diagnostics", "");
    md.push(`${syntax.length} rows; the engine agrees with apache2 -t on ${syntaxAgree}; expectation failures: ${syntaxExpectFailed.length}.`, "");
    md.push("The engine should give an error diagnostic exactly when apache2 -t rejects the text or the row is marked as crashing at request time.", "");
    md.push("| row | config | apache2 -t | expected | engine rejects | engine error diagnostics |", "|---|---|---|---|---|---|");
    for (const r of syntax) {
      const exp = r.expectFailures.length ? `FAIL: ${r.expectFailures.map((c) => c.field).join(", ")}` : "ok";
      md.push(`| ${r.id} | \`${r.config.replace(/\|/g, "\\|").replace(/\n/g, " ⏎ ")}\` | ${r.real.ok ? "accepted" : `rejected: ${fmt(r.real.output.split("\n").slice(1).join(" "))}`} | ${exp} | ${r.engine.rejects === null ? `threw: ${r.engine.error}` : r.engine.rejects ? "yes" : "no"}${r.agree ? "" : " (DISAGREES)"} | ${fmt(r.engine.diagnostics.join("; "))} |`);
    }
    md.push("");
  }
  md.push("## Not compared (vary by run)", "");
  for (const v of VOLATILE_ENVIRON) md.push(`- \`${v.key ?? `${v.prefix}*`}\`: ${v.reason}`);
  md.push("- any value containing the runner's temporary directory");
  fs.writeFileSync(path.join(outDir, "report.md"), md.join("\n") + "\n");

  for (const r of expectFailed) {
    for (const c of r.expectFailures) process.stdout.write(`EXPECT FAIL ${r.id} ${c.field}: expected ${fmt(c.expected)}, real ${fmt(c.real)}\n`);
  }
  process.stdout.write(`real servers: ${stats.groups} groups, ${stats.serversStarted} servers started, ${stats.seconds.toFixed(1)} s total, ${perScenario.toFixed(3)} s/scenario\n`);
  for (const r of syntaxExpectFailed) {
    for (const c of r.expectFailures) process.stdout.write(`EXPECT FAIL ${r.id} ${c.field}: expected ${fmt(c.expected)}, real ${fmt(c.real)}\n`);
  }
  process.stdout.write(`expectations: ${expectTotal} checks, ${json.summary.expectFailures} failed\n`);
  if (syntax.length) {
    process.stdout.write(`syntax: ${syntax.length} directive rows, the server's own check (apache2 -t, haproxy -c, nginx -t) as expected on ${syntax.length - syntaxExpectFailed.length}; engine agrees on ${syntaxAgree}, disagrees on ${syntax.length - syntaxAgree}\n`);
  }
  process.stdout.write(`report: ${path.relative(repoRoot, path.join(outDir, "report.md"))}\n`);
  if (notRunnable.length) {
    process.stdout.write(`not run on real servers: ${notRunnable.length} example(s) of managed load-balancer presets or WSGIProxy, modelled from documentation (${notRunnable.map((e) => e.id).join(", ")})\n`);
  }
  process.stdout.write(`conformance: ${n} scenarios, ${agree} agree, ${disagree} disagree\n`);
  const syntaxBad = syntaxExpectFailed.length > 0 || syntaxAgree < syntax.length;
  process.exitCode = disagree > 0 || expectFailed.length > 0 || syntaxBad ? 1 : 0;
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 2;
});
