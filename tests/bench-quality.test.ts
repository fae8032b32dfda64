import { describe, expect, it } from 'vitest';
import { Fts5Peer, ftsQuery, ftsString, ftsWords, NO_MATCH_NOTICE, NO_WORDS_NOTICE } from '../bench/fts5.ts';
import {
  type AnswerJson,
  answerLines,
  byKind,
  type Case,
  type Check,
  NOT_JSON,
  norm,
  parseAnswerLine,
  parseCases,
  type ResultJson,
  scoreAll,
  scoreCase,
} from '../bench/quality-checks.ts';

const r = (text: string, file = 'a.txt', speaker: string | null = null): ResultJson => ({
  text,
  file,
  title: 'T',
  date: null,
  source: null,
  speaker,
});
const ans = (results: ResultJson[], notice: string | null = null): AnswerJson => ({
  query: 'q',
  command: 'ask',
  results,
  notice,
});
const one = (check: Check, kind?: string): Case => ({ id: 'C1', query: 'q', kind, checks: [check] });
const pass = (check: Check, answer: unknown): boolean => scoreCase(one(check), answer).pass;

const tokayev = r(
  '\u201cWe are paying special attention,\u201d  Tokayev\n noted.',
  'seed.txt',
  'Kassym-Jomart Tokayev',
);
const other = r('Exports rose 5 pct in 1986.', 'reuters/r-1.txt');

describe('the checks of run-eval.mjs', () => {
  it('folds curly quotes, whitespace and case', () => {
    expect(norm('\u2018A\u2019  \u201cB\u201d\n\tC')).toBe('\'a\' "b" c');
    expect(norm(undefined)).toBe('');
  });

  it('top / file / contains_any', () => {
    const answer = ans([other, tokayev]);
    expect(pass({ top: 2, contains_any: ['"we are PAYING special attention,"'] }, answer)).toBe(true);
    expect(pass({ top: 1, contains_any: ['we are paying'] }, answer)).toBe(false);
    expect(pass({ top: 2, file: 'seed.txt', contains_any: ['nope', 'tokayev noted'] }, answer)).toBe(true);
    expect(pass({ top: 2, file: 'other.txt', contains_any: ['tokayev noted'] }, answer)).toBe(false);
    // top: 0 checks nothing, as `if (ch.top)` in run-eval.mjs
    expect(pass({ top: 0, contains_any: ['absent'] }, answer)).toBe(true);
    const why = scoreCase(one({ top: 1, file: 'seed.txt', contains_any: ['absent'] }), answer).why;
    expect(why[0]).toMatch(/^top1 lacks "absent" from seed\.txt; got /);
  });

  it('all_top / match_all (case-insensitive, on the raw text)', () => {
    const answer = ans([other, r('Imports fell 3 pct.'), r('Unrelated.')]);
    expect(pass({ all_top: 2, match_all: ['PCT', '\\d'] }, answer)).toBe(true);
    expect(pass({ all_top: 3, match_all: ['pct'] }, answer)).toBe(false);
  });

  it('speaker_all (a null speaker is the empty string)', () => {
    expect(pass({ speaker_all: 'tokayev' }, ans([tokayev, tokayev]))).toBe(true);
    expect(pass({ speaker_all: 'tokayev' }, ans([tokayev, other]))).toBe(false);
    expect(pass({ speaker_all: '^$' }, ans([other]))).toBe(true);
  });

  it('min_results', () => {
    expect(pass({ min_results: 2 }, ans([other, tokayev]))).toBe(true);
    expect(pass({ min_results: 3 }, ans([other, tokayev]))).toBe(false);
  });

  it('empty and notice', () => {
    expect(pass({ empty: true }, ans([], 'Nothing found.'))).toBe(true);
    expect(pass({ empty: true }, ans([other]))).toBe(false);
    expect(pass({ notice: true }, ans([], 'Nothing found.'))).toBe(true);
    expect(pass({ notice: true }, ans([], '   '))).toBe(false);
    expect(pass({ notice: true }, ans([], null))).toBe(false);
  });

  it('none_contains and no_file', () => {
    const answer = ans([other, tokayev]);
    expect(pass({ none_contains: ['xi jinping'] }, answer)).toBe(true);
    expect(pass({ none_contains: ['xi jinping', 'EXPORTS   rose'] }, answer)).toBe(false);
    expect(pass({ no_file: 'reuters/r-2.txt' }, answer)).toBe(true);
    expect(pass({ no_file: 'reuters/r-1.txt' }, answer)).toBe(false);
  });

  it('valid: a JSON object with a results array, as every case needs', () => {
    expect(pass({ valid: true }, ans([]))).toBe(true);
    expect(pass({ valid: true }, { results: 'no' })).toBe(false);
    expect(pass({ valid: true }, null)).toBe(false);
    expect(pass({ valid: true }, NOT_JSON)).toBe(false);
    expect(parseAnswerLine('{"results": []')).toBe(NOT_JSON);
    expect(parseAnswerLine(undefined)).toBe(NOT_JSON);
  });

  it('fails a case on any failed check, and matches answers to cases by position', () => {
    const c: Case = {
      id: 'X',
      query: 'q',
      kind: 'trade',
      checks: [{ min_results: 1 }, { no_file: 'a.txt' }],
    };
    expect(scoreCase(c, ans([r('x', 'a.txt')])).why).toEqual(['should have nothing from a.txt']);
    const cases = parseCases(
      '{"id":"A","query":"1","kind":"k","checks":[{"valid":true}]}\n\n{"id":"B","query":"2","checks":[{"valid":true}]}\n',
    );
    const lines = answerLines(`${JSON.stringify(ans([]))}\n  \n`);
    const scores = scoreAll(cases, lines.map(parseAnswerLine));
    expect(scores.map((s) => [s.id, s.kind, s.pass])).toEqual([
      ['A', 'k', true],
      ['B', 'all', false],
    ]);
    expect(byKind(scores)).toEqual([
      { kind: 'all', cases: 1, passed: 0 },
      { kind: 'k', cases: 1, passed: 1 },
    ]);
  });
});

