import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { readCoreConfig } from './config.ts';
import { answer } from './news/answers/index.ts';
import { toJson } from './news/answers/json.ts';
import type { NewsIndex } from './news/index.ts';
import { articleCount } from './news/library.ts';
import type { CacheStatus } from './news/live.ts';
import type { LoadProgress } from './news/load.ts';
import { isStatusQuery, statusFacts, statusLines, statusOutput } from './news/status.ts';
import { cacheFile, openIndex } from './news/store.ts';
import type { Answer } from './news/types.ts';

/**
 * The `ask` console: answers the same queries as the bot, without Discord.
 *   npm run ask -- [--seeds DIR] [--json] [QUERY]
 * One query from the arguments, or one per line on standard input. Answers on standard output (one JSON
 * line each with --json); progress and timings on standard error. Exit 0 when every line was answered,
 * 2 for bad usage.
 */

const USAGE = `Usage: npm run ask -- [--seeds DIR] [--json] [QUERY]

Answers a question the way the bot does, from the articles in the seeds folder.
  QUERY          a line as typed in Discord: /trade kazakhstan china, /quote tokayev,
                 /search oil prices, /help, named options as Discord fills them
                 (/quote person:tokayev topic:china, /quote moyes topic:beattie), or a
                 question such as "how much did Kazakhstan export to China?", or
                 /status (as the bot's: version, uptime, archive, cache, memory).
                 Without QUERY, reads one query per line from standard input.
  --seeds DIR    the articles folder (default: SEEDS_DIR or ./seeds)
  --json         one line of JSON per query on standard output, nothing else
  -h, --help     this help`;

/** The answer as a person reads it in a terminal; query terms in bold when the terminal supports it. */
export function toText(a: Answer, color: boolean): string {
  const bold = (s: string): string => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string): string => (color ? `\x1b[2m${s}\x1b[22m` : s);
  const lines: string[] = [`> ${a.query}`];
  if (a.help) {
    for (const h of a.help) lines.push(`  ${bold(h.usage)}  ${h.description}  e.g. ${h.example}`);
    lines.push('  Or mention the bot with a question, e.g. "how much did Kazakhstan export to China?"');
  }
  if (a.notice) lines.push(`  ${a.notice.message}`);
  a.results.forEach((r, i) => {
    let text = '';
    let at = 0;
    for (const h of r.highlights) {
      text += r.text.slice(at, h.start) + bold(r.text.slice(h.start, h.end));
      at = h.end;
    }
    text += r.text.slice(at);
    lines.push(`${String(i + 1).padStart(3)}. ${text}`);
    const who = r.speaker ? `${r.speaker} · ` : '';
    lines.push(
      dim(`     ${who}${r.source ?? 'unknown source'}, ${r.date ?? 'undated'} · ${r.title} · ${r.file}`),
    );
  });
  return lines.join('\n') + '\n';
}

function progressLine(p: LoadProgress): string | null {
  const secs = (p.elapsedMs / 1000).toFixed(1);
  switch (p.stage) {
    case 'read':
      return p.total ? `read ${p.done} files (${secs}s)` : null;
    case 'parse':
    case 'index': {
      const rate = Math.round(p.done / Math.max(p.elapsedMs / 1000, 0.001));
      const what = p.stage === 'parse' ? 'articles parsed' : 'passages indexed';
      return `${p.done}/${p.total} ${what} (${rate}/s, ${secs}s)`;
    }
    case 'done':
      return (
        `ready: ${p.done} articles in ${secs}s` +
        (p.fallback ? ` (parsed in one thread: the parse worker failed: ${p.fallback})` : '')
      );
  }
}

function fail(message: string): never {
  process.stderr.write(`ask: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      options: {
        seeds: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    fail((err as Error).message);
  }
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = readCoreConfig(process.env);
  const seeds = (parsed.values.seeds as string | undefined) ?? config.seedsDir;
  if (!seeds) fail('--seeds needs a folder');
  const json = parsed.values.json === true;
  const query = parsed.positionals.join(' ').trim();

  let lastProgress = 0;
  let index: NewsIndex;
  // What /status shows of the cache: the same file the bot would use for this folder.
  const cache: CacheStatus = {
    file: config.indexCacheDir ? cacheFile(config.indexCacheDir, seeds).path : null,
    last: null,
  };
  try {
    index = await openIndex(seeds, {
      cacheDir: config.indexCacheDir,
      onCache: (e) => {
        cache.last = { ...e, at: Date.now() };
        if (e.kind === 'disabled') return;
        const ms = e.ms === undefined ? '' : ` in ${(e.ms / 1000).toFixed(1)}s`;
        process.stderr.write(
          `index cache (${config.indexCacheDir}): ${e.kind}${e.detail ? `: ${e.detail}` : ''}${ms}\n`,
        );
      },
      onProgress: (p) => {
        const now = performance.now();
        if (p.stage !== 'done' && p.done !== p.total && now - lastProgress < 1000) return;
        lastProgress = now;
        const line = progressLine(p);
        if (line) process.stderr.write(`${line}\n`);
      },
    });
  } catch (err) {
    fail((err as Error).message);
  }
  const { lib } = index;
  process.stderr.write(
    `${articleCount(lib)} articles, ${lib.passages.length} passages, ${lib.speakers.length} speakers` +
      (lib.skipped.length ? `; ${lib.skipped.length} files skipped` : '') +
      '\n',
  );
  for (const s of lib.skipped.slice(0, 20)) process.stderr.write(`  skipped ${s.file}: ${s.reason}\n`);
  if (lib.skipped.length > 20) process.stderr.write(`  … and ${lib.skipped.length - 20} more\n`);

  const color = !json && process.stdout.isTTY === true;
  const respond = (line: string): void => {
    const t0 = performance.now();
    if (isStatusQuery(line)) {
      const facts = statusFacts({ index, seedsDir: seeds, cache, lastReindex: null });
      process.stdout.write(statusOutput(line.trim(), statusLines(facts), json));
      return;
    }
    const a = answer(index, line);
    process.stdout.write(json ? `${toJson(a)}\n` : toText(a, color));
    process.stderr.write(`answered in ${(performance.now() - t0).toFixed(1)} ms\n`);
  };

  if (query) {
    respond(query);
    return;
  }
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) {
    if (!line.trim()) continue;
    respond(line);
  }
}

await main();
