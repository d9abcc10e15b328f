import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';

describe('Backoff', () => {
  it('doubles from initialMs up to maxMs and stays there', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 });
    expect(Array.from({ length: 7 }, () => b.next())).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
    expect(b.attempts).toBe(7);
    b.reset();
    expect(b.next()).toBe(100);
  });

  it('jitter takes the delay down to (1 - jitter) of it, never above the ceiling', () => {
    const lo = new Backoff({ initialMs: 1000, maxMs: 8000, jitter: 0.5, random: () => 0.999999 });
    const hi = new Backoff({ initialMs: 1000, maxMs: 8000, jitter: 0.5, random: () => 0 });
    for (let i = 0; i < 10; i++) {
      const base = Math.min(8000, 1000 * 2 ** i);
      expect(lo.next()).toBe(Math.round(base * 0.5000005));
      expect(hi.next()).toBe(base);
    }
  });

  it('spreads simultaneous reconnects (different random draws give different delays)', () => {
    let x = 0.1;
    const delays = Array.from({ length: 20 }, () => new Backoff({ random: () => (x = (x * 7.13) % 1) }).next());
    expect(new Set(delays).size).toBeGreaterThan(10);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(500), expect(d).toBeLessThanOrEqual(1000);
  });

  it('refuses settings that would not back off', () => {
    expect(() => new Backoff({ initialMs: 0 })).toThrow(RangeError);
    expect(() => new Backoff({ initialMs: 2000, maxMs: 1000 })).toThrow(RangeError);
    expect(() => new Backoff({ jitter: 1.5 })).toThrow(RangeError);
  });
});
