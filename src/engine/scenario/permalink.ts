/**
 * Permalinks: a scenario carried in a URL fragment.
 *
 * Format v2, written since engine 0.1.0: `v2.f<format>.e<engine>.<payload>`, e.g. `v2.f1.e0.1.0.hZFR…`.
 * `<format>` is the scenario format version, `<engine>` the version of the engine that wrote the link, and the
 * payload base64url (RFC 4648 §5, no padding) of the deflate-raw (RFC 1951) compression of the scenario's UTF-8
 * JSON against the preset dictionary `PERMALINK_DICTIONARY_V2`. Format v1, the first: `v1.<payload>`, the same
 * JSON compressed without a dictionary and no versions in the fragment (only engine 0.1.0 wrote v1 links). v1
 * links are read, never written.
 *
 * Keys are written in sorted order and fflate compresses at level 9, so equal scenarios give byte-identical
 * links in Node and in every browser (saved links are testable). Base64url has no `.`, so the payload is what
 * follows the last dot, and an engine version may hold dots. A link of an older scenario format goes through
 * the migration chain (`migrate.ts`) and opens as it did.
 *
 * Pure: no DOM, no browser globals, so the site, the content build and the tests share it. `decodePermalink`
 * never throws; every problem with a link comes back as an error diagnostic with source "scenario".
 */
import { deflateSync, Inflate, strToU8 } from "fflate";
import type { Diagnostic, Scenario } from "../types.ts";
import { memoByText } from "../textMemo.ts";
import { ENGINE_VERSION } from "../version.ts";
import { migrateScenario } from "./migrate.ts";
import { PERMALINK_DICTIONARY_V2 } from "./permalinkDictionary.ts";
import { SCENARIO_FORMAT_VERSION, validateScenario } from "./validate.ts";

/** The prefix of the permalink format written now (v2). */
export const PERMALINK_PREFIX = "v2.";

/** The prefix of the first permalink format (v1), still read. */
export const PERMALINK_V1_PREFIX = "v1.";

/** The engine that wrote every v1 link (they predate the version fields; the engine was 0.1.0 throughout). */
export const PERMALINK_V1_ENGINE = "0.1.0";

/**
 * A permalink fragment of either format, anchored; `e2e` and unit tests use it to recognise links in texts.
 * Groups: 1 the scenario format (v2), 2 the engine version (v2), 3 the payload.
 */
export const PERMALINK_PATTERN = /^(?:v2\.f(\d{1,6})\.e([0-9A-Za-z-]{1,32}(?:\.[0-9A-Za-z-]{1,32}){0,7})|v1)\.([A-Za-z0-9_-]*)$/;

/**
 * Largest inflated JSON accepted by `decodePermalink`, in bytes. Defaults to 1 MiB: a guard against deflate
 * bombs (a few kilobytes of link inflating to gigabytes). `encodePermalink` output above it would not open.
 */
export const MAX_PERMALINK_JSON_BYTES = 1024 * 1024;

const DICTIONARY_V2 = strToU8(PERMALINK_DICTIONARY_V2);

/** Where a link came from: its permalink format, the scenario format and engine version it records. */
export interface PermalinkOrigin {
  /** 1 for `v1.` links, 2 for `v2.` links. */
  link: 1 | 2;
  /** The scenario format the link was written in (before migration). */
  format: number;
  /** The engine version that wrote the link. */
  engine: string;
  /** Summaries of the format migrations applied on the way to the current format; empty for current links. */
  migrations: string[];
}

export interface DecodedPermalink {
  /** The scenario in the current format, or null when the link cannot be opened. */
  scenario: Scenario | null;
  diagnostics: Diagnostic[];
  /** Set whenever `scenario` is. */
  origin: PermalinkOrigin | null;
}

/**
 * Returns `v2.f<format>.e<engine>.` + base64url(deflate-raw(UTF-8 JSON with sorted keys, dictionary v2)).
 * Deterministic. `engine` defaults to this engine's version (tests pass another to make a link "from" another
 * release); characters outside `[0-9A-Za-z.-]` in it are written as `-`.
 */
export function encodePermalink(scenario: Scenario, engine: string = ENGINE_VERSION): string {
  const json = canonicalJson(scenario);
  const format = Number.isInteger(scenario.version) ? scenario.version : SCENARIO_FORMAT_VERSION;
  const safeEngine = engine.replace(/[^0-9A-Za-z.-]/g, "-").replace(/\.{2,}/g, ".").replace(/^\.|\.$/g, "") || "0";
  const payload = compressedPayload(json);
  return `${PERMALINK_PREFIX}f${format}.e${safeEngine}.${payload}`;
}

/**
 * base64url(deflate-raw(UTF-8 `json`, level 9, dictionary v2)): the payload of a v2 link. Deflate at level 9 is
 * most of a link's cost, and the site asks for the same scenario's link twice per edit (the address bar and the
 * first line of each generated text), so recent payloads are kept.
 */
