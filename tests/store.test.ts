import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answer } from '../src/news/answers/index.ts';
import type { NewsIndex } from '../src/news/index.ts';
import { articleCount } from '../src/news/library.ts';
import { LiveIndex } from '../src/news/live.ts';
import { type CacheEvent, openIndex, refreshIndex } from '../src/news/store.ts';

const FIXTURES = new URL('./fixtures/corpus', import.meta.url).pathname;
let seeds: string;
let cache: string;

beforeEach(() => {
  seeds = mkdtempSync(join(tmpdir(), 'store-seeds-'));
  cache = mkdtempSync(join(tmpdir(), 'store-cache-'));
  cpSync(FIXTURES, seeds, { recursive: true });
});
afterEach(() => {
  rmSync(seeds, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

/** Opens the index and waits until the cache is written (when it is). */
async function open(): Promise<{ index: NewsIndex; events: CacheEvent[] }> {
  const events: CacheEvent[] = [];
  let written: () => void = () => {};
  const done = new Promise<void>((r) => {
    written = r;
  });
  const index = await openIndex(seeds, {
    cacheDir: cache,
    onCache: (e) => {
      events.push(e);
      if (e.kind === 'written' || e.kind === 'write-failed') written();
    },
  });
  if (events.some((e) => e.kind === 'miss' || e.kind === 'invalid' || e.kind === 'refreshed')) await done;
  return { index, events };
}

const top = (index: NewsIndex, q: string) => answer(index, q).results.map((r) => r.text);

describe('the persisted index', () => {
  it('is written after a build and loaded at the next start, answering the same', async () => {
    const first = await open();
    expect(first.events.map((e) => e.kind)).toEqual(['miss', 'written']);
    const second = await open();
    expect(second.events.map((e) => e.kind)).toEqual(['hit']);
    for (const q of ['/trade kazakhstan china', '/quote tokayev', '/search visa-free regime']) {
      expect(top(second.index, q)).toEqual(top(first.index, q));
    }
  });

  it('is never trusted when truncated: rebuilt and reported', async () => {
    await open();
    const file = join(cache, 'news-index.json');
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 100));
    const again = await open();
    expect(again.events[0]).toMatchObject({ kind: 'invalid', detail: expect.stringMatching(/truncated/) });
    expect(top(again.index, '/trade kazakhstan china')[0]).toContain('$24.1 billion');
  });

  it('is never trusted when garbled: rebuilt and reported', async () => {
    await open();
    const file = join(cache, 'news-index.json');
    const bytes = readFileSync(file);
    bytes[bytes.length - 50] = (bytes[bytes.length - 50] ?? 0) ^ 0x20;
    writeFileSync(file, bytes);
    const again = await open();
    expect(again.events[0]).toMatchObject({ kind: 'invalid', detail: expect.stringMatching(/checksum/) });
    expect(articleCount(again.index.lib)).toBe(articleCount((await open()).index.lib));
  });

  it('picks up files changed while the bot was down', async () => {
    await open();
    writeFileSync(
      join(seeds, 'wire', 'new.txt'),
      '(Fixture Wire) Mongolia and Japan agreed rare earth exports worth $300 million.',
    );
    const again = await open();
    expect(again.events.map((e) => e.kind)).toEqual(['hit', 'refreshed', 'written']);
    expect(top(again.index, '/trade mongolia japan')[0]).toContain('$300 million');
  });
});

describe('refreshing an index with what changed', () => {
  it('adds, changes and removes only those files', async () => {
    const { index } = await open();
    writeFileSync(
      join(seeds, 'wire', 'new.txt'),
      '(Fixture Wire) Mongolia and Japan agreed rare earth exports worth $300 million.',
    );
    unlinkSync(join(seeds, 'wire', 'andes-trade.md'));
    writeFileSync(
      join(seeds, 'wire', 'rates-crlf.txt'),
      '(Fixture Post) Rates. Mr Hale said: "We will hold rates at 4 percent."',
    );
    const r = await refreshIndex(index, seeds);
    expect(r.mode).toBe('updated');
    expect(r.added).toEqual(['wire/new.txt']);
    expect(r.changed).toEqual(['wire/rates-crlf.txt']);
    expect(r.removed).toEqual(['wire/andes-trade.md']);
    expect(top(r.index, '/trade peru chile')).toEqual([]);
    expect(top(r.index, '/search hold rates')[0]).toContain('We will hold rates at 4 percent');
    expect(top(r.index, '/search inflation still too high')).not.toContainEqual(
      expect.stringContaining('Inflation is still too high'),
    );
  });

  it('returns the same index when nothing changed', async () => {
    const { index } = await open();
    const r = await refreshIndex(index, seeds);
    expect(r.mode).toBe('unchanged');
    expect(r.index).toBe(index);
  });
});

describe('the live index during a reindex', () => {
  it('keeps answering from the old index until the new one is complete, and joins a second reindex', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let builds = 0;
    const live = new LiveIndex(async (previous, commit) => {
      builds++;
      if (!previous) return (await open()).index;
      await gate;
      return (await refreshIndex(previous, seeds, { commit })).index;
    });
    await live.load();
    const before = live.current;
    writeFileSync(
      join(seeds, 'wire', 'new.txt'),
      '(Fixture Wire) Mongolia and Japan agreed rare earth exports worth $300 million.',
    );
    const first = live.reindex();
    const second = live.reindex();
    expect(answer(live.current, '/trade mongolia japan').results).toEqual([]);
    expect(live.current).toBe(before);
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(builds).toBe(2);
    expect(a).toMatchObject({ ok: true, added: ['wire/new.txt'], joined: false });
    expect(b.joined).toBe(true);
    expect(answer(live.current, '/trade mongolia japan').results[0]?.text).toContain('$300 million');
  });

  it('keeps the old index serving when a reindex fails, and says why', async () => {
    const live = new LiveIndex(async (previous) => {
      if (!previous) return (await open()).index;
      throw new Error('disk on fire');
    });
    await live.load();
    const before = live.current;
    const r = await live.reindex();
    expect(r).toMatchObject({ ok: false, error: 'disk on fire' });
    expect(live.current).toBe(before);
    expect(answer(live.current, '/trade kazakhstan china').results.length).toBeGreaterThan(0);
  });
});
