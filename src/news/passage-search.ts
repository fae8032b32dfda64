import { threadId } from 'node:worker_threads';
import MiniSearch, { type Options, type Query, type SearchOptions } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';

/** MiniSearch's query execution: per matched document (short id), its score and matched query terms. */
type ExecuteQuery = (query: Query, options: SearchOptions) => Map<number, { score: number; terms: string[] }>;

/**
 * MiniSearch over passages, filled in bulk.
 *
 * MiniSearch's `add` inserts every token occurrence into its radix tree and into a per-term map of
 * documents, one at a time: on a large archive (3.5 M tokens) that was most of a cold start. A build
 * here gathers postings in flat typed arrays first ({@link PostingsBuilder}: one hash lookup per
 * occurrence), possibly in several threads, and hands MiniSearch the finished tables in one step
 * ({@link SearchAssembler}, {@link PassageSearch.fromPostings}), through the members MiniSearch leaves
 * `protected` for subclasses; each term's document maps are made when the term is first used
 * ({@link LazyTermData}). The same compact postings are what the cache stores, so a warm start skips
 * MiniSearch's JSON format (objects keyed by stringified numbers) too. The result is an ordinary
 * MiniSearch: it is searched, added to and discarded from through its public API, with the same
 * tokenizer and term processing, and the tests check that a bulk build equals `addAll` posting for
 * posting.
 */

/**
 * An index as compact columns: what {@link PostingsBuilder} produces, the cache stores and
 * {@link PassageSearch.fromPostings} reads. Short ids are MiniSearch's internal document numbers.
 */
export interface Postings {
  /** The indexed terms. */
  terms: string[];
  /**
   * For each term in order: the number of fields `k` it occurs in, then `k` times: the field number,
   * the number `n` of documents, `n` short ids (in the index's order, ascending from a build), `n` term
   * frequencies.
   */
  data: Int32Array;
  /** The document id of each short id; -1 for a short id no longer in use (a discarded document). */
  ids: Int32Array;
  /**
   * Field lengths (distinct raw tokens, as MiniSearch counts them), `fieldCount` per short id; -1 where
   * the document has no such field.
   */
  fieldLength: Int32Array;
  /** MiniSearch's running average field lengths. */
  avgFieldLength: number[];
  documentCount: number;
  dirtCount: number;
  /**
   * Optional, from a {@link PostingsBuilder}: which builder gathered these postings, and its number for
   * each of `terms`. Appending many batches from one builder (see {@link SearchAssembler.append}) then
   * looks each term's name up once per builder rather than once per batch. Not persisted.
   */
  from?: { builder: string; terms: Int32Array };
}

/**
 * Where a field's value has its tokens: a tokenizer's spans (see {@link PostingsBuilder}), each with
 * the {@link fnv1a} hash of its characters, which a scanner computes while the characters are at hand.
 */
