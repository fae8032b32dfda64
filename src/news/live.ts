import type { NewsIndex } from './index.ts';
import { articleCount, passageCount } from './library.ts';
import type { SkippedFile } from './read.ts';
import type { CacheEvent } from './store.ts';

/**
 * The index a running bot answers from, and its replacement by a reindex: the new index is built beside
 * the live one and swapped in only when complete, so queries never see a half-built or mixed index; a
 * failed build, or one that would hold no article, leaves the old index serving.
 *
 * One reindex runs at a time. A reindex asked for while one runs gets a run of its own after it (that run
 * starts after the request, so it reads every file saved before the request); the requests that arrive
 * while that run waits share it.
 */

/** What a reindex did, for the admin who asked. */
export interface ReindexReport {
  /** True when the new index was swapped in. */
  ok: boolean;
  /**
   * Set when the reindex was refused: `empty`, the folder held no article (empty, every file skipped,
   * missing or unreadable). The old index keeps serving; `error` says why in a sentence.
   */
  refused?: 'empty';
  /** Why it failed or was refused (when `ok` is false); the old index keeps serving. */
  error?: string;
  articlesBefore: number;
  articlesAfter: number;
  added: string[];
  changed: string[];
  removed: string[];
  skipped: SkippedFile[];
  /** Passages answered from now (live ones: those of removed articles never count). */
  passages: number;
  /** Speakers with at least one quote answered from now. */
  speakers: number;
  /** Milliseconds the run took (not counting the wait for a running one). */
  ms: number;
  /**
   * True when a reindex was running when this one was asked for: this report is of the run made after
   * it, which read the folder after the request.
   */
  queued: boolean;
  /** True when this request shared a queued run asked for by an earlier request. */
  joined: boolean;
}

/**
 * The last reindex this process ran, for `/status`: when, who asked, how long and how it went. A run
 * shared by several requests names every requester, first asker first.
 */
export interface ReindexRecord {
  /** When the run finished (milliseconds since the epoch). */
  at: number;
  /** Who asked (as given to {@link LiveIndex.reindex}: a user, or a shard that relayed it). */
  by: string[];
  /** How long the run took, in milliseconds. */
  ms: number;
  ok: boolean;
  refused?: 'empty';
  /** Why it failed or was refused (a sentence; paths relative to the seeds folder). */
  error?: string;
  articlesBefore: number;
  articlesAfter: number;
  added: number;
  changed: number;
  removed: number;
  skipped: number;
}

/** Where the live index is persisted and what last happened to that cache, for `/status`. */
export interface CacheStatus {
  /** The cache file, as configured (relative to the working folder, or absolute); null: no cache. */
  file: string | null;
  /** The last cache event and when it happened (milliseconds since the epoch); null before any. */
  last: (CacheEvent & { at: number }) | null;
}

/** Options of {@link LiveIndex}. */
export interface LiveIndexOptions {
  /** The seeds folder, as configured (for `/status`). */
  seedsDir?: string;
  /** The cache file, as configured; null or absent: no cache. */
  cacheFile?: string | null;
}

/** Builds a fresh index (from the seeds folder, or from the previous one and what changed since). */
export type IndexBuilder = (previous: NewsIndex | null) => Promise<NewsIndex>;

/**
 * Thrown by an {@link IndexBuilder} when the seeds folder holds no article or cannot be read at all: the
 * reindex is refused (see {@link ReindexReport.refused}). Its message is a sentence for the admin.
 */
export class NoArticlesError extends Error {
  constructor(
    message: string,
    readonly skipped: SkippedFile[] = [],
  ) {
    super(message);
    this.name = 'NoArticlesError';
  }
}

function fileHashes(index: NewsIndex | null): Map<string, string> {
  const m = new Map<string, string>();
  if (!index) return m;
  const { lib } = index;
  lib.entries.forEach((e, i) => {
    if (!lib.removed.has(i)) m.set(e.file, e.hash);
  });
  return m;
}

