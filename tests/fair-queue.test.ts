import { describe, expect, it } from 'vitest';
import { FairQueue } from '../src/discord/fair-queue.ts';

describe('fair turns', () => {
  it('serves users in rotation: a member with many questions waiting delays another by one turn', async () => {
    const q = new FairQueue();
    const order: string[] = [];
    const all = [
      ...Array.from({ length: 5 }, (_, i) => q.turn('heavy').then(() => order.push(`heavy${i}`))),
      q.turn('other').then(() => order.push('other')),
    ];
    await Promise.all(all);
    expect(order.indexOf('other')).toBe(1);
    expect(order.filter((o) => o.startsWith('heavy'))).toEqual([
      'heavy0',
      'heavy1',
      'heavy2',
      'heavy3',
      'heavy4',
    ]);
  });

  it('gives one turn per pass of the event loop, so that I/O is read between turns', async () => {
    const q = new FairQueue();
    const seen: string[] = [];
    const a = q.turn('a').then(() => seen.push('a'));
    const b = q.turn('b').then(() => seen.push('b'));
    // An event that arrives meanwhile (a timer callback) runs before the second turn.
    setImmediate(() => seen.push('io'));
    await Promise.all([a, b]);
    expect(seen).toEqual(['a', 'io', 'b']);
    expect(q.size).toBe(0);
  });
});

describe('acknowledgements first', () => {
  it('holds turns while acknowledgements are on their way, then serves them', async () => {
    let acking = true;
    const q = new FairQueue(() => acking, 10_000);
    let served = false;
    const t = q.turn('a').then(() => {
      served = true;
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(served).toBe(false);
    acking = false;
    await t;
    expect(served).toBe(true);
  });

  it('holds no longer than its bound, so a stream of new interactions cannot starve the answers', async () => {
    const q = new FairQueue(() => true, 20);
    const t0 = performance.now();
    await q.turn('a');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(15);
  });
});
