/**
 * Subjects: who a phrase before a speech verb ({@link parseSubject}) or after one
 * ({@link parseForward}) names: a person, a pronoun, a role, or something else.
 */
import { memoized } from '../memo.ts';
import {
  analyzeRun,
  isNameWord,
  isPossessive,
  isRoleWord,
  lower,
  normRole,
  type RunInfo,
  stripPossessive,
} from './names.ts';
import {
  ABBREVIATED_TITLES,
  CLAUSE_VERBS,
  COMPANY_ROLE,
  DETERMINERS,
  FORWARD_STOP,
  HONORIFICS,
  INDEFINITE,
  LEADING_CONJ,
  PARTICLES,
  PRONOUNS,
  ROLE,
  ROLE_PREPOSITIONS,
  SUBJECT_TAIL,
  TITLE_MODIFIERS,
  VERB_PREPOSITIONS,
} from './words.ts';

/** What a subject phrase refers to. */
export type Ref =
  | { kind: 'person'; info: RunInfo; prefix: string }
  | { kind: 'pronoun'; gender: 'm' | 'f' }
  | { kind: 'role'; phrase: string; indefinite: boolean }
  | { kind: 'other' };

export const OTHER: Ref = { kind: 'other' };

/** Words of a short phrase, with surrounding punctuation taken off. */
export function phraseWords(s: string): string[] {
  return s
    .split(/\s+/)
    .map((w) =>
      w.length <= 3 && w.charCodeAt(1) === 46 && /^\p{Lu}\.,?$/u.test(w)
        ? w.replace(/,$/, '') // an initial keeps its period (`Harry M. Reid`)
        : w.replace(/^[("'“‘[]+|[)"”\],;:.!?]+$/gu, '').replace(/(?<!s)['’]$/u, ''),
    )
    .filter(Boolean);
}

/**
 * Reads a subject phrase that ends right before a speech verb: `Foreign Minister Dante Caputo`,
 * `Ms Cooper`, `he`, `President of Kazakhstan`, `the ministry`. Returns null when the phrase is not a
 * subject at all (`a spokesman for Mr Smith`, `which Crosbie`), so the verb is not a speech cue.
 */
export function parseSubject(phrase: string): Ref | null {
  return subjects(phrase);
}

/**
 * Subject phrases already read. Most repeat (`he`, `The company`, `analysts`: 60% of 80,000 in the test
 * archive), and reading one is a pure function of its words; the result is shared, never changed.
 */
const subjects = memoized(50_000, readSubject);

export function readSubject(phrase: string): Ref | null {
  let ws = phraseWords(phrase);
  while (ws.length && LEADING_CONJ.has(lower(ws[0]!))) ws = ws.slice(1);
  while (
    ws.length > 1 &&
    (SUBJECT_TAIL.has(lower(ws[ws.length - 1]!)) || /^\p{Ll}+ly$/u.test(ws[ws.length - 1]!))
  ) {
    ws = ws.slice(0, -1);
  }
  if (!ws.length || ws.length > 12) return null;
  if (ws.length === 1) {
    const g = PRONOUNS.get(lower(ws[0]!));
    if (g && (ws[0] === 'he' || ws[0] === 'she' || ws[0] === 'He' || ws[0] === 'She'))
      return { kind: 'pronoun', gender: g };
  }
  // `a spokesman for the unions`, `the chief executive of Texaco`: a role, whoever comes after it.
  if (DETERMINERS.has(lower(ws[0]!))) {
    for (let k = 1; k < Math.min(ws.length - 1, 4); k++) {
      if (isRoleWord(ws[k]!) && /^\p{Ll}/u.test(ws[k]!) && ROLE_PREPOSITIONS.has(ws[k + 1]!)) {
        return {
          kind: 'role',
          phrase: normRole(ws.slice(0, k + 1).join(' ')),
          indefinite: INDEFINITE.has(lower(ws[0]!)),
        };
      }
    }
  }
  // The trailing run of name words.
  let r = ws.length;
  while (r > 0) {
    const w = ws[r - 1]!;
    if (isNameWord(w) || (PARTICLES.has(w) && r < ws.length) || HONORIFICS.has(lower(w.replace(/\.$/, ''))))
      r--;
    else break;
  }
  while (r < ws.length && PARTICLES.has(ws[r]!)) r++;
  const run = ws.slice(r);
  const prefix = ws.slice(0, r);
  if (run.length && isPossessive(run[run.length - 1]!)) return OTHER;
  if (!run.length) {
    const last = lower(stripPossessive(ws[ws.length - 1]!));
    if (ROLE.has(last)) {
      return { kind: 'role', phrase: normRole(ws.join(' ')), indefinite: INDEFINITE.has(lower(ws[0]!)) };
    }
    return OTHER;
  }
  const info = analyzeRun(run);
  if (!info.core.length) {
    if (!info.titled) return OTHER;
    return {
      kind: 'role',
      phrase: normRole(ws.join(' ')),
      indefinite: prefix.length > 0 && INDEFINITE.has(lower(prefix[0]!)),
    };
  }
  if (info.org) return OTHER;
  // `The Boys Choir of Harlem`: a capitalised determiner opening the run, and no title or honorific.
  if (!prefix.length && DETERMINERS.has(lower(run[0]!)) && !info.titled && !info.honorific) return OTHER;
  if (prefix.length) {
    const last = prefix[prefix.length - 1]!;
    // `director general Kevin Hawkins`: a role word, possibly followed by title qualifiers.
    let r = prefix.length - 1;
    while (r > 0 && TITLE_MODIFIERS.has(lower(prefix[r]!)) && !isRoleWord(prefix[r]!)) r--;
    const roleBefore = isRoleWord(stripPossessive(prefix[r]!));
    const possessiveOnly =
      isPossessive(last) &&
      /^\p{Lu}/u.test(last) &&
      prefix.slice(0, -1).every((w) => DETERMINERS.has(lower(w)));
    const determinerOnly = prefix.every((w) => DETERMINERS.has(lower(w)) || TITLE_MODIFIERS.has(lower(w)));
    // A title in the run (`Chelyabinsk regional Deputy Governor Oleg Klimov`) allows qualifiers before it,
    // but not a phrase the name hangs from (`Sources close to Finance Minister X`).
    const titledPrefix = info.titled && prefix.length <= 4 && prefix.every(isModifierLike);
    if (prefix.length > 7 || !(roleBefore || possessiveOnly || determinerOnly || titledPrefix)) return null;
    // `the Statistics Bureau`, `the Birchfield Harrier`: a determiner before a bare name is not a person.
    if (determinerOnly && !roleBefore && !info.titled && !info.honorific) return OTHER;
    if (COMPANY_ROLE.test(prefix.join(' '))) return OTHER;
    // `a spokesman for Mr Smith`, `Sources close to X`: the name hangs from a preposition, unless the
    // preposition only qualifies a role (`spokeswoman for women Sandra Gidley`).
    const hangs = prefix.some(
      (w, k) =>
        /^(?:for|of|with|from|to|by|at|and|or|than|like|against)$/.test(w) &&
        !(k > 0 && isRoleWord(prefix[k - 1]!) && prefix.slice(k + 1).every((x) => /^\p{Ll}/u.test(x))),
    );
    if (hangs) return null;
  }
  return { kind: 'person', info, prefix: prefix.join(' ') };
}

/**
 * Reads a subject phrase that starts right after a verb or `according to`: `Ms Cooper.`,
 * `President of Kazakhstan Kassym-Jomart Tokayev during a meeting ...`, `the MPs.`, `him,`.
 */
export function parseForward(s: string): Ref | null {
  const raw = s.slice(0, 200).split(/\s+/).filter(Boolean).slice(0, 14);
  const ws: string[] = [];
  let next = '';
  /** The lowercase word the phrase stopped at, if it stopped at one. */
  let stop = '';
  for (let i = 0; i < raw.length; i++) {
    const tok = raw[i]!;
    if (/^["“”(]/u.test(tok)) break;
    // A possessive (`the Special Advocates' main concern`): the phrase goes on past any name.
    if (/^\p{Lu}.*(?:['’]s|s['’])[,;:.!?]*$/u.test(tok)) return OTHER;
    // An initial keeps its period (`Harry M. Reid`); other words lose what follows them.
    const w = /^\p{Lu}\.$/u.test(tok) ? tok : tok.replace(/[)"'”’\],;:.!?]+$/u, '');
    const ends =
      w !== tok && !/^\p{Lu}\.$/u.test(tok) && !ABBREVIATED_TITLES.has(lower(tok.replace(/\.$/, '')));
    if (!w) break;
    const l = lower(w);
    // `According to him,`, `," said he.`; not `..., said she understood ...` (a new clause).
    if (!ws.length && PRONOUNS.has(l))
      return ends || i === raw.length - 1 ? { kind: 'pronoun', gender: PRONOUNS.get(l)! } : OTHER;
    if (
      /^\p{Ll}/u.test(w) &&
      !DETERMINERS.has(l) &&
      !PARTICLES.has(w) &&
      !isRoleWord(w) &&
      !TITLE_MODIFIERS.has(l)
    ) {
      next = l;
      if (FORWARD_STOP.has(l)) {
        stop = l;
        break;
      }
      // Lowercase words are kept only on the way to a role word (`housing minister`).
      let k = i + 1;
      let role = false;
      while (k < raw.length && k <= i + 3 && isModifierLike(raw[k - 1]!)) {
        const nxt = raw[k]!.replace(/[,;:.!?]+$/u, '');
        if (isRoleWord(nxt) && /^\p{Ll}/u.test(nxt)) {
          role = true;
          break;
        }
        if (!/^\p{Ll}/u.test(nxt)) break;
        k++;
      }
      if (!role) {
        stop = l;
        break;
      }
    }
    ws.push(w);
    if (ends) break;
  }
  const qualified = ws.includes('of');
  while (ws.length && PARTICLES.has(ws[ws.length - 1]!)) ws.pop();
  if (!ws.length) return null;
  // `..., said Khan was being sent back`: the name is the subject of a clause that follows, not of `said`.
  if (next && (CLAUSE_VERBS.has(next) || /ed$/.test(next))) return OTHER;
  // `..., said Trump campaign strategists plan ...`: a name that opens a noun phrase, not the speaker.
  // (`Ben Williams of Paris brokerage house X` is still the speaker: what follows `of` qualifies him.)
  if (
    stop &&
    !FORWARD_STOP.has(stop) &&
    !SUBJECT_TAIL.has(stop) &&
    !VERB_PREPOSITIONS.has(stop) &&
    !/^(?:ahead|shortly|afterwards?|\p{Ll}+ing|\p{Ll}+ly)$/u.test(stop) &&
    !qualified &&
    /^\p{Lu}/u.test(ws[ws.length - 1]!)
  )
    return OTHER;
  return parseSubject(ws.join(' '));
}

/** A lowercase word that may qualify a role (`foreign affairs spokesman`): not a verb or preposition. */
export function isModifierLike(w: string): boolean {
  const l = lower(w);
  return !FORWARD_STOP.has(l) && !VERB_PREPOSITIONS.has(l) && !/(?:ly|ed)$/.test(l) && !/[,;:.!?]$/.test(w);
}
