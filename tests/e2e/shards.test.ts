/**
 * End to end: `npm start` with SHARDS=auto runs the bot under discord.js's ShardingManager against the
 * fake Discord answering `shards: 2`. Both shards identify, the index is built once and loaded from the
 * persisted cache by each shard, and each shard answers the interactions of its own guilds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type Json, snowflakeForShard } from './fake-discord.ts';
import { copyFixtures, type SpawnedBot, spawnAgainst } from './spawn-bot.ts';

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
  bot = spawnAgainst(fake, seeds, { INDEX_CACHE_DIR: cache, SHARDS: 'auto' });
  await fake.waitForReady(2, 45_000);
}, 60_000);

afterAll(async () => {
  await bot?.stop();
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
