/**
 * The operators' files agree with the project: the Dockerfile, compose.yaml, .dockerignore, the
 * systemd unit and the PM2 file run what `npm start` runs, on the Node.js major of package.json's
 * engines, with the seeds and cache folders where the configuration's defaults put them, as a user
 * other than root, and never with .env inside the image. (No Docker engine runs on this project's
 * machines, so the image itself is built only by tests/docker.slow.test.ts where one does.)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCoreConfig } from '../src/config.ts';

const read = (file: string): string => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  engines: { node: string };
  scripts: Record<string, string>;
};
const tsconfigBuild = JSON.parse(
  // JSON with comments: drop whole-line comments only (no string in the file holds `//` at a line start).
  read('tsconfig.build.json').replace(/^\s*\/\/.*$/gm, ''),
) as { include: string[] };

/** The configuration's own defaults, from an empty environment (the bot's folders, relative to its cwd). */
const defaults = readCoreConfig({});

/** `npm start`'s command as argv: its script, without the `exec` that hands npm's signals to node. */
const startArgv = pkg.scripts.start!.replace(/^exec\s+/, '').split(/\s+/);

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
const instructions = read('Dockerfile')
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => {
    const [, op = '', args = ''] = /^(\S+)\s*(.*)$/.exec(l) ?? [];
    return { op: op.toUpperCase(), args };
  });
/** Instructions by stage (a stage starts at each FROM). */
const stages: { from: string; steps: typeof instructions }[] = [];
for (const i of instructions) {
  if (i.op === 'FROM') stages.push({ from: i.args, steps: [] });
  else stages.at(-1)?.steps.push(i);
}
const final = stages.at(-1)!;
const args = (stage: (typeof stages)[number], op: string): string[] =>
  stage.steps.filter((s) => s.op === op).map((s) => s.args);

describe('Dockerfile', () => {
  it('builds on the Node.js major of package.json engines, in several stages', () => {
    const major = /(\d+)/.exec(pkg.engines.node)?.[1];
    const arg = instructions.find((i) => i.op === 'ARG' && i.args.startsWith('NODE_VERSION='));
    expect(arg?.args).toBe(`NODE_VERSION=${major}`);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const s of stages) expect(s.from).toMatch(/^node:\$\{NODE_VERSION\}-\S+/);
  });

  it('runs what npm start runs, as node in the exec form (node receives the stop signal)', () => {
    const cmd = args(final, 'CMD');
    expect(cmd).toHaveLength(1);
    expect(JSON.parse(cmd[0]!)).toEqual(startArgv);
    expect(args(final, 'ENTRYPOINT')).toEqual([]);
  });

  it('runs as a user other than root, and from the folder the volumes are mounted under', () => {
    const user = args(final, 'USER');
    expect(user).toHaveLength(1);
    expect(user[0]).not.toMatch(/^(root|0)(:|$)/);
    const userAt = final.steps.findIndex((s) => s.op === 'USER');
    expect(final.steps.findIndex((s) => s.op === 'CMD')).toBeGreaterThan(userAt);
    expect(args(final, 'WORKDIR')).toEqual(['/app']);
  });

  it('ships production dependencies only: node_modules from an `npm ci --omit=dev` stage', () => {
    const nodeModules = args(final, 'COPY').find((a) => /\bnode_modules\b/.test(a));
    const from = /--from=(\S+)/.exec(nodeModules ?? '')?.[1];
    const stage = stages.find((s) => s.from.endsWith(` AS ${from}`));
    expect(stage, `the stage node_modules comes from (${from})`).toBeDefined();
    expect(args(stage!, 'RUN').join(' ')).toMatch(/npm ci\b[^&]*--omit=dev/);
    // The compiled bot comes from the stage that runs the build.
    const dist = args(final, 'COPY').find((a) => /\bdist\b/.test(a));
    const builder = stages.find((s) => s.from.endsWith(` AS ${/--from=(\S+)/.exec(dist ?? '')?.[1]}`));
    expect(args(builder!, 'RUN')).toContain('npm run build');
  });

  it('copies only the build files from the context, never .env, and each is let in by .dockerignore', () => {
    const ignore = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    // Everything is left out first, then the files the build needs are let back in.
    expect(ignore[0]).toBe('*');
    const allowed = ignore.filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/$/, ''));
    expect(allowed.some((a) => a.startsWith('.env'))).toBe(false);
    const fromContext = stages
      .flatMap((s) => args(s, 'COPY'))
      .filter((a) => !a.startsWith('--from'))
      .flatMap((a) => a.split(/\s+/).slice(0, -1));
    expect(fromContext.length).toBeGreaterThan(0);
    for (const src of fromContext) {
      expect(src).not.toMatch(/^\.(\/)?$|\.env/);
      expect(allowed, src).toContain(src);
    }
    // What tsc compiles and what the build script needs are all copied.
    for (const need of [...tsconfigBuild.include, 'scripts', 'tsconfig.json', 'tsconfig.build.json'])
      expect(fromContext, need).toContain(need);
  });
});

