import type { Sentence } from './types.ts';

/**
 * Sentence boundaries for news prose, as spans of the text.
 *
 * Hand-written rather than `Intl.Segmenter` or `sbd`: the Segmenter splits after `Mr.`, `Dr.`, `J.` and
 * `vs.`, and `sbd` splits `the U.S. Treasury` and runs at about 6 MB/s, which alone would cost 13 s on
 * the 77 MB archive. This is one regex scan plus a look at the word before each candidate boundary.
 *
 * A candidate boundary is `.`, `!` or `?` (with any closing quotes or brackets) followed by whitespace
 * and something that can open a sentence (a capital, a digit, an opening quote, a currency sign).
 * It is rejected when the word before it is a title (`Mr.`), a month before a day (`Jan. 5`),
 * an initial (`J. Smith`), a known abbreviation (`vs.`, `Inc.`, `No. 5`), or an acronym with inner
 * periods (`U.S.`) followed by a word that does not usually open a sentence.
 */

/** Abbreviations that never end a sentence when followed by a capitalised word. Lowercase, no period. */
const NEVER_END = new Set([
  'mr',
  'mrs',
  'ms',
  'messrs',
  'dr',
  'prof',
  'sen',
  'rep',
  'gov',
  'gen',
  'col',
  'lt',
  'sgt',
  'capt',
  'cmdr',
  'adm',
  'maj',
  'rev',
  'hon',
  'pres',
  'st',
  'mt',
  'ft',
  'vs',
  'v',
  'fig',
  'approx',
  'dept',
  'ave',
  'blvd',
  'supt',
  'insp',
  'e.g',
  'i.e',
  'cf',
  'al',
]);

/** Month abbreviations and `No.`: not an end before a number (`Jan. 5`, `No. 10`), an end otherwise. */
const MONTHS = new Set([
  'no',
  'nos',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
]);

/** Company suffixes: not an end when the next word is lowercase or a digit (rare after our filter). */
const CORPORATE = new Set(['inc', 'corp', 'co', 'ltd', 'plc', 'bros', 'cos']);

/** Words that commonly open a sentence: after an acronym like `U.S.` they mark a real boundary. */
const OPENERS = new Set([
  'the',
  'a',
  'an',
  'he',
  'she',
  'it',
  'they',
  'we',
  'i',
  'in',
  'on',
  'at',
  'but',
  'and',
  'this',
  'that',
  'these',
  'those',
  'there',
  'its',
  'his',
  'her',
  'their',
  'our',
  'for',
  'if',
  'as',
  'after',
  'before',
  'when',
  'while',
  'however',
  'meanwhile',
  'also',
  'some',
  'many',
  'most',
  'other',
  'analysts',
  'officials',
  'last',
  'earlier',
  'separately',
  'under',
  'since',
  'one',
  'two',
  'three',
  'according',
]);

const CANDIDATE = /[.!?]+["'\u201d\u2019)\]]*(?=\s+["'\u201c\u2018([]?[\p{Lu}\p{N}$£€¥])/gu;
const WORD_BEFORE = /([\p{L}.]+)$/u;
const WORD_AFTER = /^\s+["'\u201c\u2018([]?([\p{L}\p{N}]+)/u;

function isBoundary(text: string, at: number, end: number): boolean {
  const mark = text[at];
  if (mark !== '.') return true; // ! and ? always end a sentence here
  const before = WORD_BEFORE.exec(text.slice(Math.max(0, at - 24), at));
  if (!before) return true;
  const word = before[1]!;
  const lower = word.toLowerCase();
  const after = WORD_AFTER.exec(text.slice(end, end + 32));
  const next = after?.[1] ?? '';
  if (NEVER_END.has(lower)) return false;
  if (MONTHS.has(lower)) return !/^\d/.test(next);
  if (CORPORATE.has(lower)) return !/^[\p{Ll}\d]/u.test(next);
  // A single capital letter: an initial (`J. Smith`), unless it is the pronoun `I`.
  if (/^\p{Lu}$/u.test(word) && word !== 'I') return false;
  // An acronym with inner periods (`U.S.`, `U.K.`): a boundary only before a usual sentence opener.
  if (word.includes('.')) return OPENERS.has(next.toLowerCase());
  return true;
}

/**
 * The longest sentence kept whole. In the 17,500-article corpus, 40 sentences pass 1,000 characters and
 * the longest (a list of names) has 2,002; past this, the text is a table or a data dump rather than
 * prose (a Reuters table runs to 4,300 characters, a JSON Lines file in a seeds folder to 490,000).
 */
export const MAX_SENTENCE_CHARS = 2100;

/**
 * Splits `text` into sentences between `from` and `to`, never across a `breaks` offset (paragraph
 * starts). Each span is trimmed of surrounding whitespace; empty spans are dropped.
 */
export function splitSentences(
  text: string,
  from = 0,
  to = text.length,
  breaks: readonly number[] = [],
): Sentence[] {
  const out: Sentence[] = [];
  const push = (s: number, e: number): void => {
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    // Text with no sentence punctuation (a table, a list, a data dump) is cut into pieces at spaces,
    // so that no passage is too long to read as an answer, or to scan when highlighting one.
    while (e - s > MAX_SENTENCE_CHARS) {
      let cut = text.lastIndexOf(' ', s + MAX_SENTENCE_CHARS);
      if (cut <= s + MAX_SENTENCE_CHARS / 2) cut = s + MAX_SENTENCE_CHARS;
      out.push({ start: s, end: cut });
      s = cut;
      while (s < e && /\s/.test(text[s]!)) s++;
    }
    if (e > s) out.push({ start: s, end: e });
  };
  const cuts = breaks.filter((b) => b > from && b < to);
  let start = from;
  let cutIndex = 0;
  CANDIDATE.lastIndex = from;
  for (let m = CANDIDATE.exec(text); m !== null && m.index < to; m = CANDIDATE.exec(text)) {
    const end = m.index + m[0].length;
    while (cutIndex < cuts.length && cuts[cutIndex]! <= m.index) {
      push(start, cuts[cutIndex]!);
      start = cuts[cutIndex]!;
      cutIndex++;
    }
    if (isBoundary(text, m.index, end)) {
      push(start, end);
      start = end;
    }
  }
  while (cutIndex < cuts.length) {
    push(start, cuts[cutIndex]!);
    start = cuts[cutIndex]!;
    cutIndex++;
  }
  push(start, to);
  return out;
}
