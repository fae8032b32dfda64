/**
 * The image, where a Docker engine runs (`docker info` answers; skipped elsewhere, as on this
 * project's machines, which have the client but no engine): built from the Dockerfile, it holds no
 * development dependency and no .env, runs as a user other than root, logs in to the fake Discord
 * (on the host's network) and exits 0 within the grace period of `docker stop`. What the files say is
 * checked everywhere by tests/deploy-files.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from './e2e/fake-discord.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/corpus', import.meta.url));
const IMAGE = `news-desk-bot-test:${process.pid}`;
const CONTAINER = `news-desk-bot-test-${process.pid}`;

const engine = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 20_000 }).status === 0;

const docker = (args: string[], timeout = 60_000) =>
  spawnSync('docker', args, { cwd: ROOT, encoding: 'utf8', timeout });

afterAll(() => {
  if (!engine) return;
  docker(['rm', '-f', CONTAINER]);
  docker(['rmi', '-f', IMAGE]);
});

describe.skipIf(!engine)('the Docker image', () => {
  it('builds from the Dockerfile', () => {
    const build = docker(['build', '-t', IMAGE, '.'], 900_000);
    expect(build.status, `${build.stdout}\n${build.stderr}`).toBe(0);
  }, 900_000);

  it('holds production dependencies and dist/ only, no .env, and runs as a user other than root', () => {
    const look = docker([
      'run',
      '--rm',
      '--entrypoint',
      'sh',
      IMAGE,
      '-c',
      'id -u; ls -a; ls node_modules | grep -E "^(tsx|typescript|esbuild|vitest)$" || true',
    ]);
    expect(look.status, look.stderr).toBe(0);
    const [uid, ...rest] = look.stdout.trim().split('\n');
    expect(uid).not.toBe('0');
    expect(rest).toContain('dist');
    expect(rest).not.toContain('.env');
    expect(rest).not.toContain('src');
    for (const dev of ['tsx', 'typescript', 'esbuild', 'vitest']) expect(rest).not.toContain(dev);
  }, 120_000);

  it('logs in to Discord, and `docker stop` ends it with status 0', async () => {
    const fake = await FakeDiscord.start({ heartbeatInterval: 1000 });
    try {
      const run = docker([
        'run',
        '-d',
        '--init',
        '--name',
        CONTAINER,
        '--network',
        'host',
        '-v',
        `${FIXTURES}:/app/seeds:ro`,
        '-e',
        `DISCORD_TOKEN=${fake.token}`,
        '-e',
        `DISCORD_CLIENT_ID=${fake.applicationId}`,
        '-e',
        `DISCORD_API_URL=${fake.apiUrl}`,
        '-e',
        'INDEX_CACHE_DIR=.cache',
        IMAGE,
      ]);
      expect(run.status, run.stderr).toBe(0);
      await fake.waitForReady(1, 60_000);
      const stop = docker(['stop', '-t', '30', CONTAINER], 60_000);
      expect(stop.status, stop.stderr).toBe(0);
      const code = docker(['inspect', '-f', '{{.State.ExitCode}}', CONTAINER]);
      expect(code.stdout.trim()).toBe('0');
      expect(docker(['logs', CONTAINER]).stdout).toContain('"msg":"shutting down"');
    } finally {
      docker(['rm', '-f', CONTAINER]);
      await fake.close();
    }
  }, 120_000);
});
