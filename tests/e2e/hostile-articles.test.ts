/**
 * End to end, with articles written by someone hostile (anyone who can add a file to seeds/, or a page
 * scraped into it, controls its text): what the bot posts shows article text as text. No masked link, no
 * live Discord markup, no secret, no half emoji, and files that are not articles never answer. The bot
 * is started by the same code as `npm start`, against the fake Discord.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.ts';
import { FakeDiscord, type Json } from './fake-discord.ts';
import { fakeConfig } from './spawn-bot.ts';

/** A token of Discord's shape (id.timestamp.hmac), not a real one. */
const SHAPED = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB';
const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----';

let fake: FakeDiscord;
let app: App;
let seeds: string;
let counter = 0;
const user = () => {
  counter++;
  return { id: String(1700000000000000000n + BigInt(counter)), username: `reader${counter}` };
};

function article(file: string, text: string): void {
  const path = join(seeds, file);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

beforeAll(async () => {
  seeds = mkdtempSync(join(tmpdir(), 'hostile-seeds-'));
  fake = await FakeDiscord.start({ heartbeatInterval: 500 });
  article(
    'wire/phish.md',
    '---\ntitle: "[Official notice](https://evil.example/t) from the bank"\ndate: 2024-01-02\nsource: "[Reuters](https://a.example) via [AP](https://evil.example/s)"\n---\n' +
      'The zebrafinch council met on Monday. Read [click here](https://evil.example/phish) and [the rules](https://evil.example/r) now.\n' +
      'The zebrafinch council meets again in <#123456789012345678> at <t:0:R>, run </reindex:123> or ask <@&42> <:wave:1>.\n' +
      'The zebrafinch council statement:\n# HUGE HEADING\n> quoted from zebrafinch\n-# tiny zebrafinch print\n',
  );
  article(
    'wire/leak.txt',
    `The quokkaboard leaked its settings on Tuesday: DISCORD_TOKEN=${SHAPED} and the bot's own ${fake.token} again.\n\n` +
      `The quokkaboard also leaked a key:\n${KEY}\n`,
  );
  // Emoji where a cut falls: a long title and long text made of four-byte characters.
  article(
    'wire/emoji.md',
    `---\ntitle: ${'🐉'.repeat(200)}\ndate: 2024-01-03\n---\nThe wombatcraft fair opened. ${'🇰🇿 wombatcraft '.repeat(150)}\n`,
  );
  article('ops/run-bot.sh', `#!/bin/sh\nexport DISCORD_TOKEN=${SHAPED}\nnode bot.js # quokkaboard\n`);
  article('ops/bot.env.bak', `DISCORD_TOKEN=${SHAPED}\n# quokkaboard\n`);
  article('ops/id_rsa', `${KEY}\nquokkaboard\n`);
  article('.hidden/secret.txt', `The quokkaboard hidden file: ${SHAPED}\n`);
  app = await startApp({ ...fakeConfig(fake, seeds), token: fake.token });
  await fake.waitForReady(1);
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
  rmSync(seeds, { recursive: true, force: true });
});

async function search(query: string): Promise<Json> {
  const sent = fake.sendCommand({
    name: 'search',
    options: [{ name: 'query', type: 3, value: query }],
    user: user(),
  });
  const r = await fake.waitForInteractionResponse(sent.id, { timeoutMs: 5000 });
  return r.type === 5
    ? (await fake.waitForInteractionResponse(sent.id, { predicate: (x) => x.kind === 'editOriginal' })).data
    : r.data;
}

/** Every string an embed shows. */
function shown(data: Json): string[] {
  const out: string[] = [data.content ?? ''];
  for (const e of data.embeds ?? []) {
    out.push(e.title ?? '', e.description ?? '', e.footer?.text ?? '');
    for (const f of e.fields ?? []) out.push(f.name, f.value);
  }
  return out;
}

describe('hostile articles', () => {
  it('shows masked links as written, in passages and in a front-matter title and source', async () => {
    const data = await search('zebrafinch council monday rules');
    const text = shown(data).join('\n');
    expect(text).toContain('evil.example/phish');
    // No unescaped `[text](` anywhere: nothing renders as a link with text of its own.
    expect(text).not.toMatch(/(?<!\\)\[[^\]]*(?<!\\)\]\(/);
    expect(text).toContain('Reuters');
  });

  it('shows Discord markup and line-start markup from an article as typed', async () => {
    const text = shown(await search('zebrafinch council meets again')).join('\n');
    for (const markup of ['<#123456789012345678>', '<t:0:R>', '</reindex:123>', '<@&42>', '<:wave:1>'])
      expect(text).not.toContain(markup);
    const quoted = shown(await search('zebrafinch statement heading quoted tiny print')).join('\n');
    expect(quoted).not.toMatch(/^(#|>|-#) /m);
  });

  it('never shows a token or a private key, the bot’s own token above all', async () => {
    for (const q of ['quokkaboard leaked settings', 'DISCORD_TOKEN', 'quokkaboard key', 'quokkaboard']) {
      const text = shown(await search(q)).join('\n');
      expect(text).not.toContain(SHAPED);
      expect(text).not.toContain(fake.token);
      expect(text).not.toContain('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ');
    }
  });

  it('answers only from articles: scripts, backups, keys and hidden files never answer', async () => {
    const data = await search('quokkaboard');
    const files = shown(data).join('\n');
    expect(files).toContain('wire/leak.txt');
    for (const f of ['run-bot.sh', 'bot.env.bak', 'id_rsa', '.hidden']) expect(files).not.toContain(f);
  });

  it('never posts half an emoji, however titles and passages are cut', async () => {
    const data = await search('wombatcraft fair');
    for (const s of shown(data)) {
      expect(s).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    expect(shown(data).join('')).toContain('🐉');
  });
});
