import { setImmediate as yieldToLoop } from 'node:timers/promises';
import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import { type Library, passageText } from './library.ts';
import { normalizeTerm, scanTokens } from './tokenize.ts';

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

function tokenize(text: string): string[] {
  return scanTokens(text).map((t) => t.raw);
}

function processTerm(term: string): string | null {
  return normalizeTerm(term);
}

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
export function indexOptions(lib: Library): Options<Doc> {
  return {
    idField: 'id',
    fields: [...FIELDS],
    storeFields: [],
    tokenize,
    processTerm,
    searchOptions: SEARCH_OPTIONS,
    extractField: (id: Doc, field: string): string | number | undefined => {
      if (field === 'id') return id;
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

/** A library with its search index and lookups. Immutable once built: a reindex builds a new one. */
export interface NewsIndex {
  lib: Library;
  search: MiniSearch<Doc>;
  /** Passage ids naming each place key, ascending. */
  byPlace: Map<string, number[]>;
  /** Passage ids of the quotes of each speaker (index into `lib.speakers`), ascending. */
  bySpeaker: number[][];
  /** Place keys named anywhere in the library, with how many passages name them (for autocomplete). */
  placeCounts: Map<string, number>;
  /** Number of quotes per speaker (same order as `lib.speakers`). */
  speakerCounts: number[];
}

/** Passages indexed between two yields to the event loop. */
const CHUNK = 2000;

/** Builds the index over a library, yielding to the event loop now and then. */
export async function buildIndex(
  lib: Library,
  onProgress?: (done: number, total: number) => void,
): Promise<NewsIndex> {
  const search = new MiniSearch<Doc>(indexOptions(lib));
  const total = lib.passages.length;
  const batch: Doc[] = [];
  for (let i = 0; i < total; i++) {
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
  return withLookups(lib, search);
}

/** Builds the lookups that sit beside the MiniSearch index. */
export function withLookups(lib: Library, search: MiniSearch<Doc>): NewsIndex {
  const byPlace = new Map<string, number[]>();
  const bySpeaker: number[][] = lib.speakers.map(() => []);
  lib.passages.forEach((p, id) => {
    for (const key of p.places) {
      const list = byPlace.get(key);
      if (list) list.push(id);
      else byPlace.set(key, [id]);
    }
    if (p.speaker >= 0) bySpeaker[p.speaker]!.push(id);
  });
  const placeCounts = new Map([...byPlace].map(([k, v]) => [k, v.length] as const));
  return { lib, search, byPlace, bySpeaker, placeCounts, speakerCounts: bySpeaker.map((l) => l.length) };
}
