import { describe, expect, it } from 'vitest';
import { Cooldown } from '../src/discord/cooldown.ts';

describe('per-user cooldown', () => {
  it('allows a short burst, then asks the user to wait', () => {
    let now = 0;
    const c = new Cooldown({ burst: 2, intervalMs: 1000, maxUsers: 100, now: () => now });
    expect(c.take('u')).toBe(0);
    expect(c.take('u')).toBe(0);
    expect(c.take('u')).toBeGreaterThan(0);
    now += 1000;
    expect(c.take('u')).toBe(0);
  });

  it('does not limit different users', () => {
    const c = new Cooldown({ burst: 1, intervalMs: 10_000, maxUsers: 1000 });
    for (let i = 0; i < 500; i++) expect(c.take(`user${i}`)).toBe(0);
  });

  it('stays bounded however many users it sees', () => {
    const c = new Cooldown({ burst: 1, intervalMs: 60_000, maxUsers: 50 });
    for (let i = 0; i < 10_000; i++) c.take(`user${i}`);
    expect(c.size).toBeLessThanOrEqual(50);
  });
});
