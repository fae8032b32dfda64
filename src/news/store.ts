import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import {
  buildIndex,
  extendIndex,
  FIELD_BOOST,
  FIELDS,
  indexOptions,
  type NewsIndex,
  withLookups,
} from './index.ts';
import {
  appendLibrary,
  articleCount,
  compactLibrary,
  fromColumns,
  type LibraryColumns,
  passageCount,
  sortSkipped,
  toColumns,
  withoutFiles,
} from './library.ts';
import { NoArticlesError } from './live.ts';
import { type LoadProgress, loadIndex, parseFiles } from './load.ts';
import { PassageSearch } from './passage-search.ts';
import type { Postings } from './postings.ts';
import { listSeeds, readListed, type SeedEntry, type SeedListing } from './read.ts';
import { packageVersion, sourceDigest } from './version.ts';

/**
 * Opening the index: from the persisted cache when it is valid, else by building it; and refreshing
 * an index with only the files that were added, changed or removed since (startup after edits,
 * `/reindex`).
 *
 * The cache is one file per seeds folder and code version, `news-index-<folder>-<code>.json` in the
 * cache folder (see {@link cacheFile}): the console run on another folder, or another version of the
 * bot, never reads nor overwrites this one's. It is written to a temporary file of the writing process
 * (`<name>.<pid>.tmp`) and renamed into place: a header line (format, options fingerprint, code version,
 * piece lengths and SHA-1), then the payload: the library as JSON, the search index as
 * compact postings (see `passage-search.ts`; its number arrays as raw bytes, in the machine's byte
 * order: a cache is read where it was written). It is
 * keyed by the seed files' content (each file's SHA-1 is in the library; a file whose size and
 * modification time are unchanged is not read again) and by the index options (the fingerprint). A
 * truncated, garbled or outdated cache is never trusted: it is reported and rebuilt. A write that fails
 * removes its temporary file, and temporary files of processes no longer running (killed while writing)
 * are removed when the cache is opened, so a full disk or a `kill -9` leaves nothing behind. Once a
 * folder's cache is written or found valid, the caches of other code versions of the same folder that
 * are older than it are removed (and the single `news-index.json` of earlier releases).
 */

/**
 * Bump when the cache's layout changes. Parsing, annotation or term processing changes need no bump:
 * the code version ({@link cacheCode}) digests the sources, so old caches are rebuilt anyway.
 */
export const CACHE_FORMAT = 10;
/** The one cache file of releases before caches were keyed by folder and code (removed when stale). */
const LEGACY_FILE = 'news-index.json';

/** Identifies the index options a cache was built with. */
export const OPTIONS_FINGERPRINT = createHash('sha1')
  .update(JSON.stringify({ CACHE_FORMAT, FIELDS, FIELD_BOOST }))
  .digest('hex')
  .slice(0, 16);

let code: string | null = null;

/**
 * The code version caches are keyed by: the project's version, {@link CACHE_FORMAT}, the index options
 * and a digest of the sources that parse, annotate and index (see `version.ts`). Computed once per
 * process; the same for the shard manager and its shards, the bot and the console of one checkout.
 */
export function cacheCode(): string {
  code ??= createHash('sha1')
    .update(JSON.stringify([packageVersion(), OPTIONS_FINGERPRINT, sourceDigest()]))
    .digest('hex')
    .slice(0, 12);
  return code;
}

/** The cache of one seeds folder, for one code version. */
export interface CacheFile {
  /** The cache folder, as configured. */
  dir: string;
  /** `news-index-<folder>-<code>.json`. */
  name: string;
  /** `dir` joined with `name`. */
  path: string;
  /** 12 hex digits of the SHA-1 of the seeds folder's resolved absolute path. */
  folder: string;
  /** The code version ({@link cacheCode}). */
  code: string;
}

/**
 * Where the cache of `seedsDir` (resolved to an absolute path, so `seeds`, `./seeds/` and its absolute
 * path share one) lives in the cache folder `dir`, for code version `code` (tests pass another). The
 * shard manager and its shards compute the same name from the same configuration.
 */
