import type { Question } from './types.ts';

/**
 * Reading a line as a user types it (a slash command, named options included, or the text of a
 * mention) into a typed {@link Question}, and writing a question back as such a line. Pure string work.
 */

/** Longest query we answer. Longer input gets a notice rather than a slow, meaningless search. */
export const MAX_QUERY_CHARS = 500;

/**
 * Cleans user text: Unicode-normalized (NFKC, so full-width and ligature forms read as ASCII), invisible
 * and direction-override characters and lone surrogates removed, Discord mentions (`<@123>`, `<@&1>`,
 * `<#1>`, `@everyone`, `@here`) and custom emoji dropped, whitespace collapsed.
 */
export function cleanText(input: string): string {
  return input
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .normalize('NFKC')
    .replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u00AD]/g, '')
    .replace(/<a?:\w+:\d+>/g, ' ')
    .replace(/<(?:@[!&]?|#)\d+>/g, ' ')
    .replace(/@(?:everyone|here)\b/gi, ' ')
    .replace(/[\u0000-\u001F\u007F]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The options of each command, as `commands/*.ts` define them for Discord; the first is the one that
 * text before any named option fills (`/trade kazakhstan china`, `/quote moyes topic:beattie`).
 */
const OPTIONS = {
  trade: ['places'],
  quote: ['person', 'topic'],
  search: ['query'],
  help: [],
  ask: [],
} as const satisfies Record<string, readonly string[]>;

type CommandWithOptions = keyof typeof OPTIONS;

/** An option's name and the colon after it, where an option may start. */
const OPTION_NAME = /([\p{L}\p{N}_-]+):/uy;

/** The free form of a quote's topic: `/quote tokayev about china` (also `on`, `regarding`). */
const QUOTE_ABOUT = /^(.*?)\s+(?:on|about|regarding)\s+(.+)$/i;

/** A command's arguments read as options: the text before the first named option, and each named one. */
interface ReadOptions {
  /** The text before the first named option (the first option's value, in the positional form). */
  positional: string;
  /** Named options by (lower-case) name, values in the order given, empty ones left out. */
  named: Map<string, string[]>;
}

/**
 * Reads Discord's named options out of a command's arguments. `name:` starts an option when `name` (any
 * case) is an option of this command, at the start or after a space, and outside a closed pair of double
 * quotes (straight or curly; a quote never closed hides nothing); anything else with a colon is plain text: `/search time:out` searches for `time:out`, since
 * `/search` has no option `time`. An option's value runs to the next option, trimmed; an empty one
 * (`topic:`) counts as not given.
 */
function readOptions(args: string, names: readonly string[]): ReadOptions {
  const named = new Map<string, string[]>();
  let positional = '';
  let current: string | null = null;
  let from = 0;
  const close = (end: number): void => {
    const value = args.slice(from, end).trim();
    if (current === null) positional = value;
    else if (value) {
      const values = named.get(current);
      if (values) values.push(value);
      else named.set(current, [value]);
    }
  };
  // The last closing quotes: a quote opened after them is never closed (and no search for one is made).
  const lastStraight = args.lastIndexOf('"');
  const lastCurly = args.lastIndexOf('”');
  for (let i = 0; i < args.length; i++) {
    const c = args[i]!;
    if (c === '"' || c === '“') {
      // A quoted part is skipped whole; a quote never closed hides nothing.
      const straight = c === '"';
      if (i < (straight ? lastStraight : lastCurly)) i = args.indexOf(straight ? '"' : '”', i + 1);
      continue;
    }
    if (i > 0 && args[i - 1] !== ' ') continue;
    OPTION_NAME.lastIndex = i;
    const m = OPTION_NAME.exec(args);
    if (!m) continue;
    const name = m[1]!.toLowerCase();
    if (!names.includes(name)) continue;
    close(i);
    current = name;
    from = i + m[0].length;
    i = from - 1;
  }
  close(args.length);
  return { positional, named };
}

/** The values given for an option, joined by spaces (an option given twice keeps both values). */
function joined(...parts: (string | undefined)[]): string {
  return parts.filter(Boolean).join(' ');
}

/**
 * Reads one line exactly as a user types it in Discord, or in the console: a slash command, with its
 * options named as Discord fills them or in the short forms, or the text of a mention.
 *
 * - `/trade kazakhstan china`, `/trade places:kazakhstan china`, `/trade taiwan "united states"`:
 *   `{kind: 'trade', places}` (quotes are kept: they hold a multi-word name together).
 * - `/quote tokayev`, `/quote person:tokayev topic:china`, `/quote moyes topic:beattie`, and the free
 *   form `/quote tokayev about china` (also `on`, `regarding`; read only from text before any named
 *   option, and only when no `topic:` is given): `{kind: 'quote', person, topic}`, `topic` null when
 *   not given or empty.
 * - `/search oil prices`, `/search query:oil prices`: `{kind: 'search', query}`.
 * - `/help`; `/other ...`: `{kind: 'unknown', name}`; an empty line: help; any other text (a
 *   mention): `{kind: 'ask', text}`.
 *
 * Option names are read in any case, only for options the command has (see {@link readOptions}: an
 * unknown `name:` is plain text). Text before the first named option fills the command's first option
 * (`places`, `person`, `query`); an option given twice, or given both that way and by name, keeps every
 * value, joined by spaces in the order typed (`/trade places:peru places:chile` is Peru and Chile). The
 * line is cleaned first ({@link cleanText}).
 */
export function parseLine(line: string): Question {
  const text = cleanText(line);
  const m = /^\/([\p{L}\p{N}_-]*)\s*([\s\S]*)$/u.exec(text);
  if (!m) return text ? { kind: 'ask', text } : { kind: 'help' };
  const name = m[1]!.toLowerCase();
  if (!Object.hasOwn(OPTIONS, name)) return { kind: 'unknown', name };
  const command = name as CommandWithOptions;
  const { positional, named } = readOptions(m[2]!.trim(), OPTIONS[command]);
  switch (command) {
    case 'trade':
      return { kind: 'trade', places: joined(positional, ...(named.get('places') ?? [])) };
    case 'search':
      return { kind: 'search', query: joined(positional, ...(named.get('query') ?? [])) };
    case 'quote': {
      const topics = named.get('topic');
      const about = topics ? null : QUOTE_ABOUT.exec(positional);
      const person = joined(about ? about[1]!.trim() : positional, ...(named.get('person') ?? []));
      const topic = topics ? joined(...topics) : about ? about[2]!.trim() : null;
      return { kind: 'quote', person, topic: topic || null };
    }
    case 'help':
      return { kind: 'help' };
    case 'ask': {
      const rest = m[2]!.trim();
      return rest ? { kind: 'ask', text: rest } : { kind: 'help' };
    }
  }
}

/** A question's text fields cleaned as {@link parseLine} cleans a line (for questions built from options). */
export function cleanQuestion(q: Question): Question {
  switch (q.kind) {
    case 'trade':
      return { kind: 'trade', places: cleanText(q.places) };
    case 'quote': {
      const topic = q.topic === null ? '' : cleanText(q.topic);
      return { kind: 'quote', person: cleanText(q.person), topic: topic || null };
    }
    case 'search':
      return { kind: 'search', query: cleanText(q.query) };
    case 'ask':
      return { kind: 'ask', text: cleanText(q.text) };
    case 'help':
      return q;
    case 'unknown':
      return { kind: 'unknown', name: q.name };
  }
}

/** Whether two questions ask the same thing. */
export function sameQuestion(a: Question, b: Question): boolean {
  return questionKey(a) === questionKey(b);
}

function questionKey(q: Question): string {
  switch (q.kind) {
    case 'trade':
      return JSON.stringify([q.kind, q.places]);
    case 'quote':
      return JSON.stringify([q.kind, q.person, q.topic]);
    case 'search':
      return JSON.stringify([q.kind, q.query]);
    case 'ask':
      return JSON.stringify([q.kind, q.text]);
    case 'help':
      return JSON.stringify([q.kind]);
    case 'unknown':
      return JSON.stringify([q.kind, q.name]);
  }
}

/**
 * A question written as the line a user would type for it, short forms first: `/trade kazakhstan
 * china`, `/quote tokayev topic:china`, `/search oil prices`; an option is named (`/quote person:...`)
 * when the short form would read differently. {@link parseLine} reads the line back to the same
 * question, for every question whose values are clean text that holds no option of its command outside
 * quotes (shells check with {@link sameQuestion} and keep the question itself otherwise).
 */
export function formatQuestion(q: Question): string {
  const first = (short: string, long: string): string => (sameQuestion(parseLine(short), q) ? short : long);
  switch (q.kind) {
    case 'trade':
      return first(`/trade ${q.places}`, `/trade places:${q.places}`);
    case 'quote': {
      const topic = q.topic ? ` topic:${q.topic}` : '';
      return first(`/quote ${q.person}${topic}`, `/quote person:${q.person}${topic}`);
    }
    case 'search':
      return first(`/search ${q.query}`, `/search query:${q.query}`);
    case 'ask':
      return q.text;
    case 'help':
      return '/help';
    case 'unknown':
      return `/${q.name}`;
  }
}
