import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { NewsIndex } from './index.ts';
import { articleCount, passageCount } from './library.ts';
import { type CacheStatus, type ReindexRecord, speakerCount } from './live.ts';
import { showPaths } from './paths.ts';
import { packageVersion, projectRoot } from './version.ts';

/**
 * How the bot is, as plain data: `/status` in Discord and `npm run ask -- /status` in the console build
 * it with {@link statusFacts} and show it with {@link statusLines}, so both say the same.
 *
 * Paths are shown relative to the project (`.cache/news-index-….json`, `seeds/`), or, outside it, by the
 * key that configures them (`INDEX_CACHE_DIR/news-index-….json`): a reply never shows where the
 * operator's files are on the host (see `paths.ts`).
 */

/** What {@link statusFacts} is built from: what the caller knows, the rest read from this process. */
export interface StatusInput {
  /** The index answering now (null before the first load). */
  index: NewsIndex | null;
  /** Whether a reindex runs now. */
  reindexing?: boolean;
  /** The seeds folder, as configured. */
  seedsDir: string;
  /** The cache and its last event. */
  cache: CacheStatus;
  lastReindex: ReindexRecord | null;
  /** The shards this process runs and their total, under the ShardingManager; null for one process. */
  shard?: { ids: readonly number[]; count: number } | null;
  /** Servers this process serves (null outside Discord: the console). */
  guilds?: number | null;
  /** How long the gateway connection has been ready (null outside Discord). */
  connectedMs?: number | null;
  /** Defaults: package.json's version, `process.uptime()`, `process.memoryUsage()`, `Date.now()`, the project folder. */
  version?: string;
  uptimeMs?: number;
  memory?: Pick<NodeJS.MemoryUsage, 'rss' | 'heapUsed' | 'heapTotal'>;
  now?: number;
  projectDir?: string;
}

/** The bot's status: every fact `/status` shows. */
export interface StatusFacts {
  version: string;
  /** Process uptime, milliseconds. */
  uptimeMs: number;
  connectedMs: number | null;
  shard: { ids: number[]; count: number } | null;
  guilds: number | null;
  /** Live counts (removed articles' passages never count); 0 before the first load. */
  articles: number;
  passages: number;
  speakers: number;
  skipped: number;
  reindexing: boolean;
  /** The seeds folder as shown (see the module's comment). */
  seeds: string;
  cache: {
    /** The cache file as shown; null when the cache is disabled. */
    where: string | null;
    /** Its size on disk now; null when it is not there (not written yet, or disabled). */
    bytes: number | null;
    /** The last event (`hit`, `written`, `write-failed` …); null before any. */
    last: CacheStatus['last'];
  };
  lastReindex: ReindexRecord | null;
  memory: { rss: number; heapUsed: number; heapTotal: number };
  /** When these facts were gathered (milliseconds since the epoch). */
  at: number;
}

/**
 * `path` (relative to the working folder, or absolute) as a reply may show it: relative to the project
 * when inside it (`seeds/`, `.cache/x.json`), else `key` followed by the part below `base` (the folder
 * `key` configures), or `key` alone.
 */
export function shownPath(path: string, projectDir: string, key: string, base?: string): string {
  const abs = resolve(path);
  const inside = (root: string): string | null => {
    const rel = relative(root, abs);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel)) ? rel.split(sep).join('/') : null;
  };
  const rel = inside(projectDir);
  if (rel !== null) return rel || '.';
  const below = base === undefined ? null : inside(resolve(base));
  return below ? `${key}/${below}` : key;
}

