import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { wordnet } from '../src/lexicon/wordnet.ts';
import { rank, rankAll } from '../src/news/answers/rank.ts';
import { rankQuery, shapeOf } from '../src/news/answers/related.ts';
import type { NewsIndex } from '../src/news/index.ts';
import { rankSlice, vocabulary } from './rank-slice.ts';

// The exhaustive check that every passage holding a word of the question is scored: rank.slow.test.ts.
const slice = rankSlice();
let index: NewsIndex;
beforeAll(() => {
  index = slice.index;
});

describe('ranking is exact', () => {
  it('gives the top of scoring every hit with its evidence, on random questions', () => {
    const words = vocabulary(index);
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
