import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LOG_LEVELS, type LogLevel } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';

/** A logger writing into an array, and that array. */
function capture(level: LogLevel, pretty?: boolean, secrets: string[] = []) {
  const lines: string[] = [];
  const log = createLogger({
    level,
    secrets,
    ...(pretty === undefined ? {} : { pretty }),
    destination: { write: (s: string) => void lines.push(s) },
  });
  return { log, lines };
}

/** One line at every level, most verbose first. */
function logEveryLevel(log: ReturnType<typeof capture>['log']): void {
  log.trace('at trace');
  log.debug('at debug');
  log.info('at info');
  log.warn('at warn');
  log.error('at error');
  log.fatal('at fatal');
}

const SHAPED = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123';

describe('log levels', () => {
  it("are pino's full set, and each writes its own level and the ones above", () => {
    expect([...LOG_LEVELS]).toEqual(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);
    const all = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
    for (const [i, level] of all.entries()) {
      const { log, lines } = capture(level as LogLevel);
      logEveryLevel(log);
      expect(lines.map((l) => JSON.parse(l).msg)).toEqual(all.slice(i).map((l) => `at ${l}`));
    }
  });

  it('silent writes nothing at all', () => {
    const { log, lines } = capture('silent');
    logEveryLevel(log);
    expect(lines).toEqual([]);
  });
});

describe('JSON logs', () => {
  it('never show the token, even one that JSON escapes', () => {
    const token = 'the.bot"s.own\\token';
    const { log, lines } = capture('info', false, [token]);
    log.error({ err: `Authorization: Bot ${token}` }, `crash: ${token}`);
    const text = lines.join('');
    expect(JSON.parse(text)).toMatchObject({
      err: 'Authorization: Bot [redacted]',
      msg: 'crash: [redacted]',
    });
    expect(text).not.toContain('own');
  });
});

describe('pretty logs', () => {
  it('print one line for people: time, level name, message and fields, no JSON braces around it', () => {
    const { log, lines } = capture('info', true);
    log.info({ command: 'trade', ms: 12 }, 'answered');
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? '';
    expect(() => JSON.parse(line)).toThrow();
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: answered/);
    expect(line).toContain('"command":"trade"');
    expect(line).not.toContain('"pid"');
  });

  it('keep the levels: trace and fatal print, below the level nothing does', () => {
    const { log, lines } = capture('trace', true);
    logEveryLevel(log);
    expect(lines.map((l) => /\] (\w+):/.exec(l)?.[1])).toEqual([
      'TRACE',
      'DEBUG',
      'INFO',
      'WARN',
      'ERROR',
      'FATAL',
    ]);
    const quiet = capture('error', true);
    logEveryLevel(quiet.log);
    expect(quiet.lines).toHaveLength(2);
  });

  it('never show the token, a token-shaped string or a secret that JSON would have escaped', () => {
    const token = 'the.bot"s.own.token';
    const { log, lines } = capture('info', true, [token]);
    log.info({ headers: { authorization: `Bot ${token}` }, echoed: SHAPED }, `request failed: Bot ${token}`);
    log.error({ err: `Authorization: Bot ${token} and ${SHAPED}` }, 'crash');
    const text = lines.join('');
    expect(text).toContain('request failed');
    expect(text).toContain('crash');
    expect(text).not.toContain(token);
    expect(text).not.toContain('the.bot\\"s.own.token');
    expect(text).not.toContain(SHAPED);
  });

  it('are JSON when written to a stream other than a terminal and not asked for', () => {
    const { log, lines } = capture('info');
    log.info({ a: 1 }, 'plain');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 30, msg: 'plain', a: 1 });
  });

  it('are JSON on standard output when it is not a terminal; pretty there when LOG_PRETTY asks', () => {
    const script = (pretty: string) =>
      `import { createLogger } from './src/logger.ts';
       const log = createLogger({ level: 'info', ${pretty} });
       log.info({ n: 1 }, 'to stdout'); log.flush();`;
    const run = (pretty: string): string =>
      spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(pretty)], {
        cwd: new URL('..', import.meta.url).pathname,
        encoding: 'utf8',
        timeout: 60_000,
      }).stdout;
    expect(JSON.parse(run(''))).toMatchObject({ msg: 'to stdout', n: 1 });
    expect(run('pretty: true')).toMatch(/INFO: to stdout \{"n":1\}/);
  });
});
