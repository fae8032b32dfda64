import { describe, expect, it } from 'vitest';
import { ConfigError, parseBotConfig, readCoreConfig } from '../src/config.ts';

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

  it('gives the console its defaults without any Discord key', () => {
    expect(readCoreConfig({ SEEDS_DIR: 'articles' })).toMatchObject({
      seedsDir: 'articles',
      logLevel: 'info',
    });
  });
});
