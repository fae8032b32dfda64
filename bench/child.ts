/**
 * One side of the benchmark, in a process of its own (a fresh heap, so that its peak RSS is its own):
 *
 *     node --import tsx bench/child.ts baseline --corpus DIR --queries FILE --index-out FILE
 *     node --import tsx bench/child.ts ours --corpus DIR --queries FILE --cache DIR [--per-kind N]
 *     node --import tsx bench/child.ts prime      (loads both sides' modules, measures nothing)
 *
 * Both modes start the same way and import only Node built-ins before the clock starts to matter; the
 * side's own code (MiniSearch, or the project's core) is imported dynamically, so its loading time is part
 * of its time to first answer. Times "from start" are `performance.now()`, which counts from the
 * process's start (`performance.timeOrigin`). What is measured, in order:
 *
 * 1. build: read the folder and index it (baseline: `readdir`/`readFile` + `MiniSearch.addAll`; ours:
 *    `openIndex(corpus, { cacheDir })`, which reads the persisted index when it is valid);
 * 2. the first answer of a fixed query ({@link FIRST_QUERY}), timed from the process start;
 * 3. the timed queries of the queries file (ours writes the file first when it does not exist yet);
 * 4. peak RSS (`process.resourceUsage().maxRSS`);
 * 5. baseline only, after the peak RSS: the index serialised to disk, for its size.
 *
 * Figures go to the parent as they are measured (see `protocol.ts`); a crash exits non-zero after the
 * figures measured so far have been sent.
 */
import { type ChildOptions, fmtMs, progress } from './protocol.ts';

const startupMs = performance.now();

function parseArgs(argv: readonly string[]): ChildOptions {
  const [mode, ...rest] = argv;
  if (mode !== 'baseline' && mode !== 'ours') throw new Error(`child: unknown mode "${mode ?? ''}"`);
  const opts: ChildOptions = {
    mode,
    corpus: '',
    queries: '',
    cache: null,
    indexOut: null,
    perKind: 200,
    startupMs,
  };
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i]!;
    const value = rest[i + 1];
    if (value === undefined) throw new Error(`child: ${flag} needs a value`);
    if (flag === '--corpus') opts.corpus = value;
    else if (flag === '--queries') opts.queries = value;
    else if (flag === '--cache') opts.cache = value;
    else if (flag === '--index-out') opts.indexOut = value;
    else if (flag === '--per-kind') opts.perKind = Number(value);
    else throw new Error(`child: unknown option ${flag}`);
  }
  if (!opts.corpus || !opts.queries) throw new Error('child: --corpus and --queries are required');
  return opts;
}

try {
  if (process.argv[2] === 'prime') {
    // Loads both sides' modules once, so that the TypeScript loader's transform cache is warm and no
    // measured run pays for compiling the sources it is the first to import.
    await import('./baseline.ts');
    await import('./ours.ts');
    process.exit(0);
  }
  const opts = parseArgs(process.argv.slice(2));
  progress(`started (${fmtMs(startupMs)} to reach the child's code)`);
  if (opts.mode === 'baseline') {
    const { runBaseline } = await import('./baseline.ts');
    await runBaseline(opts);
  } else {
    const { runOurs } = await import('./ours.ts');
    await runOurs(opts);
  }
} catch (err) {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
}
