/**
 * The answer-quality stage of the bench: the case files of `../shared/eval` (by default `qa.jsonl` and
 * `cases.jsonl`) over the bench's corpus, answered by
 *
 * - **ours**: the project's console exactly as `../shared/eval/run-eval.mjs` runs it, `npm run --silent ask
 *   -- --seeds CORPUS --json` with a case file's queries on standard input, one process per case file
 *   (as run-eval.mjs does), so its pass count is the one run-eval.mjs prints on the same corpus. Its index
 *   cache is the bench's cache folder (`INDEX_CACHE_DIR`), never the project's `.cache`;
 * - **FTS5**: a plain SQLite FTS5 table of the same passages, BM25 with the porter stemmer, top 10
 *   (`fts5.ts`, run in `quality-child.ts`);
 *
 * and scored by `quality-checks.ts` (the checks of run-eval.mjs). It reports passes per case file and per
 * kind, and FTS5's query latency (the case queries, and with a queries file the speed stage's queries).
 * The parent (`bench.ts`) runs it after the speed runs, or alone with `--quality-only`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { KIND_LABEL, KINDS, type Kind, type LatencyStats, summarize } from './protocol.ts';
import {
  type AnswerJson,
  answerLines,
  byKind,
  type Case,
  type CaseScore,
  NOT_JSON,
  parseAnswerLine,
  parseCases,
  scoreAll,
} from './quality-checks.ts';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH_DIR);
const QUALITY_CHILD = join(BENCH_DIR, 'quality-child.ts');

/** The case files run by default, in this order. */
export const DEFAULT_CASE_FILES = ['qa.jsonl', 'cases.jsonl'].map((f) =>
  resolve(ROOT, '..', 'shared', 'eval', f),
);

/** The prefix of the FTS5 child's report line on its standard output. */
export const QUALITY_PREFIX = 'FTS5:';

/** What the FTS5 child (`quality-child.ts`) reports. */
export interface Fts5Report {
  /** `openIndex` of the project (only to get the passages). */
  openMs: number;
  /** Rows in the FTS5 table: the live passages of the library. */
  passages: number;
  /** Filling the FTS5 table (one transaction). */
  buildMs: number;
  /** The answers to each case file's queries, in order. */
  answers: AnswerJson[][];
  /** Each case query timed (after an untimed pass over them all). */
  latency: LatencyStats;
  /** FTS5 over the speed stage's queries, when a queries file was given. */
  benchLatency?: Record<Kind, LatencyStats>;
  benchLatencyAll?: LatencyStats;
  /** Why the speed stage's queries were not timed, when they were asked for and were not. */
  benchError?: string;
}

export interface QualityOptions {
  /** The folder of articles, the same for both sides. */
  corpus: string;
  /** The project's index cache folder (`INDEX_CACHE_DIR` of the console, `cacheDir` of the FTS5 child). */
  cacheDir: string;
  caseFiles: readonly string[];
  /** The speed stage's queries file, to time FTS5 on it too; null: only the case queries are timed. */
  queriesFile: string | null;
  /** A progress line (standard error). */
  log: (message: string) => void;
  /** Told of each child process as it starts (and null when it ends), so the parent can stop it. */
  track: (child: ChildProcess | null) => void;
  /** A child that runs longer is killed. */
  timeoutMs: number;
}

/** One case, both sides' verdicts. */
export interface CaseResult {
  id: string;
  kind: string;
  query: string;
  ours: boolean;
  oursWhy: string[];
  fts5: boolean;
  fts5Why: string[];
}

/** One kind of a case file. */
export interface KindRow {
  kind: string;
  cases: number;
  ours: number;
  fts5: number;
}

/** One case file. */
export interface QualityFile {
  /** As given, relative to the project's root when it is below its parent. */
  file: string;
  cases: number;
  /** Kinds sorted by name, as run-eval.mjs prints them; a case without a kind is `all`. */
  kinds: KindRow[];
  ours: {
    passed: number;
    /** Why the console's answers could not be read (all cases then fail, as in run-eval.mjs). */
    error: string | null;
    /** The console's run: start, build, every answer, exit. */
    wallMs: number;
    /** JSON lines the console printed (run-eval.mjs wants one per case). */
    lines: number;
  };
  fts5: { passed: number; error: string | null };
  results: CaseResult[];
}

