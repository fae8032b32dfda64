import { fold } from '../fold.ts';
import type { NewsIndex } from '../index.ts';
import { passageText } from '../library.ts';
import { formatQuestion } from '../query.ts';
import { nameWords, speakerMatches } from '../quotes/index.ts';
import { samePerson } from '../speakers.ts';
import { terms } from '../tokenize.ts';
import type { Answer } from '../types.ts';
import { echo, empty, highlighter, notice, toResults } from './results.ts';

/**
 * `/quote P` and "what did P say" questions: what P said, direct quotes first, then reported speech,
 * P matched by surname, full name or alias; never the words of someone merely named nearby.
 */

/**
 * Speakers whose name the query matches, with the other names of the same people (`Ronald Reagan`
 * brings `Reagan` when that is his alias, see `speakers.ts`): candidates by name word, then checked one
 * by one.
 */
export function matchSpeakers(index: NewsIndex, person: string): number[] {
  const candidates = new Set<number>();
  for (const w of nameWords(person)) for (const s of index.speakersByWord.get(w) ?? []) candidates.add(s);
  const named = [...candidates].filter((s) => speakerMatches(person, index.lib.speakers[s]!));
  return samePerson(index.people, named);
}

/**
 * The most words a person's name may have in `/quote` (a name matches only speakers with at least as
 * many words, and the archive's longest names are far shorter): a longer one gets a notice, so that the
 * cost of reading it stays bounded.
 */
export const MAX_NAME_WORDS = 10;

/** Answers `/quote`; `found` is the speakers already matched by a caller that had to check. */
export function quoteAnswer(
  index: NewsIndex,
  query: string,
  person: string,
  topic: string,
  found?: number[],
): Answer {
  const { lib } = index;
  const who = person.replace(/["“”]/g, '').trim();
  if (!who) {
    return empty('quote', query, notice('empty-query', 'Name a person, for example: /quote tokayev.'));
  }
  const words = nameWords(who).length;
  if (words > MAX_NAME_WORDS) {
    return empty(
      'quote',
      query,
      notice(
        'query-too-long',
        `That is ${words} words; a name has at most ${MAX_NAME_WORDS}. Try the surname, for example: /quote tokayev.`,
      ),
    );
  }
  const speakers = found ?? matchSpeakers(index, who);
  if (!speakers.length) {
    // Each distinct word once: all of them must match, so a repeated word adds nothing but cost.
    const distinct = [...new Map(who.split(/\s+/).map((w) => [fold(w), w])).values()].join(' ');
    const named = index.search.search(distinct, { combineWith: 'AND', fields: ['text'] }).length;
    return empty(
      'quote',
      query,
      named
        ? notice(
            'no-quotes',
            `${echo(who)} is named in the archive but never quoted. Try /search ${who} to see where.`,
          )
        : notice(
            'unknown-person',
            `No one called ${echo(who)} is quoted in the archive. Check the spelling, or try a surname alone.`,
          ),
    );
  }
  // Rank: direct quotes before reported speech; then the articles where the person speaks most
  // (where they are the story, not a passing voice); then text order. An article is weighed by the
  // quotes of the names the query gives, and only where there are none by those of the person's other
  // names (`Reagan` for `/quote Ronald Reagan`): a person's answer keeps its order when an alias joins
  // it, and only gains the alias's quotes.
  // Among equals, a quote of a name the query gives comes before one of another name (so that of a
  // passage in duplicate articles, the copy shown is the one the answer showed before the alias joined).
  const named = new Map<number, number>();
  const joined = new Map<number, number>();
  const ids: { id: number; alias: number }[] = [];
  for (const s of speakers) {
    const direct = speakerMatches(who, lib.speakers[s]!);
    const counts = direct ? named : joined;
    for (const id of index.bySpeaker[s]!) {
      ids.push({ id, alias: direct ? 0 : 1 });
      const a = lib.passages[id]!.article;
      counts.set(a, (counts.get(a) ?? 0) + 1);
    }
  }
  const perArticle = new Map([...joined, ...named]);
  const topicTerms = new Set(terms(topic));
  const topicScore = (id: number): number => {
    if (!topicTerms.size) return 0;
    let s = 0;
    for (const t of terms(passageText(lib, lib.passages[id]!))) if (topicTerms.has(t)) s++;
    return s;
  };
  const scored = ids.map(({ id, alias }) => {
    const p = lib.passages[id]!;
    return { id, p, alias, topic: topicScore(id), weight: perArticle.get(p.article)! };
  });
  scored.sort(
    (x, y) =>
      y.topic - x.topic ||
      (x.p.quote === 'direct' ? 0 : 1) - (y.p.quote === 'direct' ? 0 : 1) ||
      y.weight - x.weight ||
      x.alias - y.alias ||
      x.p.article - y.p.article ||
      x.p.start - y.p.start,
  );
  const wanted = new Set([...terms(who), ...topicTerms]);
  const results = toResults(
    index,
    scored.map((s) => s.id),
    highlighter(wanted),
  );
  return { command: 'quote', query, results, notice: null };
}

/** `/quote P [topic:T]`: what P said, direct quotes first, then reported speech; about T first when given. */
export function quote(
  index: NewsIndex,
  { person, topic }: { person: string; topic: string | null },
  query = formatQuestion({ kind: 'quote', person, topic }),
): Answer {
  return quoteAnswer(index, query, person, topic ?? '');
}
