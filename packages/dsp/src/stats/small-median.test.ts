import { describe, expect, it } from 'vitest';
import { smallMedian } from './small-median.js';

describe('smallMedian', () => {
  const scratch = new Float64Array(16);
  it('takes the middle value of an odd count and the mean of the two middle values of an even one', () => {
    expect(smallMedian([5, 1, 4, 2, 3], 5, scratch)).toBe(3);
    expect(smallMedian([4, 1, 3, 2], 4, scratch)).toBe(2.5);
  });
  it('sorts in place when the scratch is the values themselves', () => {
    const a = Float64Array.of(3, 1, 2, 9);
    expect(smallMedian(a, 3, a)).toBe(2);
    expect([...a]).toEqual([1, 2, 3, 9]);
  });
  it('looks only at the first n values, whatever follows them', () => {
    expect(smallMedian([9, 7, 1, 100, 100], 3, scratch)).toBe(7);
  });
  it('matches a sort-based median on random data, and is NaN for no values', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + Math.floor(rnd() * 15);
      const xs = Array.from({ length: n }, rnd);
      const s = [...xs].sort((a, b) => a - b);
      const want = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
      expect(smallMedian(xs, n, scratch)).toBeCloseTo(want, 12);
    }
    expect(smallMedian([], 0, scratch)).toBeNaN();
  });
});
