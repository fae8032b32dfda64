import { startApp } from './app.ts';
import { readBotConfig } from './config.ts';

/**
 * `npm start`: validated config, then the bot. SIGINT/SIGTERM destroy the client and exit 0; an
 * unhandled rejection is logged and never ends the process; Discord refusing the token or the intents
 * ends it with status 1 and a clear message.
 */

const config = readBotConfig();
let stopping = false;

const app = await startApp(config, {
  onFatal: (reason) => {
    process.stderr.write(`Discord refused the bot: ${reason}\n`);
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 200).unref();
  },
}).catch((err: Error) => {
  process.stderr.write(`Could not start: ${err.message}\n`);
  process.exit(1);
});

process.on('unhandledRejection', (reason) => {
  app.log.error(
    { err: reason instanceof Error ? { message: reason.message, stack: reason.stack } : String(reason) },
    'unhandled rejection',
  );
});
process.on('uncaughtException', (err) => {
  app.log.error({ err: { message: err.message, stack: err.stack } }, 'uncaught exception');
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    app
      .stop()
      .catch((err: Error) => app.log.error({ err: err.message }, 'error while stopping'))
      .finally(() => process.exit(0));
  });
}
