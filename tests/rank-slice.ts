/**
 * The index the ranking tests ask (rank.test.ts, and rank.slow.test.ts for the exhaustive property): a
 * slice of the real archive when it is there (`../shared/corpus`), else the fixtures.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { NewsIndex } from '../src/news/index.ts';
import { passageText } from '../src/news/library.ts';
import { loadIndex } from '../src/news/load.ts';

const CORPUS = new URL('../../shared/corpus/', import.meta.url).pathname;
const FIXTURES = new URL('./fixtures/corpus', import.meta.url).pathname;
const hasCorpus = existsSync(join(CORPUS, 'bbc'));

/** Registers the hooks that build the index before the file's tests; `index` is set from then on. */
export function rankSlice(): { index: NewsIndex } {
  const slice = {} as { index: NewsIndex };
  let dir: string | null = null;
  beforeAll(async () => {
    if (!hasCorpus) {
      slice.index = await loadIndex(FIXTURES);
      return;
    }
    // A slice of the real archive: wire and British prose, a few hundred articles of each.
    dir = mkdtempSync(join(tmpdir(), 'rank-'));
    for (const set of ['bbc', 'reuters', 'wikinews']) {
      const files = readdirSync(join(CORPUS, set)).sort().slice(0, 250);
      for (const f of files) cpSync(join(CORPUS, set, f), join(dir, set, f));
    }
    slice.index = await loadIndex(dir);
  }, 60_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return slice;
}

/** Words of the archive's own passages, to ask about. */
export function vocabulary(index: NewsIndex): string[] {
  const words = new Set<string>();
  for (const p of index.lib.passages.slice(0, 3000)) {
    for (const w of passageText(index.lib, p).split(/\s+/)) if (/^[A-Za-z]{3,}$/.test(w)) words.add(w);
  }
  return [...words].sort();
}
