/**
 * End to end, the gateway faults that take tens of seconds to show (discord.js waits 15 s for READY
 * after each IDENTIFY; the bot warns 5 s after connecting without HELLO, then 10 s later): a gateway that
 * never sends READY gets a bounded number of IDENTIFYs and then a clear exit 1 (Discord resets a token
 * after 1,000 IDENTIFYs a day); one that never sends HELLO gets a warning within seconds, repeated while
 * it keeps not coming. The bot is spawned as `npm start` runs it, against the fake Discord.
 */
import { describe, expect, it } from 'vitest';
import { botPerTest, exitWithin, lines } from './bot-per-test.ts';
import { spawnAgainst } from './spawn-bot.ts';

const t = botPerTest('gateway-seeds');

describe('gateway faults', () => {
  it('exits 1 naming the cause after at most 3 IDENTIFYs when the gateway never sends READY', async () => {
    const fake = await t.fake({ heartbeatInterval: 1000, sendReady: false });
    const bot = t.bot(spawnAgainst(fake, t.seeds));
    // discord.js waits 15 s for READY after each IDENTIFY.
    expect(await exitWithin(bot, 100_000)).toBe(1);
    expect(fake.identifies).toHaveLength(3);
    expect(fake.identifies.every((i) => i.tokenValid)).toBe(true);
    const out = bot.output();
    expect(out).toContain('Stopping: the gateway sent no READY after 3 IDENTIFYs in a row on shard 0');
    expect(lines(out, 'sent no READY after IDENTIFY; identifying again')).toBe(2);
    expect(out).not.toContain(fake.token);
    // No IDENTIFY after the exit either.
    await new Promise((r) => setTimeout(r, 1000));
    expect(fake.identifies).toHaveLength(3);
  }, 120_000);

  it('warns within seconds when the gateway never sends HELLO, and again while it keeps not coming', async () => {
    const fake = await t.fake({ heartbeatInterval: 1000, sendHello: false });
    const bot = t.bot(spawnAgainst(fake, t.seeds));
    const warning = 'the Discord gateway sent no HELLO after connecting';
    // The first warning 5 s after connecting, the second 10 s after that.
    await expect.poll(() => lines(bot.output(), warning), { timeout: 40_000, interval: 200 }).toBe(1);
    await expect
      .poll(() => lines(bot.output(), warning), { timeout: 40_000, interval: 200 })
      .toBeGreaterThanOrEqual(2);
    expect(fake.gatewayLog.some((e) => e.direction === 'open')).toBe(true);
    expect(fake.identifies).toHaveLength(0);
    const first = bot
      .output()
      .split('\n')
      .find((l) => l.includes(warning))!;
    expect(JSON.parse(first)).toMatchObject({ level: 40, shard: 0 });
    // SIGTERM while the bot is still connecting stops it at once (15 s: a generous bound).
    process.kill(-bot.process.pid!, 'SIGTERM');
    expect(await exitWithin(bot, 15_000)).toBe(0);
  }, 120_000);
});
