import type { NewsIndex } from '../index.ts';
import { passageText } from '../library.ts';
import { normalizeTerm, tokenSpans } from '../tokenize.ts';

/**
 * Ranking passages for free text and `/search`, in their article's context, exactly.
 *
 * A question is a list of concepts (each word of the question, each place it names), each with its
 * alternatives: the word itself, and with less weight its related words and, for a place, the place
 * field of the passages that name it in any form. A passage's score is
 * - its own match: for each concept, the best BM25 of its alternatives in the passage (a headline and
 *   a very long passage count less, and so does a word its article names throughout:
 *   {@link RANKING.subject});
 * - plus its article's match, the same BM25 over the article as one document (body and headline),
 *   weighted {@link RANKING.context}: inside the article about the subject, the sentence that names
 *   only part of the question still ranks high;
 * - times the coverage of the question: the share of its concepts the passage matches (a concept
 *   matched only elsewhere in its article counts part), and halved for each place the question names
 *   that the article never names ({@link RANKING.placeMissed});
 * - plus evidence read from the text of the best candidates: the question's shape (an amount, a date,
 *   a person, a reason) as a share of the passage's score so far, so that it never lifts a passage
 *   that misses the question's words, and proximity (words of the question next to
 *   each other in the passage, as in the question).
 *
 * Every posting of every alternative is scored (term at a time, into typed arrays): no word and no hit
 * is left out. The text evidence is bounded ({@link bonusBound}), so it is read only for the candidates
 * whose score plus that bound can still reach the window: the top of the list is exactly what scoring
 * every passage with its evidence would give (a test checks it against that plain computation).
 */

/** The weights of the ranking, in one place. */
export const RANKING = {
  /** BM25 of a passage: term-frequency saturation and length normalisation. */
  k1: 1.2,
  b: 0.75,
  /** BM25 of an article (one document: body and headline). */
  articleK1: 1.2,
  articleB: 0.75,
  /** A headline word counts as this many occurrences in its article. */
  titleTf: 2,
  /**
   * How much less a word counts in a passage when its article names it throughout: the share of the
   * article's passages that match it, times this, is taken off (the subject of the article says
   * nothing about which of its sentences answers).
   */
  subject: 0.8,
  /** Weight of the article's match in each of its passages' score. */
  context: 0.35,
  /** A concept the passage misses but its article matches counts this much towards coverage. */
  contextCover: 0.5,
  /** Coverage factor: `floor + (1 - floor) × coverage`, coverage in [0, 1]. */
  coverFloor: 0.25,
  /** A headline's own match counts this much: a headline is a weak answer. */
  headline: 0.5,
  /** A passage longer than `longChars` characters reads worse as an answer. */
  long: 0.85,
  longChars: 600,
  /** Weights of an exact word's alternatives. */
  alternative: { speaker: 0.8, synonym: 0.5, derived: 0.7, similar: 0.35 },
  /**
   * A passage of the question's shape (an amount for `how much`) scores this much more, as a share of
   * its match: among passages that match the question's words it lifts those that answer it, and a
   * passage that matches few of them gains little.
   */
  shape: 1.5,
  /**
   * The same for `why`: a question about a reason takes the event as known and wants its cause, so
   * among the passages about the event, one that gives a cause ranks first.
   */
  reason: 4,
  /** A place the question names that neither the passage nor its article names: the score times this. */
  placeMissed: 0.5,
  /** Two adjacent words of the question within `near` tokens, in order: this times the lower idf. */
  proximity: 0.6,
  near: 3,
  /**
   * Passages ranked exactly at first: the answer shows the best ten distinct ones, and ranks a wider
   * window again in the rare case that the archive repeats itself too much for that.
   */
  window: 30,
} as const;

/** Where an alternative is looked up. */
export type Field = 'text' | 'places' | 'speaker';

