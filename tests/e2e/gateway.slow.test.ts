/**
 * End to end: gateway faults end in a clear state. A gateway that never sends READY gets a bounded number
 * of IDENTIFYs and then a clear exit 1 (Discord resets a token after 1,000 IDENTIFYs a day); one that never
 * sends HELLO gets a warning within seconds, repeated while it keeps not coming; SIGTERM stops the bot
 * within seconds even when the gateway never answers the close. The bot is spawned as `npm start` runs
 * it, against the fake Discord. The first test fences the discord.js debug text the watch reads.
 */
import { rmSync } from 'node:fs';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GATEWAY_DEBUG } from '../../src/discord/gateway-watch.ts';
import { FakeDiscord } from './fake-discord.ts';
import { copyFixtures, type SpawnedBot, spawnAgainst } from './spawn-bot.ts';

let seeds: string;
let fake: FakeDiscord | undefined;
let bot: SpawnedBot | undefined;

beforeAll(() => {
  seeds = copyFixtures('gateway-seeds');
});
afterEach(async () => {
  await bot?.stop();
  await fake?.close();
  bot = undefined;
  fake = undefined;
});
afterAll(() => rmSync(seeds, { recursive: true, force: true }));

function exitWithin(b: SpawnedBot, ms: number): Promise<number | null | 'timeout'> {
  return Promise.race([b.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);
}

const lines = (out: string, text: string): number => out.split('\n').filter((l) => l.includes(text)).length;

describe('the discord.js debug text the gateway watch reads', () => {
  it('is still written, in order: connecting, HELLO, IDENTIFY', async () => {
    fake = await FakeDiscord.start({ heartbeatInterval: 1000 });
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    const debug: string[] = [];
    client.on(Events.Debug, (line) => debug.push(line));
    try {
      await client.login(fake.token);
      await fake.waitForReady(1, 20_000);
    } finally {
      await client.destroy();
    }
    const first = (re: RegExp): number => debug.findIndex((l) => re.test(l));
    const connecting = first(GATEWAY_DEBUG.connecting);
    const hello = first(GATEWAY_DEBUG.hello);
    const identifying = first(GATEWAY_DEBUG.identifying);
    expect(connecting).toBeGreaterThanOrEqual(0);
    expect(hello).toBeGreaterThan(connecting);
    expect(identifying).toBeGreaterThanOrEqual(hello);
    expect(GATEWAY_DEBUG.identifying.exec(debug[identifying]!)?.[1]).toBe('0');
    expect(debug.filter((l) => GATEWAY_DEBUG.identifying.test(l))).toHaveLength(fake.identifies.length);
  }, 30_000);
});

describe('gateway faults', () => {
  it('exits 1 naming the cause after at most 3 IDENTIFYs when the gateway never sends READY', async () => {
    fake = await FakeDiscord.start({ heartbeatInterval: 1000, sendReady: false });
    bot = spawnAgainst(fake, seeds);
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
    fake = await FakeDiscord.start({ heartbeatInterval: 1000, sendHello: false });
    bot = spawnAgainst(fake, seeds);
    const warning = 'the Discord gateway sent no HELLO after connecting';
    // The first warning 5 s after connecting, the second 10 s after that.
    await expect.poll(() => lines(bot!.output(), warning), { timeout: 40_000, interval: 200 }).toBe(1);
    await expect
      .poll(() => lines(bot!.output(), warning), { timeout: 40_000, interval: 200 })
      .toBeGreaterThanOrEqual(2);
    expect(fake.gatewayLog.some((e) => e.direction === 'open')).toBe(true);
    expect(fake.identifies).toHaveLength(0);
    const first = bot
      .output()
      .split('\n')
      .find((l) => l.includes(warning))!;
    expect(JSON.parse(first)).toMatchObject({ level: 40, shard: 0 });
    // SIGTERM while the bot is still connecting stops it at once.
    const t0 = Date.now();
    process.kill(-bot.process.pid!, 'SIGTERM');
    expect(await exitWithin(bot, 15_000)).toBe(0);
    expect(Date.now() - t0).toBeLessThan(15_000);
  }, 120_000);

  it('exits within seconds of SIGTERM even when the gateway never answers the close', async () => {
    fake = await FakeDiscord.start({ heartbeatInterval: 1000 });
    bot = spawnAgainst(fake, seeds);
    await fake.waitForReady(1, 30_000);
    await expect.poll(() => bot!.output(), { timeout: 10_000 }).toContain('"msg":"ready"');
    // A hung gateway: the close frame discord.js sends is never answered (ws would wait 30 s).
    fake.stall();
    process.kill(-bot.process.pid!, 'SIGTERM');
    expect(await exitWithin(bot, 20_000)).toBe(1);
    expect(bot.output()).toContain('not stopped in time; exiting anyway');
  }, 60_000);
});
