import type { Figure } from './types.ts';

/**
 * Figures in news prose: money, percentages and quantities with a unit, in the styles of the three
 * archives: `$24.1 billion`, `US$5m`, `£3.2bn`, `1.3 billion dlrs`, `700 mln dlrs`, `50 pct`,
 * `34.1 percent`, `15%`, `2.0 mln tonnes`, `1,375,000 tonnes`. A bare number or a year is not a figure.
 */

const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const SCALE = String.raw`(?:\s?(?:bn|billion|mln|million|m|trillion|tn|thousand|k)\b)?`;
const CURRENCY_WORD = `(?:dlrs|dollars?|yen|marks|francs|pounds|sterling|stg|euros?|yuan|rupees|roubles|rubles|lire|pesos|crowns|guilders|riyals|tenge|won|rand|cents)`;
const UNIT = `(?:tonnes|tons|barrels|bpd|ounces|bushels|bales|bags|units|shares|acres|hectares|kilos|kg|lbs|pounds)`;

const FIGURE = new RegExp(
  [
    // money with a sign in front: $24.1 billion, US$5m, £3.2bn, € 40 million
    String.raw`(?<money1>(?:[A-Z]{1,3})?[$£€¥]\s?(?:${NUM})${SCALE})`,
    // money with a word after: 1.3 billion dlrs, 700 mln dlrs, 5bn euros
    String.raw`(?<money2>\b(?:${NUM})${SCALE}\s${CURRENCY_WORD}\b)`,
    // percentages: 34.1 percent, 50 pct, 15%, 2.5 per cent
    String.raw`(?<percent>\b(?:${NUM})\s?(?:%|pct\b|percent\b|per cent\b|percentage points?\b))`,
    // quantities: 2.0 mln tonnes, 1,375,000 tonnes
    String.raw`(?<quantity>\b(?:${NUM})${SCALE}\s${UNIT}\b)`,
  ].join('|'),
  'g',
);

/** Every figure in `text`, in order. */
export function findFigures(text: string): Figure[] {
  const out: Figure[] = [];
  if (!/\d/.test(text)) return out; // most sentences have no number at all: skip the big pattern
  FIGURE.lastIndex = 0;
  for (let m = FIGURE.exec(text); m !== null; m = FIGURE.exec(text)) {
    const g = m.groups ?? {};
    const kind = g.percent ? 'percent' : g.quantity ? 'quantity' : 'money';
    out.push({ kind, span: { start: m.index, end: m.index + m[0].length } });
  }
  return out;
}

/** Bit flags summarising the figures of a passage (stored per passage, cheap to test at query time). */
export const FIGURE_MONEY = 1;
export const FIGURE_PERCENT = 2;
export const FIGURE_QUANTITY = 4;

/** The {@link FIGURE_MONEY} / {@link FIGURE_PERCENT} / {@link FIGURE_QUANTITY} flags of a text. */
export function figureFlags(text: string): number {
  let flags = 0;
  for (const f of findFigures(text)) {
    flags |= f.kind === 'money' ? FIGURE_MONEY : f.kind === 'percent' ? FIGURE_PERCENT : FIGURE_QUANTITY;
  }
  return flags;
}
