/**
 * The query side: whether a member's `/quote P` names a speaker ({@link speakerMatches}), and the
 * folded words of a name for look-ups ({@link nameWords}).
 */
import { fold } from '../fold.ts';
import { HONORIFICS } from './words.ts';

/** {@link fold}ed, with apostrophes off (`O'Brien` = `obrien`) and the possessive `'s` off. */
function foldName(s: string): string {
  return fold(s).replace(/'s\b/g, '').replace(/'/g, '');
}

/** A name as parts: each part the words of one space-separated token (`kassym-jomart` → two words). */
export function nameParts(s: string): string[][] {
  return foldName(s)
    .split(/[^\p{L}\p{N}-]+/u)
    .map((t) => t.split('-').filter(Boolean))
    .filter((t) => t.length > 0);
}

/** The folded words of a name (`Kassym-Jomart Tokayev` → `kassym`, `jomart`, `tokayev`): for lookups. */
export function nameWords(s: string): string[] {
  return nameParts(s).flat();
}

/**
 * Does a user's query name this speaker? Surname, full name, or any contiguous part of the name, case-
 * and accent-insensitive, hyphens and spaces equivalent (`tokayev`, `kassym-jomart tokayev`, `Kassym
 * Jomart Tokayev`). A single given name alone (`david`) does not match.
 *
 * The query's words must appear as consecutive words of the name. A query of one word must not be the
 * given name, i.e. it must not come from the name's first token (`kassym`, `jomart` do not match
 * `Kassym-Jomart Tokayev`), unless the speaker is known by one name only (`Subroto`). Honorifics in
 * the query (`Mr Blair`) and titles kept in the speaker (`Lord Goldsmith`) are not name words, so `lord`
 * alone matches nobody.
 */
export function speakerMatches(query: string, speaker: string): boolean {
  const dropTitles = (parts: string[][]): string[][] => {
    let s = 0;
    while (s < parts.length - 1 && parts[s]!.length === 1 && HONORIFICS.has(parts[s]![0]!)) s++;
    return parts.slice(s);
  };
  const q = dropTitles(nameParts(query)).flat();
  const sp = dropTitles(nameParts(speaker));
  const words = sp.flat();
  if (!q.length || !words.length || q.length > words.length) return false;
  if (q.length === 1 && sp.length > 1) {
    const given = new Set(sp[0]);
    return words.some((w, i) => w === q[0] && i >= sp[0]!.length && !given.has(w));
  }
  for (let i = 0; i + q.length <= words.length; i++) {
    let ok = true;
    for (let j = 0; j < q.length && ok; j++) ok = words[i + j] === q[j];
    if (ok) return true;
  }
  return false;
}
