/**
 * The project's side: `openIndex(corpus, { cacheDir })` then `answer(index, line)`, exactly as the bot and
 * the console answer a line a user types.
 *
 * Measured (see `child.ts`): build = the whole of `openIndex` (cold: read, parse, index and write the
 * cache; warm: whatever the cache lets it skip), with the end of each progress stage; time from process
 * start to the first answer; the cache write `openIndex` starts after returning (waited for before the
 * queries are timed, so that it counts in the peak RSS but not in the latency); latency of each
 * `answer()` call; peak RSS. The first run also writes the queries file (after its first answer, outside
 * every timed figure) when it does not exist yet.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { answer } from '../src/news/answers/index.ts';
import { openIndex } from '../src/news/store.ts';
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
import { generateQueries } from './queries.ts';

/** How long to wait for the cache write that `openIndex` starts after returning, before going on. */
const CACHE_WRITE_WAIT_MS = 180_000;

export async function runOurs(opts: ChildOptions): Promise<void> {
  const phasesMs: Record<string, number> = {};
  const cacheEvents: string[] = [];
  const stagesSeen = new Set<string>();
  let writeEnded = false;
  let onWriteEnd = (): void => {};
  const writeEnd = new Promise<void>((resolve) => {
    onWriteEnd = resolve;
  });
  const t0 = performance.now();
  const index = await openIndex(opts.corpus, {
    cacheDir: opts.cache,
    onProgress: (p) => {
      phasesMs[p.stage] = p.elapsedMs;
      if (!stagesSeen.has(p.stage)) {
        stagesSeen.add(p.stage);
        progress(`${p.stage}... (${fmtMs(p.elapsedMs)})`);
      }
    },
    onCache: (e) => {
      cacheEvents.push(
        `${e.kind}${e.detail ? ` (${e.detail})` : ''}${e.ms === undefined ? '' : ` in ${fmtMs(e.ms)}`}`,
      );
      if (e.kind === 'written' || e.kind === 'write-failed') {
        writeEnded = true;
        if (e.ms !== undefined) report({ cacheWriteMs: e.ms });
        onWriteEnd();
      }
      progress(
        `cache: ${e.kind}${e.detail ? ` (${e.detail})` : ''}${e.ms === undefined ? '' : ` ${fmtMs(e.ms)}`}`,
      );
    },
  });
  const t1 = performance.now();
  progress(
    `index open in ${fmtMs(t1 - t0)}: ${index.lib.articles.length} articles, ${index.lib.passages.length} passages`,
  );
  const mem = process.memoryUsage();
  report({
    mode: 'ours',
    startupMs: opts.startupMs,
    buildMs: t1 - t0,
    phasesMs,
    documents: index.lib.articles.length,
    passages: index.lib.passages.length,
    speakers: index.lib.speakers.length,
    skipped: index.lib.skipped.length,
    cacheEvents,
    afterBuild: { rss: mem.rss, heapUsed: mem.heapUsed },
  });

  const ask = (q: BenchQuery): number => answer(index, q.line).results.length;
  const tq = performance.now();
  const firstResults = ask(FIRST_QUERY);
  const first = performance.now();
  report({ firstAnswerFromStartMs: first, firstQueryMs: first - tq, firstResults });
  progress(`first answer ${fmtMs(first)} after start`);

  // `openIndex` writes the cache after it returns (so that the write never delays the first answer). A
  // bot pays for that write in the same process: wait for it, so that it is in the peak RSS, and so that
  // the timed queries run in the steady state, not while the write holds the event loop.
  const kinds = cacheEvents.map((e) => e.split(' ')[0]);
  const expectWrite =
    opts.cache !== null &&
    !writeEnded &&
    !kinds.includes('disabled') &&
    (!kinds.includes('hit') || kinds.includes('refreshed'));
  if (expectWrite) {
    progress('waiting for the cache write');
    const tw = performance.now();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([writeEnd, new Promise((r) => (timer = setTimeout(r, CACHE_WRITE_WAIT_MS)))]);
    clearTimeout(timer);
    report({ cacheWaitMs: performance.now() - tw });
    if (!writeEnded) progress(`no cache write reported within ${fmtMs(CACHE_WRITE_WAIT_MS)}; going on`);
  }

  let queries: QueryFile | null = null;
  try {
    if (existsSync(opts.queries)) {
      queries = JSON.parse(readFileSync(opts.queries, 'utf8')) as QueryFile;
    } else {
      const tg = performance.now();
      const generated = generateQueries(index, opts.perKind);
      queries = { ...generated, generationMs: performance.now() - tg };
      writeFileSync(`${opts.queries}.tmp`, JSON.stringify(queries, null, 1));
      renameSync(`${opts.queries}.tmp`, opts.queries);
      report({ generatedQueries: true });
      progress(`generated ${queries.queries.length} queries in ${fmtMs(queries.generationMs)}`);
    }
  } catch (err) {
    report({ queriesError: `queries: ${(err as Error).message}` });
  }
  report({ maxRssBeforeQueriesBytes: peakRssBytes() });
  if (queries) {
    progress(`timing ${queries.queries.length} queries`);
    report(timeQueries(queries, ask));
  }
  report({ maxRssBytes: peakRssBytes() });
}
