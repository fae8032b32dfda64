import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.ts';
import { redact } from './redact.ts';

/**
 * The log: pino, JSON lines on standard output. Secrets are scrubbed at the last step, from every line
 * whatever logged it (an error message that quotes a header, a stray object), by the same function as
 * everything else the process prints ({@link redact}): the token and token-shaped strings never reach
 * the log.
 */

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  level: LogLevel;
  /** Strings never written: the bot token. */
  secrets?: readonly string[];
  /** Where to write (tests capture it); standard output by default. */
  destination?: DestinationStream;
}

/** A pino logger at `options.level` whose every line is scrubbed of `options.secrets`. */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = options.secrets ?? [];
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      redact: {
        paths: ['token', '*.token', 'config.token', 'headers.authorization', '*.headers.authorization'],
        censor: '[redacted]',
      },
      hooks: { streamWrite: (s) => redact(s, secrets) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
