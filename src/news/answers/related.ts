import { FIGURE_MONEY, FIGURE_PERCENT, FIGURE_QUANTITY } from '../figures.ts';
import type { NewsIndex } from '../index.ts';
import { type Lexicon, NO_LEXICON } from '../lexicon.ts';
import { type Place, resolvePlace } from '../places.ts';
import { normalizeTerm, STOP_WORDS, scanTokens, type Token } from '../tokenize.ts';
import { type Alternative, type Concept, RANKING, type RankQuery, type ShapeTest } from './rank.ts';

/**
 * Reading a free-text question (or `/search` words) into what the ranking needs: its concepts (each
 * word, each place, with their other forms), the pairs of words adjacent in it, and its shape (what
 * kind of answer it wants), with the test of that shape on a passage.
 */

/** The kind of answer a question wants, read off its first words. */
export type Shape = 'amount' | 'percent' | 'duration' | 'age' | 'date' | 'person' | 'reason' | 'place';

/** The shape of a question, or null (a statement, `/search` words). */
export function shapeOf(text: string): Shape | null {
  const t = text.toLowerCase().trim();
  if (
    /\b(?:what|which) (?:share|percentage|proportion|percent|fraction)\b|\bhow much of\b|\bshare of\b/.test(t)
  )
    return 'percent';
  if (/\bhow old\b|\bwhat age\b/.test(t)) return 'age';
  if (/\bhow long\b/.test(t)) return 'duration';
  if (
    /\bhow (?:much|many|big|large|high|low|far|heavy)\b|\bwhat (?:was|is|were|are|will be) the (?:value|amount|total|cost|price|number|size|figure)\b|\bworth\b/.test(
      t,
    )
  )
    return 'amount';
  if (/^when\b|\bwhat (?:year|date|day|month|time)\b|\bsince when\b/.test(t)) return 'date';
  if (/^(?:who|whom)\b|\bwho (?:is|was|were|are|did|will|has|had)\b/.test(t)) return 'person';
  if (
    /^why\b|\bwhat (?:caused|causes|led to|is behind|was behind)\b|\bfor what reason\b|\bdied? (?:of|from)\b/.test(
      t,
    )
  )
    return 'reason';
  if (/^where\b/.test(t)) return 'place';
  return null;
}

/**
 * Words of a question's frame rather than its subject, left out of the concepts: the adjective of
 * `how big`/`how long`/`how old` (the shape carries it), and verbs that only ask (`what happened`).
 */
const FRAME_AFTER_HOW = /^(?:big|large|high|low|far|heavy|long|old)$/;
const FRAME = /^(?:happen|happened|happening|happens)$/;

/** Whether token `i` of a question is part of its frame. */
function isFrame(tokens: readonly Token[], i: number): boolean {
  const w = tokens[i]!.raw.toLowerCase();
  return FRAME.test(w) || (FRAME_AFTER_HOW.test(w) && tokens[i - 1]?.raw.toLowerCase() === 'how');
}

/** Words added for a shape: `how old` asks for an age. */
const SHAPE_WORDS: Partial<Record<Shape, string>> = { age: 'age' };

const NUMBER_WORDS =
  /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|half)\b/i;
/** An age: `aged 21`, `age of 18`, `a 17-year-old`, `79 years old`, `under 18s`. */
const AGE =
  /\b(?:aged?|age of|ages of)\s+(?:\d+|eighteen|sixteen|twenty|twenty-one|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b|\b\d+[- ](?:years?[- ]old|year-olds?)\b|\b(?:under|over)[- ]\d+s?\b/i;
const DURATION =
  /\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few)[- ](?:years?|months?|weeks?|days?|hours?|minutes?|seasons?|games?|matches)\b/i;
const DATE =
  /\b(?:1[89]\d\d|20\d\d)\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tomorrow)\b|\b(?:last|next|this) (?:week|month|year|season)\b/;
/** `due to` followed by these says when, not why (`due to open this weekend`). */
const SCHEDULED =
  'be|open|start|begin|take|meet|arrive|end|close|come|appear|launch|visit|return|hold|sign|resume|report|announce|finish|expire|mature|vote|decide|publish|go|make|leave|run|face|play|debut|air|speak|testify|retire';
