/**
 * `npm run bench [-- --corpus DIR] [--json] [--per-kind N] [--quality-only | --no-quality] [--cases FILE]...`:
 * the project against the plain-MiniSearch bot a first version would be, built from the same folder,
 * measured in the same run, printed side by side with ratios (ours / baseline) and the targets of issue 4;
 * then answer quality against a plain SQLite FTS5 peer (step 4).
 *
 * Each side runs in a child process of its own (`child.ts`, started the same way: `node --import tsx`),
 * so that each has a fresh heap and its peak RSS is its own. The runs, in order:
 *
 * 0. a child that only loads both sides' modules (the TypeScript loader caches its transforms, so that
 *    no measured run pays for being the first to compile a source file);
 * 1. ours, cold: `openIndex` with a fresh, empty cache folder (it builds and writes the cache); after its
 *    first answer it also writes the queries file both sides then time (generation is in no figure);
 * 2. the baseline: read every file, one MiniSearch document per file, `{ prefix: true, fuzzy: 0.2 }`;
 * 3. ours, warm: `openIndex` again with the same cache folder;
 * 4. answer quality (`quality.ts`): the case files of `../shared/eval` answered by the project's console
 *    (as `run-eval.mjs` runs it) and by a plain SQLite FTS5 peer over the same passages, scored with the
 *    checks of `run-eval.mjs` (`--quality-only`: this stage alone; `--no-quality`: the speed runs alone).
 *
 * Figures: build (read + index); time to first answer from the process's start (`performance.now()` in
 * the child), cold and warm; latency per command kind (p50/p95/p99 and mean of `performance.now()`
 * around each query, after 20 warm-up queries); peak RSS (`process.resourceUsage().maxRSS`); index size
 * on disk (baseline: `JSON.stringify(miniSearch)`; ours: the cache folder after the cold run).
 *
 * Without `--corpus`, the corpus is a temporary folder holding a copy of `seeds/` and of
 * `../shared/corpus/{reuters,bbc,wikinews}` (copied: the project's reader does not follow symlinks that
 * leave the folder). Every temporary file is removed at the end. The bench reports; it never fails on a
 * missed target (exit 0). Bad usage exits 2. A child that crashes is reported with the tail of its
 * standard error, and the bench goes on with what it has.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  type ChildReport,
  fmtMs,
  KIND_LABEL,
  KINDS,
  type LatencyStats,
  type QueryFile,
  REPORT_PREFIX,
} from './protocol.ts';
import { DEFAULT_CASE_FILES, type QualityResult, qualityTable, runQuality } from './quality.ts';
import { parseCases } from './quality-checks.ts';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH_DIR);
const CHILD = join(BENCH_DIR, 'child.ts');
/** The sets of the shared corpus copied into the default corpus. */
const DEFAULT_SETS = ['reuters', 'bbc', 'wikinews'] as const;
/** A child that runs longer than this is killed and reported. */
const CHILD_TIMEOUT_MS = 15 * 60_000;
/** Lines of a child's standard error kept for a crash report. */
const TAIL_LINES = 20;

/** The targets of issue 4: ratios ours / baseline (and one absolute latency), never a reason to fail. */
export const TARGETS = {
  coldStart: 1.0,
  warmStart: 0.3,
  costPerQuery: 0.2,
  p99Ms: 25,
  peakMemory: 1.0,
} as const;

const USAGE = `usage: npm run bench [-- --corpus DIR] [--json] [--per-kind N] [--quality-only | --no-quality]
                 [--cases FILE]...

  --corpus DIR   the folder of articles both sides index (default: a temporary copy of seeds/ plus
                 ../shared/corpus/{reuters,bbc,wikinews})
  --json         print the raw figures as one JSON object instead of the table
  --per-kind N   timed queries per command kind (default 200)
  --keep         keep the temporary folder (queries.json, the cache, the baseline's index) and say where
  --quality-only only the answer-quality stage (the case files, ours vs SQLite FTS5; no speed runs)
  --no-quality   only the speed runs (no answer-quality stage)
  --cases FILE   a case file for the answer-quality stage (repeatable; default ../shared/eval/qa.jsonl
                 and ../shared/eval/cases.jsonl)
  -h, --help     this help`;

