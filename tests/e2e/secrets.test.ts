/**
 * End to end: no secret in any output of `npm start`, whatever the cause (an error that echoes the
 * request, a crash, a token pasted into the wrong key), and configuration from the project's own `.env`
 * only: a `.env` planted in the current folder, DOTENV_CONFIG_PATH and DOTENV_CONFIG_OVERRIDE change
 * nothing, and real environment variables win. The bot is spawned as `npm start` runs it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from './fake-discord.ts';
import { copyFixtures, type SpawnedBot, spawnAgainst, spawnBot } from './spawn-bot.ts';

/** Not of a token's shape, and without the word "token": only the exact-secret scrubbing can hide it. */
const SECRET = `plain-credential-${randomBytes(12).toString('hex')}`;
/** Of a real token's shape (made up). */
const SHAPED = `MTMwMDAwMDAwMDAwMDAwMDAx.GhQx1a.${randomBytes(24).toString('base64url')}`;

let seeds: string;
let fake: FakeDiscord | undefined;
let bot: SpawnedBot | undefined;
const cleanups: Array<() => unknown> = [];

beforeAll(() => {
  seeds = copyFixtures('secrets-seeds');
});
afterEach(async () => {
  await bot?.stop();
  await fake?.close();
  bot = undefined;
  fake = undefined;
  for (const c of cleanups.splice(0)) await c();
});
afterAll(() => rmSync(seeds, { recursive: true, force: true }));

