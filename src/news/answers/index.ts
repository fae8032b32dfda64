import type { NewsIndex } from '../index.ts';
import { cleanQuestion, formatQuestion, MAX_QUERY_CHARS, parseLine } from '../query.ts';
import type { Answer, Question } from '../types.ts';
import { ask } from './ask.ts';
import { help } from './help.ts';
import { quote } from './quote.ts';
import { empty, notice } from './results.ts';
import { search } from './search.ts';
import { trade } from './trade.ts';

/**
 * The answers: one module per answer kind, each taking the index and a typed question and returning an
 * {@link Answer} (plain data with citations). Every result is a passage of an article, found through
 * the index; nothing is made up. When there is nothing to show, the notice says why and what to try.
 */

export { ask } from './ask.ts';
export { HELP, help } from './help.ts';
export { quote } from './quote.ts';
export { MAX_RESULTS } from './results.ts';
export { search } from './search.ts';
export { trade } from './trade.ts';

function tooLong(query: string): Answer {
  return empty(
    'ask',
    query.slice(0, MAX_QUERY_CHARS),
    notice(
      'query-too-long',
      `That is ${query.length} characters; please keep questions under ${MAX_QUERY_CHARS}.`,
    ),
  );
}

/**
 * Answers a typed question (a slash command's options, or a line read by `parseLine`). Its text is
 * cleaned first; `query` is the line the answer shows as asked, by default the question written as a
 * user would type it (`formatQuestion`).
 */
export function answerQuestion(index: NewsIndex, question: Question, query?: string): Answer {
  const q = cleanQuestion(question);
  const line = query ?? formatQuestion(q);
  if (line.length > MAX_QUERY_CHARS) return tooLong(line);
  return { ...dispatch(index, q, line), question: q };
}

function dispatch(index: NewsIndex, q: Question, query: string): Answer {
  switch (q.kind) {
    case 'trade':
      return trade(index, q, query);
    case 'quote':
      return quote(index, q, query);
    case 'search':
      return search(index, q, query);
    case 'help':
      return help(query, q.admin === true);
    case 'ask':
      return q.text ? ask(index, q, query) : help(query);
    case 'unknown':
      return empty(
        'ask',
        query,
        notice('unknown-command', `There is no /${q.name} command. Try /trade, /quote, /search or /help.`),
      );
  }
}

/**
 * Answers one line exactly as a user types it: a slash command (named options included) or the text of
 * a mention; the answer's `query` is the line as typed.
 */
export function answer(index: NewsIndex, line: string): Answer {
  const query = line.trim();
  if (query.length > MAX_QUERY_CHARS) return tooLong(query);
  return answerQuestion(index, parseLine(query), query);
}