/** Everything the quality stage measured, as printed with `--json` (`quality` of the bench's JSON). */
export interface QualityResult {
  corpus: string;
  files: QualityFile[];
  total: { cases: number; ours: number; fts5: number };
  /** The FTS5 child's figures (its answers left out); null when it failed. */
  fts5: Omit<Fts5Report, 'answers'> | null;
  fts5Error: string | null;
  /** Ours over the case queries, from the console's own `answered in N ms` lines on standard error. */
  oursLatency: LatencyStats | null;
  totalMs: number;
}

interface Run {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderrTail: string[];
  wallMs: number;
  error: string | null;
}

/**
 * Runs a child to its end, with `input` on its standard input; each line of its standard error goes to
 * `onLine`, and is kept for a failure report unless `onLine` returns false.
 */
function run(
  command: string,
  args: readonly string[],
  input: string,
  env: NodeJS.ProcessEnv,
  opts: QualityOptions,
  onLine: (line: string) => boolean,
): Promise<Run> {
  const t0 = performance.now();
  const result: Run = { code: null, signal: null, stdout: '', stderrTail: [], wallMs: 0, error: null };
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    opts.track(child);
    const timer = setTimeout(() => {
      result.error = `timed out after ${(opts.timeoutMs / 1000).toFixed(0)} s`;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    const chunks: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => chunks.push(b));
    createInterface({ input: child.stderr! }).on('line', (line) => {
      if (!onLine(line)) return;
      result.stderrTail.push(line);
      if (result.stderrTail.length > 20) result.stderrTail.shift();
    });
    child.stdin!.on('error', () => {}); // a child that dies early: its exit status says why
    child.stdin!.end(input);
    child.on('error', (err) => {
      result.error = `could not start: ${err.message}`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      opts.track(null);
      result.code = code;
      result.signal = signal;
      result.stdout = Buffer.concat(chunks).toString('utf8');
      result.wallMs = performance.now() - t0;
      if (!result.error && (code !== 0 || signal)) {
        result.error = signal ? `killed by ${signal}` : `exited with status ${code}`;
      }
      done(result);
    });
  });
}

const ANSWERED = /^answered in ([\d.]+) ms$/;

/** A path as shown: relative to the project's root when that is shorter. */
function shown(file: string): string {
  const rel = relative(ROOT, file);
  return rel.length < file.length ? rel : file;
}

