import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { figureFlags } from './figures.ts';
import { parseArticle } from './parse.ts';
import { findPlaces } from './places.ts';
import { extractQuotes } from './quotes/index.ts';
import type { SeedEntry, SeedFile, SkippedFile } from './read.ts';
import { splitSentences } from './sentences.ts';
import type { Article, QuoteKind } from './types.ts';

/**
 * The library: articles cut into passages, each passage annotated once, at build time, with what the
 * answers need (speaker, places, figures, whether it talks about trade), so that queries only look up.
 *
 * A passage is one sentence, or one direct quote with its attribution when the quote runs over several
 * sentences (so a quote is never cut in half). Passages are spans of their article's text; the text is
 * kept once, in the article.
 */

/** One passage of an article. */
export interface Passage {
  /** Index of its article in {@link Library.articles}. */
  article: number;
  start: number;
  end: number;
  /** Position of the passage in its article (0 is the lede). */
  ordinal: number;
  /** Index into {@link Library.speakers}, or -1 when the passage is not a quote. */
  speaker: number;
  quote: QuoteKind | null;
  /** Place keys named in the passage (unique). */
  places: readonly string[];
  /** Figure flags (see `figures.ts`). */
  figures: number;
  /**
   * How much the passage talks about trade (0: not at all): words that say trade directly (trade,
   * turnover) weigh more than its parts (exports, imports) and its instruments (tariffs, quotas).
   */
  trade: number;
}

/**
 * Articles, passages and the people quoted in them.
 *
 * Append-only between compactions: a reindex appends the articles of added and changed files and marks
 * the articles of changed and removed files in `removed`, so the previous passages keep their ids and
 * their postings can be carried into the new index without tokenizing them again (see `extendIndex` in
 * `index.ts`). When removed passages grow past a share of all, the reindex compacts instead
 * ({@link compactLibrary}).
 */
export interface Library {
  articles: Article[];
  /** The source file of each article (same order as `articles`): what changed on a reindex. */
  entries: SeedEntry[];
  /** Articles no longer in the seeds folder (or replaced by a newer version): never answered from. */
  removed: ReadonlySet<number>;
  passages: Passage[];
  /** Distinct speaker names as the articles give them in full. */
  speakers: string[];
  /** Place keys of each article (union of its passages'), same order as `articles`. */
  articlePlaces: ReadonlySet<string>[];
  /** Files that were not read, with the reason. */
  skipped: SkippedFile[];
}

/** Words that say "trade" most directly weigh more than the parts of trade (exports, imports). */
const TRADE_WEIGHTS: readonly [RegExp, number][] = [
  [/\b(?:trade[ds]?|trading|turnover|countertrade|commerce)\b/gi, 3],
  [/\b(?:exports?|exported|exporters?|exporting|imports?|imported|importers?|importing|shipments?)\b/gi, 1.5],
  [/\b(?:surplus(?:es)?|deficits?|tariffs?|dut(?:y|ies)|quotas?|embargo)\b/gi, 1],
];

/** The trade score of a text (see {@link Passage.trade}); each word counts at most three times. */
export function tradeScore(text: string): number {
  if (!TRADE_WORDS.test(text)) return 0; // one test first: most passages say nothing of trade
  let s = 0;
  for (const [re, w] of TRADE_WEIGHTS) s += Math.min(text.match(re)?.length ?? 0, 3) * w;
  return s;
}

/** Words that make a passage about trade (matched on word starts, case-insensitive). */
export const TRADE_WORDS =
  /\b(?:trade[ds]?|trading|countertrade|turnover|exports?|exported|exporters?|exporting|imports?|imported|importers?|importing|surplus(?:es)?|deficits?|tariffs?|dut(?:y|ies)|quotas?|shipments?|bilateral trade|commerce|embargo)\b/i;

/** Progress of a build: files parsed so far, of how many. */
export type BuildProgress = (done: number, total: number) => void;

