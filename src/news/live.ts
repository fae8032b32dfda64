import type { NewsIndex } from './index.ts';
import { articleCount } from './library.ts';
import type { SkippedFile } from './read.ts';

/**
 * The index a running bot answers from, and its replacement by a reindex: the new index is built beside
 * the live one and swapped in only when complete, so queries never see a half-built or mixed index; a
 * second reindex while one runs joins it; a failed build leaves the old index serving.
 */

/** What a reindex did, for the admin who asked. */
export interface ReindexReport {
  ok: boolean;
  /** Why it failed (when `ok` is false); the old index keeps serving. */
  error?: string;
  articlesBefore: number;
  articlesAfter: number;
  added: string[];
  changed: string[];
  removed: string[];
  skipped: SkippedFile[];
  passages: number;
  speakers: number;
  ms: number;
  /** True when this call joined a reindex that was already running. */
  joined: boolean;
}

/**
 * Builds a fresh index (from the seeds folder, or incrementally from the previous one). A builder that
 * updates the previous index in place must call `commit` with the result in the same synchronous step.
 */
export type IndexBuilder = (
  previous: NewsIndex | null,
  commit: (index: NewsIndex) => void,
) => Promise<NewsIndex>;

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

/** Holds the live index; {@link reindex} swaps in a new one atomically. */
export class LiveIndex {
  #current: NewsIndex | null = null;
  #running: Promise<ReindexReport> | null = null;

  constructor(private readonly build: IndexBuilder) {}

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

  /** Loads the first index (or replaces it unconditionally). */
  async load(): Promise<NewsIndex> {
    this.#current = await this.build(this.#current, this.#commit);
    return this.#current;
  }

  readonly #commit = (index: NewsIndex): void => {
    this.#current = index;
  };

  /** Builds a new index beside the live one and swaps it in when complete; joins a running reindex. */
  reindex(): Promise<ReindexReport> {
    if (this.#running) return this.#running.then((r) => ({ ...r, joined: true }));
    const run = this.#run().finally(() => {
      this.#running = null;
    });
    this.#running = run;
    return run;
  }

  async #run(): Promise<ReindexReport> {
    const t0 = performance.now();
    const before = this.#current;
    const articlesBefore = before ? articleCount(before.lib) : 0;
    const filesBefore = fileHashes(before);
    try {
      const next = await this.build(before, this.#commit);
      this.#current = next;
      return {
        ok: true,
        articlesBefore,
        articlesAfter: articleCount(next.lib),
        ...diffFiles(filesBefore, fileHashes(next)),
        skipped: next.lib.skipped,
        passages: next.lib.passages.length,
        speakers: next.lib.speakers.length,
        ms: performance.now() - t0,
        joined: false,
      };
    } catch (err) {
      return {
        ok: false,
        error: (err as Error).message,
        articlesBefore,
        articlesAfter: articlesBefore,
        added: [],
        changed: [],
        removed: [],
        skipped: [],
        passages: before?.lib.passages.length ?? 0,
        speakers: before?.lib.speakers.length ?? 0,
        ms: performance.now() - t0,
        joined: false,
      };
    }
  }
}
