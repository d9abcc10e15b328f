import { describe, expect, it } from 'vitest';
import { besselI0, kaiserBeta, kaiserLength, kaiserLowpass } from './kaiser.js';

/** |H(f)| of an FIR by direct summation, f in cycles/sample. */
function firGain(h: Float64Array, f: number): number {
  let re = 0, im = 0;
  for (let k = 0; k < h.length; k++) {
    re += h[k] * Math.cos(2 * Math.PI * f * k);
    im -= h[k] * Math.sin(2 * Math.PI * f * k);
  }
  return Math.hypot(re, im);
}

describe('Kaiser lowpass design', () => {
  it('I0 matches reference values (rel 1e-14)', () => {
    // python: scipy.special.i0(x)
    for (const [x, want] of [[0, 1], [1, 1.2660658777520082], [5, 27.239871823604442], [20, 43558282.559553534]]) {
      expect(Math.abs(besselI0(x) - want)).toBeLessThanOrEqual(1e-14 * want);
    }
  });

  it('meets 80 dB in the stopband and ±1e-4 in the passband with the Kaiser length formula', () => {
    const A = 80, pass = 0.1, stop = 0.125;
    const h = kaiserLowpass(kaiserLength(A, stop - pass), (pass + stop) / 2, kaiserBeta(A));
    expect(h.length % 2).toBe(1);
    for (let f = 0; f <= pass; f += 0.002) expect(Math.abs(firGain(h, f) - 1)).toBeLessThan(1e-4);
    for (let f = stop; f <= 0.5; f += 0.002) expect(20 * Math.log10(firGain(h, f))).toBeLessThan(-79);
    for (let k = 0; k < h.length; k++) expect(h[k]).toBeCloseTo(h[h.length - 1 - k], 15); // linear phase
  });
});
