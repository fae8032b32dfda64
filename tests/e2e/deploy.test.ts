/**
 * End to end: `npm run deploy-commands` registers the one command registry, to a guild when
 * DISCORD_GUILD_ID is set and globally otherwise, against the fake Discord's REST API.
 */
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { FakeDiscord, type Json } from './fake-discord.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
let fake: FakeDiscord;

beforeAll(async () => {
  fake = await FakeDiscord.start();
});
afterAll(async () => {
  await fake?.close();
});

/** Runs the deploy script (asynchronously: the fake answering it lives in this process). */
function deploy(extra: Record<string, string>): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const env = {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: fake.token,
      DISCORD_CLIENT_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_GUILD_ID: '',
      ...extra,
    };
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/discord/deploy.ts'],
      { cwd: ROOT, env, timeout: 30_000 },
      (err, stdout, stderr) => {
        resolve({ status: err ? ((err as { code?: number }).code ?? null) : 0, out: stdout + stderr });
      },
    );
  });
}

describe('deploy-commands', () => {
  it('registers every command of the registry to the guild when DISCORD_GUILD_ID is set', async () => {
    const guild = fake.guildIds[0]!;
    const run = await deploy({ DISCORD_GUILD_ID: guild });
    expect(run.status).toBe(0);
    expect(run.out).toContain(`to server ${guild}`);
    const registered = fake.commands.guilds[guild]!.map((c: Json) => c.name).sort();
    expect(registered).toEqual(commands.map((c) => c.data.name).sort());
    const reindex = fake.commands.guilds[guild]!.find((c: Json) => c.name === 'reindex');
    expect(reindex.default_member_permissions).toBe(String(1 << 5));
    const trade = fake.commands.guilds[guild]!.find((c: Json) => c.name === 'trade');
    expect(trade.options[0]).toMatchObject({ name: 'places', required: true, autocomplete: true });
  });

  it('registers globally otherwise', async () => {
    const run = await deploy({});
    expect(run.status).toBe(0);
    expect(run.out).toContain('globally');
    expect(fake.commands.global.map((c: Json) => c.name).sort()).toEqual(
      commands.map((c) => c.data.name).sort(),
    );
  });

  it('exits 1 naming the bad key, without the token', async () => {
    const run = await deploy({ DISCORD_CLIENT_ID: 'not-an-id' });
    expect(run.status).toBe(1);
    expect(run.out).toContain('DISCORD_CLIENT_ID');
    expect(run.out).not.toContain(fake.token);
  });
});
