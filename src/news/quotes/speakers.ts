/**
 * Speakers: what a cue's reference resolves to in an article, as the sentences are read in order:
 * a person of the article, or, for a pronoun, the most recent person who spoke or was a subject.
 */
import type { Sentence } from '../types.ts';
import { leadingSubject } from './cues.ts';
import { capital, isParticleSurname, isPlainNameWord, lower } from './names.ts';
import { People, type Person } from './people.ts';
import type { Ref } from './subjects.ts';
import { GIVEN_NAME_HONORIFICS, PEERAGE } from './words.ts';

/** A resolved speaker: a person of the article's table, or a name found only in one place. */
export interface Who {
  person: Person | string;
  gender: 'm' | 'f' | null;
}

export const BLOCKED = Symbol('blocked');

/** `she said` about someone of unknown gender tells it, for the pronouns after. */
export function pronounTo(t: Who, gender: 'm' | 'f'): Who {
  if (typeof t.person !== 'string') t.person.gender ??= gender;
  return { person: t.person, gender };
}

/** How many sentences back a pronoun may reach for the last speaker or subject. */
export const PRONOUN_REACH = 6;

export function nameOf(p: Person | string): string {
  return typeof p === 'string' ? p : p.name;
}

/** An unresolved cue naming a human (`a spokesman`, `he` with no antecedent) hides earlier people. */
export function blocks(ref: Ref | undefined): boolean {
  return ref?.kind === 'pronoun' || ref?.kind === 'role';
}

/**
 * What {@link extractQuotes} knows of one article as it goes through the sentences: who each sentence
 * is about, for pronouns, and the article's people. A class rather than closures inside
 * `extractQuotes`: tsx compiles with esbuild's `keepNames`, which defines the `name` of every named
 * closure each time it is created, and for these few closures per article that took some 7% of a
 * profiled pass over the archive.
 */
export class Speakers {
  /**
   * Who each sentence is about, for pronouns: the speaker of a quote, BLOCKED after a quote by someone
   * unnamed (`a spokesman said`), else its subject, worked out only when a pronoun asks (most never do).
   */
  readonly topics: (Who | null | typeof BLOCKED | undefined)[];
  /** Whether someone speaks in each sentence (as opposed to being its subject). */
  readonly spoke: boolean[];
  /** Built on first use: an article without any speech cue never needs it. */
  private peopleCache: People | null = null;

  constructor(
    private readonly text: string,
    private readonly masked: string,
    private readonly sents: readonly Sentence[],
  ) {
    this.topics = new Array(sents.length);
    this.spoke = new Array(sents.length).fill(false);
  }

  people(): People {
    this.peopleCache ??= new People(this.text);
    return this.peopleCache;
  }

  topicAt(j: number): Who | null | typeof BLOCKED {
    const { topics, sents, masked } = this;
    let t = topics[j];
    if (t === undefined) {
      topics[j] = null; // while resolving below
      const sentence = masked.slice(sents[j]!.start, sents[j]!.end);
      const subj = leadingSubject(sentence);
      t = subj ? this.resolve(subj, sents[j]!.start, j) : null;
      // `Davis made his acting debut ...`: the subject's own pronoun tells a gender.
      if (t && subj?.kind === 'person' && typeof t.person !== 'string' && !t.person.gender) {
        const m = /\b(?:he|his|him|himself)\b/i.test(sentence);
        const f = /\b(?:she|her|hers|herself)\b/i.test(sentence);
        if (m !== f) t.person.gender = m ? 'm' : 'f';
      }
      // `A spokesman for ... said ...`, `His sister Rachel made ...`: a person we cannot name is who a
      // following `she` most likely means.
      if (!t && (subj?.kind === 'role' || subj?.kind === 'person')) t = BLOCKED;
      // A pronoun subject (`He frequently collaborated ...`) is not a new topic, but it tells a gender.
      if (t && t !== BLOCKED && subj?.kind === 'pronoun') t = null;
      topics[j] = t;
    }
    return t;
  }

  /** `quoted`: the words of the direct quote the cue belongs to, if any. */
  resolve(ref: Ref, at: number, sentence: number, quoted = ''): Who | null {
    switch (ref.kind) {
      case 'pronoun': {
        // The most recent person who spoke or was a subject. When that person only was a subject and
        // someone else spoke just before (`Yeutter said ... President Reagan has threatened ...
        // "He took these steps ...," he said.`), `he` could be either: leave it out. So too when another
        // person of that gender is named after them (`Spain's minister of sport Jaime Lissavetzky ...`).
        const found = this.pronounCandidate(ref, sentence, quoted);
        if (!found) return null;
        const [t, j] = found;
        // Only where a subject stands: the opening words of each sentence in between.
        for (let k = j + 1; k < sentence; k++) {
          const { start, end } = this.sents[k]!;
          if (
            this.people().otherPersonIn(
              start,
              Math.min(end, start + 60),
              nameOf(t.person),
              ref.gender,
              this.masked,
            )
          ) {
            return null;
          }
        }
        return t;
      }
      case 'role': {
        if (ref.indefinite) return null;
        const p = this.people().byRole(ref.phrase, at);
        return p ? { person: p, gender: p.gender } : null;
      }
      case 'person':
        return resolvePerson(ref, at, this.people(), quoted);
      default:
        return null;
    }
  }

