import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { siblingEntry } from '../entry.ts';
import {
  buildIndex,
  buildPart,
  IndexBuilder,
  type NewsIndex,
  newPostingsBuilder,
  type Part,
} from './index.ts';
import { articleCount, buildLibrary, emptyLibrary, fromColumns } from './library.ts';
import type { ParseReply, ParseRequest } from './parse-worker.ts';
import type { PostingsBuilder } from './postings.ts';
import { listSeeds, readListed, type SeedFile, type SeedListing } from './read.ts';

/**
 * Seeds folder → library → index, with progress. The one way every shell (console, bot, benchmark)
 * builds what it answers from.
 *
 * On a large folder, a worker thread on the second core parses and tokenizes batches of files while the
 * main thread does the same from the other end and merges the batches in order. On this project's 2-core
 * machine that saves only 10-15% of a cold build (peak memory about the same, as each thread reads its own
 * files): the two threads slow each other down (shared caches and memory bandwidth, and V8's garbage
 * collector helpers need the cores too).
 */

/** A stage of a build and its counts, for progress lines. */
export interface LoadProgress {
  stage: 'read' | 'parse' | 'index' | 'done';
  done: number;
  total: number;
  /** Milliseconds since the build started. */
  elapsedMs: number;
  /** Threads that parse (2 with the worker), once that is decided. */
  threads?: number;
  /** Why the worker could not help, when it failed and the build went on in one thread. */
  fallback?: string;
  /** Batches the worker parsed (with `threads` 2). */
  workerBatches?: number;
}

/** Options of {@link loadIndex}. */
export interface LoadOptions {
  onProgress?: (p: LoadProgress) => void;
  /** Parse in a worker thread when there are at least this many files (default 2,000; 0 disables). */
  parallelFrom?: number;
}

/** The parse worker's young generation, in MB (see startWorker). */
const WORKER_YOUNG_MB = 96;

/** Files per batch (parsed by one thread, merged as one part). */
const BATCH = 500;

/** Reads, parses and indexes the seeds folder. Throws only when the folder itself is unusable. */
export async function loadIndex(seedsDir: string, options: LoadOptions = {}): Promise<NewsIndex> {
  const t0 = performance.now();
  let threads: number | undefined;
  let fallback: string | undefined;
  let workerBatches: number | undefined;
  const report = (stage: LoadProgress['stage'], done: number, total: number): void =>
    options.onProgress?.({
      stage,
      done,
      total,
      elapsedMs: performance.now() - t0,
      threads,
      fallback,
      workerBatches,
    });
  const parallelFrom = options.parallelFrom ?? 2000;
  const listing = await listSeeds(seedsDir);
  let worker: Worker | null = null;
  try {
    let index: NewsIndex | null = null;
    if (parallelFrom > 0 && listing.paths.length >= parallelFrom) {
      threads = 2;
      worker = startWorker();
      index = await buildInParallel(worker, listing, report, (n) => {
        workerBatches = n;
      }).catch((err: Error) => {
        fallback = err.message;
        return null;
      });
    }
    if (!index) {
      threads = 1;
      const read = await readListed(seedsDir, listing.paths, { onProgress: (n) => report('read', n, 0) });
      const { files } = read;
      const skipped = [...listing.skipped, ...read.skipped];
      report('read', files.length, files.length);
      const lib = await buildLibrary(files, skipped, (done, total) => report('parse', done, total));
      index = await buildIndex(lib, (done, total) => report('index', done, total));
    }
    report('done', articleCount(index.lib), articleCount(index.lib));
    return index;
  } finally {
    void (worker as Worker | null)?.terminate(); // not awaited: it stops on its own, the index is ready
  }
}

/**
 * Starts the parse worker: `parse-worker.js` beside this file when compiled (plain node), else
 * `parse-worker.ts` through tsx's loader, registered in the worker before it imports the file (see
 * src/entry.ts).
 */