/**
 * How many files, or characters of text, are parsed between two yields to the event loop (keeps a bot
 * responsive; a single long article is one step, which is why a reindex parses large files in a worker).
 */
const CHUNK = 200;
const CHUNK_CHARS = 256 * 1024;

interface Builder {
  lib: Library & { removed: Set<number> };
  speakerIds: Map<string, number>;
}

function speakerId(b: Builder, name: string): number {
  let id = b.speakerIds.get(name);
  if (id === undefined) {
    id = b.lib.speakers.length;
    b.lib.speakers.push(name);
    b.speakerIds.set(name, id);
  }
  return id;
}

/** Parses one file and appends its article and passages. Returns false when it had no text. */
function addFile(b: Builder, seed: SeedFile): boolean {
  const { article, breaks } = parseArticle(seed.content, seed.file);
  if (!article.text.trim()) {
    b.lib.skipped.push({ file: seed.file, reason: 'no article text after removing the header and notices' });
    return false;
  }
  const { text } = article;
  const articleIndex = b.lib.articles.length;
  b.lib.articles.push(article);
  b.lib.entries.push({ file: seed.file, size: seed.size, mtimeMs: seed.mtimeMs, hash: seed.hash });
  const sentences = splitSentences(text, article.bodyStart, text.length, breaks);
  const quotes = extractQuotes(text, sentences, breaks).sort((x, y) => x.span.start - y.span.start);
  const places = new Set<string>();
  let q = 0;
  let ordinal = 0;
  for (let i = 0; i < sentences.length; i++) {
    const sentence = sentences[i]!;
    while (q < quotes.length && quotes[q]!.span.start < sentence.start) q++;
    const quote = quotes[q]?.span.start === sentence.start ? quotes[q]! : undefined;
    let end = sentence.end;
    if (quote) {
      // A quote spans whole sentences: take them all into this passage.
      while (i + 1 < sentences.length && sentences[i + 1]!.end <= quote.span.end) i++;
      end = sentences[i]!.end;
      q++;
    }
    const passageText = text.slice(sentence.start, end);
    const keys = [...new Set(findPlaces(passageText).map((p) => p.key))];
    for (const k of keys) places.add(k);
    b.lib.passages.push({
      article: articleIndex,
      start: sentence.start,
      end,
      ordinal: ordinal++,
      speaker: quote ? speakerId(b, quote.speaker) : -1,
      quote: quote?.kind ?? null,
      places: keys,
      figures: figureFlags(passageText),
      trade: tradeScore(passageText),
    });
  }
  // Places in the headline count for the article even though the headline is not a passage.
  for (const p of findPlaces(text.slice(0, article.bodyStart))) places.add(p.key);
  b.lib.articlePlaces.push(places);
  return true;
}

/**
 * Builds a library from files read by `readSeeds`. Yields to the event loop every {@link CHUNK} files
 * so a running bot keeps answering while it builds.
 */
export async function buildLibrary(
  files: readonly SeedFile[],
  skipped: readonly SkippedFile[] = [],
  onProgress?: BuildProgress,
): Promise<Library> {
  const b: Builder = { lib: emptyLibrary(skipped), speakerIds: new Map() };
  await addFiles(b, files, onProgress);
  return b.lib;
}

/** A library with no articles yet (and the files already known to be skipped). */
export function emptyLibrary(skipped: readonly SkippedFile[] = []): Library & { removed: Set<number> } {
  return {
    articles: [],
    entries: [],
    removed: new Set(),
    passages: [],
    speakers: [],
    articlePlaces: [],
    skipped: [...skipped],
  };
}

/**
 * A new library from a previous one with the articles of `gone` files marked removed and `skipped` as
 * its list of skipped files: the previous arrays are copied (never mutated: the previous library keeps
 * serving), so that parts parsed since (see {@link appendLibrary}) can be appended to the copy.
 */
