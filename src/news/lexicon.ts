/**
 * Other words for the same thing: what the free-text search asks of a lexical resource. The core knows
 * only this interface; the WordNet reader (`src/lexicon/wordnet.ts`) implements it.
 */

/** How a related word relates to the word asked about. */
export type Relation = 'synonym' | 'derived' | 'similar';

/** A word related to another, with how. */
export interface RelatedWord {
  /** The related word or phrase, lower case, words separated by single spaces. */
  lemma: string;
  relation: Relation;
}

/** A source of related words. */
export interface Lexicon {
  /** Words related to `word` (a lower-case word as typed): synonyms, derived forms, similar words. */
  related(word: string): readonly RelatedWord[];
}

/** A lexicon that knows no related words (exact words only). */
export const NO_LEXICON: Lexicon = { related: () => [] };
