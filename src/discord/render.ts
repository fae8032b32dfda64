import {
  ActionRowBuilder,
  type APIEmbed,
  type APIEmbedField,
  ButtonBuilder,
  ButtonStyle,
  escapeMarkdown,
  type MessageCreateOptions,
} from 'discord.js';
import { clip, clipStart } from '../news/clip.ts';
import type { Answer, Result } from '../news/types.ts';

/**
 * The one place that knows Discord's limits and markup: an {@link Answer} becomes a reply with an embed
 * of numbered passages (query terms in bold, article Markdown escaped), each with its citation; a
 * footer with counts; a "More" button to page through further results. Every message it makes has
 * `allowedMentions: { parse: [] }`, so article or user text can never ping anyone.
 */

/** Discord's limits (docs/discord-protocol.md §6). */
export const LIMITS = {
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  customId: 100,
  content: 2000,
} as const;

/** Results shown per page: four passages of at most one field each stay well under 6,000 characters. */
export const PAGE_SIZE = 4;

/** Never ping: no @everyone, @here, roles, users, nor the replied-to user. */
export const NO_PINGS = {
  parse: [],
  repliedUser: false,
} as const satisfies MessageCreateOptions['allowedMentions'];

const EMBED_COLOR = 0x2b6cb0;
const NOTICE_COLOR = 0x718096;
const ERROR_COLOR = 0xc53030;

/** What the shell sends: works for interaction replies, edits and message replies alike. */
export interface Reply {
  content?: string;
  embeds: APIEmbed[];
  components: ActionRowBuilder<ButtonBuilder>[];
  allowedMentions: typeof NO_PINGS;
  /**
   * For the asker's eyes only, where Discord allows it (an interaction's reply): notices (nothing found,
   * bad input) and the help. Answers are public. The shell reads it; it is not sent.
   */
  toAskerOnly?: boolean;
}

/**
 * Escapes Markdown and neutralises mentions and markup in text from articles or users: `@everyone`,
 * `<@123>` and friends get a zero-width space after the `@`, masked links and Discord markup (`<#1>`,
 * `<t:0:R>`, `</cmd:1>`) are shown as written, so article text renders as plain text everywhere.
 */
export function inert(text: string): string {
  return (
    escapeLineStarts(escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true }))
      // Every bracket, not only the first masked link of a line as discord.js's escaper does:
      // `[click here](https://evil.example)` shows as written, its address in plain sight.
      .replace(/[[\]]/g, '\\$&')
      // Discord's own markup (`<#channel>`, `<t:0:R>`, `</reindex:1>`, `<@&role>`, `<:emoji:1>`) shows
      // as typed: a zero-width space after `<` keeps it from being read as markup.
      .replace(/<(?=[#@/:]|t:|a:)/g, '<\u200b')
      .replace(/@/g, '@\u200b')
  );
}

/**
 * Markup that Discord reads only at the start of a line, and discord.js's escaper leaves: block quotes
 * (`> `, `>>> `), subtext (`-# `), and, for text escaped a word at a time (which cannot see where a line
 * starts), headings and list bullets (`# `, `- `, `+ `).
 */
const LINE_START = /^([ \t]*)(>|-#|#|[-+](?=\s))/gm;

function escapeLineStarts(text: string): string {
  return text.replace(LINE_START, '$1\\$2');
}

/**
 * A passage with its highlights in bold, escaped, cut at a word boundary so that the result is at most
 * `budget` characters long (an ellipsis marks a cut).
 */
export function formatPassage(r: Pick<Result, 'text' | 'highlights'>, budget: number): string {
  // Split into words, each knowing whether it is highlighted, then add words while they fit.
  const bold = new Uint8Array(r.text.length);
  for (const h of r.highlights) bold.fill(1, Math.max(0, h.start), Math.min(r.text.length, h.end));
  const words = r.text.match(/\S+\s*/g) ?? [];
  let out = '';
  let at = 0;
  let used = 0;
  for (const word of words) {
    let piece = '';
    let i = 0;
    while (i < word.length) {
      const b = bold[at + i];
      let j = i;
      while (j < word.length && bold[at + j] === b) j++;
      const seg = word.slice(i, j);
      const trimmed = seg.trimEnd();
      const escaped = inert(trimmed);
      piece +=
        b && trimmed ? `**${escaped}**${seg.slice(trimmed.length)}` : escaped + seg.slice(trimmed.length);
      i = j;
    }
    if (out === '' || /\n[ \t]*$/.test(out)) piece = escapeLineStarts(piece);
    if (used + piece.length > budget - 1) {
      out = out.trimEnd() + '…';
      return out;
    }
    out += piece;
    used += piece.length;
    at += word.length;
  }
  return out.trimEnd();
}

/** The citation line of a result: source, date, title, file. Never cut. */
export function citation(r: Result): string {
  const title = r.title.length > 90 ? `${clip(r.title, 89)}…` : r.title;
  const file = r.file.length > 120 ? `…${clipStart(r.file, 119)}` : r.file;
  const source = clip(r.source ?? 'unknown source', 100);
  return `— ${inert(source)}, ${r.date ?? 'undated'} · *${inert(title)}* · \`${file.replace(/`/g, "'")}\``;
}

function fieldFor(r: Result, n: number): APIEmbedField {
  const name = r.speaker ? `${n}. ${inert(r.speaker)}` : `${n}.`;
  const cite = citation(r);
  const budget = LIMITS.fieldValue - cite.length - 1;
  return { name: clip(name, LIMITS.fieldName), value: `${formatPassage(r, budget)}\n${cite}` };
}

