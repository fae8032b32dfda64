import { buildIndex, type NewsIndex } from './index.ts';
import { articleCount, buildLibrary } from './library.ts';
import { readSeeds } from './read.ts';

/**
 * Seeds folder → library → index, with progress. The one way every shell (console, bot, benchmark)
 * builds what it answers from.
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
}

/** Reads, parses and indexes the seeds folder. Throws only when the folder itself is unusable. */
export async function loadIndex(seedsDir: string, options: LoadOptions = {}): Promise<NewsIndex> {
  const t0 = performance.now();
  const report = (stage: LoadProgress['stage'], done: number, total: number): void =>
    options.onProgress?.({ stage, done, total, elapsedMs: performance.now() - t0 });
  const { files, skipped } = await readSeeds(seedsDir, { onProgress: (n) => report('read', n, 0) });
  report('read', files.length, files.length);
  const lib = await buildLibrary(files, skipped, (done, total) => report('parse', done, total));
  const index = await buildIndex(lib, (done, total) => report('index', done, total));
  report('done', articleCount(lib), articleCount(lib));
  return index;
}
