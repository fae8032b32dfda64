import { threadId } from 'node:worker_threads';
import type { Options } from 'minisearch';

/**
 * Gathering an index's postings in flat typed arrays, outside MiniSearch: one hash lookup per token
 * occurrence ({@link PostingsBuilder}), possibly in several threads. The result, {@link Postings}, is
 * what `passage-search.ts` hands MiniSearch in one step and what the cache stores. Nothing here
 * touches MiniSearch's own members.
 */

/**
 * An index as compact columns: what {@link PostingsBuilder} produces, the cache stores and
 * `PassageSearch.fromPostings` reads. Short ids are MiniSearch's internal document numbers.
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
   * each of `terms`. Appending many batches from one builder (see `SearchAssembler.append` in `passage-search.ts`) then
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
