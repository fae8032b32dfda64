/**
 * End to end: `npm start` with SHARDS=auto runs the bot under discord.js's ShardingManager against the
 * fake Discord answering `shards: 2`. Both shards identify, the index is built once and loaded from the
 * persisted cache by each shard, and each shard answers the interactions of its own guilds. The shards
 * agree: a `/reindex` on one reaches the other. A crashed shard is respawned; SIGTERM to the manager
 * stops every shard.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type Json, snowflakeForShard } from './fake-discord.ts';
import { killLeftovers, running, shardPids, within } from './shard-processes.ts';
import { copyFixtures, type SpawnedBot, spawnAgainst } from './spawn-bot.ts';

const MANAGE_GUILD = String(1 << 5);
const admin = { id: '1500000000000000901', username: 'admin' };

let fake: FakeDiscord;
let bot: SpawnedBot;
let seeds: string;
let cache: string;
const guildA = { id: snowflakeForShard(0, 2), channels: [{ id: snowflakeForShard(0, 2) }] };
const guildB = { id: snowflakeForShard(1, 2), channels: [{ id: snowflakeForShard(1, 2) }] };

beforeAll(async () => {
  seeds = copyFixtures('shard-seeds');
  cache = mkdtempSync(join(tmpdir(), 'shard-cache-'));
  fake = await FakeDiscord.start({ shards: 2, heartbeatInterval: 1000, guilds: [guildA, guildB] });
  bot = spawnAgainst(fake, seeds, {
    INDEX_CACHE_DIR: cache,
    SHARDS: 'auto',
    // Whoever else the operator lets reindex, this admin may.
    ADMIN_USER_IDS: admin.id,
  });
  await fake.waitForReady(2, 45_000);
}, 60_000);

afterAll(async () => {
  const pids = bot ? shardPids(bot.output()) : [];
  await bot?.stop();
  killLeftovers(pids, bot?.process.pid);
  await fake?.close();
  rmSync(seeds, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

describe('sharding', () => {
  it('identifies both shards of the recommended count', () => {
    const shards = fake.identifies.map((i) => i.shard.join('/')).sort();
    expect(shards).toEqual(['0/2', '1/2']);
  });

  it('builds the index once and has each shard load it from the cache', () => {
    const events = bot
      .output()
      .split('\n')
      .filter((l) => l.includes('"msg":"index cache"'));
    expect(events.filter((l) => l.includes('"event":"miss"'))).toHaveLength(1);
    expect(events.filter((l) => l.includes('"event":"hit"'))).toHaveLength(2);
  });

  it('answers in each guild from the shard that owns it', async () => {
    for (const guild of [guildA, guildB]) {
      const sent = fake.sendCommand({
        name: 'trade',
        guildId: guild.id,
        options: [{ name: 'places', type: 3, value: 'kazakhstan china' }],
      });
      const reply = await fake.waitForInteractionResponse(sent.id, { timeoutMs: 5000 });
      expect(JSON.stringify(reply.data.embeds as Json)).toContain('$24.1 billion');
      expect(sent.shard[0]).toBe(fake.guildShard(guild.id, 2));
    }
  });
});

const embeds = (data: Json): string => JSON.stringify(data?.embeds ?? []);

let asker = 0;
/** `/search` in `guild`, asked by a new member each time (no cooldown between tests). */
async function search(guild: { id: string }, query: string): Promise<{ shard: number; text: string }> {
  const user = { id: String(1500000000000000000n + BigInt(++asker)), username: `member${asker}` };
  const sent = fake.sendCommand({
    name: 'search',
    guildId: guild.id,
    user,
    options: [{ name: 'query', type: 3, value: query }],
  });
  const reply = await fake.waitForInteractionResponse(sent.id, { timeoutMs: 10_000 });
  return { shard: sent.shard[0], text: embeds(reply.data) };
}

describe('shards agree', () => {
  it('a /reindex on one shard reaches every shard, and its admin is told', async () => {
    const query = 'zebra mussels titicaca';
    expect((await search(guildB, query)).text).not.toContain('mussels.txt');
    writeFileSync(
      join(seeds, 'wire', 'mussels.txt'),
      '(Fixture Wire) Zebra mussels reach Lake Titicaca\n' +
        'Biologists in Puno said on Friday that zebra mussels had been found in Lake Titicaca for the first time.\n',
    );
    const sent = fake.sendCommand({
      name: 'reindex',
      guildId: guildA.id,
      user: admin,
      permissions: MANAGE_GUILD,
    });
    expect(sent.shard[0]).toBe(0);
    const done = await fake.waitForInteractionResponse(sent.id, {
      predicate: (r) => r.kind === 'editOriginal',
      timeoutMs: 60_000,
    });
    const report = embeds(done.data);
    expect(report).toContain('Reindex complete');
    expect(report).toContain('wire/mussels.txt');
    expect(report).toContain('Every shard (2) now answers from this archive.');
    const other = await search(guildB, query);
    expect(other.shard).toBe(1);
    expect(other.text).toContain('mussels.txt');
    expect(other.text).toContain('Titicaca');
  }, 90_000);
});

describe('shard processes', () => {
  it('respawns a shard that crashed, which then answers its guilds again', async () => {
    const before = shardPids(bot.output());
    expect(before).toHaveLength(2);
    const identifies = fake.identifies.length;
    process.kill(before[1]!, 'SIGKILL');
    await expect.poll(() => shardPids(bot.output()).length, { timeout: 60_000 }).toBe(3);
    await expect.poll(() => fake.identifies.length, { timeout: 60_000 }).toBe(identifies + 1);
    await fake.waitForReady(2, 60_000);
    const answer = await search(guildB, 'zebra mussels titicaca');
    expect(answer.shard).toBe(1);
    expect(answer.text).toContain('mussels.txt');
  }, 120_000);

  it('stops every shard and exits 0 on SIGTERM to the manager, leaving no process', async () => {
    const pids = running(shardPids(bot.output()));
    expect(pids).toHaveLength(2);
    process.kill(bot.process.pid!, 'SIGTERM');
    expect(await within(bot.exited, 30_000)).toBe(0);
    expect(running(pids)).toEqual([]);
    expect(bot.output()).toContain('every shard stopped');
  }, 60_000);
});
