import { stemmer } from 'stemmer';
import { fnv1a, type Spans } from './postings.ts';
import type { Span } from './types.ts';

/**
 * Tokenizing and term processing, the same at index and at query time.
 *
 * MiniSearch's default tokenizer splits `$24.1` into `24` and `1` and `U.S.` into `u` and `s`; news needs
 * figures and acronyms whole. A token here is one of:
 * - a number with its decimal and thousands separators (`$24.1` → `24.1`, `1,234.5` → `1234.5`), and its
 *   unit suffix when glued to it (`£3.2bn` → `3.2`, `bn`);
 * - an acronym with inner periods (`U.S.` → `us`, `U.K.` → `uk`): exempt from the stop-word list;
 * - a word (letters, digits, inner apostrophes), hyphenated words split into their parts, with a
 *   possessive `'s` dropped (`Kazakhstan's` → `kazakhstan`).
 * Terms are case- and accent-folded and Porter-stemmed (`exports` → `export`), and stop words are
 * dropped (they are never indexed, so they cost nothing at query time either).
 */

/** English stop words plus question words: never indexed, never searched. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all am an and any are aren't as at be because been before being below " +
    'between both but by can cannot could did do does doing down during each few for from further had has have ' +
    "having he her here hers herself him himself his how i if in into is isn't it its itself just let me more most " +
    'my myself no nor not now of off on once only or other ought our ours ourselves out over own same she should so ' +
    'some such than that the their theirs them themselves then there these they this those through to too under ' +
    'until up very was we were what when where which while who whom why will with would you your yours yourself ' +
    'yourselves also us may might must shall much many tell told say said says ask asked show give find know get ' +
    'really s t don won didn doesn isn wasn aren weren'
  ).split(/\s+/),
);

// Numbers (with an optional currency sign and a glued unit), dotted acronyms, then words.
const TOKEN =
  /[$£€¥]?(\d+(?:[.,]\d+)*)([a-z]{1,3}\b)?|((?:\p{L}\.){2,})|(\p{L}[\p{L}\p{M}\p{N}]*(?:['’]\p{L}+)*)/gu;

/** One token of some text, with where it stands in it. */
export interface Token {
  /** The raw token as it appears (`$24.1` → `24.1`, `U.S.` → `U.S.`). */
  raw: string;
  /** Where the raw token stands in the source text. */
  span: Span;
  /** True for a dotted acronym (`U.S.`): exempt from stop words. */
  acronym: boolean;
}

/** Splits text into raw tokens with their spans (no case folding, no stop words). */
export function scanTokens(text: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    if (m[1] !== undefined) {
      const start = m.index + m[0].indexOf(m[1]);
      out.push({ raw: m[1], span: { start, end: start + m[1].length }, acronym: false });
      if (m[2]) {
        const unitStart = start + m[1].length;
        out.push({ raw: m[2], span: { start: unitStart, end: unitStart + m[2].length }, acronym: false });
      }
    } else if (m[3] !== undefined) {
      out.push({ raw: m[3], span: { start: m.index, end: m.index + m[3].length }, acronym: true });
    } else {
      out.push({ raw: m[0], span: { start: m.index, end: m.index + m[0].length }, acronym: false });
    }
  }
  return out;
}

/**
 * Token boundaries, found without a regular expression: the spans of exactly the tokens {@link TOKEN}
 * matches (checked against it by a property test). Building an index visits every token of the
 * archive; scanning character codes lets the index look a token up by its characters in the text, so
 * that only tokens it has not seen before become strings of their own.
 */

const LETTER = 1;
const MARK = 2;
const NUMERIC = 4;
const KNOWN = 128;
/** Unicode classes of BMP characters, filled as they are met (0: not looked at yet). */
const CHAR_CLASS = new Uint8Array(0x10000);
const IS_L = /\p{L}/u;
const IS_M = /\p{M}/u;
const IS_N = /\p{N}/u;

