/**
 * Turns of the event loop shared fairly between users. Answering is synchronous work: when several
 * questions are in hand, each waits for a turn, one turn per pass of the event loop (so that between two
 * answers the bot reads the gateway and acknowledges what has arrived meanwhile), and turns go to users
 * in rotation: a member with many questions waiting delays each other member by one answer at most,
 * never by all of theirs.
 *
 * Acknowledgements come first: while `hold()` says some are on their way to Discord (which wants each
 * within 3 s, where an answer may take longer), turns wait, up to `maxHoldMs` in a row, so that a steady
 * stream of new interactions cannot starve the answers.
 */
export class FairQueue {
  /** Waiting turns by user, users in the order they are served next. */
  readonly #waiting = new Map<string, (() => void)[]>();
  #scheduled = false;
  #heldSince: number | null = null;

  constructor(
    private readonly hold: () => boolean = () => false,
    private readonly maxHoldMs = 250,
  ) {}

  /** Turns waiting now. */
  get size(): number {
    let n = 0;
    for (const list of this.#waiting.values()) n += list.length;
    return n;
  }

  /** Resolves on a later turn of the event loop, when it is `user`'s turn. */
  turn(user: string): Promise<void> {
    return new Promise((resolve) => {
      const list = this.#waiting.get(user);
      if (list) list.push(resolve);
      else this.#waiting.set(user, [resolve]);
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(this.#pump);
      }
    });
  }

  readonly #pump = (): void => {
    if (this.hold()) {
      const now = performance.now();
      this.#heldSince ??= now;
      if (now - this.#heldSince < this.maxHoldMs) {
        setTimeout(this.#pump, 1);
        return;
      }
    }
    this.#heldSince = null;
    const next = this.#waiting.entries().next();
    if (!next.done) {
      const [user, list] = next.value;
      const resolve = list.shift()!;
      // The user goes to the back of the rotation (or leaves it when nothing of theirs is left).
      this.#waiting.delete(user);
      if (list.length) this.#waiting.set(user, list);
      resolve();
    }
    if (this.#waiting.size) setImmediate(this.#pump);
    else this.#scheduled = false;
  };
}
