import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandsByName } from '../commands/index.ts';
import { LiveIndex, NoArticlesError } from '../src/news/live.ts';
import { loadIndex } from '../src/news/load.ts';
import {
  formatDuration,
  isStatusQuery,
  shownPath,
  statusFacts,
  statusLines,
  statusOutput,
} from '../src/news/status.ts';
import { refreshIndex } from '../src/news/store.ts';

const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const FIXTURES = new URL('./fixtures/corpus', import.meta.url).pathname;
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const MB = 1024 * 1024;

let seeds: string;
beforeEach(() => {
  seeds = mkdtempSync(join(tmpdir(), 'status-seeds-'));
  cpSync(FIXTURES, seeds, { recursive: true });
});
afterEach(() => rmSync(seeds, { recursive: true, force: true }));

/** A live index over the temporary seeds folder, as the bot holds it. */
async function liveIndex(cacheFile: string | null = null): Promise<LiveIndex> {
  const live = new LiveIndex(
    async (previous) => (previous ? (await refreshIndex(previous, seeds)).index : loadIndex(seeds)),
    { seedsDir: seeds, cacheFile },
  );
  await live.load();
  return live;
}

describe('the status facts', () => {
  it("hold the version, uptime, shard, servers, the archive's live counts, the cache, memory", async () => {
    const live = await liveIndex(join(ROOT, '.cache', 'news-index-abc-def.json'));
    live.noteCache({ kind: 'hit', detail: 'news-index-abc-def.json' }, 1_000);
    const { lib } = live.current;
    const facts = statusFacts({
      index: live.current,
      seedsDir: live.seedsDir,
      cache: live.cache,
      lastReindex: live.lastReindex,
      shard: { ids: [1], count: 4 },
      guilds: 7,
      connectedMs: 60_000,
      uptimeMs: 3 * 3600_000 + 12 * 60_000,
      memory: { rss: 180 * MB, heapUsed: 95 * MB, heapTotal: 120 * MB },
      now: 61_000,
    });
    expect(facts).toMatchObject({
      version: VERSION,
      shard: { ids: [1], count: 4 },
      guilds: 7,
      articles: lib.entries.length,
      passages: lib.passages.length,
      speakers: live.current.speakerCounts.filter((c) => c > 0).length,
      cache: { where: '.cache/news-index-abc-def.json', bytes: null, last: { kind: 'hit', at: 1_000 } },
      lastReindex: null,
      memory: { rss: 180 * MB, heapUsed: 95 * MB, heapTotal: 120 * MB },
    });
    expect(facts.articles).toBeGreaterThan(3);
    const text = statusLines(facts).join('\n');
    expect(text).toContain(`Version ${VERSION} · up 3h 12m (connected to Discord for 1m 0s)`);
    expect(text).toContain('Shard: 1 of 4 · servers: 7');
    expect(text).toContain(
      `Archive: ${facts.articles} articles, ${facts.passages} passages, ${facts.speakers} speakers`,
    );
    expect(text).toContain(
      'Cache: .cache/news-index-abc-def.json, not on disk · last: hit at 1970-01-01 00:00:01 UTC (1m 0s ago)',
    );
    expect(text).toContain('Last reindex: none since this process started');
    expect(text).toContain('Memory: RSS 180 MB · heap 95 MB used of 120 MB');
  });

  it('read what the caller leaves out from this process: version, uptime, memory, and the cache size on disk', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'status-cache-'));
    try {
      const file = join(cacheDir, 'news-index-abc-def.json');
      writeFileSync(file, Buffer.alloc(3 * MB));
      const live = await liveIndex(file);
      const facts = statusFacts({
        index: live.current,
        seedsDir: seeds,
        cache: live.cache,
        lastReindex: null,
      });
      expect(facts.version).toBe(VERSION);
      expect(facts.uptimeMs).toBeGreaterThan(0);
      expect(facts.memory.rss).toBeGreaterThan(facts.memory.heapUsed);
      expect(facts.cache.bytes).toBe(3 * MB);
      expect(statusLines(facts).join('\n')).toContain('3.0 MB on disk · last: nothing yet');
      expect(facts.shard).toBeNull();
      expect(statusLines(facts)[1]).toBe('Shard: one process, no sharding');
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('never show a host path outside the project: the key that configures it stands for the folder', async () => {
    const live = await liveIndex(join(tmpdir(), 'somewhere', 'news-index-abc-def.json'));
    live.noteCache(
      { kind: 'invalid', detail: `cannot read ${seeds}/wire/a.txt or /home/op/.cache/x: EIO` },
      0,
    );
    const facts = statusFacts({ index: live.current, seedsDir: seeds, cache: live.cache, lastReindex: null });
    expect(facts.seeds).toBe('SEEDS_DIR');
    expect(facts.cache.where).toBe('INDEX_CACHE_DIR/news-index-abc-def.json');
    const text = statusLines(facts).join('\n');
    expect(text).toContain('invalid (cannot read wire/a.txt or (a path on the host): EIO)');
    expect(text).not.toContain(tmpdir());
    expect(text).not.toContain('/home/op');
  });

  it('show paths inside the project relative to it', () => {
    expect(shownPath('seeds', ROOT, 'SEEDS_DIR')).toBe('seeds');
    expect(shownPath(join(ROOT, 'seeds', 'wire'), ROOT, 'SEEDS_DIR')).toBe('seeds/wire');
    expect(shownPath(ROOT, ROOT, 'SEEDS_DIR')).toBe('.');
    expect(shownPath('/srv/cache/x.json', ROOT, 'INDEX_CACHE_DIR', '/srv/cache')).toBe(
      'INDEX_CACHE_DIR/x.json',
    );
    expect(shownPath('/srv/seeds', ROOT, 'SEEDS_DIR')).toBe('SEEDS_DIR');
    expect(shownPath(`${ROOT}-other/x`, ROOT, 'SEEDS_DIR')).toBe('SEEDS_DIR');
  });

  it('say a disabled cache is disabled', async () => {
    const live = await liveIndex(null);
    const facts = statusFacts({ index: live.current, seedsDir: seeds, cache: live.cache, lastReindex: null });
    expect(facts.cache).toMatchObject({ where: null, bytes: null });
    expect(statusLines(facts)).toContain('Cache: disabled (INDEX_CACHE_DIR is empty)');
  });

  it('write durations as people read them', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4_200)).toBe('4.2s');
    expect(formatDuration(12 * 60_000 + 5_000)).toBe('12m 5s');
    expect(formatDuration(2 * 86_400_000 + 3 * 3600_000)).toBe('2d 3h');
  });
});

