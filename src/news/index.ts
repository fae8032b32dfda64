import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Options, SearchOptions } from 'minisearch';
import { appendLibrary, buildLibrary, emptyLibrary, type Library, passageText } from './library.ts';
import { type PassageSearch, SearchAssembler } from './passage-search.ts';
import { type Postings, PostingsBuilder } from './postings.ts';
import { nameWords } from './quotes/index.ts';
import type { SeedFile, SkippedFile } from './read.ts';
import { buildSpeakerTable, type SpeakerTable, speakerFacts } from './speakers.ts';
import { normalizeTerm, tokenize, tokenSpans } from './tokenize.ts';

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
 * The one set of MiniSearch options, for building and for loading a persisted index (an index must be
 * searched with the options it was built with). Fields are extracted from the library by passage id,
 * so no document objects are kept. The title goes on an article's first passage only: indexing it on
 * every passage would multiply the index by the passages per article for a field that says the same
 * thing each time.
 */
export function indexOptions(source: LibrarySource): Options<Doc> {
  return {
    idField: 'id',
    fields: [...FIELDS],
    storeFields: [],
    tokenize,
    processTerm: (term: string): string | null => normalizeTerm(term),
    searchOptions: { ...SEARCH_OPTIONS, processTerm: normalizeTerm },
    extractField: (id: Doc, field: string): string | number | undefined =>
      field === 'id' ? id : fieldValue(source.lib, id, field),
  };
}

/** The value of an indexed field of a passage (undefined: the passage has no such field). */
export function fieldValue(lib: Library, id: Doc, field: string): string | undefined {
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
}

/**
 * Where the index's `extractField` reads passages from. A holder rather than the library itself, so that
 * an in-place update (see {@link updateIndex}) can point the same MiniSearch at the extended library.
 */
export interface LibrarySource {
  lib: Library;
}

/** A library with its search index and lookups. Immutable once built: a reindex builds a new one. */
export interface NewsIndex {
  lib: Library;
  search: PassageSearch;
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
  /** Which speakers are one person (`Reagan` and `Ronald Reagan`): see `speakers.ts`. */
  people: SpeakerTable;
}

/** Passages indexed between two yields to the event loop. */
const CHUNK = 2000;

/**
 * A builder of postings with the index's fields, tokenizer and term processing. One builder can gather
 * batch after batch (see {@link PostingsBuilder.finish}), each word of its vocabulary processed once.
 */
export function newPostingsBuilder(): PostingsBuilder {
  return new PostingsBuilder(FIELDS, indexOptions({ lib: emptyLibrary() }), tokenSpans);
}

/**
 * Gathers the postings of a library's passages from `from` on (removed articles left out), yielding to
 * the event loop now and then.
 */
async function gatherPostings(
  lib: Library,
  from: number,
  onProgress?: (done: number, total: number) => void,
  postings: PostingsBuilder = newPostingsBuilder(),
): Promise<Postings> {
  const total = lib.passages.length;
  const values: (string | undefined)[] = [];
  // The text field is read where the passage stands in its article (see PostingsBuilder.add).
  const text = FIELDS.indexOf('text');
  const ranges = new Int32Array(2 * FIELDS.length).fill(-1);
  for (let id = from; id < total; id++) {
    const p = lib.passages[id]!;
    if (lib.removed.has(p.article)) continue;
    for (let f = 0; f < FIELDS.length; f++) {
      values[f] = f === text ? lib.articles[p.article]!.text : fieldValue(lib, id, FIELDS[f]!);
    }
    ranges[2 * text] = p.start;
    ranges[2 * text + 1] = p.end;
    postings.add(id, values, ranges);
    if (postings.size % CHUNK === 0) {
      onProgress?.(id + 1, total);
      await yieldToLoop();
    }
  }
  onProgress?.(total, total);
  return postings.finish();
}

/**
 * Builds an index over a library that may still grow (the parallel build appends parts as they are
 * parsed): postings are gathered outside MiniSearch and its tables made once, at the end (see
 * `passage-search.ts`).
 */
export class IndexBuilder {
  readonly source: LibrarySource;
  private readonly assembler = new SearchAssembler(FIELDS.length);
  private next = 0;

  constructor(lib: Library) {
    this.source = { lib };
  }

  /** Indexes the passages appended to the library since the last call, yielding now and then. */
  async catchUp(onProgress?: (done: number, total: number) => void): Promise<void> {
    const { lib } = this.source;
    const from = this.next;
    this.next = lib.passages.length;
    this.assembler.append(await gatherPostings(lib, from, onProgress), 0);
  }

  /**
   * Appends a part built on its own (see {@link buildPart}) to the library and its postings to the
   * index: the same as appending its passages and calling {@link catchUp}, without tokenizing again.
   */
  addPart(part: Part, speakerIds: Map<string, number>): void {
    if (this.next !== this.source.lib.passages.length) throw new Error('addPart before catching up');
    const first = appendLibrary(this.source.lib, part.lib, speakerIds);
    this.assembler.append(part.postings, first);
    this.next = this.source.lib.passages.length;
  }

