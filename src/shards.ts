import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REST, Routes, type Shard, ShardingManager } from 'discord.js';
import type { Logger } from 'pino';
import type { BotConfig } from './config.ts';
import {
  isNewsbotMessage,
  type ManagerMessage,
  type ShardMessage,
  type ShardReindexResult,
} from './discord/shard-link.ts';
import { siblingEntry, tsxExecArgv } from './entry.ts';
import { articleCount } from './news/library.ts';
import { openIndex } from './news/store.ts';

/**
 * `SHARDS=auto` or `SHARDS=N`: the bot under discord.js's ShardingManager, one process per shard.
 * The manager builds (or loads) the index once and persists it; each shard process then loads the
 * persisted index instead of rebuilding it. Discord requires sharding from 2,500 servers.
 *
 * The shards agree: a `/reindex` on one shard is relayed to every other shard (the protocol is in
 * src/discord/shard-link.ts), and its admin is told which shards have the new archive. A shard refused
 * by Discord for good (exit status 1) stops all of them, once, and the manager reports its reason; any
 * other exit is respawned. Stopping waits for every shard process to exit (SIGKILL past a bound), so no
 * shard outlives its manager.
 */

/** How long a shard may take to become ready (it loads the index first). */
const READY_TIMEOUT_MS = 120_000;
/** Between a shard's unexpected exit and its respawn. */
const RESPAWN_DELAY_MS = 1000;
/** How long a shard may take to stop after SIGTERM before it is killed. */
const STOP_TIMEOUT_MS = 10_000;
/** How long the manager waits for one shard's reindex before reporting it as not answering. */
const REINDEX_TIMEOUT_MS = 5 * 60_000;

/** How many shards Discord recommends for this bot (`GET /gateway/bot` on the configured API). */
async function recommendedShards(config: BotConfig): Promise<number> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const info = (await rest.get(Routes.gatewayBot())) as { shards?: number };
  return Math.max(1, Number(info.shards) || 1);
}