function exitWithin(b: SpawnedBot, ms: number): Promise<number | null | 'timeout'> {
  return Promise.race([b.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);
}

/** The body a REST proxy answers with when it echoes the request it could not forward. */
const echo = (token: string) => ({
  code: 0,
  message: `bad gateway: upstream refused GET /api/v10/gateway/bot (Authorization: Bot ${token})`,
});

describe('npm start prints no secret', () => {
  it('says what failed without the token when GET /gateway/bot answers 502 echoing the request', async () => {
    fake = await FakeDiscord.start({ token: SECRET, heartbeatInterval: 1000 });
    fake.failNext({ method: 'GET', path: /^\/gateway\/bot$/, status: 502, body: echo(SECRET), times: 10 });
    bot = spawnAgainst(fake, seeds);
    expect(await exitWithin(bot, 30_000)).toBe(1);
    const out = bot.output();
    expect(out).toContain('Could not start: Bad Gateway');
    expect(out).not.toContain(SECRET);
    expect(fake.requests.filter((r) => r.path === '/gateway/bot').length).toBeGreaterThan(0);
  }, 40_000);

  it('says what failed without the token when the error message itself quotes it (a 4xx that echoes)', async () => {
    fake = await FakeDiscord.start({ token: SECRET, heartbeatInterval: 1000 });
    fake.failNext({ method: 'GET', path: /^\/gateway\/bot$/, status: 400, body: echo(SECRET), times: 10 });
    bot = spawnAgainst(fake, seeds);
    expect(await exitWithin(bot, 30_000)).toBe(1);
    const out = bot.output();
    expect(out).toContain('Could not start: bad gateway: upstream refused GET /api/v10/gateway/bot');
    expect(out).toContain('Authorization: Bot [redacted]');
    expect(out).not.toContain(SECRET);
  }, 40_000);

  it('masks a token-shaped string an error quotes, even one that is not the bot token', async () => {
    fake = await FakeDiscord.start({ token: SECRET, heartbeatInterval: 1000 });
    fake.failNext({ method: 'GET', path: /^\/gateway\/bot$/, status: 400, body: echo(SHAPED), times: 10 });
    bot = spawnAgainst(fake, seeds);
    expect(await exitWithin(bot, 30_000)).toBe(1);
    expect(bot.output()).toContain('Could not start: bad gateway');
    expect(bot.output()).not.toContain(SHAPED);
  }, 40_000);

  it('names a wrong key without printing the token pasted into it', async () => {
    bot = spawnBot({ DISCORD_TOKEN: SHAPED, DISCORD_CLIENT_ID: SHAPED, SEEDS_DIR: seeds });
    expect(await exitWithin(bot, 20_000)).toBe(1);
    expect(bot.output()).toContain('DISCORD_CLIENT_ID must be a numeric id');
    expect(bot.output()).not.toContain(SHAPED);
  }, 30_000);

  /** Spawns main.ts with tests/e2e/crash-preload.mjs, which crashes it with an error quoting the token. */
  function spawnCrashing(kind: 'throw' | 'reject', f: FakeDiscord): SpawnedBot {
    return spawnBot(
      {
        CRASH: kind,
        DISCORD_TOKEN: f.token,
        DISCORD_CLIENT_ID: f.applicationId,
        DISCORD_API_URL: f.apiUrl,
        SEEDS_DIR: seeds,
        INDEX_CACHE_DIR: '',
      },
      { preload: [new URL('./crash-preload.mjs', import.meta.url).href] },
    );
  }

  it('prints an uncaught exception that quotes the token scrubbed, and exits 1', async () => {
    // No HELLO: the bot never runs, so the crash happens before a log exists and goes to stderr.
    fake = await FakeDiscord.start({ token: SECRET, sendHello: false });
    bot = spawnCrashing('throw', fake);
    expect(await exitWithin(bot, 30_000)).toBe(1);
    expect(bot.output()).toContain(
      'Uncaught exception: Error: proxy echoed the request: Authorization: Bot [redacted]',
    );
    expect(bot.output()).not.toContain(SECRET);
  }, 40_000);

  it('logs an unhandled rejection that quotes the token scrubbed, and keeps running', async () => {
    fake = await FakeDiscord.start({ token: SECRET, heartbeatInterval: 1000 });
    bot = spawnCrashing('reject', fake);
    await fake.waitForReady(1, 30_000);
    await expect
      .poll(() => bot!.output(), { timeout: 10_000 })
      .toMatch(/[Uu]nhandled rejection.*Authorization: Bot \[redacted\]/);
    expect(bot.process.exitCode).toBeNull();
    expect(bot.output()).not.toContain(SECRET);
  }, 40_000);
});

describe("configuration from the project's own .env", () => {
  it('ignores a .env planted in the current folder, DOTENV_CONFIG_PATH and DOTENV_CONFIG_OVERRIDE', async () => {
    // Where a planted DISCORD_API_URL would send the token.
    const seen: string[] = [];
    const planted: Server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => planted.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => planted.close(r)));
    const plantedUrl = `http://127.0.0.1:${(planted.address() as AddressInfo).port}/api`;
    const cwd = mkdtempSync(join(tmpdir(), 'planted-env-'));
    cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
    const plantedEnv = join(cwd, '.env');
    writeFileSync(
      plantedEnv,
      `DISCORD_API_URL=${plantedUrl}\nDISCORD_TOKEN=planted-credential-0000\nDOTENV_CONFIG_OVERRIDE=true\n`,
    );

    fake = await FakeDiscord.start({ token: SECRET, heartbeatInterval: 1000 });
    bot = spawnBot(
      {
        DISCORD_TOKEN: fake.token,
        DISCORD_CLIENT_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
        SEEDS_DIR: seeds,
        INDEX_CACHE_DIR: '',
        LOG_LEVEL: 'info',
        DOTENV_CONFIG_PATH: plantedEnv,
        DOTENV_CONFIG_OVERRIDE: 'true',
        DOTENV_PATH: plantedEnv,
        DOTENV_OVERRIDE: 'true',
      },
      { cwd },
    );
    await fake.waitForReady(1, 30_000);
    await expect.poll(() => bot!.output(), { timeout: 10_000 }).toContain('"msg":"ready"');
    expect(fake.identifies.map((i) => i.tokenValid)).toEqual([true]);
    expect(seen).toEqual([]);
    expect(bot.output()).not.toContain(SECRET);
  }, 40_000);
});