/** Words that give a cause: `because`, `due to`, `as it promoted`, `following`, `blamed ... on` ... */
const REASONS = [
  String.raw`\bbecause\b`,
  String.raw`\bdue to (?!(?:${SCHEDULED})\b)`,
  String.raw`\bas (?:it|they|he|she|this) (?:\w+ed|was|were|is|are|had|has)\b`,
  ...[
    'owing to',
    'as a result',
    'result of',
    'resulted from',
    'caused by',
    'blamed',
    'blames',
    'blaming',
    'on grounds',
    'grounds that',
    'thanks to',
    'after',
    'following',
    'since',
    'in order to',
    'so that',
    'led to',
    'attributed to',
    'cause of',
  ].map((w) => String.raw`\b${w}\b`),
  String.raw`\bthe reasons? (?:for|why|was|is)\b`,
  String.raw`\bcomplications? (?:of|from)\b`,
].map((source) => new RegExp(source, 'i'));

/**
 * The cue words of a cause that a question does not use itself: in `why did the algae bloom after the
 * eruption`, `after` is part of the event asked about, not evidence of its cause.
 */
function reasonCues(question: string): RegExp | null {
  const kept = REASONS.filter((r) => !r.test(question));
  return kept.length ? new RegExp(kept.map((r) => r.source).join('|'), 'i') : null;
}
/** A name: two capitalised words in a row, not at the start of the passage. */
const NAME = /.\b\p{Lu}[\p{Ll}'’-]+\s+(?:\p{Lu}\.\s+)?\p{Lu}[\p{Ll}'’-]+/u;

/** The test of a shape on a passage's text. */
function shapeTest(index: NewsIndex, shape: Shape, question: string): ShapeTest['test'] {
  const { passages } = index.lib;
  switch (shape) {
    case 'percent':
      return (_text, id) => (passages[id]!.figures & FIGURE_PERCENT) !== 0;
    case 'amount':
      return (text, id) =>
        (passages[id]!.figures & (FIGURE_MONEY | FIGURE_QUANTITY | FIGURE_PERCENT)) !== 0 ||
        /\d/.test(text) ||
        NUMBER_WORDS.test(text);
    case 'age':
      return (text) => AGE.test(text);
    case 'duration':
      return (text) => DURATION.test(text);
    case 'date':
      return (text) => DATE.test(text);
    case 'person':
      return (text, id) => passages[id]!.speaker >= 0 || NAME.test(text);
    case 'reason': {
      const cues = reasonCues(question);
      return (text) => cues?.test(text) ?? false;
    }
    case 'place':
      return (_text, id) => passages[id]!.places.length > 0;
  }
}

/** The places field's term for a place key (as the index processes the field). */
export function placeTerm(key: string): string {
  return normalizeTerm(key) ?? key.toLowerCase();
}

/** Related words kept per word of the question (WordNet lists the commoner senses first). */
const MAX_RELATED = 24;

interface Piece {
  /** Position of its first token in the question. */
  at: number;
  concept: Concept;
  /** The index terms that say it exactly (to merge repeats). */
  key: string;
}

/**
 * A place named in the question at token `i`: the longest phrase (up to 4 tokens) that resolves to one.
 * A word that is a stop word in lower case (`us`) names a place only as typed in capitals (`US`), or
 * with periods (`U.S.`): `tell us` is not the United States.
 */
function placeAt(tokens: readonly Token[], i: number): { place: Place; length: number } | null {
  for (let n = Math.min(4, tokens.length - i); n >= 1; n--) {
    const words = tokens.slice(i, i + n);
    const phrase = words.map((t) => t.raw).join(' ');
    // `the US`: the place starts at its own word.
    if (n > 1 && STOP_WORDS.has(words[0]!.raw.toLowerCase())) continue;
    if (n === 1) {
      const tok = words[0]!;
      if (tok.raw.length < 2) continue;
      const lower = tok.raw.toLowerCase();
      if (STOP_WORDS.has(lower) && !tok.acronym && tok.raw !== tok.raw.toUpperCase()) continue;
    }
    const place = resolvePlace(phrase);
    if (place) return { place, length: n };
  }
  return null;
}