export function cacheFile(dir: string, seedsDir: string, code: string = cacheCode()): CacheFile {
  const folder = createHash('sha1').update(resolve(seedsDir)).digest('hex').slice(0, 12);
  const name = `news-index-${folder}-${code}.json`;
  return { dir, name, path: join(dir, name), folder, code };
}

/** Something worth logging about the cache. */
export interface CacheEvent {
  kind: 'hit' | 'miss' | 'written' | 'invalid' | 'write-failed' | 'disabled' | 'refreshed' | 'cleaned';
  detail?: string;
  ms?: number;
}

/** Options of {@link openIndex}. */
export interface OpenOptions {
  /** Where the cache lives; null disables it. */
  cacheDir: string | null;
  /** The code version to key the cache by; {@link cacheCode} by default (tests pass another). */
  code?: string;
  onProgress?: (p: LoadProgress) => void;
  onCache?: (e: CacheEvent) => void;
}

/**
 * Above this share of removed passages among all the library carries, a refresh compacts (see
 * {@link refreshIndex}), whatever the library's size: the dead weight stays below a third of the live.
 */
const COMPACT_SHARE = 0.25;

// ---------------------------------------------------------------------------------------------------
// The cache file

interface Header {
  format: number;
  fingerprint: string;
  /** The code version that wrote it ({@link cacheCode}). */
  code: string;
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
async function readCache(file: CacheFile): Promise<NewsIndex | null> {
  const { path } = file;
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
  if (
    header.format !== CACHE_FORMAT ||
    header.fingerprint !== OPTIONS_FINGERPRINT ||
    header.code !== file.code
  ) {
    throw new Error(
      `built by another version (format ${header.format}, options ${header.fingerprint}, code ${header.code})`,
    );
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

/** The temporary file of a cache write of `name` by process `pid`. */
const tempName = (name: string, pid: number): string => `${name}.${pid}.tmp`;
/** A temporary file of a cache write: the cache's name (this release's or the legacy one) and the pid. */
const TEMP_FILE = /^(news-index(?:-[0-9a-f]+-[0-9a-f]+)?\.json)\.(\d+)\.tmp$/;
/** A cache file of this release: the folder's key and the code version. */
const CACHE_NAME = /^news-index-([0-9a-f]+)-([0-9a-f]+)\.json$/;

/**
 * Writes the cache atomically (a temporary file renamed into place), piece by piece. A write that fails
 * (a full disk, a read-only folder) removes its temporary file before it rejects.
 */
async function writeCache(file: CacheFile, index: NewsIndex): Promise<void> {
  const { dir } = file;
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
    code: file.code,
    pieces: buffers.map((b) => b.length),
    sha1: hash.digest('hex'),
    articles: index.lib.articles.length,
    passages: index.lib.passages.length,
  };
  const tmp = join(dir, tempName(file.name, process.pid));
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.write(`${JSON.stringify(header)}\n`);
      for (const buf of buffers) await handle.write(buf);
    } finally {
      await handle.close();
    }
    await rename(tmp, file.path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => {});
    throw err;
  }
}

/** An index waiting to be written, and who to tell how it went. */
interface PendingWrite {
  index: NewsIndex;
  reports: ((e: CacheEvent) => void)[];
}

/** The write waiting to follow the one in progress, by cache file's resolved path (see {@link persistIndex}). */
const writers = new Map<string, { next: PendingWrite | null }>();

/**
 * Writes `index` to the cache `file`, after the current turn of the event loop (so that writing never
 * delays an answer), and reports `written` or `write-failed`; after a write, the stale caches of the
 * same folder are removed (see {@link removeStaleCaches}), reported as `cleaned` before `written`. One
 * write at a time per file: asked while one runs, the latest index is written after it (an index asked
 * for in between is skipped, and its caller told the outcome of the write that replaced it).
 */
