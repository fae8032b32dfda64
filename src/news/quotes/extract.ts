/**
 * Stage 4: every quote of an article in text order ({@link extractQuotes}): direct quotes as groups of
 * whole sentences with their cue, reported speech one sentence each.
 */
import type { Quote, Sentence } from '../types.ts';
import { type Cue, leadCue, leadingClause, leadingSubject, reportedCue, tailCue } from './cues.ts';
import { findRegions, maskQuotes, type Region } from './marks.ts';
import { BLOCKED, blocks, nameOf, Speakers, type Who } from './speakers.ts';
import { phraseWords } from './subjects.ts';
import { CLAUSE_VERBS } from './words.ts';

/** Index of the sentence containing offset `pos` (or the first one after it); -1 past the end. */
export function sentenceAt(sentences: readonly Sentence[], pos: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sentences[mid]!.end > pos) {
      ans = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return ans;
}

export interface Group {
  first: number;
  last: number;
  regions: Region[];
}

/**
 * Every quote in an article, in text order. `sentences` are the article's sentences (spans of text);
 * `paragraphs` the offsets where its paragraphs start (a quote runs on over paragraphs that each open
 * with a quote mark, closed only at the end).
 *
 * Direct quotes are found from quote marks first and cover whole sentences, with the attribution when it
 * sits in the same sentence (`"... in all areas," he said.`); a quote continued over several sentences or
 * reopened paragraphs is one quote. Reported speech is one sentence each. A quote whose speaker cannot
 * be named with confidence (an organisation, an unnamed official, an unresolved pronoun) is left out.
 * Never throws; spans never overlap.
 */
