/**
 * Places: countries (from the `world-countries` data package) and a few historic states of the 1987 wire,
 * recognised in article text ({@link findPlaces}) and in what users type ({@link resolvePlace},
 * {@link parsePlaces}).
 *
 * Every form of a place (common and official name, alternative spellings, demonyms, capitals and a short
 * {@link SUPPLEMENT}) is cut into normalised tokens once, at module load, and filed in one map under its
 * first token. Recognising places in text is then a single regular-expression scan over the capitalised
 * words of the text, a map lookup for each, and a short look at the following tokens for the few forms
 * of several words: the cost is proportional to the length of the text, whatever the number of forms.
 */
import { createRequire } from 'node:module';
import type { Country } from 'world-countries';
import { fold } from './fold.ts';
import type { PlaceMention } from './types.ts';

/**
 * The data, loaded through `require`: the package is CommonJS, and its `export default` typing does not
 * describe what an ES module import of it gives under NodeNext resolution.
 */
const countries = createRequire(import.meta.url)('world-countries') as readonly Country[];

/** A country or historic state that places in text and in queries resolve to. */
export interface Place {
  /** Canonical key: ISO 3166 alpha-3 from the data (`KAZ`, `CHN`, `USA`), or a supplement key (`SUN`, `EEC`). */
  key: string;
  /** Display name, e.g. `Kazakhstan`, `United States` (the data's common name). */
  name: string;
  /**
   * The other forms that resolve to this place (official name, spellings, demonyms, capitals, supplement
   * forms), as written in the data; only forms this place won, so `French` is France's and not the French
   * Southern and Antarctic Lands'.
   */
  aliases: readonly string[];
}

/** One entry of {@link SUPPLEMENT}: forms the data lacks for one key. */
export interface SupplementEntry {
  key: string;
  /**
   * Forms as written in text. A form in capitals (`US`, `EC`, `U.S.`) matches article text only when
   * written in capitals, as a whole token. A form ending in `-` (`Sino-`) matches only before a hyphen.
   */
  forms: readonly string[];
  /** Why the entry is there. */
  note: string;
}

/**
 * What `world-countries` lacks, checked form by form against the data (a test keeps it so): forms the
 * news corpus uses, and the states of the 1987 Reuters wire, which get keys of their own because a
 * passage on Soviet trade is not one on Russian trade. Supplement forms win over any data form with
 * the same tokens.
 */
export const SUPPLEMENT: readonly SupplementEntry[] = [
  {
    key: 'KAZ',
    forms: ['Kazakh'],
    note: 'the adjective (`Kazakh-Chinese`); the data has only `Kazakhstani`',
  },
  { key: 'CHN', forms: ['PRC', 'Peking', 'Sino-'], note: 'the 1987 wire writes `Peking`; `Sino-Japanese`' },
  {
    key: 'USA',
    forms: ['US', 'U.S.', 'USA', 'U.S.A.', 'America', 'Washington'],
    note: 'the data lists `US`/`USA` only as ISO codes, which are dropped as codes; `Washington` as the dateline',
  },
  {
    key: 'GBR',
    forms: ['Britain', 'U.K.', 'England', 'Scotland', 'Wales', 'Northern Ireland'],
    note: 'the data has `Great Britain` and `UK`; the four nations, else `Northern Ireland` would be Ireland',
  },
  {
    key: 'KOR',
    forms: ['Korea', 'Korean'],
    note: 'alone, `Korea` is South Korea in this corpus (`Korea Exchange Bank`); `North Korea` still wins',
  },
  { key: 'TUR', forms: ['Turkey'], note: 'the data names it `Türkiye` and `Republic of Turkey` only' },
  { key: 'TWN', forms: ['ROC'], note: '`Taiwan` and `Republic of China` are in the data' },
  { key: 'COD', forms: ['Zaire'], note: 'its name in the 1987 wire' },
  {
    key: 'DEU',
    forms: ['West Germany', 'West German', 'Bonn', 'FRG'],
    note: 'West Germany is Germany for a user asking about Germany',
  },
  {
    key: 'SUN',
    forms: ['Soviet Union', 'Soviet', 'Soviets', 'USSR', 'U.S.S.R.'],
    note: 'the Soviet Union (1987)',
  },
  { key: 'DDR', forms: ['East Germany', 'East German', 'GDR', 'East Berlin'], note: 'East Germany (1987)' },
  {
    key: 'EBLOC',
    forms: ['East Bloc', 'Eastern Bloc', 'Soviet Bloc', 'Comecon'],
    note: 'the East Bloc (1987)',
  },
  {
    key: 'EEC',
    forms: [
      'European Community',
      'European Economic Community',
      'EC',
      'EEC',
      'European Union',
      'EU',
      'Common Market',
    ],
    note: 'one key for the EC of 1987 and the EU of 2004-20: a user asking about the EU wants both',
  },
  { key: 'YUG', forms: ['Yugoslavia', 'Yugoslav'], note: 'Yugoslavia (1987), often in the wire' },
  { key: 'CSK', forms: ['Czechoslovakia', 'Czechoslovak'], note: 'Czechoslovakia (1987)' },
  {
    key: 'SEASIA',
    forms: ['Southeast Asia', 'South-East Asia', 'South East Asia', 'Southeast Asian', 'ASEAN'],
    note: 'a region the wire reports trade with as one partner (`exports to ... Southeast Asia`)',
  },
  {
    key: 'MIDEAST',
    forms: ['Middle East', 'Mideast', 'Middle Eastern'],
    note: 'a region the wire reports trade with as one partner',
  },
];