/** The places a question names, in order, each once (see {@link placeAt}). */
export function placesIn(text: string): Place[] {
  const tokens = scanTokens(text);
  const out: Place[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const found = placeAt(tokens, i);
    if (!found) continue;
    if (!out.includes(found.place)) out.push(found.place);
    i += found.length - 1;
  }
  return out;
}

/** The alternatives of one word: itself, as a speaker's name, and its related words. */
function wordAlternatives(raw: string, term: string, lexicon: Lexicon): Alternative[] {
  const w = RANKING.alternative;
  const out: Alternative[] = [
    { term, field: 'text', weight: 1 },
    { term, field: 'speaker', weight: w.speaker },
  ];
  if (/\d/.test(raw)) return out;
  const best = new Map<string, number>();
  // Derived forms first (die → death), then synonyms, then the rest: the closest kept when many.
  const order: Record<string, number> = { derived: 0, synonym: 1, similar: 2 };
  const related = [...lexicon.related(raw.toLowerCase())].sort(
    (x, y) => order[x.relation]! - order[y.relation]!,
  );
  for (const r of related) {
    if (best.size >= MAX_RELATED) break;
    if (r.lemma.includes(' ')) continue; // one word only: the index has no phrases
    const t = normalizeTerm(r.lemma);
    if (!t || t === term) continue;
    const weight = w[r.relation];
    if ((best.get(t) ?? 0) < weight) best.set(t, weight);
  }
  for (const [t, weight] of best) out.push({ term: t, field: 'text', weight });
  return out;
}

/**
 * A question as the ranking reads it. Every word that is not a stop word is a concept; so is every
 * place, with the places field (any of its names) as an alternative.
 */
export function rankQuery(
  index: NewsIndex,
  text: string,
  lexicon: Lexicon = NO_LEXICON,
  { question = true }: { question?: boolean } = {},
): RankQuery {
  const shape = question ? shapeOf(text) : null;
  const tokens = scanTokens(text);
  const pieces: Piece[] = [];
  const push = (piece: Piece): void => {
    const same = pieces.find((p) => p.key === piece.key);
    if (!same) pieces.push(piece);
  };
  for (let i = 0; i < tokens.length; i++) {
    const found = placeAt(tokens, i);
    if (found) {
      const alternatives: Alternative[] = [{ term: placeTerm(found.place.key), field: 'places', weight: 1 }];
      if (found.length === 1) {
        const t = normalizeTerm(tokens[i]!.raw, tokens[i]!.acronym);
        if (t) alternatives.push({ term: t, field: 'text', weight: 1 });
      }
      push({
        at: i,
        key: `place:${found.place.key}`,
        concept: {
          place: found.place.key,
          label: tokens
            .slice(i, i + found.length)
            .map((t) => t.raw)
            .join(' '),
          alternatives,
        },
      });
      i += found.length - 1;
      continue;
    }
    const tok = tokens[i]!;
    const term = normalizeTerm(tok.raw, tok.acronym);
    if (!term || (question && isFrame(tokens, i))) continue;
    push({
      at: i,
      key: term,
      concept: { label: tok.raw, alternatives: wordAlternatives(tok.raw, term, lexicon) },
    });
  }
  const extra = shape ? SHAPE_WORDS[shape] : undefined;
  if (extra) {
    const term = normalizeTerm(extra)!;
    if (!pieces.some((p) => p.key === term))
      pieces.push({
        at: tokens.length,
        key: term,
        concept: {
          label: extra,
          alternatives: [{ term, field: 'text', weight: RANKING.alternative.synonym }],
        },
      });
  }
  const concepts = pieces.map((p) => p.concept);
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < pieces.length; i++) if (pieces[i + 1]!.at < tokens.length) pairs.push([i, i + 1]);
  const test = shape
    ? { test: shapeTest(index, shape, text), weight: shape === 'reason' ? RANKING.reason : RANKING.shape }
    : null;
  return { concepts, pairs, shape: test };
}
