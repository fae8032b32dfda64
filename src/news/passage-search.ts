import MiniSearch, { type Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { Postings } from './postings.ts';

/**
 * MiniSearch over passages, filled in bulk.
 *
 * MiniSearch's `add` inserts every token occurrence into its radix tree and into a per-term map of
 * documents, one at a time: on a large archive (3.5 M tokens) that was most of a cold start. A build
 * gathers postings in flat typed arrays first (`postings.ts`: one hash lookup per occurrence), possibly
 * in several threads, and hands MiniSearch the finished tables in one step
 * ({@link SearchAssembler}, {@link PassageSearch.fromPostings}), through the members MiniSearch leaves
 * `protected` for subclasses; each term's document maps are made when the term is first used
 * ({@link LazyTermData}). The same compact postings are what the cache stores, so a warm start skips
 * MiniSearch's JSON format (objects keyed by stringified numbers) too. The result is an ordinary
 * MiniSearch: it is searched, added to and discarded from through its public API, with the same
 * tokenizer and term processing, and the tests check that a bulk build equals `addAll` posting for
 * posting.
 */

export class PassageSearch extends MiniSearch<number> {
  /** An index holding exactly the given postings, searched with `options` (those it was built with). */
  static fromPostings(postings: Postings, options: Options<number>): PassageSearch {
    const assembler = new SearchAssembler(options.fields.length);
    assembler.append(postings, 0);
    return assembler.finish(options, postings);
  }

  /** Installs assembled tables (see {@link SearchAssembler.finish}). */
  static fromTables(tables: Tables, options: Options<number>): PassageSearch {
    const search = new PassageSearch(options);
    search._documentIds = tables.documentIds;
    search._idToShortId = tables.idToShortId;
    search._fieldLength = tables.fieldLength;
    search._avgFieldLength = tables.avgFieldLength;
    search._documentCount = tables.documentCount;
    search._nextId = tables.nextId;
    search._dirtCount = tables.dirtCount;
    (search as unknown as { _index: TermIndex })._index = new TermIndex(tables.terms);
    return search;
  }

  /**
   * The document id of each short id, -1 where the short id is no longer in use (discarded): the column
   * {@link postingsOf} reads. Made afresh on each call (a change to the index changes it).
   */
  liveIds(): Int32Array {
    const ids = new Int32Array(this._nextId).fill(-1);
    for (let short = 0; short < this._nextId; short++) {
      const id = this._documentIds.get(short);
      if (id !== undefined) ids[short] = id;
    }
    return ids;
  }

  /** Each short id's length of `field` as BM25 counts it (0 where absent or discarded). */
  fieldLengths(field: string): Float64Array {
    const f = this._fieldIds[field]!;
    const out = new Float64Array(this._nextId);
    for (let short = 0; short < this._nextId; short++) out[short] = this._fieldLength.get(short)?.[f] ?? 0;
    return out;
  }

  /** MiniSearch's running average length of `field`. */
  averageFieldLength(field: string): number {
    return this._avgFieldLength[this._fieldIds[field]!] ?? 0;
  }

  /**
   * The live postings of `term` in `field`: short ids and term frequencies, read from the compact
   * arrays without making the term's maps (`ids` is {@link liveIds}).
   */
  postingsOf(term: string, field: string, ids: Int32Array): { shorts: Int32Array; tfs: Int32Array } {
    const data = this._index.get(term) as Map<number, Map<number, number>> | undefined;
    const f = this._fieldIds[field];
    const source = data && f !== undefined ? fieldSources(data).find(([g]) => g === f)?.[1] : undefined;
    if (!source) return { shorts: new Int32Array(0), tfs: new Int32Array(0) };
    const n = copyLive(source, ids, null, 0, 0);
    const buf = new Int32Array(2 * n);
    copyLive(source, ids, buf, 0, n);
    return { shorts: buf.subarray(0, n), tfs: buf.subarray(n) };
  }

  /** How many indexed documents have `term` in `field` (discarded ones count until vacuumed). */
  documentFrequency(term: string, field: string): number {
    const data = this._index.get(term);
    const f = this._fieldIds[field]!;
    if (data instanceof LazyTermData) return data.count(f);
    return data?.get(f)?.size ?? 0;
  }

  /**
   * The index as {@link Postings}. Postings of discarded documents, which MiniSearch keeps until it
   * vacuums, are left out, so a cache never carries them.
   */
  toPostings(): Postings {
    const steps = this.postingsInSteps();
    for (;;) {
      const next = steps.next();
      if (next.done) return next.value;
    }
  }

  /**
   * {@link toPostings} in steps of a few thousand terms (each yield is a point where a caller that must
   * stay responsive, the cache writer in a running bot, can let other work run).
   */
  *postingsInSteps(termsPerStep = 4096): Generator<void, Postings> {
    const fieldCount = Object.keys(this._fieldIds).length;
    const ids = new Int32Array(this._nextId).fill(-1);
    const fieldLength = new Int32Array(this._nextId * fieldCount).fill(-1);
    for (const [short, id] of this._documentIds) {
      ids[short] = id;
      const lengths = this._fieldLength.get(short) ?? [];
      for (let f = 0; f < fieldCount; f++) {
        const n = lengths[f];
        if (n !== undefined) fieldLength[short * fieldCount + f] = n;
      }
    }
    // Two passes (count, then fill) straight into one typed array: no per-term copies, so writing the
    // cache of a large index does not raise the peak memory much. A term no query has used yet is read
    // from its compact arrays, not made into maps (see LazyTermData).
    const all: [string, [number, FieldSource, number][]][] = [];
    let size = 0;
    let seen = 0;
    for (const [term, byField] of this._index) {
      const fields: [number, FieldSource, number][] = [];
      for (const [f, source] of fieldSources(byField)) {
        const n = copyLive(source, ids, null, 0, 0);
        if (!n) continue;
        fields.push([f, source, n]);
        size += 2 + 2 * n;
      }
      if (fields.length) {
        all.push([term, fields]);
        size++;
      }
      if (++seen % termsPerStep === 0) yield;
    }
    const data = new Int32Array(size);
    let at = 0;
    for (let t = 0; t < all.length; t++) {
      const fields = all[t]![1];
      data[at++] = fields.length;
      for (const [f, source, n] of fields) {
        data[at++] = f;
        data[at++] = n;
        copyLive(source, ids, data, at, at + n);
        at += 2 * n;
      }
      if ((t + 1) % termsPerStep === 0) yield;
    }
    const terms = all.map(([term]) => term);
    return {
      terms,
      data,
      ids,
      fieldLength,
      avgFieldLength: [...this._avgFieldLength],
      documentCount: this._documentCount,
      dirtCount: 0,
    };
  }
}

/** One field of one term: its map of documents, or where they are in compact arrays (not filled yet). */
type FieldSource = Map<number, number> | { parts: readonly Int32Array[]; quads: readonly number[] };

function fieldSources(byField: Map<number, Map<number, number>>): [number, FieldSource][] {
  return byField instanceof LazyTermData ? byField.sources() : [...byField];
}

/**
 * Counts the postings of documents still in use (`ids[short] >= 0`); with `data`, also copies their
 * short ids from `d` on and their frequencies from `q` on.
 */
function copyLive(
  source: FieldSource,
  ids: Int32Array,
  data: Int32Array | null,
  d: number,
  q: number,
): number {
  let n = 0;
  if (source instanceof Map) {
    for (const [short, freq] of source) {
      if (ids[short]! < 0) continue;
      if (data) {
        data[d + n] = short;
        data[q + n] = freq;
      }
      n++;
    }
    return n;
  }
  const { parts, quads } = source;
  for (let w = 0; w < quads.length; w += 4) {
    const part = parts[quads[w]!]!;
    const at = quads[w + 1]!;
    const count = quads[w + 2]!;
    const base = quads[w + 3]!;
    for (let i = 0; i < count; i++) {
      const short = part[at + i]! + base;
      if (ids[short]! < 0) continue;
      if (data) {
        data[d + n] = short;
        data[q + n] = part[at + count + i]!;
      }
      n++;
    }
  }
  return n;
}

/** MiniSearch's tables, as {@link SearchAssembler} builds them. */
export interface Tables {
  terms: Map<string, Map<number, Map<number, number>>>;
  documentIds: Map<number, number>;
  idToShortId: Map<number, number>;
  fieldLength: Map<number, number[]>;
  avgFieldLength: number[];
  documentCount: number;
  nextId: number;
  dirtCount: number;
}

/**
 * A Map whose entries are made only when something needs them as a Map: a subclass answers the reads
 * a search makes (`get`, `has`, `size`) from the compact arrays it was given, and every other method
 * (a change, an iteration) makes the entries first ({@link LazyMap.load}), after which it is the plain
 * Map it then holds. MiniSearch's tables for 150,000 passages and 90,000 terms took a large part of the
 * end of a build, and of a warm start, to make entry by entry; a search reads a few hundred of them.
 */
abstract class LazyMap<K, V> extends Map<K, V> {
  /** Whether the entries are still to be made. */
  protected pending = true;

  /** Makes the entries, in the order the plain Map would have had them, through `put`. */
  protected abstract load(put: (key: K, value: V) => void): void;

  /** Makes the entries now (once). */
  protected fill(): void {
    if (!this.pending) return;
    this.pending = false;
    this.load((key, value) => {
      super.set(key, value);
    });
  }

  override set(key: K, value: V): this {
    this.fill();
    return super.set(key, value);
  }
  override delete(key: K): boolean {
    this.fill();
    return super.delete(key);
  }
  override clear(): void {
    this.pending = false;
    super.clear();
  }
  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.fill();
    super.forEach(callback, thisArg);
  }
  override entries(): MapIterator<[K, V]> {
    this.fill();
    return super.entries();
  }
  override keys(): MapIterator<K> {
    this.fill();
    return super.keys();
  }
  override values(): MapIterator<V> {
    this.fill();
    return super.values();
  }
  override [Symbol.iterator](): MapIterator<[K, V]> {
    this.fill();
    return super[Symbol.iterator]();
  }
}

