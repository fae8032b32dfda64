/**
 * End to end on the full archive (`../shared/corpus`, about 17,500 articles; skipped when it is not
 * there): the bot, started as `npm start` starts it in its own process, builds its index from the whole
 * corpus and then gets a burst of 100 interactions of every kind at once. Discord requires the first
 * response within 3 seconds, and the fake refuses a later one (10062): that rule is asserted. The
 * project's own target (issue 4) is a p99 under 250 ms, which this test reports rather than asserts
 * (timings depend on the machine; the benchmark is where targets are kept).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acknowledged } from './acknowledged.ts';
import { FakeDiscord, type Json } from './fake-discord.ts';
import { type SpawnedBot, spawnAgainst } from './spawn-bot.ts';

const CORPUS = new URL('../../../shared/corpus', import.meta.url).pathname;
const hasCorpus = existsSync(join(CORPUS, 'reuters'));

describe.skipIf(!hasCorpus)('the bot on the full corpus', () => {
  let fake: FakeDiscord;
  let bot: SpawnedBot;
  let cache: string;
  let counter = 0;
  const user = (): { id: string; username: string } => {
    counter++;
    return { id: String(1800000000000000000n + BigInt(counter)), username: `reader${counter}` };
  };

  beforeAll(async () => {
    cache = mkdtempSync(join(tmpdir(), 'corpus-cache-'));
    fake = await FakeDiscord.start({ heartbeatInterval: 41_250, interactionDeadlineMs: 3000 });
    // The corpus is read in place: the bot never writes to its seeds folder.
    bot = spawnAgainst(fake, CORPUS, { INDEX_CACHE_DIR: cache, LOG_LEVEL: 'info' });
    // Building the index of the whole corpus takes a minute or two, more on a busy machine.
    await fake.waitForReady(1, 300_000);
  }, 310_000);

  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    if (cache) rmSync(cache, { recursive: true, force: true });
  });

  /** Sends 100 commands of every kind at once; returns the acknowledgements, sorted latencies and answers. */
  async function burst(label: string): Promise<number[]> {
    const kinds: [string, string, string][] = [
      ['trade', 'places', 'japan united states'],
      ['quote', 'person', 'reagan'],
      ['search', 'query', 'oil prices'],
      ['search', 'query', 'coffee quotas brazil'],
      ['trade', 'places', 'china hong kong'],
    ];
    const t0 = Date.now();
    const sent = Array.from({ length: 100 }, (_, i) => {
      const [name, option, value] = kinds[i % kinds.length]!;
      return fake.sendCommand({ name, options: [{ name: option, type: 3, value }], user: user() });
    });
    const acks = await acknowledged(
      fake,
      sent.map((s) => s.id),
    );
    const latencies = acks.map((a: Json) => a.at - t0).sort((a, b) => a - b);
    const deferred = acks.filter((a: Json) => a.type === 5).length;
    console.log(
      `full corpus, burst of 100 ${label}: acknowledged p50 ${latencies[49]} ms, p95 ${latencies[94]} ms, ` +
        `p99 ${latencies[98]} ms, max ${latencies[99]} ms (target p99 < 250 ms); ${deferred} acknowledged ` +
        'first ("thinking") and answered by an edit',
    );
    // Every interaction gets its answer (an embed with a cited passage), none an error: in the first
    // response, or, when the bot acknowledged it first (type 5), in the edit that follows.
    let lastAnswer = 0;
    for (const [i, a] of acks.entries()) {
      const answer =
        a.type === 5
          ? await fake.waitForInteractionResponse(sent[i]!.id, {
              predicate: (r) => r.kind === 'editOriginal',
              timeoutMs: 10_000,
            })
          : a;
      lastAnswer = Math.max(lastAnswer, answer.at - t0);
      const text = JSON.stringify(answer.data?.embeds ?? []);
      expect(text).not.toMatch(/something went wrong/i);
      expect(text.length).toBeGreaterThan(100);
    }
    console.log(`  the last of the 100 answers arrived ${lastAnswer} ms after the burst began`);
    return latencies;
  }

  it('acknowledges a burst of 100 mixed interactions within 3 s right after a cold start, each with an answer', async () => {
    await burst('right after a cold start (cache being written)');
  });

  it('acknowledges a burst of 100 within 3 s once settled (the figure for the 250 ms target)', async () => {
    const t0 = Date.now();
    while (!bot.output().includes('"event":"written"') && Date.now() - t0 < 60_000) {
      await new Promise((r) => setTimeout(r, 200));
    }
    await burst('once the cache is written');
  });

  it('acknowledges 1,000 page clicks at once within 3 s: 100 askers, 10 impatient clicks each', async () => {
    const asked = Array.from({ length: 100 }, () => {
      const asker = user();
      const sent = fake.sendCommand({
        name: 'search',
        options: [{ name: 'query', type: 3, value: 'oil prices' }],
        user: asker,
      });
      return { asker, sent };
    });
    const answers = [];
    for (const { asker, sent } of asked) {
      const first = await fake.waitForInteractionResponse(sent.id, { timeoutMs: 5000 });
      const reply =
        first.type === 5
          ? await fake.waitForInteractionResponse(sent.id, {
              predicate: (r) => r.kind === 'editOriginal',
              timeoutMs: 10_000,
            })
          : first;
      answers.push({
        asker,
        customId: reply.data.components[0].components[0].custom_id as string,
        messageId: reply.message?.id,
      });
    }
    const t0 = Date.now();
    const clicks = answers.flatMap(({ asker, customId, messageId }) =>
      Array.from({ length: 10 }, () => fake.clickButton({ customId, messageId, user: asker })),
    );
    const acks = await acknowledged(
      fake,
      clicks.map((c) => c.id),
    );
    const latencies = acks.map((a: Json) => a.at - t0).sort((a, b) => a - b);
    console.log(
      `full corpus, 1,000 page clicks: acknowledged p50 ${latencies[499]} ms, max ${latencies[999]} ms`,
    );
    // Each asker's first clicks page (7, or 6 then an edit), one is told to slow down (4), the rest are
    // acknowledged and change nothing (6).
    expect(acks.every((a: Json) => [4, 6, 7].includes(a.type))).toBe(true);
  }, 60_000);

  it('answers every other member within 3 s while two members send the heaviest questions it takes', async () => {
    // The most distinct common words a question may hold, each in many passages.
    const heavy =
      'said year would million percent company government market billion first last week month people state officials told since three time president report bank shares';
    const heavyUsers = [user(), user()];
    for (const u of heavyUsers)
      for (let i = 0; i < 3; i++)
        fake.sendMessage({ content: `<@${fake.botUser.id}> /search ${heavy} ${i}`, author: u });
    const t0 = Date.now();
    const sent = Array.from({ length: 50 }, (_, i) =>
      fake.sendCommand({
        name: 'trade',
        options: [{ name: 'places', type: 3, value: i % 2 ? 'japan china' : 'peru chile' }],
        user: user(),
      }),
    );
    const acks = await acknowledged(
      fake,
      sent.map((s) => s.id),
    );
    const latencies = acks.map((a: Json) => a.at - t0).sort((a, b) => a - b);
    console.log(`full corpus, 50 commands beside 6 heavy mentions: acknowledged max ${latencies[49]} ms`);
  }, 60_000);
});
