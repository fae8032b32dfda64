/**
 * A per-user rate limit (token bucket): each user may ask `burst` questions at once, then one every
 * `intervalMs`. One user cannot flood a channel; any number of different users are served at once.
 * A refused user is told to wait once per run of refusals ({@link Cooldown.tell}), so that a flood is
 * answered by one notice, then silence until a question is allowed again. The map is bounded: idle
 * users are forgotten, and past `maxUsers` the oldest entries go first.
 */

/** Options of {@link Cooldown}. */
export interface CooldownOptions {
  /** Questions a user may ask back to back. */
  burst: number;
  /** Time for one more question to become available. */
  intervalMs: number;
  /** Users remembered at most (memory bound). */
  maxUsers: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
  /** Whether the user was told to wait since their last allowed question. */
  told?: boolean;
}

/** The default: three quick questions, then one every 3 seconds. */
export const DEFAULT_COOLDOWN: CooldownOptions = { burst: 3, intervalMs: 3000, maxUsers: 10_000 };

export class Cooldown {
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;

  constructor(private readonly options: CooldownOptions = DEFAULT_COOLDOWN) {
    this.#now = options.now ?? Date.now;
  }

  /** Takes one question from the user's bucket: 0 when allowed, else milliseconds to wait. */
  take(user: string): number {
    const now = this.#now();
    const { burst, intervalMs } = this.options;
    const b = this.#buckets.get(user);
    let tokens = burst;
    if (b) {
      tokens = Math.min(burst, b.tokens + (now - b.at) / intervalMs);
      this.#buckets.delete(user); // re-inserted below: the map stays in least-recently-used order
    }
    if (tokens < 1) {
      this.#buckets.set(user, { tokens, at: now, told: b?.told });
      return Math.ceil((1 - tokens) * intervalMs);
    }
    this.#buckets.set(user, { tokens: tokens - 1, at: now });
    this.#evict(now);
    return 0;
  }

  /**
   * Whether a user just refused by {@link take} should be told to wait: true for the first refusal after
   * an allowed question, false for the ones after it (a flood gets one notice, not one per message).
   */
  tell(user: string): boolean {
    const b = this.#buckets.get(user);
    if (!b || b.told) return false;
    b.told = true;
    return true;
  }

  /** Users remembered now. */
  get size(): number {
    return this.#buckets.size;
  }

  #evict(now: number): void {
    const full = this.options.burst * this.options.intervalMs;
    for (const [user, b] of this.#buckets) {
      // Oldest first: stop at the first entry that is neither idle long enough nor over the bound.
      if (this.#buckets.size > this.options.maxUsers || now - b.at >= full) this.#buckets.delete(user);
      else break;
    }
  }
}