/**
 * MiniSearch's short id → document id (or, `inverse`, document id → short id), read from the column of
 * document ids by short id (-1: a short id not in use) until something changes it.
 */
class IdMap extends LazyMap<number, number> {
  /** The lookup column: short id → id, or id → short id. */
  private readonly column: Int32Array;

  constructor(
    private readonly ids: Int32Array,
    private readonly count: number,
    private readonly inverse: boolean,
  ) {
    super();
    if (!inverse) this.column = ids;
    else {
      let max = -1;
      for (const id of ids) if (id > max) max = id;
      this.column = new Int32Array(max + 1).fill(-1);
      ids.forEach((id, short) => {
        if (id >= 0) this.column[id] = short;
      });
    }
  }

  protected load(put: (key: number, value: number) => void): void {
    // In short id order, as MiniSearch adds documents.
    this.ids.forEach((id, short) => {
      if (id < 0) return;
      if (this.inverse) put(id, short);
      else put(short, id);
    });
  }

  override get(key: number): number | undefined {
    if (!this.pending) return super.get(key);
    const value = this.column[key];
    return value !== undefined && value >= 0 ? value : undefined;
  }
  override has(key: number): boolean {
    return this.get(key) !== undefined;
  }
  override get size(): number {
    return this.pending ? this.count : super.size;
  }
}

