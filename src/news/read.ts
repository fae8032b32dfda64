import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';

/**
 * Reading the seeds folder: every file below it, recursively, decoded as text. Whatever cannot be read
 * is skipped with a reason, never fatal: binary data, an empty file, a file over {@link MAX_FILE_BYTES},
 * bad encoding, a read error, a symlink that points outside the folder or loops.
 */

/** Files larger than this are skipped: no news article is 5 MB of text, and it bounds memory. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** A file of the seeds folder as its metadata says: enough to tell that it has not changed. */
export interface SeedEntry {
  /** Path relative to the seeds folder, with `/`. */
  file: string;
  size: number;
  mtimeMs: number;
  /** SHA-1 of the raw bytes: what changed between two reads. */
  hash: string;
}

/** A file read from the seeds folder. */
export interface SeedFile extends SeedEntry {
  /** The decoded text (UTF-8, or UTF-16 with a BOM). */
  content: string;
}

/** A file that was not read, and why (a sentence an admin can act on). */
export interface SkippedFile {
  file: string;
  reason: string;
}

/** The result of reading a seeds folder. */
export interface SeedRead {
  /** Files read (new or changed ones, when `unchanged` was given). */
  files: SeedFile[];
  /** Files not read because `unchanged` vouched for them (same size and modification time). */
  kept: SeedEntry[];
  skipped: SkippedFile[];
}

/** Options of {@link readSeeds}. */
export interface ReadOptions {
  /** Called now and then with the number of files read so far. */
  onProgress?: (read: number) => void;
  /**
   * The previous read's entry for a file, if any: when its size and modification time still match,
   * the file is not read again and lands in `kept` (a reindex processes only what changed).
   */
  previous?: (file: string) => SeedEntry | undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf16 = new TextDecoder('utf-16le', { fatal: true });

/** Decodes bytes as article text, or says why they are not text. */
export function decodeText(bytes: Uint8Array): { text: string } | { reason: string } {
  if (bytes.length === 0) return { reason: 'empty file' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    try {
      return { text: utf16.decode(bytes.subarray(2)) };
    } catch {
      return { reason: 'invalid UTF-16' };
    }
  }
  const probe = bytes.subarray(0, 8192);
  let control = 0;
  for (let i = 0; i < probe.length; i++) {
    const b = probe[i]!;
    if (b === 0) return { reason: 'binary data (NUL bytes)' };
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  if (control > probe.length / 20) return { reason: 'binary data (control characters)' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { reason: 'not valid UTF-8 text' };
  }
  if (!text.trim()) return { reason: 'empty file (only whitespace)' };
  return { text };
}

/**
 * The files that are articles: plain text and Markdown (README's "Adding articles"). Anything else under
 * the folder (a corpus's index, an export, a script, a key, a backup of an `.env`) is skipped with its
 * reason, never indexed: what an admin or a scraper leaves next to the articles must not become an answer.
 */
const ARTICLE_FILE = /\.(?:txt|md|markdown)$/i;

/** Structured data rather than prose, named as such in the skip reason. */
const DATA_FILE = /\.(?:json|jsonl|ndjson|csv|tsv|xml|ya?ml|sqlite|db)$/i;

/** Why a file that is no article is skipped (null for an article). */
function notAnArticle(file: string): string | null {
  if (ARTICLE_FILE.test(file)) return null;
  const data = DATA_FILE.exec(file);
  if (data) return `a data file (${data[0]}), not article text`;
  const ext = /\.[^./]{1,12}$/.exec(file)?.[0];
  return `not an article: only .txt and .md files are read${ext ? ` (this is ${ext})` : ' (no extension)'}`;
}

/** Files, or bytes, read between two yields to the event loop. */
const YIELD_FILES = 64;
const YIELD_BYTES = 4 * 1024 * 1024;

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'disappeared while reading';
    case 'ELOOP':
      return 'symlink loop';
    case 'EISDIR':
      return 'is a directory';
    default:
      return e?.code ? `read error (${e.code})` : `read error (${String(err)})`;
  }
}

type ReadOutcome =
  | { bytes: Uint8Array; size: number; mtimeMs: number }
  | { reason: string }
  | { kept: SeedEntry };

/**
 * Reads one file with synchronous calls. From the page cache they take microseconds, against a
 * thread-pool round trip and several promises per call for the asynchronous ones (a read of 17,500
 * files took 1 s that way); the caller yields to the event loop between small groups of files.
 * `O_NONBLOCK` keeps a FIFO that slipped into the folder from blocking the open.
 */
