import { describe, expect, it } from 'vitest';
import { claim } from '../src/news/load.ts';

// The build of 5,000 articles on two threads, checked against one thread: parallel-build.slow.test.ts.
describe('parallel build', () => {
  it('gives each batch to exactly one thread', () => {
    const claims = new Int32Array(new SharedArrayBuffer(12));
    expect(claim(claims, 1)).toBe(true);
    expect(claim(claims, 1)).toBe(false);
    expect(claim(claims, 0)).toBe(true);
    expect([...claims]).toEqual([1, 1, 0]);
  });
});
