/**
 * End to end: when Discord refuses the bot for good (close 4004, bad token; close 4014, disallowed
 * intents), `npm start` ends with a clear message and a non-zero status instead of reconnecting forever.
 * Also: a missing or invalid configuration stops it before anything starts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from './fake-discord.ts';
import { copyFixtures, type SpawnedBot, spawnAgainst, spawnBot } from './spawn-bot.ts';

let seeds: string;
let fake: FakeDiscord | undefined;
let bot: SpawnedBot | undefined;

beforeAll(() => {
  seeds = copyFixtures('fatal-seeds');
  return () => rmSync(seeds, { recursive: true, force: true });
});

afterEach(async () => {
  await bot?.stop();
  await fake?.close();
  bot = undefined;
  fake = undefined;
});

const start = (f: FakeDiscord, extra: Record<string, string> = {}): SpawnedBot =>
  spawnAgainst(f, seeds, extra);

async function exitWithin(b: SpawnedBot, ms: number): Promise<number | null> {
  return Promise.race([
    b.exited,
    new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms)),
  ]) as Promise<number | null>;
}

describe('fatal gateway closes', () => {
  it('exits non-zero with a clear message on close 4004 (authentication failed)', async () => {
    fake = await FakeDiscord.start({ heartbeatInterval: 1000 });
    bot = start(fake);
    await fake.waitForReady(1, 30_000);
    const identifies = fake.identifies.length;
    fake.closeWith(4004);
    expect(await exitWithin(bot, 10_000)).toBe(1);
    expect(bot.output()).toMatch(/4004.*authentication failed|authentication failed.*4004/);
    expect(fake.identifies.length).toBe(identifies);
    expect(bot.output()).not.toContain(fake.token);
  }, 40_000);

  it('exits non-zero with a clear message on close 4014 (disallowed intents)', async () => {
    fake = await FakeDiscord.start({ heartbeatInterval: 1000, allowedIntents: 1 });
    bot = start(fake);
    expect(await exitWithin(bot, 30_000)).toBe(1);
    expect(bot.output()).toMatch(/disallowed intents/i);
  }, 40_000);
});

describe('fatal closes under the shard manager', () => {
  it('stops every shard and exits 1 instead of respawning a refused shard', async () => {
    fake = await FakeDiscord.start({ heartbeatInterval: 1000, shards: 2 });
    const cache = mkdtempSync(join(tmpdir(), 'fatal-cache-'));
    bot = start(fake, { SHARDS: '2', INDEX_CACHE_DIR: cache });
    await fake.waitForReady(2, 40_000);
    const identifies = fake.identifies.length;
    fake.closeWith(4004, 0);
    expect(await exitWithin(bot, 15_000)).toBe(1);
    expect(bot.output()).toMatch(/authentication failed/);
    expect(fake.identifies.length).toBe(identifies);
    rmSync(cache, { recursive: true, force: true });
  }, 60_000);
});

describe('configuration', () => {
  it('names the missing key and exits 1 before starting anything', async () => {
    // An empty value, not an absent one: a developer's .env must not fill it in.
    bot = spawnBot({ DISCORD_TOKEN: '', DISCORD_CLIENT_ID: '123456789012345678', SEEDS_DIR: seeds });
    expect(await exitWithin(bot, 20_000)).toBe(1);
    expect(bot.output()).toContain('DISCORD_TOKEN is missing');
    expect(bot.output()).not.toContain('"msg":"library loaded"');
  }, 30_000);
});
