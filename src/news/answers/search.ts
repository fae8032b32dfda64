import type { Query } from 'minisearch';
import { FIGURE_MONEY, FIGURE_PERCENT, FIGURE_QUANTITY } from '../figures.ts';
import type { NewsIndex } from '../index.ts';
import { formatQuestion } from '../query.ts';
import { normalizeTerm, terms } from '../tokenize.ts';
import type { Answer, CommandName, Result } from '../types.ts';
import { echo, empty, highlighter, MAX_RESULTS, notice, toResults } from './results.ts';
import { NO_WANTS, placesInQuery, type Wants } from './shape.ts';

/**
 * `/search` and the free text that is neither a quote nor a trade question: passages ranked with BM25
 * over the index, raised by what the question wants (figures, a speaker), each passage shown once.
 */

/** Below this many passages, searches use every term and place: the shortcuts below cost more than they save. */
const LARGE_ARCHIVE = 20_000;

/** Terms in more than this share of passages are left out of a search that has rarer terms. */
const COMMON_TERM_SHARE = 0.02;

/**
 * The terms worth searching: all of them, except in a large archive where a term found in more than
 * {@link COMMON_TERM_SHARE} of the passages is dropped when rarer terms remain. Such a term barely moves
 * BM25 scores (its idf is low) but would have every passage containing it scored and sorted. `common`
 * says that every term is that common (`/search year`).
 */
function searchTerms(index: NewsIndex, queryTerms: readonly string[]): { terms: string[]; common: boolean } {
  const unique = [...new Set(queryTerms)];
  const n = index.lib.passages.length;
  if (n < LARGE_ARCHIVE) return { terms: unique, common: false };
  const rare = unique.filter((t) => index.search.documentFrequency(t, 'text') <= n * COMMON_TERM_SHARE);
  return rare.length ? { terms: rare, common: false } : { terms: unique, common: true };
}

/** Hits of a search looked at for an answer's {@link MAX_RESULTS} distinct passages (see searchAnswer). */
const HIT_WINDOW = MAX_RESULTS * 10;

/** Places named in more than this share of passages are not added to a search as a field query. */
const COMMON_PLACE_SHARE = 0.02;

export function searchAnswer(
  index: NewsIndex,
  command: CommandName,
  query: string,
  text: string,
  wants: Wants,
): Answer {
  const { lib, search } = index;
  if (!text.trim()) {
    return empty(
      command,
      query,
      notice('empty-query', 'Type some words to search for, for example: /search oil prices.'),
    );
  }
  const queryTerms = terms(text);
  const places = placesInQuery(text);
  if (!queryTerms.length && !places.length) {
    return empty(
      command,
      query,
      notice('no-results', `${echo(text)} has only common words. Add a name, a place or a topic.`),
    );
  }
  // The places field adds the other names of a place (`Kazakh` for Kazakhstan). A place named in a large
  // share of the archive (the U.S. in the 1987 wire) says little and costs much: its own words suffice.
  const placeQuery = places
    .filter(
      (p) =>
        lib.passages.length < LARGE_ARCHIVE ||
        (index.placeCounts.get(p.key) ?? 0) < lib.passages.length * COMMON_PLACE_SHARE,
    )
    .map((p) => normalizeTerm(p.key) ?? p.key.toLowerCase())
    .join(' ');
  // What the question wants (figures, a speaker) raises a passage's score; a long passage, which reads
  // worse as an answer, lowers it. Applied to the best hits afterwards (see below), not by MiniSearch to
  // each of thousands of hits.
  const boostDocument = (id: number): number => {
    const p = lib.passages[id]!;
    let boost = p.end - p.start > 600 ? 0.8 : 1;
    if (wants.money && p.figures & (FIGURE_MONEY | FIGURE_QUANTITY)) boost *= 1.6;
    if (wants.percent && p.figures & FIGURE_PERCENT) boost *= 1.8;
    if (wants.person && p.speaker >= 0) boost *= 1.5;
    return boost;
  };
  const maxBoost = (wants.money ? 1.6 : 1) * (wants.percent ? 1.8 : 1) * (wants.person ? 1.5 : 1);
  const chosen = searchTerms(index, queryTerms);
  const textQuery = chosen.terms.join(' ');
  // The terms are processed already (place keys too, above), so they are searched as they are.
  const asIs = {
    tokenize: (q: string) => q.split(' ').filter(Boolean),
    processTerm: (t: string) => t,
  };
  // Only very common words (`/search year`): the articles with them in the headline answer best, and
  // looking there first spares scoring a tenth of the archive.
  const searchQuery: Query = placeQuery
    ? { combineWith: 'OR', queries: [textQuery, { queries: [placeQuery], fields: ['places'] }] }
    : textQuery;
  const highlight = highlighter(new Set(queryTerms), new Set(places.map((p) => p.key)));
  // The best hits only, in MiniSearch's order (a common word matches thousands of passages). Repeated
  // passages are shown once, so in the rare case that too few distinct ones are among them, all hits.
  let results: Result[] = [];
  // The window is wider when a boost can raise a hit from further down.
  const window = maxBoost > 1 ? HIT_WINDOW * 10 : HIT_WINDOW;
  for (const limit of [window, Number.POSITIVE_INFINITY]) {
    let hits =
      chosen.common && !placeQuery ? search.topHits(textQuery, { ...asIs, fields: ['title'] }, limit) : [];
    if (hits.length < MAX_RESULTS) hits = search.topHits(searchQuery, asIs, limit);
    const truncated = hits.length === limit;
    // A hit outside the window scored at most the window's lowest score, so after its boost at most that
    // times the largest boost: the boosted order is certain down to there, and what is below is left
    // out (all hits are searched again if too little is left).
    const floor = truncated ? hits[hits.length - 1]!.score * maxBoost : Number.NEGATIVE_INFINITY;
    hits = hits
      .map((h) => ({ id: h.id, score: h.score * boostDocument(h.id) }))
      .sort((x, y) => y.score - x.score) // stable: equal scores keep MiniSearch's order
      .filter((h) => h.score > floor);
    results = toResults(
      index,
      hits.map((h) => h.id),
      highlight,
    );
    if (results.length >= MAX_RESULTS || !truncated) break;
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

/** `/search Q`: passages matching the words, ranked with BM25 over passages. */
export function search(
  index: NewsIndex,
  { query: words }: { query: string },
  query = formatQuestion({ kind: 'search', query: words }),
): Answer {
  return searchAnswer(index, 'search', query, words, NO_WANTS);
}
