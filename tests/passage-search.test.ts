import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIELDS, fieldValue, indexOptions, type NewsIndex, newPostingsBuilder } from '../src/news/index.ts';
import { loadIndex } from '../src/news/load.ts';
import { LazyTermData, PassageSearch } from '../src/news/passage-search.ts';
import { type Postings, PostingsBuilder } from '../src/news/postings.ts';
import { normalizeTerm } from '../src/news/tokenize.ts';

const FIXTURES = new URL('./fixtures/corpus', import.meta.url).pathname;

/** Postings as a comparable value: terms sorted, each with its fields' documents and frequencies. */
function normalized(p: Postings) {
  const terms: Record<string, Record<number, [number, number][]>> = {};
  let at = 0;
  for (const term of p.terms) {
    const byField: Record<number, [number, number][]> = {};
    const k = p.data[at++]!;
    for (let j = 0; j < k; j++) {
      const f = p.data[at++]!;
      const n = p.data[at++]!;
      byField[f] = Array.from({ length: n }, (_, i) => [p.data[at + i]!, p.data[at + n + i]!]);
      at += 2 * n;
    }
    terms[term] = byField;
  }
  return {
    terms: Object.fromEntries(Object.entries(terms).sort(([a], [b]) => (a < b ? -1 : 1))),
    ids: [...p.ids],
    fieldLength: [...p.fieldLength],
    // MiniSearch leaves the average of a field no document has had unset; either way it is never read.
    avgFieldLength: FIELDS.map((_, f) => p.avgFieldLength[f] ?? 0),
    documentCount: p.documentCount,
  };
}

/** The same passages indexed by MiniSearch's own `addAll`, one occurrence at a time. */
function addedOneByOne(index: NewsIndex, ids: number[]): PassageSearch {
  const search = new PassageSearch(indexOptions(index.source));
  search.addAll(ids);
  return search;
}

function liveIds(index: NewsIndex): number[] {
  return index.lib.passages.map((_, id) => id);
}

/** A document of the index's four fields, each absent or a few words that exercise the tokenizer. */
function arbitraryDoc(maxWords: number) {
  const word = fc.constantFrom(
    'Trade',
    'trade',
    'the',
    'Kazakhstan',
    "China's",
    '$24.1',
    'U.S.',
    'oil',
    'x',
    '',
  );
  const value = fc.option(
    fc.array(word, { maxLength: maxWords }).map((w) => w.join(' ')),
    { nil: undefined },
  );
  return fc.tuple(value, value, value, value);
}