/** One way a concept can be matched. */
export interface Alternative {
  /** An index term (processed as the index processes its text). */
  term: string;
  field: Field;
  /** 1 for the word itself; less for related words. */
  weight: number;
}

/** One thing the question is about: a word or a place, with its alternatives. */
export interface Concept {
  /** As the user typed it (for logs and tests). */
  label: string;
  /** For a place: its key. */
  place?: string;
  alternatives: Alternative[];
}

/** What the question wants, checked on a candidate passage's text (see `related.ts`). */
export interface ShapeTest {
  /** Whether passage `passage`, whose text is `text`, has the shape. */
  test: (text: string, passage: number) => boolean;
  /** How much more it then scores, as a share of its score (see {@link RANKING.shape}). */
  weight: number;
}

/** A question, ready to rank. */
export interface RankQuery {
  concepts: Concept[];
  /** Pairs of concept numbers adjacent in the question, in order (for proximity). */
  pairs: readonly (readonly [number, number])[];
  shape: ShapeTest | null;
}

/** A ranked passage. */
export interface Ranked {
  id: number;
  score: number;
}

// ---------------------------------------------------------------------------------------------------
// Per-index tables, made on first use

interface Tables {
  /** Short id → passage id, -1 when discarded. */
  live: Int32Array;
  /** Short id → article. */
  article: Int32Array;
  /** Short id → length of each field. */
  lengths: Record<Field | 'title', Float64Array>;
  /** Short id → BM25's length normalisation of each field, `k1 × (1 − b + b × length / average)`. */
  norm: Record<Field, Float64Array>;
  /** Short id → 1 for a headline passage. */
  headline: Uint8Array;
  /** Short id → 1 for a passage longer than {@link RANKING.longChars}. */
  long: Uint8Array;
  /** Per article (one document: body and headline): BM25's length normalisation. */
  articleNorm: Float64Array;
  passages: number;
  articles: number;
  postings: Map<string, { shorts: Int32Array; tfs: Int32Array }>;
  articlePostings: Map<string, { articles: Int32Array; tfs: Float64Array }>;
  /** Per article: {@link RANKING.subject} over its live passages. */
  subjectShare: Float64Array;
  scratch: Scratch;
}

interface Scratch {
  own: Float64Array;
  cover: Uint16Array;
  /**
   * Which concepts a passage's text matches (what proximity can use), one bit each (the 32nd stands for
   * all from the 32nd on).
   */
  mask: Uint32Array;
  /** Whether the passage's text matched the concept being scored. */
  inText: Uint8Array;
  concept: Float64Array;
  ctx: Float64Array;
  articleCover: Uint16Array;
  /** Which concepts an article matches, as {@link Scratch.mask}. */
  articleMask: Uint32Array;
  articleTf: Float64Array;
  articleConcept: Float64Array;
  articleHits: Float64Array;
}

const tables = new WeakMap<NewsIndex, Tables>();

/** Postings kept per index (the terms of recent questions). */
const POSTINGS_CACHE = 2000;