/** Display names of the supplement keys that are not in the data: historic states and trading regions. */
const SUPPLEMENT_NAMES: Readonly<Record<string, string>> = {
  SUN: 'Soviet Union',
  DDR: 'East Germany',
  EBLOC: 'East Bloc',
  EEC: 'European Union (European Community)',
  YUG: 'Yugoslavia',
  CSK: 'Czechoslovakia',
  SEASIA: 'Southeast Asia',
  MIDEAST: 'Middle East',
};

/**
 * Phrases that contain a place form but are not that place: matched like places, so that longest-match
 * consumes them, and then dropped (`New Jersey` is not Jersey, `Latin American` not the United States).
 * `U.S. dollar` is the currency, written in the wire in front of almost every amount (`U.S. dlrs`).
 */
const NOT_PLACES: readonly string[] = [
  'New Jersey',
  'Jersey City',
  'New Mexico',
  'New England',
  'New South Wales',
  'New Guinea',
  'Latin America',
  'Latin American',
  'Latin Americans',
  'North America',
  'North American',
  'North Americans',
  'South America',
  'South American',
  'South Americans',
  'Central America',
  'Central American',
  'Central Americans',
  'Indian Ocean',
  'West Indian',
  'West Indians',
  'British Columbia',
  'U.S. dollar',
  'U.S. dollars',
  'U.S. dlr',
  'U.S. dlrs',
];

/**
 * Data forms left out because, capitalised in English news, they are mostly something else: `Island`
 * (Rhode Island), `Mann` (a surname), `Dominique` (a first name), `Prathet` ("country"), `Nippon` and
 * `Nihon` (company names: Nippon Steel), `Portuguesa` and `Mexicanos` (fragments), `RSA` (the
 * cryptography firm in the BBC technology set), and capitals that are common names or other cities:
 * `Douglas`, `Hamilton`, `Stanley`, `Plymouth`, `The Valley`, `The Bottom`, `West Island`, `Jamestown`,
 * `Victoria`, `Malé` (which folds to `male`) and `San José` (San Jose, California). `Suisse` is Credit
 * Suisse; `Saint John's` and `St. George's` lose their possessive like any token and would match Saint John,
 * New Brunswick, and St George.
 */
const DENIED_FORMS: ReadonlySet<string> = new Set([
  'Island',
  'Mann',
  'Dominique',
  'Prathet',
  'Nippon',
  'Nihon',
  'Portuguesa',
  'Mexicanos',
  'RSA',
  'Douglas',
  'Hamilton',
  'Stanley',
  'Plymouth',
  'The Valley',
  'The Bottom',
  'West Island',
  'Jamestown',
  'Victoria',
  'Malé',
  'San José',
  'Suisse',
  "Saint John's",
  "St. George's",
]);

/** Words skipped between places in a user's phrase (`kazakhstan and china`, `japan vs korea`). */
const CONNECTORS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'vs',
  'v',
  'versus',
  'with',
  'between',
  'the',
  'of',
  'to',
  'from',
]);

// ---------------------------------------------------------------------------------------------------------
// Tokens

