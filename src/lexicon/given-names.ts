import { createRequire } from 'node:module';
import { memoized } from '../news/memo.ts';

/**
 * Given names, with the gender they usually carry, from the `gender-detection-from-name` package (first
 * names of English, Italian, Spanish, French, German and Turkish, each marked male or female). The quote
 * extractor reads two things from it: that a run of capitalised words opening with a given name
 * (`Ben Brafman`) is a person rather than a firm or a place, and the gender a later `he` or `she` must
 * agree with (`Hillary Clinton` ... `she said`).
 *
 * Loaded on the first question (the lists are some 18 MB of heap): a bot serving a warm cache never
 * parses an article, so it never pays for them.
 */

type GetGender = (name: string) => 'male' | 'female' | 'unknown';

let getGender: GetGender | null = null;

/** The gender a given name usually carries, or `undefined` when the word is no given name the lists know. */
export function givenNameGender(word: string): 'm' | 'f' | undefined {
  return genderOf(word) || undefined;
}

/** Words looked up once each (`''`: no given name): the same capitalised words recur across articles. */
const genderOf = memoized(100_000, (word): 'm' | 'f' | '' => {
  getGender ??= (createRequire(import.meta.url)('gender-detection-from-name') as { getGender: GetGender })
    .getGender;
  const g = getGender(word);
  return g === 'male' ? 'm' : g === 'female' ? 'f' : '';
});
