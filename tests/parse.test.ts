import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanSource, cutAtWord, parseArticle } from '../src/news/parse.ts';

const seed = readFileSync(new URL('../seeds/000_c9ca8e629531946f.txt', import.meta.url), 'utf8');

describe('parsing the seed article', () => {
  const { article } = parseArticle(seed, '000_c9ca8e629531946f.txt');

  it('reads the date and the agency carried by MENAFN', () => {
    expect(article.date).toBe('2023-11-27');
    expect(article.source).toBe('Trend News Agency');
  });

  it('recognises the dateline and starts the body after it', () => {
    expect(article.dateline).toBe('ASTANA, Kazakhstan, November 27.');
    expect(article.text.slice(article.bodyStart)).toMatch(/^Kazakhstan will continue/);
  });

  it('derives a title from the first sentence, cut at a word', () => {
    expect(article.title).toMatch(/^Kazakhstan will continue to fully promote/);
    expect(article.title.length).toBeLessThanOrEqual(120);
  });

  it('drops the provider id line and the legal disclaimer', () => {
    expect(article.text).not.toMatch(/MENAFN\d/);
    expect(article.text).not.toMatch(/Legal Disclaimer|as is/);
    expect(article.text).toMatch(/21\.9 percent\.$/);
  });

  it('joins hard-wrapped lines and collapses whitespace', () => {
    expect(article.text).not.toMatch(/\n|\s{2}/);
    expect(article.text).toContain('trade turnover with China amounted to $24.1 billion');
  });

  it('uses the path as a stable id', () => {
    expect(parseArticle(seed, 'a/b.txt').article.id).toBe('a/b.txt');
  });
});

describe('parsing other shapes', () => {
  it('reads Markdown front matter and headings', () => {
    const md =
      '---\ntitle: "A headline"\ndate: 2021-06-14T10:00:00Z\nsource: MENAFN- Some Agency\n---\n# A headline\n\nFirst para\nwrapped.\n\nSecond para.\n';
    const { article, breaks } = parseArticle(md, 'x.md');
    expect(article).toMatchObject({ title: 'A headline', date: '2021-06-14', source: 'Some Agency' });
    expect(article.text).toBe('A headline First para wrapped. Second para.');
    expect(breaks.length).toBeGreaterThan(0);
  });

  it('accepts CRLF line ends and a BOM', () => {
    const { article } = parseArticle('\uFEFF(BBC News) Line one\r\nline two.\r\n', 'x.txt');
    expect(article.source).toBe('BBC News');
    expect(article.text).toBe('Line one line two.');
  });

  it('accepts a file without any header', () => {
    const { article } = parseArticle('Just some prose. More of it.', 'plain.txt');
    expect(article).toMatchObject({ date: null, source: null, dateline: null, title: 'Just some prose' });
  });

  it('takes an ALL-CAPS wire headline as the title and skips the Reuters dateline', () => {
    const wire =
      'date 1987-03-05 (Reuters) ARGENTINA-BRAZIL TRADE JUMPED 90 PCT IN 1986. BUENOS AIRES, March\n5 - Trade between Argentina and Brazil jumped.\n REUTER\n';
    const { article } = parseArticle(wire, 'r.txt');
    expect(article.title).toBe('Argentina-Brazil Trade Jumped 90 Pct In 1986');
    expect(article.dateline).toBe('BUENOS AIRES, March 5 -');
    expect(article.text.slice(article.bodyStart)).toBe('Trade between Argentina and Brazil jumped.');
  });

  it('never throws on odd input', () => {
    for (const s of ['', '   ', '---\n', '(', 'date 2020-01-01 (', '#', '\u0000\u0001']) {
      expect(() => parseArticle(s, 'odd.txt')).not.toThrow();
    }
  });
});

describe('helpers', () => {
  it('cleans MENAFN source prefixes', () => {
    expect(cleanSource('MENAFN- Trend News Agency')).toBe('Trend News Agency');
    expect(cleanSource('Reuters')).toBe('Reuters');
  });
  it('cuts long strings at a word boundary', () => {
    expect(cutAtWord('one two three four five', 12)).toBe('one two…');
  });
});
