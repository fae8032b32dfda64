/**
 * End to end, as hostile or heavy members would use the bot: floods of mentions and clicks, a channel
 * where the bot may not speak, replies to its answers, questions that read like button keys, and many
 * members at once. The bot is started by the same code as `npm start`, against the fake Discord (which
 * answers any interaction not acknowledged within 3 s with Discord's 10062, as Discord does).
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.ts';
import { FakeDiscord, type Json } from './fake-discord.ts';
import { copyFixtures, fakeConfig } from './spawn-bot.ts';

const GUILD = '1300000000000000100';
const OPEN = '1300000000000000201';
const CLOSED = '1300000000000000202';
const OTHER = '1300000000000000203';

let fake: FakeDiscord;
let app: App;
let seeds: string;
const logs: string[] = [];

let counter = 0;
function member(): { id: string; username: string } {
  counter++;
  return { id: String(1600000000000000000n + BigInt(counter)), username: `member${counter}` };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mention = (text: string) => `<@${fake.botUser.id}> ${text}`;
const repliesTo = (channel: string, ids: Set<string>) =>
  fake.channelMessages(channel).filter((m: Json) => ids.has(m.message_reference?.message_id));
const posts = (channel: string) =>
  fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);
/** Callback types (4 reply, 5 deferred reply, 6 deferred update, 7 update) the bot sent for an interaction. */
const callbackTypes = (id: string) =>
  fake
    .interactionResponses(id)
    .filter((r) => r.kind === 'callback')
    .map((r) => r.type);

beforeAll(async () => {
  seeds = copyFixtures('member-seeds');
  fake = await FakeDiscord.start({
    heartbeatInterval: 500,
    guilds: [
      {
        id: GUILD,
        channels: [
          { id: OPEN, name: 'open' },
          { id: CLOSED, name: 'read-only' },
          { id: OTHER, name: 'other' },
        ],
      },
    ],
  });
  app = await startApp(fakeConfig(fake, seeds), {
    logDestination: { write: (s: string) => void logs.push(s) },
  });
  await fake.waitForReady(1);
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
  rmSync(seeds, { recursive: true, force: true });
});

/** Asks `/trade kazakhstan china` (more than one page); returns its Next button, message and asker. */
async function pagedAnswer(): Promise<{
  customId: string;
  messageId: string;
  asker: { id: string; username: string };
}> {
  const asker = member();
  const sent = fake.sendCommand({
    name: 'trade',
    options: [{ name: 'places', type: 3, value: 'kazakhstan china' }],
    user: asker,
    channelId: OPEN,
  });
  const first = await fake.waitForInteractionResponse(sent.id, { timeoutMs: 5000 });
  const customId = first.data.components?.[0]?.components?.[0]?.custom_id as string;
  expect(customId).toMatch(/^page:\d+:1:/);
  return { customId, messageId: first.message?.id, asker };
}

