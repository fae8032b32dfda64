import { shapeOf } from './related.ts';

/**
 * What the trade answer reads off a free-text question: the kind of figure it wants (`how much` an
 * amount, `what share` a percentage, `who` a person), from the question's shape (see `related.ts`,
 * where shapes are read for every answer kind).
 */

/** Answer-type preferences read off a question (`how much` wants an amount, `what share` a percentage). */
export interface Wants {
  money: boolean;
  percent: boolean;
  person: boolean;
}

/** A question that wants no particular kind of answer (slash commands). */
export const NO_WANTS: Readonly<Wants> = Object.freeze({ money: false, percent: false, person: false });

/** The preferences of a question, from its shape. */
export function wantsOf(text: string): Wants {
  const shape = shapeOf(text);
  return { money: shape === 'amount', percent: shape === 'percent', person: shape === 'person' };
}
