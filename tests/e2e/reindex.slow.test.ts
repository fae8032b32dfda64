/**
 * End to end: a large reindex (four multi-MB articles) while members keep asking. The bot runs in its own
 * process, started as `npm start` starts it, so that a stalled event loop there shows here as
 * interactions Discord refuses (the fake answers 10062 to one not acknowledged within 3 s).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type Json } from './fake-discord.ts';
import { longArticle } from './long-article.ts';
import { copyFixtures, type SpawnedBot, spawnAgainst } from './spawn-bot.ts';

const MANAGE_GUILD = String(1 << 5);

let counter = 0;
function user(): { id: string; username: string } {
  counter++;
  return { id: String(1700000000000000000n + BigInt(counter)), username: `member${counter}` };
}

const embeds = (data: Json): string => JSON.stringify(data?.embeds ?? []);

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
    // Answered at once, or (when the edits of the last answers are still in flight) deferred, then edited.
    const first = await fake.waitForInteractionResponse(sent2.id);
    const reply =
      first.type === 5
        ? await fake.waitForInteractionResponse(sent2.id, { predicate: (r) => r.kind === 'editOriginal' })
        : first;
    expect(embeds(reply.data)).toContain('quokkaberry');
    // Parsed in the parse worker, not in the bot's own thread.
    expect(bot.output()).not.toContain('parse worker failed');
  }, 120_000);
});
