import { describe, expect, it } from 'vitest';
import { mayReindex, reportLines } from '../commands/reindex.ts';
import { ConfigError, parseBotConfig } from '../src/config.ts';
import type { ReindexReport } from '../src/news/live.ts';
import { HIDDEN_PATH, showPaths } from '../src/news/paths.ts';

const OPERATOR = '111111111111111111';
const HOME = '222222222222222222';
const OTHER = '333333333333333333';
const MEMBER = '444444444444444444';

describe('ADMIN_USER_IDS', () => {
  const good = { DISCORD_TOKEN: 'abc.def.ghi', DISCORD_CLIENT_ID: '123456789012345678' };

  it('is unset by default, and read as a list of user ids (spaces, empty items and repeats dropped)', () => {
    expect(parseBotConfig(good).adminUserIds).toBeNull();
    expect(parseBotConfig({ ...good, ADMIN_USER_IDS: ' ' }).adminUserIds).toBeNull();
    expect(
      parseBotConfig({ ...good, ADMIN_USER_IDS: ` ${OPERATOR}, ,${MEMBER},${OPERATOR} ` }).adminUserIds,
    ).toEqual([OPERATOR, MEMBER]);
  });

  it('names the key and the bad items when one is not a user id', () => {
    expect(() => parseBotConfig({ ...good, ADMIN_USER_IDS: `${OPERATOR},@alice` })).toThrow(ConfigError);
    expect(() => parseBotConfig({ ...good, ADMIN_USER_IDS: `${OPERATOR},@alice` })).toThrow(
      /ADMIN_USER_IDS.*"@alice"/,
    );
  });
});

describe('who may reindex', () => {
  const ask = (userId: string, guildId: string | null, manageServer: boolean) => ({
    userId,
    guildId,
    manageServer,
  });

  it('with ADMIN_USER_IDS: only those users, in any server, Manage Server or not', () => {
    const access = { adminUserIds: [OPERATOR], guildId: HOME };
    expect(mayReindex(ask(OPERATOR, OTHER, false), access)).toBe(true);
    expect(mayReindex(ask(MEMBER, HOME, true), access)).toMatch(/operators/);
  });

  it('without it, with DISCORD_GUILD_ID: Manage Server members of that server only', () => {
    const access = { adminUserIds: null, guildId: HOME };
    expect(mayReindex(ask(MEMBER, HOME, true), access)).toBe(true);
    expect(mayReindex(ask(MEMBER, OTHER, true), access)).toMatch(/home server/);
    expect(mayReindex(ask(MEMBER, HOME, false), access)).toMatch(/Manage Server/);
  });

  it('with neither: Manage Server members of any server, never outside one', () => {
    const access = { adminUserIds: null, guildId: null };
    expect(mayReindex(ask(MEMBER, OTHER, true), access)).toBe(true);
    expect(mayReindex(ask(MEMBER, OTHER, false), access)).toBe(
      'Only members with Manage Server can run /reindex.',
    );
    expect(mayReindex(ask(MEMBER, null, true), access)).not.toBe(true);
  });
});

describe('paths in replies', () => {
  const seeds = '/srv/bot/seeds';

  it('are relative to the seeds folder inside it, and hidden outside it', () => {
    expect(showPaths(`EACCES: permission denied, open '${seeds}/wire/a.txt'`, [seeds])).toBe(
      "EACCES: permission denied, open 'wire/a.txt'",
    );
    expect(showPaths(`seeds folder "${seeds}" does not exist`, [seeds])).toBe(
      'seeds folder "seeds/" does not exist',
    );
    expect(showPaths(`cannot read /home/op/.cache/news-index.json: EIO`, [seeds])).toBe(
      `cannot read ${HIDDEN_PATH}: EIO`,
    );
    expect(showPaths(`bad ${seeds}/../secrets/key.txt`, [seeds])).toBe(`bad ${HIDDEN_PATH}`);
    expect(showPaths('C:\\Users\\op\\seeds\\a.txt failed')).toBe(`${HIDDEN_PATH} failed`);
  });

  it('leave words with slashes, rates and links alone', () => {
    const text = 'and/or 5 MB/s at https://discord.com/api, 1/2 done';
    expect(showPaths(text, [seeds])).toBe(text);
  });
});

describe('the reindex report', () => {
  const base: ReindexReport = {
    ok: true,
    articlesBefore: 4,
    articlesAfter: 5,
    added: ['wire/new.txt'],
    changed: [],
    removed: [],
    skipped: [],
    passages: 40,
    speakers: 3,
    ms: 1234,
    queued: false,
    joined: false,
  };

  it('says when it waited for a running reindex and ran after it', () => {
    const lines = reportLines({ ...base, queued: true, joined: true });
    expect(lines[0]).toMatch(/was running when you asked: this one ran after it/);
    expect(lines).toContain('Added (1): wire/new.txt');
    expect(reportLines(base)[0]).toBe('Done in 1.2s.');
  });

  it('says an empty folder was refused and the old index keeps serving, with why files were skipped', () => {
    const lines = reportLines({
      ...base,
      ok: false,
      refused: 'empty',
      error: 'No article in the seeds folder: every file is missing or skipped.',
      articlesAfter: 4,
      added: [],
      skipped: [{ file: 'ops/run.sh', reason: 'not an article' }],
    });
    expect(lines.join('\n')).toMatch(/Reindex refused: No article/);
    expect(lines.join('\n')).toMatch(/previous index keeps serving \(4 articles\)/);
    expect(lines).toContain('• ops/run.sh: not an article');
  });

  it('never shows an absolute path from an error', () => {
    const lines = reportLines({ ...base, ok: false, error: "ENOSPC: no space left, write '/var/lib/bot/x'" });
    expect(lines.join('\n')).not.toContain('/var/lib');
    expect(lines[0]).toContain(HIDDEN_PATH);
  });
});
