import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wordnet } from '../src/lexicon/wordnet.ts';
import { rank, rankAll } from '../src/news/answers/rank.ts';
import { rankQuery, shapeOf } from '../src/news/answers/related.ts';
import type { NewsIndex } from '../src/news/index.ts';
import { passageText } from '../src/news/library.ts';
import { loadIndex } from '../src/news/load.ts';
import { terms } from '../src/news/tokenize.ts';

const CORPUS = new URL('../../shared/corpus/', import.meta.url).pathname;
const FIXTURES = new URL('./fixtures/corpus', import.meta.url).pathname;
const hasCorpus = existsSync(join(CORPUS, 'bbc'));

let index: NewsIndex;
let dir: string | null = null;

beforeAll(async () => {
  if (!hasCorpus) {
    index = await loadIndex(FIXTURES);
    return;
  }
  // A slice of the real archive: wire and British prose, a few hundred articles of each.
  dir = mkdtempSync(join(tmpdir(), 'rank-'));
  for (const set of ['bbc', 'reuters', 'wikinews']) {
    const files = readdirSync(join(CORPUS, set)).sort().slice(0, 250);
    for (const f of files) cpSync(join(CORPUS, set, f), join(dir, set, f));
  }
  index = await loadIndex(dir);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Words of the archive's own passages, to ask about. */
function vocabulary(): string[] {
  const words = new Set<string>();
  for (const p of index.lib.passages.slice(0, 3000)) {
    for (const w of passageText(index.lib, p).split(/\s+/)) if (/^[A-Za-z]{3,}$/.test(w)) words.add(w);
  }
  return [...words].sort();
}

describe('ranking is exact', () => {
  it('gives the top of scoring every hit with its evidence, on random questions', () => {
    const words = vocabulary();
    const frames = [
      '',
      'how much ',
      'how many ',
      'why did ',
      'when was ',
      'who is ',
      'how long ',
      'what share ',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...frames),
        fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 60 }),
        (frame, picked, related, limit) => {
          const q = rankQuery(index, `${frame}${picked.join(' ')}`, related ? wordnet : undefined);
          const fast = rank(index, q, limit);
          const plain = rankAll(index, q).slice(0, limit);
          expect(fast.map((r) => r.id)).toEqual(plain.map((r) => r.id));
          for (const [i, r] of fast.entries()) expect(r.score).toBeCloseTo(plain[i]!.score, 9);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('scores exactly the passages that contain a word of the question', () => {
    const words = vocabulary();
    fc.assert(
      fc.property(fc.constantFrom(...words), (word) => {
        const term = terms(word)[0];
        if (!term) return;
        const q = rankQuery(index, word);
        const ranked = new Set(rankAll(index, q).map((r) => r.id));
        const p = index.lib.passages;
        const expected = new Set<number>();
        p.forEach((passage, id) => {
          if (index.lib.removed.has(passage.article)) return;
          const speaker = passage.speaker >= 0 ? terms(index.lib.speakers[passage.speaker]!) : [];
          if (terms(passageText(index.lib, passage)).includes(term) || speaker.includes(term))
            expected.add(id);
        });
        // A place's passages count too (they name it in another form): those are a superset.
        for (const id of expected) expect(ranked.has(id)).toBe(true);
        if (!q.concepts.some((c) => c.place)) expect(ranked.size).toBe(expected.size);
      }),
      { numRuns: 40 },
    );
  });
});

describe('reading a question', () => {
  it('reads its shape off the first words', () => {
    expect(shapeOf('how much did oil prices rise?')).toBe('amount');
    expect(shapeOf('how many caribs live on dominica?')).toBe('amount');
    expect(shapeOf('what share of imports come from China?')).toBe('percent');
    expect(shapeOf('when was pranab mukherjee elected?')).toBe('date');
    expect(shapeOf('who is the chancellor?')).toBe('person');
    expect(shapeOf('why did spain cut its forecast?')).toBe('reason');
    expect(shapeOf('how long was he suspended?')).toBe('duration');
    expect(shapeOf('how old must an MP be?')).toBe('age');
    expect(shapeOf('oil prices')).toBeNull();
  });

  it("tests a passage for the question's shape: a cause the question does not give itself, an age", () => {
    const why = rankQuery(index, 'why did the algae bloom after the eruption?').shape!;
    expect(why.test('The population grew because nitrates rose.', 0)).toBe(true);
    expect(why.test('Algae bloomed after the eruption.', 0)).toBe(false);
    const ban = rankQuery(index, 'why did uganda ban the play?').shape!;
    expect(ban.test('The play, due to open this weekend, was banned.', 0)).toBe(false);
    expect(ban.test('It was banned as it promoted homosexuality.', 0)).toBe(true);
    const old = rankQuery(index, 'how old must an MP be?').shape!;
    expect(old.test('The minimum age of 21 would be reduced to 18.', 0)).toBe(true);
    expect(old.test('Labour won 21 seats.', 0)).toBe(false);
    expect(rankQuery(index, 'bank rates', undefined, { question: false }).shape).toBeNull();
  });

  it('keeps every word of the question, common ones included', () => {
    const q = rankQuery(index, 'bank of japan interest rates');
    expect(q.concepts.map((c) => c.label)).toEqual(['bank', 'japan', 'interest', 'rates']);
  });

  it('reads US and U.S. as the United States, and us as a pronoun', () => {
    const upper = rankQuery(index, 'what was the US trade deficit in October?');
    expect(upper.concepts.find((c) => c.place === 'USA')?.label).toBe('US');
    const dotted = rankQuery(index, 'the U.S. trade deficit');
    expect(dotted.concepts.some((c) => c.place === 'USA')).toBe(true);
    const pronoun = rankQuery(index, 'tell us about the trade deficit');
    expect(pronoun.concepts.some((c) => c.place === 'USA')).toBe(false);
  });

  it('leaves the frame of `how long` and `what happened` out, and asks for an age for `how old`', () => {
    const q = rankQuery(index, 'how old will you have to be to stand as an mp?');
    const labels = q.concepts.map((c) => c.label);
    expect(labels).not.toContain('old');
    expect(labels).toContain('age');
    expect(rankQuery(index, 'what happened to the dollar?').concepts.map((c) => c.label)).toEqual(['dollar']);
  });

  it('matches other words for the same thing, below the word itself', () => {
    const q = rankQuery(index, 'fired', wordnet);
    const alts = q.concepts[0]!.alternatives.filter((a) => a.field === 'text');
    expect(alts[0]).toMatchObject({ term: 'fire', weight: 1 });
    const dismissed = alts.find((a) => a.term === 'dismiss');
    expect(dismissed).toBeDefined();
    expect(dismissed!.weight).toBeLessThan(1);
  });
});

describe('WordNet', () => {
  it('knows synonyms, derived forms and base forms', () => {
    const lemmas = (w: string) => wordnet.related(w).map((r) => r.lemma);
    expect(lemmas('fired')).toContain('dismissed');
    expect(lemmas('die')).toContain('death');
    expect(lemmas('jails')).toContain('jail');
    expect(lemmas('penalty')).toContain('punishment');
    expect(lemmas('qwxzv')).toEqual([]);
  });
});