export function extractQuotes(
  text: string,
  sentences: readonly Sentence[],
  paragraphs: readonly number[] = [],
): Quote[] {
  const sents = sentences.filter((s) => s.start >= 0 && s.end <= text.length && s.end > s.start);
  if (!sents.length) return [];
  const regions = findRegions(text, new Set(paragraphs));
  const masked = maskQuotes(text, regions);
  const st = new Speakers(text, masked, sents);
  const { topics, spoke } = st;
  const out: Quote[] = [];

  // Direct-quote regions → groups of whole sentences.
  const groups: Group[] = [];
  for (const r of regions) {
    const first = sentenceAt(sents, r.open);
    const last = sentenceAt(sents, r.close);
    if (first < 0 || last < 0 || last < first) continue;
    if (first === last && !isDirect(masked, text, sents[first]!, r)) continue;
    const prev = groups[groups.length - 1];
    if (prev && first <= prev.last) {
      prev.last = Math.max(prev.last, last);
      prev.regions.push(r);
    } else groups.push({ first, last, regions: [r] });
  }

  let g = 0;
  let prevDirect: { last: number; who: Who | null } | null = null;
  for (let i = 0; i < sents.length; i++) {
    const group = groups[g];
    if (group && group.first === i) {
      g++;
      let last = group.last;
      let cue: Cue | null | 'none' = 'none';
      for (const [ri, r] of group.regions.entries()) {
        const sEnd = sents[sentenceAt(sents, r.close)]!.end;
        const nextR = group.regions[ri + 1];
        const tailEnd = nextR && nextR.open < sEnd ? nextR.open : sEnd;
        const tail = tailCue(masked.slice(r.close + 1, tailEnd), r.close + 1);
        const prevR = group.regions[ri - 1];
        const sStart = sents[sentenceAt(sents, r.open)]!.start;
        const leadStart = prevR && prevR.close > sStart ? prevR.close + 1 : sStart;
        // `Fallon fired back: "...," he wrote, "..."`: the name before the quote says who `he` is.
        const lead =
          tail === 'none' || tail?.ref.kind === 'pronoun'
            ? leadCue(masked.slice(leadStart, r.open), masked.slice(sStart, r.open), leadStart)
            : 'none';
        cue = tail !== 'none' && (lead === 'none' || lead?.ref.kind !== 'person') ? tail : lead;
        if (cue !== 'none') break;
      }
      // `"Why?" Mr Smith asked.`: a cue split off into a short sentence of its own.
      const lastR = group.regions[group.regions.length - 1]!;
      if (
        cue === 'none' &&
        last + 1 < sents.length &&
        /^["”\s]*$/.test(masked.slice(lastR.close + 1, sents[last]!.end)) &&
        groups[g]?.first !== last + 1
      ) {
        const nxt = sents[last + 1]!;
        const ns = masked.slice(nxt.start, nxt.end);
        if (ns.length <= 90 && !/["“”]/.test(ns) && ns.trim().split(/\s+/).length <= 9) {
          const c = tailCue(ns, nxt.start);
          if (c !== 'none' && c !== null) {
            cue = c;
            last++;
          }
        }
      }
      let who: Who | null = null;
      // Only a quote that opens its sentence goes on from what came before: in `..., with a statement
      // reading: "..."` the words before the quote name another source.
      const opensSentence = !/\S/.test(masked.slice(sents[i]!.start, group.regions[0]!.open));
      if (cue !== 'none') {
        const quoted = group.regions.map((r) => text.slice(r.open + 1, r.close)).join(' ');
        who = cue ? st.resolve(cue.ref, cue.at, i, quoted) : null;
      } else if (!opensSentence) {
        who = null;
      } else if (prevDirect && prevDirect.last === i - 1) {
        // A quote straight after another one, with no cue of its own, goes on with the same speaker.
        who = prevDirect.who;
      } else if (i > 0) {
        // `He then listed the qualities ...:` and the quote in the next paragraph: the colon's subject.
        const before = masked.slice(sents[i - 1]!.start, sents[i - 1]!.end);
        const lead = /:\s*$/.test(before) ? leadingSubject(before) : null;
        if (lead && (lead.kind === 'person' || lead.kind === 'pronoun'))
          who = st.resolve(lead, sents[i - 1]!.start, i - 1);
        // A quote straight after a sentence about a person (who speaks, argues, calls ...) is theirs.
        const t = who ? null : st.topicAt(i - 1);
        if (t && t !== BLOCKED) who = t;
      }
      if (who) {
        out.push({
          kind: 'direct',
          span: { start: sents[i]!.start, end: sents[last]!.end },
          speaker: nameOf(who.person),
        });
      }
      const topic = who ?? (cue !== 'none' && cue && blocks(cue.ref) ? BLOCKED : null);
      for (let j = i; j <= last; j++) {
        topics[j] = topic;
        spoke[j] = who !== null;
      }
      prevDirect = { last, who };
      i = last;
      continue;
    }
    while (groups[g] && groups[g]!.first < i) g++;
    const sent = sents[i]!;
    const cue =
      reportedCue(masked.slice(sent.start, sent.end), sent.start) ?? fragmentCue(text, masked, sent);
    if (!cue) continue; // its topic is worked out when needed
    const who = st.resolve(cue.ref, cue.at, i);
    if (who) {
      out.push({ kind: 'reported', span: { start: sent.start, end: sent.end }, speaker: nameOf(who.person) });
      topics[i] = who;
      spoke[i] = true;
    } else if (blocks(cue.ref)) topics[i] = BLOCKED;
  }
  return out;
}

/** Whether a quote inside one sentence is a direct quote rather than a quoted phrase (`the "results"`). */
export function isDirect(masked: string, text: string, sentence: Sentence, r: Region): boolean {
  const lead = masked.slice(sentence.start, r.open).trim();
  const inner = text.slice(r.open + 1, r.close).trim();
  const tail = masked.slice(r.close + 1, sentence.end).trim();
  if (!lead) return true;
  if (/[:]$/.test(lead)) return true;
  if (/,$/.test(lead) && (inner.split(/\s+/).length >= 4 || /[.,?!]$/.test(inner))) return true;
  if (/\b(?:said|says|added|asked|replied|wrote|declared)$/.test(lead)) return true;
  if (/[,.?!]$/.test(inner) && tail && !/^[.?!]/.test(tail) && inner.split(/\s+/).length >= 3) {
    const cue = tailCue(tail, 0);
    return cue !== 'none';
  }
  return false;
}

/**
 * A sentence that quotes a few words of its subject inside it, without a speech verb: `Sanders also
 * pledged to "bring our political revolution" to the convention`, `Trump called the merger "a terrible
 * deal"`. The words in quote marks are the subject's; the sentence is reported speech by them.
 */
function fragmentCue(text: string, masked: string, sent: Sentence): Cue | null {
  const s = masked.slice(sent.start, sent.end);
  const quoted = QUOTED_INSIDE.exec(s);
  if (!quoted || phraseWords(text.slice(sent.start + quoted.index, sent.end)).length < 3) return null;
  // `also known as "cosmonaut No. 11"`, `the so-called "..."`: a name for something, not speech.
  if (NAMING.test(s.slice(0, quoted.index))) return null;
  const lead = leadingClause(s);
  if (!lead || (lead.ref.kind !== 'person' && lead.ref.kind !== 'pronoun')) return null;
  // `Trump was said to be suffering "minor symptoms"`, `X was speaking after Y told ...`: a passive
  // or a second clause, whose quoted words are not the subject's.
  return CLAUSE_VERBS.has(lead.verb) ? null : { ref: lead.ref, at: sent.start };
}

/** A quote of some length inside a masked sentence: its opening mark and blanked words. */
const QUOTED_INSIDE = /["“]x{12,}/;

/** Words right before a quote that name or label rather than quote (`known as "..."`). */
const NAMING = /\b(?:known as|dubbed|nicknamed|titled|entitled|so-called|billed as|labell?ed)\s*$/;
