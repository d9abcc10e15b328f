/**
 * Median of the last `size` values pushed, skipping NaN (a NaN marks a slot with nothing to
 * measure, e.g. an ectopic RR interval). Ring and sort scratch are allocated once; `median()`
 * copies and insertion-sorts at most `size` values, which for the few dozen beats an RR window
 * holds is cheaper than keeping an order-statistics tree up to date.
 */
export class WindowMedian {
  readonly size: number;
  private readonly ring: Float64Array;
  private readonly scratch: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(size: number) {
    this.size = size;
    this.ring = new Float64Array(size).fill(NaN);
    this.scratch = new Float64Array(size);
  }

  push(value: number): void {
    this.ring[this.next] = value;
    this.next = this.next + 1 === this.size ? 0 : this.next + 1;
    if (this.filled < this.size) this.filled++;
  }

  /** Values in the window that are not NaN. */
  validCount(): number {
    let n = 0;
    for (let i = 0; i < this.filled; i++) if (this.ring[i] === this.ring[i]) n++;
    return n;
  }

  /** Median of the non-NaN values in the window; NaN when there are fewer than `minValid`. */
  median(minValid = 1): number {
    const s = this.scratch;
    let n = 0;
    for (let i = 0; i < this.filled; i++) {
      const v = this.ring[i];
      if (v !== v) continue;
      let j = n++;
      while (j > 0 && s[j - 1] > v) {
        s[j] = s[j - 1];
        j--;
      }
      s[j] = v;
    }
    if (n < minValid || n === 0) return NaN;
    const mid = n >> 1;
    return n & 1 ? s[mid] : 0.5 * (s[mid - 1] + s[mid]);
  }

  reset(): void {
    this.ring.fill(NaN);
    this.next = 0;
    this.filled = 0;
  }
}
