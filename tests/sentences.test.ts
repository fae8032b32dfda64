import { describe, expect, it } from 'vitest';
import { MAX_SENTENCE_CHARS, splitSentences } from '../src/news/sentences.ts';

const split = (text: string): string[] => splitSentences(text).map((s) => text.slice(s.start, s.end));

describe('sentence boundaries in news prose', () => {
  it('cuts text with no sentence punctuation (a table, a dump) into pieces at spaces', () => {
    const words = Array.from({ length: 3000 }, (_, i) => `cell${i}`);
    const text = `${words.join(' ')}. Then a real sentence.`;
    const pieces = split(text);
    expect(pieces.length).toBeGreaterThan(5);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
    // Nothing is lost, and no word is cut in half.
    expect(pieces.join(' ')).toBe(text);
    expect(pieces.at(-1)).toBe('Then a real sentence.');
  });

  it('does not end a sentence inside figures', () => {
    expect(split('Turnover amounted to $24.1 billion, up 1,234.5 pct. Exports rose.')).toEqual([
      'Turnover amounted to $24.1 billion, up 1,234.5 pct.',
      'Exports rose.',
    ]);
  });

  it('does not end a sentence after titles, initials or vs.', () => {
    expect(split('Mr. Smith met Dr. Jones and J. Brown. It was 3 vs. 4 in the end.')).toEqual([
      'Mr. Smith met Dr. Jones and J. Brown.',
      'It was 3 vs. 4 in the end.',
    ]);
  });

  it('keeps U.S. inside a sentence unless a usual opener follows', () => {
    expect(split('The U.S. Treasury said so. Prices rose in the U.S. The dollar fell.')).toEqual([
      'The U.S. Treasury said so.',
      'Prices rose in the U.S.',
      'The dollar fell.',
    ]);
  });

  it('keeps a month abbreviation before a day', () => {
    expect(split('It was signed on Jan. 5 in Geneva. Talks resume in Feb. Both sides agreed.')).toEqual([
      'It was signed on Jan. 5 in Geneva.',
      'Talks resume in Feb.',
      'Both sides agreed.',
    ]);
  });

  it('ends a sentence after a closing quote', () => {
    expect(split('He said: "It is over." Then he left. "Why?" she asked.')).toEqual([
      'He said: "It is over."',
      'Then he left.',
      '"Why?" she asked.',
    ]);
  });

  it('honours paragraph breaks and a range', () => {
    const text = 'Heading without stop Body starts here. Next one.';
    const spans = splitSentences(text, 0, text.length, [21]);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual([
      'Heading without stop',
      'Body starts here.',
      'Next one.',
    ]);
  });

  it('returns spans that slice the original text', () => {
    const text = '  A b.  C d!  E f?  ';
    for (const s of splitSentences(text))
      expect(text.slice(s.start, s.end).trim()).toBe(text.slice(s.start, s.end));
    expect(split(text)).toEqual(['A b.', 'C d!', 'E f?']);
  });
});
