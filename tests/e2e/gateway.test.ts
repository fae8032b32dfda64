/**
 * End to end: gateway faults end in a clear state. SIGTERM stops the bot within seconds even when the
 * gateway never answers the close. The bot is spawned as `npm start` runs it, against the fake Discord.
 * The first test fences the discord.js debug text the gateway watch reads. The faults that take tens of
 * seconds to show (no READY, no HELLO) are in gateway.slow.test.ts.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { GATEWAY_DEBUG } from '../../src/discord/gateway-watch.ts';
import { botPerTest, exitWithin } from './bot-per-test.ts';
import { spawnAgainst } from './spawn-bot.ts';

const t = botPerTest('gateway-seeds');

describe('the discord.js debug text the gateway watch reads', () => {
  it('is still written, in order: connecting, HELLO, IDENTIFY', async () => {
    const fake = await t.fake({ heartbeatInterval: 1000 });
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
  it('exits within seconds of SIGTERM even when the gateway never answers the close', async () => {
    const fake = await t.fake({ heartbeatInterval: 1000 });
    const bot = t.bot(spawnAgainst(fake, t.seeds));
    await fake.waitForReady(1, 30_000);
    await expect.poll(() => bot.output(), { timeout: 10_000 }).toContain('"msg":"ready"');
    // A hung gateway: the close frame discord.js sends is never answered (ws would wait 30 s).
    fake.stall();
    process.kill(-bot.process.pid!, 'SIGTERM');
    expect(await exitWithin(bot, 20_000)).toBe(1);
    expect(bot.output()).toContain('not stopped in time; exiting anyway');
  }, 60_000);
});
