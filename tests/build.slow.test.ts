/**
 * The production build, as an operator runs it: `npm run build` compiles to dist/, and `npm start`
 * runs that with plain node (no tsx, no shell left between npm and node), its shards and its parse
 * worker too; SIGTERM to npm's pid alone stops every process it started. Run in a copy of the project
 * (its sources, scripts and configs, with this checkout's node_modules linked), so that the build
 * never touches this checkout's dist/.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, snowflakeForShard } from './e2e/fake-discord.ts';
import { alive, descendants, running, within } from './e2e/shard-processes.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/corpus', import.meta.url));

let project: string;
const started: ChildProcess[] = [];

/** A copy of what a clone holds of the bot's code, with this checkout's dependencies. */
function projectCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'build-copy-'));
  for (const d of ['src', 'commands', 'scripts']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  for (const f of ['package.json', 'tsconfig.json', 'tsconfig.build.json'])
    copyFileSync(join(ROOT, f), join(dir, f));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Only what npm and the bot need: nothing of this machine's environment reaches the bot. */
function env(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...extra };
}

/** Runs an npm script in the copy to its end. */
function npm(args: string[], extra: Record<string, string> = {}) {
  return spawnSync('npm', args, { cwd: project, env: env(extra), encoding: 'utf8', timeout: 180_000 });
}

