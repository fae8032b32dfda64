import { FIGURE_MONEY, FIGURE_PERCENT, FIGURE_QUANTITY } from '../figures.ts';
import type { NewsIndex } from '../index.ts';
import { type Passage, passageText, TRADE_WORDS } from '../library.ts';
import { type Place, parsePlaces, placeByKey } from '../places.ts';
import { formatQuestion } from '../query.ts';
import { terms } from '../tokenize.ts';
import type { Answer } from '../types.ts';
import { echo, empty, highlighter, MAX_RESULTS, notice, toResults } from './results.ts';
import { NO_WANTS, type Wants } from './shape.ts';

/**
 * `/trade A B` and trade questions: passages about trade between two places, in any of their names,
 * passages naming both first and figures before talk; then passages naming one of them inside an
 * article about both.
 */

function figureBonus(p: Passage, wants: Wants): number {
  let s = 0;
  if (p.figures & FIGURE_MONEY) s += wants.percent ? 1 : 3;
  if (p.figures & FIGURE_PERCENT) s += wants.percent ? 4 : 2;
  if (p.figures & FIGURE_QUANTITY) s += 1.5;
  // `how much` wants an amount: enough to outweigh one more matching word of the question (4).
  if (wants.money && p.figures & (FIGURE_MONEY | FIGURE_QUANTITY)) s += 5;
  return s;
}

/** Candidates re-scored with the query's own words (the rest are ranked on precomputed features). */
const RESCORE = 60;

/**
 * The trade answer for resolved places (the first two distinct ones count); `extra` is the rest of a
 * free-text question, whose words re-score the best candidates.
 */
export function tradeAnswer(
  index: NewsIndex,
  query: string,
  places: Place[],
  extra: string,
  wants: Wants,
): Answer {
  const { lib, byPlace } = index;
  const keys = [...new Set(places.map((p) => p.key))].slice(0, 2);
  const [a, b] = keys as [string, string | undefined];
  const extraTerms = new Set(terms(extra));
  const listA = byPlace.get(a) ?? [];
  const titleTrade = new Map<number, boolean>();
  const scored: { id: number; score: number }[] = [];
  // Precomputed features only (no text work): tier, figures, trade words, the lede, length, headline.
  const consider = (id: number, both: boolean): void => {
    const p = lib.passages[id]!;
    if (!p.trade) return;
    let headline = titleTrade.get(p.article);
    if (headline === undefined) {
      headline = TRADE_WORDS.test(lib.articles[p.article]!.title);
      titleTrade.set(p.article, headline);
    }
    const score =
      (both ? 100 : 0) +
      (p.figures ? 20 : 0) +
      figureBonus(p, wants) +
      p.trade -
      Math.min(p.ordinal, 30) * 0.1 - // the lede summarises
      Math.min(10, Math.max(0, p.end - p.start - 300) / 80) + // long passages read worse as an answer
      (headline ? 2 : 0);
    scored.push({ id, score });
  };
  if (b === undefined) {
    for (const id of listA) consider(id, true);
  } else {
    const listB = byPlace.get(b) ?? [];
    const setB = new Set(listB);
    for (const id of listA) if (setB.has(id)) consider(id, true);
    // Passages naming one of the two, inside an article about both: only needed when the passages
    // naming both do not fill an answer (they always rank first).
    if (scored.length < MAX_RESULTS * 2) {
      const setA = new Set(listA);
      for (const id of [...listA, ...listB]) {
        if (setA.has(id) && setB.has(id)) continue;
        const places = lib.articlePlaces[lib.passages[id]!.article]!;
        if (places.has(a) && places.has(b)) consider(id, false);
      }
    }
  }
  scored.sort((x, y) => y.score - x.score || x.id - y.id);
  if (extraTerms.size && scored.length) {
    const top = scored.slice(0, RESCORE);
    for (const s of top) {
      for (const t of new Set(terms(passageText(lib, lib.passages[s.id]!))))
        if (extraTerms.has(t)) s.score += 4;
    }
    top.sort((x, y) => y.score - x.score || x.id - y.id);
    scored.splice(0, top.length, ...top);
  }
  const names = keys.map((k) => placeByKey(k)?.name ?? k);
  if (!scored.length) {
    const pair = names.join(' and ');
    return empty(
      'trade',
      query,
      notice(
        'no-coverage',
        b === undefined
          ? `No passages about the trade of ${pair} in the archive. Try /search ${names[0]}.`
          : `No passages about trade between ${pair} in the archive. Try /search ${names.join(' ')} for anything about them.`,
      ),
    );
  }
  const wanted = new Set([
    ...terms('trade turnover exports imports export import surplus deficit'),
    ...extraTerms,
  ]);
  const results = toResults(
    index,
    scored.map((s) => s.id),
    highlighter(wanted, new Set(keys)),
  );
  return { command: 'trade', query, results, notice: null };
}

/**
 * `/trade A B`: trade between two places, in any of their names; order does not matter. `places` is
 * the option as typed (double quotes keep a multi-word name whole); `query` the line for the answer.
 */
export function trade(
  index: NewsIndex,
  { places: args }: { places: string },
  query = formatQuestion({ kind: 'trade', places: args }),
): Answer {
  if (!args.trim()) {
    return empty(
      'trade',
      query,
      notice('need-two-places', 'Name two places to compare, for example: /trade kazakhstan china.'),
    );
  }
  const { places, unknown } = parsePlaces(args);
  if (unknown.length) {
    return empty(
      'trade',
      query,
      notice(
        'unknown-place',
        `I don't know the place ${unknown.map(echo).join(', ')}. Use a country's name, a short form or its capital, for example: /trade kazakhstan china.`,
      ),
    );
  }
  if (!places.length) {
    return empty(
      'trade',
      query,
      notice('need-two-places', 'Name two places, for example: /trade kazakhstan china.'),
    );
  }
  return tradeAnswer(index, query, places, '', NO_WANTS);
}
