import type { NewsIndex } from '../index.ts';
import { MAX_QUERY_CHARS, parseQuery } from '../query.ts';
import type { Answer } from '../types.ts';
import { ask } from './ask.ts';
import { help } from './help.ts';
import { quote } from './quote.ts';
import { empty, notice } from './results.ts';
import { search } from './search.ts';
import { trade } from './trade.ts';

/**
 * The answers: one module per answer kind, each taking the index and the user's text and returning an
 * {@link Answer} (plain data with citations). Every result is a passage of an article, found through
 * the index; nothing is made up. When there is nothing to show, the notice says why and what to try.
 */

export { ask } from './ask.ts';
export { HELP, help } from './help.ts';
export { quote } from './quote.ts';
export { MAX_RESULTS } from './results.ts';
export { search } from './search.ts';
export { trade } from './trade.ts';

/** Answers one line exactly as a user types it: a slash command or the text of a mention. */
export function answer(index: NewsIndex, line: string): Answer {
  const query = line.trim();
  if (query.length > MAX_QUERY_CHARS) {
    return empty(
      'ask',
      query.slice(0, MAX_QUERY_CHARS),
      notice(
        'query-too-long',
        `That is ${query.length} characters; please keep questions under ${MAX_QUERY_CHARS}.`,
      ),
    );
  }
  const parsed = parseQuery(query);
  switch (parsed.command) {
    case 'trade':
      return trade(index, parsed.args, query);
    case 'quote':
      return quote(index, parsed.args, query);
    case 'search':
      return search(index, parsed.args, query);
    case 'help':
      return help(query);
    case 'ask':
      return parsed.args ? ask(index, parsed.args, query) : help(query);
    default:
      return empty(
        'ask',
        query,
        notice(
          'unknown-command',
          `There is no /${parsed.name ?? ''} command. Try /trade, /quote, /search or /help.`,
        ),
      );
  }
}