describe('a flood from one member', () => {
  it('answers 60 mentions in a few seconds with at most its burst of answers and one notice', async () => {
    const flooder = member();
    const ids = new Set<string>();
    for (let i = 0; i < 60; i++)
      ids.add(fake.sendMessage({ content: mention('/help'), author: flooder, channelId: OPEN }).id);
    await expect.poll(() => repliesTo(OPEN, ids).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    await sleep(1000);
    const replies = repliesTo(OPEN, ids);
    const notices = replies.filter((m: Json) => JSON.stringify(m.embeds).includes('asking quickly'));
    expect(notices).toHaveLength(1);
    expect(replies.length).toBe(4); // three answers (the default burst), one notice, then silence
  });

  it('cools down "More" clicks too: one private notice, later clicks acknowledged and changing nothing', async () => {
    const { customId, messageId, asker: clicker } = await pagedAnswer();
    const clicks = Array.from({ length: 20 }, () => fake.clickButton({ customId, messageId, user: clicker }));
    for (const c of clicks) await fake.waitForInteractionResponse(c.id, { timeoutMs: 5000 });
    const types = clicks.map((c) => callbackTypes(c.id)[0]);
    const updates = types.filter((t) => t === 7 || t === 6).length;
    const notices = clicks.filter((c) =>
      fake
        .interactionResponses(c.id)
        .some((r) => r.type === 4 && JSON.stringify(r.data).includes('asking quickly')),
    );
    expect(notices).toHaveLength(1);
    expect(notices[0] && callbackTypes(notices[0].id)).toEqual([4]);
    // Every click is acknowledged (no "This interaction failed"); only what is left of the burst after
    // the question itself pages the answer.
    expect(updates).toBe(19);
    const paged = clicks.filter((c) =>
      fake.interactionResponses(c.id).some((r) => r.type === 7 || r.kind === 'editOriginal'),
    );
    expect(paged.length).toBe(2);
  });
});

describe('a channel where the bot may not send', () => {
  it('is remembered after one refused reply, instead of one refused request per mention', async () => {
    fake.failNext({
      method: 'POST',
      path: new RegExp(`/channels/${CLOSED}/messages`),
      status: 403,
      body: { code: 50013, message: 'Missing Permissions' },
      times: 1000,
    });
    const before = posts(CLOSED).length;
    fake.sendMessage({ content: mention('/help'), author: member(), channelId: CLOSED });
    await expect.poll(() => posts(CLOSED).length, { timeout: 5000 }).toBe(before + 1);
    for (let i = 0; i < 20; i++)
      fake.sendMessage({ content: mention('/help'), author: member(), channelId: CLOSED });
    // Meanwhile other channels are answered as usual.
    const ok = fake.sendMessage({ content: mention('/help'), author: member(), channelId: OTHER });
    await fake.waitForChannelMessage(OTHER, {
      predicate: (m: Json) => m.message_reference?.message_id === ok.id,
    });
    await sleep(500);
    expect(posts(CLOSED).length).toBe(before + 1);
    expect(logs.filter((l) => l.includes('may not reply in this channel')).length).toBe(1);
    fake.clearFaults();
  });
});

describe('replies and keys', () => {
  it('does not take a bare reply to its answer as a question, but answers a reply that names it', async () => {
    const asker = member();
    const asked = fake.sendMessage({ content: mention('/help'), author: asker, channelId: OPEN });
    const answer = await fake.waitForChannelMessage(OPEN, {
      predicate: (m: Json) => m.message_reference?.message_id === asked.id,
    });
    // Discord pings the replied-to author by default: the bot is in `mentions`, not in the text.
    const thanks = fake.sendMessage({
      content: 'thanks!',
      author: asker,
      channelId: OPEN,
      replyTo: answer.id,
      mentionsBot: true,
    });
    const again = fake.sendMessage({
      content: mention('/trade kazakhstan china'),
      author: member(),
      channelId: OPEN,
      replyTo: answer.id,
    });
    await fake.waitForChannelMessage(OPEN, {
      predicate: (m: Json) => m.message_reference?.message_id === again.id,
    });
    await sleep(300);
    expect(repliesTo(OPEN, new Set([thanks.id]))).toHaveLength(0);
  });

  it('pages a question that starts with "#"', async () => {
    const author = member();
    const asked = fake.sendMessage({
      content: mention('#trade kazakhstan china turnover'),
      author,
      channelId: OPEN,
    });
    const answer = await fake.waitForChannelMessage(OPEN, {
      predicate: (m: Json) => m.message_reference?.message_id === asked.id,
    });
    const customId = answer.components?.[0]?.components?.[0]?.custom_id as string;
    expect(customId).toMatch(new RegExp(`^page:${author.id}:1:`));
    const click = fake.clickButton({ customId, messageId: answer.id, user: author, channelId: OPEN });
    const update = await fake.waitForInteractionResponse(click.id, { timeoutMs: 5000 });
    expect(JSON.stringify(update.data)).not.toContain('expired');
    expect(update.data.embeds[0].fields[0].name).toMatch(/^5\./);
  });
});

describe('many members at once', () => {
  it('acknowledges every one of 300 page clicks within 3 s: 30 askers, 10 impatient clicks each', async () => {
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push(await pagedAnswer());
    const clicks = answers.flatMap(({ customId, messageId, asker }) =>
      Array.from({ length: 10 }, () =>
        fake.clickButton({ customId, messageId, user: asker, channelId: OPEN }),
      ),
    );
    for (const c of clicks) await fake.waitForInteractionResponse(c.id, { timeoutMs: 10_000 });
    const late = clicks.filter(
      (c) => !fake.requests.some((r) => r.path.startsWith(`/interactions/${c.id}/`) && r.status < 300),
    );
    expect(late).toHaveLength(0);
  }, 60_000);

  it('answers other members in turn while one member floods mentions and commands', async () => {
    const heavy = member();
    for (let i = 0; i < 10; i++)
      fake.sendMessage({ content: mention(`/search trade turnover ${i}`), author: heavy, channelId: OPEN });
    const others = Array.from({ length: 30 }, (_, i) =>
      fake.sendCommand({
        name: 'search',
        options: [{ name: 'query', type: 3, value: `kazakhstan china ${i}` }],
        user: member(),
        channelId: OPEN,
      }),
    );
    for (const s of others) {
      const r = await fake.waitForInteractionResponse(s.id, { timeoutMs: 10_000 });
      expect([4, 5]).toContain(r.type);
    }
    const answered = () =>
      others.filter((s) =>
        fake
          .interactionResponses(s.id)
          .some((r) => (r.type === 4 || r.kind === 'editOriginal') && r.data?.embeds?.length),
      ).length;
    await expect.poll(answered, { timeout: 10_000 }).toBe(30);
  }, 60_000);
});
