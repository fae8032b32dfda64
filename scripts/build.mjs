#!/usr/bin/env node
/**
 * `npm run build`: compiles src/ and commands/ with tsc (tsconfig.build.json) to dist/, which
 * `npm start` and `npm run deploy-commands` run with plain node.
 *
 *   node scripts/build.mjs             build now
 *   node scripts/build.mjs --if-stale  build only when dist/ is missing or older than the sources
 *                                      (what `prestart` and `predeploy-commands` run; ~50 ms when fresh)
 *
 * Contracts:
 * - dist/ is replaced whole, never written in place: tsc writes a temporary folder beside it, which is
 *   renamed into place once the build succeeded. A running bot that loads a module later (the parse
 *   worker, a respawned shard) finds a complete build, and a failed build (a type error: tsc runs with
 *   noEmitOnError) leaves the previous dist/ as it was. Files of deleted sources do not linger.
 * - "Stale" means: no dist/.build.json, a source file added or removed since the build, or a source (or
 *   tsconfig) modified after the build started. A checkout without sources (dist/ copied alone) is
 *   never stale.
 * - Stale with no TypeScript installed (`npm ci --omit=dev`) is an error (exit 1) saying how to build:
 *   running an out-of-date build silently would run other code than the checkout holds.
 *
 * Plain JavaScript (not TypeScript) so that it runs before anything is compiled and without tsx.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const DIST = join(ROOT, 'dist');
const STAMP = '.build.json';
/** Folders compiled (tsconfig.build.json's `include`). */
const SOURCE_DIRS = ['src', 'commands'];
/** Files whose change changes the output. */
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];

/** Every `.ts` file under the source folders, relative to the project, sorted; hidden entries skipped. */
function sources() {
  const out = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.ts')) out.push(relative(ROOT, path));
    }
  };
  for (const d of SOURCE_DIRS) walk(join(ROOT, d));
  return out.sort();
}

/** Why dist/ must be rebuilt, or null when it is up to date. */
export function staleness() {
  const files = sources();
  if (files.length === 0) return null; // dist/ shipped without sources: nothing to compare with
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(DIST, STAMP), 'utf8'));
  } catch {
    return 'dist/ has not been built';
  }
  const built = new Set(stamp.sources);
  const added = files.find((f) => !built.has(f));
  if (added) return `${added} is new since the last build`;
  if (built.size !== files.length) return 'a source file was removed since the last build';
  for (const f of [...files, ...CONFIGS]) {
    let mtime;
    try {
      mtime = statSync(join(ROOT, f)).mtimeMs;
    } catch {
      continue; // a config file that does not exist
    }
    if (mtime > stamp.startedAt) return `${f} changed since the last build`;
  }
  return null;
}

/** Renames `from` onto `to`, replacing it whole; retried when another build swaps at the same time. */
function swapInto(from, to) {
  const old = `${to}.old-${process.pid}`;
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(to, old);
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
    try {
      renameSync(from, to);
      break;
    } catch (err) {
      // Another build put its dist/ in place between the two renames: move that one aside too.
      if ((err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') || attempt >= 5) throw err;
    }
  }
  rmSync(old, { recursive: true, force: true });
}

/** Compiles to a temporary folder and swaps it in; exits with tsc's status when it fails. */
function build() {
  let tsc;
  try {
    tsc = createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    console.error(
      'Cannot build dist/: TypeScript is not installed (a production install). Run `npm ci` with the ' +
        'development dependencies, then `npm run build`, or copy a dist/ built elsewhere.',
    );
    process.exit(1);
  }
  const startedAt = Date.now();
  const files = sources();
  const tmp = join(ROOT, `dist.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  const run = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', tmp], {
    cwd: ROOT,
    // tsc reports on standard output: sent to standard error, which keeps the scripts' own output
    // (deploy-commands' report, the bot's log) clean.
    stdio: ['ignore', 2, 2],
  });
  if (run.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    console.error('The build failed (see above); dist/ was left as it was.');
    process.exit(run.status ?? 1);
  }
  writeFileSync(join(tmp, STAMP), `${JSON.stringify({ startedAt, sources: files })}\n`);
  swapInto(tmp, DIST);
  console.error(`Built dist/ in ${((Date.now() - startedAt) / 1000).toFixed(1)} s.`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--if-stale')) {
    const why = staleness();
    if (why !== null) {
      console.error(`Building dist/ first: ${why}.`);
      build();
    } else if (!existsSync(join(DIST, 'src', 'main.js')) && sources().length === 0) {
      console.error('Neither dist/ nor the sources are here: nothing to run.');
      process.exit(1);
    }
  } else build();
}
