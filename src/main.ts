import type { Logger } from 'pino';
import { type App, startApp } from './app.ts';
import { readBotConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { describeError, describeThrown, printer, reportCrashes } from './redact.ts';
import { startShards } from './shards.ts';

/**
 * `npm start`: validated config, then the bot (or, with SHARDS set, the shard manager). SIGINT/SIGTERM
 * destroy the client and exit 0 (the single process within {@link STOP_TIMEOUT_MS}, else exit 1); an
 * unhandled rejection is logged and never ends the process; an uncaught exception before the bot runs
 * ends it with status 1; Discord refusing the token or the intents, or a gateway that never gets
 * ready, ends it with status 1 and a clear message. Everything printed outside the log goes through
 * `say` and every crash through {@link reportCrashes}: scrubbed of the token and token-shaped strings.
 */

const config = readBotConfig();
/** The one way this process prints outside the log. */
const say = printer([config.token]);
let stopping = false;

/** How long the single-process bot may take to close its client after a signal before it exits anyway. */
const STOP_TIMEOUT_MS = 5000;

/** The log crashes go to once the bot runs; before that, standard error. */
let crashLog: Logger | null = null;
reportCrashes((kind, thrown) => {
  // The shard manager logs rejections with a handler of its own.
  if (kind === 'unhandled rejection' && process.listenerCount('unhandledRejection') > 1) return;
  if (crashLog) {
    crashLog.error({ err: describeThrown(thrown) }, kind);
    return;
  }
  say(
    `${kind === 'uncaught exception' ? 'Uncaught exception' : 'Unhandled rejection'}: ${describeThrown(thrown)}`,
  );
  if (kind === 'uncaught exception') process.exit(1);
});

/**
 * On SIGINT/SIGTERM, once: `stop`, then exit 0. With `boundMs`, a stop that has not finished by then
 * exits 1 with a warning (a client whose close is never answered would otherwise hold the process).
 */
function onSignal(
  stop: () => Promise<void>,
  log: { info: (o: object, m: string) => void; warn?: (o: object, m: string) => void },
  boundMs?: number,
): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down');
      if (boundMs !== undefined)
        setTimeout(() => {
          log.warn?.({ ms: boundMs }, 'not stopped in time; exiting anyway');
          process.exit(1);
        }, boundMs).unref();
      stop()
        .catch(() => {})
        .finally(() => process.exit(0));
    });
  }
}

if (config.shards !== null) {
  const log = createLogger({ level: config.logLevel, secrets: [config.token] });
  process.on('unhandledRejection', (reason) => log.error({ err: String(reason) }, 'unhandled rejection'));
  // Every shard has exited when this is called: let the log drain, then exit 1.
  const fail = (message: string): void => {
    say(message);
    log.flush();
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 200).unref();
  };
  const shards = startShards(config, log, {
    onFatal: (reason) => fail(`Stopped every shard. ${reason}`),
  });
  // Registered before the shards start: a signal while they start stops those already running.
  onSignal(() => shards.stop(), log);
  await shards.ready.catch((err: Error) => {
    // Stopped by a signal: onSignal exits 0 once every shard has exited.
    if (!stopping) fail(`Could not start the shards: ${err.message}`);
  });
} else {
  // Registered before the start: a signal while the index builds or the gateway connects stops at once.
  let app: App | null = null;
  const log = {
    info: (o: object, m: string) => (app ? app.log.info(o, m) : say(m)),
    warn: (o: object, m: string) => (app ? app.log.warn(o, m) : say(m)),
  };
  onSignal(async () => app?.stop(), log, STOP_TIMEOUT_MS);
  app = await startApp(config, {
    onFatal: (reason) => {
      say(`Stopping: ${reason}`);
      process.exitCode = 1;
      setTimeout(() => process.exit(1), 200).unref();
    },
  }).catch((err: unknown) => {
    say(`Could not start: ${describeError(err)}`);
    process.exit(1);
  });
  crashLog = app.log;
}
