import { startApp } from './app.ts';
import { readBotConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startShards } from './shards.ts';

/**
 * `npm start`: validated config, then the bot (or, with SHARDS set, the shard manager). SIGINT/SIGTERM
 * destroy the client and exit 0; an unhandled rejection is logged and never ends the process; Discord
 * refusing the token or the intents ends it with status 1 and a clear message.
 */

const config = readBotConfig();
let stopping = false;

function onSignal(stop: () => Promise<void>, log: { info: (o: object, m: string) => void }): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down');
      stop()
        .catch(() => {})
        .finally(() => process.exit(0));
    });
  }
}

if (config.shards !== null) {
  const log = createLogger({ level: config.logLevel, secrets: [config.token] });
  process.on('unhandledRejection', (reason) => log.error({ err: String(reason) }, 'unhandled rejection'));
  const manager = await startShards(config, log).catch((err: Error) => {
    process.stderr.write(`Could not start the shards: ${err.message}\n`);
    process.exit(1);
  });
  onSignal(async () => {
    for (const shard of manager.shards.values()) shard.kill();
  }, log);
} else {
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
  onSignal(() => app.stop(), app.log);
}
