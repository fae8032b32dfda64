import { describe, expect, it } from 'vitest';
import { findFigures } from '../src/news/figures.ts';
import { normalizeTerm, termSpans, terms } from '../src/news/tokenize.ts';

describe('terms for the index and the query', () => {
  it('keeps figures whole', () => {
    expect(terms('$24.1 billion and 1,234.5 tonnes')).toEqual(['24.1', 'billion', '1234.5', 'tonn']);
  });

  it('keeps U.S. as one term despite the stop word "us"', () => {
    expect(terms('The U.S. told us')).toEqual(['us']);
  });

  it('folds case, accents and possessives, and stems', () => {
    expect(terms("Kazakhstan's EXPORTS to Zürich")).toEqual(['kazakhstan', 'export', 'zurich']);
  });

  it('splits hyphenated words and drops stop words', () => {
    expect(terms('a visa-free regime')).toEqual(['visa', 'free', 'regim']);
    expect(normalizeTerm('the')).toBeNull();
  });

  it('finds the spans of wanted terms', () => {
    const text = 'Exports rose; export growth.';
    expect(termSpans(text, new Set(['export'])).map((s) => text.slice(s.start, s.end))).toEqual([
      'Exports',
      'export',
    ]);
  });
});

describe('figures', () => {
  const kinds = (t: string): string[] =>
    findFigures(t).map((f) => `${f.kind}:${t.slice(f.span.start, f.span.end)}`);
  it('recognises money, percentages and quantities in each house style', () => {
    expect(kinds('rose to $24.1 billion, 34.1 percent more')).toEqual([
      'money:$24.1 billion',
      'percent:34.1 percent',
    ]);
    expect(kinds('totalled 1.3 billion dlrs versus 700 mln dlrs, up 90 pct')).toEqual([
      'money:1.3 billion dlrs',
      'money:700 mln dlrs',
      'percent:90 pct',
    ]);
    expect(kinds('paid £3.2bn, or 15%, for 2.0 mln tonnes')).toEqual([
      'money:£3.2bn',
      'percent:15%',
      'quantity:2.0 mln tonnes',
    ]);
  });
  it('does not take a bare year or number as a figure', () => {
    expect(findFigures('In 2022 there were 12 ships.')).toEqual([]);
  });
});
