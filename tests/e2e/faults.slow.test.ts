/**
 * End to end: a /reindex that takes in 10,000 tiny files (and then removes them) while the bot keeps
 * answering. The bot is started by the same code as `npm start`, in this process.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { botInProcess, embeds } from './bot-in-process.ts';

const bot = botInProcess('fault-seeds', { heartbeatInterval: 500 });

describe('bad seeds during /reindex', () => {
  it('takes in 10,000 tiny files and still answers', async () => {
    const many = join(bot.seeds, 'many');
    mkdirSync(many);
    for (let i = 0; i < 10_000; i++)
      writeFileSync(join(many, `n${i}.txt`), `(Fixture Wire) Note ${i} about Peru and Chile trade.`);
    const report = await bot.reindex();
    expect(report).toContain('Added (10000)');
    const sent = bot.fake.sendCommand({
      name: 'search',
      options: [{ name: 'query', type: 3, value: 'visa-free regime' }],
      user: bot.user(),
    });
    expect(embeds((await bot.fake.waitForInteractionResponse(sent.id)).data)).toContain('visa');
    rmSync(many, { recursive: true, force: true });
    expect(await bot.reindex()).toContain('Removed (10000)');
  }, 120_000);
});
