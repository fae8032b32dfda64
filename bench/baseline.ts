/**
 * The baseline: the plain-MiniSearch bot a first version would be. Every file below the folder, read
 * recursively as UTF-8, is one document (`{ id, file, text }`, the whole file); MiniSearch with
 * `fields: ['text']`, `storeFields: ['file']`, its default tokenizer and term processing; a query is
 * searched with `{ prefix: true, fuzzy: 0.2 }` and the top 10 hits are the answer.
 *
 * Measured (see `child.ts`): build = walk + read + `addAll`; time from process start to the first answer;
 * latency of `search(...).slice(0, 10)` per query; peak RSS; and, after the peak RSS has been taken (a
 * bot that never persists would not pay for it), the size of `JSON.stringify(miniSearch)` written to disk.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import {
  type BenchQuery,
  type ChildOptions,
  FIRST_QUERY,
  fmtMs,
  peakRssBytes,
  progress,
  type QueryFile,
  report,
  timeQueries,
} from './protocol.ts';

interface Doc {
  id: number;
  file: string;
  text: string;
}

/** Every file below `dir`, recursively (what a naive reader does: no filtering). */
function listFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(path, out);
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

const SEARCH = { prefix: true, fuzzy: 0.2 } as const;

export async function runBaseline(opts: ChildOptions): Promise<void> {
  const t0 = performance.now();
  const files = listFiles(opts.corpus);
  const docs: Doc[] = files.map((file, id) => ({ id, file, text: readFileSync(file, 'utf8') }));
  const t1 = performance.now();
  progress(`read ${docs.length} files in ${fmtMs(t1 - t0)}`);
  const miniSearch = new MiniSearch<Doc>({ fields: ['text'], storeFields: ['file'] });
  miniSearch.addAll(docs);
  const t2 = performance.now();
  progress(`indexed in ${fmtMs(t2 - t1)}`);
  const mem = process.memoryUsage();
  report({
    mode: 'baseline',
    startupMs: opts.startupMs,
    buildMs: t2 - t0,
    phasesMs: { read: t1 - t0, index: t2 - t1 },
    documents: docs.length,
    afterBuild: { rss: mem.rss, heapUsed: mem.heapUsed },
  });
  // A naive bot would keep nothing else: the documents are garbage once indexed.
  docs.length = 0;

  const ask = (q: BenchQuery): number => miniSearch.search(q.text, SEARCH).slice(0, 10).length;
  const tq = performance.now();
  const firstResults = ask(FIRST_QUERY);
  const first = performance.now();
  report({ firstAnswerFromStartMs: first, firstQueryMs: first - tq, firstResults });
  progress(`first answer ${fmtMs(first)} after start`);

  let queries: QueryFile | null = null;
  try {
    queries = JSON.parse(readFileSync(opts.queries, 'utf8')) as QueryFile;
  } catch (err) {
    report({ queriesError: `could not read ${opts.queries}: ${(err as Error).message}` });
  }
  report({ maxRssBeforeQueriesBytes: peakRssBytes() });
  if (queries) {
    progress(`timing ${queries.queries.length} queries`);
    report(timeQueries(queries, ask));
  }
  report({ maxRssBytes: peakRssBytes() });

  if (opts.indexOut) {
    writeFileSync(opts.indexOut, JSON.stringify(miniSearch));
    report({ indexBytes: statSync(opts.indexOut).size });
  }
}
