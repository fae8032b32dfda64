/**
 * End to end: `npm run deploy-commands` registers the one command registry, to a guild when
 * DISCORD_GUILD_ID is set and globally otherwise, against the fake Discord's REST API.
 */
import { execFile } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { FakeDiscord, type Json } from './fake-discord.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
let fake: FakeDiscord;

beforeAll(async () => {
  fake = await FakeDiscord.start();
});
afterEach(() => fake?.clearFaults());
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
    // And how to add the bot to a server, with this application's id and the permissions it needs.
    expect(run.out).toContain(
      `oauth2/authorize?client_id=${fake.applicationId}&scope=bot+applications.commands&permissions=`,
    );
    expect(fake.commands.global.map((c: Json) => c.name).sort()).toEqual(
      commands.map((c) => c.data.name).sort(),
    );
  });

  /** What a REST proxy answers when it echoes the request it could not forward. */
  const echo = () => ({
    code: 0,
    message: `bad gateway: upstream refused the request (Authorization: Bot ${fake.token})`,
  });

  it('says which request failed, without the token, when the PUT answers 502 echoing the request', async () => {
    fake.failNext({ method: 'PUT', path: /\/commands$/, status: 502, body: echo(), times: 10 });
    const run = await deploy({});
    expect(run.status).toBe(1);
    expect(run.out).toContain(
      `Could not register the commands: Bad Gateway (PUT ${fake.apiUrl}/v10/applications/${fake.applicationId}/commands answered 502)`,
    );
    expect(run.out).not.toContain(fake.token);
  });

  it('prints an error that quotes the token with the token scrubbed', async () => {
    fake.failNext({ method: 'PUT', path: /\/commands$/, status: 400, body: echo(), times: 10 });
    const run = await deploy({});
    expect(run.status).toBe(1);
    expect(run.out).toContain('Could not register the commands: bad gateway: upstream refused the request');
    expect(run.out).toContain('Authorization: Bot [redacted]');
    expect(run.out).not.toContain(fake.token);
  });

  it('exits 1 naming the bad key, without the token', async () => {
    const run = await deploy({ DISCORD_CLIENT_ID: 'not-an-id' });
    expect(run.status).toBe(1);
    expect(run.out).toContain('DISCORD_CLIENT_ID');
    expect(run.out).not.toContain(fake.token);
  });
});
