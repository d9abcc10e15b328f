import { assertPositive } from './validate.js';

export interface RateLimiterOptions {
  /** Sustained rate, tokens per second. */
  ratePerSecond: number;
  /** Bucket size: the most tokens available at once. Default: one second's worth. */
  burst?: number;
  /** Clock, ms. Default Date.now. A clock that steps back is treated as no time passing. */
  now?: () => number;
}

/**
 * Token bucket for the publisher's replay after an outage (so a backlog does not saturate a
 * cellular uplink or the hub). It only counts; the caller decides whether to wait or skip.
 */
export class RateLimiter {
  readonly ratePerSecond: number;
  readonly burst: number;
  private readonly now: () => number;
  private available: number;
  private last: number;

  constructor(options: RateLimiterOptions) {
    this.ratePerSecond = options.ratePerSecond;
    this.burst = options.burst ?? options.ratePerSecond;
    assertPositive('ratePerSecond', this.ratePerSecond);
    assertPositive('burst', this.burst);
    this.now = options.now ?? Date.now;
    this.available = this.burst;
    this.last = this.now();
  }

  /** Tokens available now (fractional). */
  get tokens(): number {
    this.refill();
    return this.available;
  }

  /** Takes `n` tokens if available now and returns true; otherwise takes nothing. */
  tryTake(n = 1): boolean {
    this.refill();
    if (n > this.available) return false;
    this.available -= n;
    return true;
  }

  /** How long until `n` tokens are available, ms (0 if now; Infinity if n > burst, which never fits). */
  waitMs(n = 1): number {
    if (n > this.burst) return Infinity;
    this.refill();
    return n <= this.available ? 0 : Math.ceil(((n - this.available) * 1000) / this.ratePerSecond);
  }

  private refill(): void {
    const t = this.now();
    const elapsed = Math.max(0, t - this.last);
    this.last = t;
    this.available = Math.min(this.burst, this.available + (elapsed * this.ratePerSecond) / 1000);
  }
}
