import { parentPort } from 'node:worker_threads';
import { buildLibrary, toColumns } from './library.ts';
import type { SeedFile, SkippedFile } from './read.ts';

/**
 * A parse worker: receives batches of files, parses them into a library (sentences, quotes, places,
 * figures) and posts the library back as plain columns. Runs on the second core while the main thread
 * indexes the previous batch (see `load.ts`).
 */

/** A batch to parse. */
export interface ParseRequest {
  batch: number;
  files: SeedFile[];
  skipped: SkippedFile[];
}

parentPort?.on('message', (req: ParseRequest) => {
  buildLibrary(req.files, req.skipped).then(
    (lib) => parentPort?.postMessage({ batch: req.batch, lib: toColumns(lib) }),
    (err: Error) => parentPort?.postMessage({ batch: req.batch, error: err.message }),
  );
});
