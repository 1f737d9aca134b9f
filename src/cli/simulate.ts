/**
 * Command-line front end to the engine.
 *
 *   npm run -s simulate -- FILE...      one result per scenario file (a JSON object for one file, an array for several)
 *   npm run -s simulate -- --jsonl      scenarios one per line on stdin, one result per line on stdout, in order
 *
 * `-` as a FILE reads standard input. Exit status: 0 when every scenario was simulated, 1 when any has
 * error diagnostics, 2 when any input is not a scenario (not JSON, or not shaped like format v1).
 */
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { parseScenarioText, simulate, type Result } from "../engine/index.ts";

const USAGE = "usage: simulate FILE... | simulate --jsonl < scenarios.jsonl";

/** Runs one scenario text; returns the result (or the parse diagnostics) and its exit status. */
function runText(text: string): { output: Result | { diagnostics: Result["diagnostics"] }; status: 0 | 1 | 2 } {
  const parsed = parseScenarioText(text);
  if (!parsed.scenario) return { output: { diagnostics: parsed.diagnostics }, status: 2 };
  const result = simulate(parsed.scenario);
  result.diagnostics = [...parsed.diagnostics.filter((d) => !result.diagnostics.includes(d)), ...result.diagnostics];
  return { output: result, status: result.diagnostics.some((d) => d.severity === "error") ? 1 : 0 };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("-h") || argv.includes("--help")) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (argv[0] === "--jsonl") {
    let worst = 0;
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === "") continue;
      const { output, status } = runText(line);
      worst = Math.max(worst, status);
      process.stdout.write(JSON.stringify(output) + "\n");
    }
    return worst;
  }
  if (argv.length === 0) {
    process.stderr.write(USAGE + "\n");
    return 2;
  }
  const outputs: unknown[] = [];
  let worst = 0;
  for (const file of argv) {
    let text: string;
    try {
      text = file === "-" ? await readStdin() : readFileSync(file, "utf8");
    } catch (error) {
      process.stderr.write(`simulate: cannot read ${file}: ${(error as Error).message}\n`);
      worst = 2;
      continue;
    }
    const { output, status } = runText(text);
    outputs.push(output);
    worst = Math.max(worst, status);
  }
  process.stdout.write(JSON.stringify(outputs.length === 1 ? outputs[0] : outputs, null, 2) + "\n");
  return worst;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`simulate: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(70);
  },
);