function charClass(c: number): number {
  let k = CHAR_CLASS[c]!;
  if (k === 0) {
    const ch = String.fromCharCode(c);
    k = KNOWN | (IS_L.test(ch) ? LETTER : 0) | (IS_M.test(ch) ? MARK : 0) | (IS_N.test(ch) ? NUMERIC : 0);
    CHAR_CLASS[c] = k;
  }
  return k;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean =>
  c < 128 ? (c >= 97 && c <= 122) || (c >= 65 && c <= 90) : (charClass(c) & LETTER) !== 0;
/** `[\p{L}\p{M}\p{N}]` */
const isWordPart = (c: number): boolean =>
  c < 128
    ? (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)
    : (charClass(c) & (LETTER | MARK | NUMERIC)) !== 0;
/** `\w` as `\b` sees it in a `u` (not `i`) pattern: ASCII only. */
const isAsciiWord = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isLowerAscii = (c: number): boolean => c >= 97 && c <= 122;
/** `[$£€¥]` */
const isCurrency = (c: number): boolean => c === 36 || c === 0xa3 || c === 0x20ac || c === 0xa5;
/** `['’]` */
const isApostrophe = (c: number): boolean => c === 39 || c === 0x2019;
const SURROGATE = /[\ud800-\udfff]/;

const spans: Spans = { at: new Int32Array(3 * 1024), count: 0 };

function pushSpan(text: string, start: number, end: number): void {
  const i = 3 * spans.count++;
  if (i + 3 > spans.at.length) {
    const grown = new Int32Array(spans.at.length * 2);
    grown.set(spans.at);
    spans.at = grown;
  }
  spans.at[i] = start;
  spans.at[i + 1] = end;
  spans.at[i + 2] = fnv1a(text, start, end);
}

/**
 * The spans of the tokens of `text.slice(from, to)`, as positions in `text`, with their hashes: the
 * same tokens as {@link tokenize} gives for that slice, in order. The result is shared and valid until
 * the next call.
 */
export function tokenSpans(text: string, from = 0, to: number = text.length): Spans {
  spans.count = 0;
  const n = to;
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  if (SURROGATE.test(slice)) {
    // Characters outside the BMP (rare in news): the expression itself, which reads code points.
    TOKEN.lastIndex = 0;
    for (let m = TOKEN.exec(slice); m !== null; m = TOKEN.exec(slice)) {
      pushSpan(text, from + m.index, from + m.index + m[0].length);
    }
    return spans;
  }
  let i = from;
  while (i < n) {
    const c = text.charCodeAt(i);
    let end = -1;
    if (isDigit(c) || (isCurrency(c) && i + 1 < n && isDigit(text.charCodeAt(i + 1)))) {
      // [$£€¥]?(\d+(?:[.,]\d+)*)([a-z]{1,3}\b)?
      let j = isDigit(c) ? i + 1 : i + 2;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      while (j + 1 < n) {
        const sep = text.charCodeAt(j);
        if ((sep !== 46 && sep !== 44) || !isDigit(text.charCodeAt(j + 1))) break;
        j += 2;
        while (j < n && isDigit(text.charCodeAt(j))) j++;
      }
      let r = 0;
      while (r < 4 && j + r < n && isLowerAscii(text.charCodeAt(j + r))) r++;
      if (r >= 1 && r <= 3 && (j + r >= n || !isAsciiWord(text.charCodeAt(j + r)))) j += r;
      end = j;
    } else if (isLetter(c)) {
      // (?:\p{L}\.){2,}
      let p = i;
      let pairs = 0;
      while (p + 1 < n && text.charCodeAt(p + 1) === 46 && isLetter(text.charCodeAt(p))) {
        pairs++;
        p += 2;
      }
      if (pairs >= 2) end = p;
      else {
        // \p{L}[\p{L}\p{M}\p{N}]*(?:['’]\p{L}+)*
        p = i + 1;
        while (p < n && isWordPart(text.charCodeAt(p))) p++;
        while (p + 1 < n && isApostrophe(text.charCodeAt(p)) && isLetter(text.charCodeAt(p + 1))) {
          p += 2;
          while (p < n && isLetter(text.charCodeAt(p))) p++;
        }
        end = p;
      }
    }
    if (end < 0) i++;
    else {
      pushSpan(text, i, end);
      i = end;
    }
  }
  return spans;
}

const COMBINING = /[\u0300-\u036f]/g;
/** Raw token → term. News vocabulary is small next to its token count, so most lookups hit. */
const termCache = new Map<string, string | null>();
const TERM_CACHE_MAX = 300_000;

/**
 * Splits text into raw tokens for MiniSearch (the same tokens as {@link scanTokens}, without spans:
 * this runs on every passage at index time). A number keeps its currency sign and glued unit
 * (`$24.1`, `£3.2bn`); {@link normalizeTerm} strips them.
 */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/**
 * Folds case and accents, drops a possessive and stems; null for stop words and noise.
 * The one function both the index and the query side use (through MiniSearch's `processTerm`).
 */
export function normalizeTerm(raw: string, acronym = false): string | null {
  let cached = termCache.get(raw);
  if (cached === undefined) {
    cached = computeTerm(raw, acronym);
    if (termCache.size < TERM_CACHE_MAX) termCache.set(raw, cached);
  }
  return cached;
}

const NUMBER = /^[$£€¥]?(\d+(?:[.,]\d+)*)/;

function computeTerm(raw: string, acronym: boolean): string | null {
  const num = NUMBER.exec(raw);
  if (num) return num[1]!.replace(/,/g, '');
  let t = raw.toLowerCase();
  if (/[^\u0000-\u007f]/.test(t)) t = t.normalize('NFD').replace(COMBINING, '');
  if (acronym || /^(?:\p{L}\.){2,}$/u.test(t)) return t.replace(/\./g, '');
  t = t.replace(/['’]s$/, '').replace(/['’]/g, '');
  if (t.length < 2 && !/\d/.test(t)) return null;
  if (STOP_WORDS.has(t)) return null;
  return /^[a-z]+$/.test(t) ? stemmer(t) : t;
}

/** The terms of a text, in order, as the index sees them. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const tok of scanTokens(text)) {
    const t = normalizeTerm(tok.raw, tok.acronym);
    if (t) out.push(t);
  }
  return out;
}

/**
 * Spans in `text` of tokens whose term is in `wanted`: for highlighting the query's terms in a passage.
 * Sorted and non-overlapping.
 */
export function termSpans(text: string, wanted: ReadonlySet<string>): Span[] {
  if (wanted.size === 0) return [];
  const out: Span[] = [];
  for (const tok of scanTokens(text)) {
    const t = normalizeTerm(tok.raw, tok.acronym);
    if (t && wanted.has(t)) out.push(tok.span);
  }
  return out;
}
