/**
 * Folding: the one comparison form of words typed by members and written in articles. Lowercase,
 * accents and other combining marks off (`Sánchez` = `sanchez`), curly apostrophes made straight
 * (`O’Brien` = `o'brien`). Places, speakers and autocomplete all compare through it; each may drop more
 * (dots, apostrophes, possessives) for its own look-ups, on top of this.
 */

const NON_ASCII = /[^\u0000-\u007f]/;
const MARKS = /\p{M}/gu;
const CURLY_APOSTROPHES = /[’‘ʼ]/g;

/** `s` folded; ASCII takes the fast path (no normalisation). */
export function fold(s: string): string {
  if (!NON_ASCII.test(s)) return s.toLowerCase();
  return s.normalize('NFD').replace(MARKS, '').replace(CURLY_APOSTROPHES, "'").toLowerCase();
}
