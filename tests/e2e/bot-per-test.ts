/**
 * Set-up shared by the end-to-end files whose every test starts its own fake Discord and bot (gateway
 * faults, fatal closes), light and slow alike: a copy of the fixtures for the file, and after each test
 * its bot stopped (its whole process group) and its fake closed.
 */
import { rmSync } from 'node:fs';
import { afterEach, beforeAll } from 'vitest';
import { FakeDiscord, type FakeDiscordOptions } from './fake-discord.ts';
import { within } from './shard-processes.ts';
import { copyFixtures, type SpawnedBot } from './spawn-bot.ts';

/** Starts what a test needs and keeps it, for the hooks to stop after the test. */
export interface PerTest {
  /** The file's copy of the fixtures (set before the first test). */
  seeds: string;
  /** Starts a fake Discord, closed after the test. */
  fake: (options?: FakeDiscordOptions) => Promise<FakeDiscord>;
  /** Keeps a spawned bot, stopped after the test; returns it. */
  bot: (bot: SpawnedBot) => SpawnedBot;
}

/** Registers the hooks in the calling file. */
export function botPerTest(prefix: string): PerTest {
  let fake: FakeDiscord | undefined;
  let bot: SpawnedBot | undefined;
  const t: PerTest = {
    seeds: '',
    fake: async (options) => {
      fake = await FakeDiscord.start(options);
      return fake;
    },
    bot: (b) => {
      bot = b;
      return b;
    },
  };
  beforeAll(() => {
    t.seeds = copyFixtures(prefix);
    return () => rmSync(t.seeds, { recursive: true, force: true });
  });
  afterEach(async () => {
    await bot?.stop();
    await fake?.close();
    bot = undefined;
    fake = undefined;
  });
  return t;
}

/** The bot's exit status, or 'timeout' when it is still running after `ms`. */
export const exitWithin = (b: SpawnedBot, ms: number): Promise<number | null | 'timeout'> =>
  within(b.exited, ms);

/** How many lines of `out` contain `text`. */
export const lines = (out: string, text: string): number =>
  out.split('\n').filter((l) => l.includes(text)).length;
