import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderAnswer } from '../src/discord/render.ts';
import { clip, clipStart } from '../src/news/clip.ts';
import type { Answer } from '../src/news/types.ts';

/** Whether a string has a surrogate without its other half. */
const broken = (s: string): boolean =>
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe('cutting text to a length', () => {
  it('never cuts a code point in half, keeps within the length and drops at most one unit', () => {
    const text = fc
      .array(fc.constantFrom('a', ' ', 'é', '😀', '🇰🇿', '中'), { maxLength: 40 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 50 }), (s, max) => {
        for (const [cut, fromEnd] of [
          [clip(s, max), false],
          [clipStart(s, max), true],
        ] as const) {
          expect(broken(cut)).toBe(false);
          expect(cut.length).toBeLessThanOrEqual(max);
          expect(cut.length).toBeGreaterThanOrEqual(Math.min(s.length, max) - 1);
          expect(fromEnd ? s.endsWith(cut) : s.startsWith(cut)).toBe(true);
        }
      }),
    );
  });

  it('renders a long title with an emoji at the cut without an unpaired surrogate', () => {
    const title = `${'x'.repeat(88)}😀 and more words after the emoji`;
    const answer: Answer = {
      command: 'search',
      query: '/search x',
      notice: null,
      results: [
        {
          text: 'A passage.',
          file: `${'dir/'.repeat(40)}😀.txt`,
          title,
          date: null,
          source: `${'s'.repeat(99)}😀`,
          speaker: null,
          highlights: [],
        },
      ],
    };
    expect(
      broken(JSON.stringify(renderAnswer(answer)).replace(/\\u[0-9a-f]{4}/g, (m) => JSON.parse(`"${m}"`))),
    ).toBe(false);
    expect(JSON.stringify(renderAnswer(answer))).not.toMatch(/\\ud83d(?!\\ude00)/);
  });
});
