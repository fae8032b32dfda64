import { resolve } from 'node:path';
import type { DestinationStream, Logger } from 'pino';
import type { BotConfig } from './config.ts';
import { NewsBot } from './discord/bot.ts';
import { linkShard, type ShardLink } from './discord/shard-link.ts';
import { createLogger } from './logger.ts';
import { articleCount } from './news/library.ts';
import { type IndexBuilder, LiveIndex, NoArticlesError } from './news/live.ts';
import type { LoadProgress } from './news/load.ts';
import { showPaths } from './news/paths.ts';
import { type CacheEvent, cacheFile, openIndex, persistIndex, refreshIndex } from './news/store.ts';

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
    pretty: config.logPretty,
  });
  const onProgress = (p: LoadProgress): void => {
    if (p.stage !== 'done') return;
    if (p.fallback)
      log.warn({ reason: p.fallback }, 'parse worker failed; the index was built in one thread');
    log.info({ articles: p.done, ms: Math.round(p.elapsedMs), threads: p.threads }, 'index built');
  };
  // This folder's cache for this code version (the shard manager and the console compute the same name).
  const cache = config.indexCacheDir ? cacheFile(config.indexCacheDir, config.seedsDir) : null;
  const onCache = (e: CacheEvent): void => {
    live.noteCache(e);
    const level = e.kind === 'invalid' || e.kind === 'write-failed' ? 'warn' : 'info';
    log[level](
      { cache: cache?.path ?? null, event: e.kind, detail: e.detail, ms: e.ms && Math.round(e.ms) },
      'index cache',
    );
  };
  // A reindex is refreshed from the live index, and the cache rewritten after it (a restart, and every
  // shard process, loads the cache); its errors reach the admin with paths relative to the seeds folder.
  const seedsFolders = [resolve(config.seedsDir), config.seedsDir];
  const build: IndexBuilder = async (previous) => {
    if (!previous) return openIndex(config.seedsDir, { cacheDir: config.indexCacheDir, onProgress, onCache });
    try {
      const r = await refreshIndex(previous, config.seedsDir, {
        onProgress,
        onFallback: (reason) => log.warn({ reason }, 'parse worker failed; new files parsed in this thread'),
      });
      if (cache && r.mode !== 'unchanged' && articleCount(r.index.lib) > 0)
        persistIndex(cache, r.index, onCache);
      return r.index;
    } catch (err) {
      if (err instanceof NoArticlesError) throw err;
      log.error({ err: (err as Error).message }, 'reindex failed');
      throw new Error(showPaths((err as Error).message, seedsFolders));
    }
  };
  const live = new LiveIndex(build, { seedsDir: config.seedsDir, cacheFile: cache?.path ?? null });
  const t0 = performance.now();
  const index = await live.load();
  log.info(
    {
      seeds: config.seedsDir,
      articles: articleCount(index.lib),
      passages: index.lib.passages.length,
      speakers: index.lib.speakers.length,
      skipped: index.lib.skipped.length,
      ms: Math.round(performance.now() - t0),
    },
    'library loaded',
  );
  for (const s of index.lib.skipped.slice(0, 50))
    log.warn({ file: s.file, reason: s.reason }, 'file skipped');
  // Under the ShardingManager: the link to it (reindex on every shard, refusals reported to it).
  let link: ShardLink | null = null;
  const bot = new NewsBot({
    token: config.token,
    apiUrl: config.apiUrl,
    live,
    log,
    onFatal: (reason) => {
      link?.reportFatal(reason);
      options.onFatal?.(reason);
    },
    shards: options.shards,
    shardCount: options.shardCount,
    reindexAccess: { adminUserIds: config.adminUserIds, guildId: config.guildId },
  });
  link = linkShard(bot.client, live, log);
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
