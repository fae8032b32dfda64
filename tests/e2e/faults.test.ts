/**
 * End to end, with faults injected through the fake Discord: rate limits, server errors, expired
 * interactions, missing permissions, gateway session loss, bad seeds during /reindex, hostile input and
 * load. The bot is started by the same code as `npm start`. A reindex of 10,000 files is in
 * faults.slow.test.ts.
 */
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { botInProcess, embeds } from './bot-in-process.ts';
import type { FakeDiscord, Json } from './fake-discord.ts';

const bot = botInProcess('fault-seeds', { heartbeatInterval: 500 });
const { logs, user, reindex } = bot;
let fake: FakeDiscord;
beforeAll(() => {
  fake = bot.fake;
});

const logged = (text: string): number => logs.filter((l) => l.includes(text)).length;
const callbacks = (id: string) => fake.requests.filter((r) => r.path.startsWith(`/interactions/${id}/`));

describe('Discord faults', () => {
  it('honours a 429 with Retry-After on a reply and answers afterwards', async () => {
    fake.failNext({
      method: 'POST',
      path: /\/interactions\/.*\/callback/,
      status: 429,
      headers: { 'retry-after': '0.4' },
      body: { message: 'You are being rate limited.', retry_after: 0.4, global: false },
    });
    const t0 = Date.now();
    const sent = fake.sendCommand({ name: 'help', user: user() });
    const reply = await fake.waitForInteractionResponse(sent.id, { timeoutMs: 5000 });
    expect(reply.type).toBe(4);
    expect(reply.at - t0).toBeGreaterThanOrEqual(400);
    expect(callbacks(sent.id).map((r) => r.status)).toEqual([429, 204]);
  });

  it('retries a 503 and then answers', async () => {
    fake.failNext({ method: 'POST', path: /\/interactions\/.*\/callback/, status: 503, times: 2 });
    const sent = fake.sendCommand({ name: 'help', user: user() });
    const reply = await fake.waitForInteractionResponse(sent.id);
    expect(reply.type).toBe(4);
    expect(callbacks(sent.id).map((r) => r.status)).toEqual([503, 503, 204]);
  });

  it('logs an expired interaction (10062) once, without a crash or a retry loop', async () => {
    const before = logged('interaction expired');
    fake.failNext({
      method: 'POST',
      path: /\/interactions\/.*\/callback/,
      status: 404,
      body: { code: 10062, message: 'Unknown interaction' },
    });
    const sent = fake.sendCommand({ name: 'help', user: user() });
    await expect.poll(() => logged('interaction expired')).toBe(before + 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(callbacks(sent.id)).toHaveLength(1);
    expect((await commandOk()).type).toBe(4);
  });

  // A refused mention reply (403) is in members.test.ts: its channel is then left alone for a while.

  it('re-identifies after INVALID_SESSION and keeps answering', async () => {
    const identifies = fake.identifies.length;
    fake.invalidateSession(0, false);
    // discord.js waits about 5 s (plus jitter) before identifying the same shard again.
    await fake.waitFor(() => fake.identifies.length > identifies, 12_000, 'a new IDENTIFY');
    await fake.waitForReady(1);
    expect((await commandOk()).type).toBe(4);
  }, 20_000);
});

async function commandOk(): Promise<Json> {
  const sent = fake.sendCommand({ name: 'help', user: user() });
  return fake.waitForInteractionResponse(sent.id);
}

describe('bad seeds during /reindex', () => {
  it('reports each bad file, finishes, and keeps answering', async () => {
    const bad = join(bot.seeds, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'huge.txt'), Buffer.alloc(50 * 1024 * 1024, 0x61));
    writeFileSync(join(bad, 'binary.txt'), Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0]));
    writeFileSync(join(bad, 'latin1.txt'), Buffer.from('caf\xe9 au lait', 'latin1'));
    writeFileSync(join(bad, 'empty.txt'), '');
    symlinkSync(bad, join(bad, 'loop'));
    mkdirSync(join(bad, 'locked'));
    writeFileSync(join(bad, 'locked', 'secret.txt'), 'Some words.');
    chmodSync(join(bad, 'locked'), 0);
    const report = await reindex();
    chmodSync(join(bad, 'locked'), 0o755);
    expect(report).toContain('Reindex complete');
    expect(report).toMatch(/huge\.txt: too large/);
    expect(report).toMatch(/binary\.txt: binary/);
    expect(report).toMatch(/latin1\.txt: not valid UTF-8/);
    expect(report).toMatch(/empty\.txt: empty/);
    expect(report).toMatch(/loop: symlink loop/);
    const answer = await commandOk();
    expect(answer.type).toBe(4);
    rmSync(bad, { recursive: true, force: true });
  }, 60_000);
});

describe('hostile input', () => {
  const hostile = [
    '@everyone look',
    '@here now',
    '<@&123456789012345678> role',
    '<@123456789012345678> user',
    '**bold** __under__ ~~strike~~ ||spoiler||',
    '```js\nalert(1)\n```',
    'zero\u200bwidth\u200d joiner',
    '\u202Eright-to-left override',
    'x'.repeat(6000),
    '🇰🇿 🐉 emoji',
    'lone \uD800 surrogate',
  ];

  it.each(hostile.map((h) => [h.slice(0, 30), h]))(
    'answers %j without a ping or broken markup',
    async (_l, text) => {
      const sent = fake.sendCommand({
        name: 'search',
        options: [{ name: 'query', type: 3, value: text }],
        user: user(),
      });
      const reply = await fake.waitForInteractionResponse(sent.id);
      expect(reply.type).toBe(4);
      expect(reply.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
      const body = embeds(reply.data);
      expect(body).not.toMatch(/@everyone|@here|<@&?\d/);
      expect(body).not.toContain('```');
    },
  );

  it('answers a hostile mention without echoing a ping', async () => {
    const channel = fake.channelIds()[0]!;
    const sent = fake.sendMessage({
      content: `<@${fake.botUser.id}> @everyone <@&1> tell me about trade`,
      author: user(),
    });
    const reply = await fake.waitForChannelMessage(channel, {
      predicate: (m: Json) => m.message_reference?.message_id === sent.id,
    });
    expect(JSON.stringify(reply.embeds)).not.toMatch(/@everyone|<@&/);
    expect(reply.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });
});

describe('secrets', () => {
  it('never writes the token in logs or replies', () => {
    expect(logs.join('\n')).not.toContain(fake.token);
    for (const r of fake.requests) expect(JSON.stringify(r.body ?? '')).not.toContain(fake.token);
  });
});
