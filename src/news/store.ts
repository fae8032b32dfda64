import type { NewsIndex } from './index.ts';
import { type LoadProgress, loadIndex } from './load.ts';

/**
 * Opening the index: from the persisted cache when it is valid for the seeds folder's content and the
 * index options, else by building it (and writing the cache). (Cache: work in progress.)
 */

/** Something worth logging about the cache. */
export interface CacheEvent {
  kind: 'hit' | 'miss' | 'written' | 'invalid' | 'write-failed' | 'disabled';
  detail?: string;
  ms?: number;
}

/** Options of {@link openIndex}. */
export interface OpenOptions {
  /** Where the cache lives; null disables it. */
  cacheDir: string | null;
  onProgress?: (p: LoadProgress) => void;
  onCache?: (e: CacheEvent) => void;
}

/** Loads the index for `seedsDir` from the cache, or builds it and writes the cache. */
export async function openIndex(seedsDir: string, options: OpenOptions): Promise<NewsIndex> {
  options.onCache?.({ kind: 'disabled' });
  return loadIndex(seedsDir, { onProgress: options.onProgress });
}
