/**
 * A bounded memo for pure functions of a string key that the same articles ask again and again (subject
 * phrases, runs of capitalised words, given names): each key is read once, the result shared and never
 * changed; past `max` keys the memo starts afresh, so memory stays bounded over any archive.
 */
export function memoized<V>(max: number, read: (key: string) => V): (key: string) => V {
  const seen = new Map<string, V>();
  return (key) => {
    let v = seen.get(key);
    if (v === undefined && !seen.has(key)) {
      v = read(key);
      if (seen.size >= max) seen.clear();
      seen.set(key, v);
    }
    return v as V;
  };
}
