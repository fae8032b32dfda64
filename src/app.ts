import type { DestinationStream, Logger } from 'pino';
import type { BotConfig } from './config.ts';
import { NewsBot } from './discord/bot.ts';
import { createLogger } from './logger.ts';
import { LiveIndex } from './news/live.ts';
import { loadIndex } from './news/load.ts';

/**
 * Composition root: config → log → library and index → bot. `npm start` (src/main.ts) and the
 * end-to-end tests both start the bot through {@link startApp}, so the tests run what operators run.
 */

/** A running bot and how to stop it. */
export interface App {
  bot: NewsBot;
  live: LiveIndex;
  log: Logger;
  /** Destroys the client; resolves when it is closed. */
  stop(): Promise<void>;
}

/** Options of {@link startApp} beyond the config. */
export interface AppOptions {
  /** Where the log goes (tests capture it). */
  logDestination?: DestinationStream;
  /** Called when Discord refuses the bot for good (bad token, disallowed intents). */
  onFatal?: (reason: string) => void;
  /** Shards of this process (under the ShardingManager). */
  shards?: number[];
  shardCount?: number;
}

/** Builds the index, then logs the bot in. */
export async function startApp(config: BotConfig, options: AppOptions = {}): Promise<App> {
  const log = createLogger({
    level: config.logLevel,
    secrets: [config.token],
    destination: options.logDestination,
  });
  const live = new LiveIndex(() =>
    loadIndex(config.seedsDir, {
      onProgress: (p) => {
        if (p.stage === 'done') log.info({ articles: p.done, ms: Math.round(p.elapsedMs) }, 'index built');
      },
    }),
  );
  const t0 = performance.now();
  const index = await live.load();
  log.info(
    {
      seeds: config.seedsDir,
      articles: index.lib.articles.length,
      passages: index.lib.passages.length,
      speakers: index.lib.speakers.length,
      skipped: index.lib.skipped.length,
      ms: Math.round(performance.now() - t0),
    },
    'library loaded',
  );
  for (const s of index.lib.skipped.slice(0, 50))
    log.warn({ file: s.file, reason: s.reason }, 'file skipped');
  const bot = new NewsBot({
    token: config.token,
    apiUrl: config.apiUrl,
    live,
    log,
    onFatal: options.onFatal,
    shards: options.shards,
    shardCount: options.shardCount,
  });
  await bot.login();
  return {
    bot,
    live,
    log,
    stop: async () => {
      await bot.destroy();
      log.info('stopped');
      log.flush();
    },
  };
}
