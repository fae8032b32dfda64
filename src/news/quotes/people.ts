/**
 * Stage 3: the people of one article ({@link People}), with the evidence that a run of capitalised words
 * names a person, and the roles and short forms that refer back to them.
 */
import { givenNameGender } from '../../lexicon/given-names.ts';
import {
  analyzeRun,
  capital,
  findRuns,
  isParticleSurname,
  isPlainNameWord,
  isRoleWord,
  lower,
  normRole,
  type Run,
  type RunInfo,
  runHasWord,
  stripPossessive,
} from './names.ts';
import { COMPANY_ROLE, DETERMINERS, ORG, OTHER_OFFICE, PEERAGE } from './words.ts';

export interface Person {
  /** The full name as the article gives it (`Kassym-Jomart Tokayev`, or `Lord Goldsmith`). */
  name: string;
  first: string;
  last: string;
  words: number;
  /** A gender the text shows (an honorific, a role word, a pronoun that refers to them). */
  gender: 'm' | 'f' | null;
  /**
   * The gender the given name usually carries: a hint only (Lindsey Graham is a man), which keeps a
   * person of the other gender from competing for a `he` or `she`, never a reason to refuse one.
   */
  nameGender: 'm' | 'f' | null;
  /** Lowercased role phrases seen right before the name (`president of kazakhstan`, `housing minister`). */
  roles: string[];
  /** Whether something in the article shows this is a person (a title, a role, an honorific...). */
  evidence: boolean;
  /** Whether the article styles them `Sir` or `Dame`: such a person is never `Mr X` or `Ms X`. */
  knighted: boolean;
  /** Offset of the first mention. */
  pos: number;
}

/** After a name: `, who`, `, of the ...`, `, 45,`, `, aged 30`. */
export const APPOSITION = /^,\s+(?:who|of|aged|\d{1,3},)\s/;
/** After a name: `, a union official`, `, managing director of 3ami` (a role word within four words). */
export function roleApposition(after: string): boolean {
  if (!after.startsWith(', ')) return false;
  const ws = after.slice(2).split(' ', 5);
  for (const raw of ws) {
    const w = raw.replace(/[,.;:]+$/, '');
    if (w && isRoleWord(w)) return true;
    if (w !== raw || !w) return false;
  }
  return false;
}

/** The last few words before `at` (lowercase role words before a name: `housing minister`). */
export function wordsBefore(text: string, at: number, max: number): string[] {
  const chunk = text.slice(Math.max(0, at - 80), at);
  const cut = Math.max(
    chunk.lastIndexOf(','),
    chunk.lastIndexOf('.'),
    chunk.lastIndexOf(';'),
    chunk.lastIndexOf('"'),
  );
  const ws = chunk
    .slice(cut + 1)
    .split(/\s+/)
    .filter(Boolean);
  return ws.slice(-max);
}

/** Whether the word right before `at` is a lowercase role word (`housing minister Cooper`). */
export function roleWordBefore(text: string, at: number): boolean {
  let e = at;
  while (e > 0 && text[e - 1] === ' ') e--;
  let b = e;
  while (b > 0 && text[b - 1] !== ' ') b--;
  const w = text.slice(b, e);
  return w.length > 1 && /^\p{Ll}/u.test(w) && isRoleWord(w);
}

/** The role phrase of lowercase words right before a name, ending with a role word (or ''). */
export function rolePrefix(before: readonly string[]): string {
  if (!before.length || COMPANY_ROLE.test(before.join(' '))) return '';
  // `minister of sport Jaime Lissavetzky`, `secretary for work and pensions Alan Johnson`.
  const of = /(?:^|\s)(\p{Ll}+)\s+(?:of|for)\s+(?:the\s+)?[\p{Ll}\s]{2,30}$/u.exec(before.join(' '));
  if (of && isRoleWord(of[1]!)) return of[0].trim();
  const last = before[before.length - 1]!;
  if (!isRoleWord(stripPossessive(last)) || /\p{Lu}/u.test(last[0]!)) return '';
  let s = before.length - 1;
  while (
    s > 0 &&
    /^[\p{Ll}-]+$/u.test(before[s - 1]!) &&
    !DETERMINERS.has(before[s - 1]!) &&
    before.length - s < 4
  )
    s--;
  return before.slice(s).join(' ');
}

/**
 * The people of one article, found lazily: a run of capitalised words is read (titles, honorifics,
 * evidence) only when a cue asks about one of its words. The runs are searched for the word when it is
 * first asked about rather than indexed by all their words up front: an article asks about a handful of
 * words, and indexing every capitalised word cost more than those searches.
 */