/** A process's command line, or '' once it is gone. */
function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** `npm start` in the copy, in a process group of its own (so afterAll can kill whatever is left). */
function npmStart(extra: Record<string, string>) {
  const child = spawn('npm', ['start'], {
    cwd: project,
    env: env(extra),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  /** Resolves once `n` lines of the log say `msg`. */
  const logged = async (msg: string, n = 1, ms = 60_000): Promise<void> => {
    const t0 = Date.now();
    while (out.split('\n').filter((l) => l.includes(`"msg":"${msg}"`)).length < n) {
      if (child.exitCode !== null) throw new Error(`npm start exited ${child.exitCode}:\n${out}`);
      if (Date.now() - t0 > ms) throw new Error(`no "${msg}" within ${ms} ms:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, output: () => out, exited, logged };
}

/** The bot's settings against `fake`, on the fixture corpus. */
function botEnv(fake: FakeDiscord, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DISCORD_TOKEN: fake.token,
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
    SEEDS_DIR: FIXTURES,
    INDEX_CACHE_DIR: '',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

beforeAll(() => {
  project = projectCopy();
  const build = npm(['run', 'build']);
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
}, 200_000);

afterAll(() => {
  for (const c of started) {
    try {
      if (c.pid) process.kill(-c.pid, 'SIGKILL');
    } catch {}
  }
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('npm run build', () => {
  it('compiles the bot to dist/ in the layout of the sources, imports rewritten to .js', () => {
    for (const f of ['src/main.js', 'src/news/parse-worker.js', 'src/discord/deploy.js', 'commands/index.js'])
      expect(existsSync(join(project, 'dist', f)), f).toBe(true);
    const bot = readFileSync(join(project, 'dist/src/discord/bot.js'), 'utf8');
    expect(bot).toContain('"../../commands/index.js"');
    const js = readdirSync(join(project, 'dist'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(project, 'dist', f), 'utf8'));
    expect(js.filter((text) => /from\s+["']\.{1,2}\/[^"']*\.ts["']/.test(text))).toEqual([]);
  });

  it('builds again only when a source changed (the check npm start runs first)', () => {
    const check = () =>
      spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: project, encoding: 'utf8' });
    const fresh = check();
    expect(fresh.status).toBe(0);
    expect(fresh.stderr).toBe('');
    const stamp = readFileSync(join(project, 'dist/.build.json'), 'utf8');
    // A source saved after the build: rebuilt, and dist/ replaced whole.
    const later = new Date(Date.now() + 5000);
    utimesSync(join(project, 'src/entry.ts'), later, later);
    const stale = check();
    expect(stale.status, stale.stderr).toBe(0);
    expect(stale.stderr).toContain('src/entry.ts changed since the last build');
    expect(readFileSync(join(project, 'dist/.build.json'), 'utf8')).not.toBe(stamp);
    expect(readdirSync(project).filter((f) => f.startsWith('dist.'))).toEqual([]);
  }, 120_000);

  it('leaves the previous dist/ in place when the sources do not compile', () => {
    const file = join(project, 'src/entry.ts');
    const good = readFileSync(file, 'utf8');
    const before = readFileSync(join(project, 'dist/src/entry.js'), 'utf8');
    try {
      writeFileSync(file, `${good}\nexport const broken: number = 'not a number';\n`);
      const run = npm(['run', 'build']);
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain('dist/ was left as it was');
      expect(readFileSync(join(project, 'dist/src/entry.js'), 'utf8')).toBe(before);
    } finally {
      writeFileSync(file, good);
      utimesSync(file, new Date(0), new Date(0)); // older than the build: dist/ is fresh again
    }
  }, 120_000);
});

describe('compiled JS', () => {
  it('parses large files in the parse worker (parse-worker.js, no loader)', async () => {
    const seeds = mkdtempSync(join(tmpdir(), 'build-worker-'));
    try {
      const text = "Kazakhstan's trade with China grew by 34 percent, the minister said. ".repeat(5000);
      writeFileSync(join(seeds, 'big.txt'), text);
      const load = pathToFileURL(join(project, 'dist/src/news/load.js')).href;
      // The text is read by the script: an argument of this size is more than execve takes.
      const script = `
        const { readFileSync } = await import('node:fs');
        const { parseFiles } = await import(${JSON.stringify(load)});
        const content = readFileSync(${JSON.stringify(join(seeds, 'big.txt'))}, 'utf8');
        let fallback = null;
        const parts = await parseFiles(${JSON.stringify(seeds)},
          [{ file: 'big.txt', size: content.length, mtimeMs: 0, hash: 'x', content }],
          (reason) => { fallback = reason; });
        console.log(JSON.stringify({ fallback, parts: parts.length, passages: parts[0].lib.passages.length }));`;
      // A file, not --eval: the worker inherits node's options, and --input-type is refused in a worker.
      writeFileSync(join(seeds, 'parse.mjs'), script);
      const run = spawnSync(process.execPath, [join(seeds, 'parse.mjs')], {
        cwd: project,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
      expect(result.fallback).toBeNull();
      expect(result.passages).toBeGreaterThan(1000);
    } finally {
      rmSync(seeds, { recursive: true, force: true });
    }
  }, 90_000);

  it('npm run deploy-commands registers the commands from dist/', async () => {
    const fake = await FakeDiscord.start();
    try {
      // Asynchronous: the fake Discord answers in this process.
      const child = spawn('npm', ['run', 'deploy-commands'], {
        cwd: project,
        env: env(botEnv(fake)),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      started.push(child);
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.stderr.on('data', (d) => {
        out += d;
      });
      const code = await new Promise((r) => child.once('exit', r));
      expect(code, out).toBe(0);
      expect(out).toMatch(/Registered \d+ commands/);
      expect(out).not.toContain('Building dist/');
    } finally {
      await fake.close();
    }
  }, 60_000);
});

describe('npm start', () => {
  it('runs node on dist/ directly under npm, and SIGTERM to npm alone stops every process', async () => {
    const fake = await FakeDiscord.start({ heartbeatInterval: 1000 });
    const bot = npmStart(botEnv(fake));
    try {
      await bot.logged('ready');
      const npmPid = bot.child.pid ?? 0;
      const tree = descendants(npmPid);
      const lines = tree.map(cmdline);
      // npm's child is node itself (`exec` in the script): no shell in between to drop the signal.
      expect(lines).toEqual([expect.stringMatching(/^node dist\/src\/main\.js$/)]);
      expect(lines.join('\n')).not.toContain('tsx');
      process.kill(npmPid, 'SIGTERM');
      expect(await within(bot.exited, 15_000)).toBe(0);
      // Bounded: node has exited (or is exiting) by the time npm does; allow it a moment to be reaped.
      const t0 = Date.now();
      while (running(tree).length && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 50));
      expect(running(tree)).toEqual([]);
      expect(bot.output()).toContain('"msg":"shutting down"');
    } finally {
      await fake.close();
    }
  }, 90_000);

  it('with SHARDS, runs each shard from dist/ without tsx, and SIGTERM to npm stops them all', async () => {
    const guilds = [0, 1].map((s) => ({
      id: snowflakeForShard(s, 2),
      channels: [{ id: snowflakeForShard(s, 2) }],
    }));
    const fake = await FakeDiscord.start({ shards: 2, heartbeatInterval: 1000, guilds });
    const cache = mkdtempSync(join(tmpdir(), 'build-shards-cache-'));
    const bot = npmStart(botEnv(fake, { SHARDS: '2', INDEX_CACHE_DIR: cache }));
    try {
      await bot.logged('all shards ready', 1, 90_000);
      const npmPid = bot.child.pid ?? 0;
      const tree = descendants(npmPid);
      const lines = tree.map(cmdline);
      expect(lines.filter((l) => l === 'node dist/src/main.js')).toHaveLength(1);
      // The shards: forked from the manager, the compiled entry, no loader.
      const shards = lines.filter((l) => l !== 'node dist/src/main.js');
      expect(shards).toHaveLength(2);
      for (const l of shards) expect(l).toMatch(/^\S*node \S*dist\/src\/main\.js$/);
      expect(lines.join('\n')).not.toContain('tsx');
      process.kill(npmPid, 'SIGTERM');
      expect(await within(bot.exited, 30_000)).toBe(0);
      const t0 = Date.now();
      while (running(tree).length && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 50));
      expect(running(tree)).toEqual([]);
      expect(tree.some(alive)).toBe(false);
    } finally {
      await fake.close();
      rmSync(cache, { recursive: true, force: true });
    }
  }, 150_000);
});
