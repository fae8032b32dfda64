import { Worker } from 'node:worker_threads';
import { buildIndex, IndexBuilder, type NewsIndex } from './index.ts';
import {
  appendLibrary,
  articleCount,
  buildLibrary,
  emptyLibrary,
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
const BATCH = 500;

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
 * Parses on both cores and indexes in the main thread, batch by batch, in file order. The worker takes
 * batches from the front (two in flight); the main thread indexes each batch as soon as it is its turn,
 * and while it waits it parses batches from the back itself. Rejects if the worker cannot start or fails
 * (the caller then builds in one thread).
 */
async function buildInParallel(
  files: readonly SeedFile[],
  skipped: readonly SkippedFile[],
  report: (stage: LoadProgress['stage'], done: number, total: number) => void,
): Promise<NewsIndex> {
  const worker = startWorker();
  const batches = Math.ceil(files.length / BATCH);
  const slice = (b: number): SeedFile[] => files.slice(b * BATCH, (b + 1) * BATCH);
  const parsed = new Map<number, Library>();
  let failure: Error | null = null;
  let wake: () => void = () => {};
  let front = 0; // next batch for the worker
  let back = batches - 1; // next batch for the main thread
  const sendNext = (): void => {
    if (front > back) return;
    const req: ParseRequest = { batch: front, files: slice(front), skipped: [] };
    worker.postMessage(req);
    front++;
  };
  worker.on('message', (m: { batch: number; lib?: LibraryColumns; error?: string }) => {
    if (m.lib) parsed.set(m.batch, fromColumns(m.lib));
    else failure = new Error(m.error ?? 'parse worker failed');
    sendNext();
    wake();
  });
  worker.on('error', (err) => {
    failure = err;
    wake();
  });
  try {
    sendNext();
    sendNext();
    const lib = emptyLibrary(skipped);
    const speakerIds = new Map<string, number>();
    const builder = new IndexBuilder(lib);
    let filesDone = 0;
    for (let next = 0; next < batches; ) {
      if (failure) throw failure;
      const part = parsed.get(next);
      if (part) {
        parsed.delete(next);
        appendLibrary(lib, part, speakerIds);
        filesDone += part.articles.length + part.skipped.length;
        report('parse', filesDone, files.length);
        await builder.catchUp();
        report('index', lib.passages.length, lib.passages.length);
        next++;
      } else if (back >= front) {
        const b = back--;
        parsed.set(b, await buildLibrary(slice(b)));
      } else {
        await new Promise<void>((r) => {
          wake = r;
        });
      }
    }
    lib.skipped.sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0));
    return builder.finish();
  } finally {
    await worker.terminate();
  }
}