export class People {
  private readonly runs: Run[];
  /** Runs already read. A plain array: a typed array costs an allocation outside the heap per article. */
  private readonly done: boolean[];
  /** Words already asked about: every run with one of them in it has been read. */
  private readonly asked = new Set<string>();
  private readonly list: Person[] = [];
  private readonly byName = new Map<string, Person>();
  private readonly byLast = new Map<string, Person[]>();
  private readonly byFirst = new Map<string, Person[]>();
  /** Surnames seen with an honorific, with its gender. */
  private readonly honorificSurnames = new Map<string, 'm' | 'f' | null>();
  /** Roles seen before a lone surname (`Chancellor Brown`), by surname. */
  private readonly surnameRoles = new Map<string, string[]>();
  /** Names that are firms' (`Eli Lilly` of `Eli Lilly and Co`): never a speaker. */
  private readonly firms = new Set<string>();
  private all = false;

  constructor(private readonly text: string) {
    this.runs = findRuns(text);
    this.done = new Array<boolean>(this.runs.length).fill(false);
  }

  /** Reads every run that has `word` in it, in text order (all runs when `word` is null). */
  private ensure(word: string | null): void {
    if (this.all) return;
    if (word !== null) {
      if (this.asked.has(word)) return;
      this.asked.add(word);
    }
    for (let r = 0; r < this.runs.length; r++) {
      if (this.done[r] || (word !== null && !runHasWord(this.runs[r]!, word))) continue;
      this.done[r] = true;
      this.read(this.runs[r]!);
    }
    if (word === null) this.all = true;
  }

  private read(run: Run): void {
    const { text } = this;
    // A lone capitalised word (most of them: sentence starts, places, companies) is not a name unless
    // a role word comes right before it (`housing minister Cooper`).
    if (run.tokens.length === 1 && !roleWordBefore(text, run.start)) return;
    const info = analyzeRun(run.tokens.map(stripPossessive));
    if (!info.core.length) return;
    if (info.org) {
      // `Charles Schwab Corp`, `Eli Lilly and Co`: the name part is the firm's, never a person's.
      const firm = firmName(run.tokens.map(stripPossessive));
      if (firm) this.firms.add(firm);
      return;
    }
    const name = info.core.join(' ');
    if (!info.ofSomething && FIRM_AFTER.test(text.slice(run.end, run.end + 24))) {
      this.firms.add(name);
      return;
    }
    const prefix = rolePrefix(wordsBefore(text, run.start, 6));
    if (info.core.length === 1 || isParticleSurname(info.core)) {
      const last = info.core[info.core.length - 1]!;
      if (info.honorific) {
        if (!this.honorificSurnames.has(last) || info.gender) this.honorificSurnames.set(last, info.gender);
        if (PEERAGE.has(info.honorific))
          this.add(`${capital(info.honorific)} ${last}`, info, prefix, run, true);
      } else if (info.titled || prefix) {
        for (const r of [info.role, prefix]) if (r) push(this.surnameRoles, last, normRole(r));
      }
      return;
    }
    const evidence =
      info.titled ||
      info.honorific !== null ||
      prefix !== '' ||
      info.ofSomething ||
      APPOSITION.test(text.slice(run.end, run.end + 12)) ||
      roleApposition(text.slice(run.end, run.end + 60)) ||
      givenNameGender(info.core[0]!) !== undefined;
    this.add(name, info, prefix, run, evidence);
  }

  private add(name: string, info: RunInfo, prefix: string, run: Run, evidence: boolean): void {
    let p = this.byName.get(name);
    if (!p) {
      const words = name.split(' ');
      p = {
        name,
        first: words[0]!,
        last: words[words.length - 1]!,
        words: words.length,
        gender: info.gender,
        nameGender: words.length > 1 ? (givenNameGender(words[0]!) ?? null) : null,
        roles: [],
        evidence,
        pos: run.start,
        knighted: false,
      };
      this.byName.set(name, p);
      this.list.push(p);
      push(this.byLast, p.last, p);
      push(this.byFirst, p.first, p);
    }
    p.evidence ||= evidence;
    p.gender ??= info.gender;
    p.knighted ||= info.honorific === 'sir' || info.honorific === 'dame';
    p.pos = Math.min(p.pos, run.start);
    for (const r of [info.role, prefix]) {
      const n = normRole(r);
      if (n && !p.roles.includes(n)) p.roles.push(n);
    }
  }

  /** Evidence and gender from an honorific use of the surname (`Tony Blair` ... `Mr Blair`). */
  private settle(p: Person): Person {
    if (this.honorificSurnames.has(p.last)) {
      p.evidence = true;
      p.gender ??= this.honorificSurnames.get(p.last) ?? null;
    }
    return p;
  }

  /** The person with this full name, if the article shows them to be a person. */
  full(name: string): Person | undefined {
    const words = name.split(' ');
    this.ensure(stripPossessive(words[words.length - 1]!));
    const p = this.byName.get(name);
    return p && !this.firms.has(name) && this.settle(p).evidence ? p : undefined;
  }

