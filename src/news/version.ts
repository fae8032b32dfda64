import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findProjectRoot } from '../project.ts';

/**
 * Which code this is, for the index cache and `/status`: the project's version (package.json) and a
 * digest of the code that parses, annotates and indexes articles, so that a cache written by other code
 * is never read (an upgrade, or a parser change whose author forgot to bump `CACHE_FORMAT`).
 *
 * The digest is of the TypeScript sources, `src/news/**` and `src/lexicon/**` (the parser reads the
 * given-name lexicon), found from this module's location whether it runs from source (tsx) or compiled
 * (`dist/src/news/version.js`): the console (tsx) and the compiled bot then agree on the cache of one
 * folder instead of each rebuilding it. Where the sources are not shipped (an image with only `dist/`),
 * the running modules' own folders are digested instead. Computed once per process, on first use
 * (about 60 small files read; a few milliseconds).
 */

const HERE = dirname(fileURLToPath(import.meta.url));
/** The folders, beside `news/`, whose files make the index. */
const FOLDERS = ['news', 'lexicon'];

/** The nearest folder at or above `from` holding a file at `rel`, or null. */
function above(from: string, rel: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, rel))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/** Every file under `dir` whose name ends with `ext`, as paths relative to `base`, sorted. */
function filesUnder(dir: string, base: string, ext: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.isFile() && e.name.endsWith(ext)) out.push(relative(base, path).split(sep).join('/'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

let digest: string | null = null;

/**
 * SHA-1 (hex) of the code that builds the index: each file's path and content, in path order. Stable
 * across processes of one checkout (the manager and its shards, the bot and the console).
 */
export function sourceDigest(): string {
  if (digest) return digest;
  const project = above(HERE, join('src', 'news', 'version.ts'));
  // From source, or compiled beside the sources: the sources. Else the modules that run.
  const base = project ? join(project, 'src') : dirname(HERE);
  const ext = project ? '.ts' : '.js';
  const hash = createHash('sha1');
  for (const folder of FOLDERS) {
    for (const rel of filesUnder(join(base, folder), base, ext)) {
      hash.update(`${rel}\0`);
      hash.update(readFileSync(join(base, rel)));
      hash.update('\0');
    }
  }
  digest = hash.digest('hex');
  return digest;
}

let found: { dir: string; version: string } | null = null;

/** The project's folder ({@link findProjectRoot}) and its package.json's version ("0.0.0" without one). */
function project(): { dir: string; version: string } {
  if (found) return found;
  try {
    const dir = findProjectRoot(HERE);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown };
    found = { dir, version: typeof pkg.version === 'string' ? pkg.version : '0.0.0' };
  } catch {
    found = { dir: dirname(HERE), version: '0.0.0' };
  }
  return found;
}

/** The project's version, from its package.json ("0.0.0" when none is found above this module). */
export function packageVersion(): string {
  return project().version;
}

/** The project's folder: the one holding its package.json (from source and compiled alike). */
export function projectRoot(): string {
  return project().dir;
}