export interface Spans {
  /** `count` triples: the start of a token, its end (exclusive), and its {@link fnv1a} hash. */
  at: Int32Array;
  count: number;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the UTF-16 code units of `text.slice(start, end)` (the hash {@link Spans} carry). */
export function fnv1a(text: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

/** A raw token's slot when it counts towards none (a stop word). */
const NO_SLOT = -1;

/**
 * The raw tokens of one field, looked up by their characters where they stand in the text (an
 * open-addressing hash table), so that a token seen before costs no string of its own. Each has an id,
 * in the order first seen, with what it comes to, in typed arrays: the slot (term and field) it counts
 * towards (or {@link NO_SLOT}, or `-2 - i` for the `i`th list of several, when `processTerm` gives
 * more than one term) and the last document-field that counted it towards a field length.
 */
class RawTokens {
  /** Open addressing, two numbers a bucket, side by side: a token's hash and its id + 1 (0: empty). */
  private table = new Int32Array(2 << 12);
  /**
   * The ids of recently found tokens, direct-mapped by hash (hash and id + 1 side by side): the common
   * words, most of a text, are found here, in a table small enough to stay in the processor's cache.
   */
  private readonly recent = new Int32Array(2 * RECENT);
  private readonly keys: string[] = [];
  slot: Int32Array = new Int32Array(1 << 11);
  seen: Int32Array = new Int32Array(1 << 11);
  /** Slot lists of raw tokens that count towards several. */
  readonly several: number[][] = [];

  /** The id of `text.slice(start, end)`, or -1 (`hash` is its {@link fnv1a}). */
  find(text: string, start: number, end: number, hash: number): number {
    const r = 2 * (hash & (RECENT - 1));
    if (this.recent[r] === hash && this.recent[r + 1] !== 0) {
      const id = this.recent[r + 1]! - 1;
      if (this.matches(id, text, start, end)) return id;
    }
    const { table } = this;
    const mask = (table.length >> 1) - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const entry = table[2 * i + 1]!;
      if (entry === 0) return -1;
      if (table[2 * i] !== hash || !this.matches(entry - 1, text, start, end)) continue;
      this.recent[r] = hash;
      this.recent[r + 1] = entry;
      return entry - 1;
    }
  }

  /** Whether token `id` is `text.slice(start, end)`. */
  private matches(id: number, text: string, start: number, end: number): boolean {
    const key = this.keys[id]!;
    const length = end - start;
    if (key.length !== length) return false;
    let k = 0;
    while (k < length && key.charCodeAt(k) === text.charCodeAt(start + k)) k++;
    return k === length;
  }

  /** Adds a raw token not in the table yet, with the slots it counts towards; returns its id. */
  add(token: string, hash: number, slots: readonly number[]): number {
    const id = this.keys.length;
    this.keys.push(token);
    if (this.slot.length <= id) {
      this.slot = ensure(this.slot, id + 1);
      this.seen = ensure(this.seen, id + 1);
    }
    if (slots.length === 1) this.slot[id] = slots[0]!;
    else if (slots.length === 0) this.slot[id] = NO_SLOT;
    else this.slot[id] = -2 - (this.several.push([...slots]) - 1);
    if (4 * (id + 1) > this.table.length) this.rehash(this.table.length * 2);
    this.place(hash, id + 1);
    return id;
  }

  private place(hash: number, entry: number): void {
    const mask = (this.table.length >> 1) - 1;
    let i = hash & mask;
    while (this.table[2 * i + 1] !== 0) i = (i + 1) & mask;
    this.table[2 * i] = hash;
    this.table[2 * i + 1] = entry;
  }

  private rehash(size: number): void {
    const old = this.table;
    this.table = new Int32Array(size);
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== 0) this.place(old[i]!, old[i + 1]!);
  }
}

/** Buckets of {@link RawTokens}' table of recently found tokens (a power of two). */
const RECENT = 4096;

/** A typed array at least `size` long, with the contents of `a` (doubling, so appends stay cheap). */
function ensure(a: Int32Array, size: number): Int32Array {
  if (size <= a.length) return a;
  const b = new Int32Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}

/** Builders made so far in this thread (for their names). */
let builders = 0;

/**
 * Gathers postings the way MiniSearch's `add` would (same tokenizer, same `processTerm`, same field
 * lengths and averages), into flat typed arrays. Documents get short ids in the order they are added.
 *
 * Each occurrence costs one hash lookup (its raw token) and a few typed-array reads and writes: a new
 * posting is appended to one list shared by all terms (slot, document, frequency), and {@link finish}
 * sorts them by slot (a counting sort: documents stay in order within a slot). A list per term, each
 * growing apart from all the others, cost about twice as much.
 */
export class PostingsBuilder {
  /** Term → term number; a slot is `term number × fields + field`. */
  private readonly termIds = new Map<string, number>();
  /** The terms by number. */
  private readonly termList: string[] = [];
  /** Slots with postings since the last {@link finish}: it lays out only those. */
  private readonly touched: number[] = [];
  /** A name for this builder, unique across threads (see {@link Postings.from}). */
  private readonly name = `${threadId}:${++builders}`;
  /**
   * Per field, what each raw token comes to. Tokens repeat far more than they differ, so this saves
   * the term processing, the term lookup and a set per field of every document.
   */
  private readonly raw: RawTokens[];
  /**
   * Per slot, three numbers side by side (one cache line): the short id + 1 of its last posting (0:
   * none yet), the index of that posting, and its postings so far.
   */
  private slotState: Int32Array = new Int32Array(3 * 1024);
  /** Postings in the order they were made: slot, short id, frequency. */
  private postSlot: Int32Array = new Int32Array(65536);
  private postDoc: Int32Array = new Int32Array(65536);
  private postFreq: Int32Array = new Int32Array(65536);
  private posts = 0;
  private readonly ids: number[] = [];
  private readonly lengths: number[] = [];
  private readonly avg: number[];
  private readonly tokenize: (text: string, field?: string) => string[];
  private readonly spans: ((text: string, from: number, to: number) => Spans) | undefined;
  private readonly processTerm: (
    term: string,
    field?: string,
  ) => string | string[] | null | undefined | false;
  private stamp = 0;

