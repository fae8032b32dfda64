/**
 * End to end: when Discord refuses the bot for good (close 4004, bad token; close 4014, disallowed
 * intents), `npm start` ends with a clear message and a non-zero status instead of reconnecting forever.
 * Also: a missing or invalid configuration stops it before anything starts. The same refusal under the
 * shard manager (several processes) is in fatal.slow.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { botPerTest, exitWithin } from './bot-per-test.ts';
import { spawnAgainst, spawnBot } from './spawn-bot.ts';

const t = botPerTest('fatal-seeds');

describe('fatal gateway closes', () => {
  it('exits non-zero with a clear message on close 4004 (authentication failed)', async () => {
    const fake = await t.fake({ heartbeatInterval: 1000 });
    const bot = t.bot(spawnAgainst(fake, t.seeds));
    await fake.waitForReady(1, 30_000);
    const identifies = fake.identifies.length;
    fake.closeWith(4004);
    expect(await exitWithin(bot, 10_000)).toBe(1);
    expect(bot.output()).toMatch(/4004.*authentication failed|authentication failed.*4004/);
    expect(fake.identifies.length).toBe(identifies);
    expect(bot.output()).not.toContain(fake.token);
  }, 40_000);

  it('exits non-zero with a clear message on close 4014 (disallowed intents)', async () => {
    const fake = await t.fake({ heartbeatInterval: 1000, allowedIntents: 1 });
    const bot = t.bot(spawnAgainst(fake, t.seeds));
    expect(await exitWithin(bot, 30_000)).toBe(1);
    expect(bot.output()).toMatch(/disallowed intents/i);
  }, 40_000);
});

describe('configuration', () => {
  it('names the missing key and exits 1 before starting anything', async () => {
    // An empty value, not an absent one: a developer's .env must not fill it in.
    const bot = t.bot(
      spawnBot({
        DISCORD_TOKEN: '',
        DISCORD_CLIENT_ID: '123456789012345678',
        SEEDS_DIR: t.seeds,
      }),
    );
    expect(await exitWithin(bot, 20_000)).toBe(1);
    expect(bot.output()).toContain('DISCORD_TOKEN is missing');
    expect(bot.output()).not.toContain('"msg":"library loaded"');
  }, 30_000);
});
