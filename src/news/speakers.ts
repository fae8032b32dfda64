import { givenNameGender } from '../lexicon/given-names.ts';
import { fold } from './fold.ts';
import type { Library } from './library.ts';
import { nameParts } from './quotes/match.ts';
import { GIVEN_NAME_HONORIFICS, HONORIFICS, ORG, PARTICLES, PEERAGE, ROLE, STOP } from './quotes/words.ts';

/**
 * Speakers as people: which speaker names of the archive are one person. The quote extractor resolves
 * names within an article (`Mr Wellington` → `Bob Wellington`), but across articles the same person is
 * `Reagan` in one and `Ronald Reagan` in another. This table, built once with the index, joins such
 * names into one person, as far as the text allows and never by guessing.
 *
 * Names are compared as `/quote` compares them ({@link nameParts}: case, accents, apostrophes and the
 * possessive off, hyphens and spaces alike), and the rules are, in order:
 *
 * 1. **The same name is one person**: `Kassym-Jomart Tokayev` = `Kassym Jomart Tokayev`, `Sánchez` =
 *    `Sanchez`.
 * 2. **Courtesy honorifics are not part of the name** (`Mr`, `Mrs`, `Ms`, `Miss`, `Dr`, `Prof`, `Rev`,
 *    `Mme`, `Mlle` in front): they are how an article refers to someone already named, and `/quote`
 *    ignores them too, so `Dr Ahmed` is read as `Ahmed`. Their gender is kept: names whose honorifics
 *    differ in gender (`Mr Smith`, `Mrs Smith`) are never one person, nor is `Mrs Smith` the person of a
 *    full name whose given name is a man's (`John Smith`).
 * 3. **A knighthood in front of a full name is dropped** (`Sir Menzies Campbell` = `Menzies Campbell`):
 *    the title is added to the name, not put in its place. In front of one name (`Sir Menzies`) it
 *    marks the given name, which must not be read as a surname: such a name stays with itself.
 * 4. **A peer's title stays**: `Lord Browne` is John Browne of BP, not Des Browne; `Lord Barber` is not
 *    Brendan Barber. A peerage names the peer, not necessarily by his surname, so `Lord X` is never `X`
 *    nor `<given> X`, only `Lord X` again. `Lady` and `Baroness` are one title (a baroness is styled
 *    Lady: `Baroness Boothroyd` = `Lady Boothroyd`), as are `Lord` and `Baron`.
 * 5. **A unique trailing part is an alias**: a shorter name that is the end of a longer one, from one of
 *    its space-separated words on, is that person when all the longer names it ends belong to one
 *    person (`Reagan` → `Ronald Reagan`, `Tokayev` → `Kassym-Jomart Tokayev`; `Rafsanjani` → `Ali
 *    Akbar Hashemi Rafsanjani`, also when `Hashemi Rafsanjani` is there too). When they belong to
 *    several (`Bush` with `George Bush` and `Jeb Bush`) the name stays on its own: which of them an
 *    article meant is a guess. The end must start at a whole word, and not just after a name particle:
 *    `Smith` is not the end of `Jane Heywood-Smith`, whose surname is `Heywood-Smith`, nor `Vries` of
 *    `Rimmer de Vries`, whose surname is `de Vries`. A name written as a possessive is a firm's
 *    (`Lloyd's`, the insurance market): never `Dai Lloyd`.
 * 6. **Only in the same outlet, at the same time**: an article names a person by surname alone when its
 *    readers know whom it means, the person its outlet covers under the full name in those years. So a
 *    longer name counts for rule 5 only when it is quoted in every source the shorter one is quoted in,
 *    within {@link YEARS} years there when both are dated. Across outlets and decades the same surname
 *    is someone else as often as not: in the shared corpus, the BBC's 2005 `Bush` (George W.) is not
 *    Reuters' 1987 `George Bush` (his father), nor Reuters' `Sheikh Ali` the BBC's `Ifzal Ali`.
 * 7. **Middle initials are part of the name**: `George W. Bush` and `George Bush` are two people (son
 *    and father), so initials are never dropped to join names; and `Bush` beside both is ambiguous by 5.
 * 8. **The article's own words come first**: a short name is not an alias when an article it is quoted
 *    in names someone else in full by it and never the longer name (`Mr Baker` of the Lib Dems is the
 *    `Norman Baker` his article names, not the analyst `Stephen Baker` quoted elsewhere; `Mr Rubin`'s
 *    article names `David Rubin`, not the judge `Rand Rubin`). The extractor resolves a short name to
 *    the full name its article gives when it can; where it could not, the article's mention still
 *    says who it is. A mention in full is the capitalised words just before the name, titles, roles,
 *    honorifics and sentence openers off (`Federal Reserve Chairman Alan Greenspan` → `Alan Greenspan`).
 *
 * A given name alone is never joined to anyone: it is the start of a full name, not its end.
 */

