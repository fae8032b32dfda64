import type { Query } from 'minisearch';
import { FIGURE_MONEY, FIGURE_PERCENT, FIGURE_QUANTITY } from './figures.ts';
import type { NewsIndex } from './index.ts';
import { type Passage, passageText, TRADE_WORDS } from './library.ts';
import { findPlaces, type Place, parsePlaces, placeByKey, resolvePlace } from './places.ts';
import { MAX_QUERY_CHARS, parseQuery } from './query.ts';
import { nameWords, speakerMatches } from './quotes.ts';
import { normalizeTerm, scanTokens, termSpans, terms } from './tokenize.ts';
import type { Answer, CommandName, HelpEntry, Notice, Result, Span } from './types.ts';

/**
 * The answers: one function per command, each taking the index and the user's text and returning an
 * {@link Answer} (plain data with citations). Every result is a passage of an article, found through
 * the index; nothing is made up. When there is nothing to show, the notice says why and what to try.
 */

/** Results an answer carries at most (a shell pages through them). */
export const MAX_RESULTS = 10;

/** The help entries, also used by the Discord shell for command descriptions. */
export const HELP: readonly HelpEntry[] = [
  {
    command: 'trade',
    usage: '/trade <place> <place>',
    description: 'Trade between two places: figures first, each with its article.',
    example: '/trade kazakhstan china',
  },
  {
    command: 'quote',
    usage: '/quote <person>',
    description: 'What a person said: direct quotes first, then reported speech.',
    example: '/quote tokayev',
  },
  {
    command: 'search',
    usage: '/search <words>',
    description: 'Passages that match your words, best first.',
    example: '/search oil prices',
  },
  {
    command: 'help',
    usage: '/help',
    description: 'This help.',
    example: '/help',
  },
];

function notice(code: Notice['code'], message: string): Notice {
  return { code, message };
}

function empty(command: CommandName, query: string, n: Notice): Answer {
  return { command, query, results: [], notice: n };
}

/** Quotes a user's words back safely inside a notice (short, no newlines). */
function echo(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return `"${t.length > 60 ? `${t.slice(0, 59)}…` : t}"`;
}

/** Builds results from passage ids, best first: one per distinct text (duplicate articles show once). */
function toResults(
  index: NewsIndex,
  ids: Iterable<number>,
  highlight: (p: Passage, text: string) => Span[],
): Result[] {
  const { lib } = index;
  const seen = new Set<string>();
  const out: Result[] = [];
  for (const id of ids) {
    const p = lib.passages[id];
    if (!p) continue;
    const text = passageText(lib, p);
    // Duplicate articles, and wire rewrites that differ only at the end ("..., he said today."), show once.
    const key = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .slice(0, 100);
    if (seen.has(key)) continue;
    seen.add(key);
    const a = lib.articles[p.article]!;
    out.push({
      text,
      file: a.file,
      title: a.title,
      date: a.date,
      source: a.source,
      speaker: p.speaker >= 0 ? lib.speakers[p.speaker]! : null,
      highlights: highlight(p, text),
    });
    if (out.length >= MAX_RESULTS) break;
  }
  return out;
}

