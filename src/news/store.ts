import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { FIELD_BOOST, FIELDS, indexOptions, type NewsIndex, updateIndex, withLookups } from './index.ts';
import { extendLibrary, fromColumns, type LibraryColumns, toColumns } from './library.ts';
import { type LoadProgress, loadIndex } from './load.ts';
import { PassageSearch } from './passage-search.ts';
import type { Postings } from './postings.ts';
import { readSeeds, type SeedEntry } from './read.ts';

/**
 * Opening the index: from the persisted cache when it is valid, else by building it; and refreshing
 * an index with only the files that were added, changed or removed since (startup after edits,
 * `/reindex`).
 *
 * The cache is one file, `news-index.json` in the cache folder: a header line (format, options
 * fingerprint, piece lengths and SHA-1), then the payload: the library as JSON, the search index as
 * compact postings (see `passage-search.ts`; its number arrays as raw bytes, in the machine's byte
 * order: a cache is read where it was written). It is
 * keyed by the seed files' content (each file's SHA-1 is in the library; a file whose size and
 * modification time are unchanged is not read again) and by the index options (the fingerprint). A
 * truncated, garbled or outdated cache is never trusted: it is reported and rebuilt.
 */

/** Bump when parsing, annotation or term processing changes: old caches are then rebuilt. */
export const CACHE_FORMAT = 10;
const CACHE_FILE = 'news-index.json';

/** Identifies the index options a cache was built with. */
export const OPTIONS_FINGERPRINT = createHash('sha1')
  .update(JSON.stringify({ CACHE_FORMAT, FIELDS, FIELD_BOOST }))
  .digest('hex')
  .slice(0, 16);

/** Something worth logging about the cache. */
export interface CacheEvent {
  kind: 'hit' | 'miss' | 'written' | 'invalid' | 'write-failed' | 'disabled' | 'refreshed';
  detail?: string;
  ms?: number;
}

/** Options of {@link openIndex}. */
export interface OpenOptions {
  /** Where the cache lives; null disables it. */
  cacheDir: string | null;
  onProgress?: (p: LoadProgress) => void;
  onCache?: (e: CacheEvent) => void;
}

/** Above this share of changed passages, a fresh build beats an in-place update. */
const REBUILD_SHARE = 0.25;
/** ... but never below this many new passages: small libraries are always updated in place. */
const MIN_REBUILD_PASSAGES = 20_000;

// ---------------------------------------------------------------------------------------------------
// The cache file

interface Header {
  format: number;
  fingerprint: string;
  /** Byte length of each piece of the payload, in order (see {@link pieces}). */
  pieces: number[];
  sha1: string;
  articles: number;
  passages: number;
}

/** Articles or index terms per piece: pieces are serialised one at a time, so no string is huge. */
const PIECE = 2000;

/** The postings without their number arrays (those are pieces of their own, as raw bytes). */
type PostingsHead = Omit<Postings, 'terms' | 'data' | 'ids' | 'fieldLength'> & { terms: number };

/**
 * The payload in pieces, each small enough to stringify and parse on its own: the library's columns,
 * its articles in chunks, the postings' scalars, terms in chunks, then the postings' three number arrays
 * as bytes. Writing and reading piece by piece keeps the peak memory near the size of the data.
 */
function* pieces(index: NewsIndex): Generator<Buffer | null> {
  const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v), 'utf8');
  const { articles, ...columns } = toColumns(index.lib);
  yield json({ ...columns, articles: [] });
  for (let i = 0; i < articles.length; i += PIECE) yield json(articles.slice(i, i + PIECE));
  // The postings are gathered in steps (null: a step, nothing to write yet).
  const steps = index.search.postingsInSteps();
  let step = steps.next();
  for (; !step.done; step = steps.next()) yield null;
  const { terms, data, ids, fieldLength, ...scalars } = step.value;
  yield json({ ...scalars, terms: terms.length } satisfies PostingsHead);
  for (let i = 0; i < terms.length; i += PIECE * 10) yield json(terms.slice(i, i + PIECE * 10));
  for (const arr of [data, ids, fieldLength]) yield Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength);
}