describe('bulk-built search index', () => {
  let index: NewsIndex;
  beforeAll(async () => {
    index = await loadIndex(FIXTURES);
  });

  it('holds exactly the postings, field lengths and averages that MiniSearch addAll builds', () => {
    const bulk = index.search.toPostings();
    const reference = addedOneByOne(index, liveIds(index)).toPostings();
    expect(bulk.terms.length).toBeGreaterThan(100);
    expect(normalized(bulk)).toEqual(normalized(reference));
  });

  it('ranks every query exactly as the one-by-one index does', () => {
    const reference = addedOneByOne(index, liveIds(index));
    for (const q of ['kazakhstan china trade', 'rates', 'minister said', '24.1 billion', 'exports']) {
      const got = index.search.search(q).map((r) => [r.id, r.score]);
      expect(got.length, q).toBeGreaterThan(0);
      expect(got, q).toEqual(reference.search(q).map((r) => [r.id, r.score]));
    }
  });

  it('ranks prefix and fuzzy searches as the one-by-one index does (its term tree made on demand)', () => {
    const reference = addedOneByOne(index, liveIds(index));
    const fresh = PassageSearch.fromPostings(index.search.toPostings(), indexOptions(index.source));
    for (const [q, options] of [
      ['kazakh', { prefix: true }],
      ['exprts', { fuzzy: 0.2 }],
      ['trade', { prefix: true, fuzzy: 0.2 }],
    ] as const) {
      const got = fresh.search(q, options).map((r) => [r.id, r.score]);
      expect(got.length, q).toBeGreaterThan(0);
      expect(got, q).toEqual(reference.search(q, options).map((r) => [r.id, r.score]));
    }
    expect(fresh.termCount).toBe(reference.termCount);
  });

  it('reads document tables from its columns until something changes them', () => {
    const fresh = PassageSearch.fromPostings(index.search.toPostings(), indexOptions(index.source));
    const reference = addedOneByOne(index, liveIds(index));
    const tables = (s: PassageSearch) => {
      const t = s as unknown as Record<string, Map<number, unknown>>;
      return ['_documentIds', '_idToShortId', '_fieldLength'].map((k) => t[k]!);
    };
    const [ids, shorts, lengths] = tables(fresh);
    const [refIds, refShorts, refLengths] = tables(reference);
    for (const short of [0, 1, 7, -1, 1e9, 0.5]) {
      expect(ids!.get(short), `short ${short}`).toEqual(refIds!.get(short));
      expect(ids!.has(short)).toBe(refIds!.has(short));
      expect(lengths!.get(short)).toEqual(refLengths!.get(short));
      expect(shorts!.get(short)).toEqual(refShorts!.get(short));
    }
    expect([ids!.size, shorts!.size, lengths!.size]).toEqual([
      refIds!.size,
      refShorts!.size,
      refLengths!.size,
    ]);
    // Iterating makes the entries, in MiniSearch's order.
    expect([...ids!]).toEqual([...refIds!]);
    expect([...shorts!.keys()]).toEqual([...refShorts!.keys()]);
    expect([...lengths!.values()]).toEqual([...refLengths!.values()]);
    expect(fresh.has(3)).toBe(true);
    expect(fresh.has(index.lib.passages.length)).toBe(false);
  });

  it('survives a round trip through postings unchanged', () => {
    const postings = index.search.toPostings();
    const again = PassageSearch.fromPostings(postings, indexOptions(index.source));
    expect(normalized(again.toPostings())).toEqual(normalized(postings));
    expect(again.search('trade').map((r) => r.id)).toEqual(index.search.search('trade').map((r) => r.id));
  });

  it('leaves discarded passages out of its postings, so a reloaded index never finds them', () => {
    const ids = liveIds(index);
    const search = addedOneByOne(index, ids);
    const hit = search.search('turnover')[0]!.id;
    search.discard(hit);
    const postings = search.toPostings();
    expect(postings.ids).not.toContain(hit);
    const reloaded = PassageSearch.fromPostings(postings, indexOptions(index.source));
    expect(reloaded.search('turnover').map((r) => r.id)).not.toContain(hit);
    expect(reloaded.documentCount).toBe(ids.length - 1);
    // Added to again after the reload, it indexes like any MiniSearch.
    reloaded.add(hit);
    expect(reloaded.search('turnover').map((r) => r.id)).toContain(hit);
  });

  it("makes a term's maps only when something uses the term, then behaves as a plain map", async () => {
    const fresh = await loadIndex(FIXTURES);
    const data = (term: string) =>
      (fresh.search as unknown as { _index: Map<string, unknown> })._index.get(term);
    const turnover = normalizeTerm('turnover')!;
    const lazy = data(turnover) as LazyTermData;
    expect(lazy).toBeInstanceOf(LazyTermData);
    expect(lazy.filled).toBe(false);
    // Counting, and writing the cache, leave it as it is.
    const n = fresh.search.documentFrequency(turnover, 'text');
    fresh.search.toPostings();
    expect(lazy.filled).toBe(false);
    // A search fills the terms it looks up, and no other.
    expect(fresh.search.search('turnover').length).toBe(n);
    expect(lazy.filled).toBe(true);
    expect(lazy.get(0)!.size).toBe(n);
    expect((data(normalizeTerm('exports')!) as LazyTermData).filled).toBe(false);
    // MiniSearch's own add, discard and vacuum go through the same maps.
    const reference = addedOneByOne(fresh, liveIds(fresh));
    const victim = fresh.search.search('exports')[0]!.id;
    fresh.search.discard(victim);
    await fresh.search.vacuum();
    expect(fresh.search.search('exports').map((r) => r.id)).not.toContain(victim);
    fresh.search.add(victim);
    for (const q of ['exports', 'turnover', 'kazakhstan', 'rates']) {
      const ids = (search: PassageSearch) =>
        search
          .search(q)
          .map((r) => r.id)
          .sort((a, b) => a - b);
      expect(ids(fresh.search), q).toEqual(ids(reference));
    }
  });

  it('counts document frequency per field', () => {
    const n = index.search.documentFrequency(normalizeTerm('turnover')!, 'text');
    expect(n).toBeGreaterThan(0);
    expect(n).toBe(index.search.search('turnover', { fields: ['text'] }).length);
    expect(index.search.documentFrequency('no-such-term', 'text')).toBe(0);
  });

  it('refuses postings whose tables do not agree, naming the counts', () => {
    const p = index.search.toPostings();
    expect(() =>
      PassageSearch.fromPostings(
        { ...p, fieldLength: p.fieldLength.subarray(1) },
        indexOptions(index.source),
      ),
    ).toThrow(/field lengths for \d+ documents/);
    const longer = new Int32Array(p.data.length + 1);
    longer.set(p.data);
    expect(() => PassageSearch.fromPostings({ ...p, data: longer }, indexOptions(index.source))).toThrow(
      /1 values past its last term/,
    );
  });

  it('matches addAll on arbitrary documents, absent fields and repeated words included', () => {
    const doc = arbitraryDoc(12);
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 20 }), fc.boolean(), (docs, scan) => {
        const options = {
          ...indexOptions(index.source),
          extractField: (id: number, field: string) =>
            field === 'id' ? id : docs[id]![FIELDS.indexOf(field as (typeof FIELDS)[number])],
        };
        // As the index builds (scanning character codes), or with the tokenizer MiniSearch is given.
        const builder = scan ? newPostingsBuilder() : new PostingsBuilder(FIELDS, options);
        docs.forEach((d, id) => {
          builder.add(id, d);
        });
        const reference = new PassageSearch(options);
        reference.addAll(docs.map((_, id) => id));
        expect(normalized(builder.finish())).toEqual(normalized(reference.toPostings()));
      }),
      { numRuns: 200 },
    );
  });

  it('gathers batch after batch with one builder as separate builders would, scanning or tokenizing', () => {
    const doc = arbitraryDoc(8);
    const batches = fc.array(fc.array(doc, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 });
    const options = indexOptions(index.source);
    fc.assert(
      fc.property(batches, fc.boolean(), (parts, scan) => {
        const make = () => (scan ? newPostingsBuilder() : new PostingsBuilder(FIELDS, options));
        const shared = make();
        for (const part of parts) {
          const alone = make();
          part.forEach((d, id) => {
            shared.add(id, d);
            alone.add(id, d);
          });
          expect(normalized(shared.finish())).toEqual(normalized(alone.finish()));
        }
      }),
      { numRuns: 200 },
    );
  });
});