class UsageError extends Error {}

interface Options {
  corpus: string | null;
  json: boolean;
  perKind: number;
  keep: boolean;
  /** Which stages run: the speed runs, the answer-quality stage, or both. */
  speed: boolean;
  quality: boolean;
  /** The answer-quality stage's case files. */
  cases: string[];
}

function parseArgs(argv: readonly string[]): Options | 'help' {
  const opts: Options = {
    corpus: null,
    json: false,
    perKind: 200,
    keep: false,
    speed: true,
    quality: true,
    cases: [],
  };
  let qualityOnly = false;
  let noQuality = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '-h' || flag === '--help') return 'help';
    if (flag === '--json') opts.json = true;
    else if (flag === '--keep') opts.keep = true;
    else if (flag === '--corpus') opts.corpus = value();
    else if (flag === '--quality-only') qualityOnly = true;
    else if (flag === '--no-quality') noQuality = true;
    else if (flag === '--cases') opts.cases.push(value());
    else if (flag === '--per-kind') {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 10_000) {
        throw new UsageError(`--per-kind must be a whole number from 1 to 10000, not "${v}"`);
      }
      opts.perKind = n;
    } else throw new UsageError(`unknown ${flag.startsWith('-') ? 'option' : 'argument'} "${flag}"`);
  }
  if (qualityOnly && noQuality) throw new UsageError('--quality-only and --no-quality exclude each other');
  if (noQuality && opts.cases.length)
    throw new UsageError('--cases is for the quality stage: not with --no-quality');
  opts.speed = !qualityOnly;
  opts.quality = !noQuality;
  if (!opts.cases.length) opts.cases = [...DEFAULT_CASE_FILES];
  return opts;
}

// -----------------------------------------------------------------------------------------------------
// Children

interface ChildRun {
  label: string;
  /** The figures the child sent (possibly partial). */
  report: Partial<ChildReport>;
  ok: boolean;
  exitCode: number | null;
  signal: string | null;
  /** Spawn → exit, seen from the parent. */
  wallMs: number;
  /** Why the run failed, when it did. */
  error: string | null;
  stderrTail: string[];
}

let current: ChildProcess | null = null;

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function runChild(label: string, args: readonly string[]): Promise<ChildRun> {
  const tsx = import.meta.resolve('tsx');
  const t0 = performance.now();
  const run: ChildRun = {
    label,
    report: {},
    ok: false,
    exitCode: null,
    signal: null,
    wallMs: 0,
    error: null,
    stderrTail: [],
  };
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', tsx, CHILD, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    current = child;
    const timer = setTimeout(() => {
      run.error = `timed out after ${fmtMs(CHILD_TIMEOUT_MS)}`;
      child.kill('SIGKILL');
    }, CHILD_TIMEOUT_MS);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith(REPORT_PREFIX)) {
        log(`  [${label}] (stdout) ${line}`);
        return;
      }
      try {
        Object.assign(run.report, JSON.parse(line.slice(REPORT_PREFIX.length)));
      } catch {
        log(`  [${label}] unreadable report line: ${line.slice(0, 200)}`);
      }
    });
    createInterface({ input: child.stderr! }).on('line', (line) => {
      log(`  [${label}] ${line}`);
      run.stderrTail.push(line);
      if (run.stderrTail.length > TAIL_LINES) run.stderrTail.shift();
    });
    child.on('error', (err) => {
      run.error = `could not start: ${err.message}`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      current = null;
      run.exitCode = code;
      run.signal = signal;
      run.wallMs = performance.now() - t0;
      if (!run.error && (code !== 0 || signal)) {
        run.error = signal ? `killed by ${signal}` : `exited with status ${code}`;
      }
      run.ok = run.error === null;
      done(run);
    });
  });
}

// -----------------------------------------------------------------------------------------------------
// Files

/** Every regular file below `dir` (no symlinks followed), with its size. */
function listFiles(
  dir: string,
  out: { path: string; size: number }[] = [],
): { path: string; size: number }[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(path, out);
    else if (entry.isFile()) out.push({ path, size: statSync(path).size });
  }
  return out;
}