/**
 * MiniSearch's short id → field lengths (an array with a hole where the document lacks the field), read
 * from a column of `fieldCount` lengths per short id (-1: absent) until something changes it. Until
 * then each `get` makes a fresh array: MiniSearch only reads it.
 */
class FieldLengthMap extends LazyMap<number, number[]> {
  constructor(
    private readonly ids: Int32Array,
    private readonly lengths: Int32Array,
    private readonly fieldCount: number,
    private readonly count: number,
  ) {
    super();
  }

  private lengthsOf(short: number): number[] {
    const own: number[] = [];
    for (let f = 0, at = short * this.fieldCount; f < this.fieldCount; f++, at++) {
      const n = this.lengths[at]!;
      if (n >= 0) own[f] = n;
    }
    return own;
  }

  protected load(put: (key: number, value: number[]) => void): void {
    this.ids.forEach((id, short) => {
      if (id >= 0) put(short, this.lengthsOf(short));
    });
  }

  override get(key: number): number[] | undefined {
    if (!this.pending) return super.get(key);
    const id = this.ids[key];
    return id !== undefined && id >= 0 ? this.lengthsOf(key) : undefined;
  }
  override has(key: number): boolean {
    if (!this.pending) return super.has(key);
    const id = this.ids[key];
    return id !== undefined && id >= 0;
  }
  override get size(): number {
    return this.pending ? this.count : super.size;
  }
}

type TermData = Map<number, Map<number, number>>;

/**
 * MiniSearch's term index, a radix tree, made when something first needs the tree (a prefix or fuzzy
 * search, a change). The bot's searches look terms up exactly (no prefix, no fuzzy expansion), and
 * inserting 90,000 terms into the tree was a serial step at the end of every build and warm start;
 * until then `get`, `has`, `size` and iteration read a plain Map of the same entries.
 */
class TermIndex extends SearchableMap<TermData> {
  private pending: Map<string, TermData> | null;

  constructor(terms: Map<string, TermData>) {
    super();
    this.pending = terms;
  }

  /** Makes the tree now (once). */
  private build(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    for (const [term, data] of pending) super.set(term, data);
  }

