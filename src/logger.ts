import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.ts';

/**
 * The log: pino, JSON lines on standard output. Secrets are scrubbed at the last step, from every line
 * whatever logged it (an error message that quotes a header, a stray object), so the token can never
 * reach the log.
 */

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  level: LogLevel;
  /** Strings never written: the bot token. */
  secrets?: readonly string[];
  /** Where to write (tests capture it); standard output by default. */
  destination?: DestinationStream;
}

/** Replaces every secret in `s` with `[redacted]`. */
export function scrub(s: string, secrets: readonly string[]): string {
  let out = s;
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  return out;
}

export function createLogger(options: LoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      redact: {
        paths: ['token', '*.token', 'config.token', 'headers.authorization', '*.headers.authorization'],
        censor: '[redacted]',
      },
      hooks: secrets.length ? { streamWrite: (s) => scrub(s, secrets) } : {},
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
