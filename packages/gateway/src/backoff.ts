export interface BackoffOptions {
  /** First delay, ms. Default 1000. */
  initialMs?: number;
  /** Ceiling of the delay, ms (before jitter). Default 60,000. */
  maxMs?: number;
  /** Growth per failed attempt. Default 2. */
  factor?: number;
  /** Fraction of the delay randomised away, 0..1: the delay is uniform in [(1 - jitter)·d, d]. Default 0.5. */
  jitter?: number;
  /** Uniform [0, 1); injected so tests are deterministic. */
  random?: () => number;
}

/**
 * Exponential backoff with jitter, for reconnecting to the hub and reopening a lost device port.
 * Exponential, so something gone for good costs little; capped, so a returning hub or replugged
 * device is back within `maxMs`; jittered, so after a hub restart every van, or after a USB hub
 * reset every device, does not retry in the same moment.
 */
export class Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  readonly jitter: number;
  private readonly random: () => number;
  private attempt = 0;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 1000;
    this.maxMs = options.maxMs ?? 60_000;
    this.factor = options.factor ?? 2;
    this.jitter = options.jitter ?? 0.5;
    this.random = options.random ?? Math.random;
    if (!(this.initialMs > 0) || !(this.maxMs >= this.initialMs) || !(this.factor >= 1) || !(this.jitter >= 0 && this.jitter <= 1)) {
      throw new RangeError('backoff needs initialMs > 0, maxMs >= initialMs, factor >= 1 and 0 <= jitter <= 1');
    }
  }

  /** Failed attempts since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next attempt, ms; each call counts one more failed attempt. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** Math.min(this.attempt, 64));
    this.attempt += 1;
    return Math.round(base * (1 - this.jitter * this.random()));
  }

  reset(): void {
    this.attempt = 0;
  }
}