function tablesOf(index: NewsIndex): Tables {
  let t = tables.get(index);
  if (t) return t;
  const { lib, search } = index;
  const live = search.liveIds();
  const n = live.length;
  const article = new Int32Array(n).fill(-1);
  const headline = new Uint8Array(n);
  const long = new Uint8Array(n);
  const lengths = {
    text: search.fieldLengths('text'),
    title: search.fieldLengths('title'),
    places: search.fieldLengths('places'),
    speaker: search.fieldLengths('speaker'),
  };
  const articleLength = new Float64Array(lib.articles.length);
  const articlePassages = new Float64Array(lib.articles.length);
  const liveArticle = new Uint8Array(lib.articles.length);
  let passages = 0;
  for (let s = 0; s < n; s++) {
    const id = live[s]!;
    if (id < 0) continue;
    const p = lib.passages[id]!;
    passages++;
    article[s] = p.article;
    liveArticle[p.article] = 1;
    articlePassages[p.article]!++;
    articleLength[p.article]! += lengths.text[s]! + RANKING.titleTf * lengths.title[s]!;
    if (p.end - p.start > RANKING.longChars) long[s] = 1;
    if (p.ordinal === 0) {
      const a = lib.articles[p.article]!;
      if (p.end <= a.bodyStart || passageText(lib, p).replace(/[.!?]$/, '') === a.title.replace(/[.!?]$/, ''))
        headline[s] = 1;
    }
  }
  let articles = 0;
  let total = 0;
  for (let a = 0; a < liveArticle.length; a++) {
    if (!liveArticle[a]) continue;
    articles++;
    total += articleLength[a]!;
  }
  const na = lib.articles.length;
  t = {
    live,
    article,
    lengths,
    norm: {
      text: norms(lengths.text, search.averageFieldLength('text'), RANKING.k1, RANKING.b),
      places: norms(lengths.places, search.averageFieldLength('places'), RANKING.k1, RANKING.b),
      speaker: norms(lengths.speaker, search.averageFieldLength('speaker'), RANKING.k1, RANKING.b),
    },
    headline,
    long,
    articleNorm: norms(articleLength, articles ? total / articles : 1, RANKING.articleK1, RANKING.articleB),
    passages,
    articles,
    postings: new Map(),
    articlePostings: new Map(),
    subjectShare: articlePassages.map((n) => (n ? RANKING.subject / n : 0)),
    scratch: {
      own: new Float64Array(n),
      cover: new Uint16Array(n),
      mask: new Uint32Array(n),
      inText: new Uint8Array(n),
      concept: new Float64Array(n),
      ctx: new Float64Array(na),
      articleCover: new Uint16Array(na),
      articleMask: new Uint32Array(na),
      articleTf: new Float64Array(na),
      articleConcept: new Float64Array(na),
      articleHits: new Float64Array(na),
    },
  };
  tables.set(index, t);
  return t;
}

function postings(index: NewsIndex, t: Tables, term: string, field: Field | 'title') {
  const key = `${field}\u0000${term}`;
  let p = t.postings.get(key);
  if (!p) {
    p = index.search.postingsOf(term, field, t.live);
    if (t.postings.size >= POSTINGS_CACHE) t.postings.delete(t.postings.keys().next().value!);
    t.postings.set(key, p);
  }
  return p;
}

/**
 * A term's articles, each with its frequency in the article as one document (its passages' and, for the
 * text, its headline's, counted {@link RANKING.titleTf} times): made once per term and kept beside its
 * postings.
 */
function articlePostings(index: NewsIndex, t: Tables, term: string, field: Field) {
  const key = `${field}\u0000${term}`;
  let ap = t.articlePostings.get(key);
  if (ap) return ap;
  const { articleTf } = t.scratch;
  const articles: number[] = [];
  const add = (p: { shorts: Int32Array; tfs: Int32Array }, times: number): void => {
    for (let i = 0; i < p.shorts.length; i++) {
      const a = t.article[p.shorts[i]!]!;
      if (articleTf[a] === 0) articles.push(a);
      articleTf[a]! += times * p.tfs[i]!;
    }
  };
  add(postings(index, t, term, field), 1);
  // The headline belongs to the article, not to the passage it is indexed on.
  if (field === 'text') add(postings(index, t, term, 'title'), RANKING.titleTf);
  const tfs = new Float64Array(articles.length);
  articles.forEach((a, i) => {
    tfs[i] = articleTf[a]!;
    articleTf[a] = 0;
  });
  ap = { articles: Int32Array.from(articles), tfs };
  if (t.articlePostings.size >= POSTINGS_CACHE)
    t.articlePostings.delete(t.articlePostings.keys().next().value!);
  t.articlePostings.set(key, ap);
  return ap;
}

