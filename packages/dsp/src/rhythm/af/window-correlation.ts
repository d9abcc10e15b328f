/**
 * Least-squares line through x[from..to) at indices from..to-1: returns [intercept at `from`, slope].
 * Written into `fit` (caller-owned) so nothing is allocated.
 */
function lineFit(x: Float64Array, from: number, to: number, fit: Float64Array): void {
  const n = to - from;
  const mi = (n - 1) / 2;
  let mx = 0;
  for (let i = from; i < to; i++) mx += x[i];
  mx /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = from; i < to; i++) {
    const d = i - from - mi;
    sxy += d * (x[i] - mx);
    sxx += d * d;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  fit[0] = mx - slope * mi;
  fit[1] = slope;
}

const fitA = new Float64Array(2);
const fitB = new Float64Array(2);

/** Removes the least-squares line from x[from..to) in place. */
export function detrendInPlace(x: Float64Array, from: number, to: number): void {
  if (to - from < 2) return;
  lineFit(x, from, to, fitA);
  for (let i = from; i < to; i++) x[i] -= fitA[0] + fitA[1] * (i - from);
}

/**
 * Pearson correlation of x[from..to) and y[from..to) after each has its own least-squares line
 * removed, so an offset or a ramp (baseline wander, the tail of a T wave) is not mistaken for a
 * shared waveform, written to out[0]. `x` is detrended in place over the range; `y` is left as it
 * is. NaN when either residual is identically zero (a flat line has no shape to match). Written,
 * not returned: V8 boxes a fractional number a call returns on the heap unless it inlines the
 * call, and this runs for every beat.
 */
export function detrendedCorrelation(x: Float64Array, y: Float64Array, from: number, to: number, out: Float64Array): void {
  out[0] = Number.NaN;
  if (to - from < 3) return;
  detrendInPlace(x, from, to);
  lineFit(y, from, to, fitB);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = from; i < to; i++) {
    const a = x[i];
    const b = y[i] - fitB[0] - fitB[1] * (i - from);
    sxy += a * b;
    sxx += a * a;
    syy += b * b;
  }
  if (sxx > 0 && syy > 0) out[0] = sxy / Math.sqrt(sxx * syy);
}