/**
 * A fingerprint of the project's sources (`src/`): when it differs between the start and the end of a run,
 * the runs measured different versions (the project is edited while the bench runs), and the table says so.
 */
function sourceFingerprint(): string {
  const hash = createHash('sha1');
  const dir = join(ROOT, 'src');
  if (!existsSync(dir)) return '';
  for (const f of listFiles(dir).sort((a, b) => (a.path < b.path ? -1 : 1))) {
    hash.update(f.path).update(readFileSync(f.path));
  }
  return hash.digest('hex');
}

/** Total size of the files below `dir`; 0 when it does not exist. */
function folderBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  return listFiles(dir).reduce((s, f) => s + f.size, 0);
}

// -----------------------------------------------------------------------------------------------------
// Figures

interface Target {
  name: string;
  /** ours / baseline, or milliseconds for the p99 targets. */
  value: number | null;
  limit: number;
  met: boolean | null;
}

/** Everything measured, as printed with `--json`. */
export interface BenchResult {
  corpus: { dir: string; isDefault: boolean; files: number; bytes: number };
  machine: {
    cpu: string;
    cores: number;
    totalMemBytes: number;
    node: string;
    loadAvg1m: number;
    loadAvg1mAtEnd: number;
  };
  queries: { perKind: number; warmup: number; seed: number | null; generationMs: number | null };
  baseline: ChildRun;
  oursCold: ChildRun;
  oursWarm: ChildRun;
  /** Size of the cache folder after the cold run; null when there was none. */
  oursIndexBytes: number | null;
  /** Whether `src/` changed while the bench ran (the runs then measured different versions). */
  sourcesChanged: boolean;
  targets: Target[];
  /** The answer-quality stage (`quality.ts`); null with `--no-quality`. */
  quality: QualityResult | null;
  totalMs: number;
}

/** What `--quality-only --json` prints: the answer-quality stage and what it ran on. */
export interface QualityOnlyResult {
  corpus: BenchResult['corpus'];
  machine: BenchResult['machine'];
  quality: QualityResult;
  sourcesChanged: boolean;
  totalMs: number;
}

function ratio(ours: number | undefined | null, base: number | undefined | null): number | null {
  if (ours == null || base == null || !Number.isFinite(ours) || !Number.isFinite(base) || base === 0) {
    return null;
  }
  return ours / base;
}

function target(name: string, value: number | null, limit: number): Target {
  return { name, value, limit, met: value === null ? null : value <= limit };
}

function computeTargets(b: Partial<ChildReport>, cold: Partial<ChildReport>, warm: Partial<ChildReport>) {
  const targets: Target[] = [
    target(
      'cold start to first answer / baseline build-and-answer',
      ratio(cold.firstAnswerFromStartMs, b.firstAnswerFromStartMs),
      TARGETS.coldStart,
    ),
    target(
      'warm start to first answer / baseline build-and-answer',
      ratio(warm.firstAnswerFromStartMs, b.firstAnswerFromStartMs),
      TARGETS.warmStart,
    ),
    target(
      'cost per query (mean, all kinds) / baseline',
      ratio(cold.latencyAll?.mean, b.latencyAll?.mean),
      TARGETS.costPerQuery,
    ),
  ];
  for (const k of KINDS) {
    targets.push(
      target(
        `${KIND_LABEL[k]} mean / baseline`,
        ratio(cold.latency?.[k].mean, b.latency?.[k].mean),
        TARGETS.costPerQuery,
      ),
      target(`${KIND_LABEL[k]} p99 (ms)`, cold.latency?.[k].p99 ?? null, TARGETS.p99Ms),
    );
  }
  targets.push(
    target('peak memory, cold / baseline', ratio(cold.maxRssBytes, b.maxRssBytes), TARGETS.peakMemory),
    target('peak memory, warm / baseline', ratio(warm.maxRssBytes, b.maxRssBytes), TARGETS.peakMemory),
  );
  return targets;
}

// -----------------------------------------------------------------------------------------------------
// The table

