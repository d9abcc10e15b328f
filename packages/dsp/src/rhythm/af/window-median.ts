/**
 * Median of the last `size` values pushed, skipping NaN (a NaN marks a slot with nothing to
 * measure, e.g. an ectopic RR interval; slots not yet filled hold NaN too). Ring and sort scratch
 * are allocated once; `measure()` copies and insertion-sorts at most `size` values, which for the
 * few dozen beats an RR window holds is cheaper than keeping an order-statistics tree up to date.
 *
 * Nothing is allocated per beat, which in V8 takes two rules: a fractional number goes neither
 * into nor out of a call V8 may not inline (it is boxed on the heap there), so the result is a
 * field that `measure()` sets; and `push`, which must take one, is kept small enough that V8
 * always inlines it.
 */
export class WindowMedian {
  readonly size: number;
  private readonly ring: Float64Array;
  private readonly scratch: Float64Array;
  private pushed = 0;
  /** Set by `measure()`: the median of the window's values, NaN when fewer than `minValid`. */
  median = NaN;

  constructor(size: number) {
    this.size = size;
    this.ring = new Float64Array(size).fill(NaN);
    this.scratch = new Float64Array(size);
  }

  push(value: number): void {
    this.ring[this.pushed++ % this.size] = value;
  }

  /** Values in the window that are not NaN. */
  validCount(): number {
    let n = 0;
    for (let i = 0; i < this.size; i++) if (this.ring[i] === this.ring[i]) n++;
    return n;
  }

  /** Sets `median`. */
  measure(minValid: number): void {
    const s = this.scratch;
    const n = sortFinite(this.ring, s);
    const mid = n >> 1;
    this.median = n < minValid || n === 0 ? NaN : n & 1 ? s[mid] : 0.5 * (s[mid - 1] + s[mid]);
  }

  reset(): void {
    this.ring.fill(NaN);
    this.pushed = 0;
    this.median = NaN;
  }
}

/** Copies the values of `src` that are not NaN into `dst`, in ascending order; returns how many. */
export function sortFinite(src: Float64Array, dst: Float64Array): number {
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (v !== v) continue;
    let j = n++;
    while (j > 0 && dst[j - 1] > v) {
      dst[j] = dst[j - 1];
      j--;
    }
    dst[j] = v;
  }
  return n;
}