/** Reads and checks the cache; null when there is none; throws (with the reason) when it is unusable. */
async function readCache(dir: string): Promise<NewsIndex | null> {
  const path = join(dir, CACHE_FILE);
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot read ${path}: ${(err as Error).message}`);
  }
  const nl = raw.indexOf(10);
  if (nl < 0) throw new Error('no header line');
  let header: Header;
  try {
    header = JSON.parse(raw.subarray(0, nl).toString('utf8')) as Header;
  } catch {
    throw new Error('garbled header');
  }
  if (header.format !== CACHE_FORMAT || header.fingerprint !== OPTIONS_FINGERPRINT) {
    throw new Error(`built by another version (format ${header.format}, options ${header.fingerprint})`);
  }
  const payload = raw.subarray(nl + 1);
  const expected = header.pieces.reduce((n, p) => n + p, 0);
  if (payload.length !== expected) throw new Error(`truncated (${payload.length} of ${expected} bytes)`);
  if (createHash('sha1').update(payload).digest('hex') !== header.sha1) throw new Error('checksum mismatch');
  let at = 0;
  const bytes = (): Buffer => {
    const size = header.pieces.shift();
    if (size === undefined) throw new Error('missing piece');
    at += size;
    return payload.subarray(at - size, at);
  };
  const next = <T>(): T => JSON.parse(bytes().toString('utf8')) as T;
  const int32s = (): Int32Array => {
    const b = bytes();
    if (b.length % 4) throw new Error(`a number array of ${b.length} bytes`);
    const out = new Int32Array(b.length / 4); // a copy: the piece need not be 4-byte aligned
    Buffer.from(out.buffer).set(b);
    return out;
  };
  const columns = next<LibraryColumns>();
  while (columns.articles.length < header.articles)
    columns.articles.push(...next<LibraryColumns['articles']>());
  const lib = fromColumns(columns);
  const head = next<PostingsHead>();
  const terms: string[] = [];
  while (terms.length < head.terms) terms.push(...next<string[]>());
  const postings: Postings = { ...head, terms, data: int32s(), ids: int32s(), fieldLength: int32s() };
  if (header.pieces.length) throw new Error(`${header.pieces.length} pieces past the end`);
  const source = { lib };
  return withLookups(source, PassageSearch.fromPostings(postings, indexOptions(source)));
}

/** Writes the cache atomically (a temporary file renamed into place), piece by piece. */
async function writeCache(dir: string, index: NewsIndex): Promise<void> {
  await mkdir(dir, { recursive: true });
  const hash = createHash('sha1');
  const buffers: Buffer[] = [];
  for (const buf of pieces(index)) {
    if (buf) {
      hash.update(buf);
      buffers.push(buf);
    }
    await yieldToLoop(); // a running bot keeps answering between pieces
  }
  const header: Header = {
    format: CACHE_FORMAT,
    fingerprint: OPTIONS_FINGERPRINT,
    pieces: buffers.map((b) => b.length),
    sha1: hash.digest('hex'),
    articles: index.lib.articles.length,
    passages: index.lib.passages.length,
  };
  const tmp = join(dir, `${CACHE_FILE}.${process.pid}.tmp`);
  const handle = await open(tmp, 'w');
  try {
    await handle.write(`${JSON.stringify(header)}\n`);
    for (const buf of buffers) await handle.write(buf);
  } finally {
    await handle.close();
  }
  await rename(tmp, join(dir, CACHE_FILE));
}

// ---------------------------------------------------------------------------------------------------
// Refreshing and opening

/** What {@link refreshIndex} found. */
export interface Refresh {
  index: NewsIndex;
  added: string[];
  changed: string[];
  removed: string[];
  /** How the new index was made: unchanged, updated in place, or rebuilt. */
  mode: 'unchanged' | 'touched' | 'updated' | 'rebuilt';
}

/** Options of {@link refreshIndex}. */
export interface RefreshOptions {
  onProgress?: (p: LoadProgress) => void;
  /**
   * Called synchronously with the new index when the previous one was updated in place, so the caller
   * can make it live in the same step (no query may see the previous library with the updated search).
   */
  commit?: (index: NewsIndex) => void;
}

/**
 * Brings an index up to date with the seeds folder, processing only the files that were added, changed
 * or removed. Small changes update the index in place (one synchronous step at the end); large ones
 * build a fresh index beside it. Never touches `previous` before everything that can fail has run.
 */
export async function refreshIndex(
  previous: NewsIndex,
  seedsDir: string,
  options: RefreshOptions = {},
): Promise<Refresh> {
  const t0 = performance.now();
  const old = previous.lib;
  const live = new Map<string, SeedEntry>();
  old.entries.forEach((e, i) => {
    if (!old.removed.has(i)) live.set(e.file, e);
  });
  const read = await readSeeds(seedsDir, { previous: (file) => live.get(file) });
  const seen = new Set<string>();
  const added: string[] = [];
  const changed: string[] = [];
  const touched = new Map<string, SeedEntry>();
  const fresh = read.files.filter((f) => {
    seen.add(f.file);
    const was = live.get(f.file);
    if (!was) added.push(f.file);
    else if (was.hash !== f.hash) changed.push(f.file);
    else {
      // Same content, new size or time (a copy, a checkout): remember the new metadata, parse nothing.
      touched.set(f.file, { file: f.file, size: f.size, mtimeMs: f.mtimeMs, hash: f.hash });
      return false;
    }
    return true;
  });
  for (const k of read.kept) seen.add(k.file);
  const removed = [...live.keys()].filter((f) => !seen.has(f));
  const skippedSame =
    read.skipped.length === old.skipped.length &&
    read.skipped.every((s, i) => s.file === old.skipped[i]?.file && s.reason === old.skipped[i]?.reason);
  if (!added.length && !changed.length && !removed.length && skippedSame) {
    if (!touched.size) return { index: previous, added, changed, removed, mode: 'unchanged' };
    const entries = old.entries.map((e) => touched.get(e.file) ?? e);
    return { index: { ...previous, lib: { ...old, entries } }, added, changed, removed, mode: 'touched' };
  }
  const gone = new Set([...changed, ...removed]);
  const total = old.passages.length;
  const estimate = fresh.length * (total / Math.max(1, old.articles.length));
  const progress = (stage: LoadProgress['stage']) => (done: number, all: number) =>
    options.onProgress?.({ stage, done, total: all, elapsedMs: performance.now() - t0 });
  // A large change (many new passages, or many dead ones to carry) is cheaper as a fresh, compact build.
  const manyNew = estimate > Math.max(MIN_REBUILD_PASSAGES, total * REBUILD_SHARE);
  const manyDead =
    old.articles.length > 1000 && old.removed.size + gone.size > old.articles.length * REBUILD_SHARE;
  if (manyNew || manyDead) {
    const index = await loadIndex(seedsDir, { onProgress: options.onProgress });
    return { index, added, changed, removed, mode: 'rebuilt' };
  }
  const lib = await extendLibrary(old, fresh, gone, read.skipped, progress('parse'));
  const index = updateIndex(previous, lib);
  options.commit?.(index);
  return { index, added, changed, removed, mode: 'updated' };
}

/**
 * Opens the index for `seedsDir`: the cache when valid (then refreshed with what changed in the folder
 * since), else a fresh build. The cache is (re)written after the index is returned, so that writing it
 * never delays the first answer; `onCache` reports `written` when done.
 */
export async function openIndex(seedsDir: string, options: OpenOptions): Promise<NewsIndex> {
  const report = options.onCache ?? (() => {});
  const { cacheDir } = options;
  if (!cacheDir) {
    report({ kind: 'disabled' });
    return loadIndex(seedsDir, { onProgress: options.onProgress });
  }
  // A missing folder is the caller's mistake: say so before spending time on the cache.
  const folder = await stat(seedsDir).catch(() => null);
  if (!folder?.isDirectory()) throw new Error(`seeds folder "${seedsDir}" does not exist or is not a folder`);
  let index: NewsIndex | null = null;
  let dirty = true;
  const t0 = performance.now();
  try {
    index = await readCache(cacheDir);
    report(index ? { kind: 'hit', ms: performance.now() - t0 } : { kind: 'miss', detail: 'no cache yet' });
  } catch (err) {
    report({ kind: 'invalid', detail: (err as Error).message });
    await rm(join(cacheDir, CACHE_FILE), { force: true }).catch(() => {});
  }
  if (index) {
    const t1 = performance.now();
    const r = await refreshIndex(index, seedsDir, { onProgress: options.onProgress });
    index = r.index;
    dirty = r.mode !== 'unchanged';
    if (dirty) {
      report({
        kind: 'refreshed',
        detail: `${r.mode}: ${r.added.length} added, ${r.changed.length} changed, ${r.removed.length} removed`,
        ms: performance.now() - t1,
      });
    }
  } else {
    index = await loadIndex(seedsDir, { onProgress: options.onProgress });
  }
  if (dirty) {
    const toWrite = index;
    setTimeout(() => {
      const t2 = performance.now();
      writeCache(cacheDir, toWrite).then(
        () => report({ kind: 'written', ms: performance.now() - t2 }),
        (err: Error) => report({ kind: 'write-failed', detail: err.message }),
      );
    }, 0);
  }
  return index;
}
