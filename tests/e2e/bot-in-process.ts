/**
 * Set-up shared by end-to-end files that drive one bot for the whole file (faults, light and slow): the
 * bot started in this process by the same code as `npm start` (startApp), against a fake Discord, on a
 * copy of the fixtures, its log lines kept; stopped, and its folder removed, after the file.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { type App, startApp } from '../../src/app.ts';
import { FakeDiscord, type FakeDiscordOptions, type Json } from './fake-discord.ts';
import { copyFixtures, fakeConfig } from './spawn-bot.ts';

const MANAGE_GUILD = String(1 << 5);

/** The file's bot; `fake`, `app` and `seeds` are set before its first test. */
export interface BotInProcess {
  fake: FakeDiscord;
  app: App;
  seeds: string;
  /** Every line the bot logged, as written. */
  logs: string[];
  /** A new member each time (ids unique in the run), so no cooldown carries over between tests. */
  user: () => { id: string; username: string };
  /** Sends /reindex as a member with Manage Server; resolves with the text of its final reply. */
  reindex: () => Promise<string>;
}

let counter = 0;

/** The embeds of a reply, as one string to search. */
export const embeds = (data: Json): string => JSON.stringify(data?.embeds ?? []);

/** Registers the hooks in the calling file. */
export function botInProcess(prefix: string, options: FakeDiscordOptions): BotInProcess {
  const b = {
    logs: [] as string[],
    user: () => {
      counter++;
      return { id: String(1500000000000000000n + BigInt(counter)), username: `user${counter}` };
    },
    reindex: async () => {
      const sent = b.fake.sendCommand({ name: 'reindex', permissions: MANAGE_GUILD, user: b.user() });
      const done = await b.fake.waitForInteractionResponse(sent.id, {
        predicate: (r) => r.kind === 'editOriginal',
        timeoutMs: 60_000,
      });
      return embeds(done.data);
    },
  } as BotInProcess;
  beforeAll(async () => {
    b.seeds = copyFixtures(prefix);
    b.fake = await FakeDiscord.start(options);
    b.app = await startApp(fakeConfig(b.fake, b.seeds), {
      logDestination: { write: (s: string) => void b.logs.push(s) },
    });
    await b.fake.waitForReady(1);
  });
  afterAll(async () => {
    await b.app?.stop();
    await b.fake?.close();
    if (b.seeds) rmSync(b.seeds, { recursive: true, force: true });
  });
  return b;
}
