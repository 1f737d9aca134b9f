/**
 * A small memo for pure functions of a text: the playground simulates again on every keystroke while most
 * panes keep their text, and one simulation reads the same config text in several places (the server model,
 * the generated texts), so the answer for a recent text is kept instead of computed again.
 */

/**
 * A memo of the last `size` distinct texts (least recently used goes first): `(text, compute, variant)` gives
 * the value kept for `text` and `variant`, or keeps and gives `compute()`. `variant` is a short key for the
 * other inputs of the computation (a listen address, a source name; "" when there are none), kept apart from
 * the text so that the text itself is the map key: a string caches its hash, and a key built by joining a
 * long text to something else would be copied and hashed afresh on every call. At most 8 variants are kept
 * per text. `compute` must be a pure function of its inputs, and the value is shared between callers: it must
 * be treated as read-only.
 */
export function textMemo<T>(size = 8): (text: string, compute: () => T, variant?: string) => T {
  const entries = new Map<string, Map<string, T>>();
  return (text, compute, variant = "") => {
    let forText = entries.get(text);
    if (forText !== undefined) {
      // Refresh: a Map iterates in insertion order, so the first key is the least recently used.
      entries.delete(text);
      entries.set(text, forText);
      const hit = forText.get(variant);
      if (hit !== undefined || forText.has(variant)) return hit as T;
      if (forText.size >= 8) forText.clear();
    } else {
      forText = new Map();
      entries.set(text, forText);
      if (entries.size > size) entries.delete(entries.keys().next().value as string);
    }
    const value = compute();
    forText.set(variant, value);
    return value;
  };
}

/** `compute(text)`, a pure function, with a `textMemo` of its last `size` texts (see there). */
export function memoByText<T>(compute: (text: string) => T, size = 8): (text: string) => T {
  const memo = textMemo<T>(size);
  return (text) => memo(text, () => compute(text));
}
