/**
 * `npm run bench:startup [-- --runs N] [--corpus DIR] [--json]`: how long the bot takes from its
 * process's start to its `ready` log line, and how much memory its processes hold then, compiled
 * (`node dist/src/main.js`, what `npm start` runs) against TypeScript through tsx, both against the
 * local fake Discord on the fixture corpus with no index cache (so every run builds its index).
 *
 * Four ways to start, alternated run by run (A B C D, B C D A, ...) so that a machine busy for a
 * while slows each of them alike:
 * - `compiled`: `node dist/src/main.js` (dist/ is built first when stale, as `prestart` does);
 * - `tsx loader`: `node --import tsx src/main.ts` (what the tests' spawnBot runs);
 * - `tsx cli`: `tsx src/main.ts`, what `npm start` ran before the compiled build: tsx's CLI, a node
 *   process that runs the bot in a second node process;
 * - `npm start`: npm, its `prestart` check that dist/ is fresh (scripts/build.mjs --if-stale), then the
 *   compiled bot (npm's own process counts in the memory).
 *
 * Figures: milliseconds from spawn() to the `ready` line on standard output, and the resident memory
 * (VmRSS, /proc) of the process and its descendants at that moment. Printed as median, min and max
 * per way; the bench reports and never fails (exit 0; bad usage exits 2). Each run's processes are
 * stopped (SIGTERM to the group, SIGKILL past 10 s) before the next starts.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeDiscord } from '../tests/e2e/fake-discord.ts';
import { descendants } from '../tests/e2e/shard-processes.ts';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** One way to start the bot: its command line, from the project folder, and how it is shown. */
interface Way {
  name: string;
  argv: string[];
  shown: string;
}

const WAYS: Way[] = [
  { name: 'compiled', argv: [process.execPath, 'dist/src/main.js'], shown: 'node dist/src/main.js' },
  {
    name: 'tsx loader',
    argv: [process.execPath, '--import', 'tsx', 'src/main.ts'],
    shown: 'node --import tsx src/main.ts',
  },
  {
    name: 'tsx cli',
    argv: [process.execPath, join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/main.ts'],
    shown: 'tsx src/main.ts',
  },
  // npm, its `prestart` check that dist/ is fresh, then the compiled bot.
  { name: 'npm start', argv: ['npm', 'start'], shown: 'npm start' },
];

/** One run's figures. */
interface Sample {
  readyMs: number;
  rssBytes: number;
  processes: number;
}

function usage(message: string): never {
  console.error(`${message}\nusage: npm run bench:startup [-- --runs N] [--corpus DIR] [--json]`);
  process.exit(2);
}

function parseArgs(argv: string[]): { runs: number; corpus: string; json: boolean } {
  let runs = 6;
  let corpus = join(ROOT, 'tests/fixtures/corpus');
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--runs') {
      runs = Number(argv[++i]);
      if (!Number.isInteger(runs) || runs < 1) usage('--runs takes a positive whole number');
    } else if (a === '--corpus') corpus = resolve(argv[++i] ?? usage('--corpus takes a folder'));
    else usage(`unknown argument ${a}`);
  }
  return { runs, corpus, json };
}

/** Resident memory of a process, in bytes (0 once it is gone). */
function rss(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** SIGTERM to the run's process group, SIGKILL past 10 s; resolves when the leader has exited. */
async function stop(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {}
  const killed = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {}
  }, 10_000);
  await exited;
  clearTimeout(killed);
}

/** Starts the bot one way, waits for `ready`, measures, stops it. */
async function runOnce(way: Way, fake: FakeDiscord, corpus: string): Promise<Sample> {
  const [cmd, ...args] = way.argv;
  const t0 = performance.now();
  const child = spawn(cmd!, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? ROOT, // npm reads its settings from there
      DISCORD_TOKEN: fake.token,
      DISCORD_CLIENT_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      SEEDS_DIR: corpus,
      INDEX_CACHE_DIR: '',
      LOG_LEVEL: 'info',
    },
  });
  const exited = new Promise((r) => child.once('exit', r));
  let out = '';
  let err = '';
  child.stderr?.on('data', (d) => {
    err += d;
  });
  try {
    const readyMs = await new Promise<number>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no ready line within 120 s:\n${out}\n${err}`)), 120_000);
      child.stdout?.on('data', (d) => {
        out += d;
        if (out.includes('"msg":"ready"')) {
          clearTimeout(timer);
          res(performance.now() - t0);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        rej(new Error(`${way.name} exited ${code} before ready:\n${out}\n${err}`));
      });
    });
    const pids = [child.pid!, ...descendants(child.pid!)];
    return { readyMs, rssBytes: pids.reduce((s, p) => s + rss(p), 0), processes: pids.length };
  } finally {
    await stop(child, exited);
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const { runs, corpus, json } = parseArgs(process.argv.slice(2));
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], {
    cwd: ROOT,
    stdio: ['ignore', 2, 2],
  });
  if (build.status !== 0) {
    console.error('Could not build dist/ (see above).');
    process.exit(1);
  }
  const fake = await FakeDiscord.start({ heartbeatInterval: 1000 });
  const samples = new Map<string, Sample[]>(WAYS.map((w) => [w.name, []]));
  try {
    // One unmeasured start of each way first: the page cache and tsx's transform cache warm alike.
    for (const way of WAYS) await runOnce(way, fake, corpus);
    for (let r = 0; r < runs; r++) {
      for (let k = 0; k < WAYS.length; k++) {
        const way = WAYS[(r + k) % WAYS.length]!;
        const s = await runOnce(way, fake, corpus);
        samples.get(way.name)!.push(s);
        console.error(
          `run ${r + 1}/${runs} ${way.name}: ready in ${s.readyMs.toFixed(0)} ms, ` +
            `${(s.rssBytes / 2 ** 20).toFixed(1)} MB in ${s.processes} process(es)`,
        );
      }
    }
  } finally {
    await fake.close();
  }
  const summary = WAYS.map((w) => {
    const xs = samples.get(w.name)!;
    const ms = xs.map((s) => s.readyMs);
    const mb = xs.map((s) => s.rssBytes / 2 ** 20);
    return {
      way: w.name,
      command: w.shown,
      processes: xs[0]?.processes ?? 0,
      readyMs: { median: median(ms), min: Math.min(...ms), max: Math.max(...ms) },
      rssMb: { median: median(mb), min: Math.min(...mb), max: Math.max(...mb) },
    };
  });
  if (json) {
    console.log(JSON.stringify({ runs, corpus, summary }));
    return;
  }
  console.log(`Start-up to 'ready' on ${corpus}, no cache, ${runs} alternating runs (median, min-max):`);
  console.log('| way | command | ready (ms) | RSS at ready (MB) | processes |');
  console.log('|---|---|---|---|---|');
  const range = (x: { median: number; min: number; max: number }, d: number): string =>
    `${x.median.toFixed(d)} (${x.min.toFixed(d)}-${x.max.toFixed(d)})`;
  for (const s of summary)
    console.log(
      `| ${s.way} | \`${s.command}\` | ${range(s.readyMs, 0)} | ${range(s.rssMb, 1)} | ${s.processes} |`,
    );
}

await main();
