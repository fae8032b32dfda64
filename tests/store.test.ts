import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answer } from '../src/news/answers/index.ts';
import { buildIndex, type NewsIndex } from '../src/news/index.ts';
import { articleCount, toColumns } from '../src/news/library.ts';
import { LiveIndex } from '../src/news/live.ts';
import { loadIndex } from '../src/news/load.ts';
import { type CacheEvent, cacheFile, openIndex, persistIndex, refreshIndex } from '../src/news/store.ts';

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

/** Opens the index of `folder` and waits until the cache is written (when it is). */
async function open(
  folder: string = seeds,
  code?: string,
): Promise<{ index: NewsIndex; events: CacheEvent[] }> {
  const events: CacheEvent[] = [];
  let written: () => void = () => {};
  const done = new Promise<void>((r) => {
    written = r;
  });
  const index = await openIndex(folder, {
    cacheDir: cache,
    ...(code ? { code } : {}),
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
    const file = cacheFile(cache, seeds).path;
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 100));
    const again = await open();
    expect(again.events[0]).toMatchObject({ kind: 'invalid', detail: expect.stringMatching(/truncated/) });
    expect(top(again.index, '/trade kazakhstan china')[0]).toContain('$24.1 billion');
  });

  it('is never trusted when garbled: rebuilt and reported', async () => {
    await open();
    const file = cacheFile(cache, seeds).path;
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
  const MONGOLIA = '(Fixture Wire) Mongolia and Japan agreed rare earth exports worth $300 million.';
  const ICELAND = '(Fixture Wire) Iceland and Norway signed a fish trade deal worth $900 million.';

  it('keeps answering from the old index until the new one is complete', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const live = new LiveIndex(async (previous) => {
      if (!previous) return (await open()).index;
      await gate;
      return (await refreshIndex(previous, seeds)).index;
    });
    await live.load();
    const before = live.current;
    writeFileSync(join(seeds, 'wire', 'new.txt'), MONGOLIA);
    const run = live.reindex();
    await new Promise((r) => setTimeout(r, 50));
    expect(live.reindexing).toBe(true);
    expect(live.current).toBe(before);
    expect(answer(live.current, '/trade mongolia japan').results).toEqual([]);
    release();
    expect(await run).toMatchObject({ ok: true, added: ['wire/new.txt'], queued: false, joined: false });
    expect(answer(live.current, '/trade mongolia japan').results[0]?.text).toContain('$300 million');
  });

  it('gives a reindex asked for during a run one more run after it, shared by the requests that wait', async () => {
    const gates: (() => void)[] = [];
    let builds = 0;
    // Each run reads the folder, then waits at its gate before it completes.
    const live = new LiveIndex(async (previous) => {
      if (!previous) return (await open()).index;
      builds++;
      const r = await refreshIndex(previous, seeds);
      await new Promise<void>((resolve) => gates.push(resolve));
      return r.index;
    });
    await live.load();
    writeFileSync(join(seeds, 'wire', 'new.txt'), MONGOLIA);
    const first = live.reindex();
    await expect.poll(() => gates.length).toBe(1);
    // Written after the first run read the folder: only a run that starts after the request can see it.
    writeFileSync(join(seeds, 'wire', 'iceland.txt'), ICELAND);
    const second = live.reindex();
    const third = live.reindex();
    gates[0]!();
    const a = await first;
    await expect.poll(() => gates.length).toBe(2);
    gates[1]!();
    const [b, c] = await Promise.all([second, third]);
    expect(builds).toBe(2);
    expect(a).toMatchObject({ ok: true, queued: false, added: ['wire/new.txt'] });
    expect(b).toMatchObject({ ok: true, queued: true, joined: false, added: ['wire/iceland.txt'] });
    expect(c).toMatchObject({ ok: true, queued: true, joined: true, added: ['wire/iceland.txt'] });
    expect(answer(live.current, '/trade iceland norway').results[0]?.text).toContain('$900 million');
    expect(live.reindexing).toBe(false);
    // A later request starts a run of its own at once.
    const d = live.reindex();
    await expect.poll(() => gates.length).toBe(3);
    gates[2]!();
    expect(await d).toMatchObject({ ok: true, queued: false });
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
    expect(r.refused).toBeUndefined();
    expect(live.current).toBe(before);
    expect(answer(live.current, '/trade kazakhstan china').results.length).toBeGreaterThan(0);
  });

  it('refuses to swap in an empty folder, and the old index keeps serving', async () => {
    const live = new LiveIndex(async (previous) =>
      previous ? (await refreshIndex(previous, seeds)).index : (await open()).index,
    );
    await live.load();
    const before = live.current;
    rmSync(seeds, { recursive: true, force: true });
    mkdirSync(join(seeds, 'ops'), { recursive: true });
    writeFileSync(join(seeds, 'ops', 'run.sh'), 'echo hi');
    const r = await live.reindex();
    expect(r).toMatchObject({ ok: false, refused: 'empty', articlesBefore: 4, articlesAfter: 4 });
    expect(r.error).toMatch(/No article/);
    expect(r.skipped.map((s) => s.file)).toEqual(['ops/run.sh']);
    expect(live.current).toBe(before);
    rmSync(seeds, { recursive: true, force: true });
    const missing = await live.reindex();
    expect(missing).toMatchObject({ ok: false, refused: 'empty' });
    expect(missing.error).toMatch(/missing/);
    expect(missing.error).not.toContain(seeds);
    expect(live.current).toBe(before);
    expect(answer(live.current, '/trade kazakhstan china').results.length).toBeGreaterThan(0);
  });
});