describe('the record of the last reindex', () => {
  it('says when it finished, who asked, how long it took and how it went', async () => {
    const live = await liveIndex();
    const before = Date.now();
    writeFileSync(
      join(seeds, 'wire', 'new.txt'),
      '(Fixture Wire) Mongolia and Japan agreed exports worth $300 million.',
    );
    const report = await live.reindex('operator (1200000000000000001)');
    const r = live.lastReindex;
    expect(r).toMatchObject({
      by: ['operator (1200000000000000001)'],
      ok: true,
      ms: report.ms,
      added: 1,
      changed: 0,
      removed: 0,
      articlesAfter: report.articlesAfter,
    });
    expect(r?.at).toBeGreaterThanOrEqual(before);
    const facts = statusFacts({ index: live.current, seedsDir: seeds, cache: live.cache, lastReindex: r });
    expect(statusLines(facts).join('\n')).toMatch(
      /Last reindex: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(.+ ago\) by operator \(1200000000000000001\), took .+; ok, \d+ → \d+ articles \(1 added, 0 changed, 0 removed, \d+ skipped\)/,
    );
  });

  it('names every requester of a shared run, and records a refusal with its reason', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let runs = 0;
    const live = new LiveIndex(async (previous) => {
      runs++;
      if (!previous) return loadIndex(seeds);
      if (runs === 2) await gate;
      if (runs === 3)
        throw new NoArticlesError('No article in the seeds folder: every file is missing or skipped.');
      return previous;
    });
    await live.load();
    const first = live.reindex('alice');
    const queued = [live.reindex('bob'), live.reindex('carol')];
    release();
    await first;
    expect(live.lastReindex?.by).toEqual(['alice']);
    await Promise.all(queued);
    expect(live.lastReindex).toMatchObject({ by: ['bob', 'carol'], ok: false, refused: 'empty' });
    const facts = statusFacts({
      index: live.current,
      seedsDir: '',
      cache: live.cache,
      lastReindex: live.lastReindex,
    });
    expect(statusLines(facts).join('\n')).toContain('by bob, carol, took');
    expect(statusLines(facts).join('\n')).toContain('refused: No article in the seeds folder');
  });
});

describe('/status as a command', () => {
  it('is registered for deploy-commands, for Manage Server by default, in servers only', () => {
    const json = commandsByName.get('status')?.data.toJSON();
    expect(json).toMatchObject({
      name: 'status',
      default_member_permissions: String(PermissionFlagsBits.ManageGuild),
      contexts: [0],
    });
    expect(commandsByName.get('status')?.admin).toBe(true);
  });
});

describe('/status in the console', () => {
  it('is recognised as the line /status alone, in any case', () => {
    expect(isStatusQuery('/status')).toBe(true);
    expect(isStatusQuery('  /STATUS ')).toBe(true);
    expect(isStatusQuery('/status now')).toBe(false);
    expect(isStatusQuery('what is the status of the talks?')).toBe(false);
  });

  it("keeps the contract's JSON shape: the status lines are the notice, with no results", () => {
    const line = statusOutput('/status', ['Version 1', 'Memory: RSS 1 MB'], true);
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual({
      query: '/status',
      command: 'status',
      results: [],
      notice: 'Version 1\nMemory: RSS 1 MB',
    });
    expect(statusOutput('/status', ['Version 1'], false)).toBe('> /status\n  Version 1\n');
  });

  it('answers npm run ask -- /status with the same facts as the bot, from the folder it opened', () => {
    const cache = mkdtempSync(join(tmpdir(), 'status-console-cache-'));
    try {
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'src/console.ts', '--seeds', seeds, '--json', '/status'],
        {
          cwd: ROOT,
          env: { ...process.env, INDEX_CACHE_DIR: cache },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(run.status).toBe(0);
      const out = run.stdout.trim().split('\n');
      expect(out).toHaveLength(1);
      const { notice } = JSON.parse(out[0] ?? '') as { notice: string };
      expect(notice).toMatch(new RegExp(`^Version ${VERSION.replace(/\./g, '\\.')} · up `));
      expect(notice).toContain('Shard: one process, no sharding');
      expect(notice).toMatch(/Archive: \d+ articles, \d+ passages, \d+ speakers/);
      expect(notice).toMatch(/Cache: INDEX_CACHE_DIR\/news-index-[0-9a-f]+-[0-9a-f]+\.json/);
      expect(notice).toContain('Last reindex: none since this process started');
      expect(notice).toMatch(/Memory: RSS \d+ MB · heap \d+ MB used of \d+ MB/);
      expect(notice).not.toContain(tmpdir());
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
