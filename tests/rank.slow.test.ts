/**
 * Ranking is exact, exhaustively: for words of the archive, every passage that contains the word (or
 * names its speaker) is scored, checked passage by passage over the whole slice (rank-slice.ts).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { rankAll } from '../src/news/answers/rank.ts';
import { rankQuery } from '../src/news/answers/related.ts';
import type { NewsIndex } from '../src/news/index.ts';
import { passageText } from '../src/news/library.ts';
import { terms } from '../src/news/tokenize.ts';
import { rankSlice, vocabulary } from './rank-slice.ts';

const slice = rankSlice();
let index: NewsIndex;
beforeAll(() => {
  index = slice.index;
});

describe('ranking is exact', () => {
  it('scores exactly the passages that contain a word of the question', () => {
    const words = vocabulary(index);
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
