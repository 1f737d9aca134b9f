/**
 * Small memos for pure functions of a text: the playground simulates again on every keystroke while most
 * panes keep their text, and one simulation reads the same config text in several places (the server model,
 * the generated texts), so the answer for a recent text is kept instead of computed again. `memoByObject`
 * does the same for readings of the objects those texts are parsed into.
 */

/** What is kept for one text: the first variant's value, the others (at most seven more), and when it last moved. */
interface Kept<T> {
  moved: number;
  variant: string;
  value: T;
  others: Map<string, T> | null;
}

const MAX_VARIANTS = 8;

/** Returned by `TextMemo.get` when nothing is kept (a kept value may itself be undefined or null). */
const MISS: unique symbol = Symbol("miss");

/**
 * The last `size` distinct texts and their values, least recently used first in the Map's order: a new text
 * goes to the back and, when the memo is full, the front one goes. A hit moves its text to the back (a
 * deletion and an insertion) only when half the memo's size of other uses came since it last moved: a text
 * used that often never reaches the front, and the usual run of hits on the same few texts changes nothing.
 */
class TextMemo<T> {
  readonly #entries = new Map<string, Kept<T>>();
  readonly #size: number;
  #clock = 0;

  constructor(size: number) {
    this.#size = size;
  }

  get(text: string, variant: string): T | typeof MISS {
    const kept = this.#entries.get(text);
    if (kept === undefined) return MISS;
    this.#clock++;
    if (this.#clock - kept.moved >= this.#size >> 1) {
      this.#entries.delete(text);
      this.#entries.set(text, kept);
      kept.moved = this.#clock;
    }
    if (kept.variant === variant) return kept.value;
    const others = kept.others;
    if (others === null) return MISS;
    const value = others.get(variant);
    return value !== undefined || others.has(variant) ? value! : MISS;
  }

  put(text: string, variant: string, value: T): void {
    const kept = this.#entries.get(text);
    if (kept !== undefined) {
      if (kept.others === null) kept.others = new Map();
      if (kept.others.size < MAX_VARIANTS - 1) {
        kept.others.set(variant, value);
        return;
      }
      // A ninth variant: the text's table is emptied and starts again with it.
      kept.variant = variant;
      kept.value = value;
      kept.others = null;
      return;
    }
    if (this.#entries.size >= this.#size) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(text, { moved: ++this.#clock, variant, value, others: null });
  }
}

/**
 * A memo of the last `size` distinct texts (least recently used goes first): `(text, compute, variant)` gives
 * the value kept for `text` and `variant`, or keeps and gives `compute()`. `variant` is a short key for the
 * other inputs of the computation (a listen address, a source name; "" when there are none), kept apart from
 * the text so that the text itself is the map key: a string caches its hash, and a key built by joining a
 * long text to something else would be copied and hashed afresh on every call. At most 8 variants are kept
 * per text. `compute` must be a pure function of its inputs, and the value is shared between callers: it must
 * be treated as read-only. A computation that throws keeps nothing.
 */
export function textMemo<T>(size = 8): (text: string, compute: () => T, variant?: string) => T {
  const memo = new TextMemo<T>(size);
  return (text, compute, variant = "") => {
    const hit = memo.get(text, variant);
    if (hit !== MISS) return hit;
    const value = compute();
    memo.put(text, variant, value);
    return value;
  };
}

/** `compute(text)`, a pure function, with a `textMemo` of its last `size` texts (see there). */
export function memoByText<T>(compute: (text: string) => T, size = 8): (text: string) => T {
  const memo = new TextMemo<T>(size);
  return (text) => {
    const hit = memo.get(text, "");
    if (hit !== MISS) return hit;
    const value = compute(text);
    memo.put(text, "", value);
    return value;
  };
}

/**
 * `compute(text)`, a pure function, kept for the last `size` texts, found by comparing the texts themselves
 * (most recent first). Meant for texts built afresh for each simulation, such as a request head a front end
 * serializes: a Map hashes the whole of a new string at every lookup, while comparing it with a kept text
 * of another length stops at once, and with one of the same length is a block comparison.
 */
export function memoBuiltText<T>(compute: (text: string) => T, size = 8): (text: string) => T {
  const texts: string[] = [];
  const values: T[] = [];
  return (text) => {
    for (let i = 0; i < texts.length; i++) {
      if (texts[i] !== text) continue;
      const value = values[i]!;
      if (i > 0) {
        texts.splice(i, 1);
        values.splice(i, 1);
        texts.unshift(text);
        values.unshift(value);
      }
      return value;
    }
    const value = compute(text);
    texts.unshift(text);
    values.unshift(value);
    if (texts.length > size) {
      texts.pop();
      values.pop();
    }
    return value;
  };
}

/**
 * `compute(key)`, a pure function of an object that is not changed once made (a parsed directive or section, a
 * list of directives, a server model), kept for as long as the object lives: every request through a kept
 * model reads the same objects again. The value is shared and must be treated as read-only.
 */
export function memoByObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const kept = new WeakMap<K, V>();
  return (key) => {
    let value = kept.get(key);
    if (value === undefined && !kept.has(key)) {
      value = compute(key);
      kept.set(key, value);
    }
    return value as V;
  };
}

/** The items of `list` grouped by `keyOf`, each group in list order (Map.groupBy, which Node 20 lacks). */
export function groupBy<T, K>(list: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of list) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
