import { wordnet } from '../../lexicon/wordnet.ts';
import type { NewsIndex } from '../index.ts';
import type { Lexicon } from '../lexicon.ts';
import { formatQuestion } from '../query.ts';
import type { Answer, CommandName, Result } from '../types.ts';
import { type Concept, RANKING, rank } from './rank.ts';
import { rankQuery } from './related.ts';
import { echo, empty, highlighter, MAX_RESULTS, notice, toResults } from './results.ts';

/**
 * `/search` and the free text that is neither a quote nor a trade question: passages ranked in their
 * article's context with every word of the question (see `rank.ts`), its other words (`related.ts`)
 * and, for a question, its shape; each passage shown once.
 */

/**
 * The most distinct things (words and places, repeats folded) one question may ask about. Ranking reads
 * the text evidence of every pair of neighbouring concepts in each candidate passage, so its cost grows
 * with the number of concepts; a longer list is refused with a notice (never cut short in silence),
 * which keeps every question's cost bounded while leaving real questions, a dozen words or fewer, alone.
 */
export const MAX_CONCEPTS = 24;

/** Passages ranked per attempt: enough for ten distinct ones unless the archive repeats itself. */
const WINDOWS = [RANKING.window, RANKING.window * 10, Number.POSITIVE_INFINITY];

export function searchAnswer(
  index: NewsIndex,
  command: CommandName,
  query: string,
  text: string,
  lexicon: Lexicon = wordnet,
): Answer {
  if (!text.trim()) {
    return empty(
      command,
      query,
      notice('empty-query', 'Type some words to search for, for example: /search oil prices.'),
    );
  }
  // `/search` words are keywords, not a question: no shape is read off them.
  const q = rankQuery(index, text, lexicon, { question: command === 'ask' });
  if (!q.concepts.length) {
    return empty(
      command,
      query,
      notice('no-results', `${echo(text)} has only common words. Add a name, a place or a topic.`),
    );
  }
  if (q.concepts.length > MAX_CONCEPTS) {
    return empty(
      command,
      query,
      notice(
        'query-too-long',
        `That asks about ${q.concepts.length} different things; I search for at most ${MAX_CONCEPTS} at once. Keep the key words.`,
      ),
    );
  }
  // A name the archive never mentions, and no dictionary knows, is what the question is about: an
  // answer without it would be about something else.
  const unknown = q.concepts.filter((c) => unknownConcept(index, c, lexicon));
  if (unknown.length) {
    return empty(
      command,
      query,
      notice(
        'no-results',
        `Nothing in the archive mentions ${unknown.map((c) => echo(c.label)).join(', ')}. Check the spelling, or try other words.`,
      ),
    );
  }
  const wanted = new Set<string>();
  const placeKeys = new Set<string>();
  for (const c of q.concepts) {
    for (const a of c.alternatives) {
      if (a.field === 'text') wanted.add(a.term);
      else if (a.field === 'places' && c.place) placeKeys.add(c.place);
    }
  }
  const highlight = highlighter(wanted, placeKeys);
  let results: Result[] = [];
  for (const limit of WINDOWS) {
    const ranked = rank(index, q, limit);
    results = toResults(
      index,
      ranked.map((r) => r.id),
      highlight,
    );
    if (results.length >= MAX_RESULTS || ranked.length < limit) break;
  }
  if (!results.length) {
    return empty(
      command,
      query,
      notice('no-results', `Nothing in the archive matches ${echo(text)}. Try fewer or other words.`),
    );
  }
  return { command, query, results, notice: null };
}

/** A word the archive never has, in any of its forms, and the lexicon does not know either. */
function unknownConcept(index: NewsIndex, c: Concept, lexicon: Lexicon): boolean {
  if (c.place) return false;
  for (const a of c.alternatives) if (index.search.documentFrequency(a.term, a.field) > 0) return false;
  return /\d/.test(c.label) ? false : lexicon.related(c.label.toLowerCase()).length === 0;
}

/** `/search Q`: passages matching the words, ranked with BM25 over passages. */
export function search(
  index: NewsIndex,
  { query: words }: { query: string },
  query = formatQuestion({ kind: 'search', query: words }),
): Answer {
  return searchAnswer(index, 'search', query, words);
}
