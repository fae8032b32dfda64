import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  findProjectRoot,
  loadProjectEnv,
  parseBotConfig,
  readCoreConfig,
} from '../src/config.ts';

const good = { DISCORD_TOKEN: 'abc.def.ghi', DISCORD_CLIENT_ID: '123456789012345678' };

describe('configuration', () => {
  it('accepts a minimal valid environment with defaults', () => {
    expect(parseBotConfig(good)).toMatchObject({
      token: 'abc.def.ghi',
      clientId: '123456789012345678',
      guildId: null,
      seedsDir: 'seeds',
      indexCacheDir: '.cache',
      logLevel: 'info',
      apiUrl: null,
      shards: null,
    });
  });

  it('names every bad key at once', () => {
    try {
      parseBotConfig({
        DISCORD_CLIENT_ID: 'x',
        LOG_LEVEL: 'loud',
        DISCORD_API_URL: 'ftp://x',
        SHARDS: 'many',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      for (const key of ['DISCORD_TOKEN', 'DISCORD_CLIENT_ID', 'LOG_LEVEL', 'DISCORD_API_URL', 'SHARDS'])
        expect(msg).toContain(key);
    }
  });

  it('disables the cache with an empty INDEX_CACHE_DIR and reads SHARDS', () => {
    expect(parseBotConfig({ ...good, INDEX_CACHE_DIR: '', SHARDS: 'auto' })).toMatchObject({
      indexCacheDir: null,
      shards: 'auto',
    });
    expect(parseBotConfig({ ...good, SHARDS: '2' }).shards).toBe(2);
  });

  it('never puts the token in an error message', () => {
    try {
      parseBotConfig({ DISCORD_TOKEN: 'secret.token.value', DISCORD_CLIENT_ID: 'nope' });
    } catch (err) {
      expect((err as Error).message).not.toContain('secret.token.value');
    }
  });

  it("accepts every one of pino's levels in LOG_LEVEL, in any case, and refuses others", () => {
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
      expect(parseBotConfig({ ...good, LOG_LEVEL: level.toUpperCase() }).logLevel).toBe(level);
    expect(() => parseBotConfig({ ...good, LOG_LEVEL: 'verbose' })).toThrow(
      /LOG_LEVEL must be one of trace, debug/,
    );
    expect(readCoreConfig({ LOG_LEVEL: 'verbose' }).logLevel).toBe('info');
    expect(readCoreConfig({ LOG_LEVEL: 'fatal' }).logLevel).toBe('fatal');
  });

  it('reads LOG_PRETTY as on, off or unset (the terminal decides), and names a bad value', () => {
    for (const on of ['1', 'true', 'YES', 'on'])
      expect(parseBotConfig({ ...good, LOG_PRETTY: on }).logPretty).toBe(true);
    for (const off of ['0', 'false', 'no', 'OFF'])
      expect(parseBotConfig({ ...good, LOG_PRETTY: off }).logPretty).toBe(false);
    expect(parseBotConfig(good).logPretty).toBeUndefined();
    expect(parseBotConfig({ ...good, LOG_PRETTY: ' ' }).logPretty).toBeUndefined();
    expect(() => parseBotConfig({ ...good, LOG_PRETTY: 'colour' })).toThrow(/LOG_PRETTY must be 1 or 0/);
    // The console never stops for it: a bad value is its default, and the log level stays as given.
    expect(readCoreConfig({ LOG_PRETTY: 'colour', LOG_LEVEL: 'warn' })).toMatchObject({ logLevel: 'warn' });
    expect(readCoreConfig({ LOG_PRETTY: 'colour' }).logPretty).toBeUndefined();
  });

  it('gives the console its defaults without any Discord key', () => {
    expect(readCoreConfig({ SEEDS_DIR: 'articles' })).toMatchObject({
      seedsDir: 'articles',
      logLevel: 'info',
    });
  });
});

describe('the .env file', () => {
  const root = mkdtempSync(join(tmpdir(), 'config-env-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  /** A project folder holding `.env` with `text`, and a planted one elsewhere. */
  const project = (name: string, text: string | null): string => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{}');
    if (text !== null) writeFileSync(join(dir, '.env'), text);
    return dir;
  };
  const planted = join(
    project('planted', 'DISCORD_API_URL=http://planted.example/api\nPLANTED=yes\n'),
    '.env',
  );

  it("takes the project's .env keys that the environment does not have", () => {
    const dir = project('plain', 'DISCORD_CLIENT_ID=123456789012345678\nSEEDS_DIR=articles\n');
    const env: Record<string, string | undefined> = { SEEDS_DIR: 'mine' };
    const loaded = loadProjectEnv(env, dir);
    expect(loaded.file).toBe(join(dir, '.env'));
    expect(loaded.assigned).toEqual(['DISCORD_CLIENT_ID']);
    expect(env).toEqual({ SEEDS_DIR: 'mine', DISCORD_CLIENT_ID: '123456789012345678' });
  });

  it('never replaces a real environment variable, even an empty one, whatever DOTENV_* asks', () => {
    const dir = project(
      'override',
      'DISCORD_API_URL=http://file.example/api\nDISCORD_TOKEN=from-file\nDOTENV_CONFIG_OVERRIDE=true\n',
    );
    const env: Record<string, string | undefined> = {
      DISCORD_API_URL: 'http://real.example/api',
      DISCORD_TOKEN: '',
      DOTENV_CONFIG_OVERRIDE: 'true',
      DOTENV_OVERRIDE: '1',
    };
    loadProjectEnv(env, dir);
    expect(env.DISCORD_API_URL).toBe('http://real.example/api');
    expect(env.DISCORD_TOKEN).toBe('');
  });

  it('reads no other file: DOTENV_CONFIG_PATH, DOTENV_PATH and a path inside the file are ignored', () => {
    const dir = project('paths', `DOTENV_CONFIG_PATH=${planted}\nOWN=yes\n`);
    const env: Record<string, string | undefined> = { DOTENV_CONFIG_PATH: planted, DOTENV_PATH: planted };
    const loaded = loadProjectEnv(env, dir);
    expect(loaded.assigned).toEqual(['OWN']);
    expect(env.PLANTED).toBeUndefined();
    expect(env.DISCORD_API_URL).toBeUndefined();
    expect(env.DOTENV_CONFIG_PATH).toBe(planted);
  });

  it('is optional, and an unreadable one is reported rather than skipped', () => {
    expect(loadProjectEnv({}, project('none', null))).toEqual({
      file: join(root, 'none', '.env'),
      assigned: [],
    });
    const dir = project('unreadable', null);
    mkdirSync(join(dir, '.env'));
    expect(loadProjectEnv({}, dir).error).toBe('EISDIR');
  });

  it('belongs to the folder holding package.json, found from a file inside the project', () => {
    const dir = project('nested', null);
    mkdirSync(join(dir, 'src', 'discord'), { recursive: true });
    expect(findProjectRoot(join(dir, 'src', 'discord'))).toBe(dir);
    expect(findProjectRoot()).toBe(new URL('..', import.meta.url).pathname.replace(/\/$/, ''));
  });
});
