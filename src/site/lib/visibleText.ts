/**
 * Text from the reader's input quoted inside a message (a header value in a diagnostic, a JSON error in a link's
 * banner) may hold control characters: a NUL, an escape sequence, or a bidirectional override (U+202E) that
 * would show the rest of the message reversed. Messages are displayed through `visibleControls`, which writes
 * each such character as a visible escape (`\x00`, `\u202e`) and leaves all other text as it is. The editors
 * show the reader's own text as typed; this is only for sentences about it.
 */

/** C0 and C1 controls but tab, DEL, and the Unicode bidirectional formatting characters (UAX #9 §2). */
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control or bidirectional formatting character written as a visible escape. */
export function visibleControls(text: string): string {
  return text.replace(CONTROLS, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
