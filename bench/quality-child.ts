/**
 * The FTS5 side of the answer-quality stage, in a process of its own (started by `quality.ts`):
 *
 *     node --import tsx bench/quality-child.ts --corpus DIR --cache DIR --cases FILE [--cases FILE...]
 *                                              [--queries FILE]
 *
 * 1. opens the project's index of the corpus (`openIndex`, with the cache folder the project's side just
 *    used, so usually a cache hit) only to take its passages: the same sentences and quotes the project
 *    answers with, with their article's file, title, date and source;
 * 2. puts them in an in-memory SQLite FTS5 table (`fts5.ts`);
 * 3. answers every case query twice, the first pass untimed (warm-up), the second timed one by one with
 *    `performance.now()` (its answers are the ones scored);
 * 4. with `--queries` (the speed stage's queries file), also times FTS5 on those, per command kind.
 *
 * It prints one line on standard output, `QUALITY_PREFIX` and a JSON `Fts5Report` (both in `quality.ts`); progress
 * goes to standard error.
 */
import { readFileSync } from 'node:fs';
import { passageText } from '../src/news/library.ts';
import { openIndex } from '../src/news/store.ts';
import { Fts5Peer, type PassageRow } from './fts5.ts';
import { fmtMs, progress, type QueryFile, summarize, timeQueries } from './protocol.ts';
import { type Fts5Report, QUALITY_PREFIX } from './quality.ts';
import { parseCases } from './quality-checks.ts';

function parseArgs(argv: readonly string[]): {
  corpus: string;
  cache: string;
  cases: string[];
  queries: string | null;
} {
  const opts = { corpus: '', cache: '', cases: [] as string[], queries: null as string | null };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`quality-child: ${flag} needs a value`);
    if (flag === '--corpus') opts.corpus = value;
    else if (flag === '--cache') opts.cache = value;
    else if (flag === '--cases') opts.cases.push(value);
    else if (flag === '--queries') opts.queries = value;
    else throw new Error(`quality-child: unknown option ${flag}`);
  }
  if (!opts.corpus || !opts.cases.length) throw new Error('quality-child: --corpus and --cases are required');
  return opts;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const index = await openIndex(opts.corpus, {
    cacheDir: opts.cache || null,
    onCache: (e) => progress(`project index cache: ${e.kind}${e.detail ? ` (${e.detail})` : ''}`),
  });
  const openMs = performance.now() - t0;
  const { lib } = index;
  progress(`project index open in ${fmtMs(openMs)}: ${lib.passages.length} passages`);

  const t1 = performance.now();
  const peer = new Fts5Peer();
  const rows = function* (): Generator<PassageRow> {
    for (const p of lib.passages) {
      if (lib.removed.has(p.article)) continue;
      const a = lib.articles[p.article]!;
      yield {
        text: passageText(lib, p),
        file: a.file,
        title: a.title,
        date: a.date,
        source: a.source,
        speaker: null,
      };
    }
  };
  peer.addAll(rows());
  const buildMs = performance.now() - t1;
  progress(`FTS5 table of ${peer.size} passages built in ${fmtMs(buildMs)}`);

  const files = opts.cases.map((f) => parseCases(readFileSync(f, 'utf8')));
  for (const cases of files) for (const c of cases) peer.answer(c.query);
  const times: number[] = [];
  let answered = 0;
  const answers = files.map((cases) =>
    cases.map((c) => {
      const ts = performance.now();
      const a = peer.answer(c.query);
      times.push(performance.now() - ts);
      if (a.results.length) answered++;
      return a;
    }),
  );
  const out: Fts5Report = {
    openMs,
    passages: peer.size,
    buildMs,
    answers,
    latency: summarize(times, answered),
  };

  if (opts.queries) {
    try {
      const file = JSON.parse(readFileSync(opts.queries, 'utf8')) as QueryFile;
      progress(`timing FTS5 over the speed stage's ${file.queries.length} queries`);
      const timed = timeQueries(file, (q) => peer.answer(q.line).results.length);
      out.benchLatency = timed.latency;
      out.benchLatencyAll = timed.latencyAll;
    } catch (err) {
      out.benchError = `could not time the speed stage's queries: ${(err as Error).message}`;
    }
  }
  peer.close();
  process.stdout.write(`${QUALITY_PREFIX}${JSON.stringify(out)}\n`);
}

try {
  await main();
} catch (err) {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
}