describe('removed passages', () => {
  const RATES = join('wire', 'rates-crlf.txt');
  const edit = (i: number) =>
    writeFileSync(
      join(seeds, RATES),
      `(Fixture Post) Rates, take ${i}. Mr Hale said: "We will hold rates at ${i} percent." Markets rose. Bonds fell ${i} pct.`,
    );

  it('are compacted: 60 edits of one file keep the library near its live size and report live counts', async () => {
    const live = new LiveIndex(async (previous) =>
      previous ? (await refreshIndex(previous, seeds)).index : (await open()).index,
    );
    await live.load();
    const modes = new Set<string>();
    let last = 0;
    for (let i = 0; i < 60; i++) {
      edit(i);
      const r = await live.reindex();
      expect(r.ok).toBe(true);
      expect(r.changed).toEqual(['wire/rates-crlf.txt']);
      if (i > 0) expect(r.passages).toBe(last);
      last = r.passages;
      const { lib } = live.current;
      const livePassages = lib.passages.filter((p) => !lib.removed.has(p.article)).length;
      expect(r.passages).toBe(livePassages);
      expect(lib.passages.length).toBeLessThanOrEqual(Math.ceil(livePassages / 0.75) + 8);
      modes.add(lib.removed.size ? 'carrying' : 'compact');
    }
    expect(modes).toEqual(new Set(['carrying', 'compact']));
  });

  it('compact exactly: after edits and a compaction, the library and answers equal a fresh build', async () => {
    const { index } = await open();
    let current = index;
    const modes: string[] = [];
    const steps: (() => void)[] = [
      () => edit(1),
      () =>
        writeFileSync(
          join(seeds, 'a-first.txt'),
          '(Fixture Wire) Aardvark exports from Kenya to Japan rose 5 percent.',
        ),
      () => edit(2),
      () => unlinkSync(join(seeds, 'copies', 'seed-copy.txt')),
      () =>
        writeFileSync(
          join(seeds, 'wire', 'z.txt'),
          '(Fixture Wire) "We will sell more tea," said Ms Amy Pope, a trader.',
        ),
      () => edit(3),
      () => unlinkSync(join(seeds, 'asia', '000_c9ca8e629531946f.txt')),
    ];
    for (const step of steps) {
      step();
      const r = await refreshIndex(current, seeds);
      modes.push(r.mode);
      current = r.index;
    }
    expect(modes).toContain('compacted');
    expect(modes.at(-1)).toBe('compacted'); // the seed's passages are most of the library
    const fresh = await loadIndex(seeds);
    expect(toColumns(current.lib)).toEqual(toColumns(fresh.lib));
    expect(current.search.toPostings()).toEqual(fresh.search.toPostings());
    for (const q of [
      '/trade kenya japan',
      '/quote pope',
      '/search hold rates',
      '/trade peru chile',
      'what did hale say?',
    ])
      expect(answer(current, q)).toEqual(answer(fresh, q));
  });

  it('carried without compaction, answer exactly as an index built over the same library', async () => {
    const { index } = await open();
    writeFileSync(
      join(seeds, 'wire', 'new.txt'),
      '(Fixture Wire) Mongolia and Japan agreed rare earth exports worth $300 million.',
    );
    edit(7);
    const r = await refreshIndex(index, seeds);
    expect(r.mode).toBe('updated');
    expect(r.index.lib.removed.size).toBe(1);
    const plain = await buildIndex(r.index.lib);
    for (const q of [
      '/trade mongolia japan',
      '/search hold rates',
      '/quote hale',
      '/trade kazakhstan china',
      'inflation',
    ])
      expect(answer(r.index, q)).toEqual(answer(plain, q));
    expect(r.index.search.documentFrequency('inflation', 'text')).toBe(
      plain.search.documentFrequency('inflation', 'text'),
    );
  });
});