export function withoutFiles(
  previous: Library,
  gone: ReadonlySet<string>,
  skipped: readonly SkippedFile[],
): Library & { removed: Set<number> } {
  const removed = new Set(previous.removed);
  previous.entries.forEach((e, i) => {
    if (gone.has(e.file)) removed.add(i);
  });
  return {
    articles: previous.articles.slice(),
    entries: previous.entries.slice(),
    removed,
    passages: previous.passages.slice(),
    speakers: previous.speakers.slice(),
    articlePlaces: previous.articlePlaces.slice(),
    skipped: [...skipped],
  };
}

/** Live articles: all but the removed ones. */
export function articleCount(lib: Library): number {
  return lib.articles.length - lib.removed.size;
}

/** Live passages: those of articles not removed (what a fresh build of the same files would hold). */
export function passageCount(lib: Library): number {
  if (!lib.removed.size) return lib.passages.length;
  let n = 0;
  for (const p of lib.passages) if (!lib.removed.has(p.article)) n++;
  return n;
}

/** Sorts skipped files by file name, as every build reports them. */
export function sortSkipped(skipped: SkippedFile[]): void {
  skipped.sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0));
}

/**
 * The library a fresh build of the same files would make, from one that carries removed articles: its
 * live articles ordered by `position` (their file's place in the folder listing, the order a build reads
 * them in), passages renumbered, speakers numbered again by their first quote in that order and those
 * with no live quote left out. Pure, and exact: the result equals `buildLibrary` over the same files
 * (a test checks it), so an index built over it answers as a fresh build does. `skipped` is the new
 * list of skipped files (sorted here).
 */
export function compactLibrary(
  lib: Library,
  position: (file: string) => number,
  skipped: readonly SkippedFile[],
): Library & { removed: Set<number> } {
  // An article's passages are contiguous (every build appends an article with all its passages).
  const first = new Int32Array(lib.articles.length).fill(-1);
  const count = new Int32Array(lib.articles.length);
  lib.passages.forEach((p, id) => {
    if (first[p.article]! < 0) first[p.article] = id;
    count[p.article]!++;
  });
  const order: number[] = [];
  for (let a = 0; a < lib.articles.length; a++) if (!lib.removed.has(a)) order.push(a);
  const at = order.map((a) => position(lib.entries[a]!.file));
  const sorted = order.map((_, i) => i).sort((x, y) => at[x]! - at[y]!);
  const out = emptyLibrary(skipped);
  const speakerIds = new Map<string, number>();
  for (const i of sorted) {
    const a = order[i]!;
    const article = out.articles.length;
    out.articles.push(lib.articles[a]!);
    out.entries.push(lib.entries[a]!);
    out.articlePlaces.push(lib.articlePlaces[a]!);
    for (let id = first[a]!, end = id + count[a]!; id < end; id++) {
      const p = lib.passages[id]!;
      let speaker = -1;
      if (p.speaker >= 0) {
        const name = lib.speakers[p.speaker]!;
        speaker = speakerIds.get(name) ?? -1;
        if (speaker < 0) {
          speaker = out.speakers.length;
          out.speakers.push(name);
          speakerIds.set(name, speaker);
        }
      }
      out.passages.push({ ...p, article, speaker });
    }
  }
  sortSkipped(out.skipped);
  return out;
}

async function addFiles(b: Builder, files: readonly SeedFile[], onProgress?: BuildProgress): Promise<void> {
  let chars = 0;
  for (let i = 0; i < files.length; i++) {
    try {
      addFile(b, files[i]!);
    } catch (err) {
      b.lib.skipped.push({ file: files[i]!.file, reason: `could not be parsed: ${(err as Error).message}` });
    }
    chars += files[i]!.content.length;
    if ((i + 1) % CHUNK === 0 || chars >= CHUNK_CHARS) {
      chars = 0;
      onProgress?.(i + 1, files.length);
      await yieldToLoop();
    }
  }
  onProgress?.(files.length, files.length);
  sortSkipped(b.lib.skipped);
}

