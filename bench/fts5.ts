/**
 * The plain SQLite FTS5 peer of the answer-quality stage: what a competent first version built on SQLite
 * would answer. One FTS5 row per passage of the project's library (the same sentences and multi-sentence
 * quotes the project answers with), `tokenize='porter unicode61'`, ranked with `bm25()`, top 10. Nothing
 * else: no stop words, no synonyms, no places, no speakers, no headline or article context, duplicates of
 * the same text left in. The query is the line a user types with the slash command and Discord's
 * `name:` option prefixes taken off, cut into words the way `unicode61` cuts text, each word quoted (so
 * FTS5's own syntax in user text, `"`, `*`, `AND`, `NEAR`, `-`, `^`, `:`, cannot change the query) and
 * joined with `OR`: plain BM25 over the words of the question.
 *
 * The answers have the console's JSON shape (`toJson` in src/news/answers/json.ts), `speaker` always null, a notice
 * when nothing matched, so that the same scorer (`quality-checks.ts`) reads both sides.
 */
import Database from 'better-sqlite3';
import type { AnswerJson, ResultJson } from './quality-checks.ts';

/** Results per answer, as the console's. */
export const FTS_LIMIT = 10;

/** What FTS5 stores of a passage, besides its text (kept outside the table, by rowid). */
export type PassageRow = ResultJson;

/** The notices of the peer: a non-empty notice for every empty answer, as the checks expect of a bot. */
export const NO_WORDS_NOTICE = 'Nothing to search for: the query has no words.';
export const NO_MATCH_NOTICE = 'No passage matches those words.';

/** Letters, digits, marks and private-use characters: the token characters of FTS5's `unicode61`. */
const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
/** A Discord named option's prefix as the console reads it (`topic:`, `places:`, `query:`). */
const OPTION_NAME = /(^|\s)[\p{L}_][\p{L}\p{N}_-]*:/gu;

/** The slash command of a line (`quote` for `/quote moyes`), or null for free text. */
export function commandOf(line: string): string | null {
  const m = /^\s*\/(\S*)/.exec(line);
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * The words FTS5 is asked for: the line without its leading `/command` and, after a slash command, without
 * the `name:` prefixes of named options (`/quote moyes topic:beattie` → `moyes`, `beattie`); then the runs
 * of token characters, each word once (compared in lower case), in order.
 */
export function ftsWords(line: string): string[] {
  let text = line;
  if (commandOf(line) !== null) text = text.replace(/^\s*\/\S*/, ' ').replace(OPTION_NAME, '$1');
  const seen = new Set<string>();
  const words: string[] = [];
  for (const [w] of text.matchAll(WORD)) {
    const key = w.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    words.push(w);
  }
  return words;
}

/** Quotes a word as an FTS5 string (a `"` inside is doubled): FTS5 reads it as text, never as syntax. */
export function ftsString(word: string): string {
  return `"${word.replaceAll('"', '""')}"`;
}

/** The FTS5 `MATCH` expression for a line: its words quoted and joined with `OR`; null when it has none. */
export function ftsQuery(line: string): string | null {
  const words = ftsWords(line);
  return words.length ? words.map(ftsString).join(' OR ') : null;
}

/** An FTS5 table of passages, in memory. */
export class Fts5Peer {
  readonly #db: Database.Database;
  readonly #rows: PassageRow[] = [];
  readonly #insert: Database.Statement<[number, string]>;
  readonly #match: Database.Statement<[string, number], { id: number }>;

  constructor() {
    this.#db = new Database(':memory:');
    this.#db.exec("CREATE VIRTUAL TABLE passages USING fts5(text, tokenize='porter unicode61')");
    this.#insert = this.#db.prepare('INSERT INTO passages(rowid, text) VALUES (?, ?)');
    // rowid breaks ties, so that runs are repeatable.
    this.#match = this.#db.prepare(
      'SELECT rowid AS id FROM passages WHERE passages MATCH ? ORDER BY bm25(passages), rowid LIMIT ?',
    );
  }

  /** Adds passages, in one transaction. */
  addAll(rows: Iterable<PassageRow>): void {
    this.#db.transaction(() => {
      for (const row of rows) {
        this.#rows.push(row);
        this.#insert.run(this.#rows.length, row.text);
      }
    })();
  }

  /** Passages in the table. */
  get size(): number {
    return this.#rows.length;
  }

  /** The answer to a line as a user types it, in the console's JSON shape. */
  answer(line: string): AnswerJson {
    const command = commandOf(line) ?? 'ask';
    const match = ftsQuery(line);
    if (match === null) return { query: line, command, results: [], notice: NO_WORDS_NOTICE };
    const results = this.#match.all(match, FTS_LIMIT).map(({ id }) => this.#rows[id - 1]!);
    return { query: line, command, results, notice: results.length ? null : NO_MATCH_NOTICE };
  }

  close(): void {
    this.#db.close();
  }
}
