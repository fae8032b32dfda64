import type { NewsIndex } from '../index.ts';
import { passageText } from '../library.ts';
import { formatQuestion } from '../query.ts';
import { nameWords, speakerMatches } from '../quotes/index.ts';
import { terms } from '../tokenize.ts';
import type { Answer } from '../types.ts';
import { echo, empty, highlighter, notice, toResults } from './results.ts';

/**
 * `/quote P` and "what did P say" questions: what P said, direct quotes first, then reported speech,
 * P matched by surname, full name or alias; never the words of someone merely named nearby.
 */

/** Speakers whose name the query matches: candidates by name word, then checked one by one. */
export function matchSpeakers(index: NewsIndex, person: string): number[] {
  const candidates = new Set<number>();
  for (const w of nameWords(person)) for (const s of index.speakersByWord.get(w) ?? []) candidates.add(s);
  return [...candidates].filter((s) => speakerMatches(person, index.lib.speakers[s]!)).sort((a, b) => a - b);
}

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
  const speakers = found ?? matchSpeakers(index, who);
  if (!speakers.length) {
    const named = index.search.search(who, { combineWith: 'AND', fields: ['text'] }).length;
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
  // (where they are the story, not a passing voice); then text order.
  const perArticle = new Map<number, number>();
  const ids: number[] = [];
  for (const s of speakers) {
    for (const id of index.bySpeaker[s]!) {
      ids.push(id);
      const a = lib.passages[id]!.article;
      perArticle.set(a, (perArticle.get(a) ?? 0) + 1);
    }
  }
  const topicTerms = new Set(terms(topic));
  const topicScore = (id: number): number => {
    if (!topicTerms.size) return 0;
    let s = 0;
    for (const t of terms(passageText(lib, lib.passages[id]!))) if (topicTerms.has(t)) s++;
    return s;
  };
  const scored = ids.map((id) => {
    const p = lib.passages[id]!;
    return { id, p, topic: topicScore(id), weight: perArticle.get(p.article)! };
  });
  scored.sort(
    (x, y) =>
      y.topic - x.topic ||
      (x.p.quote === 'direct' ? 0 : 1) - (y.p.quote === 'direct' ? 0 : 1) ||
      y.weight - x.weight ||
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