function readOne(path: string, previous: SeedEntry | undefined): ReadOutcome {
  let fd = -1;
  try {
    if (previous) {
      const info = statSync(path);
      if (info.isFile() && info.size === previous.size && info.mtimeMs === previous.mtimeMs)
        return { kept: previous };
    }
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (!info.isFile()) return { reason: 'not a regular file' };
    if (info.size > MAX_FILE_BYTES) {
      return {
        reason: `too large (${(info.size / 1048576).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1048576} MB)`,
      };
    }
    if (info.size === 0) return { reason: 'empty file' };
    const bytes = new Uint8Array(info.size);
    let off = 0;
    while (off < info.size) {
      const n = readSync(fd, bytes, off, info.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return { bytes: bytes.subarray(0, off), size: info.size, mtimeMs: info.mtimeMs };
  } catch (err) {
    return { reason: describe(err) };
  } finally {
    if (fd >= 0) {
      try {
        closeSync(fd);
      } catch {
        // nothing to do: the file was read or reported
      }
    }
  }
}

/**
 * Lists the files below `root` (relative paths with `/`, sorted), following symlinks only when they
 * resolve inside `root`, and never twice into the same real directory.
 */
async function listFiles(root: string, skipped: SkippedFile[]): Promise<string[]> {
  const realRoot = await realpath(root);
  const seenDirs = new Set<string>([realRoot]);
  const out: string[] = [];
  const rel = (p: string): string => relative(root, p).split(sep).join('/');
  const inside = (real: string): boolean => real === realRoot || real.startsWith(realRoot + sep);

  async function walk(dir: string): Promise<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      skipped.push({ file: rel(dir) + '/', reason: `folder not readable: ${describe(err)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue; // .git, .DS_Store, editor swap files
      const path = join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        let real: string;
        try {
          real = await realpath(path);
        } catch (err) {
          skipped.push({ file: rel(path), reason: `broken symlink: ${describe(err)}` });
          continue;
        }
        if (!inside(real)) {
          skipped.push({ file: rel(path), reason: 'symlink points outside the seeds folder; not followed' });
          continue;
        }
        const info = await stat(real).catch(() => null);
        if (info?.isDirectory()) {
          if (seenDirs.has(real)) {
            skipped.push({ file: rel(path), reason: 'symlink loop or folder already read; not followed' });
            continue;
          }
          seenDirs.add(real);
          await walk(path);
        } else if (info?.isFile()) {
          out.push(path);
        }
      } else if (entry.isDirectory()) {
        const real = await realpath(path).catch(() => path);
        if (seenDirs.has(real)) continue;
        seenDirs.add(real);
        await walk(path);
      } else if (entry.isFile()) {
        out.push(path);
      }
    }
  }
  await walk(root);
  return out;
}

/** The files below a seeds folder, before any is read. */
export interface SeedListing {
  root: string;
  /** Full paths, sorted (see {@link listFiles}). */
  paths: string[];
  /** Folders and links that were not followed, and why. */
  skipped: SkippedFile[];
}

/**
 * Lists the files below `root`. Throws only when `root` itself is missing or not a folder (with a
 * message naming it).
 */
export async function listSeeds(root: string): Promise<SeedListing> {
  const info = await lstat(root).catch(() => null);
  if (!info) throw new Error(`seeds folder "${root}" does not exist`);
  if (!(await stat(root)).isDirectory()) throw new Error(`seeds folder "${root}" is not a folder`);
  const skipped: SkippedFile[] = [];
  const paths = await listFiles(root, skipped);
  return { root, paths, skipped };
}

/**
 * Reads the given files of a listing (all of them by default; a parallel build reads a batch in each
 * thread). Problems with single files are returned in `skipped`, sorted by file.
 */
export async function readListed(
  root: string,
  paths: readonly string[],
  options: ReadOptions = {},
): Promise<SeedRead> {
  const skipped: SkippedFile[] = [];
  const files: SeedFile[] = [];
  const kept: SeedEntry[] = [];
  let bytesSinceYield = 0;
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i]!;
    const file = relative(root, path).split(sep).join('/');
    const not = notAnArticle(file);
    const read: ReadOutcome = not ? { reason: not } : readOne(path, options.previous?.(file));
    if ('kept' in read) {
      kept.push(read.kept);
    } else if ('reason' in read) {
      skipped.push({ file, reason: read.reason });
    } else {
      bytesSinceYield += read.size;
      const decoded = decodeText(read.bytes);
      if ('reason' in decoded) skipped.push({ file, reason: decoded.reason });
      else
        files.push({
          file,
          size: read.size,
          mtimeMs: read.mtimeMs,
          content: decoded.text,
          hash: createHash('sha1').update(read.bytes).digest('hex'),
        });
    }
    if ((i + 1) % YIELD_FILES === 0 || bytesSinceYield > YIELD_BYTES) {
      bytesSinceYield = 0;
      options.onProgress?.(i + 1);
      await yieldToLoop(); // a running bot keeps answering while a reindex reads
    }
  }
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files, kept, skipped };
}

/**
 * Reads every file below `root`. Throws only when `root` itself is missing or not a folder (with a
 * message naming it); problems with single files are returned in `skipped`.
 */
export async function readSeeds(root: string, options: ReadOptions = {}): Promise<SeedRead> {
  const listing = await listSeeds(root);
  const read = await readListed(root, listing.paths, options);
  const skipped = [...listing.skipped, ...read.skipped];
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { ...read, skipped };
}
