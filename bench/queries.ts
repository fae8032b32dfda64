/**
 * The benchmark's queries: a few hundred realistic ones per command kind, drawn from the corpus itself
 * through the project's index, with a seeded PRNG so that the same corpus gives the same queries. Each
 * query carries the line a user types (for the project) and the words the baseline searches for the
 * same information need (the slash command stripped; `trade` added for /trade).
 *
 * - /trade: two places named together in a passage about trade (so popular pairs come up more often,
 *   as they do in use), typed as names, lower case or aliases, in either order; one in ten is a pair
 *   that no article names together (an honest "no coverage" answer).
 * - /quote: speakers of quotes (mostly drawn through their quotes, so the often-quoted come up more
 *   often; some uniformly), by surname or full name, sometimes with a topic (`P on T`); one in ten is
 *   a made-up name nobody in the archive matches.
 * - /search: one to three consecutive content words of a random passage.
 * - free text: `how much did X export to Y?`, `what share of X's imports come from Y?`, `what is the
 *   trade between X and Y?`, `what did P say about T?`, `who said <words of a quote>?`, and plain keyword
 *   questions (`any news about <words>?`).
 */
import type { NewsIndex } from '../src/news/index.ts';
import { passageText } from '../src/news/library.ts';
import { allPlaces, placeByKey, resolvePlace } from '../src/news/places.ts';
import { speakerMatches } from '../src/news/quotes/index.ts';
import { STOP_WORDS, scanTokens } from '../src/news/tokenize.ts';
import { type BenchQuery, KINDS, type Kind, type QueryFile } from './protocol.ts';

/** The PRNG seed: fixed, so that runs over the same corpus time the same queries. */
export const DEFAULT_SEED = 20231127;

/** Untimed warm-up queries per kind (4 kinds × 5 = 20). */
export const WARMUP_PER_KIND = 5;

/** A small seeded PRNG (mulberry32). */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

const WORD = /^\p{L}[\p{L}-]*$/u;

