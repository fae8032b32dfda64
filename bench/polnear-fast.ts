/**
 * Quote attribution on PolNeAR, measured in one process: the fast equivalent of
 * `../shared/quotes/polnear-quotes.mjs` (see `../shared/quotes/README.md`), giving the same numbers.
 *
 *   npm run polnear -- [--limit N] [--files SUBSTRING] [--details FILE]
 *   npx tsx bench/polnear-fast.ts [--limit N] [--files SUBSTRING] [--details FILE]
 *
 * The slow scorer starts one console process per article (`npm run ask -- --seeds DIR --json` with one
 * `/quote <full name>` line per person the gold set quotes in it). This does the same in process: for
 * each article of `../shared/quotes/data/articles` (or `$POLNEAR_DATA/articles`) it builds the bot's index
 * over a temporary folder holding just that article, the way the console does (`openIndex`, with the
 * on-disk cache disabled so nothing is written into the repository), answers each line with the core's
 * `answer` as the console does, and reads the fields of the console's `--json` line. The scoring (word
 * folding, grams, overlaps, same person, precision, recall, misattributed, unmatched) mirrors
 * polnear-quotes.mjs line for line; change both together.
 *
 * `--limit N` scores the first N articles (after `--files`); `--files S` only articles whose file name
 * contains S; `--details FILE` writes every result and every missed quote with its verdict, one JSON line
 * each. The report (standard output) ends with the slow scorer's line:
 * `polnear quotes: precision P%, recall R%, misattributed M of N matched (A articles, Q queries)`.
 * Exit status 0 when precision >= 95% and recall >= 80%, else 1.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { answer } from '../src/news/answers/index.ts';
import { toJson } from '../src/news/answers/json.ts';
import type { NewsIndex } from '../src/news/index.ts';
import { openIndex } from '../src/news/store.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const DATA = process.env.POLNEAR_DATA || join(HERE, '..', '..', 'shared', 'quotes', 'data');
const MIN_PRECISION = 0.95;
const MIN_RECALL = 0.8;
const RESULT_CAP = 10; // /quote returns at most 10 results: recall counts at most 10 quotes a person
const RUN = 8; // a shared run of this many words is an overlap
const MIN_WORDS = 4; // a direct quote has at least this many words

// ---- arguments -------------------------------------------------------------------------------------
const args = process.argv.slice(2);
const opt = (name: string): string | null => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : null;
};
const LIMIT = Number(opt('--limit') ?? 0);
const DETAILS = opt('--details');
const FILES = opt('--files');

// ---- data ------------------------------------------------------------------------------------------
/** A direct quote of the gold set (`gold.jsonl`) or one left out of it (`left-out.jsonl`). */
interface RawQuote {
  file: string;
  quote: string;
  /** Quoted stretches, each a list of pieces (a stretch interrupted by `he said` has two). */
  parts: string[][];
  speaker?: string;
  source_span?: string;
  /** How the speaker was found: `name` (named in the source span) or `coref` (a pronoun resolved). */
  resolved_by?: string;
  /** Why a left-out quote is not in the gold set. */
  reason?: string;
}
interface Quote extends RawQuote {
  stretches: string[][][];
}
interface GoldQuote extends Quote {
  speaker: string;
  resolved_by: string;
}
interface Article {
  file: string;
  gold: GoldQuote[];
  left: Quote[];
  speakers: string[];
  surnames: Map<string, Set<string>>;
}
/** A result as the console's `--json` line gives it. */
interface JsonResult {
  text: string;
  file: string;
  speaker?: string | null;
}
interface JsonAnswer {
  query: string;
  results?: JsonResult[];
  notice?: string | null;
}
interface Run {
  lines: string[];
  answers: JsonAnswer[];
  problems: string[];
}