/** BM25's inverse document frequency (always positive). */
export function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** BM25's length normalisation of each document: `k1 × (1 − b + b × length / average)`. */
function norms(lengths: Float64Array, avg: number, k1: number, b: number): Float64Array {
  const out = new Float64Array(lengths.length);
  for (let i = 0; i < lengths.length; i++) out[i] = k1 * (1 - b + (b * lengths[i]!) / (avg || 1));
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Scoring every hit

/** The matches of a question: per touched passage (short id), what the base score is made of. */
interface Matches {
  t: Tables;
  touched: Int32Array;
  /** The articles whose sums are in the scratch arrays until {@link release}. */
  articles: number[];
  /** Each concept's highest idf over its alternatives (what proximity adds is scaled by it). */
  conceptIdf: number[];
  /** The bits of the concepts that are places (see {@link RANKING.placeMissed}). */
  places: number;
}

function match(index: NewsIndex, q: RankQuery): Matches {
  const t = tablesOf(index);
  const { own, cover, mask, inText, concept, ctx, articleCover, articleConcept, articleHits } = t.scratch;
  const { k1, articleK1 } = RANKING;
  let bit = 1;
  const touched: number[] = [];
  const touchedArticles: number[] = [];
  const conceptIdf: number[] = [];
  for (const c of q.concepts) {
    const hit: number[] = [];
    const hitArticles: number[] = [];
    let best = 0;
    for (const alt of c.alternatives) {
      const p = postings(index, t, alt.term, alt.field);
      const norm = t.norm[alt.field];
      // BM25: idf × tf × (k1 + 1) / (tf + norm), the constant factors taken out of the loop.
      const weight = alt.weight * idf(p.shorts.length, t.passages);
      if (p.shorts.length) best = Math.max(best, weight);
      const w = weight * (k1 + 1);
      const text = alt.field === 'text' ? 1 : 0;
      for (let i = 0; i < p.shorts.length; i++) {
        const s = p.shorts[i]!;
        const tf = p.tfs[i]!;
        const v = (w * tf) / (tf + norm[s]!);
        if (concept[s] === 0) hit.push(s);
        inText[s]! |= text;
        if (v > concept[s]!) concept[s] = v;
      }
      const ap = articlePostings(index, t, alt.term, alt.field);
      const wa = alt.weight * idf(ap.articles.length, t.articles) * (articleK1 + 1);
      for (let i = 0; i < ap.articles.length; i++) {
        const a = ap.articles[i]!;
        const tf = ap.tfs[i]!;
        const v = (wa * tf) / (tf + t.articleNorm[a]!);
        if (articleConcept[a] === 0) hitArticles.push(a);
        if (v > articleConcept[a]!) articleConcept[a] = v;
      }
    }
    conceptIdf.push(best);
    for (const s of hit) articleHits[t.article[s]!]!++;
    for (const s of hit) {
      if (cover[s] === 0) touched.push(s);
      const a = t.article[s]!;
      own[s]! += concept[s]! * (1 - articleHits[a]! * t.subjectShare[a]!);
      cover[s]!++;
      if (inText[s]) mask[s]! |= bit;
      inText[s] = 0;
      concept[s] = 0;
    }
    for (const a of hitArticles) {
      articleHits[a] = 0;
      if (articleCover[a] === 0) touchedArticles.push(a);
      ctx[a]! += articleConcept[a]!;
      articleCover[a]!++;
      t.scratch.articleMask[a]! |= bit;
      articleConcept[a] = 0;
    }
    if (bit !== 0x80000000) bit = (bit << 1) >>> 0;
  }
  let places = 0;
  q.concepts.forEach((c, i) => {
    if (c.place) places |= bitOf(i);
  });
  return {
    t,
    touched: Int32Array.from(touched),
    articles: touchedArticles,
    conceptIdf,
    places: places >>> 0,
  };
}

/** Clears the scratch arrays a {@link match} filled. */
function release(m: Matches): void {
  const { own, cover, mask, ctx, articleCover } = m.t.scratch;
  for (const s of m.touched) {
    own[s] = 0;
    cover[s] = 0;
    mask[s] = 0;
  }
  for (const a of m.articles) {
    ctx[a] = 0;
    articleCover[a] = 0;
    m.t.scratch.articleMask[a] = 0;
  }
}

/** A touched passage's score before the text evidence. */
function baseScore(m: Matches, s: number, concepts: number): number {
  const { t } = m;
  const { own, cover, ctx, articleCover } = t.scratch;
  const a = t.article[s]!;
  let ownScore = own[s]!;
  if (t.headline[s]) ownScore *= RANKING.headline;
  if (t.long[s]) ownScore *= RANKING.long;
  let missedPlaces = 1;
  if (m.places) {
    const missed = m.places & ~t.scratch.articleMask[a]!;
    for (let bits = missed >>> 0; bits; bits &= bits - 1) missedPlaces *= RANKING.placeMissed;
  }
  const elsewhere = Math.max(0, articleCover[a]! - cover[s]!);
  const coverage = Math.min(1, (cover[s]! + RANKING.contextCover * elsewhere) / concepts);
  return (
    missedPlaces *
    (ownScore + RANKING.context * ctx[a]!) *
    (RANKING.coverFloor + (1 - RANKING.coverFloor) * coverage)
  );
}

// ---------------------------------------------------------------------------------------------------
// Evidence from the text of the best candidates

/** A concept's bit in {@link Scratch.mask}. */
const bitOf = (c: number): number => (c < 31 ? 1 << c : 0x80000000) >>> 0;

/** What reading a question's evidence needs, prepared once per question. */
interface Evidence {
  q: RankQuery;
  /** The terms of each concept's text alternatives, for finding them in a passage. */
  byTerm: Map<string, number[]>;
  /** Per adjacent pair of the question: the bits of its two concepts, and what proximity adds. */
  pairBits: Uint32Array;
  pairWeight: Float64Array;
}

function evidence(q: RankQuery, m: Matches): Evidence {
  const byTerm = new Map<string, number[]>();
  q.concepts.forEach((c, i) => {
    for (const alt of c.alternatives) {
      if (alt.field !== 'text') continue;
      const list = byTerm.get(alt.term);
      if (!list) byTerm.set(alt.term, [i]);
      else if (!list.includes(i)) list.push(i);
    }
  });
  const pairBits = new Uint32Array(q.pairs.length);
  const pairWeight = new Float64Array(q.pairs.length);
  q.pairs.forEach(([i, j], k) => {
    pairBits[k] = (bitOf(i) | bitOf(j)) >>> 0;
    pairWeight[k] = RANKING.proximity * Math.min(m.conceptIdf[i]!, m.conceptIdf[j]!);
  });
  return { q, byTerm, pairBits, pairWeight };
}

/**
 * The most the text evidence can add to passage `s`'s score: the shape's share of its score, and
 * proximity for the pairs of which its text matches both words.
 */
function bonusBound(e: Evidence, m: Matches, s: number, base: number): number {
  let bound = e.q.shape ? e.q.shape.weight * base : 0;
  const has = m.t.scratch.mask[s]!;
  for (let k = 0; k < e.pairBits.length; k++) {
    const bits = e.pairBits[k]!;
    if ((has & bits) >>> 0 === bits) bound += e.pairWeight[k]!;
  }
  return bound;
}

/** The text evidence of one passage. */
function bonus(index: NewsIndex, e: Evidence, m: Matches, s: number, base: number): number {
  const { q } = e;
  const id = m.t.live[s]!;
  const p = index.lib.passages[id]!;
  let out = 0;
  if (q.shape?.test(passageText(index.lib, p), id)) out += q.shape.weight * base;
  if (q.pairs.length) {
    // Token positions of each concept in the passage, scanned where it stands in its article.
    const at: number[][] = q.concepts.map(() => []);
    const text = index.lib.articles[p.article]!.text;
    const spans = tokenSpans(text, p.start, p.end);
    for (let k = 0; k < spans.count; k++) {
      const term = normalizeTerm(text.slice(spans.at[3 * k]!, spans.at[3 * k + 1]!));
      if (term) for (const c of e.byTerm.get(term) ?? []) at[c]!.push(k);
    }
    q.pairs.forEach(([i, j], k) => {
      const near = at[i]!.some((x) => at[j]!.some((y) => y > x && y - x <= RANKING.near));
      if (near) out += e.pairWeight[k]!;
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Top of the list

/** The `k`th largest value of `values` (1-based); -Infinity when there are fewer (quickselect). */
export function nthLargest(values: Float64Array, k: number): number {
  if (k < 1 || values.length < k) return Number.NEGATIVE_INFINITY;
  const a = Float64Array.from(values);
  const want = k - 1;
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const x = a[i]!;
        a[i] = a[j]!;
        a[j] = x;
        i++;
        j--;
      }
    }
    if (want <= j) hi = j;
    else if (want >= i) lo = i;
    else return a[want]!;
  }
  return a[want]!;
}

/** Orders by score, best first; equal scores by passage id. */
const byScore = (x: Ranked, y: Ranked): number => y.score - x.score || x.id - y.id;

/**
 * The `limit` best passages for a question (at least {@link RANKING.window}), best first, exactly as
 * {@link rankAll} orders them.
 */
export function rank(index: NewsIndex, q: RankQuery, limit: number = RANKING.window): Ranked[] {
  if (!q.concepts.length) return [];
  const m = match(index, q);
  try {
    const n = q.concepts.length;
    const base = m.touched.length ? new Float64Array(m.touched.length) : new Float64Array(0);
    for (let i = 0; i < m.touched.length; i++) base[i] = baseScore(m, m.touched[i]!, n);
    const e = evidence(q, m);
    // A final score is at least its base, so the limit-th best base is a floor for the list's last
    // place; a passage whose base plus the most its evidence can add stays below it can never enter.
    // The others are read best bound first, until the bound of the next one cannot reach the list.
    const floor = nthLargest(base, limit);
    const candidates: number[] = [];
    const upper = new Float64Array(base.length);
    for (let i = 0; i < base.length; i++) {
      upper[i] = base[i]! + bonusBound(e, m, m.touched[i]!, base[i]!);
      if (upper[i]! >= floor) candidates.push(i);
    }
    const order = candidates.sort(
      (x, y) => upper[y]! - upper[x]! || m.t.live[m.touched[x]!]! - m.t.live[m.touched[y]!]!,
    );
    const top: Ranked[] = [];
    for (const i of order) {
      const s = m.touched[i]!;
      if (top.length >= limit && upper[i]! < top[limit - 1]!.score) break;
      const score = upper[i]! > base[i]! ? base[i]! + bonus(index, e, m, s, base[i]!) : base[i]!;
      const r = { id: m.t.live[s]!, score };
      if (top.length >= limit && byScore(r, top[limit - 1]!) > 0) continue;
      // Insert in order (the list is short).
      let at = top.length;
      while (at > 0 && byScore(r, top[at - 1]!) < 0) at--;
      top.splice(at, 0, r);
      if (top.length > limit) top.pop();
    }
    return top;
  } finally {
    release(m);
  }
}

/**
 * Every matching passage with its full score (base and text evidence), best first: the plain
 * computation that {@link rank} must agree with at its top.
 */
export function rankAll(index: NewsIndex, q: RankQuery): Ranked[] {
  if (!q.concepts.length) return [];
  const m = match(index, q);
  try {
    const n = q.concepts.length;
    const e = evidence(q, m);
    const out: Ranked[] = [];
    for (const s of m.touched) {
      const base = baseScore(m, s, n);
      out.push({ id: m.t.live[s]!, score: base + bonus(index, e, m, s, base) });
    }
    return out.sort(byScore);
  } finally {
    release(m);
  }
}
