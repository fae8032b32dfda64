import type { NewsIndex } from '../index.ts';
import { terms } from '../tokenize.ts';
import type { Answer } from '../types.ts';
import { matchSpeakers, quoteAnswer } from './quote.ts';
import { placesIn } from './related.ts';
import { empty, notice } from './results.ts';
import { searchAnswer } from './search.ts';
import { wantsOf } from './shape.ts';
import { tradeAnswer } from './trade.ts';

/**
 * The free-text router (a mention, or a line that is not a command): `what did X say ...` and `quotes
 * from X` go to quotes when X is a known speaker (`what did X say about T`, when none of X's quotes is
 * about T, to the passages where X and T meet), `trade between A and B` (two places and a trade word)
 * to trade when that finds passages, and the rest to search.
 */

const QUOTE_QUESTION =
  /\b(?:what|how)\s+(?:did|does|has|have|do|is|was)\s+(.+?)\s+(?:say|said|saying|think|tell|told|claim|argue|comment)\b(?:\s+(?:about|on|regarding)\s+(.+))?/i;
const QUOTES_OF = /\b(?:quotes?|words|statements?|remarks?)\s+(?:from|by|of)\s+(.+)$/i;
const TRADE_QUESTION =
  /\b(?:trade|turnover|countertrade|exports?|exported|exporting|imports?|imported|importing)\b/i;

/** Whether `text` has a word of `words` (as the index reads words). */
function mentions(text: string, words: string): boolean {
  const wanted = new Set(terms(words));
  return terms(text).some((t) => wanted.has(t));
}

/** A free-text question (a mention): routed to quotes or trade when it asks for them, else searched. */
export function ask(index: NewsIndex, { text }: { text: string }, query = text): Answer {
  const t = text.replace(/[?!.]+$/, '').trim();
  if (!t)
    return empty(
      'ask',
      query,
      notice('empty-query', 'Ask me a question, or type /help to see what I can do.'),
    );
  const q = QUOTE_QUESTION.exec(t) ?? QUOTES_OF.exec(t);
  if (q) {
    const person = q[1]!.replace(/^(?:the|a|an)\s+/i, '');
    const found = matchSpeakers(index, person);
    if (found.length) {
      const topic = q[2] ?? '';
      const answer = quoteAnswer(index, query, person, topic, found);
      // None of the quotes attributed to them is about the topic: the passages where the person and
      // the topic meet answer better (an attribution the quote finder missed is often among them).
      if (topic && !answer.results.some((r) => mentions(r.text, topic))) {
        const met = searchAnswer(index, 'ask', query, `${person} ${topic}`);
        if (met.results.length) return met;
      }
      return { ...answer, command: 'quote' };
    }
  }
  const wants = wantsOf(t);
  if (TRADE_QUESTION.test(t) && !wants.percent) {
    const places = placesIn(t);
    if (places.length >= 2) {
      const answer = tradeAnswer(index, query, places, t, wants);
      if (answer.results.length) return answer;
    }
  }
  return searchAnswer(index, 'ask', query, t);
}