export async function runQuality(opts: QualityOptions): Promise<QualityResult> {
  const t0 = performance.now();
  const files = opts.caseFiles.map((f) => ({ path: resolve(f), cases: parseCases(readFileSync(f, 'utf8')) }));

  // Ours: the console, as run-eval.mjs runs it, one process per case file.
  const oursTimes: number[] = [];
  let oursAnswered = 0;
  const ours: { answers: unknown[]; run: Run; lines: number }[] = [];
  for (const f of files) {
    opts.log(
      `  ours: npm run --silent ask -- --seeds CORPUS --json < ${shown(f.path)} (${f.cases.length} queries)`,
    );
    const input = `${f.cases.map((c) => c.query).join('\n')}\n`;
    const r = await run(
      'npm',
      ['run', '--silent', 'ask', '--', '--seeds', opts.corpus, '--json'],
      input,
      { ...process.env, INDEX_CACHE_DIR: opts.cacheDir },
      opts,
      (line) => {
        const m = ANSWERED.exec(line);
        if (m) {
          oursTimes.push(Number(m[1]));
          return false;
        }
        opts.log(`  [ours] ${line}`);
        return true;
      },
    );
    const lines = r.error ? [] : answerLines(r.stdout);
    const answers = r.error ? f.cases.map(() => NOT_JSON) : lines.map(parseAnswerLine);
    for (const a of answers) {
      if (
        a !== NOT_JSON &&
        Array.isArray((a as AnswerJson | null)?.results) &&
        (a as AnswerJson).results.length
      ) {
        oursAnswered++;
      }
    }
    ours.push({ answers, run: r, lines: lines.length });
  }

  // FTS5: a child that takes the project's passages and answers every case file.
  opts.log('  FTS5: the same passages in an SQLite FTS5 table (bm25, porter unicode61)');
  const args = ['--import', import.meta.resolve('tsx'), QUALITY_CHILD, '--corpus', opts.corpus];
  args.push('--cache', opts.cacheDir);
  for (const f of files) args.push('--cases', f.path);
  if (opts.queriesFile) args.push('--queries', opts.queriesFile);
  const ftsRun = await run(process.execPath, args, '', process.env, opts, (line) => {
    opts.log(`  [fts5] ${line}`);
    return true;
  });
  let fts: Fts5Report | null = null;
  let fts5Error = ftsRun.error;
  const reportLine = ftsRun.stdout.split('\n').find((l) => l.startsWith(QUALITY_PREFIX));
  if (reportLine) {
    try {
      fts = JSON.parse(reportLine.slice(QUALITY_PREFIX.length)) as Fts5Report;
    } catch {
      fts5Error ??= 'unreadable report line';
    }
  } else {
    fts5Error ??= 'no report line';
  }
  if (fts5Error) fts5Error += `; the last lines of its standard error:\n${ftsRun.stderrTail.join('\n')}`;

  const out: QualityFile[] = files.map((f, i) => {
    const o = ours[i]!;
    const oursScores = scoreAll(f.cases, o.answers);
    const ftsScores = scoreAll(f.cases, fts?.answers[i] ?? []);
    return qualityFile(f.path, f.cases, oursScores, ftsScores, {
      error: o.run.error
        ? `${o.run.error}; the last lines of its standard error:\n${o.run.stderrTail.join('\n')}`
        : o.lines !== f.cases.length
          ? `ask printed ${o.lines} lines for ${f.cases.length} queries`
          : null,
      wallMs: o.run.wallMs,
      lines: o.lines,
      fts5Error: fts ? null : (fts5Error ?? 'failed'),
    });
  });
  const total = {
    cases: out.reduce((s, f) => s + f.cases, 0),
    ours: out.reduce((s, f) => s + f.ours.passed, 0),
    fts5: out.reduce((s, f) => s + f.fts5.passed, 0),
  };
  let ftsFigures: QualityResult['fts5'] = null;
  if (fts) {
    const { answers: _, ...rest } = fts;
    ftsFigures = rest;
  }
  return {
    corpus: opts.corpus,
    files: out,
    total,
    fts5: ftsFigures,
    fts5Error,
    oursLatency: oursTimes.length ? summarize(oursTimes, oursAnswered) : null,
    totalMs: performance.now() - t0,
  };
}

function qualityFile(
  path: string,
  cases: readonly Case[],
  oursScores: readonly CaseScore[],
  ftsScores: readonly CaseScore[],
  o: { error: string | null; wallMs: number; lines: number; fts5Error: string | null },
): QualityFile {
  const oursKinds = byKind(oursScores);
  const ftsKinds = new Map(byKind(ftsScores).map((k) => [k.kind, k.passed]));
  return {
    file: shown(path),
    cases: cases.length,
    kinds: oursKinds.map((k) => ({
      kind: k.kind,
      cases: k.cases,
      ours: k.passed,
      fts5: ftsKinds.get(k.kind) ?? 0,
    })),
    ours: {
      passed: oursScores.filter((s) => s.pass).length,
      error: o.error,
      wallMs: o.wallMs,
      lines: o.lines,
    },
    fts5: { passed: ftsScores.filter((s) => s.pass).length, error: o.fts5Error },
    results: oursScores.map((s, i) => ({
      id: s.id,
      kind: s.kind,
      query: s.query,
      ours: s.pass,
      oursWhy: s.why,
      fts5: ftsScores[i]!.pass,
      fts5Why: ftsScores[i]!.why,
    })),
  };
}

// -----------------------------------------------------------------------------------------------------
// The table

