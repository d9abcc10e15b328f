/**
 * Median of the first `n` values of `values`, sorted into `scratch` (length >= n) by insertion:
 * for the few values a per-beat rule keeps (a handful of RR intervals), this is cheaper than any
 * selection algorithm and allocates nothing. `scratch` may be `values` itself (a Float64Array),
 * which then ends sorted in place. NaN when n is 0.
 */
export function smallMedian(values: ArrayLike<number>, n: number, scratch: Float64Array): number {
  if (n <= 0) return Number.NaN;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let j = i - 1;
    while (j >= 0 && scratch[j] > v) {
      scratch[j + 1] = scratch[j];
      j--;
    }
    scratch[j + 1] = v;
  }
  return n % 2 === 1 ? scratch[(n - 1) >> 1] : 0.5 * (scratch[n / 2 - 1] + scratch[n / 2]);
}
