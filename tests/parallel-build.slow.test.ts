import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../src/news/answers/index.ts';
import { toColumns } from '../src/news/library.ts';
import { type LoadProgress, loadIndex } from '../src/news/load.ts';

const FIXTURES = new URL('./fixtures/corpus', import.meta.url).pathname;

describe('parallel build', () => {
  let seeds: string;
  beforeAll(() => {
    // 5,000 small articles made from the fixtures' real prose: ten batches of 500, so the worker gets
    // some before the main thread, which takes them from the other end, has done them all.
    seeds = mkdtempSync(join(tmpdir(), 'load-seeds-'));
    const texts = ['asia/000_c9ca8e629531946f.txt', 'wire/andes-trade.md', 'wire/rates-crlf.txt'].map((f) =>
      readFileSync(join(FIXTURES, f), 'utf8'),
    );
    for (let i = 0; i < 5000; i++) {
      const text = texts[i % texts.length]!;
      // Each copy differs (a number in its last line), so no two files are the same article.
      writeFileSync(join(seeds, `a${String(i).padStart(5, '0')}.txt`), `${text}\nFile number ${i}.\n`);
    }
  });
  afterAll(() => rmSync(seeds, { recursive: true, force: true }));

  it('builds the same library and index as one thread, batch order kept', async () => {
    const seen: LoadProgress[] = [];
    const one = await loadIndex(seeds, { parallelFrom: 0, onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toMatchObject({ stage: 'done', threads: 1 });
    const two = await loadIndex(seeds, { parallelFrom: 1000, onProgress: (p) => seen.push(p) });
    // The worker did its share (no fallback to one thread).
    expect(seen.at(-1)).toMatchObject({ stage: 'done', threads: 2, fallback: undefined });
    expect(seen.at(-1)!.workerBatches).toBeGreaterThan(0);
    expect(readdirSync(seeds)).toHaveLength(5000);
    expect(two.lib.articles.map((a) => a.file)).toEqual(one.lib.articles.map((a) => a.file));
    expect(toColumns(two.lib)).toEqual(toColumns(one.lib));
    const p1 = one.search.toPostings();
    const p2 = two.search.toPostings();
    expect(p2.terms.length).toBe(p1.terms.length);
    expect([...p2.ids]).toEqual([...p1.ids]);
    expect([...p2.fieldLength]).toEqual([...p1.fieldLength]);
    expect(p2.avgFieldLength).toEqual(p1.avgFieldLength);
    const line = '/trade kazakhstan china';
    expect(answer(two, line).results.map((r) => [r.file, r.text])).toEqual(
      answer(one, line).results.map((r) => [r.file, r.text]),
    );
  }, 60_000);
});
