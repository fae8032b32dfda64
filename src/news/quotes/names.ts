/**
 * Names and runs: capitalised words, runs of them joined by name particles, and how a run reads once
 * titles, honorifics, places and sentence openers are taken off ({@link analyzeRun}).
 */
import { givenNameGender } from '../../lexicon/given-names.ts';
import { memoized } from '../memo.ts';
import { placeWordsAt, resolvePlace } from '../places.ts';
import {
  ABBREVIATED_TITLES,
  DETERMINERS,
  HONORIFICS,
  ORG,
  PARTICLES,
  ROLE,
  ROLE_GENDER,
  STOP,
  SURNAME_ORG,
  SURNAME_PARTICLES,
  SURNAME_ROLES,
  TITLE_MODIFIERS,
} from './words.ts';

export const lower = (w: string): string => w.toLowerCase();

/** `/^\p{Lu}/u.test(w)`, without the expression for ASCII. */
export function startsUpper(w: string): boolean {
  const c = w.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  return /^\p{Lu}/u.test(w);
}

/** A capitalised word that can be part of a name: `Tokayev`, `Kassym-Jomart`, `O'Brien`, `McDonald`. */
export function isNameWord(w: string): boolean {
  // Most words are ASCII: a capital then a small letter settles it without an expression.
  const a = w.charCodeAt(0);
  const b = w.charCodeAt(1);
  if (a >= 65 && a <= 90 && b >= 97 && b <= 122) return true;
  return (
    /^\p{Lu}[\p{Ll}\p{M}]/u.test(w) ||
    /^(?:O|D)['’]\p{Lu}/u.test(w) ||
    /^(?:al|el|bin|ibn|abu|ad|ash)-\p{Lu}/u.test(w) ||
    /^\p{Lu}\.$/u.test(w) || // an initial: George W. Bush
    /^(?:II|III|IV)$/.test(w) // Brent Bozell III
  );
}

/** `/['’]s$|s['’]$/u.test(w)`, by character code: asked of every capitalised word of an article. */
export function isPossessive(w: string): boolean {
  const n = w.length;
  if (n < 2) return false;
  const a = w.charCodeAt(n - 2);
  const b = w.charCodeAt(n - 1);
  return b === 115 ? a === 39 || a === 0x2019 : a === 115 && (b === 39 || b === 0x2019);
}

export function stripPossessive(w: string): string {
  if (!w.includes("'") && !w.includes('’')) return w;
  return w.replace(/['’]s$/u, '').replace(/(s)['’]$/u, '$1');
}

export function isRoleWord(w: string): boolean {
  const l = lower(w);
  if (ROLE.has(l)) return true;
  if (l.includes('-')) return l.split('-').some((p) => ROLE.has(p));
  return false;
}

/** How a run of capitalised words reads once titles, places and sentence openers are taken off. */
export interface RunInfo {
  /** The name words (`['Kassym-Jomart', 'Tokayev']`); empty when the run is only a title or a place. */
  core: string[];
  /** A lowercase honorific found before the core (`mr`, `lord`), or null. */
  honorific: string | null;
  /** Whether a title or role word came before the core inside the run (`Foreign Minister X`). */
  titled: boolean;
  /** The words before the core (`President of Kazakhstan`), as written. */
  role: string;
  /** A gender implied by an honorific or a role word. */
  gender: 'm' | 'f' | null;
  /** Whether the run reads as an organisation, party or place rather than a person. */
  org: boolean;
  /** `X of Y` where Y is a place or organisation (`Gerard Guillonneau of France`). */
  ofSomething: boolean;
}

/** Whether one word is a place (`Kazakhstan`, `French`, `Wellington`). */
function isPlaceWord(w: string): boolean {
  return placeWordsAt([w], 0) === 1;
}

/**
 * Splits a run of capitalised words (possibly with `of`, `de`, ... inside) into title and name.
 * `President of Kazakhstan Kassym-Jomart Tokayev` → core `Kassym-Jomart Tokayev`, role `President of
 * Kazakhstan`; `Mervyn King` stays a name; `Bank of England` is an organisation.
 */
export function analyzeRun(tokensIn: readonly string[]): RunInfo {
  return runInfo(tokensIn.join(' '));
}

/**
 * {@link analyzeRun} by the run's words joined: a pure function, asked again and again for the same
 * runs (`Mr Blair`, `Tony Blair`), so read once each.
 */
const runInfo = memoized(50_000, (key) => readRun(key.split(' ')));

function readRun(tokensIn: readonly string[]): RunInfo {
  const tokens = tokensIn.map((t) => (t.endsWith('.') && !/^\p{Lu}\.$/u.test(t) ? t.slice(0, -1) : t));
  let i = 0;
  const n = tokens.length;
  let gender: 'm' | 'f' | null = null;
  let honorific: string | null = null;
  // Sentence openers and dates in front (`On Monday Tony Blair`).
  while (
    i < n &&
    (STOP.has(lower(tokens[i]!)) || PARTICLES.has(tokens[i]!)) &&
    !(i === n - 1 && givenNameGender(tokens[i]!) !== undefined) && // `May said`: a surname
    !HONORIFICS.has(lower(tokens[i]!))
  )
    i++;
  // `X of Y`: an organisation X makes the whole run one (`French Federation of Non-Ferrous Metals`); a
  // plain name X is the person (`Stuart Hensel of the Economist Intelligence Unit`).
  const of = tokens.indexOf('of', i);
  if (of > i) {
    let h = i;
    while (h < of && HONORIFICS.has(lower(tokens[h]!))) h++;
    const left = tokens.slice(h, of);
    if (left.some((w) => ORG.has(lower(w)))) return orgRun(tokens.slice(i));
    if (left.length >= 1 && left.every(isPlainNameWord)) {
      const hon = h > i ? lower(tokens[h - 1]!) : null;
      return {
        core: withoutDescriptors(left),
        honorific: hon,
        titled: false,
        role: '',
        gender: hon ? (HONORIFICS.get(hon) ?? null) : null,
        org: false,
        ofSomething: true,
      };
    }
  }
  // The last title, role word or honorific with a name after it.
  let cut = i;
  let titled = false;
  for (let j = n - 1; j >= i; j--) {
    const l = lower(tokens[j]!);
    const hon = HONORIFICS.has(l);
    if (!hon && !isRoleWord(tokens[j]!)) continue;
    // Skip what qualifies the title (`of the Exchequer`, `of Kazakhstan`) to reach the name.
    let k = j + 1;
    let skippedOf = false;
    while (k < n) {
      const p = placeWordsAt(tokens, k);
      if (p) k += p;
      else if (
        PARTICLES.has(tokens[k]!) ||
        TITLE_MODIFIERS.has(lower(tokens[k]!)) ||
        (ORG.has(lower(tokens[k]!)) && k < n - 1)
      ) {
        if (tokens[k] === 'of') skippedOf = true;
        k++;
      } else break;
    }
    // `Commissioner of the European Communities`: one word after `title of` is an organisation, not a name.
    if (skippedOf && n - k < 2 && !HONORIFICS.has(l)) k = n;
    if (k >= n) {
      // Nothing after it: `Mervyn King` keeps its last word; `Foreign Minister` is only a title.
      if (j === n - 1 && SURNAME_ROLES.has(l) && j > i && isPlainNameWord(tokens[j - 1]!)) continue;
      return {
        core: [],
        honorific: null,
        titled: true,
        role: tokens.slice(i).join(' '),
        gender: ROLE_GENDER.get(l) ?? (hon ? HONORIFICS.get(l)! : null),
        org: false,
        ofSomething: false,
      };
    }
    cut = k;
    if (hon) {
      honorific = l;
      gender = HONORIFICS.get(l) ?? null;
      // A title before the honorific still counts (`Attorney General Lord Goldsmith`).
      for (let t = i; t < j; t++) if (isRoleWord(tokens[t]!)) titled = true;
    } else {
      titled = true;
      gender = ROLE_GENDER.get(l) ?? null;
      if (k < n && HONORIFICS.has(lower(tokens[k]!))) {
        honorific = lower(tokens[k]!);
        gender = HONORIFICS.get(honorific) ?? gender;
        cut = k + 1;
      }
    }
    break;
  }
  const role = tokens.slice(i, cut).join(' ');
  let core = tokens.slice(cut);
  let ofSomething = false;
  // Places and connectors in front of the name (`Republic of China Ding Xuexiang`).
  for (;;) {
    const p = placeWordsAt(core, 0);
    if (p && p < core.length) core = core.slice(p);
    else if (core.length > 1 && (PARTICLES.has(core[0]!) || STOP.has(lower(core[0]!)))) core = core.slice(1);
    else if (core.length > 1 && descriptorLength(core) > 0) core = withoutDescriptors(core);
    else break;
  }
  const of2 = core.indexOf('of');
  if (of2 > 0) {
    const left = core.slice(0, of2);
    let right = core.slice(of2 + 1);
    while (right.length && (PARTICLES.has(right[0]!) || placeWordsAt(right, 0))) {
      right = right.slice(Math.max(1, placeWordsAt(right, 0)));
    }
    // `Analyst Deepak Raj of Merrill Lynch`: the name before `of`; `Republic of China Ding Xuexiang`: after.
    if ((cut > i || left.length >= 2) && left.every(isPlainNameWord)) {
      core = left;
      ofSomething = true;
    } else core = right.length ? right : left;
  }
  // Words after the name (`Smith The`), but not a surname that is also a month (`Theresa May`).
  while (
    core.length > 1 &&
    (PARTICLES.has(core[core.length - 1]!) ||
      (STOP.has(lower(core[core.length - 1]!)) &&
        !(core.length === 2 && givenNameGender(core[0]!) !== undefined && givenNameGender(core[1]!))))
  ) {
    core.pop();
  }
  // `Marty West`, `Arsenio Hall`: an organisation word that is also a surname, after a given name.
  const surnameAt = core.length >= 2 && givenNameGender(core[0]!) !== undefined ? core.length - 1 : -1;
  const org =
    core.some(
      (w, k) =>
        (ORG.has(lower(w)) && !(k === surnameAt && SURNAME_ORG.has(lower(w)))) ||
        TITLE_MODIFIERS.has(lower(w)) ||
        !isNameLike(w),
    ) ||
    (core.length > 0 && placeWordsAt(core, 0) === core.length) ||
    // `Bob Wellington`, `George Washington`: a city or demonym after a given name is a surname; a
    // country's own name is not (`Ford Canada`, `Bell Canada` are firms).
    (core.length > 0 &&
      isPlaceWord(core[core.length - 1]!) &&
      (surnameAt < 0 || isCountryName(core[core.length - 1]!)));
  return { core, honorific, titled, role, gender, org, ofSomething };
}

export function orgRun(tokens: string[]): RunInfo {
  return {
    core: tokens,
    honorific: null,
    titled: false,
    role: '',
    gender: null,
    org: true,
    ofSomething: false,
  };
}

/** A name word that is not also a title, role, organisation word, place or sentence opener. */
export function isPlainNameWord(w: string): boolean {
  const l = lower(w);
  return (
    isNameWord(w) &&
    !ORG.has(l) &&
    !isRoleWord(w) &&
    !TITLE_MODIFIERS.has(l) &&
    !HONORIFICS.has(l) &&
    !STOP.has(l) &&
    !isPlaceWord(w)
  );
}

export function isNameLike(w: string): boolean {
  return isNameWord(w) || PARTICLES.has(w);
}

/** A capitalised word, possibly with a possessive or an initial's period (`al-`: see {@link findRuns}). */
export const CAP_WORD = /\p{Lu}[\p{L}\p{M}'’-]*\.?/gu;
/** Spaces and name particles between two words of one run (`Bank of England`, `Dominique de Villepin`). */
export const RUN_GAP = new RegExp(`\\s+(?:(?:${[...PARTICLES].join('|')})\\s+)*`, 'y');

/**
 * Whether `text[from, to)` is a {@link RUN_GAP} (`to`: the start of a capitalised word or of its `al-`).
 * Read in place rather than from a copy, as it is asked between every two capitalised words; most gaps
 * start with punctuation or a letter and are settled by their first character. The gap is read one way only (the
 * particles are whole words followed by a space), and it cannot run on into the word at `to`, so the
 * expression ends exactly at `to` if and only if the whole gap matches it.
 */
export function runGap(text: string, from: number, to: number): boolean {
  const c = text.charCodeAt(from);
  if (c < 128 && c !== 32 && (c < 9 || c > 13)) return false;
  RUN_GAP.lastIndex = from;
  return RUN_GAP.test(text) && RUN_GAP.lastIndex === to;
}

export interface Run {
  start: number;
  end: number;
  tokens: string[];
}

/** Runs of capitalised words in `text`, between possessives and punctuation. */
export function findRuns(text: string): Run[] {
  const runs: Run[] = [];
  let cur: Run | null = null;
  CAP_WORD.lastIndex = 0;
  for (let m = CAP_WORD.exec(text); m !== null; m = CAP_WORD.exec(text)) {
    let start = m.index;
    let w = m[0];
    const prev = start > 0 ? text.charCodeAt(start - 1) : 32;
    // Inside a word (`iPod`, `McDonald` is matched whole), except an Arabic article (`al-Assad`).
    if (prev !== 32 && prev !== 40 && prev !== 34 && !/[\s(["“]/.test(text[start - 1]!)) {
      const pre = /(?:^|[\s(])((?:al|el|bin|ibn|abu)-)$/.exec(text.slice(Math.max(0, start - 5), start));
      if (!pre) continue;
      start -= pre[1]!.length;
      w = pre[1]! + w;
    }
    let end = start + w.length;
    // A trailing period belongs to the word only for initials and honorifics (`W.`, `Mr.`).
    if (w.endsWith('.') && w.length > 2 && !ABBREVIATED_TITLES.has(lower(w.slice(0, -1)))) {
      w = w.slice(0, -1);
      end--;
    }
    const lastCode = w.charCodeAt(w.length - 1);
    if (lastCode === 45 || lastCode === 39 || lastCode === 0x2019) w = w.replace(/[-'’]+$/, '');
    if (!w) continue;
    const joinable =
      cur !== null &&
      !isPossessive(cur.tokens[cur.tokens.length - 1]!) &&
      ((start === cur.end + 1 && text.charCodeAt(cur.end) === 32) || runGap(text, cur.end, start));
    if (cur && joinable) {
      if (start !== cur.end + 1) {
        const gap = text.slice(cur.end, start).trim();
        if (gap) cur.tokens.push(...gap.split(/\s+/));
      }
      cur.tokens.push(w);
      cur.end = end;
    } else {
      if (cur) runs.push(cur);
      cur = { start, end, tokens: [w] };
    }
  }
  if (cur) runs.push(cur);
  return runs;
}

/** Whether a capitalised token of `run` is `word` once its possessive is stripped. */
export function runHasWord(run: Run, word: string): boolean {
  for (const t of run.tokens) {
    // `startsWith` first: it is cheap and most tokens fail it; the strip only shortens a token.
    if (t.startsWith(word) && startsUpper(t) && stripPossessive(t) === word) return true;
  }
  return false;
}

export function capital(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** A role phrase as compared: lowercase, no determiners, single spaces. */
export function normRole(r: string): string {
  return r
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/\s+/)
    .filter((w) => w && !DETERMINERS.has(w))
    .join(' ');
}

/**
 * How many words in front of a name describe the person rather than name them (0 when none): a hyphenated
 * word ending in lowercase (`Top-seeded`, `Atlanta-based`, `Film-maker`), an adverb (`Interestingly`), or
 * words that are no given name before one that is, with a surname after it (`Developer Donald Trump`,
 * `Credit Suisse Paul Hofer`).
 */
function descriptorLength(core: readonly string[]): number {
  const w = core[0]!;
  if (/-\p{Ll}[\p{Ll}-]*$/u.test(w)) return 1;
  if (isGivenName(w)) return 0;
  if (/^\p{Lu}\p{Ll}+ly$/u.test(w)) return 1;
  const k = firstGivenName(core);
  return k > 0 && core.length - k >= 2 ? k : 0;
}

/** `core` without the descriptors in front of the name ({@link descriptorLength}). */
function withoutDescriptors(core: readonly string[]): string[] {
  let out = core.slice();
  for (let n = descriptorLength(out); n > 0 && out.length > 1; n = descriptorLength(out)) out = out.slice(n);
  return out;
}

/** Index of the first capitalised given name among a name's words (not a particle: `Van`, `De`), or -1. */
function firstGivenName(core: readonly string[]): number {
  return core.findIndex((w) => isGivenName(w));
}

function isGivenName(w: string): boolean {
  return isNameWord(w) && !SURNAME_PARTICLES.has(lower(w)) && givenNameGender(w) !== undefined;
}

/** Whether a name's words are a surname with its particle, capitalised (`De Croo`, `Van Gaal`, `Le Pen`). */
export function isParticleSurname(core: readonly string[]): boolean {
  return core.length >= 2 && SURNAME_PARTICLES.has(core[0]!.toLowerCase());
}

/** Whether a word is the name a country goes by (`Canada`), not another form of it (`Wellington`). */
function isCountryName(w: string): boolean {
  return resolvePlace(w)?.name.toLowerCase() === w.toLowerCase();
}
