import type { Answer, HelpEntry } from '../types.ts';

/** The help entries, also used by the Discord shell for command descriptions. */
export const HELP: readonly HelpEntry[] = [
  {
    command: 'trade',
    usage: '/trade <place> <place>',
    description: 'Trade between two places: figures first, each with its article.',
    example: '/trade kazakhstan china',
  },
  {
    command: 'quote',
    usage: '/quote <person> [topic:<words>]',
    description: 'What a person said: direct quotes first, then reported speech.',
    example: '/quote tokayev',
  },
  {
    command: 'search',
    usage: '/search <words>',
    description: 'Passages that match your words, best first.',
    example: '/search oil prices',
  },
  {
    command: 'help',
    usage: '/help',
    description: 'This help.',
    example: '/help',
  },
];

/** The operators' commands, listed in the help of those who may run them. */
export const ADMIN_HELP: readonly HelpEntry[] = [
  {
    command: 'reindex',
    usage: '/reindex',
    description: 'Operators: re-read the articles folder and rebuild the index; reports what changed.',
    example: '/reindex',
  },
  {
    command: 'status',
    usage: '/status',
    description: 'Operators: how the bot is (uptime, archive, cache, last reindex, memory).',
    example: '/status',
  },
];

/** `/help`: what the bot can do; with `admin`, the operators' commands too. */
export function help(query = '/help', admin = false): Answer {
  return { command: 'help', query, results: [], notice: null, help: [...HELP, ...(admin ? ADMIN_HELP : [])] };
}
