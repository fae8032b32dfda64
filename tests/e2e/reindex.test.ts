/**
 * End to end, /reindex as admins use it and as it goes wrong: a reindex asked for during a running one,
 * an emptied or missing folder, many edits of one file, admins of other servers, a large reindex while
 * members keep asking, and the cache a restart loads. The bot is started by the same code as `npm start`
 * (in this process, or in its own where its event loop is measured).
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.ts';
import { answer } from '../../src/news/answers/index.ts';
import { type CacheEvent, openIndex } from '../../src/news/store.ts';
import { FakeDiscord, type Json } from './fake-discord.ts';
import { copyFixtures, fakeConfig, type SpawnedBot, spawnAgainst } from './spawn-bot.ts';

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

/**
 * A long wire article of about `bytes` characters: varied sentences (places, goods, figures, quotes) that
 * take the parser and the tokenizer as long as real news of that size does, each with a word no other
 * article has (`word`), so a search shows whether it is in.
 */
function longArticle(seed: number, bytes: number, word: string): string {
  const places = [
    'Kenya',
    'Japan',
    'Peru',
    'Chile',
    'Norway',
    'Canada',
    'Brazil',
    'India',
    'Egypt',
    'Poland',
  ];
  const goods = ['coffee', 'copper', 'tea', 'steel', 'wheat', 'oil', 'rice', 'timber', 'cotton', 'salt'];
  const people = ['Amy Pope', 'Tom Hale', 'Ravi Shah', 'Lena Berg', 'Omar Said'];
  let x = seed;
  const r = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  const lines = [`date 2024-03-01 (Long Wire) NAIROBI, March 1. The ${word} report, part ${seed}.\n`];
  let size = lines[0]!.length;
  while (size < bytes) {
    const line =
      r(3) === 0
        ? `"We expect ${goods[r(10)]} exports to ${places[r(10)]} to rise ${r(90)} percent," said ${people[r(5)]}, a trader.\n`
        : `${places[r(10)]} shipped ${r(900)} tonnes of ${goods[r(10)]} to ${places[r(10)]} in week ${r(52)}, lot ${r(100000)}.\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('');
}

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

describe('a large reindex while members keep asking', () => {
  let fake: FakeDiscord;
  let bot: SpawnedBot;
  let seeds: string;

  beforeAll(async () => {
    seeds = copyFixtures('reindex-large');
    // The bot in its own process: a stalled event loop there shows as late acknowledgements here.
    fake = await FakeDiscord.start({ heartbeatInterval: 41_250, interactionDeadlineMs: 3000 });
    bot = spawnAgainst(fake, seeds, { LOG_LEVEL: 'warn' });
    await fake.waitForReady(1, 30_000);
  }, 40_000);

  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    rmSync(seeds, { recursive: true, force: true });
  });

  it('acknowledges every command within 3 s while four multi-MB articles are indexed', async () => {
    for (let i = 0; i < 4; i++)
      writeFileSync(join(seeds, `long${i}.txt`), longArticle(i + 7, 2_500_000, 'quokkaberry'));
    const sent = fake.sendCommand({ name: 'reindex', permissions: MANAGE_GUILD, user: user() });
    expect((await fake.waitForInteractionResponse(sent.id)).type).toBe(5);
    let done: Json | null = null;
    void fake
      .waitForInteractionResponse(sent.id, { predicate: (r) => r.kind === 'editOriginal', timeoutMs: 90_000 })
      .then((r) => {
        done = r;
      });
    const asked: string[] = [];
    const t0 = Date.now();
    while (!done && Date.now() - t0 < 90_000) {
      const n = asked.length;
      const s =
        n % 2
          ? fake.sendCommand({ name: 'help', user: user() })
          : fake.sendCommand({
              name: 'search',
              options: [{ name: 'query', type: 3, value: n % 4 ? 'quokkaberry' : 'visa-free regime' }],
              user: user(),
            });
      asked.push(s.id);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(embeds((done as Json | null)?.data)).toContain('Added (4)');
    // The reindex took seconds (there was something to stay responsive through).
    expect(asked.length).toBeGreaterThanOrEqual(5);
    console.log(`${asked.length} commands sent during the reindex (${Date.now() - t0} ms)`);
    const acks = await Promise.all(
      asked.map((id) => fake.waitForInteractionResponse(id, { timeoutMs: 10_000 })),
    );
    expect(acks.map((a) => a.type).filter((t) => t !== 4 && t !== 5)).toEqual([]);
    const refused = fake.requests.filter(
      (r) => asked.some((id) => r.path.startsWith(`/interactions/${id}/`)) && r.status === 404,
    );
    expect(refused).toEqual([]);
    const sent2 = fake.sendCommand({
      name: 'search',
      options: [{ name: 'query', type: 3, value: 'quokkaberry report' }],
      user: user(),
    });
    const reply = await fake.waitForInteractionResponse(sent2.id);
    expect(embeds(reply.data)).toContain('quokkaberry');
    // Parsed in the parse worker, not in the bot's own thread.
    expect(bot.output()).not.toContain('parse worker failed');
  }, 120_000);
});