function startWorker(): Worker {
  const entry = siblingEntry(import.meta.url, 'parse-worker');
  // A larger young generation than V8's default: the worker allocates heavily and briefly
  // (tokens, sentences, match objects), and fewer scavenges cost it less time; it is freed when the
  // build ends.
  const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_MB };
  const worker = entry.fromSource
    ? new Worker(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(entry.url.href)}); })`,
        { eval: true, resourceLimits },
      )
    : new Worker(entry.url, { resourceLimits });
  worker.on('error', () => {}); // reported to buildInParallel through its own listener; never fatal
  return worker;
}

/**
 * Reads, parses and tokenizes on both cores, batch by batch, and merges the batches in file order in
 * the main thread. The worker gets the list of files at once and works through the batches from the
 * front, reading each itself; the main thread merges each batch as soon as it is its turn, and while it
 * waits it reads and builds batches from the back. Who builds which batch is settled through a shared
 * array of claims, so neither thread waits for the other to hand out work. Rejects if the worker fails
 * (the caller then builds in one thread).
 */
async function buildInParallel(
  worker: Worker,
  listing: SeedListing,
  report: (stage: LoadProgress['stage'], done: number, total: number) => void,
  onWorkerBatches: (n: number) => void,
): Promise<NewsIndex> {
  let fromWorker = 0;
  const { root, paths } = listing;
  const batches = Math.ceil(paths.length / BATCH);
  const claims = new Int32Array(new SharedArrayBuffer(4 * batches));
  const parsed = new Map<number, Part>();
  let failure: Error | null = null;
  let wake: () => void = () => {};
  let filesDone = 0;
  /** Progress: files read, parsed and tokenized, by either thread. */
  const built = (batch: number): void => {
    filesDone += Math.min(BATCH, paths.length - batch * BATCH);
    report('parse', filesDone, paths.length);
  };
  worker.on('message', (m: ParseReply) => {
    if ('error' in m) failure = new Error(m.error);
    else {
      parsed.set(m.batch, { lib: fromColumns(m.lib), postings: m.postings });
      onWorkerBatches(++fromWorker);
      built(m.batch);
    }
    wake();
  });
  worker.on('error', (err) => {
    failure = err;
    wake();
  });
  const request: ParseRequest = { root, paths, batchSize: BATCH, claims };
  worker.postMessage(request);
  const lib = emptyLibrary(listing.skipped);
  const speakerIds = new Map<string, number>();
  const builder = new IndexBuilder(lib);
  const postings = newPostingsBuilder();
  let back = batches - 1; // next batch the main thread may claim
  for (let next = 0; next < batches; ) {
    if (failure) throw failure;
    const part = parsed.get(next);
    if (part) {
      parsed.delete(next);
      builder.addPart(part, speakerIds);
      next++;
      await yieldToLoop();
      continue;
    }
    while (back >= next && !claim(claims, back)) back--;
    if (back >= next) {
      const b = back--;
      parsed.set(b, await readAndBuildPart(root, paths.slice(b * BATCH, (b + 1) * BATCH), postings));
      built(b);
    } else {
      // Everything left is the worker's: wait for its next reply.
      await new Promise<void>((r) => {
        wake = r;
      });
    }
  }
  lib.skipped.sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0));
  const index = builder.finish();
  report('index', lib.passages.length, lib.passages.length);
  return index;
}

/**
 * Reads a batch of listed files and builds its part (in either thread), with the thread's postings
 * builder (so the thread's vocabulary is processed once, not once per batch).
 */
export async function readAndBuildPart(
  root: string,
  paths: readonly string[],
  postings: PostingsBuilder,
): Promise<Part> {
  const read = await readListed(root, paths);
  return buildPart(read.files, read.skipped, postings);
}

/** Claims a batch for the calling thread; false when the other thread has it already. */
export function claim(claims: Int32Array, batch: number): boolean {
  return Atomics.compareExchange(claims, batch, 0, 1) === 0;
}

/**
 * Above this many characters of text in all, {@link parseFiles} parses in the worker: parsing and
 * tokenizing run at about 2 MB a second, and a single article is one step, so a few large files would
 * otherwise hold the event loop for seconds.
 */
export const WORKER_FROM_CHARS = 256 * 1024;

/** Characters of text per batch the worker posts back (each batch is merged in one short step). */
const WORKER_BATCH_CHARS = 1024 * 1024;

/**
 * Parses and tokenizes files read from `root` (by `readSeeds`) into parts, in file order, for a reindex
 * (see `refreshIndex` in `store.ts`): in the parse worker when they hold more than
 * {@link WORKER_FROM_CHARS} of text, so that the main thread only merges what the worker posts back; in
 * this thread otherwise, in bounded steps. The worker reads the files again (by their path under
 * `root`), so a part holds the content it parsed, with its own size, time and hash. When the worker
 * fails, the files are parsed in this thread and `onFallback` is told why.
 */
export async function parseFiles(
  root: string,
  files: readonly SeedFile[],
  onFallback?: (reason: string) => void,
): Promise<Part[]> {
  if (!files.length) return [];
  let chars = 0;
  for (const f of files) chars += f.content.length;
  if (chars > WORKER_FROM_CHARS) {
    const perBatch = Math.max(1, Math.min(BATCH, Math.floor((WORKER_BATCH_CHARS * files.length) / chars)));
    try {
      return await parseInWorker(
        root,
        files.map((f) => join(root, f.file)),
        perBatch,
      );
    } catch (err) {
      onFallback?.((err as Error).message);
    }
  }
  return [await buildPart(files, [], newPostingsBuilder())];
}

/** Parses batches of files in a fresh parse worker (the main thread claims none), in batch order. */
async function parseInWorker(root: string, paths: string[], batchSize: number): Promise<Part[]> {
  const batches = Math.ceil(paths.length / batchSize);
  const worker = startWorker();
  try {
    const parts = await new Promise<Part[]>((resolve, reject) => {
      const got: Part[] = new Array(batches);
      let count = 0;
      worker.on('message', (m: ParseReply) => {
        if ('error' in m) return reject(new Error(m.error));
        got[m.batch] = { lib: fromColumns(m.lib), postings: m.postings };
        if (++count === batches) resolve(got);
      });
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`the parse worker exited (${code})`)));
      const request: ParseRequest = {
        root,
        paths,
        batchSize,
        claims: new Int32Array(new SharedArrayBuffer(4 * batches)),
      };
      worker.postMessage(request);
    });
    return parts;
  } finally {
    void worker.terminate();
  }
}
