/**
 * End to end: when Discord refuses a shard for good (close 4004) under the shard manager (`npm start`
 * with SHARDS=2: a manager and two shard processes), every shard stops and the manager exits 1 instead
 * of respawning the refused shard.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { botPerTest, exitWithin } from './bot-per-test.ts';
import { spawnAgainst } from './spawn-bot.ts';

const t = botPerTest('fatal-seeds');

describe('fatal closes under the shard manager', () => {
  it('stops every shard and exits 1 instead of respawning a refused shard', async () => {
    const fake = await t.fake({ heartbeatInterval: 1000, shards: 2 });
    const cache = mkdtempSync(join(tmpdir(), 'fatal-cache-'));
    const bot = t.bot(spawnAgainst(fake, t.seeds, { SHARDS: '2', INDEX_CACHE_DIR: cache }));
    await fake.waitForReady(2, 40_000);
    const identifies = fake.identifies.length;
    fake.closeWith(4004, 0);
    expect(await exitWithin(bot, 15_000)).toBe(1);
    expect(bot.output()).toMatch(/authentication failed/);
    expect(fake.identifies.length).toBe(identifies);
    rmSync(cache, { recursive: true, force: true });
  }, 60_000);
});
