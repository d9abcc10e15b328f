import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';
import { FakeClock } from './testing/fixtures.js';

describe('RateLimiter', () => {
  it('allows a burst, then the sustained rate, by the injected clock', () => {
    const clock = new FakeClock();
    const rl = new RateLimiter({ ratePerSecond: 10, burst: 5, now: clock.now });
    for (let i = 0; i < 5; i += 1) expect(rl.tryTake()).toBe(true);
    expect(rl.tryTake()).toBe(false);
    expect(rl.waitMs()).toBe(100);
    clock.advance(99);
    expect(rl.tryTake()).toBe(false);
    clock.advance(1);
    expect(rl.tryTake()).toBe(true);
    clock.advance(10_000);
    expect(rl.tokens).toBe(5);
  });

  it('takes n tokens at once or none', () => {
    const clock = new FakeClock();
    const rl = new RateLimiter({ ratePerSecond: 100, burst: 10, now: clock.now });
    expect(rl.tryTake(8)).toBe(true);
    expect(rl.tryTake(3)).toBe(false);
    expect(rl.tokens).toBe(2);
    expect(rl.waitMs(3)).toBe(10);
    expect(rl.waitMs(11)).toBe(Infinity);
  });

  it('treats a clock stepping back as no time passing', () => {
    const clock = new FakeClock();
    const rl = new RateLimiter({ ratePerSecond: 1, burst: 1, now: clock.now });
    rl.tryTake();
    clock.advance(-60_000);
    expect(rl.tryTake()).toBe(false);
    clock.advance(1000);
    expect(rl.tryTake()).toBe(true);
  });

  it('rejects a rate or burst that is not positive, naming it', () => {
    expect(() => new RateLimiter({ ratePerSecond: 0 })).toThrow(/ratePerSecond/);
    expect(() => new RateLimiter({ ratePerSecond: 1, burst: -1 })).toThrow(/burst/);
  });
});
