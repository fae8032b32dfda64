/**
 * Cutting text to a length in UTF-16 code units (Discord's limits are counted so) without cutting a
 * code point in half: an emoji or other astral character whose pair straddles the cut is dropped whole,
 * so no unpaired surrogate reaches a message.
 */

/** The first `max` code units of `s`, less a high surrogate left alone at the end. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const c = s.charCodeAt(max - 1);
  return s.slice(0, c >= 0xd800 && c <= 0xdbff ? max - 1 : max);
}

/** The last `max` code units of `s`, less a low surrogate left alone at the start. */
export function clipStart(s: string, max: number): string {
  if (s.length <= max) return s;
  const c = s.charCodeAt(s.length - max);
  return s.slice(c >= 0xdc00 && c <= 0xdfff ? s.length - max + 1 : s.length - max);
}