function mergeSpans(spans: Span[]): Span[] {
  const sorted = spans.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

function highlighter(wanted: ReadonlySet<string>, placeKeys: ReadonlySet<string> = new Set()) {
  return (_p: Passage, text: string): Span[] => {
    const spans = termSpans(text, wanted);
    if (placeKeys.size) for (const m of findPlaces(text)) if (placeKeys.has(m.key)) spans.push(m.span);
    return mergeSpans(spans);
  };
}

/** Places named in free text, any case: every n-gram (up to 4 words) that resolves to a place. */
function placesInQuery(text: string): Place[] {
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

// ---------------------------------------------------------------------------------------------------
// /trade

/** Answer-type preferences read off a question (`how much` wants an amount, `what share` a percentage). */
interface Wants {
  money: boolean;
  percent: boolean;
  person: boolean;
}

function wantsOf(text: string): Wants {
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

function tradeAnswer(index: NewsIndex, query: string, places: Place[], extra: string, wants: Wants): Answer {
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

/** `/trade A B`: trade between two places, in any of their names; order does not matter. */
export function trade(index: NewsIndex, args: string, query = `/trade ${args}`): Answer {
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
  return tradeAnswer(index, query, places, '', { money: false, percent: false, person: false });
}

// ---------------------------------------------------------------------------------------------------
// /quote

/** Speakers whose name the query matches: candidates by name word, then checked one by one. */
function matchSpeakers(index: NewsIndex, person: string): number[] {
  const candidates = new Set<number>();
  for (const w of nameWords(person)) for (const s of index.speakersByWord.get(w) ?? []) candidates.add(s);
  return [...candidates].filter((s) => speakerMatches(person, index.lib.speakers[s]!)).sort((a, b) => a - b);
}

/** Answers `/quote`; `found` is the speakers already matched by a caller that had to check. */
function quoteAnswer(
  index: NewsIndex,
  query: string,
  person: string,
  topic: string,
  found?: number[],
): Answer {
  const { lib } = index;
  const who = person.replace(/["“”]/g, '').trim();
  if (!who) {
    return empty('quote', query, notice('empty-query', 'Name a person, for example: /quote tokayev.'));
  }
  const speakers = found ?? matchSpeakers(index, who);
  if (!speakers.length) {
    const named = index.search.search(who, { combineWith: 'AND', fields: ['text'] }).length;
    return empty(
      'quote',
      query,
      named
        ? notice(
            'no-quotes',
            `${echo(who)} is named in the archive but never quoted. Try /search ${who} to see where.`,
          )
        : notice(
            'unknown-person',
            `No one called ${echo(who)} is quoted in the archive. Check the spelling, or try a surname alone.`,
          ),
    );
  }
  // Rank: direct quotes before reported speech; then the articles where the person speaks most
  // (where they are the story, not a passing voice); then text order.
  const perArticle = new Map<number, number>();
  const ids: number[] = [];
  for (const s of speakers) {
    for (const id of index.bySpeaker[s]!) {
      ids.push(id);
      const a = lib.passages[id]!.article;
      perArticle.set(a, (perArticle.get(a) ?? 0) + 1);
    }
  }
  const topicTerms = new Set(terms(topic));
  const topicScore = (id: number): number => {
    if (!topicTerms.size) return 0;
    let s = 0;
    for (const t of terms(passageText(lib, lib.passages[id]!))) if (topicTerms.has(t)) s++;
    return s;
  };
  const scored = ids.map((id) => {
    const p = lib.passages[id]!;
    return { id, p, topic: topicScore(id), weight: perArticle.get(p.article)! };
  });
  scored.sort(
    (x, y) =>
      y.topic - x.topic ||
      (x.p.quote === 'direct' ? 0 : 1) - (y.p.quote === 'direct' ? 0 : 1) ||
      y.weight - x.weight ||
      x.p.article - y.p.article ||
      x.p.start - y.p.start,
  );
  const wanted = new Set([...terms(who), ...topicTerms]);
  const results = toResults(
    index,
    scored.map((s) => s.id),
    highlighter(wanted),
  );
  return { command: 'quote', query, results, notice: null };
}

/** `/quote P`: what P said, direct quotes first, then reported speech. */
export function quote(index: NewsIndex, args: string, query = `/quote ${args}`): Answer {
  const m = /^(.*?)\s+(?:on|about|regarding)\s+(.+)$/i.exec(args);
  const found = m ? matchSpeakers(index, m[1]!) : [];
  if (m && found.length) return quoteAnswer(index, query, m[1]!, m[2]!, found);
  return quoteAnswer(index, query, args, '');
}

// ---------------------------------------------------------------------------------------------------
// /search and free text

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

function searchAnswer(
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
export function search(index: NewsIndex, args: string, query = `/search ${args}`): Answer {
  return searchAnswer(index, 'search', query, args, { money: false, percent: false, person: false });
}

const QUOTE_QUESTION =
  /\b(?:what|how)\s+(?:did|does|has|have|do|is|was)\s+(.+?)\s+(?:say|said|saying|think|tell|told|claim|argue|comment)\b(?:\s+(?:about|on|regarding)\s+(.+))?/i;
const QUOTES_OF = /\b(?:quotes?|words|statements?|remarks?)\s+(?:from|by|of)\s+(.+)$/i;
const TRADE_QUESTION =
  /\b(?:trade|turnover|countertrade|exports?|exported|exporting|imports?|imported|importing)\b/i;

/** A free-text question (a mention): routed to quotes or trade when it asks for them, else searched. */
export function ask(index: NewsIndex, text: string, query = text): Answer {
  const t = text.replace(/[?!.]+$/, '').trim();
  if (!t)
    return empty(
      'ask',
      query,
      notice('empty-query', 'Ask me a question, or type /help to see what I can do.'),
    );
  const q = QUOTE_QUESTION.exec(t) ?? QUOTES_OF.exec(t);
  if (q) {
    const person = q[1]!.replace(/^(?:the|a|an)\s+/i, '');
    const found = matchSpeakers(index, person);
    if (found.length) {
      const answer = quoteAnswer(index, query, person, q[2] ?? '', found);
      return { ...answer, command: 'quote' };
    }
  }
  const wants = wantsOf(t);
  if (TRADE_QUESTION.test(t) && !wants.percent) {
    const places = placesInQuery(t);
    if (places.length >= 2) {
      const answer = tradeAnswer(index, query, places, t, wants);
      if (answer.results.length) return answer;
    }
  }
  return searchAnswer(index, 'ask', query, t, wants);
}

/** `/help`: what the bot can do. */
export function help(query = '/help'): Answer {
  return { command: 'help', query, results: [], notice: null, help: [...HELP] };
}

/** Answers one line exactly as a user types it: a slash command or the text of a mention. */
export function answer(index: NewsIndex, line: string): Answer {
  const query = line.trim();
  if (query.length > MAX_QUERY_CHARS) {
    return empty(
      'ask',
      query.slice(0, MAX_QUERY_CHARS),
      notice(
        'query-too-long',
        `That is ${query.length} characters; please keep questions under ${MAX_QUERY_CHARS}.`,
      ),
    );
  }
  const parsed = parseQuery(query);
  switch (parsed.command) {
    case 'trade':
      return trade(index, parsed.args, query);
    case 'quote':
      return quote(index, parsed.args, query);
    case 'search':
      return search(index, parsed.args, query);
    case 'help':
      return help(query);
    case 'ask':
      return parsed.args ? ask(index, parsed.args, query) : help(query);
    default:
      return empty(
        'ask',
        query,
        notice(
          'unknown-command',
          `There is no /${parsed.name ?? ''} command. Try /trade, /quote, /search or /help.`,
        ),
      );
  }
}
