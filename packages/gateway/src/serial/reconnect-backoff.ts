export interface ReconnectBackoffOptions {
  initialMs?: number; // first delay, default 500
  maxMs?: number; // ceiling before jitter, default 30,000
  factor?: number; // growth per failed attempt, default 2
  /** Fraction randomised away, 0..1: the delay is uniform in [(1 - jitter)·d, d]. Default 0.3. */
  jitter?: number;
  random?: () => number; // uniform [0, 1), injected for tests
}

/**
 * Delays between attempts to reopen a lost port. Exponential, so a port that is gone for good costs
 * little; capped, so a replugged device is back within `maxMs`; jittered, so the devices of a box that
 * lost its USB hub do not all retry in the same millisecond.
 */
export class ReconnectBackoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  readonly jitter: number;
  private readonly random: () => number;
  private failures = 0;

  constructor(options: ReconnectBackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 500;
    this.maxMs = options.maxMs ?? 30_000;
    this.factor = options.factor ?? 2;
    this.jitter = options.jitter ?? 0.3;
    this.random = options.random ?? Math.random;
    if (!(this.initialMs > 0) || !(this.maxMs >= this.initialMs) || !(this.factor >= 1) || !(this.jitter >= 0 && this.jitter <= 1)) {
      throw new RangeError('reconnect backoff needs initialMs > 0, maxMs >= initialMs, factor >= 1 and 0 <= jitter <= 1');
    }
  }

  /** Attempts since the last success. */
  get attempts(): number {
    return this.failures;
  }

  /** Delay before the next attempt, ms; counts one more attempt. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** Math.min(this.failures, 60));
    this.failures++;
    return Math.round(base * (1 - this.jitter * this.random()));
  }

  reset(): void {
    this.failures = 0;
  }
}
