import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/** Spawns `node --import tsx src/main.ts` with exactly `env` (plus PATH). */
export function spawnBot(env: Record<string, string>): SpawnedBot {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
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
      if (!child.pid || child.exitCode !== null) return;
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
    seedsDir,
    indexCacheDir: null,
    logLevel: 'debug',
    apiUrl: fake.apiUrl,
    shards: null,
  };
}