  /** The person a pronoun in sentence `sentence` refers to, and the sentence they were found in. */
  private pronounCandidate(
    ref: Extract<Ref, { kind: 'pronoun' }>,
    sentence: number,
    quoted: string,
  ): [Who, number] | null {
    let found = this.walkBack(ref, sentence, quoted, false);
    // The text does not say, and the given name says otherwise (`Walter Hewlett` for `she`): someone
    // further back whose name agrees is likelier. With no one, the name was wrong (`Robin`, `Lindsey`).
    const person = found?.[0].person;
    if (
      person &&
      typeof person !== 'string' &&
      !person.gender &&
      person.nameGender &&
      person.nameGender !== ref.gender
    )
      found = this.walkBack(ref, sentence, quoted, true) ?? found;
    return found ? [pronounTo(found[0], ref.gender), found[1]] : null;
  }

  /** The walk back of {@link pronounCandidate}; `byName`: genders of given names count as known. */
  private walkBack(
    ref: Extract<Ref, { kind: 'pronoun' }>,
    sentence: number,
    quoted: string,
    byName: boolean,
  ): [Who, number] | null {
    const { spoke } = this;
    // A quote that itself speaks of a `he` (`"He took these steps ...," he said.`) is about someone
    // else of that gender: most likely the subject just named, so not by them.
    const aboutOther = (ref.gender === 'm' ? /\b(?:he|him|his)\b/i : /\b(?:she|her|hers)\b/i).test(quoted);
    let subject: [Who, number] | null = null;
    for (let j = sentence - 1; j >= 0 && sentence - j <= PRONOUN_REACH; j--) {
      const t = this.topicAt(j);
      if (t === BLOCKED) break;
      if (!t) continue;
      const known =
        typeof t.person === 'string'
          ? t.gender
          : (t.person.gender ?? t.gender ?? (byName ? t.person.nameGender : null));
      if (known && known !== ref.gender) continue;
      if (subject) {
        if (!spoke[j]) continue;
        const same = nameOf(t.person) === nameOf(subject[0].person);
        if (same || (quoted && !aboutOther && subject[1] === sentence - 1)) return subject;
        return null;
      }
      if (!spoke[j]) {
        subject = [t, j];
        continue;
      }
      return [t, j];
    }
    return subject;
  }
}

/** The speaker named by a person reference at `at`, or null when it is not shown to be a person. */
export function resolvePerson(
  ref: Extract<Ref, { kind: 'person' }>,
  at: number,
  people: People,
  quoted = '',
): { person: Person | string; gender: 'm' | 'f' | null } | null {
  const { info } = ref;
  const gender = info.gender;
  if (isParticleSurname(info.core)) {
    // `De Croo said`: the surname of `Herman De Croo`, as a name of its own only with a title.
    const name = info.core.join(' ');
    const p = people.short(info.core[info.core.length - 1]!, at);
    if (p && lower(p.name).endsWith(` ${lower(name)}`)) return { person: p, gender: p.gender ?? gender };
    return info.titled || info.honorific ? { person: name, gender } : null;
  }
  if (info.core.length >= 2) {
    const name = info.core.join(' ');
    const p = people.full(name);
    if (p) return { person: p, gender: p.gender ?? gender };
    if (info.titled || info.honorific || ref.prefix || info.ofSomething) return { person: name, gender };
    // Only the first and last words matched a known person (`George Bush` for `George W. Bush`).
    return null;
  }
  const word = info.core[0]!;
  if (info.honorific && GIVEN_NAME_HONORIFICS.has(info.honorific)) {
    const p = people.short(word, at, true, gender) ?? people.short(word, at, false, gender);
    if (p) return { person: p, gender: p.gender ?? gender };
  }
  const p = people.short(word, at, false, gender, info.honorific);
  if (p) return { person: p, gender: p.gender ?? gender };
  if (info.honorific) {
    return { person: PEERAGE.has(info.honorific) ? `${capital(info.honorific)} ${word}` : word, gender };
  }
  // `Eisenberg of Bear Stearns`: a name someone belongs to a firm or a place by.
  if (info.titled || info.ofSomething || people.hasHonorific(word) || people.hasTitle(word))
    return { person: word, gender };
  // `"I am the son of an immigrant ...," Cruz said.`: a firm speaks as `we`; who says `I` is a person.
  if (FIRST_PERSON.test(quoted) && isPlainNameWord(word)) return { person: word, gender };
  return null;
}

/** The first person singular in a quote's words. */
const FIRST_PERSON = /\b(?:I|I['’](?:m|ve|d|ll)|me|my|myself)\b/;
