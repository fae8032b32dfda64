/**
 * End to end: the real bot (started by the same code as `npm start`) against the local fake Discord.
 * Every scenario goes through discord.js's real client, REST and gateway.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.ts';
import { acknowledged } from './acknowledged.ts';
import { FakeDiscord, type Json } from './fake-discord.ts';
import { copyFixtures, fakeConfig } from './spawn-bot.ts';

const MANAGE_GUILD = String(1 << 5);

let fake: FakeDiscord;
let app: App;
let seeds: string;
const logs: string[] = [];
const timings: Record<string, number> = {};

let userCounter = 0;
/** A fresh user per question, so the per-user cooldown does not interfere unless a test wants it. */
function user(): { id: string; username: string } {
  userCounter++;
  return { id: String(1400000000000000000n + BigInt(userCounter)), username: `member${userCounter}` };
}

async function command(
  name: string,
  options: { name: string; value: string }[] = [],
  extra: Json = {},
): Promise<Json> {
  const t0 = Date.now();
  const asker = user();
  const sent = fake.sendCommand({
    name,
    options: options.map((o) => ({ ...o, type: 3 })),
    user: asker,
    ...extra,
  });
  const first = await fake.waitForInteractionResponse(sent.id, { timeoutMs: 5000 });
  timings[`/${name}`] = Date.now() - t0;
  return { sent, first, asker };
}

function embedText(data: Json): string {
  return JSON.stringify(data?.embeds ?? []);
}

beforeAll(async () => {
  seeds = copyFixtures('bot-seeds');
  fake = await FakeDiscord.start({ heartbeatInterval: 500 });
  const t0 = Date.now();
  app = await startApp(fakeConfig(fake, seeds), {
    logDestination: { write: (s: string) => void logs.push(s) },
  });
  await fake.waitForReady(1);
  timings.login = Date.now() - t0;
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
  rmSync(seeds, { recursive: true, force: true });
  console.log('e2e timings (ms):', timings);
});

