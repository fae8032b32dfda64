import { setImmediate as yieldToLoop } from 'node:timers/promises';
import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import { type Library, passageText } from './library.ts';
import { nameWords } from './quotes.ts';
import { normalizeTerm, tokenize } from './tokenize.ts';

/**
 * The search index: MiniSearch over passages (not whole articles), plus lookups built once from the
 * library so that queries do no scans: passages by place, quotes by speaker.
 */

/** A passage id in the index is its position in {@link Library.passages}. */
type Doc = number;

/** The indexed fields. `title` is indexed on an article's first passage only (see {@link INDEX_OPTIONS}). */
export const FIELDS = ['text', 'title', 'speaker', 'places'] as const;

/**
 * Field boosts at query time. The title counts double: a headline is what the article is about.
 * Places count less than words, because a place alone says little about what a passage answers.
 */
export const FIELD_BOOST = { text: 1, title: 2, speaker: 1.5, places: 0.7 } as const;

/** Search defaults: exact terms, no blanket prefix or fuzzy expansion (it decays with the archive). */
export const SEARCH_OPTIONS: SearchOptions = {
  boost: { ...FIELD_BOOST },
  combineWith: 'OR',
  prefix: false,
  fuzzy: false,
};

/**
 * The one set of MiniSearch options, for building and for loading a persisted index (MiniSearch's
 * `loadJSON` must get the options the index was built with). Fields are extracted from the library
 * by passage id, so no document objects are kept. The title goes on an article's first passage only:
 * indexing it on every passage would multiply the index by the passages per article for a field that
 * says the same thing each time.
 */
export function indexOptions(source: LibrarySource): Options<Doc> {
  return {
    idField: 'id',
    fields: [...FIELDS],
    storeFields: [],
    tokenize,
    // At index time, also count each text term's document frequency (see LibrarySource.df).
    processTerm: (term: string, field?: string): string | null => {
      const t = normalizeTerm(term);
      if (t && field === 'text') {
        const c = source.df.get(t);
        if (!c) source.df.set(t, { n: 1, last: source.doc });
        else if (c.last !== source.doc) {
          c.n++;
          c.last = source.doc;
        }
      }
      return t;
    },
    searchOptions: { ...SEARCH_OPTIONS, processTerm: normalizeTerm },
    extractField: (id: Doc, field: string): string | number | undefined => {
      if (field === 'id') return id;
      if (field === 'text') source.doc = id;
      const lib = source.lib;
      const p = lib.passages[id];
      if (!p) return undefined;
      switch (field) {
        case 'text':
          return passageText(lib, p);
        case 'title':
          return p.ordinal === 0 ? lib.articles[p.article]!.title : undefined;
        case 'speaker':
          return p.speaker >= 0 ? lib.speakers[p.speaker] : undefined;
        case 'places':
          return p.places.length ? p.places.join(' ') : undefined;
        default:
          return undefined;
      }
    },
  };
}

/**
 * Where the index's `extractField` reads passages from. A holder rather than the library itself, so that
 * an in-place update (see {@link updateIndex}) can point the same MiniSearch at the extended library.
 */
export interface LibrarySource {
  lib: Library;
  /**
   * Passages per text term (document frequency `n`), counted while indexing (`last`: the last passage
   * counted) and persisted with the cache: a search leaves out terms so common that scoring them costs
   * much and tells little.
   */
  df: Map<string, TermCount>;
  /** The passage being indexed (set by `extractField`, read by `processTerm`). */
  doc: number;
}

/** A term's document frequency, and the last passage that counted towards it. */
export interface TermCount {
  n: number;
  last: number;
}

/** A source for a library, with empty term statistics. */
export function sourceOf(lib: Library, df = new Map<string, TermCount>()): LibrarySource {
  return { lib, df, doc: -1 };
}

/** A library with its search index and lookups. Immutable once built: a reindex builds a new one. */
export interface NewsIndex {
  lib: Library;
  search: MiniSearch<Doc>;
  source: LibrarySource;
  /** Passage ids naming each place key, ascending. */
  byPlace: Map<string, number[]>;
  /** Passage ids of the quotes of each speaker (index into `lib.speakers`), ascending. */
  bySpeaker: number[][];
  /** Place keys named anywhere in the library, with how many passages name them (for autocomplete). */
  placeCounts: Map<string, number>;
  /** Number of quotes per speaker (same order as `lib.speakers`). */
  speakerCounts: number[];
  /** Speakers by each (folded) word of their name: `/quote` checks only these, not every speaker. */
  speakersByWord: Map<string, number[]>;
}

/** Passages indexed between two yields to the event loop. */
const CHUNK = 2000;

/** Builds the index over a library, yielding to the event loop now and then. */
export async function buildIndex(
  lib: Library,
  onProgress?: (done: number, total: number) => void,
): Promise<NewsIndex> {
  const source = sourceOf(lib);
  const search = new MiniSearch<Doc>(indexOptions(source));
  const total = lib.passages.length;
  const batch: Doc[] = [];
  for (let i = 0; i < total; i++) {
    if (lib.removed.has(lib.passages[i]!.article)) continue;
    batch.push(i);
    if (batch.length === CHUNK) {
      search.addAll(batch);
      batch.length = 0;
      onProgress?.(i + 1, total);
      await yieldToLoop();
    }
  }
  search.addAll(batch);
  onProgress?.(total, total);
  return withLookups(source, search);
}

/**
 * Updates an index in place, in one synchronous step, for a library extended from its own (see
 * `extendLibrary`): passages of newly removed articles are discarded and the appended ones added. No
 * query can run in between (JavaScript runs one thing at a time), so none sees a mix of the two. The
 * caller keeps this for small changes; a large one is cheaper as a fresh build.
 */
export function updateIndex(previous: NewsIndex, lib: Library): NewsIndex {
  const { search, source } = previous;
  const old = previous.lib;
  const gone = new Set([...lib.removed].filter((a) => !old.removed.has(a)));
  const discard: number[] = [];
  if (gone.size) {
    for (let id = 0; id < old.passages.length; id++)
      if (gone.has(old.passages[id]!.article)) discard.push(id);
  }
  const added: number[] = [];
  for (let id = old.passages.length; id < lib.passages.length; id++) {
    if (!lib.removed.has(lib.passages[id]!.article)) added.push(id);
  }
  source.lib = lib;
  search.discardAll(discard);
  search.addAll(added);
  return withLookups(source, search);
}

/** Builds the lookups that sit beside the MiniSearch index. */
export function withLookups(source: LibrarySource, search: MiniSearch<Doc>): NewsIndex {
  const { lib } = source;
  const byPlace = new Map<string, number[]>();
  const bySpeaker: number[][] = lib.speakers.map(() => []);
  lib.passages.forEach((p, id) => {
    if (lib.removed.has(p.article)) return;
    for (const key of p.places) {
      const list = byPlace.get(key);
      if (list) list.push(id);
      else byPlace.set(key, [id]);
    }
    if (p.speaker >= 0) bySpeaker[p.speaker]!.push(id);
  });
  const placeCounts = new Map([...byPlace].map(([k, v]) => [k, v.length] as const));
  const speakersByWord = new Map<string, number[]>();
  lib.speakers.forEach((name, i) => {
    for (const w of new Set(nameWords(name))) {
      const list = speakersByWord.get(w);
      if (list) list.push(i);
      else speakersByWord.set(w, [i]);
    }
  });
  return {
    lib,
    search,
    source,
    byPlace,
    bySpeaker,
    placeCounts,
    speakerCounts: bySpeaker.map((l) => l.length),
    speakersByWord,
  };
}
