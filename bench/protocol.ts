/**
 * What the benchmark's parent (`bench.ts`) and its children (`child.ts`) share: the modes, the queries
 * file, the figures a child reports, and the small helpers both sides use to measure (percentiles,
 * peak RSS, the report channel).
 *
 * This module is imported by every child before anything is measured, so it imports nothing but Node
 * built-ins: both sides pay the same startup cost.
 *
 * A child reports on standard output, one line per message, each `BENCH:` followed by a JSON object
 * holding some fields of {@link ChildReport}; the parent merges them in order. Partial reports survive a
 * crash: what a child measured before it died is still shown. Everything else a child writes (progress,
 * errors) goes to standard error.
 */

/** How a child runs: the plain-MiniSearch baseline, or the project's index (cold or warm is the cache's state). */
export type Mode = 'baseline' | 'ours';

/** The options of a child, as the parent passes them. */
export interface ChildOptions {
  mode: Mode;
  corpus: string;
  queries: string;
  /** Ours: the cache folder passed to `openIndex`. */
  cache: string | null;
  /** Baseline: where the serialised index is written. */
  indexOut: string | null;
  /** Ours: how many timed queries per kind, when it has to generate the queries file. */
  perKind: number;
  /** Process start → the child's code runs. */
  startupMs: number;
}

/** The command kinds latency is reported for. */
export const KINDS = ['trade', 'quote', 'search', 'ask'] as const;
export type Kind = (typeof KINDS)[number];

/** How each kind is labelled in the table. */
export const KIND_LABEL: Record<Kind, string> = {
  trade: '/trade',
  quote: '/quote',
  search: '/search',
  ask: 'free text',
};

/** One query, as each side asks it. */
export interface BenchQuery {
  kind: Kind;
  /** The line exactly as a user types it (what the project's `answer()` gets). */
  line: string;
  /** The same information need for the baseline: the words searched with plain MiniSearch. */
  text: string;
}

/** The queries file both sides read (written once, by the first run of the project's side). */
export interface QueryFile {
  seed: number;
  perKind: number;
  /** Not timed: run once before the measured queries, so that neither side is timed while it warms up. */
  warmup: BenchQuery[];
  /** Timed, in this order (the kinds interleaved). */
  queries: BenchQuery[];
  /** How long the generation took in the child that wrote the file (ms); not part of any other figure. */
  generationMs: number;
}

/** The first query, answered right after start: the figure "time to first answer" is measured with. */
export const FIRST_QUERY: BenchQuery = {
  kind: 'trade',
  line: '/trade kazakhstan china',
  text: 'kazakhstan china trade',
};

/** Latency of one command kind, in milliseconds. */
export interface LatencyStats {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Queries that got at least one result. */
  answered: number;
}

/** Everything a child measures. Times are milliseconds; `*FromStartMs` count from the child's process start. */
export interface ChildReport {
  mode: Mode;
  /** Process start → the child's own code runs (Node bootstrap plus the TypeScript loader). */
  startupMs: number;
  /** Read and index, as one figure: baseline = walk + read + `addAll`; ours = `openIndex()`. */
  buildMs: number;
  /** Phases of the build: baseline `read`, `index`; ours the end of each stage of `openIndex`'s progress. */
  phasesMs: Record<string, number>;
  /** Process start → the first answer has been computed. */
  firstAnswerFromStartMs: number;
  /** The first query alone. */
  firstQueryMs: number;
  /** Results of the first query. */
  firstResults: number;
  /** What was indexed: files (baseline) or articles (ours). */
  documents: number;
  /** Ours: passages, speakers. */
  passages?: number;
  speakers?: number;
  /** Ours: files the project's reader skipped. */
  skipped?: number;
  /** Ours: the cache events reported by `openIndex`, as `kind` or `kind (detail)`. */
  cacheEvents?: string[];
  /** Ours: how long the cache write took (as `openIndex` reports it), and how long the child waited for it. */
  cacheWriteMs?: number;
  cacheWaitMs?: number;
  /** Memory right after the build (bytes). */
  afterBuild: { rss: number; heapUsed: number };
  /** Set when the queries file could not be found or written: no latency figures. */
  queriesError?: string;
  /** Ours: whether this child generated the queries file, and how long that took. */
  generatedQueries?: boolean;
  latency?: Record<Kind, LatencyStats>;
  /** Every timed query together. */
  latencyAll?: LatencyStats;
  /** Peak RSS (bytes) before the timed queries: build, first answer and, for ours, the cache write. */
  maxRssBeforeQueriesBytes?: number;
  /** Peak resident set size of the child (bytes): build, first answer and all queries. */
  maxRssBytes: number;
  /** Baseline: `JSON.stringify(miniSearch)` written to disk, in bytes (measured after the peak RSS). */
  indexBytes?: number;
}

/** The prefix of a report line on a child's standard output. */
export const REPORT_PREFIX = 'BENCH:';

/** Sends part of a report to the parent. */
export function report(part: Partial<ChildReport>): void {
  process.stdout.write(`${REPORT_PREFIX}${JSON.stringify(part)}\n`);
}

/** A progress line on standard error (the parent forwards it). */
export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Peak resident set size of this process so far, in bytes (`maxRSS` is in kilobytes). */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** The `p`-th percentile (nearest rank) of ascending `sorted`; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Summarises timings (ms) and how many of the queries got results. */
export function summarize(times: readonly number[], answered: number): LatencyStats {
  const sorted = [...times].sort((a, b) => a - b);
  const sum = sorted.reduce((s, t) => s + t, 0);
  return {
    n: sorted.length,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    answered,
  };
}

/**
 * Times `ask` over the warm-up queries (untimed) and then over the timed ones, one by one with
 * `performance.now()`. `ask` returns the number of results.
 */
export function timeQueries(
  file: QueryFile,
  ask: (q: BenchQuery) => number,
): { latency: Record<Kind, LatencyStats>; latencyAll: LatencyStats } {
  for (const q of file.warmup) ask(q);
  const times: Record<Kind, number[]> = { trade: [], quote: [], search: [], ask: [] };
  const answered: Record<Kind, number> = { trade: 0, quote: 0, search: 0, ask: 0 };
  for (const q of file.queries) {
    const t0 = performance.now();
    const n = ask(q);
    times[q.kind].push(performance.now() - t0);
    if (n > 0) answered[q.kind]++;
  }
  const latency = Object.fromEntries(KINDS.map((k) => [k, summarize(times[k], answered[k])])) as Record<
    Kind,
    LatencyStats
  >;
  const all = KINDS.flatMap((k) => times[k]);
  const allAnswered = KINDS.reduce((s, k) => s + answered[k], 0);
  return { latency, latencyAll: summarize(all, allAnswered) };
}

/** Formats milliseconds for a progress line. */
export function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;
}
