import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import dotenv from 'dotenv';
import { findProjectRoot } from './project.ts';
import { printer } from './redact.ts';

/**
 * The environment, read once and validated (t3-env's pattern): the project's own `.env` is merged in
 * (see {@link loadProjectEnv}), then every key is checked; with any problem, every problem is printed and
 * the process exits 1 before anything starts. Nothing else in the project reads `process.env`.
 */

/** Log levels the bot accepts: pino's own, most verbose first (`silent` logs nothing). */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What the console and the core need. */
export interface CoreConfig {
  /** Folder of articles, read recursively. */
  seedsDir: string;
  /** Where the persisted index is kept; null disables it. */
  indexCacheDir: string | null;
  logLevel: LogLevel;
  /**
   * `LOG_PRETTY`: true (`1`, `true`, `yes`, `on`) prints the log for people (pino-pretty, a development
   * dependency); false (`0`, `false`, `no`, `off`) JSON lines; absent (unset or empty) pretty only when
   * standard output is a terminal and pino-pretty is installed, so production gets JSON.
   */
  logPretty?: boolean;
}

/** What the bot needs besides the core. */
export interface BotConfig extends CoreConfig {
  /** Secret. Never log it. */
  token: string;
  clientId: string;
  guildId: string | null;
  /**
   * Who may run /reindex: when set, only these users (snowflakes); null: Manage Server members of
   * `guildId` when it is set, else Manage Server members of any server (see README, "Who may reindex").
   */
  adminUserIds: string[] | null;
  /** REST base passed to discord.js as `rest.api`; null for discord.js's default. */
  apiUrl: string | null;
  /** null: one process; 'auto' or a count: the ShardingManager. */
  shards: 'auto' | number | null;
}

type Env = Record<string, string | undefined>;

export { findProjectRoot };

/** What {@link loadProjectEnv} did. */
export interface EnvFileLoad {
  /** The one file it reads: `<project>/.env`. */
  file: string;
  /** Keys taken from the file (absent from the environment before). */
  assigned: string[];
  /** Why the file could not be read, when it exists but is unreadable. */
  error?: string;
}

/**
 * Merges the project's own `.env` (`<projectDir>/.env`, never one in the current folder) into `env`.
 *
 * Contract: only that one file is read, whatever the environment or the file says (dotenv's
 * `DOTENV_CONFIG_PATH`, `DOTENV_CONFIG_OVERRIDE` and every other `DOTENV_*` key are ignored, in the
 * environment and in the file); a key already in `env` (even empty) is never replaced: real environment
 * variables always win. A missing file is not an error. The file is parsed with `dotenv.parse`, which
 * reads no options from anywhere, so nothing but its text decides what it holds.
 */
export function loadProjectEnv(env: Env, projectDir: string = findProjectRoot()): EnvFileLoad {
  const file = join(projectDir, '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { file, assigned: [] } : { file, assigned: [], error: code ?? String(err) };
  }
  const assigned: string[] = [];
  for (const [key, value] of Object.entries(dotenv.parse(text))) {
    if (key.startsWith('DOTENV_') || Object.hasOwn(env, key)) continue;
    env[key] = value;
    assigned.push(key);
  }
  return { file, assigned };
}

let loaded: EnvFileLoad | null = null;
/** Merges the project's `.env` into the process's environment, once; other environments are left as given. */
function loadDotenv(env: Env): EnvFileLoad | null {
  if (env !== process.env) return null;
  loaded ??= loadProjectEnv(env);
  return loaded;
}

const SNOWFLAKE = /^\d{15,22}$/;

function readCore(env: Env, problems: string[]): CoreConfig {
  const logLevel = (env.LOG_LEVEL?.trim() || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);
  }
  const pretty = env.LOG_PRETTY?.trim().toLowerCase() || '';
  const logPretty = ['1', 'true', 'yes', 'on'].includes(pretty)
    ? true
    : ['0', 'false', 'no', 'off'].includes(pretty)
      ? false
      : undefined;
  if (pretty && logPretty === undefined)
    problems.push(`LOG_PRETTY must be 1 or 0 (or unset: pretty in a terminal) (got "${env.LOG_PRETTY}")`);
  const cache = env.INDEX_CACHE_DIR;
  return {
    seedsDir: env.SEEDS_DIR?.trim() || 'seeds',
    indexCacheDir: cache === undefined ? '.cache' : cache.trim() || null,
    logLevel: logLevel as LogLevel,
    ...(logPretty === undefined ? {} : { logPretty }),
  };
}