  override get(key: string): TermData | undefined {
    return this.pending ? this.pending.get(key) : super.get(key);
  }
  override has(key: string): boolean {
    return this.pending ? this.pending.has(key) : super.has(key);
  }
  override get size(): number {
    return this.pending ? this.pending.size : super.size;
  }
  override entries(): ReturnType<SearchableMap<TermData>['entries']> {
    if (this.pending)
      return this.pending.entries() as unknown as ReturnType<SearchableMap<TermData>['entries']>;
    return super.entries();
  }
  override keys(): ReturnType<SearchableMap<TermData>['keys']> {
    if (this.pending) return this.pending.keys() as unknown as ReturnType<SearchableMap<TermData>['keys']>;
    return super.keys();
  }
  override values(): ReturnType<SearchableMap<TermData>['values']> {
    if (this.pending)
      return this.pending.values() as unknown as ReturnType<SearchableMap<TermData>['values']>;
    return super.values();
  }
  override [Symbol.iterator](): ReturnType<SearchableMap<TermData>['entries']> {
    return this.entries();
  }
  override forEach(fn: (key: string, value: TermData, map: SearchableMap<TermData>) => void): void {
    if (!this.pending) super.forEach(fn);
    else for (const [key, value] of this.pending) fn(key, value, this);
  }
  override atPrefix(prefix: string): SearchableMap<TermData> {
    this.build();
    return super.atPrefix(prefix);
  }
  override fuzzyGet(key: string, maxEditDistance: number): ReturnType<SearchableMap<TermData>['fuzzyGet']> {
    this.build();
    return super.fuzzyGet(key, maxEditDistance);
  }
  override set(key: string, value: TermData): SearchableMap<TermData> {
    this.build();
    return super.set(key, value);
  }
  override delete(key: string): void {
    this.build();
    super.delete(key);
  }
  override clear(): void {
    this.pending = null;
    super.clear();
  }
  override update(key: string, fn: (value: TermData | undefined) => TermData): SearchableMap<TermData> {
    this.build();
    return super.update(key, fn);
  }
  override fetch(key: string, initial: () => TermData): TermData {
    this.build();
    return super.fetch(key, initial);
  }
}

/**
 * MiniSearch's tables for documents given as columns: their ids by short id (-1: not in use) and
 * `fieldCount` field lengths per short id (-1: absent). The running averages are MiniSearch's own,
 * computed as its `add` does, document by document.
 */
function documentTables(ids: Int32Array, lengths: Int32Array, fieldCount: number): Omit<Tables, 'terms'> {
  const avg: number[] = [];
  let count = 0;
  for (let short = 0; short < ids.length; short++) {
    if (ids[short]! < 0) continue;
    for (let f = 0; f < fieldCount; f++) {
      const n = lengths[short * fieldCount + f]!;
      if (n < 0) continue;
      // MiniSearch's running average, with the document count before this document (see addFieldLength).
      avg[f] = ((avg[f] ?? 0) * count + n) / (count + 1);
    }
    count++;
  }
  return {
    documentIds: new IdMap(ids, count, false),
    idToShortId: new IdMap(ids, count, true),
    fieldLength: new FieldLengthMap(ids, lengths, fieldCount, count),
    avgFieldLength: avg,
    documentCount: count,
    nextId: ids.length,
    dirtCount: 0,
  };
}

/**
 * Builds MiniSearch's tables from {@link Postings} appended part by part (a parallel build appends each
 * batch as it is parsed). Appending copies no postings, it only notes where each term's are; the maps
 * MiniSearch searches are made from them when a term is first used (see {@link LazyTermData}), each at
 * its final size (growing 60,000 maps part by part cost several times more).
 */
export class SearchAssembler {
  /**
   * Per term and field, where its postings are: quadruples of part number, offset of its short ids in
   * that part's data, document count, and the part's first short id. Appending copies no postings.
   */
  private readonly terms = new Map<string, number[][]>();
  /** Per builder (see {@link Postings.from}): its term numbers → the same entries as `terms`. */
  private readonly byBuilder = new Map<string, (number[][] | undefined)[]>();
  private readonly data: Int32Array[] = [];
  private readonly ids: number[] = [];
  private readonly lengths: number[] = [];

  constructor(private readonly fieldCount: number) {}

