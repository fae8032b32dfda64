import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager } from 'discord.js';
import type { Logger } from 'pino';
import type { BotConfig } from './config.ts';
import { articleCount } from './news/library.ts';
import { openIndex } from './news/store.ts';

/**
 * `SHARDS=auto` or `SHARDS=N`: the bot under discord.js's ShardingManager, one process per shard.
 * The manager builds (or loads) the index once and persists it; each shard process then loads the
 * persisted index instead of rebuilding it. Discord requires sharding from 2,500 servers.
 */

/** How many shards Discord recommends for this bot (`GET /gateway/bot` on the configured API). */
async function recommendedShards(config: BotConfig): Promise<number> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const info = (await rest.get(Routes.gatewayBot())) as { shards?: number };
  return Math.max(1, Number(info.shards) || 1);
}

/** Prepares the shared index, then spawns the shards. Resolves with the manager once all are ready. */
export async function startShards(config: BotConfig, log: Logger): Promise<ShardingManager> {
  if (!config.indexCacheDir) {
    log.warn('INDEX_CACHE_DIR is empty: every shard will build its own index (slower start, more memory)');
  } else {
    let written: () => void = () => {};
    const persisted = new Promise<void>((r) => {
      written = r;
    });
    let pending = false;
    const index = await openIndex(config.seedsDir, {
      cacheDir: config.indexCacheDir,
      onCache: (e) => {
        log.info({ event: e.kind, detail: e.detail, ms: e.ms && Math.round(e.ms) }, 'index cache');
        if (e.kind === 'miss' || e.kind === 'invalid' || e.kind === 'refreshed') pending = true;
        if (e.kind === 'written' || e.kind === 'write-failed') written();
      },
    });
    if (pending) await persisted;
    log.info(
      { articles: articleCount(index.lib), passages: index.lib.passages.length },
      'index ready for the shards',
    );
  }
  const totalShards = config.shards === 'auto' ? await recommendedShards(config) : (config.shards ?? 1);
  const manager = new ShardingManager(fileURLToPath(new URL('./main.ts', import.meta.url)), {
    token: config.token,
    totalShards,
    mode: 'process',
    respawn: true,
    execArgv: ['--import', 'tsx'],
  });
  manager.on('shardCreate', (shard) => {
    log.info({ shard: shard.id, of: totalShards }, 'shard started');
    shard.on('death', (child) => {
      const code = 'exitCode' in child ? child.exitCode : null;
      log.warn({ shard: shard.id, code }, 'shard process exited');
      // Status 1 is a shard refused for good (bad token, disallowed intents) or unable to start:
      // respawning would only loop. Stop every shard and exit with it.
      if (code === 1) {
        log.fatal({ shard: shard.id }, 'a shard cannot run; stopping all shards');
        for (const s of manager.shards.values()) s.kill();
        process.exitCode = 1;
        setTimeout(() => process.exit(1), 200).unref();
      }
    });
  });
  await manager.spawn({ amount: totalShards });
  log.info({ shards: totalShards }, 'all shards ready');
  return manager;
}
