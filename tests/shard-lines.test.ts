/**
 * The admin's report about the other shards after a `/reindex` (src/discord/shard-link.ts): every shard
 * named that did not take the archive this shard now answers from, and why; the archive compared by a
 * digest of live files and their contents.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveDigest, type ShardReindexResult, shardLines } from '../src/discord/shard-link.ts';
import type { NewsIndex } from '../src/news/index.ts';
import { loadIndex } from '../src/news/load.ts';

let dir: string;
let index: NewsIndex;
let changed: NewsIndex;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shard-lines-'));
  cpSync(new URL('./fixtures/corpus', import.meta.url).pathname, dir, { recursive: true });
  index = await loadIndex(dir);
  writeFileSync(join(dir, 'wire', 'extra.txt'), '(Fixture Wire) Extra\nA new sentence about Peru.\n');
  changed = await loadIndex(dir);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const result = (shard: number, archive: string, extra: Partial<ShardReindexResult> = {}) => ({
  shard,
  ok: true,
  articles: 4,
  archive,
  ...extra,
});

describe('archiveDigest', () => {
  it('is the same for the same files and differs when a file is added', async () => {
    expect(archiveDigest(await loadIndex(dir))).toBe(archiveDigest(changed));
    expect(archiveDigest(index)).not.toBe(archiveDigest(changed));
  });
});

describe('shardLines', () => {
  it('says nothing when this process is the only shard', () => {
    expect(shardLines(index, [])).toEqual([]);
  });

  it('says every shard answers from this archive when all digests match', () => {
    const d = archiveDigest(index);
    expect(shardLines(index, [result(1, d), result(2, d)])).toEqual([
      'Every shard (3) now answers from this archive.',
    ]);
  });

  it('names a shard that failed, one that read another archive, and counts the rest', () => {
    const d = archiveDigest(index);
    const lines = shardLines(index, [
      result(1, d),
      result(2, archiveDigest(changed), { articles: 5 }),
      result(3, '', { ok: false, error: 'not running' }),
    ]);
    expect(lines[0]).toBe('2 of 4 shards answer from this archive; not:');
    expect(lines).toContain('• shard 2: 5 articles, read while the folder was changing; run /reindex again.');
    expect(lines).toContain('• shard 3: not running; it keeps its previous archive.');
    expect(lines.join('\n')).not.toContain('shard 1');
  });

  it('says the other shards could not be reached when the manager did not answer', () => {
    expect(shardLines(index, null)).toEqual([
      'The other shards could not be reached: they may answer from the previous archive.',
    ]);
  });
});
