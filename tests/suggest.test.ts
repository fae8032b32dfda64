import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suggestPlaces } from '../src/discord/suggest.ts';
import type { NewsIndex } from '../src/news/index.ts';
import { loadIndex } from '../src/news/load.ts';

let dir: string;
let index: NewsIndex;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'suggest-'));
  // Australia, Russia and Austria are named more often than the United States, so that a choice
  // found by its short form must win over names that merely contain the letters.
  writeFileSync(
    join(dir, 'a.txt'),
    'Australia, Russia and Austria signed a deal. Australia and Russia traded grain. Austria and Australia ' +
      'sold wine to Russia. The United States and the United Kingdom watched, as did the Netherlands.\n',
  );
  index = await loadIndex(dir);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('place autocomplete', () => {
  it('offers the place a short form or other name stands for first, saying which name matched', () => {
    expect(suggestPlaces(index, 'us')[0]).toEqual({ name: 'United States (US)', value: 'United States' });
    expect(suggestPlaces(index, 'uk')[0]).toEqual({ name: 'United Kingdom (UK)', value: 'United Kingdom' });
    expect(suggestPlaces(index, 'brit')[0]!.value).toBe('United Kingdom');
    expect(suggestPlaces(index, 'america')[0]!.value).toBe('United States');
    expect(suggestPlaces(index, 'holland')).toEqual([
      { name: 'Netherlands (Holland)', value: 'Netherlands' },
    ]);
  });

  it('shows a place found by its own name without a label, and completes the second place of two', () => {
    expect(suggestPlaces(index, 'austr').map((c) => c.name)).toEqual(['Australia', 'Austria']);
    expect(suggestPlaces(index, 'russia us')[0]).toEqual({
      name: 'russia United States (US)',
      value: 'russia United States',
    });
  });
});