  constructor(
    private readonly fields: readonly string[],
    options: Pick<Options, 'tokenize' | 'processTerm'>,
    /**
     * Optional: the spans of exactly the tokens `options.tokenize` gives for `text.slice(from, to)`,
     * found without making them strings (see `tokenSpans` in `tokenize.ts`); faster, same result.
     */
    spans?: (text: string, from: number, to: number) => Spans,
  ) {
    if (!options.tokenize || !options.processTerm)
      throw new Error('PostingsBuilder needs tokenize and processTerm');
    this.tokenize = options.tokenize;
    this.processTerm = options.processTerm;
    this.spans = spans;
    this.avg = fields.map(() => 0);
    this.raw = fields.map(() => new RawTokens());
  }

  /** Documents added so far. */
  get size(): number {
    return this.ids.length;
  }

  /**
   * Adds a document: its id and the value of each field, in the order of `fields` (undefined: absent).
   * With `ranges`, field `f`'s value is the part of `values[f]` from `ranges[2f]` to `ranges[2f + 1]`
   * (a negative start: all of it): a passage is read where it stands in its article's text, which is
   * faster to scan than a slice of it.
   */
  add(id: number, values: readonly (string | undefined)[], ranges?: ArrayLike<number>): void {
    const short = this.ids.length;
    this.ids.push(id);
    for (let f = 0; f < this.fields.length; f++) {
      const value = values[f];
      if (value == null) {
        this.lengths.push(-1);
        continue;
      }
      const from = ranges && ranges[2 * f]! >= 0 ? ranges[2 * f]! : 0;
      const to = ranges && ranges[2 * f]! >= 0 ? ranges[2 * f + 1]! : value.length;
      const length = this.spans
        ? this.addSpans(short, f, value, from, to)
        : this.addTokens(short, f, from === 0 && to === value.length ? value : value.slice(from, to));
      this.lengths.push(length);
      // MiniSearch's running average, with the document count before this document (see addFieldLength).
      this.avg[f] = (this.avg[f]! * short + length) / (short + 1);
    }
  }

  /** Adds a field's tokens found by `spans`; returns the field's length. */
  private addSpans(short: number, f: number, value: string, from: number, to: number): number {
    const raw = this.raw[f]!;
    const stamp = ++this.stamp;
    let length = 0; // distinct raw tokens, as MiniSearch counts a field's length
    const { at, count } = this.spans!(value, from, to);
    for (let t = 0; t < 3 * count; t += 3) {
      const start = at[t]!;
      const end = at[t + 1]!;
      const hash = at[t + 2]!;
      let token = raw.find(value, start, end, hash);
      if (token < 0) {
        const text = value.slice(start, end);
        token = raw.add(text, hash, this.slotsOf(text, f));
      }
      length += this.occur(raw, token, stamp, short);
    }
    return length;
  }

  /** Adds a field's tokens from `tokenize`; returns the field's length. */
  private addTokens(short: number, f: number, value: string): number {
    const raw = this.raw[f]!;
    const stamp = ++this.stamp;
    let length = 0;
    for (const text of this.tokenize(value, this.fields[f])) {
      const hash = fnv1a(text, 0, text.length);
      let token = raw.find(text, 0, text.length, hash);
      if (token < 0) token = raw.add(text, hash, this.slotsOf(text, f));
      length += this.occur(raw, token, stamp, short);
    }
    return length;
  }

  /**
   * Counts an occurrence of raw token `token` in document `short`; returns 1 when it is the token's
   * first in this document-field (`stamp`), which the field's length counts, else 0.
   */
  private occur(raw: RawTokens, token: number, stamp: number, short: number): number {
    const slot = raw.slot[token]!;
    if (slot >= 0) this.count(slot, short);
    else if (slot !== NO_SLOT) for (const s of raw.several[-2 - slot]!) this.count(s, short);
    if (raw.seen[token] === stamp) return 0;
    raw.seen[token] = stamp;
    return 1;
  }

  /** The slots a raw token of field `f` counts towards. */
  private slotsOf(token: string, f: number): number[] {
    const processed = this.processTerm(token, this.fields[f]);
    const terms = Array.isArray(processed) ? processed : processed ? [processed] : [];
    return terms.map((term) => this.slotOf(term, f));
  }

