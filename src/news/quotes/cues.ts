/**
 * Cues: where a speech verb or `according to` names who speaks, after a direct quote ({@link tailCue}),
 * before it ({@link leadCue}), or in a sentence of reported speech ({@link reportedCue}).
 */
import { isNameWord, isPossessive, isRoleWord, lower } from './names.ts';
import { isModifierLike, parseForward, parseSubject, phraseWords, type Ref } from './subjects.ts';
import {
  CLAUSE_VERBS,
  DETERMINERS,
  OPENING_ADVERBS,
  PARTICLES,
  PRONOUNS,
  STOP,
  SUBJECT_TAIL,
  VERB_PREPOSITIONS,
  VERB_RE,
  VERBS,
} from './words.ts';

/** A cue found: the reference and where it is (for resolving pronouns and roles in order). */
export interface Cue {
  ref: Ref;
  at: number;
}

export const ACCORDING = /\b[Aa]ccording to\s+/g;

/** Whether what follows a `c` verb introduces speech: `that`, a clause, or the end of the clause. */
export function introducesSpeech(after: string): boolean {
  if (/^\s*(?:[,.;:]|$)/.test(after)) return true;
  const ws = phraseWords(after.slice(0, 120)).slice(0, 12);
  if (!ws.length) return true;
  if (VERB_PREPOSITIONS.has(lower(ws[0]!))) return false;
  return ws.some((w) => w === 'that' || CLAUSE_VERBS.has(lower(w)));
}

/**
 * The subject of the speech verb at `v` in `s` (a masked sentence or part of one): the phrase before it
 * back to a comma or quote mark; or, right after a comma, the phrase after it (`, said Ms Cooper`); or,
 * across an apposition, the name before it (`Andrew Ryder, of the ... Coalition, said`).
 */