/** Rule 6: how many years apart two dated names may be quoted in one outlet and still be one person. */
export const YEARS = 5;

/** Which speakers (indexes into `lib.speakers`) are one person. */
export interface SpeakerTable {
  /** The person of each speaker, an index into {@link people}; -1 for a speaker without quotes. */
  personOf: Int32Array;
  /**
   * Each person's speakers: first the name the person goes by (the longest full name, the most quoted
   * among equals), then the others in ascending order.
   */
  people: number[][];
}

/** Where a speaker is quoted: in one source (`''` when the articles name none), the years it spans. */
export interface Outlet {
  /** Earliest and latest year of its dated quotes there (`Infinity`, `-Infinity` when none is dated). */
  from: number;
  to: number;
}

/** What the table knows of a speaker: its name, how many quotes, and where and when. */
export interface SpeakerFacts {
  name: string;
  quotes: number;
  outlets: Map<string, Outlet>;
  /** The articles it is quoted in (indexes for the table's `textOf`), ascending. */
  articles: number[];
}

/** The facts of each speaker of a library, from its quotes (`bySpeaker`, removed articles left out). */
export function speakerFacts(lib: Library, bySpeaker: readonly (readonly number[])[]): SpeakerFacts[] {
  return lib.speakers.map((name, i) => {
    const outlets = new Map<string, Outlet>();
    const articles: number[] = [];
    const ids = bySpeaker[i] ?? [];
    for (const id of ids) {
      const a = lib.passages[id]!.article;
      if (articles[articles.length - 1] !== a) articles.push(a);
      const { source, date } = lib.articles[a]!;
      const key = source ?? '';
      let o = outlets.get(key);
      if (!o) {
        o = { from: Infinity, to: -Infinity };
        outlets.set(key, o);
      }
      const year = date ? Number(date.slice(0, 4)) : Number.NaN;
      if (Number.isFinite(year)) {
        o.from = Math.min(o.from, year);
        o.to = Math.max(o.to, year);
      }
    }
    return { name, quotes: ids.length, outlets, articles };
  });
}

/**
 * A title kept with the name: a peerage (`lord`, `lady`) or a knighthood before a given name (`sir`);
 * or `firm` for a name written as a possessive (`Lloyd's`, `McDonald's`), a firm's and no one's surname.
 */
type Title = '' | 'lord' | 'lady' | 'sir' | 'dame' | 'firm';

interface Form {
  speaker: number;
  title: Title;
  /** The gender a courtesy honorific or a knighthood gave the name, if any. */
  gender: 'm' | 'f' | null;
  /** Folded name words, titles off. */
  words: string[];
  /** Where each space-separated word of the name starts in {@link words}. */
  starts: number[];
  /** The space-separated words, folded, hyphens kept (`kassym-jomart`, `tokayev`): as in the text. */
  tokens: string[];
  /** Where each {@link starts} may begin an alias: not the first, nor just after a name particle. */
  ends: number[];
  facts: SpeakerFacts;
}

