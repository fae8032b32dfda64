/**
 * End to end: `npm start` with SHARDS=2 under discord.js's ShardingManager, when Discord refuses a shard
 * for good (close 4004, authentication failed; 4014, disallowed intents). The refused shard stops the
 * others once, the manager exits 1 naming the reason, and no shard process is left behind: not the
 * refused one respawned, not the other one orphaned; nor when the manager is stopped while its shards
 * start, or killed outright.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type FakeDiscordOptions, snowflakeForShard } from './fake-discord.ts';
import { killLeftovers, running, shardPids, within } from './shard-processes.ts';
import { copyFixtures, type SpawnedBot, spawnAgainst } from './spawn-bot.ts';

let seeds: string;
let cache: string;
let fake: FakeDiscord | undefined;
let bot: SpawnedBot | undefined;

beforeAll(() => {
  seeds = copyFixtures('refused-seeds');
  return () => rmSync(seeds, { recursive: true, force: true });
});

afterEach(async () => {
  const pids = bot ? shardPids(bot.output()) : [];
  await bot?.stop();
  killLeftovers(pids, bot?.process.pid);
  await fake?.close();
  rmSync(cache, { recursive: true, force: true });
  bot = undefined;
  fake = undefined;
});

const guilds = [0, 1].map((shard) => ({ id: snowflakeForShard(shard, 2) }));

async function start(options: FakeDiscordOptions = {}): Promise<SpawnedBot> {
  fake = await FakeDiscord.start({ shards: 2, heartbeatInterval: 1000, guilds, ...options });
  cache = mkdtempSync(join(tmpdir(), 'refused-cache-'));
  bot = spawnAgainst(fake, seeds, { SHARDS: '2', INDEX_CACHE_DIR: cache });
  return bot;
}

/** The manager's exit status, or a failure that shows what it printed. */
async function exitStatus(b: SpawnedBot, ms: number): Promise<number | null> {
  const code = await within(b.exited, ms);
  if (code === 'timeout')
    throw new Error(`the manager did not exit within ${ms} ms; it printed:\n${b.output()}`);
  return code;
}

describe('a shard refused by Discord', () => {
  it('after every shard is ready (4004): stops the other shard and exits 1 naming the reason', async () => {
    const b = await start();
    await fake!.waitForReady(2, 60_000);
    const identifies = fake!.identifies.length;
    const pids = shardPids(b.output());
    expect(pids).toHaveLength(2);
    expect(running(pids)).toEqual(pids);
    fake!.closeWith(4004, 1);
    expect(await exitStatus(b, 30_000)).toBe(1);
    expect(b.output()).toMatch(/Stopped every shard\. Discord refused shard 1: .*authentication failed/);
    expect(b.output()).not.toContain('RangeError');
    expect(b.output()).not.toContain('respawning');
    expect(running(shardPids(b.output()))).toEqual([]);
    expect(fake!.identifies.length).toBe(identifies);
  }, 120_000);

  it('as it connects while the other shard runs: stops both and exits 1 naming the reason', async () => {
    const b = await start();
    const f = fake!;
    // Refuse shard 1 as soon as it identifies, whether or not its readiness reached the manager.
    await expect
      .poll(() => f.identifies.some((i) => i.shard[0] === 1) && f.closeWith(4004, 1), {
        timeout: 60_000,
        interval: 5,
      })
      .toBe(true);
    expect(await exitStatus(b, 30_000)).toBe(1);
    expect(b.output()).toMatch(/Discord refused shard 1: .*authentication failed/);
    expect(b.output()).not.toContain('RangeError');
    const pids = shardPids(b.output());
    expect(pids).toHaveLength(2);
    expect(running(pids)).toEqual([]);
  }, 120_000);

  it('at login (4014, disallowed intents): starts no other shard and exits 1 naming the reason', async () => {
    const b = await start({ allowedIntents: 1 });
    expect(await exitStatus(b, 60_000)).toBe(1);
    expect(b.output()).toMatch(/Could not start the shards: Discord refused shard 0: .*disallowed intents/);
    expect(b.output()).not.toContain('RangeError');
    const pids = shardPids(b.output());
    expect(pids).toHaveLength(1);
    expect(running(pids)).toEqual([]);
    expect(fake!.identifies.map((i) => i.shard[0])).toEqual([0]);
  }, 120_000);
});

describe('a manager stopped while its shards start', () => {
  it('SIGTERM after the first shard is up: stops it, exits 0 and leaves no shard running', async () => {
    const b = await start();
    await fake!.waitForReady(1, 60_000);
    process.kill(b.process.pid!, 'SIGTERM');
    expect(await exitStatus(b, 30_000)).toBe(0);
    const pids = shardPids(b.output());
    expect(pids.length).toBeGreaterThanOrEqual(1);
    expect(running(pids)).toEqual([]);
    expect(b.output()).not.toContain('Could not start the shards');
  }, 120_000);
});

describe('a manager killed outright (SIGKILL)', () => {
  it('leaves no shard running: each shard sees its IPC channel close and stops', async () => {
    const b = await start();
    await fake!.waitForReady(2, 60_000);
    const pids = shardPids(b.output());
    expect(pids).toHaveLength(2);
    process.kill(b.process.pid!, 'SIGKILL');
    expect(await exitStatus(b, 10_000)).toBe(null);
    await expect.poll(() => running(pids), { timeout: 30_000, interval: 100 }).toEqual([]);
    expect(b.output()).toContain('the shard manager is gone; stopping this shard');
  }, 120_000);
});