export function persistIndex(file: CacheFile, index: NewsIndex, report: (e: CacheEvent) => void): void {
  const key = resolve(file.path);
  const writer = writers.get(key);
  if (writer) {
    writer.next = { index, reports: [...(writer.next?.reports ?? []), report] };
    return;
  }
  const own: { next: PendingWrite | null } = { next: { index, reports: [report] } };
  writers.set(key, own);
  setTimeout(async () => {
    while (own.next) {
      const { index: toWrite, reports } = own.next;
      own.next = null;
      const t0 = performance.now();
      const event: CacheEvent = await writeCache(file, toWrite).then(
        () => ({ kind: 'written' as const, ms: performance.now() - t0 }),
        (err: Error) => ({ kind: 'write-failed' as const, detail: err.message }),
      );
      const cleaned = event.kind === 'written' ? await removeStaleCaches(file) : [];
      for (const r of reports) {
        if (cleaned.length) r({ kind: 'cleaned', detail: `removed ${cleaned.join(', ')}` });
        r(event);
      }
    }
    writers.delete(key);
  }, 0);
}

/** Whether process `pid` is running (signal 0 checks without sending; EPERM: running, not ours). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files that cache writes of processes no longer running left in `dir` (a process
 * killed while writing), and this process's own when it is not writing (a previous process with the same
 * pid, as in a container where the bot is always pid 1). Returns their names.
 */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_FILE.exec(name);
    const pid = Number(m?.[2] ?? Number.NaN);
    if (!m?.[1] || !Number.isInteger(pid)) continue;
    if (pid === process.pid ? writers.has(resolve(dir, m[1])) : running(pid)) continue;
    await rm(join(dir, name), { force: true }).catch(() => {});
    removed.push(name);
  }
  return removed;
}

/**
 * Removes the caches that `file` supersedes: those of the same seeds folder built by another code version,
 * and the single `news-index.json` of earlier releases, when they are not newer than `file` (a newer one
 * belongs to a process of another version still running, which would only write it again). Caches of
 * other folders are never touched. Returns the names removed; nothing when `file` does not exist.
 */
export async function removeStaleCaches(file: CacheFile): Promise<string[]> {
  const current = await stat(file.path).catch(() => null);
  if (!current) return [];
  const names = await readdir(file.dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (name === file.name) continue;
    const m = CACHE_NAME.exec(name);
    if (!(m?.[1] === file.folder || name === LEGACY_FILE)) continue;
    const path = join(file.dir, name);
    const other = await stat(path).catch(() => null);
    if (!other?.isFile() || other.mtimeMs > current.mtimeMs) continue;
    await rm(path, { force: true }).catch(() => {});
    removed.push(name);
  }
  return removed;
}

// ---------------------------------------------------------------------------------------------------
// Refreshing and opening

/** What {@link refreshIndex} found. */
export interface Refresh {
  index: NewsIndex;
  added: string[];
  changed: string[];
  removed: string[];
  /**
   * How the new index was made: unchanged (the previous one), touched (only file times changed),
   * updated (the previous postings carried over, the new files' added) or compacted (built afresh from
   * the live articles, without parsing them again).
   */
  mode: 'unchanged' | 'touched' | 'updated' | 'compacted';
}

/** Options of {@link refreshIndex}. */
export interface RefreshOptions {
  onProgress?: (p: LoadProgress) => void;
  /** Told why, when the parse worker failed and the new files were parsed in this thread. */
  onFallback?: (reason: string) => void;
}

/** A listed path as the library names files: relative to the seeds folder, with `/`. */
const fileName = (root: string, path: string): string => relative(root, path).split(sep).join('/');

