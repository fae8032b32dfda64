import type { CommandName } from './types.ts';

/**
 * Reading a line as a user types it (a slash command or the text of a mention) into a command and its
 * argument text. Pure string work; what the arguments mean is up to each answer.
 */

/** Longest query we answer. Longer input gets a notice rather than a slow, meaningless search. */
export const MAX_QUERY_CHARS = 500;

/** A parsed line. */
export interface ParsedQuery {
  command: CommandName | 'unknown';
  /** The text after the command name (or the whole text for free-text questions), cleaned. */
  args: string;
  /** For an unknown `/command`: its name. */
  name?: string;
}

const COMMANDS: ReadonlySet<string> = new Set(['trade', 'quote', 'search', 'help', 'ask']);

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

/** Parses one line: `/trade kazakhstan china` → `{ command: 'trade', args: 'kazakhstan china' }`. */
export function parseQuery(line: string): ParsedQuery {
  const text = cleanText(line);
  const m = /^\/([\p{L}\p{N}_-]*)\s*([\s\S]*)$/u.exec(text);
  if (!m) return { command: 'ask', args: text };
  const name = m[1]!.toLowerCase();
  if (!COMMANDS.has(name)) return { command: 'unknown', args: m[2]!, name };
  return { command: name as CommandName, args: m[2]!.trim() };
}