/**
 * The core's configuration. Never exits: every key has a default; a bad log level falls back to info,
 * a bad LOG_PRETTY to its default.
 */
export function readCoreConfig(env: Env = process.env): CoreConfig {
  loadDotenv(env);
  const problems: string[] = [];
  const config = readCore(env, problems);
  if (problems.some((p) => p.startsWith('LOG_LEVEL'))) config.logLevel = 'info';
  return config;
}

/** Thrown by {@link parseBotConfig} with every problem found. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the bot's configuration from an environment, or throws a {@link ConfigError} naming every bad key. */
export function parseBotConfig(env: Env): BotConfig {
  const problems: string[] = [];
  const core = readCore(env, problems);
  const token = env.DISCORD_TOKEN?.trim() ?? '';
  if (!token) problems.push('DISCORD_TOKEN is missing: the bot token from the Developer Portal (Bot tab)');
  else if (/\s/.test(token)) problems.push('DISCORD_TOKEN contains whitespace; paste the token alone');
  const clientId = env.DISCORD_CLIENT_ID?.trim() ?? '';
  if (!clientId) problems.push('DISCORD_CLIENT_ID is missing: the application id (General Information tab)');
  else if (!SNOWFLAKE.test(clientId))
    problems.push(`DISCORD_CLIENT_ID must be a numeric id (got "${clientId}")`);
  const guildId = env.DISCORD_GUILD_ID?.trim() || null;
  if (guildId && !SNOWFLAKE.test(guildId))
    problems.push(`DISCORD_GUILD_ID must be a numeric id (got "${guildId}")`);
  const adminIds = (env.ADMIN_USER_IDS ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const badAdmins = adminIds.filter((id) => !SNOWFLAKE.test(id));
  if (badAdmins.length)
    problems.push(`ADMIN_USER_IDS must be user ids separated by commas (got "${badAdmins.join('", "')}")`);
  const apiUrl = env.DISCORD_API_URL?.trim() || null;
  if (apiUrl) {
    try {
      const u = new URL(apiUrl);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    } catch {
      problems.push(
        `DISCORD_API_URL must be an http(s) URL such as https://discord.com/api (got "${apiUrl}")`,
      );
    }
  }
  // Inside a shard process, discord.js's ShardingManager sets SHARDS to the shard's own id list (and
  // SHARDING_MANAGER=true): that process is one shard, not a manager.
  const rawShards = env.SHARDING_MANAGER ? '' : env.SHARDS?.trim().toLowerCase() || '';
  let shards: BotConfig['shards'] = null;
  if (rawShards === 'auto') shards = 'auto';
  else if (rawShards) {
    const n = Number(rawShards);
    if (!Number.isInteger(n) || n < 1 || n > 1000)
      problems.push(`SHARDS must be "auto" or a whole number from 1 (got "${env.SHARDS}")`);
    else shards = n;
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    ...core,
    token,
    clientId,
    guildId,
    adminUserIds: adminIds.length ? [...new Set(adminIds)] : null,
    apiUrl: apiUrl?.replace(/\/+$/, '') ?? null,
    shards,
  };
}

/**
 * The bot's configuration from the environment and the project's `.env` (the environment winning);
 * prints every problem, scrubbed, and exits 1 when invalid.
 */
export function readBotConfig(env: Env = process.env): BotConfig {
  const file = loadDotenv(env);
  // A problem names a key and may quote its value (a token pasted into the wrong key): printed scrubbed.
  const say = printer([env.DISCORD_TOKEN?.trim() ?? '']);
  if (file?.error) {
    say(`Could not read ${file.file} (${file.error}).`);
    process.exit(1);
  }
  try {
    return parseBotConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    say(`${err.message}\nSee .env.example for every key.`);
    process.exit(1);
  }
}
