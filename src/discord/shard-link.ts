import { createHash } from 'node:crypto';
import type { Client, ShardClientUtil } from 'discord.js';
import type { Logger } from 'pino';
import type { NewsIndex } from '../news/index.ts';
import type { LiveIndex } from '../news/live.ts';

/**
 * A shard process's side of the link to its ShardingManager (src/shards.ts), over the IPC channel
 * discord.js opens in `process` mode: a `/reindex` on one shard reaches every shard, a shard refused by
 * Discord tells the manager why before it exits, and a shard whose manager is gone stops instead of
 * running on, orphaned.
 *
 * Every message of this protocol carries a `newsbot` tag, so it never collides with discord.js's own
 * (`_ready`, `_eval`, `_sFetchProp`, ...).
 */

/** How one shard's reindex went, as the manager relays it to the shard that asked. */
export interface ShardReindexResult {
  shard: number;
  ok: boolean;
  /** Why the shard has not taken the new archive (failed, stopped, no answer in time). */
  error?: string;
  /** Articles it answers from now. */
  articles: number;
  /** {@link archiveDigest} of the index it answers from now ('' when unknown). */
  archive: string;
}

/** Shard → manager. */
export type ShardMessage =
  /** Have every other shard reindex; the manager answers `reindexed-others` with the same `id`. */
  | { newsbot: 'reindex-others'; id: number }
  /** This shard's answer to a manager's `reindex` of the same `id`. */
  | { newsbot: 'reindexed'; id: number; result: ShardReindexResult }
  /** Discord refused this shard for good; it exits with status 1 next. */
  | { newsbot: 'fatal'; reason: string };

/** Manager → shard. */
export type ManagerMessage =
  /** Reindex from the seeds folder, then answer `reindexed` with the same `id`. */
  | { newsbot: 'reindex'; id: number }
  /** Every other shard's result of this shard's `reindex-others` of the same `id`. */
  | { newsbot: 'reindexed-others'; id: number; results: ShardReindexResult[] };

/** Whether `m` is a message of this protocol (anything else on the channel is discord.js's). */
export function isNewsbotMessage<T extends ShardMessage | ManagerMessage>(m: unknown): m is T {
  return typeof m === 'object' && m !== null && typeof (m as { newsbot?: unknown }).newsbot === 'string';
}

/**
 * Identifies the archive an index answers from: its live files and their content hashes. Two shards with
 * the same digest answer every question alike.
 */
export function archiveDigest(index: NewsIndex): string {
  const { lib } = index;
  const files = lib.entries.filter((_, i) => !lib.removed.has(i)).map((e) => `${e.file}\0${e.hash}`);
  return createHash('sha1').update(files.sort().join('\n')).digest('hex').slice(0, 16);
}

/**
 * The lines of an admin's reindex report about the other shards: every one has the archive this shard
 * now answers from, or which did not take it and why; `null` when the manager could not be asked. No
 * line when this process is the only shard.
 */
export function shardLines(own: NewsIndex, others: readonly ShardReindexResult[] | null): string[] {
  if (others === null)
    return ['The other shards could not be reached: they may answer from the previous archive.'];
  if (!others.length) return [];
  const mine = archiveDigest(own);
  const behind = others.filter((r) => !r.ok || r.archive !== mine);
  if (!behind.length) return [`Every shard (${others.length + 1}) now answers from this archive.`];
  return [
    `${others.length + 1 - behind.length} of ${others.length + 1} shards answer from this archive; not:`,
    ...behind.map((r) =>
      r.ok
        ? `• shard ${r.shard}: ${r.articles} articles, read while the folder was changing; run /reindex again.`
        : `• shard ${r.shard}: ${r.error ?? 'failed'}; it keeps its previous archive.`,
    ),
  ];
}

/** The link of a shard process to its manager (see the module's description). */
export interface ShardLink {
  /** This process's shard id. */
  readonly shard: number;
  /**
   * Has every other shard reindex from the seeds folder; resolves with each one's result, or null when
   * the manager does not answer in time.
   */
  reindexOthers(): Promise<ShardReindexResult[] | null>;
  /** Tells the manager why Discord refused this shard (call before exiting with status 1). */
  reportFatal(reason: string): void;
}

/**
 * How long a shard waits for the manager's answer to `reindex-others`: the manager's own bound for the
 * other shards (see src/shards.ts) plus a margin; past it, the manager is taken to be gone.
 */
const REINDEX_OTHERS_TIMEOUT_MS = 6 * 60_000;

/** Links by client: a command reaches its shard's link through the interaction's client. */
const links = new WeakMap<Client, ShardLink>();

/**
 * Links a bot's client to its ShardingManager, when it runs under one in `process` mode (else null):
 * answers the manager's `reindex` with `live.reindex()`, and stops the process (as SIGTERM does) when
 * the IPC channel closes, which is how a shard learns that its manager has gone.
 */
export function linkShard(client: Client, live: LiveIndex, log: Logger): ShardLink | null {
  const util = client.shard;
  if (util?.mode !== 'process' || !process.send) return null;
  const link = makeLink(util, live, log);
  links.set(client, link);
  return link;
}

/** The link of a client made by {@link linkShard}; null when it runs alone (no other shard to tell). */
export function shardLinkOf(client: Client): ShardLink | null {
  return links.get(client) ?? null;
}

function makeLink(util: ShardClientUtil, live: LiveIndex, log: Logger): ShardLink {
  const shard = util.ids[0] ?? 0;
  let next = 0;
  const waiting = new Map<number, (results: ShardReindexResult[] | null) => void>();
  const send = (m: ShardMessage): void => {
    util.send(m).catch((err: Error) => log.warn({ err: err.message }, 'could not reach the shard manager'));
  };
  process.on('message', (m: unknown) => {
    if (!isNewsbotMessage<ManagerMessage>(m)) return;
    if (m.newsbot === 'reindexed-others') {
      waiting.get(m.id)?.(m.results);
      waiting.delete(m.id);
    } else if (m.newsbot === 'reindex') {
      log.info({ shard }, 'reindex asked by another shard');
      void live.reindex('another shard (relayed by the shard manager)').then((r) => {
        log.info({ shard, ok: r.ok, ms: Math.round(r.ms), error: r.error }, 'reindex finished');
        send({
          newsbot: 'reindexed',
          id: m.id,
          result: {
            shard,
            ok: r.ok,
            // The reason may name paths of the operator's machine: it stays in this shard's log.
            ...(r.ok ? {} : { error: 'its reindex failed (the reason is in its log)' }),
            articles: r.articlesAfter,
            archive: live.ready ? archiveDigest(live.current) : '',
          },
        });
      });
    }
  });
  const orphaned = (): void => {
    log.warn({ shard }, 'the shard manager is gone; stopping this shard');
    process.kill(process.pid, 'SIGTERM');
  };
  if (!process.connected) orphaned();
  else process.once('disconnect', orphaned);
  return {
    shard,
    reindexOthers: () =>
      new Promise((resolve) => {
        const id = next++;
        const timer = setTimeout(() => {
          waiting.delete(id);
          resolve(null);
          log.warn({ shard }, 'no answer from the shard manager about the other shards');
        }, REINDEX_OTHERS_TIMEOUT_MS);
        timer.unref();
        waiting.set(id, (results) => {
          clearTimeout(timer);
          resolve(results);
        });
        send({ newsbot: 'reindex-others', id });
      }),
    reportFatal: (reason) => send({ newsbot: 'fatal', reason }),
  };
}
