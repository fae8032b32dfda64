import { type Place, resolvePlace } from '../places.ts';
import { scanTokens } from '../tokenize.ts';

/**
 * Reading the shape of a free-text question, shared by the answer kinds: the kind of answer it wants
 * (`how much` an amount, `what share` a percentage, `who` a person) and the places it names.
 */

/** Answer-type preferences read off a question (`how much` wants an amount, `what share` a percentage). */
export interface Wants {
  money: boolean;
  percent: boolean;
  person: boolean;
}

/** A question that wants no particular kind of answer (slash commands). */
export const NO_WANTS: Readonly<Wants> = Object.freeze({ money: false, percent: false, person: false });

export function wantsOf(text: string): Wants {
  const t = text.toLowerCase();
  return {
    money: /\bhow (?:much|many)\b|\bwhat (?:was|is|were) the (?:value|amount|total)\b|\bworth\b/.test(t),
    percent:
      /\b(?:what|which) (?:share|percentage|proportion|percent|fraction)\b|\bhow much of\b|\bshare of\b/.test(
        t,
      ),
    person: /^\s*who\b/.test(t),
  };
}

/** Places named in free text, any case: every n-gram (up to 4 words) that resolves to a place. */
export function placesInQuery(text: string): Place[] {
  const words = scanTokens(text).map((t) => t.raw);
  const found = new Map<string, Place>();
  for (let i = 0; i < words.length; i++) {
    for (let n = Math.min(4, words.length - i); n >= 1; n--) {
      const phrase = words.slice(i, i + n).join(' ');
      if (n === 1 && phrase.length < 2) continue;
      const place = resolvePlace(phrase);
      if (place) {
        found.set(place.key, place);
        i += n - 1;
        break;
      }
    }
  }
  return [...found.values()];
}