it('gives fields their library values: title on the lede only, speaker on quotes only', async () => {
  const index = await loadIndex(FIXTURES);
  const { lib } = index;
  const lede = lib.passages.findIndex((p) => p.ordinal === 0);
  const second = lib.passages.findIndex((p) => p.ordinal === 1);
  expect(fieldValue(lib, lede, 'title')).toBe(lib.articles[lib.passages[lede]!.article]!.title);
  expect(fieldValue(lib, second, 'title')).toBeUndefined();
  const quote = lib.passages.findIndex((p) => p.speaker >= 0);
  expect(fieldValue(lib, quote, 'speaker')).toBe(lib.speakers[lib.passages[quote]!.speaker]);
});

describe("MiniSearch's non-public members, as this index uses them", () => {
  it('are there, with the shapes passage-search.ts assumes (minisearch is pinned to 7.2.0)', async () => {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(pkg.dependencies.minisearch).toBe('7.2.0');
    const MiniSearch = (await import('minisearch')).default;
    const plain = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
    plain.add({ id: 7, text: 'oil prices rose' });
    const m = plain as unknown as Record<string, unknown>;
    for (const map of ['_documentIds', '_idToShortId', '_fieldLength']) expect(m[map]).toBeInstanceOf(Map);
    expect(m._fieldIds).toEqual({ text: 0 });
    expect(m._avgFieldLength).toEqual([3]);
    expect(m._documentCount).toBe(1);
    expect(m._nextId).toBe(1);
    expect(m._dirtCount).toBe(0);
    // The term index: term → field id → short id → term frequency.
    const index = m._index as { get(term: string): Map<number, Map<number, number>> | undefined };
    expect(index.get('oil')?.get(0)?.get(0)).toBe(1);
    expect((m._documentIds as Map<number, number>).get(0)).toBe(7);
  });
});
