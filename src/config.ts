import dotenv from 'dotenv';

/**
 * The environment, read once and validated (t3-env's pattern): `.env` is loaded with dotenv, then every
 * key is checked; with any problem, every problem is printed and the process exits 1 before anything
 * starts. Nothing else in the project reads `process.env`.
 */

/** Log levels the bot accepts. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What the console and the core need. */
export interface CoreConfig {
  /** Folder of articles, read recursively. */
  seedsDir: string;
  /** Where the persisted index is kept; null disables it. */
  indexCacheDir: string | null;
  logLevel: LogLevel;
}

/** What the bot needs besides the core. */
export interface BotConfig extends CoreConfig {
  /** Secret. Never log it. */
  token: string;
  clientId: string;
  guildId: string | null;
  /** REST base passed to discord.js as `rest.api`; null for discord.js's default. */
  apiUrl: string | null;
  /** null: one process; 'auto' or a count: the ShardingManager. */
  shards: 'auto' | number | null;
}

type Env = Record<string, string | undefined>;

let loaded = false;
/** Loads `.env` (once, quietly; real environment variables win). */
function loadDotenv(env: Env): void {
  if (loaded || env !== process.env) return;
  loaded = true;
  dotenv.config({ quiet: true });
}

const SNOWFLAKE = /^\d{15,22}$/;

function readCore(env: Env, problems: string[]): CoreConfig {
  const logLevel = (env.LOG_LEVEL?.trim() || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);
  }
  const cache = env.INDEX_CACHE_DIR;
  return {
    seedsDir: env.SEEDS_DIR?.trim() || 'seeds',
    indexCacheDir: cache === undefined ? '.cache' : cache.trim() || null,
    logLevel: logLevel as LogLevel,
  };
}

/** The core's configuration. Never exits: every key has a default, and a bad log level falls back to info. */
export function readCoreConfig(env: Env = process.env): CoreConfig {
  loadDotenv(env);
  const problems: string[] = [];
  const config = readCore(env, problems);
  return problems.length ? { ...config, logLevel: 'info' } : config;
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
  return { ...core, token, clientId, guildId, apiUrl: apiUrl?.replace(/\/+$/, '') ?? null, shards };
}

/** The bot's configuration from `.env` and the environment; prints every problem and exits 1 when invalid. */
export function readBotConfig(env: Env = process.env): BotConfig {
  loadDotenv(env);
  try {
    return parseBotConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\nSee .env.example for every key.\n`);
    process.exit(1);
  }
}
