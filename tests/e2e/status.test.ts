/**
 * End to end, /status as operators use it: the bot started by the same code as `npm start`, against the
 * fake Discord, with a cache folder outside the project (whose host path must never show).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.ts';
import { FakeDiscord, type InteractionResponseRecord, type Json } from './fake-discord.ts';
import { copyFixtures, fakeConfig } from './spawn-bot.ts';

const MANAGE_GUILD = String(1 << 5);
const EPHEMERAL = 1 << 6;
const HOME = '1100000000000000001';
const OTHER = '1100000000000000002';
const OPERATOR = { id: '1200000000000000001', username: 'operator' };
const MEMBER = { id: '1200000000000000002', username: 'member' };

/** The embeds' titles and descriptions as read in Discord (Markdown escapes of `_` removed). */
const embeds = (data: Json): string =>
  ((data?.embeds ?? []) as { title?: string; description?: string }[])
    .map((e) => `${e.title ?? ''}\n${e.description ?? ''}`)
    .join('\n')
    .replace(/\\_/g, '_');

describe('/status in a running bot', () => {
  let fake: FakeDiscord;
  let app: App;
  let seeds: string;
  let cache: string;
  const logs: string[] = [];

  beforeAll(async () => {
    seeds = copyFixtures('status-seeds');
    cache = mkdtempSync(join(tmpdir(), 'status-cache-'));
    fake = await FakeDiscord.start({ guilds: [{ id: HOME }, { id: OTHER }] });
    app = await startApp(
      { ...fakeConfig(fake, seeds), indexCacheDir: cache, adminUserIds: [OPERATOR.id], guildId: HOME },
      { logDestination: { write: (s: string) => void logs.push(s) } },
    );
    await fake.waitForReady(1);
    // The first cache write, after the first build: /status then finds the file on disk (the hook's
    // timeout bounds the wait).
    while (!logs.some((l) => l.includes('"index cache"') && l.includes('"event":"written"')))
      await new Promise((r) => setTimeout(r, 50));
  });

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
    rmSync(seeds, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  });

  /** Sends `name` as `who`; resolves with the reply (a callback reply, or the edit of a deferred one). */
  async function send(
    name: string,
    who: { id: string; username: string },
    permissions = MANAGE_GUILD,
    guildId = HOME,
  ): Promise<{ first: InteractionResponseRecord; text: string }> {
    const sent = fake.sendCommand({ name, permissions, user: who, guildId });
    const first = await fake.waitForInteractionResponse(sent.id, { timeoutMs: 60_000 });
    if (first.type !== 5) return { first, text: embeds(first.data) };
    const edit = await fake.waitForInteractionResponse(sent.id, {
      predicate: (r) => r.kind === 'editOriginal',
      timeoutMs: 60_000,
    });
    return { first, text: embeds(edit.data) };
  }

  it("gives an operator the bot's status, only to them", async () => {
    const { first, text } = await send('status', OPERATOR);
    expect(first.type).toBe(4);
    expect((first.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const { lib } = app.live.current;
    expect(text).toContain('Status');
    expect(text).toMatch(/Version \d+\.\d+\.\d+ · up [\d.]+\w* .*\(connected to Discord for /);
    expect(text).toContain('Shard: one process, no sharding · servers: 2');
    expect(text).toContain(`Archive: ${lib.entries.length} articles, ${lib.passages.length} passages`);
    expect(text).toMatch(
      /Cache: INDEX_CACHE_DIR\/news-index-[0-9a-f]+-[0-9a-f]+\.json, \d+ KB on disk · last: written at/,
    );
    expect(text).toContain('Last reindex: none since this process started');
    expect(text).toMatch(/Memory: RSS \d+ MB · heap \d+ MB used of \d+ MB/);
    // No host path: neither the cache folder nor the seeds folder (both outside the project).
    expect(text).not.toContain(tmpdir());
  });

  it('tells who reindexed last, when, how long it took and how it went', async () => {
    writeFileSync(
      join(seeds, 'wire', 'mongolia.txt'),
      '(Fixture Wire) Mongolia and Japan agreed rare earth exports worth $300 million.',
    );
    expect((await send('reindex', OPERATOR)).text).toContain('Reindex complete');
    const { text } = await send('status', OPERATOR);
    expect(text).toMatch(
      /Last reindex: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \([^)]+ ago\) by operator \(1200000000000000001\), took [^;]+; ok, \d+ → \d+ articles \(1 added, 0 changed, 0 removed/,
    );
  });

  it('refuses a member who may not reindex, privately, naming /status', async () => {
    for (const [permissions, guild] of [
      ['0', HOME],
      [MANAGE_GUILD, OTHER],
    ] as const) {
      const { first, text } = await send('status', MEMBER, permissions, guild);
      expect(first.type).toBe(4);
      expect((first.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
      expect(text).toContain("Only the bot's operators can run /status.");
      expect(text).not.toContain('Memory');
    }
  });
});