describe('the bot against a local fake Discord', () => {
  it('logs in with Guilds and GuildMessages only and logs ready with counts', async () => {
    expect(fake.identifies[0]!.intents).toBe(1 | 512);
    await expect.poll(() => logs.some((l) => l.includes('"msg":"ready"'))).toBe(true);
    const ready = JSON.parse(logs.find((l) => l.includes('"msg":"ready"'))!);
    expect(ready.articles).toBeGreaterThan(0);
    expect(ready.passages).toBeGreaterThan(0);
    expect(ready.speakers).toBeGreaterThan(0);
  });

  it('answers /trade kazakhstan china with the figure and its citation, pinging no one', async () => {
    const { first } = await command('trade', [{ name: 'places', value: 'kazakhstan china' }]);
    expect(first.type).toBe(4);
    const text = embedText(first.data);
    expect(text).toContain('$24.1 billion');
    expect(text).toContain('Trend News Agency');
    expect(text).toContain('2023-11-27');
    expect(first.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('answers /quote tokayev with his words', async () => {
    const { first } = await command('quote', [{ name: 'person', value: 'tokayev' }]);
    expect(embedText(first.data)).toContain('Kassym-Jomart Tokayev');
  });

  it('pages forth and back with Next and Previous, for its asker', async () => {
    const { first, asker } = await command('trade', [{ name: 'places', value: 'kazakhstan china' }]);
    const buttons = (data: Json) => data.components?.[0]?.components ?? [];
    const [next] = buttons(first.data);
    expect(next.label).toBe('Next');
    expect(next.custom_id).toMatch(new RegExp(`^page:${asker.id}:1:`));
    const click = fake.clickButton({ customId: next.custom_id, messageId: first.message?.id, user: asker });
    const update = await fake.waitForInteractionResponse(click.id);
    expect(update.type).toBe(7);
    expect(update.data.embeds[0].fields[0].name).toMatch(/^5\./);
    const previous = buttons(update.data).find((b: Json) => b.label === 'Previous');
    const back = fake.clickButton({
      customId: previous.custom_id,
      messageId: first.message?.id,
      user: asker,
    });
    const again = await fake.waitForInteractionResponse(back.id);
    expect(again.data.embeds[0].fields[0].name).toMatch(/^1\./);
  });

  it('tells anyone but the asker, privately, to ask their own question, and changes nothing', async () => {
    const { first } = await command('trade', [{ name: 'places', value: 'kazakhstan china' }]);
    const customId = first.data.components[0].components[0].custom_id;
    const click = fake.clickButton({ customId, messageId: first.message?.id, user: user() });
    const reply = await fake.waitForInteractionResponse(click.id);
    expect(reply.type).toBe(4);
    expect(reply.data.flags & 64).toBe(64);
    expect(embedText(reply.data)).toContain('Only the asker can page this answer');
  });

  it('sends notices and the help to the asker only, answers in public', async () => {
    const { first: notFound } = await command('trade', [{ name: 'places', value: 'narnia china' }]);
    expect(notFound.data.flags & 64).toBe(64);
    const { first: helpReply } = await command('help');
    expect(helpReply.data.flags & 64).toBe(64);
    expect(embedText(helpReply.data)).not.toContain('/reindex');
    const { first: answer } = await command('trade', [{ name: 'places', value: 'kazakhstan china' }]);
    expect((answer.data.flags ?? 0) & 64).toBe(0);
  });

  it("shows the operators' commands in /help to those who may run them", async () => {
    // No ADMIN_USER_IDS and no DISCORD_GUILD_ID here: members with Manage Server may reindex.
    const { first } = await command('help', [], { permissions: MANAGE_GUILD });
    expect(embedText(first.data)).toContain('/reindex');
    expect(embedText(first.data)).toContain('/status');
  });

  it("writes one info line per interaction, without the member's words", async () => {
    const before = logs.length;
    await command('search', [{ name: 'query', value: 'zanzibarian turnover secretword' }]);
    const answered = () =>
      logs.slice(before).find((l) => l.includes('"msg":"answered"') && l.includes('"command":"/search"'));
    await expect.poll(answered).toBeTruthy();
    const line = JSON.parse(answered()!);
    expect(line).toMatchObject({ level: 30, command: '/search', guild: expect.any(String), shard: 0 });
    expect(typeof line.ms).toBe('number');
    expect(typeof line.results).toBe('number');
    expect(logs.slice(before).join('')).not.toContain('secretword');
  });

  it('pages a query too long for a stateless button through remembered state', async () => {
    const long =
      'trade turnover exports imports china kazakhstan billion percent share growth cooperation priority partner';
    const { first, asker } = await command('search', [{ name: 'query', value: long }]);
    const customId = first.data.components?.[0]?.components?.[0]?.custom_id as string;
    expect(customId.length).toBeLessThanOrEqual(100);
    expect(customId).toMatch(/^page:\d+:1:#/);
    const click = fake.clickButton({ customId, messageId: first.message?.id, user: asker });
    const update = await fake.waitForInteractionResponse(click.id);
    expect(update.type).toBe(7);
    expect(update.data.embeds[0].fields[0].name).toMatch(/^5\./);
  });

  it('answers /quote with a topic option as a typed question, titled as a user would type it', async () => {
    const { first } = await command('quote', [
      { name: 'person', value: 'tokayev' },
      { name: 'topic', value: 'china' },
    ]);
    const text = embedText(first.data);
    expect(text).toContain('/quote tokayev topic:china');
    expect(text).toContain('Kassym-Jomart Tokayev');
  });

  it('pages a question whose line would read back as another one through remembered state', async () => {
    // `query:` inside the query option: written as a line, it would be read as the option itself.
    const value = 'trade turnover query:china kazakhstan';
    const { first, asker } = await command('search', [{ name: 'query', value }]);
    const customId = first.data.components?.[0]?.components?.[0]?.custom_id as string;
    expect(customId).toMatch(/^page:\d+:1:#/);
    const click = fake.clickButton({ customId, messageId: first.message?.id, user: asker });
    const update = await fake.waitForInteractionResponse(click.id);
    expect(update.type).toBe(7);
    expect(update.data.embeds[0].fields[0].name).toMatch(/^5\./);
  });

  it('autocompletes speakers and places from the index', async () => {
    const t0 = Date.now();
    const q = fake.sendAutocomplete({
      name: 'quote',
      options: [{ name: 'person', type: 3, value: 'tok', focused: true }],
    });
    const quoteChoices = (await fake.waitForInteractionResponse(q.id)).data.choices;
    timings.autocomplete = Date.now() - t0;
    expect(quoteChoices.map((c: Json) => c.name)).toContain('Kassym-Jomart Tokayev');
    const t = fake.sendAutocomplete({
      name: 'trade',
      options: [{ name: 'places', type: 3, value: 'kazakhstan chi', focused: true }],
    });
    const tradeChoices = (await fake.waitForInteractionResponse(t.id)).data.choices;
    expect(tradeChoices.map((c: Json) => c.value)).toContain('kazakhstan China');
    for (const c of [...quoteChoices, ...tradeChoices]) expect(c.name.length).toBeLessThanOrEqual(100);
  });

  it('answers a mention as a reply, and a bare mention with the help', async () => {
    const channel = fake.channelIds()[0]!;
    const asked = fake.sendMessage({
      content: `<@${fake.botUser.id}> how much did Kazakhstan export to China?`,
      author: user(),
    });
    const reply = await fake.waitForChannelMessage(channel, {
      predicate: (m: Json) => m.message_reference?.message_id === asked.id,
    });
    expect(JSON.stringify(reply.embeds)).toMatch(/billion/);
    expect(reply.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const bare = fake.sendMessage({ content: `<@${fake.botUser.id}>`, author: user() });
    const help = await fake.waitForChannelMessage(channel, {
      predicate: (m: Json) => m.message_reference?.message_id === bare.id,
    });
    expect(JSON.stringify(help.embeds)).toContain('/trade');
  });

  it('ignores messages from bots', async () => {
    const channel = fake.channelIds()[0]!;
    const before = fake.channelMessages(channel).length;
    fake.sendMessage({ content: `<@${fake.botUser.id}> /help`, author: { ...user(), bot: true } });
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.channelMessages(channel).length).toBe(before);
  });

  it('sends @everyone from article text without pings', async () => {
    const { first } = await command('search', [{ name: 'query', value: 'pound fallen dollar' }]);
    const text = embedText(first.data);
    expect(text).toContain('pound');
    expect(text).not.toMatch(/@everyone/);
    expect(first.data.allowed_mentions.parse).toEqual([]);
  });

  it('refuses /reindex to a member, and reindexes for an admin so a new article answers', async () => {
    const refused = await command('reindex', [], { permissions: '0' });
    expect(refused.first.type).toBe(4);
    expect(refused.first.data.flags & 64).toBe(64);
    expect(embedText(refused.first.data)).toMatch(/Manage Server/);

    writeFileSync(
      join(seeds, 'wire', 'mongolia-trade.txt'),
      'date 2024-02-01 (Fixture Wire) ULAANBAATAR, February 1. Mongolia and Japan signed a deal on\nrare earth exports worth $300 million, officials said.\n',
    );
    const sent = fake.sendCommand({ name: 'reindex', permissions: MANAGE_GUILD, user: user() });
    const deferred = await fake.waitForInteractionResponse(sent.id);
    expect(deferred.type).toBe(5);
    const t0 = Date.now();
    const done = await fake.waitForInteractionResponse(sent.id, {
      predicate: (r) => r.kind === 'editOriginal',
      timeoutMs: 20_000,
    });
    timings.reindex = Date.now() - t0;
    expect(embedText(done.data)).toContain('Added (1): wire/mongolia-trade.txt');
    const { first } = await command('trade', [{ name: 'places', value: 'mongolia japan' }]);
    expect(embedText(first.data)).toContain('$300 million');
  });

  it('resumes after the gateway drops and keeps answering', async () => {
    fake.dropConnection(0);
    await fake.waitFor(() => fake.resumes.length > 0, 10_000, 'a RESUME');
    const { first } = await command('help');
    expect(embedText(first.data)).toContain('/quote');
  });

  it('survives REST 500s on a reply: retried, logged, the user told, the bot alive', async () => {
    // discord.js tries a request four times (three retries); all four fail here.
    fake.failNext({ method: 'POST', path: /\/interactions\/.*\/callback/, status: 500, times: 4 });
    const sent = fake.sendCommand({ name: 'help', user: user() });
    const apology = await fake.waitForInteractionResponse(sent.id);
    expect(apology.data.flags & 64).toBe(64);
    expect(embedText(apology.data)).toMatch(/something went wrong/);
    expect(
      fake.requests.filter((r) => r.path.startsWith(`/interactions/${sent.id}/`) && r.status === 500),
    ).toHaveLength(4);
    expect(logs.some((l) => l.includes('interaction failed'))).toBe(true);
    const { first } = await command('help');
    expect(first.type).toBe(4);
  });

  it('acknowledges a burst of 100 interactions within 3 s', async () => {
    const t0 = Date.now();
    const sent = Array.from({ length: 100 }, (_, i) =>
      fake.sendCommand({
        name: i % 2 ? 'trade' : 'search',
        options: [
          {
            name: i % 2 ? 'places' : 'query',
            type: 3,
            value: i % 2 ? 'kazakhstan china' : 'visa-free regime',
          },
        ],
        user: user(),
      }),
    );
    // Discord's rule: each acknowledged within 3 s, or the fake refuses it (10062) and this fails.
    const acks = await acknowledged(
      fake,
      sent.map((s) => s.id),
    );
    const latencies = acks.map((a) => a.at - t0).sort((a, b) => a - b);
    timings.burst100_p99 = latencies[98]!;
  });

  it('answers a flooding user politely instead of silently', async () => {
    const flooder = user();
    const sent = Array.from({ length: 6 }, () => fake.sendCommand({ name: 'help', user: flooder }));
    const replies = await Promise.all(sent.map((s) => fake.waitForInteractionResponse(s.id)));
    const limited = replies.filter((r) => /asking quickly/.test(embedText(r.data)));
    expect(limited.length).toBeGreaterThan(0);
    for (const r of limited) expect(r.data.flags & 64).toBe(64);
  });

  it('never writes the token to the log', () => {
    expect(logs.join('\n')).not.toContain(fake.token);
  });
});
