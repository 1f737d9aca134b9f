/**
 * The sizes of input this engine reads, and where a text crosses them.
 *
 * These are the playground's own limits, not a server's: they keep every simulation linear and short, so
 * that typing stays instant and a huge paste is refused at once rather than freezing the page. Each is
 * documented in `scenario.schema.json` and the README; `validateScenario` reports a scenario beyond one as an
 * error diagnostic pointing at the place in the text where the limit is crossed, and the reader's text is
 * kept as it is.
 */

/** Bytes (UTF-8) of one pane's text at most: `client.request`, each `proxies[i].config`, `backend.config`. */
export const MAX_PANE_BYTES = 256 * 1024;

/**
 * Front-end proxies a scenario may name at most. Real chains have one to three; the cap bounds the work of
 * one simulation (every hop re-reads the request) and the size of the page that shows it.
 */
export const MAX_PROXIES = 16;

/**
 * Header lines the client's request may hold at most. Apache answers 400 past 100 fields (LimitRequestFields)
 * and HAProxy past 101 (tune.http.maxhdr), so no real scenario comes near; nginx has no count, only its
 * 32 KiB of header buffers.
 */
export const MAX_REQUEST_HEADER_LINES = 1000;

/** Where a text first goes over a limit: 1-based line and column (UTF-16 units, as editors count). */
export interface LimitCrossing {
  line: number;
  column: number;
}

/**
 * The line and column of the first character that takes `text` over `maxBytes` bytes of UTF-8, or null when
 * it fits. One pass, no allocation: safe on any length. Lines are counted at `\n` (a lone `\r` is a
 * character, as in the request reader); a surrogate pair counts as the 4 bytes it encodes to.
 */
export function utf8LimitCrossing(text: string, maxBytes: number): LimitCrossing | null {
  // Fewer UTF-16 units than a third of the limit can never cross it (three bytes per unit at most).
  if (text.length * 3 <= maxBytes) return null;
  let bytes = 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdfff ? 2 : 3;
    if (bytes > maxBytes) return { line, column: i - lineStart + 1 };
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return null;
}

/**
 * The line and column of the start of line `maxLines + 1` of `text` (the first line past the limit), or null
 * when the text has at most `maxLines` lines. One pass; stops at the crossing.
 */
export function lineLimitCrossing(text: string, maxLines: number): LimitCrossing | null {
  // Each line past the first needs a character of its own: a text no longer than the limit cannot cross it.
  if (text.length <= maxLines) return null;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a && i + 1 < text.length) {
      line++;
      if (line > maxLines) return { line, column: 1 };
    }
  }
  return null;
}
