import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect, inject } from 'vitest';
import type { BotConfig } from '../../src/config.ts';
import { FILE_MARKER, RUN_MARKER, stat } from '../leftover-processes.ts';
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
  /**
   * SIGTERM to the whole process group (the bot and its shards), SIGKILL to what is left of it
   * after 5 s; resolves once no process of the group is left (or after 5 s more).
   */
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

/** The pids of the live (not zombie) processes of process group `pgid` (Linux /proc). */
export function groupMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const { state, pgid: group } = stat(Number(entry));
      if (group === pgid && state !== 'Z' && state !== 'X') pids.push(Number(entry));
    } catch {}
  }
  return pids;
}

/** Resolves once process group `pgid` has no live process left, or after `ms`. */
async function groupGone(pgid: number, ms: number): Promise<void> {
  for (const t0 = Date.now(); groupMembers(pgid).length > 0 && Date.now() - t0 < ms; )
    await new Promise((r) => setTimeout(r, 50));
}

/**
 * Spawns `node --import tsx src/main.ts` with exactly `env` (plus PATH and this test run's marker, see
 * tests/leftover-processes.ts), in the project's folder or in `cwd` (both given by absolute path, so
 * that any folder works), as the leader of a process group of its own.
 */
export function spawnBot(
  env: Record<string, string>,
  { cwd = ROOT, preload = [] }: SpawnOptions = {},
): SpawnedBot {
  const imports = [import.meta.resolve('tsx'), ...preload].flatMap((m) => ['--import', m]);
  const child = spawn(process.execPath, [...imports, join(ROOT, 'src/main.ts')], {
    cwd,
    detached: true,
    env: {
      PATH: process.env.PATH ?? '',
      [RUN_MARKER]: inject('spawnMarker') ?? '',
      [FILE_MARKER]: relative(ROOT, expect.getState().testPath ?? ''),
      ...env,
    },
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
      const pgid = child.pid;
      if (!pgid) return;
      // Even when the bot itself has exited, a shard of its group may not have.
      if (groupMembers(pgid).length === 0) return;
      try {
        process.kill(-pgid, 'SIGTERM');
      } catch {}
      await groupGone(pgid, 5000);
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {}
      await groupGone(pgid, 5000);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 1000))]);
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
