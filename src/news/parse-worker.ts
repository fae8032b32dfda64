import { parentPort } from 'node:worker_threads';
import { newPostingsBuilder } from './index.ts';
import { type LibraryColumns, toColumns } from './library.ts';
import { claim, readAndBuildPart } from './load.ts';
import type { Postings } from './postings.ts';

/**
 * A parse worker: receives batches of files, parses them into a library (sentences, quotes, places,
 * figures), gathers their postings, and posts both back (the library as plain columns, the postings'
 * number arrays transferred, not copied). Runs on the second core while the main thread builds and
 * merges batches too (see `load.ts`).
 */

/** The files to read and parse, in batches, and the claims shared with the main thread (see `load.ts`). */
export interface ParseRequest {
  root: string;
  paths: string[];
  batchSize: number;
  claims: Int32Array;
}

/** A parsed batch, or why it failed. */
export type ParseReply =
  | { batch: number; lib: LibraryColumns; postings: Postings }
  | { batch: number; error: string };

parentPort?.on('message', async ({ root, paths, batchSize, claims }: ParseRequest) => {
  const builder = newPostingsBuilder();
  for (let b = 0; b * batchSize < paths.length; b++) {
    if (!claim(claims, b)) continue; // the main thread took it
    try {
      const { lib, postings } = await readAndBuildPart(
        root,
        paths.slice(b * batchSize, (b + 1) * batchSize),
        builder,
      );
      const reply: ParseReply = { batch: b, lib: toColumns(lib), postings };
      const buffers = [postings.data.buffer, postings.ids.buffer, postings.fieldLength.buffer];
      if (postings.from) buffers.push(postings.from.terms.buffer);
      parentPort?.postMessage(reply, buffers as ArrayBuffer[]);
    } catch (err) {
      parentPort?.postMessage({ batch: b, error: (err as Error).message } satisfies ParseReply);
      return;
    }
  }
});