describe('the FTS5 peer', () => {
  it('strips the command and named options, and quotes every word', () => {
    expect(ftsQuery('/quote moyes topic:beattie')).toBe('"moyes" OR "beattie"');
    expect(ftsQuery('/quote person:tokayev topic:china')).toBe('"tokayev" OR "china"');
    expect(ftsQuery('/search query:oil prices')).toBe('"oil" OR "prices"');
    expect(ftsQuery('/trade taiwan "united states"')).toBe('"taiwan" OR "united" OR "states"');
    expect(ftsQuery('how much did Kazakhstan export to China?')).toBe(
      '"how" OR "much" OR "did" OR "Kazakhstan" OR "export" OR "to" OR "China"',
    );
    // free text keeps a `word:` (named options are a slash command's), FTS5 syntax becomes words
    expect(ftsWords('note: x" OR * AND -y NEAR(a b) ^c col:d')).toEqual([
      'note',
      'x',
      'OR',
      'AND',
      'y',
      'NEAR',
      'a',
      'b',
      'c',
      'col',
      'd',
    ]);
    expect(ftsWords('U.S. $24.1bn Café café')).toEqual(['U', 'S', '24', '1bn', 'Café']);
    expect(ftsQuery('/help')).toBeNull();
    expect(ftsQuery('?! "" *')).toBeNull();
    expect(ftsString('a"b')).toBe('"a""b"');
  });

  it('answers with bm25 over porter stems, top 10, in the console shape', () => {
    const peer = new Fts5Peer();
    try {
      peer.addAll([
        r('The bank raised its rate.', 'b.txt'),
        r('Kazakhstan exported oil to China.', 'k.txt'),
        r('China and Kazakhstan traded; Kazakhstan exports grew.', 'k2.txt'),
        ...Array.from({ length: 12 }, (_, i) => r(`Filler ${i} about China.`, `f${i}.txt`)),
      ]);
      expect(peer.size).toBe(15);
      const a = peer.answer('how much did Kazakhstan export to China?');
      expect(a.results).toHaveLength(10);
      expect(
        a.results
          .slice(0, 2)
          .map((x) => x.file)
          .sort(),
      ).toEqual(['k.txt', 'k2.txt']);
      expect(a.results.every((x) => x.speaker === null)).toBe(true);
      expect(a.notice).toBeNull();
      // user text with FTS5 syntax never breaks the query
      for (const line of ['"', 'rate*', 'bank AND', '-rate', 'NEAR(bank rate)', 'rate:', '^bank', '(bank']) {
        expect(() => peer.answer(line)).not.toThrow();
      }
      expect(peer.answer('bank NOT "').results.map((x) => x.file)).toEqual(['b.txt']);
      expect(peer.answer('/search query:nothing-here')).toMatchObject({
        results: [],
        notice: NO_MATCH_NOTICE,
      });
      expect(peer.answer('/help')).toMatchObject({ command: 'help', results: [], notice: NO_WORDS_NOTICE });
    } finally {
      peer.close();
    }
  });
});