const TITLES: Record<Answer['command'], string> = {
  trade: 'Trade',
  quote: 'Quotes',
  search: 'Search',
  ask: 'Answer',
  help: 'Help',
};

/** What a page button says: the page to show, of which query, for whom. */
export interface PageButton {
  page: number;
  query: string;
  /** The only user who may press it; null for buttons of earlier versions (anyone). */
  asker: string | null;
}

/**
 * The custom id of a page button (Previous or Next): who asked, the page to show and the query, when
 * it fits in Discord's 100 characters (else null: the shell keeps the query and puts a key instead).
 */
export function pageButtonId(asker: string, query: string, page: number): string | null {
  const id = `page:${asker}:${page}:${query}`;
  return id.length <= LIMITS.customId ? id : null;
}

/** Reads a page button's custom id back (also the `more:` buttons of earlier versions). */
export function parsePageButtonId(customId: string): PageButton | null {
  const m = /^page:(\d{1,22}):(\d{1,3}):([\s\S]+)$/.exec(customId);
  if (m) return { asker: m[1]!, page: Number(m[2]), query: m[3]! };
  const old = /^more:(\d{1,3}):([\s\S]+)$/.exec(customId);
  return old ? { asker: null, page: Number(old[1]), query: old[2]! } : null;
}

/**
 * Renders a page of an answer (0-based), with Previous and Next buttons whose ids `buttonId` makes for
 * a page (null leaves the button out). Notices and the help are marked for the asker only.
 */
export function renderAnswer(
  a: Answer,
  page = 0,
  buttonId: (query: string, page: number) => string | null = () => null,
): Reply {
  if (a.help) return renderHelp(a);
  const title = `${TITLES[a.command]}: ${a.query}`.replace(/\s+/g, ' ');
  const embed: APIEmbed = { title: clip(inert(title), LIMITS.title - 1), color: EMBED_COLOR };
  if (!a.results.length) {
    embed.color = NOTICE_COLOR;
    embed.description = clip(inert(a.notice?.message ?? 'Nothing found.'), LIMITS.description);
    return { embeds: [embed], components: [], allowedMentions: NO_PINGS, toAskerOnly: true };
  }
  const pages = Math.ceil(a.results.length / PAGE_SIZE);
  const p = Math.min(Math.max(0, page), pages - 1);
  const shown = a.results.slice(p * PAGE_SIZE, (p + 1) * PAGE_SIZE);
  embed.fields = shown.map((r, i) => fieldFor(r, p * PAGE_SIZE + i + 1));
  const first = p * PAGE_SIZE + 1;
  embed.footer = {
    text: `Results ${first}–${first + shown.length - 1} of ${a.results.length} · page ${p + 1}/${pages} · verbatim passages, cited`,
  };
  const buttons: ButtonBuilder[] = [];
  const previous = p > 0 ? buttonId(a.query, p - 1) : null;
  const next = p + 1 < pages ? buttonId(a.query, p + 1) : null;
  if (previous)
    buttons.push(
      new ButtonBuilder().setCustomId(previous).setLabel('Previous').setStyle(ButtonStyle.Secondary),
    );
  if (next)
    buttons.push(new ButtonBuilder().setCustomId(next).setLabel('Next').setStyle(ButtonStyle.Secondary));
  const components = buttons.length ? [new ActionRowBuilder<ButtonBuilder>().addComponents(...buttons)] : [];
  return { embeds: [embed], components, allowedMentions: NO_PINGS };
}

/** The help embed. */
export function renderHelp(a: Answer): Reply {
  const lines = (a.help ?? []).map(
    (h) => `**${inert(h.usage)}** — ${inert(h.description)}\ne.g. \`${h.example}\``,
  );
  lines.push('Or mention me with a question, e.g. *how much did Kazakhstan export to China?*');
  lines.push('Every answer is a verbatim passage from an article, with its source, date, title and file.');
  return {
    embeds: [{ title: 'News desk: what I can do', description: lines.join('\n\n'), color: EMBED_COLOR }],
    components: [],
    allowedMentions: NO_PINGS,
    toAskerOnly: true,
  };
}

/** A short notice (cooldown, permission, bad input) for the user; sent ephemeral by the caller. */
export function renderNotice(message: string): Reply {
  return {
    embeds: [{ description: clip(inert(message), LIMITS.description), color: NOTICE_COLOR }],
    components: [],
    allowedMentions: NO_PINGS,
  };
}

/** The short error a user sees; the details go to the log, never to the user. */
export function renderError(): Reply {
  return {
    embeds: [
      {
        description: 'Sorry, something went wrong while answering. It has been logged; please try again.',
        color: ERROR_COLOR,
      },
    ],
    components: [],
    allowedMentions: NO_PINGS,
  };
}

/** Plain text for an admin report (reindex): code-fenced lines, cut to the embed description limit. */
export function renderReport(title: string, lines: string[], ok: boolean): Reply {
  let description = '';
  for (const line of lines) {
    const next = `${inert(line)}\n`;
    if (description.length + next.length > LIMITS.description - 40) {
      description += `… and ${lines.length - description.split('\n').length + 1} more lines`;
      break;
    }
    description += next;
  }
  return {
    embeds: [{ title: clip(inert(title), LIMITS.title), description, color: ok ? EMBED_COLOR : ERROR_COLOR }],
    components: [],
    allowedMentions: NO_PINGS,
  };
}

/** Total characters of an embed as Discord counts them against the 6,000 limit. */
export function embedLength(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}