const COL = { label: 33, base: 16, ours: 16, ratio: 8 };
const NA = '—';

function secs(ms: number | undefined | null): string {
  if (ms == null || !Number.isFinite(ms)) return NA;
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;
}

function mb(bytes: number | undefined | null): string {
  if (bytes == null || !Number.isFinite(bytes)) return NA;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Milliseconds of a query, with precision where it matters. */
function qms(ms: number | undefined | null): string {
  if (ms == null || !Number.isFinite(ms)) return NA;
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

function fmtRatio(r: number | null): string {
  return r === null ? NA : r.toFixed(2);
}

function mark(t: Target | undefined, prefix = '≤'): string {
  if (!t) return '';
  const limit = t.name.includes('(ms)') ? `p99 ${prefix}${t.limit} ms` : `${prefix}${t.limit.toFixed(1)}`;
  return `${limit} ${t.met === null ? '?' : t.met ? '✓' : '✗'}`;
}

function row(label: string, base = '', ours = '', r = '', tgt = ''): string {
  return `${label.padEnd(COL.label)}${base.padEnd(COL.base)}${ours.padEnd(COL.ours)}${r.padEnd(COL.ratio)}${tgt}`.trimEnd();
}

function pcts(s: LatencyStats | undefined): string {
  return s ? `${qms(s.p50)}/${qms(s.p95)}/${qms(s.p99)}` : NA;
}

/** The first two lines of the table: the corpus and the machine. */
function header(corpus: BenchResult['corpus'], machine: BenchResult['machine']): string {
  return [
    `corpus: ${corpus.files.toLocaleString('en-US')} files (${mb(corpus.bytes)})   machine: ${machine.cpu} x${machine.cores}, ${(machine.totalMemBytes / 2 ** 30).toFixed(1)} GiB, node ${machine.node}, load ${machine.loadAvg1m.toFixed(2)} at start`,
    `corpus folder: ${corpus.isDefault ? 'seeds/ + ../shared/corpus/{reuters,bbc,wikinews} (temporary copy)' : corpus.dir}`,
  ].join('\n');
}

function table(r: BenchResult): string {
  const b = r.baseline.report;
  const cold = r.oursCold.report;
  const warm = r.oursWarm.report;
  const find = (name: string): Target | undefined => r.targets.find((t) => t.name === name);
  const lines: string[] = [];
  lines.push(header(r.corpus, r.machine));
  lines.push('');
  lines.push(row('', 'baseline', 'ours', 'ratio', 'target'));
  lines.push(
    row('build (read+index)', secs(b.buildMs), secs(cold.buildMs), fmtRatio(ratio(cold.buildMs, b.buildMs))),
  );
  lines.push(
    row('  warm: open with the cache', '', secs(warm.buildMs), fmtRatio(ratio(warm.buildMs, b.buildMs))),
  );
  const coldT = find('cold start to first answer / baseline build-and-answer');
  const warmT = find('warm start to first answer / baseline build-and-answer');
  lines.push(
    row(
      'first answer, cold',
      secs(b.firstAnswerFromStartMs),
      secs(cold.firstAnswerFromStartMs),
      fmtRatio(coldT?.value ?? null),
      mark(coldT),
    ),
  );
  lines.push(
    row(
      'first answer, warm (cache)',
      secs(b.firstAnswerFromStartMs),
      secs(warm.firstAnswerFromStartMs),
      fmtRatio(warmT?.value ?? null),
      mark(warmT),
    ),
  );
  lines.push(row(`latency per query (ms), ${r.queries.perKind} per kind`));
  for (const k of KINDS) {
    const bs = b.latency?.[k];
    const os = cold.latency?.[k];
    const meanT = find(`${KIND_LABEL[k]} mean / baseline`);
    lines.push(
      row(
        `${KIND_LABEL[k].padEnd(10)} mean`,
        qms(bs?.mean),
        qms(os?.mean),
        fmtRatio(meanT?.value ?? null),
        mark(meanT),
      ),
    );
    lines.push(
      row(`${''.padEnd(10)} p50/p95/p99`, pcts(bs), pcts(os), '', mark(find(`${KIND_LABEL[k]} p99 (ms)`))),
    );
    lines.push(
      row(
        `${''.padEnd(10)} with results`,
        bs ? `${bs.answered}/${bs.n}` : NA,
        os ? `${os.answered}/${os.n}` : NA,
      ),
    );
  }
  const allT = find('cost per query (mean, all kinds) / baseline');
  lines.push(
    row(
      `${'all kinds'.padEnd(10)} mean`,
      qms(b.latencyAll?.mean),
      qms(cold.latencyAll?.mean),
      fmtRatio(allT?.value ?? null),
      mark(allT),
    ),
  );
  lines.push(row(`${''.padEnd(10)} p50/p95/p99`, pcts(b.latencyAll), pcts(cold.latencyAll)));
  const memCold = find('peak memory, cold / baseline');
  const memWarm = find('peak memory, warm / baseline');
  lines.push(
    row(
      'peak memory (RSS), cold',
      mb(b.maxRssBytes),
      mb(cold.maxRssBytes),
      fmtRatio(memCold?.value ?? null),
      mark(memCold),
    ),
  );
  lines.push(
    row(
      'peak memory (RSS), warm',
      mb(b.maxRssBytes),
      mb(warm.maxRssBytes),
      fmtRatio(memWarm?.value ?? null),
      mark(memWarm),
    ),
  );
  lines.push(
    row(
      'index size on disk',
      mb(b.indexBytes),
      r.oursIndexBytes === null ? 'n/a' : mb(r.oursIndexBytes),
      fmtRatio(ratio(r.oursIndexBytes, b.indexBytes)),
    ),
  );

  // Notes: what a reader needs to read the figures right.
  const notes: string[] = [];
  const met = r.targets.filter((t) => t.met === true).length;
  const missed = r.targets.filter((t) => t.met === false).map((t) => t.name);
  const unknown = r.targets.filter((t) => t.met === null).length;
  notes.push(
    `targets: ${met} met, ${missed.length} missed${unknown ? `, ${unknown} not measured` : ''}${missed.length ? ` (${missed.join('; ')})` : ''}`,
  );
  notes.push(
    `indexed: baseline ${b.documents ?? NA} files as whole documents; ours ${cold.documents ?? NA} articles, ${cold.passages ?? NA} passages, ${cold.speakers ?? NA} speakers, ${cold.skipped ?? NA} files skipped`,
  );
  notes.push(
    `RSS right after the build: baseline ${mb(b.afterBuild?.rss)}, ours cold ${mb(cold.afterBuild?.rss)}, ours warm ${mb(warm.afterBuild?.rss)}; peak before the timed queries (ours cold: after its cache write): ${mb(b.maxRssBeforeQueriesBytes)}, ${mb(cold.maxRssBeforeQueriesBytes)}, ${mb(warm.maxRssBeforeQueriesBytes)}`,
  );
  notes.push(
    `build phases (end of each): baseline ${phases(b.phasesMs)}; ours cold ${phases(cold.phasesMs)}; ours warm ${phases(warm.phasesMs)}`,
  );
  notes.push(
    `first query alone: baseline ${qms(b.firstQueryMs)} ms (${b.firstResults ?? NA} hits), ours cold ${qms(cold.firstQueryMs)} ms (${cold.firstResults ?? NA} results), warm ${qms(warm.firstQueryMs)} ms; process start to child code: ${secs(b.startupMs)} / ${secs(cold.startupMs)} / ${secs(warm.startupMs)}`,
  );
  notes.push(
    `cache events: cold ${cold.cacheEvents?.join(', ') || NA}; warm ${warm.cacheEvents?.join(', ') || NA}`,
  );
  if (cold.cacheWriteMs !== undefined || cold.cacheWaitMs !== undefined) {
    notes.push(
      `ours cold wrote the cache after its first answer in ${secs(cold.cacheWriteMs)} (waited ${secs(cold.cacheWaitMs)} before timing queries; in the peak RSS, not in the first answer)`,
    );
  }
  if (r.sourcesChanged) {
    notes.push(
      'src/ changed while the bench ran: the runs did not all measure the same version of the project',
    );
  }
  if (warm.cacheEvents && !warm.cacheEvents.some((e) => e.startsWith('hit'))) {
    notes.push(
      'the warm run did not load a persisted index (no cache "hit"): its figures are a second cold start',
    );
  }
  if (warm.latencyAll) {
    const worst = Math.max(...KINDS.map((k) => warm.latency?.[k].p99 ?? 0));
    notes.push(
      `latency in the warm-started process: mean ${qms(warm.latencyAll.mean)} ms, p99 of the slowest kind ${qms(worst)} ms`,
    );
  }
  notes.push(
    `queries: ${r.queries.perKind} per kind + ${r.queries.warmup} untimed warm-up, seed ${r.queries.seed ?? NA}, generated by ours cold in ${secs(r.queries.generationMs)} (in no figure)`,
  );
  notes.push(
    `total bench time ${secs(r.totalMs)}, load ${r.machine.loadAvg1mAtEnd.toFixed(2)} at the end; single runs on a shared machine: expect some noise`,
  );
  for (const run of [r.oursCold, r.baseline, r.oursWarm]) {
    if (run.report.queriesError) notes.push(`${run.label}: ${run.report.queriesError}`);
    if (run.ok) continue;
    notes.push(`${run.label} FAILED: ${run.error}; the last lines of its standard error:`);
    for (const l of run.stderrTail) notes.push(`    ${l}`);
  }
  lines.push('');
  for (const n of notes) lines.push(`- ${n}`);
  return lines.join('\n');
}

function phases(p: Record<string, number> | undefined): string {
  if (!p || !Object.keys(p).length) return 'none reported';
  return Object.entries(p)
    .map(([k, v]) => `${k} ${secs(v)}`)
    .join(', ');
}

// -----------------------------------------------------------------------------------------------------
// Main

async function main(): Promise<number> {
  let opts: Options | 'help';
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    log(`bench: ${err.message}\n${USAGE}`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (opts.quality) {
    for (const f of opts.cases) {
      try {
        parseCases(readFileSync(f, 'utf8'));
      } catch (err) {
        log(`bench: --cases: cannot read the case file "${f}": ${(err as Error).message}\n${USAGE}`);
        return 2;
      }
    }
  }
  const sharedCorpus = resolve(ROOT, '..', 'shared', 'corpus');
  if (opts.corpus !== null) {
    const dir = resolve(opts.corpus);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      log(`bench: --corpus: "${opts.corpus}" is not a folder\n${USAGE}`);
      return 2;
    }
  } else {
    const missing = DEFAULT_SETS.map((s) => join(sharedCorpus, s)).filter((d) => !existsSync(d));
    if (missing.length) {
      log(`bench: the default corpus is missing (${missing.join(', ')}); pass --corpus DIR\n${USAGE}`);
      return 2;
    }
  }

  const t0 = performance.now();
  const loadAtStart = loadavg()[0] ?? 0;
  const sourcesAtStart = sourceFingerprint();
  const work = mkdtempSync(join(tmpdir(), 'news-bench-'));
  const cleanup = (): void => {
    if (opts.keep) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`bench: ${signal}, stopping`);
    current?.kill('SIGKILL');
    cleanup();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    let corpus: string;
    if (opts.corpus !== null) {
      corpus = resolve(opts.corpus);
    } else {
      corpus = join(work, 'corpus');
      log(`copying seeds/ and ../shared/corpus/{${DEFAULT_SETS.join(',')}} to ${corpus}`);
      await cp(join(ROOT, 'seeds'), corpus, { recursive: true });
      for (const set of DEFAULT_SETS)
        await cp(join(sharedCorpus, set), join(corpus, set), { recursive: true });
    }
    // Count what is there, and read it all once: the page cache is warm for every child alike.
    const files = listFiles(corpus);
    for (const f of files) readFileSync(f.path);
    const bytes = files.reduce((s, f) => s + f.size, 0);
    log(`corpus: ${files.length} files, ${mb(bytes)}`);

    const queriesFile = join(work, 'queries.json');
    const cacheDir = join(work, 'cache');
    const cpu = cpus();
    const machine = (): BenchResult['machine'] => ({
      cpu: cpu[0]?.model.trim() ?? 'unknown cpu',
      cores: cpu.length,
      totalMemBytes: totalmem(),
      node: process.version,
      loadAvg1m: loadAtStart,
      loadAvg1mAtEnd: loadavg()[0] ?? 0,
    });
    const corpusInfo = { dir: corpus, isDefault: opts.corpus === null, files: files.length, bytes };
    const quality = (step: string, queries: string | null): Promise<QualityResult> => {
      log(
        `${step} answer quality: ${opts.cases.length} case files, ours (npm run ask --json) vs SQLite FTS5`,
      );
      return runQuality({
        corpus,
        cacheDir,
        caseFiles: opts.cases,
        queriesFile: queries,
        log,
        track: (child) => {
          current = child;
        },
        timeoutMs: CHILD_TIMEOUT_MS,
      });
    };
    if (!opts.speed) {
      const q = await quality('1/1', null);
      const result: QualityOnlyResult = {
        corpus: corpusInfo,
        machine: machine(),
        quality: q,
        sourcesChanged: sourceFingerprint() !== sourcesAtStart,
        totalMs: performance.now() - t0,
      };
      let text = `${header(result.corpus, result.machine)}\n\n${qualityTable(q)}`;
      if (result.sourcesChanged) {
        text +=
          '\n- src/ changed while the bench ran: the answers may come from different versions of the project';
      }
      process.stdout.write(
        opts.json
          ? `${JSON.stringify(result, null, 2)}
`
          : `${text}
`,
      );
      return 0;
    }
    const steps = opts.quality ? 4 : 3;
    const common = ['--corpus', corpus, '--queries', queriesFile];
    const ours = ['ours', ...common, '--cache', cacheDir, '--per-kind', String(opts.perKind)];

    log(`0/${steps} loading both sides once (primes the TypeScript loader's cache; nothing measured)`);
    const prime = await runChild('prime', ['prime']);
    if (!prime.ok) log(`priming failed (${prime.error}); going on`);
    log(`1/${steps} ours, cold start (empty cache folder; also writes the queries)`);
    const oursCold = await runChild('ours cold', ours);
    const cacheBytes = folderBytes(cacheDir);
    log(`cache folder after the cold run: ${cacheBytes ? mb(cacheBytes) : 'empty'}`);
    log(`2/${steps} baseline (plain MiniSearch, whole files)`);
    const baseline = await runChild('baseline', [
      'baseline',
      ...common,
      '--index-out',
      join(work, 'baseline-index.json'),
    ]);
    log(`3/${steps} ours, warm start (same cache folder)`);
    const oursWarm = await runChild('ours warm', ours);
    // After the speed runs, so that it disturbs none of them; the cache folder they left makes the
    // project's index open fast here, and FTS5 is timed on the same queries.
    const q = opts.quality ? await quality(`4/${steps}`, existsSync(queriesFile) ? queriesFile : null) : null;

    let queryFile: QueryFile | null = null;
    try {
      queryFile = JSON.parse(readFileSync(queriesFile, 'utf8')) as QueryFile;
    } catch {
      queryFile = null;
    }
    const result: BenchResult = {
      corpus: corpusInfo,
      machine: machine(),
      queries: {
        perKind: queryFile?.perKind ?? opts.perKind,
        warmup: queryFile?.warmup.length ?? 0,
        seed: queryFile?.seed ?? null,
        generationMs: queryFile?.generationMs ?? null,
      },
      baseline,
      oursCold,
      oursWarm,
      oursIndexBytes: cacheBytes || null,
      sourcesChanged: sourceFingerprint() !== sourcesAtStart,
      targets: computeTargets(baseline.report, oursCold.report, oursWarm.report),
      quality: q,
      totalMs: performance.now() - t0,
    };
    const text = q ? `${table(result)}\n\n${qualityTable(q, oursCold.report.latency)}` : table(result);
    process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : `${text}\n`);
    return 0;
  } finally {
    cleanup();
  }
}

process.exitCode = await main();