  /** Counts one occurrence in document `short` towards `slot`. */
  private count(slot: number, short: number): void {
    const state = this.slotState;
    const s = 3 * slot;
    if (state[s] === short + 1) {
      this.postFreq[state[s + 1]!]!++;
      return;
    }
    const i = this.posts++;
    if (i >= this.postSlot.length) {
      this.postSlot = ensure(this.postSlot, i + 1);
      this.postDoc = ensure(this.postDoc, i + 1);
      this.postFreq = ensure(this.postFreq, i + 1);
    }
    this.postSlot[i] = slot;
    this.postDoc[i] = short;
    this.postFreq[i] = 1;
    state[s] = short + 1;
    state[s + 1] = i;
    if (state[s + 2]!++ === 0) this.touched.push(slot);
  }

  private slotOf(term: string, field: number): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termList.length;
      this.termIds.set(term, id);
      this.termList.push(term);
      this.slotState = ensure(this.slotState, 3 * (id + 1) * this.fields.length);
    }
    return id * this.fields.length + field;
  }

  /**
   * The postings of the documents added since the last call (short ids from 0), in term order, terms
   * without any left out. What the builder has learnt of raw tokens and terms is kept for the next
   * documents: a thread that builds batch after batch processes each word of its vocabulary once.
   */
  finish(): Postings {
    const fieldCount = this.fields.length;
    const state = this.slotState;
    // The slots with postings in these documents, in term order then field order.
    const touched = Int32Array.from(this.touched).sort();
    this.touched.length = 0;
    const used: number[] = [];
    let size = 0;
    for (const slot of touched) {
      const term = (slot / fieldCount) | 0;
      if (used[used.length - 1] !== term) {
        used.push(term);
        size++; // its number of fields
      }
      size += 2; // field, count
      size += 2 * state[3 * slot + 2]!;
    }
    const data = new Int32Array(size);
    let at = 0;
    let k = -1;
    let last = -1;
    for (const slot of touched) {
      const term = (slot / fieldCount) | 0;
      if (term !== last) {
        last = term;
        k = at++;
      }
      const n = state[3 * slot + 2]!;
      data[k]!++;
      data[at++] = slot - term * fieldCount;
      data[at++] = n;
      state[3 * slot + 1] = at; // from here on: where the slot's next short id goes
      at += 2 * n;
    }
    // Postings in the order they were made, so each slot's documents come out ascending.
    for (let i = 0; i < this.posts; i++) {
      const slot = this.postSlot[i]!;
      const pos = state[3 * slot + 1]!++;
      data[pos] = this.postDoc[i]!;
      data[pos + state[3 * slot + 2]!] = this.postFreq[i]!;
    }
    const postings: Postings = {
      terms: used.map((term) => this.termList[term]!),
      data,
      ids: Int32Array.from(this.ids),
      fieldLength: Int32Array.from(this.lengths),
      avgFieldLength: [...this.avg],
      documentCount: this.ids.length,
      dirtCount: 0,
      from: { builder: this.name, terms: Int32Array.from(used) },
    };
    // Ready for the next documents: their short ids start at 0 again.
    for (const slot of touched) state.fill(0, 3 * slot, 3 * slot + 3);
    this.posts = 0;
    this.ids.length = 0;
    this.lengths.length = 0;
    this.avg.fill(0);
    return postings;
  }
}

/** A MiniSearch over passage ids that can be filled from, and turned into, {@link Postings}. */
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
   * The `limit` best hits of a search, as `search(query, options).slice(0, limit)` would rank them
   * (same scores, same order among equal scores), without what `search` does for every hit: a result
   * object with its matched terms, and a sort of them all. A common word matches thousands of
   * passages, of which an answer shows ten.
   */
  topHits(query: Query, options: SearchOptions, limit: number): { id: number; score: number }[] {
    // MiniSearch's own query execution (what `search` runs first); private in its typings only.
    const execute = (this as unknown as { executeQuery: ExecuteQuery }).executeQuery;
    const raw = execute.call(this, query, options);
    const top: { id: number; score: number }[] = [];
    for (const [short, { score, terms }] of raw) {
      const s = score * (terms.length || 1); // as `search` weighs a hit by the query terms it matched
      if (top.length === limit && s <= top[limit - 1]!.score) continue;
      // Insert after every hit scoring the same or more: ties keep the order `search` gives them.
      let lo = 0;
      let hi = top.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (top[mid]!.score >= s) lo = mid + 1;
        else hi = mid;
      }
      top.splice(lo, 0, { id: this._documentIds.get(short)!, score: s });
      if (top.length > limit) top.pop();
    }
    return top;
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