/** The size of `path`, or null when it is not a readable file. */
function fileSize(path: string): number | null {
  try {
    const s = statSync(path);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

/** Gathers the status facts: from `input`, and from this process for what it leaves out; the cache's size from disk. */
export function statusFacts(input: StatusInput): StatusFacts {
  const projectDir = input.projectDir ?? projectRoot();
  const mem = input.memory ?? process.memoryUsage();
  const { index, cache } = input;
  const seedsFolders = input.seedsDir ? [resolve(input.seedsDir)] : [];
  const cacheDir = cache.file === null ? undefined : resolve(cache.file, '..');
  const last = cache.last && {
    ...cache.last,
    ...(cache.last.detail === undefined ? {} : { detail: showPaths(cache.last.detail, seedsFolders) }),
  };
  const lastReindex = input.lastReindex && {
    ...input.lastReindex,
    ...(input.lastReindex.error === undefined
      ? {}
      : { error: showPaths(input.lastReindex.error, seedsFolders) }),
  };
  return {
    version: input.version ?? packageVersion(),
    uptimeMs: input.uptimeMs ?? process.uptime() * 1000,
    connectedMs: input.connectedMs ?? null,
    shard: input.shard ? { ids: [...input.shard.ids], count: input.shard.count } : null,
    guilds: input.guilds ?? null,
    articles: index ? articleCount(index.lib) : 0,
    passages: index ? passageCount(index.lib) : 0,
    speakers: speakerCount(index),
    skipped: index ? index.lib.skipped.length : 0,
    reindexing: input.reindexing ?? false,
    seeds: input.seedsDir ? shownPath(input.seedsDir, projectDir, 'SEEDS_DIR') : 'SEEDS_DIR',
    cache: {
      where: cache.file === null ? null : shownPath(cache.file, projectDir, 'INDEX_CACHE_DIR', cacheDir),
      bytes: cache.file === null ? null : fileSize(cache.file),
      last,
    },
    lastReindex,
    memory: { rss: mem.rss, heapUsed: mem.heapUsed, heapTotal: mem.heapTotal },
    at: input.now ?? Date.now(),
  };
}

/** A duration as people read it: `850 ms`, `4.2s`, `12m 5s`, `3h 12m`, `2d 3h`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const total = Math.floor(s);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  if (d) return `${d}d ${h}h`;
  if (h) return `${h}h ${m}m`;
  return `${m}m ${total % 60}s`;
}

const MB = 1024 * 1024;
const mb = (bytes: number): string => `${Math.round(bytes / MB)} MB`;
/** A moment as UTC to the second, and how long ago. */
const when = (at: number, now: number): string =>
  `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC (${formatDuration(Math.max(0, now - at))} ago)`;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The status as lines of text (the same lines in Discord and in the console). */
export function statusLines(f: StatusFacts): string[] {
  const lines = [
    `Version ${f.version} · up ${formatDuration(f.uptimeMs)}` +
      (f.connectedMs === null ? '' : ` (connected to Discord for ${formatDuration(f.connectedMs)})`),
    `Shard: ${f.shard ? `${f.shard.ids.join(', ')} of ${f.shard.count}` : 'one process, no sharding'}` +
      (f.guilds === null ? '' : ` · servers: ${f.guilds}`),
    `Archive: ${plural(f.articles, 'article')}, ${plural(f.passages, 'passage')}, ${plural(f.speakers, 'speaker')}` +
      (f.skipped ? `; ${plural(f.skipped, 'file')} skipped` : '') +
      ` · seeds: ${f.seeds}` +
      (f.reindexing ? ' · a reindex is running' : ''),
  ];
  const { where, bytes, last } = f.cache;
  if (where === null) lines.push('Cache: disabled (INDEX_CACHE_DIR is empty)');
  else {
    // The details worth reading: why it was invalid or failed, what a refresh or a clean-up did.
    const detailed = last && ['invalid', 'write-failed', 'refreshed', 'cleaned'].includes(last.kind);
    const event = last
      ? `${last.kind}${detailed && last.detail ? ` (${last.detail})` : ''} at ${when(last.at, f.at)}`
      : 'nothing yet';
    const size =
      bytes === null ? '' : bytes < MB ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / MB).toFixed(1)} MB`;
    const state = bytes === null ? 'not on disk' : `${size} on disk`;
    lines.push(`Cache: ${where}, ${state} · last: ${event}`);
  }
  const r = f.lastReindex;
  if (!r) lines.push('Last reindex: none since this process started');
  else {
    const result = r.ok
      ? `ok, ${r.articlesBefore} → ${r.articlesAfter} articles (${r.added} added, ${r.changed} changed, ${r.removed} removed, ${r.skipped} skipped)`
      : `${r.refused ? 'refused' : 'failed'}: ${r.error ?? 'unknown error'}`;
    lines.push(
      `Last reindex: ${when(r.at, f.at)} by ${r.by.join(', ')}, took ${formatDuration(r.ms)}; ${result}`,
    );
  }
  lines.push(
    `Memory: RSS ${mb(f.memory.rss)} · heap ${mb(f.memory.heapUsed)} used of ${mb(f.memory.heapTotal)}`,
  );
  return lines;
}

/** Whether a console line asks for the status: `/status` alone, in any case. */
export const isStatusQuery = (line: string): boolean => /^\/status$/i.test(line.trim());

/**
 * `/status` as the console prints it: the {@link statusLines} as text, or, with `json`, one line in the
 * console's contract shape (DESIGN.md: `query`, `command` "status", no `results`, the lines in `notice`).
 */
export function statusOutput(query: string, lines: string[], json: boolean): string {
  if (json) return `${JSON.stringify({ query, command: 'status', results: [], notice: lines.join('\n') })}\n`;
  return `> ${query}\n${lines.map((l) => `  ${l}\n`).join('')}`;
}
