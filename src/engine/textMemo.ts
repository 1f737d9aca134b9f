/**
 * A small memo for pure functions of a text: the playground simulates again on every keystroke while most
 * panes keep their text, and one simulation reads the same config text in several places (the server model,
 * the generated texts), so the answer for a recent text is kept instead of computed again.
 */

/**
 * A memo of the last `size` distinct keys (least recently used goes first): `(key, compute)` gives the value
 * kept for `key`, or keeps and gives `compute()`. `compute` must be a pure function of `key`, and the value is
 * shared between callers: it must be treated as read-only. Each entry keeps its key text, so the memo holds at
 * most `size` texts.
 */
export function textMemo<T>(size = 8): (key: string, compute: () => T) => T {
  const entries = new Map<string, T>();
  return (key, compute) => {
    const hit = entries.get(key);
    if (hit !== undefined || entries.has(key)) {
      // Refresh: a Map iterates in insertion order, so the first key is the least recently used.
      entries.delete(key);
      entries.set(key, hit as T);
      return hit as T;
    }
    const value = compute();
    entries.set(key, value);
    if (entries.size > size) entries.delete(entries.keys().next().value as string);
    return value;
  };
}

/** `compute(text)`, a pure function, with a `textMemo` of its last `size` texts (see there). */
export function memoByText<T>(compute: (text: string) => T, size = 8): (text: string) => T {
  const memo = textMemo<T>(size);
  return (text) => memo(text, () => compute(text));
}
