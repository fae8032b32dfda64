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

describe('telling a refused user to wait', () => {
  it('tells a flood once, then again only after a question was allowed', () => {
    let now = 0;
    const c = new Cooldown({ burst: 1, intervalMs: 1000, maxUsers: 100, now: () => now });
    expect(c.take('u')).toBe(0);
    const told = [];
    for (let i = 0; i < 60; i++) if (c.take('u') > 0) told.push(c.tell('u'));
    expect(told.filter(Boolean)).toHaveLength(1);
    expect(told[0]).toBe(true);
    now += 1000;
    expect(c.take('u')).toBe(0);
    expect(c.take('u')).toBeGreaterThan(0);
    expect(c.tell('u')).toBe(true);
  });

  it('tells each user of their own flood', () => {
    const c = new Cooldown({ burst: 1, intervalMs: 10_000, maxUsers: 100 });
    for (const u of ['a', 'b']) {
      c.take(u);
      c.take(u);
      expect(c.tell(u)).toBe(true);
      expect(c.tell(u)).toBe(false);
    }
  });
});
