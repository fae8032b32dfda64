import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BotConfig } from '../../src/config.ts';
import type { FakeDiscord } from './fake-discord.ts';

/** The bot started as operators start it (`src/main.ts`, what `npm start` runs), in its own process. */
export interface SpawnedBot {
  process: ChildProcess;
  /** Everything it printed (JSON log lines and messages), standard output and error together. */
  output: () => string;
  /** Resident memory of the bot's process now, in bytes (Linux /proc). */
  rss: () => number;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** SIGTERM to the whole process group, then SIGKILL if it lingers. */
  stop: () => Promise<void>;
}

const ROOT = new URL('../..', import.meta.url).pathname;

/** Where and how {@link spawnBot} starts the bot. */
export interface SpawnOptions {
  /** Its working folder (default: the project's). */
  cwd?: string;
  /** Modules loaded with `--import` before main.ts (a test's crash or fault injector). */
  preload?: string[];
}

/**
 * Spawns `node --import tsx src/main.ts` with exactly `env` (plus PATH), in the project's folder or in
 * `cwd` (both given by absolute path, so that any folder works).
 */
export function spawnBot(
  env: Record<string, string>,
  { cwd = ROOT, preload = [] }: SpawnOptions = {},
): SpawnedBot {
  const imports = [import.meta.resolve('tsx'), ...preload].flatMap((m) => ['--import', m]);
  const child = spawn(process.execPath, [...imports, join(ROOT, 'src/main.ts')], {
    cwd,
    detached: true,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    output: () => out,
    rss: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    exited,
    stop: async () => {
      if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    },
  };
}

/** The configuration of a bot started in this process against `fake`, reading `seedsDir`, no cache. */
export function fakeConfig(fake: FakeDiscord, seedsDir: string): BotConfig {
  return {
    token: fake.token,
    clientId: fake.applicationId,
    guildId: null,
    adminUserIds: null,
    seedsDir,
    indexCacheDir: null,
    logLevel: 'debug',
    apiUrl: fake.apiUrl,
    shards: null,
  };
}

/** A fresh temporary copy of the fixture corpus, to use as a seeds folder the test may change. */
export function copyFixtures(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  cpSync(new URL('../fixtures/corpus', import.meta.url).pathname, dir, { recursive: true });
  return dir;
}

/** Spawns the bot (as `npm start` does) against `fake`, reading `seedsDir`, no cache unless `extra` sets one. */
export function spawnAgainst(
  fake: FakeDiscord,
  seedsDir: string,
  extra: Record<string, string> = {},
): SpawnedBot {
  return spawnBot({
    DISCORD_TOKEN: fake.token,
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
    SEEDS_DIR: seedsDir,
    INDEX_CACHE_DIR: '',
    LOG_LEVEL: 'info',
    ...extra,
  });
}