function pct(passed: number, cases: number): string {
  return `${passed} (${cases ? Math.round((passed / cases) * 100) : 0}%)`;
}

function qrow(label: string, cases: string, ours: string, fts5: string): string {
  return `  ${label.padEnd(16)}${cases.padStart(5)}   ${ours.padEnd(14)}${fts5}`.trimEnd();
}

function ms(v: number | undefined | null): string {
  if (v == null || !Number.isFinite(v)) return '—';
  return v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0);
}

function meanP99(s: LatencyStats | undefined | null): string {
  return s ? `mean ${ms(s.mean)} / p99 ${ms(s.p99)} ms` : '—';
}

/**
 * The "answer quality" section of the bench's table. `oursSpeed`, the latency of ours over the speed
 * stage's queries (the cold run), is shown beside FTS5's on the same queries when both were measured.
 */
export function qualityTable(q: QualityResult, oursSpeed?: Record<Kind, LatencyStats> | null): string {
  const lines: string[] = [];
  lines.push(
    'answer quality: ours (the console, as run-eval.mjs runs it) vs a plain SQLite FTS5 peer (same passages, bm25, porter, top 10)',
  );
  for (const f of q.files) {
    lines.push('');
    lines.push(
      `${f.file}, ${f.cases} cases${f.ours.error ? ` (ours: ${f.ours.error.split(';')[0]}: its missing answers count as failed, as in run-eval.mjs)` : ''}`,
    );
    lines.push(qrow('kind', 'cases', 'ours passed', 'FTS5 passed'));
    for (const k of f.kinds)
      lines.push(qrow(k.kind, String(k.cases), pct(k.ours, k.cases), pct(k.fts5, k.cases)));
    lines.push(qrow('total', String(f.cases), pct(f.ours.passed, f.cases), pct(f.fts5.passed, f.cases)));
  }
  if (q.files.length > 1) {
    lines.push('');
    lines.push(
      qrow(
        'all files',
        String(q.total.cases),
        pct(q.total.ours, q.total.cases),
        pct(q.total.fts5, q.total.cases),
      ),
    );
  }

  const notes: string[] = [];
  if (q.fts5) {
    notes.push(
      `FTS5: ${q.fts5.passages.toLocaleString('en-US')} passages (the project's), table built in ${ms(q.fts5.buildMs)} ms; the case queries: FTS5 ${meanP99(q.fts5.latency)}, ours ${meanP99(q.oursLatency)} (the console's own "answered in" figure; no warm-up: each file's first answer included)`,
    );
    if (q.fts5.benchLatency) {
      const per = KINDS.map((k) => {
        const o = oursSpeed?.[k];
        return `${KIND_LABEL[k]} FTS5 ${meanP99(q.fts5!.benchLatency![k])}${o ? `, ours ${meanP99(o)}` : ''}`;
      });
      notes.push(`the speed stage's queries: ${per.join('; ')}`);
    }
    if (q.fts5.benchError) notes.push(`FTS5: ${q.fts5.benchError}`);
  }
  for (const f of q.files) {
    const oursOnly = f.results.filter((r) => r.ours && !r.fts5).map((r) => r.id);
    const ftsOnly = f.results.filter((r) => !r.ours && r.fts5).map((r) => r.id);
    const both = f.results.filter((r) => !r.ours && !r.fts5).map((r) => r.id);
    notes.push(
      `${f.file}: only ours passes ${oursOnly.length ? oursOnly.join(', ') : 'none'}; only FTS5 passes ${ftsOnly.length ? ftsOnly.join(', ') : 'none'}; both fail ${both.length ? both.join(', ') : 'none'}`,
    );
    if (f.ours.error) notes.push(`ours on ${f.file}: ${f.ours.error}`);
  }
  if (q.fts5Error) notes.push(`FTS5 FAILED: ${q.fts5Error}`);
  notes.push(
    `the quality stage took ${(q.totalMs / 1000).toFixed(1)} s; the reasons of each failure are in --json`,
  );
  lines.push('');
  for (const n of notes) lines.push(`- ${n}`);
  return lines.join('\n');
}
