/**
 * PM2, as an alternative to systemd or Docker: `npm ci && npm run build`, then
 * `pm2 start deploy/ecosystem.config.cjs` (and `pm2 save`, `pm2 startup` to start it at boot).
 * `pm2 logs news-desk-bot` shows the log.
 *
 * One process in fork mode: a Discord bot must not run in PM2's cluster mode (every instance would
 * log in with the same token); SHARDS in .env runs discord.js's shards under the one process.
 */
const { join } = require('node:path');

module.exports = {
  apps: [
    {
      name: 'news-desk-bot',
      // Compiled JavaScript with plain node (no tsx, no npm in between), so PM2's signal reaches the bot.
      script: 'dist/src/main.js',
      // The project folder: the bot reads .env beside package.json, and seeds/ and .cache/ from here.
      cwd: join(__dirname, '..'),
      interpreter: 'node',
      exec_mode: 'fork',
      instances: 1,
      env: { NODE_ENV: 'production' },
      // PM2 sends SIGINT, then SIGKILL after kill_timeout (1.6 s by default): the bot needs up to 5 s
      // (each shard up to 10 s) to close its connections.
      kill_timeout: 30_000,
      // A refused token exits 1 at once: stop after a few tries rather than logging in forever.
      restart_delay: 10_000,
      max_restarts: 5,
      min_uptime: 30_000,
    },
  ],
};
