/**
 * Two measures of how much of signal space a window wanders through, both high for the
 * disorganised, ever-moving VF signal and low for QRS complexes separated by flat baseline.
 */

const GRID = 40; // boxes per axis (Amann et al. 2007)

/**
 * Amann's phase-space reconstruction (IEEE TBME 54(4), 2007): plot x(t) against x(t - lag), both
 * scaled to [0, 1] by the window's range, on a 40 x 40 grid; the number of boxes visited (the
 * measure is their fraction of PHASE_GRID_BOXES: a count, not the fraction, is returned, because
 * V8 boxes a fractional number returned from a call it does not inline, twice a second per lead).
 * `occupancy` is caller-owned scratch of GRID * GRID bytes.
 */
export function phaseSpaceVisited(x: Float64Array, n: number, lag: number, occupancy: Uint8Array): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  if (!(hi > lo) || lag >= n) return 0;
  occupancy.fill(0);
  const scale = (GRID - 1e-9) / (hi - lo);
  let visited = 0;
  for (let i = lag; i < n; i++) {
    const a = Math.floor((x[i] - lo) * scale);
    const b = Math.floor((x[i - lag] - lo) * scale);
    const box = a * GRID + b;
    if (occupancy[box] === 0) {
      occupancy[box] = 1;
      visited++;
    }
  }
  return visited;
}

export const PHASE_GRID_BOXES = GRID * GRID;

/**
 * Zhang's Lempel-Ziv complexity (IEEE TBME 46(5), 1999) of the window turned into bits by its
 * mean, normalised by n / log2(n) so a random sequence is near 1. `bits` is scratch of n bytes.
 * Kaspar & Schuster's algorithm, O(n) typical.
 */
export function lempelZivComplexity(x: Float64Array, n: number, mean: number, bits: Uint8Array): number {
  if (n < 2) return 0;
  for (let i = 0; i < n; i++) bits[i] = x[i] > mean ? 1 : 0;
  let c = 1;
  let l = 1;
  let i = 0;
  let k = 1;
  let kMax = 1;
  for (;;) {
    if (bits[i + k - 1] === bits[l + k - 1]) {
      k++;
      if (l + k > n) {
        c++;
        break;
      }
    } else {
      if (k > kMax) kMax = k;
      i++;
      if (i === l) {
        c++;
        l += kMax;
        if (l + 1 > n) break;
        i = 0;
        k = 1;
        kMax = 1;
      } else {
        k = 1;
      }
    }
  }
  return (c * Math.log2(n)) / n;
}
