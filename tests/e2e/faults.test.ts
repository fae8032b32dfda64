/**
 * End to end, with faults injected through the fake Discord: rate limits, server errors, expired
 * interactions, missing permissions, gateway session loss, bad seeds during /reindex, hostile input and
 * load. The bot is started by the same code as `npm start`.
 */
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.ts';
import { FakeDiscord, type Json } from './fake-discord.ts';
import { copyFixtures, fakeConfig } from './spawn-bot.ts';

const MANAGE_GUILD = String(1 << 5);

let fake: FakeDiscord;
let app: App;
let seeds: string;
const logs: string[] = [];

let counter = 0;
function user(): { id: string; username: string } {
  counter++;
  return { id: String(1500000000000000000n + BigInt(counter)), username: `user${counter}` };
}

const embeds = (data: Json): string => JSON.stringify(data?.embeds ?? []);
const logged = (text: string): number => logs.filter((l) => l.includes(text)).length;
const callbacks = (id: string) => fake.requests.filter((r) => r.path.startsWith(`/interactions/${id}/`));

beforeAll(async () => {
  seeds = copyFixtures('fault-seeds');
  fake = await FakeDiscord.start({ heartbeatInterval: 500 });
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

async function reindex(): Promise<string> {
  const sent = fake.sendCommand({ name: 'reindex', permissions: MANAGE_GUILD, user: user() });
  const done = await fake.waitForInteractionResponse(sent.id, {
    predicate: (r) => r.kind === 'editOriginal',
    timeoutMs: 60_000,
  });
  return embeds(done.data);
}

describe('bad seeds during /reindex', () => {
  it('reports each bad file, finishes, and keeps answering', async () => {
    const bad = join(seeds, 'bad');
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

  it('takes in 10,000 tiny files and still answers', async () => {
    const many = join(seeds, 'many');
    mkdirSync(many);
    for (let i = 0; i < 10_000; i++)
      writeFileSync(join(many, `n${i}.txt`), `(Fixture Wire) Note ${i} about Peru and Chile trade.`);
    const report = await reindex();
    expect(report).toContain('Added (10000)');
    const sent = fake.sendCommand({
      name: 'search',
      options: [{ name: 'query', type: 3, value: 'visa-free regime' }],
      user: user(),
    });
    expect(embeds((await fake.waitForInteractionResponse(sent.id)).data)).toContain('visa');
    rmSync(many, { recursive: true, force: true });
    expect(await reindex()).toContain('Removed (10000)');
  }, 120_000);
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
