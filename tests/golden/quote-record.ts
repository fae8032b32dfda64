/**
 * The golden record of who said what: every quote the extractor finds in a set of article folders, as
 * one line per quote (`file`, kind, speaker, span), and a SHA-256 digest of those lines per folder.
 *
 * `corpus-quotes.json` next to this file keeps the digests (and counts) for the corpus in
 * `../shared`; `quotes-golden.slow.test.ts` recomputes them, so a refactor of the extractor is shown to
 * change nothing, and a change that is meant to alter attributions updates the file on purpose:
 *
 *   npx tsx tests/golden/quote-record.ts            # compare with the record, by folder
 *   npx tsx tests/golden/quote-record.ts --write    # write the record anew
 *   npx tsx tests/golden/quote-record.ts --out F    # also write every line to F (to diff two versions)
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArticle } from '../../src/news/parse.ts';
import { extractQuotes } from '../../src/news/quotes/index.ts';
import { readSeeds } from '../../src/news/read.ts';
import { splitSentences } from '../../src/news/sentences.ts';

/** The folders the record covers, relative to the project's root, by name. */
export const FOLDERS: Readonly<Record<string, string>> = {
  seeds: 'seeds',
  reuters: '../shared/corpus/reuters',
  bbc: '../shared/corpus/bbc',
  wikinews: '../shared/corpus/wikinews',
  polnear: '../shared/quotes/data/articles',
};

/** What the record keeps of one folder. */
export interface FolderRecord {
  articles: number;
  quotes: number;
  sha256: string;
}

const ROOT = new URL('../../', import.meta.url);
export const RECORD_FILE = new URL('./corpus-quotes.json', import.meta.url);

/** Whether a folder of the record is on this machine (the corpus lives outside the repository). */
export function hasFolder(name: string): boolean {
  return existsSync(new URL(FOLDERS[name]!, ROOT));
}

/** One line per quote of every article below `dir`, in file order then text order. */
export async function quoteLines(dir: string): Promise<{ articles: number; lines: string[] }> {
  const { files } = await readSeeds(new URL(dir, ROOT).pathname);
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const lines: string[] = [];
  for (const f of files) {
    const { article, breaks } = parseArticle(f.content, f.file);
    const { text } = article;
    const sentences = splitSentences(text, article.bodyStart, text.length, breaks);
    const quotes = extractQuotes(text, sentences, breaks).sort((x, y) => x.span.start - y.span.start);
    for (const q of quotes) lines.push(`${f.file}\t${q.kind}\t${q.speaker}\t${q.span.start}-${q.span.end}`);
  }
  return { articles: files.length, lines };
}

/** The record of one folder. */
export async function recordOf(name: string): Promise<FolderRecord & { lines: string[] }> {
  const { articles, lines } = await quoteLines(FOLDERS[name]!);
  const sha256 = createHash('sha256').update(lines.join('\n')).digest('hex');
  return { articles, quotes: lines.length, sha256, lines };
}

/** The record as kept in the repository. */
export function keptRecord(): Record<string, FolderRecord> {
  return JSON.parse(readFileSync(RECORD_FILE, 'utf8')) as Record<string, FolderRecord>;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const write = args.includes('--write');
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? args[outAt + 1] : undefined;
  const kept = existsSync(RECORD_FILE) ? keptRecord() : {};
  const next: Record<string, FolderRecord> = {};
  const all: string[] = [];
  let differs = false;
  for (const name of Object.keys(FOLDERS)) {
    if (!hasFolder(name)) {
      console.log(`${name}: not on this machine, skipped`);
      if (kept[name]) next[name] = kept[name];
      continue;
    }
    const { lines, ...rec } = await recordOf(name);
    next[name] = rec;
    all.push(...lines.map((l) => `${name}/${l}`));
    const was = kept[name];
    const same = was?.sha256 === rec.sha256;
    differs ||= !same;
    console.log(
      `${name}: ${rec.articles} articles, ${rec.quotes} quotes ${same ? '(as recorded)' : `(recorded: ${was ? `${was.quotes} quotes, another digest` : 'none'})`}`,
    );
  }
  if (out) writeFileSync(out, `${all.join('\n')}\n`);
  if (write) writeFileSync(RECORD_FILE, `${JSON.stringify(next, null, 2)}\n`);
  else if (differs) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