/** Builds (or loads) the index and waits until the cache holds it, so that every shard loads it. */
async function prepareIndex(config: BotConfig, log: Logger): Promise<void> {
  if (!config.indexCacheDir) {
    log.warn('INDEX_CACHE_DIR is empty: every shard will build its own index (slower start, more memory)');
    return;
  }
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

/** Resolves when `child` has exited; SIGKILL when it has not within `ms`. */
function exited(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Options of {@link startShards}. */
export interface ShardsOptions {
  /**
   * Called once, after every shard has stopped, when Discord refused a shard for good after they all
   * started (the caller exits 1). A refusal while they start rejects {@link Shards.ready} instead.
   */
  onFatal?: (reason: string) => void;
}

/** The shards, starting or running. */
export interface Shards {
  /**
   * Resolves once every shard is ready; rejects, after stopping those already started, when one cannot
   * start (the message names Discord's reason) or when {@link stop} was called first.
   */
  ready: Promise<void>;
  /**
   * Stops every shard, also while they start (safe to call more than once); resolves when every shard
   * process has exited.
   */
  stop(): Promise<void>;
}

/** Prepares the shared index, then spawns the shards (see {@link Shards}). */
export function startShards(config: BotConfig, log: Logger, options: ShardsOptions = {}): Shards {
  let manager: ShardingManager | null = null;
  /** Why Discord refused a shard, as the shard said before exiting. */
  const reasons = new Map<number, string>();
  const refusal = (shard: number): string =>
    `Discord refused shard ${shard}: ${reasons.get(shard) ?? 'it exited with status 1 (see its log above)'}`;
  /** The first shard refused for good; set once, and then every shard is stopped. */
  let refused: number | null = null;
  let started = false;
  let stopping = false;
  const exits: Promise<void>[] = [];
  /** Kills every live shard process (respawning off first); resolves when all have exited. */
  const stopAll = (): Promise<void> => {
    stopping = true;
    if (manager) manager.respawn = false;
    for (const shard of manager?.shards.values() ?? []) {
      const child = shard.process;
      // A dead shard's process is still set while its death is reported: never kill it again.
      if (!child || child.exitCode !== null || child.signalCode !== null) continue;
      exits.push(exited(child, STOP_TIMEOUT_MS));
      shard.kill();
    }
    return Promise.all(exits).then(() => {});
  };

  const watch = (shard: Shard, totalShards: number): void => {
    shard.on('spawn', (child) => {
      const pid = 'pid' in child ? child.pid : null;
      log.info({ shard: shard.id, of: totalShards, child: pid }, 'shard started');
      // Spawned while stopping (manager.spawn goes on with the next shard): stop it as soon as its
      // spawn waits for it, so that the spawn fails at once instead of waiting for a ready shard.
      if (stopping) setImmediate(() => void stopAll());
    });
    shard.on('message', (m: unknown) => {
      if (!isNewsbotMessage<ShardMessage>(m)) return;
      if (m.newsbot === 'fatal') reasons.set(shard.id, m.reason);
      else if (m.newsbot === 'reindex-others' && manager) void relayReindex(manager, shard, m.id, log);
    });
    shard.on('death', (child) => {
      if (stopping) return;
      const code = 'exitCode' in child ? child.exitCode : null;
      log.warn({ shard: shard.id, code }, 'shard process exited');
      if (code === 1) {
        // Refused for good (bad token, disallowed intents) or unable to start: respawning would loop.
        refused = shard.id;
        log.fatal({ shard: shard.id }, 'a shard cannot run; stopping all shards');
        void stopAll().then(() => {
          if (started) options.onFatal?.(refusal(shard.id));
        });
        return;
      }
      setTimeout(() => {
        if (stopping) return;
        log.info({ shard: shard.id }, 'respawning the shard');
        shard.spawn(READY_TIMEOUT_MS).catch((err: Error) => {
          log.error({ shard: shard.id, err: err.message }, 'the shard could not be respawned');
        });
      }, RESPAWN_DELAY_MS);
    });
  };

  const start = async (): Promise<void> => {
    await prepareIndex(config, log);
    const totalShards = config.shards === 'auto' ? await recommendedShards(config) : (config.shards ?? 1);
    if (stopping) throw new Error('stopped before the shards started');
    // Each shard runs this process's own entry: dist/src/main.js under plain node when compiled,
    // src/main.ts through tsx from source (see src/entry.ts).
    const entry = siblingEntry(import.meta.url, 'main');
    manager = new ShardingManager(fileURLToPath(entry.url), {
      token: config.token,
      totalShards,
      mode: 'process',
      // Respawning is decided here (see the death handler): discord.js decides it before anyone is
      // told why the shard died, and would respawn a refused shard.
      respawn: false,
      execArgv: entry.fromSource ? tsxExecArgv() : [],
    });
    manager.on('shardCreate', (shard) => watch(shard, totalShards));
    try {
      await manager.spawn({ amount: totalShards, timeout: READY_TIMEOUT_MS });
    } catch (err) {
      await stopAll();
      // A refused shard tells the manager it disconnected before it exits, so its spawn may fail
      // before its death is reported: the reason it sent names the refusal.
      const first = refused ?? reasons.keys().next().value;
      throw new Error(first === undefined ? (err as Error).message : refusal(first));
    }
    if (refused !== null || stopping) {
      await stopAll();
      throw new Error(refused === null ? 'stopped before the shards started' : refusal(refused));
    }
    started = true;
    log.info({ shards: totalShards }, 'all shards ready');
  };

  return {
    ready: start(),
    stop: () =>
      stopAll().then(() => {
        log.info('every shard stopped');
      }),
  };
}

/** Counter of relayed reindexes, so that the answers of two at once never mix. */
let relayed = 0;

/**
 * A `/reindex` on `origin`, relayed to every other shard: each reindexes from the seeds folder and
 * answers; `origin` gets every result (a shard that is not running, stops, or does not answer within
 * {@link REINDEX_TIMEOUT_MS} is reported as such).
 */
async function relayReindex(manager: ShardingManager, origin: Shard, id: number, log: Logger): Promise<void> {
  const mid = relayed++;
  const others = [...manager.shards.values()].filter((s) => s !== origin);
  log.info({ from: origin.id, to: others.map((s) => s.id) }, 'reindex relayed to the other shards');
  const results = await Promise.all(others.map((s) => reindexOn(s, mid)));
  const answer: ManagerMessage = { newsbot: 'reindexed-others', id, results };
  await origin.send(answer).catch((err: Error) => {
    log.warn({ shard: origin.id, err: err.message }, 'could not tell the shard how the reindex went');
  });
}

/** Has `shard` reindex and resolves with its result, whatever happens to it. */
function reindexOn(shard: Shard, mid: number): Promise<ShardReindexResult> {
  const failed = (error: string): ShardReindexResult => ({
    shard: shard.id,
    ok: false,
    error,
    articles: 0,
    archive: '',
  });
  if (!shard.process) return Promise.resolve(failed('not running'));
  return new Promise((resolve) => {
    const done = (r: ShardReindexResult): void => {
      clearTimeout(timer);
      shard.off('message', onMessage);
      shard.off('death', onDeath);
      resolve(r);
    };
    const onMessage = (m: unknown): void => {
      if (isNewsbotMessage<ShardMessage>(m) && m.newsbot === 'reindexed' && m.id === mid) done(m.result);
    };
    const onDeath = (): void => done(failed('stopped before it finished'));
    const timer = setTimeout(
      () => done(failed(`no answer within ${REINDEX_TIMEOUT_MS / 60_000} minutes`)),
      REINDEX_TIMEOUT_MS,
    );
    shard.on('message', onMessage);
    shard.on('death', onDeath);
    const ask: ManagerMessage = { newsbot: 'reindex', id: mid };
    shard.send(ask).catch((err: Error) => done(failed(`unreachable (${err.message})`)));
  });
}