describe('cache files on disk', () => {
  it('a failed write (a full disk) leaves no temporary file and is reported', async () => {
    // The write's temporary file is this process's: planted once the cache is opened (a leftover of
    // this pid would be removed as stale), pointing at /dev/full, every write to it fails with ENOSPC.
    const tmp = `${cacheFile(cache, seeds).path}.${process.pid}.tmp`;
    const events: CacheEvent[] = [];
    await openIndex(seeds, {
      cacheDir: cache,
      onCache: (e) => {
        events.push(e);
        if (e.kind === 'miss') symlinkSync('/dev/full', tmp);
      },
    });
    await expect.poll(() => events.at(-1)?.kind).toBe('write-failed');
    expect(events.at(-1)?.detail).toMatch(/ENOSPC/);
    expect(readdirSync(cache)).toEqual([]);
  });

  it("temporary files of writers that died are removed at start; a running writer's and other files are kept", async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const { name } = cacheFile(cache, seeds);
    // This release's temporary names, and the single cache file's of earlier releases.
    const planted = [
      `${name}.${dead}.tmp`,
      `news-index.json.${dead}.tmp`,
      `${name}.${process.ppid}.tmp`,
      'notes.txt',
    ];
    for (const file of planted) writeFileSync(join(cache, file), Buffer.alloc(1024));
    const { events } = await open();
    expect(events[0]).toMatchObject({
      kind: 'cleaned',
      detail: expect.stringContaining(`${name}.${dead}.tmp`),
    });
    expect(events[0]?.detail).toContain(`news-index.json.${dead}.tmp`);
    expect(readdirSync(cache).sort()).toEqual([name, `${name}.${process.ppid}.tmp`, 'notes.txt'].sort());
  });

  it('one write at a time: an index asked to be written during a write is written after it', async () => {
    const { index } = await open();
    writeFileSync(
      join(seeds, 'wire', 'new.txt'),
      '(Fixture Wire) Mongolia and Japan agreed rare earth exports worth $300 million.',
    );
    const { index: next } = await refreshIndex(index, seeds);
    const events: CacheEvent[][] = [[], [], []];
    const file = cacheFile(cache, seeds);
    persistIndex(file, index, (e) => events[0]!.push(e));
    persistIndex(file, index, (e) => events[1]!.push(e));
    persistIndex(file, next, (e) => events[2]!.push(e));
    await expect.poll(() => events.every((e) => e.length === 1)).toBe(true);
    expect(events.flat().map((e) => e.kind)).toEqual(['written', 'written', 'written']);
    const again = await open();
    expect(again.events.map((e) => e.kind)).toEqual(['hit']);
    expect(top(again.index, '/trade mongolia japan')[0]).toContain('$300 million');
  });
});