const PEER_TITLE: ReadonlyMap<string, Title> = new Map([
  ['lord', 'lord'],
  ['baron', 'lord'],
  ['lady', 'lady'],
  ['baroness', 'lady'],
]);

/** A speaker as a {@link Form}, or null when no name words are left. */
function formOf(speaker: number, facts: SpeakerFacts): Form | null {
  const parts = nameParts(facts.name);
  let title: Title = /['’]s$/u.test(facts.name.trim()) ? 'firm' : '';
  let gender: 'm' | 'f' | null = null;
  let s = 0;
  while (s < parts.length - 1 && parts[s]!.length === 1 && HONORIFICS.has(parts[s]![0]!)) {
    const h = parts[s]![0]!;
    if (title === 'firm') break;
    if (PEERAGE.has(h)) title = PEER_TITLE.get(h) ?? 'lord';
    else if (GIVEN_NAME_HONORIFICS.has(h) && parts.length - s === 2) title = h as Title;
    gender = HONORIFICS.get(h) ?? gender;
    s++;
  }
  const starts: number[] = [];
  const words: string[] = [];
  const tokens: string[] = [];
  const ends: number[] = [];
  for (const p of parts.slice(s)) {
    const t = p.join('-');
    if (tokens.length && !NAME_PARTICLES.has(tokens[tokens.length - 1]!)) ends.push(words.length);
    starts.push(words.length);
    words.push(...p);
    tokens.push(t);
  }
  if (!words.length) return null;
  return { speaker, title, gender, words, starts, tokens, ends, facts };
}

/** Particles inside a name that belong to the surname after them (`de Vries`, `van Gaal`, `bin Talal`). */
const NAME_PARTICLES: ReadonlySet<string> = new Set([...PARTICLES].filter((p) => p !== 'of' && p !== 'the'));

/** The gender of a name: its honorific's, else its given name's (a name of two words or more). */
function genderOf(f: Form): 'm' | 'f' | undefined {
  if (f.gender) return f.gender;
  if (f.title || f.starts.length < 2) return undefined;
  return givenNameGender(f.words[0]!);
}

/**
 * May `short` be the same person as `long`? Same title (rules 3, 4), no clash of genders (rule 2), and
 * `long` quoted wherever and whenever `short` is (rule 6). A gender is looked up only when a courtesy
 * honorific gives one (rare: the extractor resolves them), so the given-name lists load only then.
 */
function compatible(short: Form, long: Form): boolean {
  if (short.title !== long.title) return false;
  for (const [source, o] of short.facts.outlets) {
    const l = long.facts.outlets.get(source);
    if (!l) return false;
    if (o.from <= o.to && l.from <= l.to && (o.from - l.to > YEARS || l.from - o.to > YEARS)) return false;
  }
  if (!short.gender && !long.gender) return true;
  const a = genderOf(short);
  const b = genderOf(long);
  return !a || !b || a === b;
}

const keyOf = (title: Title, words: readonly string[]): string => `${title}|${words.join(' ')}`;

/**
 * Does one name end the other (`Alan Greenspan` and `Greenspan`, `Tory Dominic Grieve` and `Dominic
 * Grieve`)? An initial stands for a word with its letter (`F. Wilhelm Christians`, `Friedrich Wilhelm
 * Christians`): for rule 8 only, where a mention that may be the longer name must not count against it.
 */
function endsEither(a: readonly string[], b: readonly string[]): boolean {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  const off = long.length - short.length;
  return short.every((w, i) => {
    const l = long[off + i]!;
    return l === w || (w.length === 1 && l.startsWith(w)) || (l.length === 1 && w.startsWith(l));
  });
}

/** A word in capitals (`REAGAN`, `URGES`): a wire headline, which says nothing of how a name is written. */
function shouted(w: string): boolean {
  return !/\p{Ll}/u.test(w) && /\p{Lu}.*\p{Lu}/u.test(w);
}

/** A word before a name that is not part of it: an honorific, a role, a sentence opener, an organisation. */
function notAName(folded: string): boolean {
  return HONORIFICS.has(folded) || ROLE.has(folded) || STOP.has(folded) || ORG.has(folded);
}

/** Punctuation that ends a phrase after a word (`said, Baker`), and that opens one before a word. */
const TRAILING = /[,.;:!?)\]"”’'»]+$/u;
const LEADING = /^[(["“‘'«]+/u;
/** A nickname in quotes inside a name (`Antonio "LA" Reid`). */
const NICKNAME = /^["“][^\s"“”]+["”]$/u;

/** What rule 8 reads of a name: its space-separated words and its words (see {@link Form}). */
export type NameWords = Pick<Form, 'tokens' | 'words'>;

/**
 * Rule 8: does the text name someone else by `short`, and never `long`? Each mention of `short`'s words
 * with capitalised words just before it is a mention in full: of `long` when one name ends the other.
 * So is `short` just before the surname of someone quoted in the article (`surnames`): there it is a
 * given name (`Sharon Osbourne`, beside `Ozzy Osbourne`), not the end of `long` (`Ariel Sharon`).
 */
export function namesSomeoneElse(
  text: string,
  short: NameWords,
  long: NameWords,
  surnames: ReadonlySet<string> = new Set(),
): boolean {
  const raw = text.split(/\s+/);
  const n = short.tokens.length;
  const last = short.tokens[n - 1]!;
  let other = false;
  const cores: (string | null)[] = new Array(raw.length).fill(null);
  const core = (i: number): string => {
    let c = cores[i];
    if (c == null) {
      c = nameParts(raw[i]!.replace(LEADING, '').replace(TRAILING, ''))
        .map((p) => p.join('-'))
        .join(' ');
      cores[i] = c;
    }
    return c;
  };
  for (let i = n - 1; i < raw.length; i++) {
    // Cheap test first: the last word of the name, as a folded substring of the token.
    if (!fold(raw[i]!).includes(last) || core(i) !== last || shouted(raw[i]!)) continue;
    let k = 1;
    while (k < n && i - k >= 0 && core(i - k) === short.tokens[n - 1 - k] && !TRAILING.test(raw[i - k]!)) k++;
    if (k < n) continue;
    const next = raw[i + 1];
    if (next && !TRAILING.test(raw[i]!) && !/['’]s$/u.test(raw[i]!) && startsUpper(next) && !shouted(next)) {
      if (surnames.has(core(i + 1)) && core(i + 1) !== last) other = true;
    }
    if (i - n >= 0 && LEADING.test(raw[i - n + 1]!)) continue; // `"Baker`: nothing before it counts
    const before: string[] = [];
    for (let j = i - n; j >= 0; j--) {
      const w = raw[j]!;
      if (NICKNAME.test(w)) continue; // `Antonio "LA" Reid`
      if (TRAILING.test(w) && !/^\p{Lu}\.$/u.test(w)) break; // `said, Baker` (but `George W. Bush`)
      const c = core(j);
      if (!c || c.includes(' ')) break;
      const bare = w.replace(LEADING, '');
      if (NAME_PARTICLES.has(bare)) before.unshift(c);
      else if (startsUpper(bare) && !shouted(bare) && !notAName(c) && !/['’]s$/u.test(bare))
        before.unshift(c);
      else break;
      if (LEADING.test(w)) break;
    }
    while (before.length && NAME_PARTICLES.has(before[0]!)) before.shift();
    if (!before.length) continue;
    const mention = [...before.flatMap((t) => t.split('-')), ...short.words];
    if (endsEither(mention, long.words)) return false; // the article names the longer name too
    other = true;
  }
  return other;
}

/** Upper case first letter, as the extractor tells a capitalised word. */
function startsUpper(w: string): boolean {
  return /^\p{Lu}/u.test(w);
}

/**
 * Builds the table over the speakers of a library (see {@link speakerFacts}). A speaker without quotes,
 * such as one of removed articles only, takes no part: it must not make another name ambiguous.
 */
export function buildSpeakerTable(
  speakers: readonly SpeakerFacts[],
  textOf: (article: number) => string = () => '',
): SpeakerTable {
  const forms: Form[] = [];
  speakers.forEach((facts, i) => {
    const f = facts.quotes > 0 ? formOf(i, facts) : null;
    if (f) forms.push(f);
  });
  // Longer names first, so that every name a shorter one could be is placed before it; among equal
  // names those with a gendered honorific first (`Smith` can then see both `Mr Smith` and `Mrs Smith`),
  // then the most quoted (the person's name among equals).
  forms.sort(
    (a, b) =>
      b.words.length - a.words.length ||
      (b.gender ? 1 : 0) - (a.gender ? 1 : 0) ||
      b.facts.quotes - a.facts.quotes ||
      a.speaker - b.speaker,
  );
  // Every name by its whole words and by each proper end it may have (rule 5): the names a shorter
  // name could be.
  const byEnd = new Map<string, number[]>();
  forms.forEach((f, at) => {
    for (const start of [0, ...f.ends]) {
      const key = keyOf(f.title, f.words.slice(start));
      const list = byEnd.get(key);
      if (list) list.push(at);
      else byEnd.set(key, [at]);
    }
  });
  // The surnames of the people quoted in an article, for rule 8 (built on first use).
  let quotedIn: Map<number, Set<string>> | null = null;
  const surnamesIn = (article: number): ReadonlySet<string> => {
    if (!quotedIn) {
      quotedIn = new Map();
      for (const f of forms) {
        for (const a of f.facts.articles) {
          let set = quotedIn.get(a);
          if (!set) {
            set = new Set();
            quotedIn.set(a, set);
          }
          set.add(f.tokens[f.tokens.length - 1]!);
        }
      }
    }
    return quotedIn.get(article) ?? new Set();
  };
  const root = new Int32Array(forms.length);
  forms.forEach((f, at) => {
    root[at] = at;
    const roots = new Set<number>();
    for (const other of byEnd.get(keyOf(f.title, f.words)) ?? []) {
      if (other >= at) break; // placed after this one: not longer, or an equal that comes later
      if (compatible(f, forms[other]!)) roots.add(root[other]!);
    }
    if (roots.size !== 1) return;
    const r = [...roots][0]!;
    const long = forms[r]!;
    // Rule 8, for a shorter name only (the same words need no evidence).
    if (
      long.words.length > f.words.length &&
      f.facts.articles.some((a) => namesSomeoneElse(textOf(a), f, long, surnamesIn(a)))
    )
      return;
    root[at] = r;
  });
  const personOf = new Int32Array(speakers.length).fill(-1);
  const people: number[][] = [];
  const personOfRoot = new Map<number, number>();
  forms.forEach((f, at) => {
    const r = root[at]!;
    let p = personOfRoot.get(r);
    if (p === undefined) {
      p = people.length;
      personOfRoot.set(r, p);
      people.push([]);
    }
    personOf[f.speaker] = p;
    people[p]!.push(f.speaker);
  });
  // A root is placed before the names joined to it, so it comes first: it leads, the rest ascend.
  for (const members of people) {
    const [lead, ...rest] = members;
    members.splice(0, members.length, lead!, ...rest.sort((a, b) => a - b));
  }
  return { personOf, people };
}

/** The speakers of the same person as any of `speakers`, with them, ascending. */
export function samePerson(table: SpeakerTable, speakers: Iterable<number>): number[] {
  const out = new Set<number>();
  for (const s of speakers) {
    out.add(s);
    const p = table.personOf[s] ?? -1;
    if (p >= 0) for (const m of table.people[p]!) out.add(m);
  }
  return [...out].sort((a, b) => a - b);
}