export function subjectOf(s: string, v: number, verb: string, flags: string): Ref | null {
  let b = v;
  while (b > 0 && !IS_SUBJECT_BOUNDARY[s.charCodeAt(b - 1)]) {
    // A subject is a few words: past that, the verb has none right before it.
    if (v - b > 160) return null;
    b--;
  }
  const seg = s.slice(b, v).trim();
  // The phrase is split into words only when its first word leaves the question open: most phrases are
  // settled by it (`seg` is trimmed, so its words are what `split(/\s+/)` gives).
  const space = seg.search(/\s/);
  const oneWord = seg !== '' && space < 0;
  // `X, an adviser to ..., has said`: only auxiliaries between the comma and the verb.
  const onlyAux =
    seg !== '' &&
    SUBJECT_TAIL.has(lower(oneWord ? seg : seg.slice(0, space))) &&
    seg.split(/\s+/).every((w) => SUBJECT_TAIL.has(lower(w)));
  // `X conceded ... but said`: a second verb of the sentence's subject.
  if (oneWord && (seg === 'and' || seg === 'but') && b > 0) {
    const ref = leadingSubject(s);
    return ref && ref.kind !== 'other' ? ref : null;
  }
  if (seg && !onlyAux) {
    if (/\s-\s/.test(seg)) return null;
    return parseSubject(seg);
  }
  // Nothing between the boundary and the verb.
  if (flags.includes('i') && (b === 0 || s[b - 1] === ',')) {
    const fwd = parseForward(s.slice(v + verb.length));
    if (fwd && fwd.kind !== 'other') return fwd;
  }
  if (b === 0 || s[b - 1] !== ',') return null;
  // Apposition: skip chunks that start in lowercase (`of the ...`, `a QC and ...`, `45`).
  let e = b - 1;
  for (let hops = 0; hops < 5 && e > 0; hops++) {
    let c = e;
    while (c > 0 && !/[,;:"“”()]/.test(s[c - 1]!)) c--;
    const chunk = s.slice(c, e).trim();
    if (!chunk) return null;
    if (/^[\p{Lu}]/u.test(chunk)) {
      const ref = parseSubject(chunk);
      if (ref && ref.kind === 'person') return ref;
      // `Andy Clarke, ERAA director of air transport, said`: a role phrase in capitals is an apposition too.
      if (!chunk.split(/\s+/).some((w) => /^\p{Ll}/u.test(w) && isRoleWord(w))) return null;
    }
    if (c === 0 || s[c - 1] !== ',') return null;
    e = c - 1;
  }
  return null;
}

/** First words of an opening adverbial that `leadingSubject` skips (`In a statement to Newsnight,`). */
export const INTRO_OPENER = new RegExp(
  `^(?:[A-Z][a-z]*ly|[A-Z][a-z]+ing|\\d|${`In On At After Before During Last Earlier Later However Meanwhile But
    And Yesterday Today Separately Asked Since With Under Despite For From Now Then Also Still Instead
    Elsewhere Overall Again Here There Back Inside Outside Shortly Even Yet Until While When As If Although
    Though Because Once Amid Among Through Throughout Without Within Across This That Unlike Like`
    .split(/\s+/)
    .join('|')})\\b`,
);

/** Characters that end the phrase before a speech verb. */
export const SUBJECT_BOUNDARY = ',;:"“”()—–';
/**
 * {@link SUBJECT_BOUNDARY} as a table by character code: the scan back from every speech verb looks at
 * up to 160 characters, and a table look-up is several times cheaper than a string search for each.
 */
export const IS_SUBJECT_BOUNDARY = new Uint8Array(0x10000);
for (const c of SUBJECT_BOUNDARY) IS_SUBJECT_BOUNDARY[c.charCodeAt(0)] = 1;

/** The grammatical subject at the start of a masked sentence, if it is a person (or a pronoun). */
export function leadingSubject(s: string): Ref | null {
  return leadingClause(s)?.ref ?? null;
}

/**
 * {@link leadingSubject} with the word that follows the subject (its verb, when the sentence opens
 * with one: `said`, `was`), lowercase.
 */
export function leadingClause(s: string): { ref: Ref; verb: string } | null {
  let body = s.slice(0, 240);
  // An opening adverbial (`On Monday,`, `In a statement to Newsnight,`) is skipped.
  const intro = /^([^,]{1,120}),\s+/.exec(body);
  if (intro && INTRO_OPENER.test(intro[1]!)) {
    body = body.slice(intro[0].length);
  }
  const ws = body.split(' ', 12);
  // Most sentences open with `The`, `In`, a number...: no person there.
  const w0 = ws[0] ?? '';
  const l0 = lower(w0);
  if (
    !PRONOUNS.has(l0) &&
    !DETERMINERS.has(l0) &&
    (!isNameWord(w0) || (STOP.has(l0) && !OPENING_ADVERBS.has(l0)))
  ) {
    return null;
  }
  // The subject ends before the first lowercase word that is not part of a role phrase.
  let i = 0;
  while (i < ws.length) {
    const w = ws[i]!.replace(/[,;:.!?]+$/u, '');
    const l = lower(w);
    const afterPossessive = i > 0 && isPossessive(ws[i - 1]!);
    if (
      /^\p{Ll}/u.test(w) &&
      !DETERMINERS.has(l) &&
      !PARTICLES.has(w) &&
      !isRoleWord(w) &&
      !afterPossessive
    ) {
      // Lowercase words before a role word (`foreign affairs spokesman`) belong to the subject.
      let k = i + 1;
      let role = false;
      while (k < ws.length && k <= i + 3 && isModifierLike(ws[k - 1]!)) {
        const nxt = ws[k]!.replace(/[,;:.!?]+$/u, '');
        if (isRoleWord(nxt)) {
          role = true;
          break;
        }
        if (!/^\p{Ll}/u.test(nxt)) break;
        k++;
      }
      if (!role) break;
    }
    if (w !== ws[i]) {
      i++;
      break;
    }
    i++;
  }
  if (!i || i >= ws.length) return null;
  const verb = lower(ws[i]!.replace(/[,;:.!?]+$/u, ''));
  // `Attallah Shabazz, the daughter of ..., recalled`: a name, then an apposition.
  if (/,$/.test(ws[i - 1]!)) {
    const ref = parseSubject(ws.slice(0, i).join(' '));
    return ref?.kind === 'person' ? { ref, verb } : null;
  }
  if (!/^\p{Ll}/u.test(verb) || /[;:]$/.test(ws[i - 1]!)) return null;
  const ref = parseSubject(ws.slice(0, i).join(' '));
  return ref && (ref.kind === 'person' || ref.kind === 'pronoun' || ref.kind === 'role')
    ? { ref, verb }
    : null;
}

/** Reported speech in a masked sentence: the first speech verb or `according to` with a subject. */
export function reportedCue(s: string, offset: number): Cue | null {
  let best: Cue | null = null;
  // A plain substring search first: much cheaper than the expression, and few sentences have one.
  if (s.includes('ccording to')) {
    ACCORDING.lastIndex = 0;
    for (let m = ACCORDING.exec(s); m !== null; m = ACCORDING.exec(s)) {
      const ref = parseForward(s.slice(m.index + m[0].length));
      if (ref && ref.kind !== 'other') {
        best = { ref, at: offset + m.index };
        break;
      }
    }
  }
  VERB_RE.lastIndex = 0;
  for (let m = VERB_RE.exec(s); m !== null; m = VERB_RE.exec(s)) {
    if (best && best.at <= offset + m.index) break;
    const verb = m[0];
    const flags = VERBS.get(verb)!;
    if (flags.includes('t')) continue;
    let ref: Ref | null;
    if (flags.includes('p')) {
      if (verb !== 'saying' && verb !== 'adding') continue;
      if (!/,\s*$/.test(s.slice(0, m.index))) continue;
      ref = leadingSubject(s);
    } else {
      ref = subjectOf(s, m.index, verb, flags);
      if (!ref || ref.kind === 'other') continue;
      const after = s.slice(m.index + verb.length);
      if (flags.includes('c') && !introducesSpeech(after) && !/^\s+(?:[\p{Lu}]|the |a )/u.test(after))
        continue;
      if (flags.includes('c') && !introducesSpeech(after)) continue;
      if (verb === 'told' || verb === 'tells') {
        if (!/^\s+\S/.test(after) || /^\s+(?:to|by|of)\b/.test(after)) continue;
      }
    }
    if (!ref || ref.kind === 'other') continue;
    best = { ref, at: offset + m.index };
    break;
  }
  return best;
}

/** The cue after a direct quote (`," he said.`, `," said Ms Cooper.`, `," according to X.`). */
export function tailCue(s: string, offset: number): Cue | null | 'none' {
  const t = s.replace(/^[\s,]+/, '');
  if (!t || /^[.!?]/.test(t)) return 'none';
  const acc = /^according to\s+/i.exec(t);
  if (acc) {
    const ref = parseForward(t.slice(acc[0].length));
    return ref ? { ref, at: offset } : null;
  }
  VERB_RE.lastIndex = 0;
  const m = VERB_RE.exec(t);
  if (!m || /[;:]/.test(t.slice(0, m.index))) return 'none';
  const flags = VERBS.get(m[0])!;
  if (flags.includes('p')) return 'none';
  const before = phraseWords(t.slice(0, m.index)).length;
  if (t.slice(0, m.index).includes(',')) {
    // `," Amy Pope, deputy homeland security advisor, said`: a name, then an apposition, then the verb.
    // A capitalised phrase before the verb names someone: unresolved, it is still not the last speaker.
    const named = /^\p{Lu}/u.test(t) ? null : 'none';
    if (before > 30) return named;
    const ref = subjectOf(t, m.index, m[0], flags);
    return ref?.kind === 'person' ? { ref, at: offset + m.index } : named;
  }
  if (before > 8) return 'none';
  const seg = t.slice(0, m.index).trim();
  let ref: Ref | null;
  if (!seg) {
    if (!flags.includes('i')) return 'none';
    // `," said Senate Minority Leader ...`: a cue, whoever it names, even one not read.
    ref = parseForward(t.slice(m.index + m[0].length));
    if (!ref) return /^\s+\p{Lu}/u.test(t.slice(m.index + m[0].length)) ? null : 'none';
  } else ref = parseSubject(seg);
  if (!ref) return 'none';
  return { ref, at: offset + m.index };
}

/** The cue before a direct quote (`Ms Essex said: "`, `Andrew Ryder, of ..., said: "`, `..., warning: "`). */
export function leadCue(s: string, sentence: string, offset: number): Cue | null | 'none' {
  if (!/\S/.test(s)) return 'none';
  let last: RegExpExecArray | null = null;
  VERB_RE.lastIndex = 0;
  for (let m = VERB_RE.exec(s); m !== null; m = VERB_RE.exec(s)) last = m;
  if (last) {
    const after = s.slice(last.index + last[0].length);
    const flags = VERBS.get(last[0])!;
    if (
      phraseWords(after).length <= 8 &&
      /^[^,:;]*[,:]?\s*$/.test(after) &&
      !/\b(?:that|if|whether)\s*$/.test(after)
    ) {
      if (flags.includes('p')) {
        // `X insisted there was no plan, saying: "`, `Mr Houston was quoted saying: "`.
        const ref = leadingSubject(sentence);
        return ref ? { ref, at: offset + last.index } : null;
      }
      const ref = subjectOf(s, last.index, last[0], flags);
      if (ref) return { ref, at: offset + last.index };
      // `EC spokeswoman X conceded there were "..." but said "..."`: a cue earlier in the lead.
      const earlier = reportedCue(s, offset);
      return earlier ?? null;
    }
  }
  // `According to Mr X, "..."`.
  const acc = /\b[Aa]ccording to\s+([^,]+),\s*$/.exec(s);
  if (acc) {
    const ref = parseForward(acc[1]!);
    if (ref) return { ref, at: offset + acc.index };
  }
  // `Dole said that while the bill is not perfect, "I still believe ..."`: reported speech leading in.
  return reportedCue(s, offset) ?? colonCue(s, sentence, offset) ?? 'none';
}

/**
 * A lead that ends with a colon and no speech verb: a name right before it (`Republican pollster Daron
 * Shaw: "`), a verb put first (`Continued Stone: "`), or the sentence's subject (`Sanders responded with a
 * phrase that could have come from Trump himself: "`, `He then listed the qualities: "`).
 */
function colonCue(s: string, sentence: string, offset: number): Cue | null {
  const colon = /([^,:;"“”()]*):\s*$/u.exec(s);
  if (!colon) return null;
  const phrase = colon[1]!.trim();
  const inverted = /^(\p{Lu}\p{Ll}+)\s+(.+)$/u.exec(phrase);
  if (inverted && VERBS.has(lower(inverted[1]!))) {
    // `Continued Stone:`; not `Said the Pew report:`, which names no one.
    const named = parseSubject(inverted[2]!);
    return named?.kind === 'person' ? { ref: named, at: offset + colon.index } : null;
  }
  const named = parseSubject(phrase);
  if (named?.kind === 'person') return { ref: named, at: offset + colon.index };
  const ref = leadingSubject(sentence);
  return ref?.kind === 'person' || ref?.kind === 'pronoun' ? { ref, at: offset + colon.index } : null;
}