const compressedPayload = memoByText((json: string) => base64urlEncode(deflateSync(strToU8(json), { level: 9, dictionary: DICTIONARY_V2 })));

/** Byte length of the JSON that `encodePermalink` would compress, to check a scenario against the cap. */
export function permalinkJsonBytes(scenario: Scenario): number {
  return strToU8(canonicalJson(scenario)).length;
}

/**
 * Reads a permalink fragment of format v2 or v1, with or without its leading `#`. Never throws: an unknown
 * permalink format, a v2 link without its versions, bad base64url, bad deflate data, an oversized payload,
 * text that is not UTF-8, bad JSON, a scenario format newer than this engine's, a format that disagrees with
 * the one the link names, or JSON not shaped like a scenario each yield `scenario: null` and one error
 * diagnostic (source "scenario", line 1, column 1) whose message says which, in words a reader can act on.
 * Otherwise `scenario` is the encoded value brought to the current format by the migration chain (no defaults
 * filled in: a current link gives back exactly what was encoded), `origin` says what wrote it, and
 * `diagnostics` are what `validateScenario` says about it, errors included: a link to a scenario with
 * mistakes still opens.
 */
export function decodePermalink(fragment: string): DecodedPermalink {
  const text = (fragment.startsWith("#") ? fragment.slice(1) : fragment).trim();
  let link: 1 | 2;
  let prefix: string;
  let linkFormat: number | null = null;
  let engine = PERMALINK_V1_ENGINE;
  let payload: string;
  if (text.startsWith(PERMALINK_V1_PREFIX)) {
    link = 1;
    prefix = PERMALINK_V1_PREFIX;
    payload = text.slice(PERMALINK_V1_PREFIX.length);
  } else if (text.startsWith(PERMALINK_PREFIX)) {
    const match = /^v2\.f(\d{1,6})\.e([0-9A-Za-z-]{1,32}(?:\.[0-9A-Za-z-]{1,32}){0,7})\.([^.]*)$/.exec(text);
    if (!match) {
      return fail(
        "permalink-bad-envelope",
        `This link is damaged: after "${PERMALINK_PREFIX}" it should name the scenario format and the engine version, as in "${PERMALINK_PREFIX}f1.e0.1.0.", then the data. It may have been cut short or altered when it was copied.`,
      );
    }
    link = 2;
    linkFormat = Number(match[1]);
    engine = match[2]!;
    prefix = text.slice(0, text.length - match[3]!.length);
    payload = match[3]!;
    if (linkFormat > SCENARIO_FORMAT_VERSION) {
      return fail(
        "permalink-unknown-version",
        `This link was made with engine ${engine} and holds scenario format ${linkFormat}; this version of the playground reads format ${SCENARIO_FORMAT_VERSION} and older. Open it in a newer release.`,
      );
    }
  } else {
    const version = /^(v\d+)\./.exec(text)?.[1];
    return fail(
      "permalink-unknown-version",
      version
        ? `This link uses permalink format ${version.slice(0, 12)}, which this version of the playground does not know. It may come from a newer release.`
        : `This is not a playground link: it should start with "${PERMALINK_PREFIX}" (or "${PERMALINK_V1_PREFIX}" for older links).`,
    );
  }
  const bytes = base64urlDecode(payload);
  if (bytes === null) {
    return fail(
      "permalink-bad-base64",
      `This link is damaged: its data is not valid base64url (only A–Z, a–z, 0–9, '-' and '_' may follow "${prefix}"). It may have been cut short or altered when it was copied.`,
    );
  }
  if (bytes.length === 0) {
    return fail("permalink-bad-deflate", `This link is empty: nothing follows "${prefix}".`);
  }
  const inflated = inflateCapped(bytes, MAX_PERMALINK_JSON_BYTES, link === 2 ? DICTIONARY_V2 : undefined);
  if (inflated.kind === "too-large") {
    return fail(
      "permalink-too-large",
      `This link's scenario is larger than ${MAX_PERMALINK_JSON_BYTES / 1024 / 1024} MiB once decompressed, so it was not opened.`,
    );
  }
  if (inflated.kind === "bad") {
    return fail(
      "permalink-bad-deflate",
      "This link is damaged: its data does not decompress. It may have been cut short or altered when it was copied.",
    );
  }
  let json: string;
  try {
    json = new TextDecoder("utf-8", { fatal: true }).decode(inflated.bytes);
  } catch {
    return fail("permalink-bad-json", "This link is damaged: its data is not UTF-8 text.");
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message.slice(0, 200)})` : "";
    return fail("permalink-bad-json", `This link is damaged: its scenario is not valid JSON${detail}.`);
  }
  if (!isObject(value)) {
    return fail("permalink-not-a-scenario", "This link does not hold a scenario: the JSON is not an object.");
  }
  const format = linkFormat ?? (Number.isInteger(value.version) ? (value.version as number) : null);
  if (linkFormat !== null && value.version !== linkFormat) {
    return fail(
      "permalink-format-mismatch",
      `This link is damaged: it names scenario format ${linkFormat}, but the scenario inside says "version": ${JSON.stringify(value.version) ?? "nothing"}.`,
    );
  }
  let migrations: string[] = [];
  if (format !== null) {
    const migrated = migrateScenario(value, format);
    if (!migrated.ok) {
      return fail(migrated.code === "scenario-format-newer" ? "permalink-unknown-version" : "permalink-not-a-scenario", `This link cannot be opened: ${migrated.message}.`);
    }
    value = migrated.document;
    migrations = migrated.applied;
  }
  const shapeProblem = scenarioShapeProblem(value);
  if (shapeProblem !== null) {
    return fail("permalink-not-a-scenario", `This link does not hold a scenario: ${shapeProblem}.`);
  }
  // The link gives back exactly what was encoded, even a scenario the engine finds fault with: the reader's
  // half-finished edit must reopen as it was, with the engine's diagnostics shown where they point.
  let diagnostics: Diagnostic[] = [];
  try {
    diagnostics = validateScenario(value).diagnostics;
  } catch {
    // validateScenario never throws by contract; the simulation will report the problem again anyway.
  }
  return { scenario: value as Scenario, diagnostics, origin: { link, format: format!, engine, migrations } };
}

/**
 * The first way in which `value` is not shaped like a v1 scenario, or null. Checks only what code reading the
 * scenario needs in order not to crash (the version, object shapes, the string fields); everything else,
 * such as an unknown `modwsgi` value or a malformed address, is `validateScenario`'s to report.
 */
export function scenarioShapeProblem(value: unknown): string | null {
  if (!isObject(value)) return "the JSON is not an object";
  if (value.version !== 1) return `"version" is ${JSON.stringify(value.version) ?? "missing"}, expected 1`;
  const client = value.client;
  if (!isObject(client)) return `"client" is missing or not an object`;
  for (const key of ["address", "request"] as const) {
    if (typeof client[key] !== "string") return `"client.${key}" is missing or not a string`;
  }
  if (!Array.isArray(value.proxies)) return `"proxies" is missing or not a list`;
  for (const [index, proxy] of value.proxies.entries()) {
    const problem = serverShapeProblem(proxy, `proxies[${index}]`);
    if (problem) return problem;
  }
  const backendProblem = serverShapeProblem(value.backend, "backend");
  if (backendProblem) return backendProblem;
  const directories = (value.backend as Record<string, unknown>).directories;
  if (directories !== undefined && !(Array.isArray(directories) && directories.every((d) => typeof d === "string"))) {
    return `"backend.directories" is not a list of strings`;
  }
  return null;
}

function serverShapeProblem(value: unknown, path: string): string | null {
  if (!isObject(value)) return `"${path}" is missing or not an object`;
  for (const key of ["server", "listen", "address", "config"] as const) {
    if (typeof value[key] !== "string") return `"${path}.${key}" is missing or not a string`;
  }
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(code: Diagnostic["code"], message: string): DecodedPermalink {
  return { scenario: null, diagnostics: [{ severity: "error", code, source: "scenario", line: 1, column: 1, message }], origin: null };
}

/**
 * JSON with every object's keys in code-unit order (undefined members left out): the same value always gives
 * the same text, so two values can be compared by their text. Permalinks are built from it.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** A copy of `value` with every object's keys in code-unit order, so serialisation is canonical. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObject(value)) {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (value[key] !== undefined) sorted[key] = sortKeys(value[key]);
    }
    return sorted;
  }
  return value;
}

/** Inflates deflate-raw `bytes` (against the preset `dictionary`, if any), stopping as soon as the output passes `limit` bytes. */
function inflateCapped(
  bytes: Uint8Array,
  limit: number,
  dictionary: Uint8Array | undefined,
): { kind: "ok"; bytes: Uint8Array } | { kind: "too-large" } | { kind: "bad" } {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tooLarge = false;
  let ended = false;
  const inflater = new Inflate(dictionary ? { dictionary } : {}, (chunk, final) => {
    total += chunk.length;
    if (total > limit) {
      tooLarge = true;
      throw new RangeError("permalink payload over the size cap");
    }
    chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    // Feed in small slices so that a bomb is stopped after a bounded amount of output per push.
    const step = 4096;
    for (let offset = 0; offset < bytes.length; offset += step) {
      const end = Math.min(offset + step, bytes.length);
      inflater.push(bytes.subarray(offset, end), end === bytes.length);
    }
  } catch {
    return tooLarge ? { kind: "too-large" } : { kind: "bad" };
  }
  if (tooLarge) return { kind: "too-large" };
  if (!ended) return { kind: "bad" };
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return { kind: "ok", bytes: out };
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

function base64urlEncode(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

/** Decodes unpadded base64url; tolerates trailing `=` padding. Null on any other character or a bad length. */
function base64urlDecode(text: string): Uint8Array | null {
  const clean = text.replace(/=+$/, "");
  if (clean.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const v = code < 128 ? LOOKUP[code]! : -1;
    if (v < 0) return null;
    buffer = ((buffer << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}
