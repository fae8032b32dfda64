import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findFigures } from '../src/news/figures.ts';
import { fnv1a } from '../src/news/postings.ts';
import { normalizeTerm, termSpans, terms, tokenize, tokenSpans } from '../src/news/tokenize.ts';

/**
 * The tokens `tokenSpans` finds, as strings, checking their hashes on the way; with `pad`, the text is
 * scanned where it stands between two other texts.
 */
function spanned(text: string, pad = ''): string[] {
  const whole = pad + text + pad;
  const { at, count } = tokenSpans(whole, pad.length, pad.length + text.length);
  const out: string[] = [];
  for (let i = 0; i < 3 * count; i += 3) {
    expect(at[i + 2]).toBe(fnv1a(whole, at[i]!, at[i + 1]!));
    out.push(whole.slice(at[i], at[i + 1]));
  }
  return out;
}

describe('token boundaries without the regular expression', () => {
  it('finds the same tokens as the tokenizer in news prose', () => {
    const text =
      "Kazakhstan's trade with China reached $24.1 billion (£3.2bn, €1,234.5m) in 2023, the U.S. " +
      'Trade Rep. said; rock’n’roll, naïve café, O’Neil2 and 5kg_ or 5abcd, x.y.z., ¥7 and $ 9. — “Óscar”';
    expect(spanned(text)).toEqual(tokenize(text));
    expect(spanned(text)).toContain('$24.1');
    expect(spanned(text)).toContain('U.S.');
  });

  it('finds the same tokens as the tokenizer on arbitrary text, astral characters included', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.constantFrom(
        ..."aZ9_.,’'-$£€¥ \u0301\u00e9\u0130\u0663\u2160\ud835\udc00x\u200b".split(''),
        '3.2bn',
        'U.S.',
        "don't",
        '1,000.5',
        'e.g.',
        '\ud835\udc00\ud835\udc01',
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
        const text = pieces.join('');
        expect(spanned(text)).toEqual(tokenize(text));
        // Scanned in the middle of a longer text, as a passage is in its article.
        expect(spanned(text, 'U.S.a1\ud835\udc00')).toEqual(tokenize(text));
      }),
      { numRuns: 2000 },
    );
  });
});

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
