/**
 * The answer-quality scorer: the case files of `../shared/eval` (`{id, query, kind?, checks, note?}`, one
 * JSON object a line) and their checks, with exactly the semantics of `../shared/eval/run-eval.mjs`, so that
 * the project's pass count here is the one `node ../shared/eval/run-eval.mjs FILE` prints. Kept in step with
 * that script by hand: every check below is its code, reorganised, not reinterpreted. In particular:
 *
 * - text is compared after {@link norm}: curly quotes made straight, whitespace collapsed, lower case;
 * - a check's field counts only when it is truthy (`top: 0` checks nothing, like `if (ch.top)` there);
 * - regular expressions are built with the `i` flag only, and tested against the raw `text`;
 * - `{"valid": true}` has no test of its own: every case first needs a JSON object with a `results` array;
 * - answers are matched to cases by position: a missing or unparsable line fails its case.
 *
 * Pure: no I/O, no dependencies, so the unit test (`tests/bench-quality.test.ts`) runs it offline.
 */

/** One check of a case (see `../shared/eval/README.md`); the fields present say which check it is. */
export interface Check {
  top?: number;
  file?: string;
  contains_any?: string[];
  all_top?: number;
  match_all?: string[];
  speaker_all?: string;
  min_results?: number;
  empty?: boolean;
  notice?: boolean;
  none_contains?: string[];
  no_file?: string;
  valid?: boolean;
}

/** One case of a case file. */
export interface Case {
  id: string;
  query: string;
  kind?: string;
  checks: Check[];
  note?: string;
}

/** One result as the console prints it with `--json` (`toJson` in src/news/answers/json.ts). */
export interface ResultJson {
  text: string;
  file: string;
  title: string;
  date: string | null;
  source: string | null;
  speaker: string | null;
}

/** One answer as the console prints it with `--json`. */
export interface AnswerJson {
  query: string;
  command: string | null;
  results: ResultJson[];
  notice: string | null;
}

/** The verdict on one case. */
export interface CaseScore {
  id: string;
  kind: string;
  query: string;
  pass: boolean;
  /** Why it failed, one entry per failed check (empty when it passed); the wording of run-eval.mjs. */
  why: string[];
}

/** Passes per kind, as run-eval.mjs counts them (a case without a kind counts as `all`). */
export interface KindScore {
  kind: string;
  cases: number;
  passed: number;
}

/** The kind a case is counted under. */
export function kindOf(c: Case): string {
  return c.kind ?? 'all';
}

/** Reads a case file's text: one JSON object per non-empty line (as run-eval.mjs reads it). */
export function parseCases(text: string): Case[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Case);
}

/** Case and whitespace folding of run-eval.mjs: curly quotes straightened, runs of space one, lower case. */
export function norm(s: unknown): string {
  return String(s ?? '')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** Stands for an answer line that is missing or not JSON. */
export const NOT_JSON: unique symbol = Symbol('not JSON');

// biome-ignore lint/suspicious/noExplicitAny: answers are untrusted JSON, checked field by field as run-eval.mjs does
type Loose = any;

/**
 * Scores one answer against a case. `answer` is the parsed JSON of the answer's line, or
 * {@link NOT_JSON} when the line is missing or is not JSON.
 */
export function scoreCase(c: Case, answer: unknown): CaseScore {
  const verdict = (why: string[]): CaseScore => ({
    id: c.id,
    kind: kindOf(c),
    query: c.query,
    pass: why.length === 0,
    why,
  });
  if (answer === NOT_JSON) return verdict(['not JSON']);
  const out = answer as Loose;
  if (!out || !Array.isArray(out.results)) return verdict(['no results array']);
  const res = out.results as Loose[];
  const why: string[] = [];
  for (const ch of c.checks as Loose[]) {
    if (ch.top) {
      const top = res.slice(0, ch.top);
      const ok = top.some(
        (r) =>
          (!ch.file || r.file === ch.file) &&
          (ch.contains_any as string[]).some((s) => norm(r.text).includes(norm(s))),
      );
      if (!ok) {
        why.push(
          `top${ch.top} lacks ${JSON.stringify(ch.contains_any[0])}${ch.file ? ` from ${ch.file}` : ''}; got ${JSON.stringify(top.map((r) => `${r.file}: ${String(r.text).slice(0, 70)}`))}`,
        );
      }
    }
    if (ch.all_top) {
      const bad = res
        .slice(0, ch.all_top)
        .filter((r) => !(ch.match_all as string[]).every((re) => new RegExp(re, 'i').test(r.text)));
      if (bad.length) {
        why.push(
          `off-topic in top${ch.all_top}: ${JSON.stringify(bad.map((r) => String(r.text).slice(0, 80)))}`,
        );
      }
    }
    if (ch.speaker_all) {
      const bad = res.filter((r) => !new RegExp(ch.speaker_all, 'i').test(r.speaker ?? ''));
      if (bad.length) {
        why.push(
          `speaker not /${ch.speaker_all}/: ${JSON.stringify(bad.slice(0, 3).map((r) => `${r.speaker}: ${String(r.text).slice(0, 50)}`))}`,
        );
      }
    }
    if (ch.min_results && res.length < ch.min_results) why.push(`only ${res.length} results`);
    if (ch.empty && res.length) {
      why.push(`expected no results, got ${res.length}: ${String(res[0].text).slice(0, 60)}`);
    }
    if (ch.notice && !String(out.notice ?? '').trim()) why.push('no notice explaining the empty answer');
    if (ch.none_contains) {
      for (const s of ch.none_contains as string[]) {
        if (res.some((r) => norm(r.text).includes(norm(s)))) why.push(`should not contain ${s}`);
      }
    }
    if (ch.no_file && res.some((r) => r.file === ch.no_file))
      why.push(`should have nothing from ${ch.no_file}`);
  }
  return verdict(why);
}

/** Parses one line of the console's `--json` output; {@link NOT_JSON} when it is missing or not JSON. */
export function parseAnswerLine(line: string | undefined): unknown {
  if (line === undefined) return NOT_JSON;
  try {
    return JSON.parse(line);
  } catch {
    return NOT_JSON;
  }
}

/**
 * The non-blank lines of the console's `--json` output, in order: the i-th answers the i-th case
 * (run-eval.mjs matches them the same way).
 */
export function answerLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => l.trim());
}

/** Scores answers against cases by position (a missing answer fails its case). */
export function scoreAll(cases: readonly Case[], answers: readonly unknown[]): CaseScore[] {
  return cases.map((c, i) => scoreCase(c, i < answers.length ? answers[i] : NOT_JSON));
}

/** Passes per kind, kinds sorted by name (as run-eval.mjs prints its `by kind:` line). */
export function byKind(scores: readonly CaseScore[]): KindScore[] {
  const kinds = new Map<string, KindScore>();
  for (const s of scores) {
    const k = kinds.get(s.kind) ?? { kind: s.kind, cases: 0, passed: 0 };
    kinds.set(s.kind, k);
    k.cases++;
    if (s.pass) k.passed++;
  }
  return [...kinds.values()].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
}