/** The text of a passage. */
export function passageText(lib: Library, p: Passage): string {
  return lib.articles[p.article]!.text.slice(p.start, p.end);
}

// ---------------------------------------------------------------------------------------------------
// Libraries as plain columns: for the cache file and for passing between threads (smaller and faster
// to copy than an array of objects)

/** A library as plain data, passages column by column. */
export interface LibraryColumns {
  articles: Library['articles'];
  entries: SeedEntry[];
  removed: number[];
  speakers: string[];
  articlePlaces: string[][];
  skipped: Library['skipped'];
  passages: {
    article: number[];
    start: number[];
    end: number[];
    ordinal: number[];
    speaker: number[];
    quote: number[];
    places: string[];
    figures: number[];
    trade: number[];
  };
}

const QUOTE_CODES = [null, 'direct', 'reported'] as const;

/** A library as plain columns. */
export function toColumns(lib: Library): LibraryColumns {
  const ps = lib.passages;
  return {
    articles: lib.articles,
    entries: lib.entries,
    removed: [...lib.removed],
    speakers: lib.speakers,
    articlePlaces: lib.articlePlaces.map((s) => [...s]),
    skipped: lib.skipped,
    passages: {
      article: ps.map((p) => p.article),
      start: ps.map((p) => p.start),
      end: ps.map((p) => p.end),
      ordinal: ps.map((p) => p.ordinal),
      speaker: ps.map((p) => p.speaker),
      quote: ps.map((p) => QUOTE_CODES.indexOf(p.quote)),
      places: ps.map((p) => p.places.join(' ')),
      figures: ps.map((p) => p.figures),
      trade: ps.map((p) => p.trade),
    },
  };
}

/** A library from its columns; throws when they do not fit together. */
export function fromColumns(s: LibraryColumns): Library {
  const c = s.passages;
  const n = c.article.length;
  for (const col of Object.values(c))
    if (col.length !== n) throw new Error('passage columns differ in length');
  const passages: Passage[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const places = c.places[i]!;
    passages[i] = {
      article: c.article[i]!,
      start: c.start[i]!,
      end: c.end[i]!,
      ordinal: c.ordinal[i]!,
      speaker: c.speaker[i]!,
      quote: QUOTE_CODES[c.quote[i]!] ?? null,
      places: places ? places.split(' ') : [],
      figures: c.figures[i]!,
      trade: c.trade[i]!,
    };
  }
  if (s.entries.length !== s.articles.length || s.articlePlaces.length !== s.articles.length) {
    throw new Error('article tables differ in length');
  }
  return {
    articles: s.articles,
    entries: s.entries,
    removed: new Set(s.removed),
    passages,
    speakers: s.speakers,
    articlePlaces: s.articlePlaces.map((a) => new Set(a)),
    skipped: s.skipped,
  };
}

/**
 * Appends a library built separately (by a parse worker, for a later batch of files) to `target`,
 * renumbering its articles and speakers. Returns the id of the first appended passage. The part is
 * taken over, not copied: its passages are renumbered in place and become the target's.
 */
export function appendLibrary(target: Library, part: Library, speakerIds: Map<string, number>): number {
  const articleOffset = target.articles.length;
  const firstPassage = target.passages.length;
  const speakerMap = part.speakers.map((name) => {
    let id = speakerIds.get(name);
    if (id === undefined) {
      id = target.speakers.length;
      target.speakers.push(name);
      speakerIds.set(name, id);
    }
    return id;
  });
  target.articles.push(...part.articles);
  target.entries.push(...part.entries);
  target.articlePlaces.push(...part.articlePlaces);
  target.skipped.push(...part.skipped);
  const removed = target.removed as Set<number>;
  for (const r of part.removed) removed.add(r + articleOffset);
  for (const p of part.passages) {
    p.article += articleOffset;
    if (p.speaker >= 0) p.speaker = speakerMap[p.speaker]!;
    target.passages.push(p);
  }
  return firstPassage;
}
