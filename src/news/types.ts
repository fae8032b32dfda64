/**
 * Plain data shared by the news core and its shells (console, Discord). Nothing here knows Discord.
 * Offsets are UTF-16 code-unit offsets into {@link Article.text}, so `text.slice(start, end)` is the span.
 */

/** A character span `[start, end)` in some string. */
export interface Span {
  start: number;
  end: number;
}

/** One article as parsed from a file in the seeds folder. */
export interface Article {
  /** Stable id derived from the path (the path relative to the seeds folder, with `/`). */
  id: string;
  /** Path relative to the seeds folder, with `/`. */
  file: string;
  /** A title from front matter, or derived from the headline / first sentence. */
  title: string;
  /** `YYYY-MM-DD` or null when the file carries no date. */
  date: string | null;
  /** The agency that wrote the article (`Trend News Agency` for `MENAFN- Trend News Agency`), or null. */
  source: string | null;
  /** The dateline (`ASTANA, Kazakhstan, November 27.`), or null. It is part of `text` but never a passage. */
  dateline: string | null;
  /**
   * The article's normalized text: header, provider id line and disclaimer removed, hard wraps joined,
   * whitespace collapsed to single spaces. Every passage is a substring of it.
   */
  text: string;
  /** Where the news body starts in `text` (after the headline and dateline, when they were recognised). */
  bodyStart: number;
}

/** A sentence of an article, as a span of its text. */
export type Sentence = Span;

/** How a quote was said. */
export type QuoteKind = 'direct' | 'reported';

/** Words attributed to a person. */
export interface Quote {
  kind: QuoteKind;
  /** The whole passage that carries the quote (whole sentences, possibly several), as a span of the text. */
  span: Span;
  /** The speaker's name as the article gives it in full (`Kassym-Jomart Tokayev`). */
  speaker: string;
}

/** A place recognised in text: a country (or historic state) with a canonical key. */
export interface PlaceMention {
  /** Canonical key, e.g. `KAZ`, `CHN`, `USA`, `SUN` (Soviet Union). */
  key: string;
  span: Span;
}

/** A figure found in text: money, a percentage or a quantity with unit. */
export interface Figure {
  kind: 'money' | 'percent' | 'quantity';
  span: Span;
}

/** Why an answer has nothing to show, or what was wrong with the input. */
export interface Notice {
  /** Machine-readable reason. */
  code:
    | 'empty-query'
    | 'unknown-place'
    | 'need-two-places'
    | 'no-coverage'
    | 'unknown-person'
    | 'no-quotes'
    | 'no-results'
    | 'query-too-long'
    | 'unknown-command';
  /** The sentence a user sees: what went wrong and what to try instead. */
  message: string;
}

/** One cited passage of an answer. */
export interface Result {
  /** The passage verbatim from the article, whitespace collapsed; whole sentences. */
  text: string;
  /** The article's file, relative to the seeds folder, with `/`. */
  file: string;
  title: string;
  date: string | null;
  source: string | null;
  /** For quotes: the person as the article names them in full; null otherwise. */
  speaker: string | null;
  /** Spans in `text` of the query's terms, for highlighting (sorted, non-overlapping). */
  highlights: Span[];
}

/** The command an answer is for. */
export type CommandName = 'trade' | 'quote' | 'search' | 'ask' | 'help';

/**
 * A question as the core answers it, typed: what a slash command's options say (a Discord command
 * builds one from its options), or what `parseLine` reads off a line typed in the console or a
 * mention. Text fields are as the user gave them; the core cleans them before answering.
 */
export type Question =
  /** `/trade places:...`: two places, in any of their names; double quotes keep a multi-word name whole. */
  | { kind: 'trade'; places: string }
  /** `/quote person:... [topic:...]`: what a person said, about a topic when one is given. */
  | { kind: 'quote'; person: string; topic: string | null }
  /** `/search query:...`: passages matching the words. */
  | { kind: 'search'; query: string }
  /** Free text (a mention, or a line that is no command): routed to quotes, trade or search. */
  | { kind: 'ask'; text: string }
  /** `admin`: the asker may run the operators' commands, which the help then lists too. */
  | { kind: 'help'; admin?: boolean }
  /** `/name ...` for a command the bot does not have. */
  | { kind: 'unknown'; name: string };

/** What the core returns for every question: plain data, rendered by a shell. */
export interface Answer {
  command: CommandName;
  /** The query as the user typed it. */
  query: string;
  /** Best first. May hold more than a page; shells show what fits. */
  results: Result[];
  /** Set when there is nothing to show or the input was bad; null otherwise. */
  notice: Notice | null;
  /** For /help: the help text (plain Markdown-free lines). */
  help?: HelpEntry[];
  /**
   * The question answered, as the core read it (set by the dispatch, `answer` and `answerQuestion`): a
   * shell asks it again for the next page when `query`, read again, would not give the same question.
   */
  question?: Question;
}

/** One line of help: a command, its usage and an example. */
export interface HelpEntry {
  command: string;
  usage: string;
  description: string;
  example: string;
}