  /**
   * The person a surname (or, after `Sir`, a given name) refers to at `pos`: the latest one named before,
   * among those of `gender` when an honorific or a role tells it.
   */
  short(
    word: string,
    pos: number,
    byFirst = false,
    gender: 'm' | 'f' | null = null,
    honorific: string | null = null,
  ): Person | undefined {
    this.ensure(word);
    let named = (byFirst ? this.byFirst : this.byLast)
      .get(word)
      ?.filter((p) => p.words >= 2 && !this.firms.has(p.name));
    // `Mrs. Clinton` with Bill and Hillary Clinton in the article: the one whose gender agrees.
    if (gender && named) {
      const agree = named.filter((p) => (p.gender ?? p.nameGender ?? gender) === gender);
      if (agree.length) named = agree;
    }
    // `Mr Blair` with Sir Ian Blair and Tony Blair in the article: not the knight.
    if (honorific && PLAIN_HONORIFICS.has(honorific) && named) {
      const plain = named.filter((p) => !p.knighted);
      if (plain.length) named = plain;
    }
    if (!named?.length) return undefined;
    // People the article shows to be people first; else one bare full name, the only one it can be.
    const shown = named.filter((p) => this.settle(p).evidence);
    const cands = (shown.length ? shown : named.length === 1 ? named : []).sort((a, b) => a.pos - b.pos);
    if (!cands.length) return undefined;
    // Of several people with the surname, the one the article introduced first: relatives and others
    // named later are called by their full or given names (`Carly Fiorina` ... `her husband, Frank
    // Fiorina` ... `Fiorina said`).
    const before = cands.filter((p) => p.pos <= pos);
    return before[0] ?? cands[0];
  }

  /**
   * Whether a person other than `who` is named in `[start, end)` outside quotes (`masked` shows what is
   * quoted), someone a `he` or `she` of that gender could also mean.
   */
  otherPersonIn(start: number, end: number, who: string, gender: 'm' | 'f', masked: string): boolean {
    let lo = 0;
    let hi = this.runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.runs[mid]!.start < start) lo = mid + 1;
      else hi = mid;
    }
    const whoLast = who.split(' ').pop()!;
    for (let r = lo; r < this.runs.length && this.runs[r]!.start < end; r++) {
      const run = this.runs[r]!;
      if (run.tokens.length < 2 || masked.charCodeAt(run.start) !== this.text.charCodeAt(run.start)) continue;
      const info = analyzeRun(run.tokens.map(stripPossessive));
      if (!info.core.length || info.org) continue;
      const last = stripPossessive(info.core[info.core.length - 1]!);
      if (last === whoLast) continue;
      let p: Person | undefined;
      if (info.core.length >= 2) p = this.full(info.core.join(' '));
      else if (info.honorific || info.titled) p = this.short(last, run.start);
      if (!p && !info.honorific && !info.titled) continue;
      const g = p?.gender ?? info.gender ?? p?.nameGender;
      if (g && g !== gender) continue;
      return true;
    }
    return false;
  }

  /** Whether a surname was used with an honorific somewhere in the article. */
  hasHonorific(last: string): boolean {
    this.ensure(last);
    return this.honorificSurnames.has(last);
  }
  /** Whether a lone surname was seen with a title before it (`President Obama`, `Sen. Cruz`). */
  hasTitle(last: string): boolean {
    this.ensure(last);
    return this.surnameRoles.has(last);
  }

  /** The one person introduced with this role before `pos` (`president of kazakhstan`, `minister`). */
  byRole(phrase: string, pos: number): Person | undefined {
    this.ensure(null);
    let found: Person | undefined;
    for (const p of this.list) {
      if (p.pos > pos || p.words < 2 || !this.settle(p).evidence) continue;
      const roles = p.roles.concat(this.surnameRoles.get(p.last) ?? []);
      if (roles.some((r) => roleFits(r, phrase))) {
        if (found && found !== p) return undefined; // two people fit: do not guess
        found = p;
      }
    }
    return found;
  }
}

/** Whether a role a person was introduced with (`housing minister`) fits a later phrase (`minister`). */
export function roleFits(role: string, phrase: string): boolean {
  if (role === phrase) return true;
  if (!role.endsWith(` ${phrase}`)) return false;
  const extra = role.slice(0, -phrase.length - 1).split(/[\s-]+/);
  return !extra.some((w) => OTHER_OFFICE.has(w));
}

export function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

/** After a name, what makes it a firm's: `Eli Lilly and Co`, `..., which`, `Texaco raised its`, `Rocky Linux describes itself`. */
const FIRM_AFTER =
  /^(?:,?\s+(?:and|&)\s+(?:Co|Cos|Company|Sons|Partners)\b|,\s+which\b|\s+(?:\p{Ll}+\s+){1,2}(?:its|itself)\b)/u;

/** The person-like name a firm's run starts with (`Charles Schwab` of `Charles Schwab Corp`), or null. */
function firmName(tokens: readonly string[]): string | null {
  const cut = tokens.findIndex((t) => ORG.has(lower(t)));
  const head = cut < 0 ? [] : tokens.slice(0, cut);
  return head.length >= 2 && head.every(isPlainNameWord) ? head.join(' ') : null;
}

/** Honorifics anyone may have: a knight or dame is called `Sir`/`Dame`, not these. */
const PLAIN_HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss']);