  /** The index, with its lookups. */
  finish(): NewsIndex {
    return withLookups(this.source, this.assembler.finish(indexOptions(this.source)));
  }
}

/** A batch of files parsed and indexed on its own, to be appended to the whole in order. */
export interface Part {
  lib: Library;
  postings: Postings;
}

/** Parses a batch of files and gathers its postings (for {@link IndexBuilder.addPart}). */
export async function buildPart(
  files: readonly SeedFile[],
  skipped: readonly SkippedFile[] = [],
  postings?: PostingsBuilder,
): Promise<Part> {
  const lib = await buildLibrary(files, skipped);
  return { lib, postings: await gatherPostings(lib, 0, undefined, postings) };
}

/** Builds the index over a library, yielding to the event loop now and then. */
export async function buildIndex(
  lib: Library,
  onProgress?: (done: number, total: number) => void,
): Promise<NewsIndex> {
  const builder = new IndexBuilder(lib);
  await builder.catchUp(onProgress);
  return builder.finish();
}

/** Postings parsed apart (see {@link buildPart}) whose passages now start at `first` in the library. */
export interface AppendedPart {
  postings: Postings;
  first: number;
}

/** Terms handled between two yields to the event loop while postings are carried into a new index. */
const TERMS_PER_STEP = 4096;

/**
 * A new index for `lib`, a library made from `previous.lib` by {@link withoutFiles} and
 * {@link appendLibrary}: the previous index's postings are carried over without tokenizing again (those
 * of passages whose article `lib` marks removed left out) and the appended parts' postings added after
 * them. Built beside `previous`, which is never changed and keeps serving until the caller swaps the
 * result in; every step is bounded and yields to the event loop, so a running bot keeps answering.
 */
export async function extendIndex(
  previous: NewsIndex,
  lib: Library,
  parts: readonly AppendedPart[],
): Promise<NewsIndex> {
  const steps = previous.search.postingsInSteps(TERMS_PER_STEP);
  let step = steps.next();
  for (; !step.done; step = steps.next()) await yieldToLoop();
  const assembler = new SearchAssembler(FIELDS.length);
  assembler.append(await withoutRemoved(step.value, lib), 0);
  for (const part of parts) {
    await yieldToLoop();
    assembler.append(part.postings, part.first);
  }
  await yieldToLoop();
  const source = { lib };
  return withLookups(source, assembler.finish(indexOptions(source)));
}

/**
 * The postings without those of passages whose article `lib` marks removed: their short ids are no
 * longer in use (-1) and their postings are gone, so no count (document frequency, averages) sees them.
 */
async function withoutRemoved(postings: Postings, lib: Library): Promise<Postings> {
  const ids = postings.ids.slice();
  let dead = 0;
  for (let short = 0; short < ids.length; short++) {
    const id = ids[short]!;
    if (id >= 0 && lib.removed.has(lib.passages[id]!.article)) {
      ids[short] = -1;
      dead++;
    }
  }
  if (!dead) return postings;
  const { data } = postings;
  const out = new Int32Array(data.length);
  const terms: string[] = [];
  let at = 0;
  let to = 0;
  for (let t = 0; t < postings.terms.length; t++) {
    const fields = data[at++]!;
    const head = to++;
    let kept = 0;
    for (let j = 0; j < fields; j++) {
      const f = data[at++]!;
      const n = data[at++]!;
      const shorts = at;
      const freqs = at + n;
      at += 2 * n;
      let live = 0;
      for (let i = 0; i < n; i++) if (ids[data[shorts + i]!]! >= 0) live++;
      if (!live) continue;
      out[to++] = f;
      out[to++] = live;
      let s = to;
      let q = to + live;
      for (let i = 0; i < n; i++) {
        if (ids[data[shorts + i]!]! < 0) continue;
        out[s++] = data[shorts + i]!;
        out[q++] = data[freqs + i]!;
      }
      to = q;
      kept++;
    }
    if (kept) {
      out[head] = kept;
      terms.push(postings.terms[t]!);
    } else to = head;
    if ((t + 1) % TERMS_PER_STEP === 0) await yieldToLoop();
  }
  return { ...postings, terms, data: out.slice(0, to), ids };
}

/** Builds the lookups that sit beside the MiniSearch index. */
export function withLookups(source: LibrarySource, search: PassageSearch): NewsIndex {
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
  const speakerCounts = bySpeaker.map((l) => l.length);
  return {
    lib,
    search,
    source,
    byPlace,
    bySpeaker,
    placeCounts,
    speakerCounts,
    speakersByWord,
    people: buildSpeakerTable(speakerFacts(lib, bySpeaker), (a) => lib.articles[a]!.text),
  };
}
