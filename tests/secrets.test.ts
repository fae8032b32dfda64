import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answer } from '../src/news/answers/index.ts';
import { hideSecrets } from '../src/news/secrets.ts';
import { openIndex } from '../src/news/store.ts';

// A made-up token of the real shape (id.timestamp.hmac), and a key block: neither is a real secret.
const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123';
const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----';

describe('secrets in article text', () => {
  it('masks token-shaped strings and private keys, keeping every offset', () => {
    const text = `Set DISCORD_TOKEN=${TOKEN} in the file. ${KEY} Done.`;
    const hidden = hideSecrets(text);
    expect(hidden).toHaveLength(text.length);
    expect(hidden).not.toContain(TOKEN);
    expect(hidden).not.toContain('b3BlbnNzaC1rZXktdjE');
    expect(hidden.startsWith('Set DISCORD_TOKEN=•')).toBe(true);
    expect(hidden.endsWith(' Done.')).toBe(true);
  });

  it('leaves prose, figures and addresses alone', () => {
    const text = 'Exports rose 3.4 pct to $24.1 billion, see www.example.com/a.b.c and U.S.-Japan talks.';
    expect(hideSecrets(text)).toBe(text);
  });

  const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('never answers with a token an article holds, even when asked for it', async () => {
    writeFileSync(
      join(dir, 'leak.txt'),
      `date 2024-01-02 (Wire) Config leaked. The operator pasted DISCORD_TOKEN=${TOKEN} into a post. It was removed.`,
    );
    const index = await openIndex(dir, { cacheDir: null });
    const a = answer(index, `/search DISCORD_TOKEN ${TOKEN}`);
    expect(a.results.length).toBeGreaterThan(0);
    expect(JSON.stringify(a.results)).not.toContain(TOKEN);
    expect(a.results[0]!.text).toContain('DISCORD_TOKEN=•');
  });
});