/**
 * Brings an index up to date with the seeds folder, processing only the files that were added, changed
 * or removed, and builds the new index beside `previous`, which is never changed (it keeps serving until
 * the caller swaps the result in). New files are parsed in the parse worker when they are large (see
 * `parseFiles`), and every step in this thread is bounded and yields to the event loop. When the
 * passages of removed articles would pass {@link COMPACT_SHARE} of all, the library is compacted: the
 * result is then what a fresh build of the folder gives, article for article and posting for posting.
 * Throws {@link NoArticlesError} when the folder itself is missing or not a folder.
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
  let listing: SeedListing;
  try {
    listing = await listSeeds(seedsDir);
  } catch {
    throw new NoArticlesError('The seeds folder is missing or is not a folder.');
  }
  const read = await readListed(seedsDir, listing.paths, { previous: (file) => live.get(file) });
  const skipped = [...listing.skipped, ...read.skipped];
  sortSkipped(skipped);
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
    skipped.length === old.skipped.length &&
    skipped.every((s, i) => s.file === old.skipped[i]?.file && s.reason === old.skipped[i]?.reason);
  const retouch = (entries: readonly SeedEntry[], removedArticles: ReadonlySet<number>): SeedEntry[] =>
    entries.map((e, i) => (removedArticles.has(i) ? e : (touched.get(e.file) ?? e)));
  if (!added.length && !changed.length && !removed.length && skippedSame) {
    if (!touched.size) return { index: previous, added, changed, removed, mode: 'unchanged' };
    const entries = retouch(old.entries, old.removed);
    return { index: { ...previous, lib: { ...old, entries } }, added, changed, removed, mode: 'touched' };
  }
  const progress = (stage: LoadProgress['stage']) => (done: number, all: number) =>
    options.onProgress?.({ stage, done, total: all, elapsedMs: performance.now() - t0 });
  const parts = await parseFiles(seedsDir, fresh, options.onFallback);
  const lib = withoutFiles(old, new Set([...changed, ...removed]), skipped);
  lib.entries = retouch(lib.entries, lib.removed);
  const speakerIds = new Map(lib.speakers.map((name, i) => [name, i]));
  const appended = parts.map((part) => ({
    postings: part.postings,
    first: appendLibrary(lib, part.lib, speakerIds),
  }));
  sortSkipped(lib.skipped);
  let index: NewsIndex;
  let mode: Refresh['mode'];
  if (lib.passages.length - passageCount(lib) > lib.passages.length * COMPACT_SHARE) {
    const position = new Map(listing.paths.map((path, i) => [fileName(seedsDir, path), i]));
    const compact = compactLibrary(lib, (f) => position.get(f) ?? listing.paths.length, lib.skipped);
    index = await buildIndex(compact, progress('index'));
    mode = 'compacted';
  } else {
    index = await extendIndex(previous, lib, appended);
    mode = 'updated';
  }
  options.onProgress?.({
    stage: 'done',
    done: articleCount(index.lib),
    total: articleCount(index.lib),
    elapsedMs: performance.now() - t0,
  });
  return { index, added, changed, removed, mode };
}

/**
 * Opens the index for `seedsDir`: its cache ({@link cacheFile}: this folder's, this code version's) when
 * valid (then refreshed with what changed in the folder since), else a fresh build. Temporary files that
 * killed writers left in the cache folder are removed first (`cleaned`). The cache is (re)written after
 * the index is returned (see {@link persistIndex}), so that writing it never delays the first answer;
 * `onCache` reports `written` when done. Stale caches of the folder are removed once the current one is
 * valid on disk (see {@link removeStaleCaches}).
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
  const stale = await removeStaleTemps(cacheDir);
  if (stale.length) report({ kind: 'cleaned', detail: `removed ${stale.join(', ')}` });
  const file = cacheFile(cacheDir, seedsDir, options.code);
  let index: NewsIndex | null = null;
  let dirty = true;
  const t0 = performance.now();
  try {
    index = await readCache(file);
    report(
      index
        ? { kind: 'hit', detail: file.name, ms: performance.now() - t0 }
        : { kind: 'miss', detail: `no cache yet for this folder and code version (${file.name})` },
    );
  } catch (err) {
    report({ kind: 'invalid', detail: (err as Error).message });
    await rm(file.path, { force: true }).catch(() => {});
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
  if (dirty) persistIndex(file, index, report);
  else {
    const cleaned = await removeStaleCaches(file);
    if (cleaned.length) report({ kind: 'cleaned', detail: `removed ${cleaned.join(', ')}` });
  }
  return index;
}