/*
 * A token is a dotted abbreviation (`U.S.`, `D.C.`, `U.S.S.R.`), `St.`, or a word of Latin letters, digits
 * and accents with inner apostrophes (`d'Ivoire`, `Sana'a`, `China's`): in regular-expression terms,
 * `L\.(?:L\.)+|St\.|L+(?:['’]L+)*` with `L` a Latin letter or digit. Every kept form is Latin (see
 * {@link isLatin}). Whitespace or one hyphen separates tokens, so `Kazakh-Chinese` is two tokens and
 * `Guinea-Bissau` matches the form of two tokens `Guinea Bissau`.
 */

/** A Latin letter, digit or combining accent: the characters of a token's words. */
function isLatinCode(c: number): boolean {
  if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return (
    (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) ||
    (c >= 0x300 && c <= 0x36f) ||
    (c >= 0x1e00 && c <= 0x1eff)
  );
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
/** Per UTF-16 code unit above ASCII: 0 not yet known, 1 part of a word (any script), 2 not. */
const wordCodeCache = new Uint8Array(0x10000);

/** Part of a word in any script, so that a capital right after it starts no token (`Phone` of `iPhone`). */
function isWordCode(c: number): boolean {
  if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  let known = wordCodeCache[c]!;
  if (known === 0) {
    known = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
    wordCodeCache[c] = known;
  }
  return known === 1;
}

/** Whitespace as `\s` knows it. */
function isSpaceCode(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** End of the token starting at `i`, or `i` when none starts there. */
function tokenEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (!isLatinCode(c)) return i;
  // A dotted abbreviation: two or more letter-dot pairs.
  if (text.charCodeAt(i + 1) === 46 && isLatinCode(text.charCodeAt(i + 2)) && text.charCodeAt(i + 3) === 46) {
    let j = i + 4;
    while (isLatinCode(text.charCodeAt(j)) && text.charCodeAt(j + 1) === 46) j += 2;
    return j;
  }
  if (c === 83 && text.charCodeAt(i + 1) === 116 && text.charCodeAt(i + 2) === 46) return i + 3; // St.
  let j = i + 1;
  for (;;) {
    while (isLatinCode(text.charCodeAt(j))) j++;
    const a = text.charCodeAt(j);
    if ((a === 39 || a === 0x2019) && isLatinCode(text.charCodeAt(j + 1))) j += 2;
    else return j;
  }
}

/**
 * A capital that does not follow a Latin letter or digit: where a form can start in text. A plain
 * character class with a look-behind, without the `u` flag: V8 scans it several times faster than a
 * JavaScript loop over character codes or a `\p{Lu}` pattern with look-around.
 */
const START =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: a capital right after a combining accent is inside a word
  /(?<![A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0300-\u036f\u1e00-\u1eff])[A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f\u1e00-\u1eff]/g;

/** Start of the token after a separator (whitespace, or one hyphen) at `i`, or -1. */
function nextTokenStart(text: string, i: number): number {
  let j = i;
  if (text.charCodeAt(j) === 45) j++;
  else while (isSpaceCode(text.charCodeAt(j))) j++;
  return j > i && isLatinCode(text.charCodeAt(j)) ? j : -1;
}

/** Length of a possessive ending (`'s`, `’s`, `'S`) on the token `[from, to)` of a text, else 0. */
function possessiveAt(text: string, from: number, to: number): number {
  if (to - from < 3) return 0;
  const s = text.charCodeAt(to - 1);
  const a = text.charCodeAt(to - 2);
  return (s === 115 || s === 83) && (a === 39 || a === 0x2019) ? 2 : 0;
}

/** Length of a possessive ending on a token, else 0. */
function possessiveLength(raw: string): number {
  return possessiveAt(raw, 0, raw.length);
}

/** The normalised form of a token without its possessive ending: folded, dots removed. */
function normToken(core: string): string {
  const f = fold(core);
  return f.includes('.') ? f.replaceAll('.', '') : f;
}

/** Whether a token is written in capitals (`US`, `U.S.`, `EC`), which abbreviations require in text. */
function isCaps(core: string): boolean {
  return core === core.toUpperCase() && core !== core.toLowerCase();
}

// ---------------------------------------------------------------------------------------------------------
// The index of forms

/** A form filed in the index. */
interface Entry {
  /** Normalised tokens. */
  tokens: readonly string[];
  /** Per token: must be written in capitals in text (it is an abbreviation: `US`, `DR` of `DR Congo`). */
  caps: readonly boolean[];
  /** The place, or null for a phrase of {@link NOT_PLACES}. */
  key: string | null;
  /** Matches in text only right before a hyphen (`Sino-`). */
  prefix: boolean;
}

/** A candidate form with what decides between candidates of the same tokens (lower wins). */
interface Candidate {
  text: string;
  key: string | null;
  prefix: boolean;
  tokens: string[];
  caps: boolean[];
  order: readonly number[];
}

/** Source ranks: explicit lists beat names, names beat spellings, spellings beat demonyms and capitals. */
const RANK = {
  notPlace: -2,
  supplement: -1,
  common: 0,
  official: 1,
  spelling: 2,
  demonym: 3,
  capital: 4,
} as const;

/** Cut a form into normalised tokens, or undefined if it has characters a place name never has in text. */
function formTokens(text: string): { tokens: string[]; caps: boolean[] } | undefined {
  const tokens: string[] = [];
  const caps: boolean[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 45 || isSpaceCode(c)) {
      i++;
      continue;
    }
    const end = tokenEnd(text, i);
    if (end === i) return undefined;
    const raw = text.slice(i, end);
    const core = raw.slice(0, raw.length - possessiveLength(raw));
    const letters = core.replace(/[.'’]/g, '');
    tokens.push(normToken(core));
    caps.push(letters.length >= 2 && isCaps(letters));
    i = end;
  }
  return tokens.length > 0 ? { tokens, caps } : undefined;
}

/** Latin script only (no Cyrillic, CJK, IPA): other scripts never start a match in English news. */
function isLatin(s: string): boolean {
  return /^[\p{Script=Latin}\p{M}\s'’.-]+$/u.test(s) && !/[\u0250-\u02af]/.test(s);
}

/** Plural of a demonym (`Americans`, `Iraqis`), except where English keeps it (`Chinese`, `Swiss`, `Dutch`). */
function pluralDemonym(d: string): string | undefined {
  return /(?:s|sh|ch|x|z|ese)$/i.test(d) ? undefined : `${d}s`;
}

/** ISO codes of every country: dropped from spellings, as they collide with words (`IN`, `AT`, `IT`). */
const ISO_CODES: ReadonlySet<string> = new Set(countries.flatMap((c) => [c.cca2, c.cca3]));

function buildCandidates(): Candidate[] {
  const out: Candidate[] = [];
  const add = (text: string, key: string | null, order: readonly number[], clean = true): void => {
    let form = text;
    if (clean) {
      if (DENIED_FORMS.has(form)) return;
      form = form
        .replace(/\s*\([^)]*\)/g, '')
        .replace(/^the\s+/i, '')
        .trim();
      if (!isLatin(form) || ISO_CODES.has(form.replace(/\./g, ''))) return;
    }
    const prefix = form.endsWith('-');
    if (prefix) form = form.slice(0, -1);
    // A form must start with a capital to be found in text; the rest are transliterations (`weSwatini`).
    if (!/^\p{Lu}/u.test(form)) return;
    const parts = formTokens(form);
    if (parts === undefined) return;
    out.push({ text: form, key, prefix, ...parts, order });
  };

  for (const phrase of NOT_PLACES) add(phrase, null, [RANK.notPlace], false);
  for (const s of SUPPLEMENT) for (const form of s.forms) add(form, s.key, [RANK.supplement], false);
  for (const c of countries) {
    // Between two countries with a form in common, the independent UN member, then the larger, wins:
    // `Dominican` is the Dominican Republic's, `American` the United States', `French` France's.
    const tie = [c.independent ? 0 : 1, c.unMember ? 0 : 1, -c.area];
    const key = c.cca3;
    add(c.name.common, key, [RANK.common, ...tie]);
    add(c.name.official, key, [RANK.official, ...tie]);
    for (const s of c.altSpellings) add(s, key, [RANK.spelling, ...tie]);
    const eng = c.demonyms.eng;
    const demonyms = new Set(
      eng ? [eng.m, eng.f].flatMap((d) => d.split(/,\s*|\s+or\s+/)).filter((d) => d.length > 0) : [],
    );
    for (const d of demonyms) {
      add(d, key, [RANK.demonym, ...tie]);
      const plural = pluralDemonym(d);
      if (plural !== undefined && d !== c.name.common && !c.capital.includes(d))
        add(plural, key, [RANK.demonym, ...tie]);
    }
    for (const cap of c.capital) add(cap, key, [RANK.capital, ...tie]);
  }
  return out;
}

function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

interface Tables {
  index: Map<string, Entry[]>;
  places: Map<string, Place>;
  sorted: readonly Place[];
}

function build(): Tables {
  const candidates = buildCandidates();
  const best = new Map<string, Candidate>();
  for (const c of candidates) {
    const id = c.tokens.join(' ') + (c.prefix ? '-' : '');
    const prev = best.get(id);
    if (prev === undefined || compareOrder(c.order, prev.order) < 0) best.set(id, c);
  }

  const index = new Map<string, Entry[]>();
  for (const c of best.values()) {
    const first = c.tokens[0]!;
    const list = index.get(first) ?? [];
    list.push({ tokens: c.tokens, caps: c.caps, key: c.key, prefix: c.prefix });
    index.set(first, list);
  }
  for (const list of index.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);

  const names = new Map<string, string>(Object.entries(SUPPLEMENT_NAMES));
  for (const c of countries) names.set(c.cca3, c.name.common);
  const aliases = new Map<string, string[]>();
  for (const c of candidates) {
    if (c.key === null) continue;
    const winner = best.get(c.tokens.join(' ') + (c.prefix ? '-' : ''));
    if (winner?.key !== c.key) continue;
    const text = c.prefix ? `${c.text}-` : c.text;
    const list = aliases.get(c.key) ?? [];
    const name = names.get(c.key);
    if (text !== name && !list.includes(text)) list.push(text);
    aliases.set(c.key, list);
  }
  const places = new Map<string, Place>();
  for (const [key, name] of names) places.set(key, { key, name, aliases: aliases.get(key) ?? [] });
  const sorted = [...places.values()].sort((a, b) => a.name.localeCompare(b.name, 'en'));
  return { index, places, sorted };
}

const TABLES = build();

/**
 * A cheap signature of a plain ASCII token (letters, digits, inner `'`): its first three characters, case
 * folded, and its length; -1 for any other token (dots, accents, curly apostrophes), which takes the slow
 * path. Most capitalised words in news are no place's first token (`The`, `Corp`, `Smith`): their
 * signature is missing from {@link FIRST_TOKEN_SIGNATURES}, and they cost no substring and no map lookup.
 */
function signature(text: string, from: number, to: number): number {
  let sig = 0;
  for (let j = from; j < from + 3; j++) {
    let code = 0;
    if (j < to) {
      const c = text.charCodeAt(j) | 0x20; // ASCII letters to lowercase; digits and `'` keep their bit
      if (c >= 97 && c <= 122) code = c - 96;
      else if (c === 39) code = 27;
      else if (c >= 48 && c <= 57) code = 28;
      else return -1;
    }
    sig = sig * 32 + code;
  }
  for (let j = from + 3; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c >= 0x80 || c === 46) return -1;
  }
  return sig * 64 + Math.min(to - from, 63);
}

/** Signatures of the first tokens of all forms (exact for ASCII tokens: their normal form is their lowercase). */
const FIRST_TOKEN_SIGNATURES = (() => {
  const table = new Uint8Array(32 * 32 * 32 * 64);
  for (const first of TABLES.index.keys()) {
    const sig = signature(first, 0, first.length);
    if (sig >= 0) table[sig] = 1;
  }
  return table;
})();

// ---------------------------------------------------------------------------------------------------------
// Article text

/** A token read after the first one of a candidate form. */
interface Follower {
  norm: string;
  core: string;
  /** End of the token without its possessive ending. */
  coreEnd: number;
  /** End of the token (where the next separator starts). */
  end: number;
}

/** Up to `max` tokens after position `from`, each across whitespace or a hyphen. */
function readFollowers(text: string, from: number, max: number): Follower[] {
  const out: Follower[] = [];
  let pos = from;
  while (out.length < max) {
    const start = nextTokenStart(text, pos);
    if (start < 0) break;
    const end = tokenEnd(text, start);
    const raw = text.slice(start, end);
    const p = possessiveLength(raw);
    const core = p === 0 ? raw : raw.slice(0, raw.length - p);
    out.push({ norm: normToken(core), core, coreEnd: end - p, end });
    pos = end;
  }
  return out;
}

/**
 * The mention of the longest form starting with the token `[start, end)`, or undefined. `end` of the
 * result is where scanning goes on (after a possessive ending); the span leaves the ending out.
 */
function matchAt(
  text: string,
  start: number,
  end: number,
  bucket: readonly Entry[],
): { key: string | null; spanEnd: number; end: number } | undefined {
  const raw = text.slice(start, end);
  const p = possessiveLength(raw);
  const core = p === 0 ? raw : raw.slice(0, raw.length - p);
  let followers: Follower[] | undefined;
  for (const e of bucket) {
    if (e.caps[0] && !isCaps(core)) continue;
    const n = e.tokens.length;
    let last = { end, spanEnd: end - p };
    if (n > 1) {
      // The bucket is sorted longest first: read as many tokens as its longest form needs, once.
      followers ??= readFollowers(text, end, n - 1);
      if (followers.length < n - 1) continue;
      let ok = true;
      for (let i = 1; i < n; i++) {
        const f = followers[i - 1]!;
        if (f.norm !== e.tokens[i] || (e.caps[i] && !isCaps(f.core))) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      const f = followers[n - 2]!;
      last = { end: f.end, spanEnd: f.coreEnd };
    }
    if (e.prefix && text.charCodeAt(last.end) !== 45) continue;
    return { key: e.key, ...last };
  }
  return undefined;
}

/**
 * Every place named in a sentence or passage of article text, in order, with its span (which leaves out
 * a possessive ending: `China` of `China's`). The longest form wins (`Papua New Guinea`, not `Guinea`).
 * A form must start with a capital letter (so `turkey` the bird and `china` plates are not places), and
 * abbreviations must be written in capitals as whole tokens (`US` and `U.S.`, never `us` or `Us`);
 * ALL-CAPS headlines match (`ARGENTINA-BRAZIL TRADE`). Hyphenated compounds give one mention per part
 * (`Kazakh-Chinese`, `Sino-Japanese`). First names that are countries (`Jordan`, `Chad`) are accepted
 * false positives.
 *
 * One scan for capitals that do not follow a letter ({@link START}); each starts a token and one map
 * lookup, so the cost is linear in the length of the text.
 */
export function findPlaces(text: string): PlaceMention[] {
  const out: PlaceMention[] = [];
  const { index } = TABLES;
  const start = START;
  start.lastIndex = 0;
  // `test` rather than `exec`: no match object to allocate; the match is one character long.
  while (start.test(text)) {
    const i = start.lastIndex - 1;
    const end = tokenEnd(text, i);
    // The look-behind knows Latin letters; a letter of another script before the capital is checked here.
    if (i > 0 && isWordCode(text.charCodeAt(i - 1))) {
      start.lastIndex = end;
      continue;
    }
    const p = possessiveAt(text, i, end);
    const sig = signature(text, i, end - p);
    if (sig >= 0 && FIRST_TOKEN_SIGNATURES[sig] === 0) {
      start.lastIndex = end;
      continue;
    }
    const bucket = index.get(normToken(text.slice(i, end - p)));
    const match = bucket === undefined ? undefined : matchAt(text, i, end, bucket);
    if (match === undefined) {
      start.lastIndex = end;
    } else {
      if (match.key !== null) out.push({ key: match.key, span: { start: i, end: match.spanEnd } });
      start.lastIndex = match.end;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// What users type

/** A user's words as normalised tokens, with the words as typed (for reporting unknown ones). */
interface QueryToken {
  norm: string;
  word: string;
}

/**
 * Tokens of a user's phrase: case and accents folded, dots dropped (`u.s.` is `us`), other punctuation
 * and hyphens separating words, possessives dropped.
 */
function queryTokens(phrase: string): QueryToken[] {
  const out: QueryToken[] = [];
  for (const word of phrase.split(/[\s,;:/&+|()[\]{}!?"“”–—-]+/)) {
    const norm = fold(word)
      .replace(/\./g, '')
      .replace(/[^\p{L}\p{N}']+/gu, '')
      .replace(/^'+|'+$/g, '')
      .replace(/'s$/, '');
    if (norm.length > 0) out.push({ norm, word });
  }
  return out;
}

/** The longest form starting at token `i` of a user's phrase, case-insensitive. */
function longestAt(tokens: readonly QueryToken[], i: number): Entry | undefined {
  const bucket = TABLES.index.get(tokens[i]?.norm ?? '');
  if (bucket === undefined) return undefined;
  return bucket.find((e) => e.tokens.every((t, j) => tokens[i + j]?.norm === t));
}

/**
 * The place a user means by a name, or undefined: case-insensitive, accent-folded and punctuation-tolerant
 * (`kazakhstan`, `Kazakh`, `prc`, `u.s.`, `usa`, `america`, `uk`, `britain`, `south korea`, `soviet union`,
 * `the netherlands`). Unlike in article text, abbreviations match in any case (`us`).
 */
export function resolvePlace(name: string): Place | undefined {
  let tokens = queryTokens(name);
  if (tokens.length > 1 && tokens[0]?.norm === 'the') tokens = tokens.slice(1);
  if (tokens.length === 0) return undefined;
  const e = longestAt(tokens, 0);
  if (e === undefined || e.key === null || e.tokens.length !== tokens.length) return undefined;
  return TABLES.places.get(e.key);
}

/**
 * Split a user's phrase into places, greedily by longest match: `south korea japan` gives South Korea and
 * Japan. Double-quoted parts (`"united states"`, also curly quotes) are taken whole. Connecting words
 * (`and`, `vs`, `between`, `the` ...) are skipped; each other word that starts no place is returned in
 * `unknown` as typed, and a quoted part that is no place is returned whole. A place named twice is
 * listed once, in the order of first mention.
 */
export function parsePlaces(words: string): { places: Place[]; unknown: string[] } {
  const places: Place[] = [];
  const unknown: string[] = [];
  const push = (key: string | null): void => {
    const place = key === null ? undefined : TABLES.places.get(key);
    if (place !== undefined && !places.includes(place)) places.push(place);
  };
  for (const m of words.matchAll(/"([^"]*)"?|“([^”]*)”?|([^"“]+)/g)) {
    const quoted = m[1] ?? m[2];
    if (quoted !== undefined) {
      const place = resolvePlace(quoted);
      if (place !== undefined) push(place.key);
      else if (quoted.trim().length > 0) unknown.push(quoted.trim());
      continue;
    }
    const tokens = queryTokens(m[3] ?? '');
    for (let i = 0; i < tokens.length; ) {
      const e = longestAt(tokens, i);
      if (e !== undefined) {
        const phrase = tokens.slice(i, i + e.tokens.length).map((t) => t.word);
        if (e.key === null) unknown.push(phrase.join(' '));
        else push(e.key);
        i += e.tokens.length;
        continue;
      }
      const t = tokens[i]!;
      if (!CONNECTORS.has(t.norm)) unknown.push(t.word);
      i++;
    }
  }
  return { places, unknown };
}

/** The place of a key (`KAZ`, `SUN`; any case), or undefined. */
export function placeByKey(key: string): Place | undefined {
  return TABLES.places.get(key.toUpperCase());
}

/** Every place, sorted by name (for autocomplete). */
export function allPlaces(): readonly Place[] {
  return TABLES.sorted;
}

/**
 * How many of the capitalised words `words[i..end)` make the longest place form starting at `words[i]`
 * (`['Papua', 'New', 'Guinea', 'Minister']` at 0: 3), or 0. For readers of names: a place is not part of
 * a person's name, and a run that is only a place names no one. Words are compared as in article text
 * (abbreviations in capitals), one word per token, so a hyphenated word (`Kazakh-Chinese`) is no place
 * here; phrases that are places but not countries (`New Jersey`, `Latin America`) count.
 */
export function placeWordsAt(words: readonly string[], i: number, end = words.length): number {
  const first = words[i];
  if (first === undefined || i >= end) return 0;
  const core = first.slice(0, first.length - possessiveLength(first));
  const bucket = TABLES.index.get(normToken(core));
  if (bucket === undefined) return 0;
  for (const e of bucket) {
    const n = e.tokens.length;
    if (e.prefix || i + n > end || (e.caps[0] && !isCaps(core))) continue;
    let ok = true;
    for (let k = 1; k < n && ok; k++) {
      const w = words[i + k]!;
      const c = w.slice(0, w.length - possessiveLength(w));
      ok = normToken(c) === e.tokens[k] && (!e.caps[k] || isCaps(c));
    }
    if (ok) return n;
  }
  return 0;
}