const readJsonl = <T>(f: string): T[] =>
  readFileSync(join(DATA, f), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
const gold = readJsonl<RawQuote & { speaker: string; resolved_by: string }>('gold.jsonl');
const leftOut = readJsonl<RawQuote>('left-out.jsonl');
const persons = JSON.parse(readFileSync(join(DATA, 'persons.json'), 'utf8')) as Record<string, string[]>;

/** Words of a text, folded: case, curly quotes and apostrophes, punctuation and whitespace. */
function words(s: string): string[] {
  return (
    s
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[’‘`´ʼ]/g, "'")
      .replace(/'/g, '')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}
const joined = (ws: string[]): string => ` ${ws.join(' ')} `;
function grams(ws: string[], n: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + n <= ws.length; i++) out.add(ws.slice(i, i + n).join(' '));
  return out;
}

/** A quote (gold or left out), prepared for overlap tests: its stretches, each a list of pieces. */
function prepare<T extends RawQuote>(q: T): T & { stretches: string[][][] } {
  const stretches = q.parts.map((pieces) => pieces.map((p) => words(p)).filter((w) => w.length));
  return { ...q, stretches: stretches.filter((s) => s.length) };
}

/** A result's folded text, its words and its runs of {@link RUN} words. */
interface Folded {
  text: string;
  words: string[];
  grams: Set<string>;
}
type Overlap = 'full' | 'part';

/**
 * How a result's text overlaps a quote: 'full' when a whole quoted stretch is in it, 'part' when a piece
 * of 4+ words is in it, they share a run of 8+ words, or the result (4+ words) lies inside the quote;
 * else null.
 */
function overlap(res: Folded, q: Quote): Overlap | null {
  let best: Overlap | null = null;
  for (const st of q.stretches) {
    const n = st.reduce((a, p) => a + p.length, 0);
    if (n >= MIN_WORDS && st.every((p) => res.text.includes(joined(p)))) return 'full';
    for (const p of st) {
      if (p.length >= MIN_WORDS && res.text.includes(joined(p))) best = 'part';
      else if (res.words.length >= MIN_WORDS && joined(p).includes(res.text)) best = 'part';
      else if (p.length >= RUN) {
        for (let i = 0; i + RUN <= p.length; i++) {
          if (res.grams.has(p.slice(i, i + RUN).join(' '))) {
            best = 'part';
            break;
          }
        }
      }
    }
  }
  return best;
}

const lc = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();
const surnameOf = (full: string): string => {
  const ws = full.split(/\s+/);
  if (ws.length > 1 && /^(jr|sr|ii|iii|iv)\.?$/i.test(ws.at(-1)!)) ws.pop();
  return lc(ws.at(-1)!);
};

// ---- articles and their queries ---------------------------------------------------------------------
const byFile = new Map<string, Article>();
for (const g of gold) {
  let a = byFile.get(g.file);
  if (!a) {
    a = { file: g.file, gold: [], left: [], speakers: [], surnames: new Map() };
    byFile.set(g.file, a);
  }
  a.gold.push(prepare(g));
  if (!a.speakers.includes(g.speaker)) a.speakers.push(g.speaker);
}
for (const l of leftOut) byFile.get(l.file)?.left.push(prepare(l));
let articles = [...byFile.values()];
if (FILES) articles = articles.filter((a) => a.file.includes(FILES));
if (LIMIT > 0) articles = articles.slice(0, LIMIT);

/** The people of an article by surname: what CoreNLP's NER found, and the gold speakers. */
function surnameCounts(a: Article): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const p of new Set([...(persons[a.file] ?? []), ...a.speakers].map(lc))) {
    const s = surnameOf(p);
    m.set(s, (m.get(s) ?? new Set()).add(p));
  }
  return m;
}
/** Same person: same full name, or same surname when the article has one person of that surname. */
function samePerson(a: Article, q: string, s: string): boolean {
  if (lc(q) === lc(s)) return true;
  const sn = surnameOf(q);
  return sn === surnameOf(s) && (a.surnames.get(sn)?.size ?? 0) <= 1;
}

// ---- asking, in process -----------------------------------------------------------------------------
const tmpRoot = mkdtempSync(join(tmpdir(), 'polnear-fast-'));
let cleaned = false;
const cleanup = (): void => {
  if (!cleaned) rmSync(tmpRoot, { recursive: true, force: true });
  cleaned = true;
};
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));

/**
 * What the console (`npm run ask -- --seeds DIR --json`, cache in an empty folder) prints for the
 * article's queries, as parsed JSON: the index built over a folder of that one article, each line
 * answered with `answer` and cut to the fields of `toJson` (src/news/answers/json.ts). A failure to build stops the
 * whole run, and one while answering stops the remaining lines, as either would end the console.
 */
async function ask(a: Article, i: number): Promise<Run> {
  const seeds = join(tmpRoot, String(i), 'seeds');
  mkdirSync(seeds, { recursive: true });
  copyFileSync(join(DATA, 'articles', a.file), join(seeds, a.file));
  const lines = a.speakers.map((s) => `/quote ${s}`);
  const answers: JsonAnswer[] = [];
  const problems: string[] = [];
  try {
    const index: NewsIndex = await openIndex(seeds, { cacheDir: null });
    for (const line of lines) {
      if (!line.trim()) continue;
      const ans = answer(index, line);
      const json = toJson(ans);
      answers.push(JSON.parse(json) as JsonAnswer);
    }
  } catch (err) {
    problems.push(`failed: ${(err as Error).message}`);
  }
  rmSync(join(tmpRoot, String(i)), { recursive: true, force: true });
  if (answers.length !== lines.length) problems.push(`${answers.length} answers to ${lines.length} queries`);
  return { lines, answers, problems };
}

// ---- scoring ---------------------------------------------------------------------------------------
const kinds = [...new Set(['name', 'coref', ...gold.map((g) => g.resolved_by)])];
interface Detail {
  file: string;
  query: string;
  rank: number;
  text: string;
  speaker: string | null | undefined;
}
interface Misattributed extends Detail {
  goldSpeaker: string;
  gold: string;
  source: string | undefined;
  resolved_by: string;
  overlap: Overlap;
}
const S = {
  results: 0,
  matched: 0,
  correct: 0,
  mixed: 0,
  unmatched: 0,
  unmatchedLeftOut: 0,
  leftOutReasons: new Map<string, number>(),
  byKind: Object.fromEntries(kinds.map((k) => [k, { matched: 0, correct: 0 }])),
  recallTotal: 0,
  recallHit: 0,
  recallByKind: Object.fromEntries(kinds.map((k) => [k, { total: 0, hit: 0 }])),
  queries: 0,
  emptyQueries: 0,
  failed: [] as { file: string; problems: string[] }[],
  misattributed: [] as Misattributed[],
  unmatchedExamples: [] as Detail[],
  wrongFile: 0,
  badLabel: [] as (Detail & { goldSpeaker: string; resolved_by: string })[],
};
const details: object[] = [];

function score(a: Article, run: Run): void {
  a.surnames = surnameCounts(a);
  if (run.problems.length) S.failed.push({ file: a.file, problems: run.problems });
  run.lines.forEach((line, qi) => {
    const q = a.speakers[qi]!;
    const ans = run.answers[qi];
    S.queries++;
    const results = ans && ans.query === line ? (ans.results ?? []) : [];
    if (ans && ans.query !== line)
      S.failed.push({ file: a.file, problems: [`answer ${qi} is for "${ans.query}", not "${line}"`] });
    if (!results.length) {
      S.emptyQueries++;
      details.push({ file: a.file, query: line, verdict: 'no results', notice: ans?.notice ?? null });
    }
    const foundGold = new Set<GoldQuote>();
    results.forEach((r, rank) => {
      S.results++;
      if (r.file !== a.file) S.wrongFile++;
      const ws = words(r.text ?? '');
      const res = { text: joined(ws), words: ws, grams: grams(ws, RUN) };
      const hits: { g: GoldQuote; o: Overlap }[] = [];
      for (const g of a.gold) {
        const o = overlap(res, g);
        if (o) hits.push({ g, o });
      }
      for (const h of hits) if (samePerson(a, q, h.g.speaker)) foundGold.add(h.g);
      const detail: Detail = { file: a.file, query: line, rank: rank + 1, text: r.text, speaker: r.speaker };
      if (!hits.length) {
        S.unmatched++;
        const lo = a.left.find((l) => overlap(res, l));
        if (lo) {
          S.unmatchedLeftOut++;
          const why = (lo.reason ?? '').replace(/ \(.*$/, '');
          S.leftOutReasons.set(why, (S.leftOutReasons.get(why) ?? 0) + 1);
        } else if (S.unmatchedExamples.length < 400) S.unmatchedExamples.push(detail);
        details.push({
          ...detail,
          verdict: lo ? 'unmatched (overlaps a left-out quote)' : 'unmatched',
          leftOut: lo?.reason,
        });
        return;
      }
      S.matched++;
      const own = hits.filter((h) => samePerson(a, q, h.g.speaker));
      const others = hits.filter((h) => !samePerson(a, q, h.g.speaker));
      const kind = (own[0] ?? others[0])!.g.resolved_by;
      S.byKind[kind]!.matched++;
      if (own.length) {
        S.correct++;
        S.byKind[kind]!.correct++;
        const first = own[0]!.g;
        if (!r.speaker || !own.some((h) => samePerson(a, r.speaker!, h.g.speaker))) {
          S.badLabel.push({ ...detail, goldSpeaker: first.speaker, resolved_by: first.resolved_by });
        }
        if (others.length) S.mixed++;
        details.push({
          ...detail,
          verdict: others.length ? 'correct (mixed)' : 'correct',
          gold: first.quote,
          goldSpeaker: first.speaker,
        });
      } else {
        const h = (others.find((x) => x.o === 'full') ?? others[0])!;
        const m: Misattributed = {
          ...detail,
          goldSpeaker: [...new Set(others.map((x) => x.g.speaker))].join(' / '),
          gold: h.g.quote,
          source: h.g.source_span,
          resolved_by: h.g.resolved_by,
          overlap: h.o,
        };
        S.misattributed.push(m);
        details.push({ ...m, verdict: 'misattributed' });
      }
    });
    // recall: this person's gold quotes (at most 10) that some result overlaps
    const mine = a.gold.filter((g) => samePerson(a, q, g.speaker));
    const cap = Math.min(mine.length, RESULT_CAP);
    const hit = [...foundGold].filter((g) => mine.includes(g));
    S.recallTotal += cap;
    S.recallHit += Math.min(hit.length, cap);
    for (const k of kinds) {
      // a person with more than 10 gold quotes counts each kind in proportion (at most its share)
      const nk = mine.filter((g) => g.resolved_by === k).length;
      const hk = hit.filter((g) => g.resolved_by === k).length;
      const totalK = mine.length ? (nk * cap) / mine.length : 0;
      S.recallByKind[k]!.total += totalK;
      S.recallByKind[k]!.hit += hit.length
        ? Math.min(totalK, (hk * Math.min(hit.length, cap)) / hit.length)
        : 0;
    }
    for (const g of mine) {
      if (!foundGold.has(g)) {
        details.push({
          file: a.file,
          query: line,
          verdict: 'missed',
          gold: g.quote,
          goldSpeaker: g.speaker,
          resolved_by: g.resolved_by,
        });
      }
    }
  });
}

// ---- main ------------------------------------------------------------------------------------------
const t0 = performance.now();
for (const [i, a] of articles.entries()) {
  score(a, await ask(a, i));
  const done = i + 1;
  if (done % 50 === 0 || done === articles.length)
    process.stderr.write(
      `polnear: ${done}/${articles.length} articles (${((performance.now() - t0) / 1000).toFixed(1)}s)\n`,
    );
}
const secs = (performance.now() - t0) / 1000;

const pct = (x: number, n: number): number => (n ? (100 * x) / n : 0);
const f1 = (x: number): string => x.toFixed(1);
const precision = S.matched ? S.correct / S.matched : 0;
const recall = S.recallTotal ? S.recallHit / S.recallTotal : 0;
const nGold = articles.reduce((n, a) => n + a.gold.length, 0);
const nCoref = articles.reduce((n, a) => n + a.gold.filter((g) => g.resolved_by === 'coref').length, 0);
const clip = (s: unknown, n: number): string => {
  const t = String(s ?? '').replace(/\s+/g, ' ');
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};

const out: string[] = [];
out.push(
  `PolNeAR quote attribution: ${articles.length} articles with ${nGold} gold direct quotes of ` +
    `${S.queries} people (${nGold - nCoref} with the speaker named in the source span, ${nCoref} resolved by CoreNLP coreference)`,
);
out.push(
  `built ${articles.length} indexes (one an article) in one process in ${f1(secs)}s; ${S.failed.length} with problems`,
);
for (const f of S.failed.slice(0, 5)) out.push(`  problem: ${f.file}: ${f.problems.join('; ')}`);
out.push(
  `results: ${S.results} (${S.emptyQueries} of ${S.queries} queries got none); overlapping a gold quote: ${S.matched}; ` +
    `overlapping none: ${S.unmatched}` +
    (S.wrongFile ? `; from another file: ${S.wrongFile}` : ''),
);
out.push(
  `precision: ${f1(100 * precision)}% (${S.correct} of ${S.matched} matched results are the queried person's quote)` +
    kinds
      .map((k) => {
        const t = S.byKind[k]!;
        return `; ${k} ${f1(pct(t.correct, t.matched))}% (${t.correct}/${t.matched})`;
      })
      .join(''),
);
if (S.mixed)
  out.push(
    `  ${S.mixed} of the correct ones also overlap someone else's quote (a passage holding two speakers)`,
  );
if (S.badLabel.length) {
  out.push(
    `  ${S.badLabel.length} of the correct ones carry a speaker label naming someone else (not counted against precision), e.g.:`,
  );
  for (const b of S.badLabel.slice(0, 3))
    out.push(
      `    ${b.file} ${JSON.stringify(b.query)} #${b.rank}: labelled ${b.speaker ?? 'nobody'}, gold ${b.goldSpeaker}: ${clip(b.text, 100)}`,
    );
}
out.push(
  `recall: ${f1(100 * recall)}% (${S.recallHit} of ${S.recallTotal} gold quotes found, at most ${RESULT_CAP} a person)` +
    kinds
      .map((k) => {
        const t = S.recallByKind[k]!;
        return `; ${k} ${f1(pct(t.hit, t.total))}% (${Math.round(t.hit)}/${Math.round(t.total)})`;
      })
      .join(''),
);
const mis = S.misattributed;
out.push(
  `misattributed: ${mis.length} results overlap only another person's gold quote` +
    ` (${kinds.map((k) => `${k} ${mis.filter((m) => m.resolved_by === k).length}`).join(', ')}, by how that quote's speaker was resolved)`,
);
const worst = [...mis].sort(
  (x, y) =>
    (x.resolved_by === 'name' ? 0 : 1) - (y.resolved_by === 'name' ? 0 : 1) ||
    (x.overlap === 'full' ? 0 : 1) - (y.overlap === 'full' ? 0 : 1) ||
    x.rank - y.rank ||
    y.gold.length - x.gold.length,
);
if (worst.length)
  out.push(
    `  worst ${Math.min(10, worst.length)} (speaker named in the source first, whole quote in the result, higher rank):`,
  );
for (const m of worst.slice(0, 10)) {
  out.push(
    `  - ${m.file} ${JSON.stringify(m.query)} #${m.rank} (bot: ${m.speaker ?? '?'}; gold: ${m.goldSpeaker}, by ${m.resolved_by}, source "${clip(m.source, 40)}")`,
  );
  out.push(`      ${clip(m.text, 220)}`);
}
out.push(
  `unmatched: ${S.unmatched} results overlap no gold quote (reported speech, or quotes the gold set lacks); ` +
    `${S.unmatchedLeftOut} of them overlap a direct quote left out of the gold set` +
    (S.leftOutReasons.size
      ? ` (${[...S.leftOutReasons]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 4)
          .map(([r, n]) => `${n} ${r}`)
          .join('; ')})`
      : ''),
);
const step = Math.max(1, Math.floor(S.unmatchedExamples.length / 4));
for (const u of S.unmatchedExamples.filter((_, i) => i % step === 0).slice(0, 4))
  out.push(`  e.g. ${u.file} ${JSON.stringify(u.query)} #${u.rank}: ${clip(u.text, 160)}`);
if (DETAILS) {
  writeFileSync(DETAILS, details.map((d) => JSON.stringify(d)).join('\n') + '\n');
  out.push(`details of every result and every missed quote: ${DETAILS}`);
}
out.push(
  `polnear quotes: precision ${f1(100 * precision)}%, recall ${f1(100 * recall)}%, misattributed ${mis.length} of ${S.matched} matched (${articles.length} articles, ${S.queries} queries)`,
);
process.stdout.write(out.join('\n') + '\n');
cleanup();
process.exit(precision >= MIN_PRECISION && recall >= MIN_RECALL ? 0 : 1);
