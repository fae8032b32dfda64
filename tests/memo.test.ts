import { describe, expect, it } from 'vitest';
import { memoized } from '../src/news/memo.ts';

describe('a bounded memo', () => {
  it('reads each key once, remembers falsy results too, and starts afresh past its bound', () => {
    const reads: string[] = [];
    const f = memoized(2, (k) => {
      reads.push(k);
      return k === 'none' ? null : k.length;
    });
    expect([f('ab'), f('ab'), f('none'), f('none')]).toEqual([2, 2, null, null]);
    expect(reads).toEqual(['ab', 'none']);
    f('abc'); // the third key: the memo is cleared, then holds it alone
    f('ab');
    expect(reads).toEqual(['ab', 'none', 'abc', 'ab']);
  });
});
