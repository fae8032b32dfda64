/**
 * Test instrumentation for tests/e2e/secrets.test.ts, loaded with `node --import` before src/main.ts:
 * once main.ts has installed its crash handlers, throws (CRASH=throw) or rejects (CRASH=reject) with an
 * error that quotes the token, as an error echoing a request would. Nothing else is changed.
 */
const kind = process.env.CRASH;
const before = process.listenerCount('unhandledRejection');
const timer = setInterval(() => {
  if (process.listenerCount('unhandledRejection') <= before) return;
  clearInterval(timer);
  const err = new Error(`proxy echoed the request: Authorization: Bot ${process.env.DISCORD_TOKEN}`);
  if (kind === 'throw') throw err;
  if (kind === 'reject') Promise.reject(err);
}, 20);
