import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../src/news/answers/index.ts';
import type { NewsIndex } from '../src/news/index.ts';
import { loadIndex } from '../src/news/load.ts';
import { parseArticle } from '../src/news/parse.ts';
import { cleanText, parseLine } from '../src/news/query.ts';
import { extractQuotes } from '../src/news/quotes/index.ts';
import { splitSentences } from '../src/news/sentences.ts';

/** Arbitrary text that looks enough like news to reach the interesting branches. */
const newsy = fc.array(
  fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom(
      ' date 2023-11-27 (MENAFN- Trend News Agency) ',
      'ASTANA, Kazakhstan, November 27. ',
      '"I believe it," he said. ',
      '"Unbalanced quote ',
      'Mr Blair said: "',
      'MENAFN27112023000187011040ID1107491122\n',
      'Legal Disclaimer:\n',
      '---\ntitle: x\n---\n',
      '$24.1 billion ',
      'U.S. ',
      '\r\n',
      '\uFEFF',
      '\u202E',
      '@everyone ',
      '```',
    ),
    fc.string({ unit: 'binary', maxLength: 20 }),
  ),
  { maxLength: 60 },
);

const seedText = readFileSync(new URL('../seeds/000_c9ca8e629531946f.txt', import.meta.url), 'utf8');
let index: NewsIndex;
beforeAll(async () => {
  index = await loadIndex(new URL('./fixtures/corpus', import.meta.url).pathname);
});

/** Runs `f` and fails if it takes longer than `ms` (a hang, or a regex gone quadratic). */
function bounded<T>(ms: number, f: () => T): T {
  const t0 = performance.now();
  const out = f();
  expect(performance.now() - t0).toBeLessThan(ms);
  return out;
}

describe('the article parser (property)', () => {
  it('never throws, never hangs, and its spans always lie in the text', () => {
    fc.assert(
      fc.property(newsy, (parts) => {
        const content = parts.join('');
        const { article, breaks } = bounded(200, () => parseArticle(content, 'x.txt'));
        expect(article.bodyStart).toBeLessThanOrEqual(article.text.length);
        const sentences = bounded(200, () =>
          splitSentences(article.text, article.bodyStart, article.text.length, breaks),
        );
        for (const s of sentences) expect(s.end).toBeLessThanOrEqual(article.text.length);
        const quotes = bounded(500, () => extractQuotes(article.text, sentences));
        for (const q of quotes)
          expect(article.text.slice(q.span.start, q.span.end).length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('handles random slices of the seed article', () => {
    fc.assert(
      fc.property(fc.nat(seedText.length), fc.nat(seedText.length), (a, b) => {
        const content = seedText.slice(Math.min(a, b), Math.max(a, b));
        expect(() => parseArticle(content, 'slice.txt')).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });
});

describe('the query parser and the answers (property)', () => {
  it('never throw or hang on any line, and every result is verbatim from its article', () => {
    const byFile = new Map(index.lib.articles.map((a) => [a.file, a.text]));
    const line = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 120 }),
      fc
        .tuple(fc.constantFrom('/trade ', '/quote ', '/search ', '/help', '/', ''), newsy)
        .map(([c, p]) => c + p.join('')),
    );
    fc.assert(
      fc.property(line, (q) => {
        expect(typeof cleanText(q)).toBe('string');
        expect(parseLine(q).kind).toBeTruthy();
        const a = bounded(500, () => answer(index, q));
        for (const r of a.results) expect(byFile.get(r.file)).toContain(r.text);
        if (!a.results.length && !a.help) expect(a.notice?.message).toBeTruthy();
      }),
      { numRuns: 300 },
    );
  });
});