describe('a cache per archive', () => {
  let other: string;
  beforeEach(() => {
    other = mkdtempSync(join(tmpdir(), 'store-other-'));
    writeFileSync(
      join(other, 'only-here.txt'),
      '(Other Wire) Iceland and Norway signed a fish trade deal worth $900 million.',
    );
  });
  afterEach(() => rmSync(other, { recursive: true, force: true }));

  const cacheFiles = (): string[] =>
    readdirSync(cache)
      .filter((n) => n.endsWith('.json'))
      .sort();

  it('names the cache by the folder, however the folder is written', () => {
    const { name } = cacheFile(cache, seeds);
    expect(cacheFile(cache, `${seeds}/`).name).toBe(name);
    expect(cacheFile(cache, join(seeds, 'wire', '..')).name).toBe(name);
    expect(cacheFile(cache, other).name).not.toBe(name);
    expect(cacheFile(cache, seeds, 'f00d').name).not.toBe(name);
  });

  it('keeps two folders in two files: neither overwrites the other', async () => {
    await open(seeds);
    await open(other);
    expect(cacheFiles()).toEqual([cacheFile(cache, seeds).name, cacheFile(cache, other).name].sort());
    const a = await open(seeds);
    const b = await open(other);
    expect(a.events.map((e) => e.kind)).toEqual(['hit']);
    expect(b.events.map((e) => e.kind)).toEqual(['hit']);
    expect(top(a.index, '/trade kazakhstan china')[0]).toContain('$24.1 billion');
    expect(top(a.index, '/trade iceland norway')).toEqual([]);
    expect(top(b.index, '/trade iceland norway')[0]).toContain('$900 million');
    expect(articleCount(b.index.lib)).toBe(1);
  });

  it('misses the cache of another code version and removes it once its own is written', async () => {
    await open(seeds, 'aaaaaaaaaaaa');
    await open(other, 'aaaaaaaaaaaa');
    // The one cache file of earlier releases, older than anything written now.
    writeFileSync(join(cache, 'news-index.json'), 'old');
    utimesSync(join(cache, 'news-index.json'), new Date(2020, 0, 1), new Date(2020, 0, 1));
    const upgraded = await open(seeds, 'bbbbbbbbbbbb');
    expect(upgraded.events.map((e) => e.kind)).toEqual(['miss', 'cleaned', 'written']);
    expect(upgraded.events[1]?.detail).toContain(cacheFile(cache, seeds, 'aaaaaaaaaaaa').name);
    // The other folder's cache (of the old version too) is another archive's: left alone.
    expect(cacheFiles()).toEqual(
      [cacheFile(cache, seeds, 'bbbbbbbbbbbb').name, cacheFile(cache, other, 'aaaaaaaaaaaa').name].sort(),
    );
    expect(top(upgraded.index, '/trade kazakhstan china')[0]).toContain('$24.1 billion');
    expect((await open(seeds, 'bbbbbbbbbbbb')).events.map((e) => e.kind)).toEqual(['hit']);
  });

  it("keeps another version's cache that is newer than this one's (a process of that version still writes it)", async () => {
    await open(seeds, 'aaaaaaaaaaaa');
    await open(seeds, 'bbbbbbbbbbbb');
    const newer = join(cache, cacheFile(cache, seeds, 'cccccccccccc').name);
    writeFileSync(newer, 'written by a newer version');
    utimesSync(newer, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    const again = await open(seeds, 'bbbbbbbbbbbb');
    expect(again.events.map((e) => e.kind)).toEqual(['hit']);
    expect(cacheFiles()).toContain(cacheFile(cache, seeds, 'cccccccccccc').name);
  });

  it("leaves the bot's cache intact when the console runs with --seeds other", async () => {
    await open(seeds);
    const botFile = cacheFile(cache, seeds).path;
    const before = readFileSync(botFile);
    const mtime = statSync(botFile).mtimeMs;
    const root = new URL('..', import.meta.url).pathname;
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/console.ts', '--seeds', other, '--json', '/trade iceland norway'],
      { cwd: root, env: { ...process.env, INDEX_CACHE_DIR: cache }, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).results[0].text).toContain('$900 million');
    expect(readFileSync(botFile).equals(before)).toBe(true);
    expect(statSync(botFile).mtimeMs).toBe(mtime);
    expect(cacheFiles()).toEqual([cacheFile(cache, seeds).name, cacheFile(cache, other).name].sort());
    const bot = await open(seeds);
    expect(bot.events.map((e) => e.kind)).toEqual(['hit']);
    expect(top(bot.index, '/trade kazakhstan china')[0]).toContain('$24.1 billion');
  });
});
