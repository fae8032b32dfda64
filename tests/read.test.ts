import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, readSeeds } from '../src/news/read.ts';

describe('reading a seeds folder with bad files in it', () => {
  let root: string;
  let outside: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'seeds-'));
    outside = mkdtempSync(join(tmpdir(), 'outside-'));
    mkdirSync(join(root, 'nested/deeper'), { recursive: true });
    writeFileSync(join(root, 'good.txt'), 'date 2020-01-01 (Wire) A good article. It has two sentences.');
    writeFileSync(join(root, 'nested/deeper/also-good.md'), '# Title\n\nBody text here.');
    writeFileSync(join(root, 'empty.txt'), '');
    writeFileSync(join(root, 'blank.txt'), '   \n\n ');
    writeFileSync(join(root, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
    writeFileSync(join(root, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]));
    writeFileSync(join(root, 'huge.txt'), Buffer.alloc(MAX_FILE_BYTES + 1, 0x61));
    writeFileSync(join(outside, 'secret.txt'), 'not news');
    symlinkSync(join(outside, 'secret.txt'), join(root, 'escape.txt'));
    symlinkSync(root, join(root, 'nested/loop'));
    writeFileSync(join(root, '.hidden'), 'ignored');
    writeFileSync(join(root, 'index.jsonl'), '{"file": "good.txt", "title": "A good article"}\n');
    mkdirSync(join(root, 'ops'));
    writeFileSync(
      join(root, 'ops/run-bot.sh'),
      'DISCORD_TOKEN=MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.abcdefghijklmnopqrstuvwxyz12 npm start\n',
    );
    writeFileSync(
      join(root, 'ops/bot.env.bak'),
      'DISCORD_TOKEN=MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.abcdefghijklmnopqrstuvwxyz12\n',
    );
    writeFileSync(join(root, 'ops/id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE\n');
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git/notes.txt'), 'A hidden folder is not the archive.');
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('reads every good file recursively, with paths relative to the folder', async () => {
    const { files } = await readSeeds(root);
    expect(files.map((f) => f.file)).toEqual(['good.txt', 'nested/deeper/also-good.md']);
    expect(files[0]!.hash).toMatch(/^[0-9a-f]{40}$/);
  });

  it('skips each bad file with a reason instead of failing', async () => {
    const { skipped } = await readSeeds(root);
    const reasons = Object.fromEntries(skipped.map((s) => [s.file, s.reason]));
    expect(reasons['empty.txt']).toMatch(/empty/);
    expect(reasons['blank.txt']).toMatch(/empty/);
    expect(reasons['binary.txt']).toMatch(/binary/);
    expect(reasons['latin1.txt']).toMatch(/UTF-8/);
    expect(reasons['huge.txt']).toMatch(/too large/);
    expect(reasons['escape.txt']).toMatch(/outside the seeds folder/);
    expect(reasons['nested/loop']).toMatch(/loop|already read/);
    expect(reasons['index.jsonl']).toBe('a data file (.jsonl), not article text');
  });

  it('reads only articles (.txt, .md): scripts, env backups and keys beside them are skipped and listed', async () => {
    const { files, skipped } = await readSeeds(root);
    const reasons = Object.fromEntries(skipped.map((s) => [s.file, s.reason]));
    expect(reasons['ops/run-bot.sh']).toBe('not an article: only .txt and .md files are read (this is .sh)');
    expect(reasons['ops/bot.env.bak']).toMatch(/only \.txt and \.md .*\.bak/);
    expect(reasons['ops/id_rsa']).toMatch(/only \.txt and \.md .*no extension/);
    expect(files.some((f) => f.content.includes('DISCORD_TOKEN') || f.content.includes('PRIVATE KEY'))).toBe(
      false,
    );
    expect(files.some((f) => f.file.startsWith('.git/'))).toBe(false);
  });

  it('names a missing folder in its error', async () => {
    await expect(readSeeds(join(root, 'nope'))).rejects.toThrow(/nope/);
  });
});
