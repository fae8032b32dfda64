import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import MiniSearch from 'minisearch';
import { buildIndex, indexOptions, type NewsIndex, withLookups } from './index.ts';
import {
  appendLibrary,
  articleCount,
  buildLibrary,
  fromColumns,
  type Library,
  type LibraryColumns,
} from './library.ts';
import type { ParseRequest } from './parse-worker.ts';
import { readSeeds, type SeedFile, type SkippedFile } from './read.ts';

/**
 * Seeds folder → library → index, with progress. The one way every shell (console, bot, benchmark)
 * builds what it answers from.
 *
 * On a large folder, parsing runs in a worker thread on the second core while the main thread indexes
 * the batches already parsed: the two halves of the work overlap instead of adding up.
 */

/** A stage of a build and its counts, for progress lines. */
export interface LoadProgress {
  stage: 'read' | 'parse' | 'index' | 'done';
  done: number;
  total: number;
  /** Milliseconds since the build started. */
  elapsedMs: number;
}

/** Options of {@link loadIndex}. */
export interface LoadOptions {
  onProgress?: (p: LoadProgress) => void;
  /** Parse in a worker thread when there are at least this many files (default 2,000; 0 disables). */
  parallelFrom?: number;
}

/** Files per batch sent to the parse worker. */
const BATCH = 1000;

/** Reads, parses and indexes the seeds folder. Throws only when the folder itself is unusable. */
export async function loadIndex(seedsDir: string, options: LoadOptions = {}): Promise<NewsIndex> {
  const t0 = performance.now();
  const report = (stage: LoadProgress['stage'], done: number, total: number): void =>
    options.onProgress?.({ stage, done, total, elapsedMs: performance.now() - t0 });
  const { files, skipped } = await readSeeds(seedsDir, { onProgress: (n) => report('read', n, 0) });
  report('read', files.length, files.length);
  const parallelFrom = options.parallelFrom ?? 2000;
  let index: NewsIndex | null = null;
  if (parallelFrom > 0 && files.length >= parallelFrom) {
    index = await buildInParallel(files, skipped, report).catch(() => null);
  }
  if (!index) {
    const lib = await buildLibrary(files, skipped, (done, total) => report('parse', done, total));
    index = await buildIndex(lib, (done, total) => report('index', done, total));
  }
  report('done', articleCount(index.lib), articleCount(index.lib));
  return index;
}

/** Starts the parse worker (TypeScript through tsx's loader, as the rest of the project runs). */
function startWorker(): Worker {
  const file = new URL('./parse-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(file)}); })`;
  return new Worker(boot, { eval: true });
}

/**
 * Parses in a worker, batch by batch, and indexes each batch in the main thread as it arrives. Rejects
 * if the worker cannot start or fails (the caller then builds in one thread).
 */
async function buildInParallel(
  files: readonly SeedFile[],
  skipped: readonly SkippedFile[],
  report: (stage: LoadProgress['stage'], done: number, total: number) => void,
): Promise<NewsIndex> {
  const worker = startWorker();
  const batches = Math.ceil(files.length / BATCH);
  const results = new Map<number, { lib?: LibraryColumns; error?: string }>();
  let wake: () => void = () => {};
  let failure: Error | null = null;
  worker.on('message', (m: { batch: number; lib?: LibraryColumns; error?: string }) => {
    results.set(m.batch, m);
    wake();
  });
  worker.on('error', (err) => {
    failure = err;
    wake();
  });
  try {
    for (let b = 0; b < batches; b++) {
      const req: ParseRequest = {
        batch: b,
        files: files.slice(b * BATCH, (b + 1) * BATCH),
        skipped: b === 0 ? [...skipped] : [],
      };
      worker.postMessage(req);
    }
    const lib: Library = {
      articles: [],
      entries: [],
      removed: new Set(),
      passages: [],
      speakers: [],
      articlePlaces: [],
      skipped: [],
    };
    const speakerIds = new Map<string, number>();
    const source = { lib };
    const search = new MiniSearch<number>(indexOptions(source));
    for (let b = 0; b < batches; b++) {
      while (!results.has(b)) {
        if (failure) throw failure;
        await new Promise<void>((r) => {
          wake = r;
        });
      }
      const m = results.get(b)!;
      results.delete(b);
      if (!m.lib) throw new Error(m.error ?? 'parse worker failed');
      const first = appendLibrary(lib, fromColumns(m.lib), speakerIds);
      report('parse', Math.min((b + 1) * BATCH, files.length), files.length);
      const ids: number[] = [];
      for (let id = first; id < lib.passages.length; id++) ids.push(id);
      for (let i = 0; i < ids.length; i += 2000) {
        search.addAll(ids.slice(i, i + 2000));
        await yieldToLoop();
      }
      report('index', lib.passages.length, lib.passages.length);
    }
    lib.skipped.sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0));
    return withLookups(source, search);
  } finally {
    await worker.terminate();
  }
}
