import { hideSecrets } from './news/secrets.ts';

/**
 * The one scrubbing function for everything the process prints: log lines (src/logger.ts), the messages
 * of `npm start` and `npm run deploy-commands`, configuration problems and crashes. An error can quote
 * anything it was given (a REST proxy that echoes `Authorization: Bot ...`, a key pasted into the wrong
 * variable), so what is printed is scrubbed at the last step, whatever produced it.
 */

/** Shorter strings are not treated as secrets: replacing them would garble ordinary text. */
const MIN_SECRET_LENGTH = 8;

/**
 * `text` with every one of `secrets` (the bot token) replaced by `[redacted]`, then every token-shaped
 * string and private-key block masked ({@link hideSecrets}).
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets)
    if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join('[redacted]');
  return hideSecrets(out);
}

/** Writes one line (a newline is added when missing), scrubbed by {@link redact}. */
export type Say = (text: string) => void;

/** A {@link Say} to `stream` (standard error by default) that hides `secrets`. */
export function printer(secrets: readonly string[], stream: NodeJS.WritableStream = process.stderr): Say {
  return (text) => {
    const line = redact(text, secrets);
    stream.write(line.endsWith('\n') ? line : `${line}\n`);
  };
}

/**
 * What failed, in one line: the error's message and, for an HTTP error (discord.js's `HTTPError` and
 * `DiscordAPIError` carry them), the request and the status, so "Bad Gateway" says which request got it.
 */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const { status, method, url } = err as Error & { status?: unknown; method?: unknown; url?: unknown };
  const request =
    typeof status === 'number' && typeof method === 'string' && typeof url === 'string'
      ? ` (${method.toUpperCase()} ${url} answered ${status})`
      : '';
  return `${err.message}${request}`;
}

/** An error or a thrown value as one printable description: its stack when it has one. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.stack ?? `${thrown.name}: ${thrown.message}`;
  return String(thrown);
}

/**
 * Replaces Node's own printing of an uncaught exception or an unhandled rejection (which would show the
 * token if the error quoted it) with `report`, which must print through {@link redact}. Node's default
 * for both is to print and exit 1; with these handlers installed, `report` decides.
 */
export function reportCrashes(
  report: (kind: 'uncaught exception' | 'unhandled rejection', thrown: unknown) => void,
): void {
  process.on('uncaughtException', (err) => report('uncaught exception', err));
  process.on('unhandledRejection', (reason) => report('unhandled rejection', reason));
}