/** Compares two sets of files (file → content hash). */
export function diffFiles(
  old: Map<string, string>,
  now: Map<string, string>,
): Pick<ReindexReport, 'added' | 'changed' | 'removed'> {
  const added: string[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  for (const [file, hash] of now) {
    const was = old.get(file);
    if (was === undefined) added.push(file);
    else if (was !== hash) changed.push(file);
  }
  for (const file of old.keys()) if (!now.has(file)) removed.push(file);
  return { added, changed, removed };
}

/** Speakers with at least one live quote (those of removed articles never count). */
export function speakerCount(index: NewsIndex | null): number {
  let n = 0;
  for (const c of index?.speakerCounts ?? []) if (c > 0) n++;
  return n;
}

/** The record of a finished run asked for by `by`. */
function recordOf(r: ReindexReport, by: readonly string[]): ReindexRecord {
  return {
    at: Date.now(),
    by: [...by],
    ms: r.ms,
    ok: r.ok,
    ...(r.refused ? { refused: r.refused } : {}),
    ...(r.error !== undefined ? { error: r.error } : {}),
    articlesBefore: r.articlesBefore,
    articlesAfter: r.articlesAfter,
    added: r.added.length,
    changed: r.changed.length,
    removed: r.removed.length,
    skipped: r.skipped.length,
  };
}

/** Holds the live index; {@link reindex} swaps in a new one atomically. */
export class LiveIndex {
  #current: NewsIndex | null = null;
  #running: Promise<ReindexReport> | null = null;
  #queued: Promise<ReindexReport> | null = null;
  /** Who asked for the queued run (requests join it until it starts). */
  #queuedBy: string[] = [];
  #last: ReindexRecord | null = null;
  /** The seeds folder, as configured ('' when not given). */
  readonly seedsDir: string;
  /** The cache and its last event (see {@link noteCache}). */
  readonly cache: CacheStatus;

  constructor(
    private readonly build: IndexBuilder,
    options: LiveIndexOptions = {},
  ) {
    this.seedsDir = options.seedsDir ?? '';
    this.cache = { file: options.cacheFile ?? null, last: null };
  }

  /** Records a cache event (the composition root passes every one it is told). */
  noteCache(event: CacheEvent, at: number = Date.now()): void {
    this.cache.last = { ...event, at };
  }

  /** The last reindex run by this process (loads at start are not reindexes); null before any. */
  get lastReindex(): ReindexRecord | null {
    return this.#last;
  }

  /** The index answering queries now. Throws before the first load has finished. */
  get current(): NewsIndex {
    if (!this.#current) throw new Error('the index is not loaded yet');
    return this.#current;
  }

  /** Whether a first index is loaded. */
  get ready(): boolean {
    return this.#current !== null;
  }

  /** Whether a reindex is running now. */
  get reindexing(): boolean {
    return this.#running !== null;
  }

  /** Loads the first index (or replaces it unconditionally, even with an empty one). */
  async load(): Promise<NewsIndex> {
    this.#current = await this.build(this.#current);
    return this.#current;
  }

  /**
   * Builds a new index beside the live one and swaps it in when complete. Resolves when the request's
   * files are in (or with why not): asked while a reindex runs, it waits for that one and then runs again,
   * one run shared by every request that arrives meanwhile. Never rejects. `by` names who asked, for
   * {@link lastReindex}.
   */
  reindex(by = 'unknown'): Promise<ReindexReport> {
    if (!this.#running) return this.#start(false, [by]);
    if (this.#queued) {
      this.#queuedBy.push(by);
      return this.#queued.then((r) => ({ ...r, joined: true }));
    }
    // #running settles (and clears itself) before this runs: the queued run is the next one.
    this.#queuedBy = [by];
    const queued = this.#running.then(() => {
      this.#queued = null;
      return this.#start(true, this.#queuedBy);
    });
    this.#queued = queued;
    return queued;
  }

  #start(queued: boolean, by: string[]): Promise<ReindexReport> {
    const run: Promise<ReindexReport> = this.#run(queued)
      .then((r) => {
        this.#last = recordOf(r, by);
        return r;
      })
      .finally(() => {
        if (this.#running === run) this.#running = null;
      });
    this.#running = run;
    return run;
  }

  async #run(queued: boolean): Promise<ReindexReport> {
    const t0 = performance.now();
    const before = this.#current;
    const articlesBefore = before ? articleCount(before.lib) : 0;
    const unchanged = {
      articlesBefore,
      articlesAfter: articlesBefore,
      added: [],
      changed: [],
      removed: [],
      passages: before ? passageCount(before.lib) : 0,
      speakers: speakerCount(before),
      queued,
      joined: false,
    };
    try {
      const next = await this.build(before);
      if (articleCount(next.lib) === 0) {
        throw new NoArticlesError('No article in the seeds folder: every file is missing or skipped.', [
          ...next.lib.skipped,
        ]);
      }
      this.#current = next;
      return {
        ok: true,
        articlesBefore,
        articlesAfter: articleCount(next.lib),
        ...diffFiles(fileHashes(before), fileHashes(next)),
        skipped: next.lib.skipped,
        passages: passageCount(next.lib),
        speakers: speakerCount(next),
        ms: performance.now() - t0,
        queued,
        joined: false,
      };
    } catch (err) {
      const refused = err instanceof NoArticlesError;
      return {
        ...unchanged,
        ok: false,
        ...(refused ? { refused: 'empty' as const } : {}),
        error: (err as Error).message,
        skipped: refused ? err.skipped : [],
        ms: performance.now() - t0,
      };
    }
  }
}
