import { type Client, Events } from 'discord.js';
import type { Logger } from 'pino';

/**
 * Watches the gateway handshake of every shard of a discord.js client, for the two ways a gateway can
 * fail without ever closing with an error code:
 *
 * - **No READY.** discord.js re-IDENTIFYs after each 15 s without READY, forever, and Discord resets a
 *   bot's token after 1,000 IDENTIFYs in a day. After {@link GatewayWatchOptions.maxIdentifies}
 *   IDENTIFYs in a row without READY (or RESUMED), the watch stops the client and gives up with a reason
 *   naming the cause (the caller exits 1).
 * - **No HELLO.** discord.js waits 60 s for HELLO, then reconnects, forever and silently. The watch
 *   logs a warning when HELLO has not come {@link GatewayWatchOptions.helloWarnMs} after connecting, and
 *   again while it keeps not coming, each wait twice the one before (at most one warning every
 *   {@link MAX_HELLO_WARN_INTERVAL_MS}).
 *
 * discord.js has no public event for a connection attempt, a HELLO or an IDENTIFY; it reports them only as
 * `Events.Debug` text. That text is read here and nowhere else, through {@link GATEWAY_DEBUG}, and
 * `tests/e2e/gateway.test.ts` checks that discord.js still writes it. READY and RESUMED are the public
 * `Events.ShardReady` and `Events.ShardResume`; the end of an attempt is `Events.ShardReconnecting`.
 */

/** The `Events.Debug` lines the watch relies on (discord.js 14 over @discordjs/ws 1), shard id in group 1. */
export const GATEWAY_DEBUG = {
  /** A shard opens a new gateway socket. */
  connecting: /^\[WS => Shard (\d+)\] Connecting to /,
  /** Written only after HELLO: the first heartbeat is scheduled, then an IDENTIFY or a RESUME. */
  hello:
    /^\[WS => Shard (\d+)\] (?:Preparing first heartbeat|Waiting for identify throttle|Identifying|Resuming session)/,
  /** A shard sends IDENTIFY (a new session; Discord counts these). */
  identifying: /^\[WS => Shard (\d+)\] Identifying\b/,
} as const;

/** Longest wait between two warnings about a missing HELLO. */
export const MAX_HELLO_WARN_INTERVAL_MS = 10 * 60_000;

/** Options of {@link watchGateway}. */
export interface GatewayWatchOptions {
  log: Logger;
  /** Called once, with the reason, when the watch gives up (after it has stopped the client). */
  onGiveUp: (reason: string) => void;
  /** IDENTIFYs in a row without READY before giving up. Default 3 (about 45 s with discord.js's timeout). */
  maxIdentifies?: number;
  /** First warning about a missing HELLO, this long after connecting. Default 5000 ms. */
  helloWarnMs?: number;
}

interface ShardState {
  /** IDENTIFYs since the last READY or RESUMED. */
  identifies: number;
  /** When the shard started waiting for HELLO (its first socket without one), or null. */
  waitingSince: number | null;
  /** Sockets opened while waiting for HELLO. */
  attempts: number;
  helloTimer: NodeJS.Timeout | null;
}

/**
 * Starts watching `client` (call before `login`). Returns a function that stops the watch and its timers.
 */
export function watchGateway(client: Client, options: GatewayWatchOptions): () => void {
  const { log, onGiveUp } = options;
  const maxIdentifies = options.maxIdentifies ?? 3;
  const helloWarnMs = options.helloWarnMs ?? 5000;
  const shards = new Map<number, ShardState>();
  let gaveUp = false;

  const state = (shard: number): ShardState => {
    let s = shards.get(shard);
    if (!s) {
      s = { identifies: 0, waitingSince: null, attempts: 0, helloTimer: null };
      shards.set(shard, s);
    }
    return s;
  };

  const helloArrived = (s: ShardState): void => {
    if (s.helloTimer) clearTimeout(s.helloTimer);
    s.helloTimer = null;
    s.waitingSince = null;
    s.attempts = 0;
  };

  const warnNoHello = (shard: number, s: ShardState, delay: number): void => {
    s.helloTimer = setTimeout(() => {
      if (s.waitingSince === null || gaveUp) return;
      log.warn(
        {
          shard,
          waitedMs: Date.now() - s.waitingSince,
          sockets: s.attempts,
          gateway: client.ws.gateway ?? null,
        },
        'the Discord gateway sent no HELLO after connecting; still waiting (a proxy or firewall may be holding the connection)',
      );
      warnNoHello(shard, s, Math.min(delay * 2, MAX_HELLO_WARN_INTERVAL_MS));
    }, delay);
    s.helloTimer.unref();
  };

  const giveUp = (shard: number, s: ShardState): void => {
    if (gaveUp) return;
    gaveUp = true;
    stop();
    // discord.js would IDENTIFY again half a second after this close: stop it first.
    void client.destroy().catch(() => {});
    onGiveUp(
      `the gateway sent no READY after ${s.identifies} IDENTIFYs in a row on shard ${shard}; stopped before ` +
        'Discord resets the token (it does after 1,000 IDENTIFYs a day). Check DISCORD_API_URL and any proxy ' +
        'between the bot and Discord',
    );
  };

  const onDebug = (line: string): void => {
    if (gaveUp) return;
    const connecting = GATEWAY_DEBUG.connecting.exec(line);
    if (connecting) {
      const shard = Number(connecting[1]);
      const s = state(shard);
      if (s.identifies >= maxIdentifies) {
        giveUp(shard, s);
        return;
      }
      s.attempts++;
      if (s.waitingSince === null) {
        s.waitingSince = Date.now();
        warnNoHello(shard, s, helloWarnMs);
      }
      return;
    }
    const hello = GATEWAY_DEBUG.hello.exec(line);
    if (!hello) return;
    const s = state(Number(hello[1]));
    helloArrived(s);
    if (GATEWAY_DEBUG.identifying.test(line)) s.identifies++;
  };

  const onReconnecting = (shard: number): void => {
    const s = shards.get(shard);
    if (!s || gaveUp || s.identifies === 0) return;
    if (s.identifies >= maxIdentifies) {
      giveUp(shard, s);
      return;
    }
    log.warn(
      { shard, identifies: s.identifies, max: maxIdentifies },
      'the Discord gateway sent no READY after IDENTIFY; identifying again',
    );
  };

  const onConnected = (shard: number): void => {
    const s = state(shard);
    helloArrived(s);
    s.identifies = 0;
  };

  client.on(Events.Debug, onDebug);
  client.on(Events.ShardReconnecting, onReconnecting);
  client.on(Events.ShardReady, onConnected);
  client.on(Events.ShardResume, onConnected);

  function stop(): void {
    client.off(Events.Debug, onDebug);
    client.off(Events.ShardReconnecting, onReconnecting);
    client.off(Events.ShardReady, onConnected);
    client.off(Events.ShardResume, onConnected);
    for (const s of shards.values()) if (s.helloTimer) clearTimeout(s.helloTimer);
  }
  return stop;
}