  /**
   * Appends postings as if their documents had been added one by one after those already here: short
   * ids follow on, ids are shifted by `idOffset` (a document no longer in use, -1, stays -1).
   */
  append(part: Postings, idOffset: number): void {
    const { fieldCount } = this;
    if (part.fieldLength.length !== part.ids.length * fieldCount) {
      throw new Error(
        `postings have ${part.fieldLength.length} field lengths for ${part.ids.length} documents`,
      );
    }
    const base = this.ids.length;
    for (const id of part.ids) this.ids.push(id < 0 ? -1 : id + idOffset);
    for (const n of part.fieldLength) this.lengths.push(n);
    const { data } = part;
    const partNo = this.data.length;
    this.data.push(data);
    let known: (number[][] | undefined)[] | undefined;
    if (part.from) {
      known = this.byBuilder.get(part.from.builder) ?? [];
      this.byBuilder.set(part.from.builder, known);
    }
    let at = 0;
    for (let t = 0; t < part.terms.length; t++) {
      const number = part.from?.terms[t];
      let byField = number === undefined ? undefined : known![number];
      if (!byField) {
        const term = part.terms[t]!;
        byField = this.terms.get(term);
        if (!byField) {
          byField = [];
          this.terms.set(term, byField);
        }
        if (number !== undefined) known![number] = byField;
      }
      const k = data[at++]!;
      for (let j = 0; j < k; j++) {
        const f = data[at++]!;
        const n = data[at++]!;
        const where = byField[f];
        if (where) where.push(partNo, at, n, base);
        else byField[f] = [partNo, at, n, base];
        at += 2 * n;
      }
    }
    if (at !== data.length)
      throw new Error(`postings data has ${data.length - at} values past its last term`);
  }

  /**
   * The finished index: MiniSearch's maps made from everything appended, searched with `options`.
   * `restore` gives the averages and counts of a persisted index instead of a recount (it may have had
   * documents discarded before it was saved).
   */
  finish(
    options: Options<number>,
    restore?: Pick<Postings, 'avgFieldLength' | 'documentCount' | 'dirtCount'>,
  ): PassageSearch {
    const { fieldCount } = this;
    const terms = new Map<string, Map<number, Map<number, number>>>();
    for (const [term, where] of this.terms) terms.set(term, new LazyTermData(this.data, where));
    const t: Tables = {
      ...documentTables(Int32Array.from(this.ids), Int32Array.from(this.lengths), fieldCount),
      terms,
    };
    if (restore) {
      t.avgFieldLength = [...restore.avgFieldLength];
      t.documentCount = restore.documentCount;
      t.dirtCount = restore.dirtCount;
    }
    return PassageSearch.fromTables(t, options);
  }
}

/**
 * One term's documents per field, made into MiniSearch's maps on first use.
 *
 * After a build or a cache load, most of the 60,000 terms are never searched for, and making all their
 * maps (2 M entries) was the largest part of the end of a build and of a warm start, and of the heap the
 * garbage collector keeps walking. A term's postings stay in the compact arrays they came in until
 * MiniSearch (a search, an add, a vacuum) or {@link PassageSearch} touches the term: then every method
 * of this map fills it first, and it behaves as the plain map it then is.
 */
export class LazyTermData extends LazyMap<number, Map<number, number>> {
  /** Per field: quadruples of part number, offset of the short ids, count, first short id (see append). */
  private where: number[][] | null;

  constructor(
    private readonly parts: readonly Int32Array[],
    where: number[][],
  ) {
    super();
    this.where = where;
  }

  /** Whether the maps are made. */
  get filled(): boolean {
    return !this.pending;
  }

  protected load(put: (key: number, value: Map<number, number>) => void): void {
    const where = this.where;
    this.where = null;
    if (!where) return;
    for (let f = 0; f < where.length; f++) {
      const w = where[f];
      if (!w) continue;
      const docs = new Map<number, number>();
      for (let q = 0; q < w.length; q += 4) {
        const data = this.parts[w[q]!]!;
        const at = w[q + 1]!;
        const n = w[q + 2]!;
        const base = w[q + 3]!;
        for (let i = 0; i < n; i++) docs.set(data[at + i]! + base, data[at + n + i]!);
      }
      put(f, docs);
    }
  }

  /** Documents with the term in field `f`, without filling. */
  count(f: number): number {
    if (!this.where) return super.get(f)?.size ?? 0;
    const w = this.where[f];
    let n = 0;
    if (w) for (let q = 2; q < w.length; q += 4) n += w[q]!;
    return n;
  }

  /** Each field's documents: its map once filled, else where they are in the compact arrays. */
  sources(): [number, FieldSource][] {
    if (!this.where) return [...super.entries()];
    const out: [number, FieldSource][] = [];
    this.where.forEach((quads, f) => {
      if (quads) out.push([f, { parts: this.parts, quads }]);
    });
    return out;
  }

  override get(key: number): Map<number, number> | undefined {
    this.fill();
    return super.get(key);
  }
  override has(key: number): boolean {
    this.fill();
    return super.has(key);
  }
  override clear(): void {
    this.where = null;
    super.clear();
  }
  override get size(): number {
    this.fill();
    return super.size;
  }
}
