/**
 * End to end, /reindex as admins use it and as it goes wrong: a reindex asked for during a running one,
 * an emptied or missing folder, many edits of one file, admins of other servers, and the cache a restart
 * loads. The bot is started by the same code as `npm start`, in this process. A large reindex while
 * members keep asking is in reindex.slow.test.ts.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.ts';
import { answer } from '../../src/news/answers/index.ts';
import { type CacheEvent, openIndex } from '../../src/news/store.ts';
import { FakeDiscord, type Json } from './fake-discord.ts';
import { longArticle } from './long-article.ts';
import { copyFixtures, fakeConfig } from './spawn-bot.ts';

const MANAGE_GUILD = String(1 << 5);
const HOME = '1100000000000000001';
const OTHER = '1100000000000000002';
const OPERATOR = { id: '1200000000000000001', username: 'operator' };

let counter = 0;
function user(): { id: string; username: string } {
  counter++;
  return { id: String(1700000000000000000n + BigInt(counter)), username: `member${counter}` };
}

const embeds = (data: Json): string => JSON.stringify(data?.embeds ?? []);

describe('reindex in a running bot', () => {
  let fake: FakeDiscord;
  let app: App;
  let seeds: string;
  let cache: string;
  const logs: string[] = [];
  const replies: string[] = [];

  beforeAll(async () => {
    seeds = copyFixtures('reindex-seeds');
    cache = mkdtempSync(join(tmpdir(), 'reindex-cache-'));
    fake = await FakeDiscord.start({ heartbeatInterval: 41_250, guilds: [{ id: HOME }, { id: OTHER }] });
    app = await startApp(
      { ...fakeConfig(fake, seeds), indexCacheDir: cache, adminUserIds: [OPERATOR.id], guildId: HOME },
      { logDestination: { write: (s: string) => void logs.push(s) } },
    );
    await fake.waitForReady(1);
    // The first cache write, after the first build.
    for (const t0 = Date.now(); cacheEvents('written') < 1 && Date.now() - t0 < 20_000; )
      await new Promise((r) => setTimeout(r, 50));
  });

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
    rmSync(seeds, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  });

  const cacheEvents = (kind: CacheEvent['kind']): number =>
    logs.filter((l) => l.includes('"index cache"') && l.includes(`"event":"${kind}"`)).length;

  /** Resolves when no cache write has finished for half a second (the last reindex's is done). */
  async function cacheSettled(): Promise<void> {
    await expect
      .poll(
        async () => {
          const n = cacheEvents('written');
          await new Promise((r) => setTimeout(r, 500));
          return cacheEvents('written') === n;
        },
        { timeout: 20_000 },
      )
      .toBe(true);
  }

  /** Sends /reindex; resolves with the text of its final reply. */
  function reindex(
    who: { id: string; username: string } = OPERATOR,
    guildId = HOME,
    permissions = MANAGE_GUILD,
  ): { id: string; done: Promise<string> } {
    const sent = fake.sendCommand({ name: 'reindex', permissions, user: who, guildId });
    const done = fake
      .waitForInteractionResponse(sent.id, {
        predicate: (r) => r.kind === 'editOriginal' || (r.kind === 'callback' && r.type === 4),
        timeoutMs: 60_000,
      })
      .then((r) => {
        const text = embeds(r.data);
        replies.push(text);
        return text;
      });
    return { id: sent.id, done };
  }

  async function ask(name: string, option: string, value: string): Promise<string> {
    const sent = fake.sendCommand({ name, options: [{ name: option, type: 3, value }], user: user() });
    const first = await fake.waitForInteractionResponse(sent.id);
    if (first.type !== 5) return embeds(first.data);
    const edit = await fake.waitForInteractionResponse(sent.id, {
      predicate: (r) => r.kind === 'editOriginal',
    });
    return embeds(edit.data);
  }

  it('gives a /reindex asked for during a running one a run after it, and replies once its files are in', async () => {
    // A first reindex that takes a while: two long articles to parse.
    for (let i = 0; i < 2; i++)
      writeFileSync(join(seeds, `long${i}.txt`), longArticle(i + 1, 1_500_000, 'longwire'));
    const first = reindex();
    await expect.poll(() => app.live.reindexing).toBe(true);
    await new Promise((r) => setTimeout(r, 300)); // the first run has listed the folder
    writeFileSync(
      join(seeds, 'wire', 'late.txt'),
      '(Fixture Wire) Iceland and Norway signed a fish trade deal worth $900 million.',
    );
    const second = reindex();
    const third = reindex();
    const [a, b, c] = await Promise.all([first.done, second.done, third.done]);
    expect(a).toContain('Reindex complete');
    for (const report of [b, c]) {
      expect(report).toContain('Reindex complete');
      expect(report).toMatch(/was running when you asked: this one ran after it/);
    }
    expect(`${a}${b}`).toContain('wire/late.txt');
    // Told "complete", the admin's file answers.
    expect(await ask('trade', 'places', 'iceland norway')).toContain('$900 million');
    expect(await ask('search', 'query', 'longwire report')).toContain('longwire');
    for (let i = 0; i < 2; i++) unlinkSync(join(seeds, `long${i}.txt`));
    expect(await reindex().done).toContain('Removed (2): long0.txt, long1.txt');
  }, 90_000);

  it('rewrites the cache after a reindex, so a restart loads the new archive without rebuilding', async () => {
    writeFileSync(
      join(seeds, 'wire', 'mongolia.txt'),
      '(Fixture Wire) Mongolia and Japan agreed rare earth exports worth $300 million.',
    );
    const written = cacheEvents('written');
    expect(await reindex().done).toContain('Added (1): wire/mongolia.txt');
    await expect.poll(() => cacheEvents('written'), { timeout: 20_000 }).toBeGreaterThan(written);
    await cacheSettled();
    // What a restart (or a shard process) does: open the cache for the same folder.
    const events: CacheEvent[] = [];
    const restarted = await openIndex(seeds, { cacheDir: cache, onCache: (e) => events.push(e) });
    expect(events.map((e) => e.kind)).toEqual(['hit']);
    expect(answer(restarted, '/trade mongolia japan').results[0]?.text).toContain('$300 million');
    expect(answer(restarted, '/trade iceland norway').results[0]?.text).toContain('$900 million');
  });

  it('keeps the reported passage count at the live count over 200 edits of one file', async () => {
    const file = join(seeds, 'wire', 'rates-crlf.txt');
    const counts = new Set<string>();
    for (let i = 0; i < 200; i++) {
      writeFileSync(
        file,
        `(Fixture Post) Rates, take ${i}. Mr Hale said: "We will hold rates at ${i} percent." Markets rose. Bonds fell ${i} pct.`,
      );
      const report = await reindex().done;
      expect(report).toContain('Changed (1): wire/rates-crlf.txt');
      counts.add(/(\d+) passages/.exec(report)?.[1] ?? 'none');
    }
    expect(counts.size).toBe(1);
    const { lib } = app.live.current;
    const live = lib.passages.filter((p) => !lib.removed.has(p.article)).length;
    expect([...counts]).toEqual([String(live)]);
    expect(lib.passages.length).toBeLessThan(live * 1.5);
    expect(await ask('search', 'query', 'hold rates')).toContain('199 percent');
  }, 120_000);

  it('refuses an emptied or missing folder with a clear message, and the old index keeps serving', async () => {
    // Let the cache writes of earlier reindexes finish: this test checks that no refusal writes one.
    await cacheSettled();
    const written = cacheEvents('written');
    const aside = `${seeds}-aside`;
    renameSync(seeds, aside);
    mkdirSync(join(seeds, 'ops'), { recursive: true });
    writeFileSync(join(seeds, 'ops', 'run-bot.sh'), 'node src/main.ts\n');
    const empty = await reindex().done;
    expect(empty).toContain('Reindex refused');
    expect(empty).toMatch(/No article in the seeds folder/);
    expect(empty).toMatch(/previous index keeps serving/);
    expect(empty).toContain('ops/run-bot.sh');
    expect(await ask('trade', 'places', 'kazakhstan china')).toContain('24.1 billion');
    rmSync(seeds, { recursive: true, force: true });
    const missing = await reindex().done;
    expect(missing).toContain('Reindex refused');
    expect(missing).toMatch(/missing/);
    expect(await ask('trade', 'places', 'mongolia japan')).toContain('$300 million');
    renameSync(aside, seeds);
    expect(await reindex().done).toContain('Reindex complete');
    // A refused reindex never replaced the cache with an empty archive: a restart loads the full one.
    await new Promise((r) => setTimeout(r, 300));
    expect(cacheEvents('written')).toBe(written);
    const events: CacheEvent[] = [];
    const restarted = await openIndex(seeds, { cacheDir: cache, onCache: (e) => events.push(e) });
    expect(events.map((e) => e.kind)).toEqual(['hit']);
    expect(answer(restarted, '/trade kazakhstan china').results.length).toBeGreaterThan(0);
  });

  it("lets only the operator's ADMIN_USER_IDS reindex, in any server; Manage Server members are refused", async () => {
    const stranger = await reindex(user(), OTHER, MANAGE_GUILD).done;
    expect(stranger).toMatch(/Only the bot's operators can run \/reindex/);
    const home = await reindex(user(), HOME, MANAGE_GUILD).done;
    expect(home).toMatch(/operators/);
    expect(home).not.toMatch(/wire\//);
    const operator = await reindex(OPERATOR, OTHER, '0').done;
    expect(operator).toContain('Reindex complete');
  });

  it('never shows a path outside the seeds folder in any reply', () => {
    expect(replies.length).toBeGreaterThan(200);
    const all = replies.join('\n');
    expect(all).not.toContain(seeds);
    expect(all).not.toContain(tmpdir());
    expect(all).not.toContain(cache);
  });
});