describe('compose.yaml', () => {
  const compose = read('compose.yaml');
  /** `key: value` lines of the bot's service (the file keeps one service, two-space indents). */
  const value = (key: string): string | undefined =>
    new RegExp(`^ {4}${key}:\\s*(.*)$`, 'm').exec(compose)?.[1]?.trim();
  /** The items of a list under the service's `key`. */
  const list = (key: string): string[] => {
    const block = new RegExp(`^ {4}${key}:\\n((?: {6}.*\\n|\\s*#.*\\n)*)`, 'm').exec(compose)?.[1] ?? '';
    return [...block.matchAll(/^ {6}- (.*)$/gm)].map((m) => m[1]!.trim());
  };
  /** The `environment:` map of the service. */
  const environment = (): Record<string, string> => {
    const block = /^ {4}environment:\n((?: {6}.*\n)*)/m.exec(compose)?.[1] ?? '';
    return Object.fromEntries([...block.matchAll(/^ {6}(\w+):\s*(.*)$/gm)].map((m) => [m[1], m[2]!.trim()]));
  };

  it('builds this Dockerfile, reads .env, runs under an init and restarts', () => {
    expect(value('build')).toBe('.');
    expect(value('env_file')).toBe('.env');
    expect(value('init')).toBe('true');
    expect(value('restart')).toMatch(/^(unless-stopped|always|on-failure(:\d+)?)$/);
  });

  it('mounts the seeds and cache folders where the configuration reads them in the image', () => {
    const env = environment();
    // Set in the service, so that a .env written for another layout cannot point past the volumes.
    expect(env.SEEDS_DIR).toBe(defaults.seedsDir);
    expect(env.INDEX_CACHE_DIR).toBe(defaults.indexCacheDir);
    const targets = list('volumes').map((v) => v.split(':')[1]);
    expect(targets).toContain(posix.join('/app', defaults.seedsDir));
    expect(targets).toContain(posix.join('/app', defaults.indexCacheDir!));
    // The cache is a volume the image's user can write: the Dockerfile makes the folder its own.
    expect(args(final, 'RUN').join(' ')).toContain(`chown node:node ${defaults.indexCacheDir}`);
  });
});

describe('systemd unit and PM2', () => {
  it('the unit runs what npm start runs, as its own user, writing only the cache', () => {
    const unit = read('deploy/news-desk-bot.service');
    const key = (k: string): string | undefined => new RegExp(`^${k}=(.*)$`, 'm').exec(unit)?.[1];
    const [node, ...rest] = key('ExecStart')!.split(/\s+/);
    expect(node).toMatch(/\/node$/);
    expect(rest).toEqual(startArgv.slice(1));
    expect(key('User')).toBeDefined();
    expect(key('User')).not.toBe('root');
    expect(key('ReadWritePaths')).toBe(posix.join(key('WorkingDirectory')!, defaults.indexCacheDir!));
    // The signal goes to node alone (the shard manager stops its own shards), bounded by SIGKILL.
    expect(key('KillMode')).toBe('mixed');
    expect(Number(key('TimeoutStopSec'))).toBeGreaterThanOrEqual(15);
  });

  it('the PM2 file runs the same script, one process in fork mode, from the project folder', () => {
    const config = createRequire(import.meta.url)('../deploy/ecosystem.config.cjs') as {
      apps: { script: string; cwd: string; exec_mode: string; instances: number; kill_timeout: number }[];
    };
    expect(config.apps).toHaveLength(1);
    const app = config.apps[0]!;
    expect(['node', app.script]).toEqual(startArgv);
    expect(app.cwd).toBe(new URL('..', import.meta.url).pathname.replace(/\/$/, ''));
    expect(app.exec_mode).toBe('fork');
    expect(app.instances).toBe(1);
    expect(app.kill_timeout).toBeGreaterThanOrEqual(15_000);
  });
});
