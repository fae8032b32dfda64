import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.ts';
import { redact } from './redact.ts';

/**
 * The log: pino, JSON lines on standard output, or lines for people (`LOG_PRETTY`, see
 * {@link LoggerOptions.pretty}). Secrets are scrubbed at the last step, from every line whatever logged
 * it (an error message that quotes a header, a stray object), by the same function as everything else
 * the process prints ({@link redact}): the token (as given, and as JSON escapes it) and token-shaped
 * strings never reach the log, JSON or pretty (a pretty line is scrubbed again after formatting, in case
 * formatting unescaped a secret).
 */

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  level: LogLevel;
  /** Strings never written: the bot token. */
  secrets?: readonly string[];
  /** Where to write (tests capture it); standard output by default. */
  destination?: DestinationStream;
  /**
   * Pretty lines (pino-pretty) instead of JSON: true or false as configured; absent, pretty only when
   * the log goes to standard output and that is a terminal. pino-pretty is a development dependency,
   * loaded only when pretty lines are wanted: without it (a production install) the log stays JSON and
   * says why in its first line.
   */
  pretty?: boolean;
}

/** pino-pretty's formatter of one JSON line (the part of its API used here). */
type Prettifier = (line: string) => string;

/** pino-pretty's `prettyFactory`, or why it cannot be loaded. */
function loadPretty(): { factory: (options: object) => Prettifier } | { error: string } {
  try {
    const mod = createRequire(import.meta.url)('pino-pretty') as {
      prettyFactory: (options: object) => Prettifier;
    };
    return { factory: mod.prettyFactory };
  } catch (err) {
    return { error: (err as Error).message.split('\n')[0] ?? 'cannot be loaded' };
  }
}

/** A pino logger at `options.level` whose every line is scrubbed of `options.secrets`. */
export function createLogger(options: LoggerOptions): Logger {
  // A JSON line holds a secret escaped (a `"` or `\` in it is preceded by `\`), and so may a pretty line
  // (pino-pretty prints nested strings as JSON): both forms are scrubbed.
  const secrets = [...new Set((options.secrets ?? []).flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))];
  const out = options.destination ?? pino.destination({ dest: 1, sync: false });
  const wantPretty = options.pretty ?? (options.destination === undefined && process.stdout.isTTY === true);
  const loaded = wantPretty ? loadPretty() : null;
  let destination: DestinationStream = out;
  if (loaded && 'factory' in loaded) {
    const pretty = loaded.factory({
      colorize: options.destination === undefined && process.stdout.isTTY === true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      singleLine: true,
    });
    const flushable = out as DestinationStream & { flush?: () => void };
    // What pino writes here is already scrubbed JSON (streamWrite below); the formatted line is scrubbed
    // again. flush is passed on so that logger.flush() still drains the real destination.
    destination = {
      write: (line: string) => out.write(redact(pretty(line), secrets)),
      ...(flushable.flush ? { flush: () => flushable.flush?.() } : {}),
    } as DestinationStream;
  }
  const logger = pino(
    {
      level: options.level,
      base: { pid: process.pid },
      redact: {
        paths: ['token', '*.token', 'config.token', 'headers.authorization', '*.headers.authorization'],
        censor: '[redacted]',
      },
      hooks: { streamWrite: (s) => redact(s, secrets) },
    },
    destination,
  );
  // Asked for explicitly and unavailable: say so once, in the log itself.
  if (options.pretty === true && loaded && 'error' in loaded)
    logger.warn({ reason: loaded.error }, 'LOG_PRETTY is set but pino-pretty is not installed; logging JSON');
  return logger;
}