/** Words a user might search for: letters (no apostrophes: `don't`), three or more, not stop words. */
function contentWords(text: string): string[] {
  return scanTokens(text)
    .map((t) => t.raw.replace(/['’]s$/, ''))
    .filter((w) => w.length >= 3 && WORD.test(w) && !STOP_WORDS.has(w.toLowerCase()));
}

/** Made-up names, checked against the archive's speakers before use. */
const UNKNOWN_FIRST = ['Quentin', 'Marisol', 'Obadiah', 'Ysolde', 'Tancredi', 'Fenwick', 'Lavinia', 'Oswin'];
const UNKNOWN_LAST = [
  'Zarvosky',
  'Quillfeather',
  'Brannoch',
  'Osterhaut',
  'Vellacourt',
  'Drummage',
  'Pobbleton',
];

/** Builds the queries from what the index holds. Works on any corpus, down to a single article. */
export function generateQueries(
  index: NewsIndex,
  perKind: number,
  seed = DEFAULT_SEED,
): Omit<QueryFile, 'generationMs'> {
  const rng = new Rng(seed);
  const { lib } = index;
  const passages = lib.passages;

  // --- places -------------------------------------------------------------------------------------------
  const tradePairPassages: number[] = [];
  const quotePassages: number[] = [];
  passages.forEach((p, id) => {
    if (p.trade && p.places.length >= 2) tradePairPassages.push(id);
    if (p.speaker >= 0) quotePassages.push(id);
  });
  const multiPlaceArticles = lib.articlePlaces.filter((s) => s.size >= 2).map((s) => [...s]);
  const mentioned = [...index.placeCounts.keys()];
  const everyKey = allPlaces().map((p) => p.key);
  const articlesOf = new Map<string, Set<number>>();
  lib.articlePlaces.forEach((keys, a) => {
    for (const k of keys) {
      const set = articlesOf.get(k);
      if (set) set.add(a);
      else articlesOf.set(k, new Set([a]));
    }
  });

  const twoOf = (keys: readonly string[]): [string, string] => {
    const a = rng.pick(keys);
    let b = rng.pick(keys);
    for (let i = 0; i < 20 && b === a; i++) b = rng.pick(keys);
    return [a, b];
  };
  /** Two places named together: in a trade passage, else in an article, else any two. */
  const cooccurringPair = (): [string, string] => {
    if (tradePairPassages.length) return twoOf(passages[rng.pick(tradePairPassages)]!.places);
    if (multiPlaceArticles.length) return twoOf(rng.pick(multiPlaceArticles));
    return twoOf(everyKey);
  };
  /** Two places that no article names together (at least one of them named somewhere, when possible). */
  const disjointPair = (): [string, string] => {
    let pair: [string, string] = twoOf(everyKey);
    for (let i = 0; i < 200; i++) {
      const a = mentioned.length ? rng.pick(mentioned) : rng.pick(everyKey);
      const b = rng.chance(0.5) && mentioned.length ? rng.pick(mentioned) : rng.pick(everyKey);
      pair = [a, b];
      if (a === b) continue;
      const inA = articlesOf.get(a);
      const inB = articlesOf.get(b);
      if (!inA || !inB || ![...inA].some((x) => inB.has(x))) break;
    }
    return pair;
  };
  /** Forms of a place a user can type and the project resolves back to it (`EEC` rather than its display name). */
  const typeable = new Map<string, string[]>();
  const formsOf = (key: string): string[] => {
    let forms = typeable.get(key);
    if (!forms) {
      const place = placeByKey(key);
      forms = place
        ? [place.name, ...place.aliases].filter(
            (f) => /^[A-Za-z][A-Za-z .'-]+$/.test(f) && resolvePlace(f)?.key === key,
          )
        : [];
      if (!forms.length) forms = [place?.name ?? key];
      typeable.set(key, forms);
    }
    return forms;
  };
  /** The place's name as a user writes it in a question. */
  const placeName = (key: string): string => formsOf(key)[0]!;
  /** A place as a user types it in /trade: mostly its name in lower case; sometimes as written, or an alias. */
  const placeTyped = (key: string): string => {
    const r = rng.next();
    if (r < 0.6) return placeName(key).toLowerCase();
    if (r < 0.8) return placeName(key);
    return rng.pick(formsOf(key)).toLowerCase();
  };

  // --- people -------------------------------------------------------------------------------------------
  const surname = (name: string): string => name.split(/\s+/).pop()!.replace(/[.,]$/, '');
  const unknownName = (): string => {
    for (let i = 0; i < 50; i++) {
      const name = `${rng.pick(UNKNOWN_FIRST)} ${rng.pick(UNKNOWN_LAST)}`;
      if (!lib.speakers.some((s) => speakerMatches(name, s) || speakerMatches(surname(name), s))) return name;
    }
    return 'Quentin Zarvosky-Quillfeather';
  };
  /** A quote passage: mostly drawn over all quotes (popular speakers more often), else by speaker. */
  const quotePassage = (): number | undefined => {
    if (!quotePassages.length) return undefined;
    if (rng.chance(0.7)) return rng.pick(quotePassages);
    const speaker = rng.int(lib.speakers.length);
    const ids = index.bySpeaker[speaker];
    return ids?.length ? rng.pick(ids) : rng.pick(quotePassages);
  };

  // --- words --------------------------------------------------------------------------------------------
  /** `k` consecutive content words of a random passage (of the given ones, else of all). */
  const passageWords = (k: number, from?: number): string[] => {
    for (let i = 0; i < 30; i++) {
      const id = from !== undefined && i === 0 ? from : rng.int(passages.length);
      const p = passages[id];
      if (!p) continue;
      const words = contentWords(passageText(lib, p));
      if (!words.length) continue;
      const start = rng.int(Math.max(1, words.length - k + 1));
      return words.slice(start, start + k).map((w) => w.toLowerCase());
    }
    return ['trade'];
  };
  const wordCount = (): number => {
    const r = rng.next();
    return r < 0.3 ? 1 : r < 0.75 ? 2 : 3;
  };

  // --- the kinds ----------------------------------------------------------------------------------------
  const trade = (): BenchQuery => {
    let [a, b] = rng.chance(0.1) ? disjointPair() : cooccurringPair();
    if (rng.chance(0.5)) [a, b] = [b, a];
    const ta = placeTyped(a);
    const tb = placeTyped(b);
    const typed = (s: string): string => (s.includes(' ') && rng.chance(0.3) ? `"${s}"` : s);
    return { kind: 'trade', line: `/trade ${typed(ta)} ${typed(tb)}`, text: `${ta} ${tb} trade` };
  };

  const quote = (): BenchQuery => {
    const id = rng.chance(0.1) ? undefined : quotePassage();
    let who: string;
    let topic = '';
    if (id === undefined) {
      who = unknownName();
      if (rng.chance(0.5)) who = surname(who);
    } else {
      const name = lib.speakers[passages[id]!.speaker]!;
      who = rng.chance(0.6) ? surname(name) : name;
      if (rng.chance(0.1)) topic = passageWords(1, id)[0] ?? '';
    }
    if (rng.chance(0.5)) who = who.toLowerCase();
    const args = topic ? `${who} on ${topic}` : who;
    return { kind: 'quote', line: `/quote ${args}`, text: args };
  };

  const search = (): BenchQuery => {
    const words = passageWords(wordCount()).join(' ');
    return { kind: 'search', line: `/search ${words}`, text: words };
  };

  const ask = (): BenchQuery => {
    const keywords = (): string => {
      const ws = passageWords(wordCount()).join(' ');
      return rng.pick([
        `any news about ${ws}?`,
        `what happened with ${ws}?`,
        `tell me about ${ws}`,
        `what is the latest on ${ws}?`,
      ]);
    };
    let line: string;
    const template = rng.int(6);
    const [a, b] = cooccurringPair().map(placeName) as [string, string];
    const id = template === 3 || template === 4 ? quotePassage() : undefined;
    if (template === 0) line = `how much did ${a} export to ${b}?`;
    else if (template === 1)
      line = `what share of ${a.endsWith('s') ? `${a}'` : `${a}'s`} imports come from ${b}?`;
    else if (template === 2) line = `what is the trade between ${a} and ${b}?`;
    else if (template === 3 && id !== undefined) {
      const name = surname(lib.speakers[passages[id]!.speaker]!);
      line = `what did ${name} say about ${passageWords(1, id)[0] ?? 'trade'}?`;
    } else if (template === 4 && id !== undefined) {
      const words = scanTokens(passageText(lib, passages[id]!))
        .map((t) => t.raw)
        .filter((w) => WORD.test(w));
      const n = 3 + rng.int(3);
      const start = rng.int(Math.max(1, words.length - n + 1));
      line = `who said ${words
        .slice(start, start + n)
        .join(' ')
        .toLowerCase()}?`;
    } else line = keywords();
    return { kind: 'ask', line, text: line };
  };

  const make: Record<Kind, () => BenchQuery> = { trade, quote, search, ask };
  const warmup: BenchQuery[] = [];
  const queries: BenchQuery[] = [];
  for (const kind of KINDS) {
    for (let i = 0; i < WARMUP_PER_KIND; i++) warmup.push(make[kind]());
    for (let i = 0; i < perKind; i++) queries.push(make[kind]());
  }
  return { seed, perKind, warmup, queries: rng.shuffle(queries) };
}
