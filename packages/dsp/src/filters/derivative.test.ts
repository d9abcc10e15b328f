import { describe, expect, it } from 'vitest';
import { Derivative } from './derivative.js';
import { applyFilter } from './stream.js';
import { randomChunks, runChunked, seededRandom } from './testing.js';

describe('Derivative (Pan-Tompkins five-point)', () => {
  it('matches the direct formula (fs/8)(x[n] + 2x[n-1] - 2x[n-3] - x[n-4]) exactly', () => {
    const random = seededRandom(7);
    const fs = 360;
    const x = Float64Array.from({ length: 1000 }, () => random() * 4 - 2);
    const y = applyFilter(new Derivative(fs), x);
    const at = (n: number): number => (n >= 0 ? x[n] : 0);
    for (let n = 0; n < x.length; n++) {
      const want = (fs / 8) * (at(n) + 2 * at(n - 1) - 2 * at(n - 3) - at(n - 4));
      expect(Math.abs(y[n] - want)).toBeLessThanOrEqual(1e-12 * Math.abs(want) + 1e-12);
    }
  });

  it('is sample-rate aware: a ramp of 3 units/s gives 3 at any rate; a slow sine gives its slope, delayed 2 samples', () => {
    for (const fs of [200, 250, 360, 500]) {
      const ramp = Float64Array.from({ length: 50 }, (_, n) => (3 * n) / fs);
      const y = applyFilter(new Derivative(fs), ramp);
      for (let n = 4; n < ramp.length; n++) expect(y[n]).toBeCloseTo(3, 10);
      const f = 2; // Hz, well inside the linear range
      const x = Float64Array.from({ length: 2 * fs }, (_, n) => Math.sin((2 * Math.PI * f * n) / fs));
      const d = applyFilter(new Derivative(fs), x);
      for (let n = 10; n < x.length; n++) {
        const slope = 2 * Math.PI * f * Math.cos((2 * Math.PI * f * (n - Derivative.DELAY_SAMPLES)) / fs);
        expect(Math.abs(d[n] - slope)).toBeLessThan(2e-3 * 2 * Math.PI * f);
      }
    }
  });

  it('is chunk-invariant bit for bit (also in place) and shrugs off NaN after 4 samples', () => {
    const random = seededRandom(8);
    const x = Float64Array.from({ length: 3000 }, () => random());
    const whole = applyFilter(new Derivative(250), x);
    const chunks = randomChunks(x.length, 13, 9);
    expect(runChunked(new Derivative(250), x, chunks)).toEqual(whole);
    expect(runChunked(new Derivative(250), x, chunks, true)).toEqual(whole);
    const bad = Float64Array.from(x);
    bad[100] = NaN;
    const y = applyFilter(new Derivative(250), bad);
    expect(y.every(Number.isFinite)).toBe(true);
    expect(y.subarray(105)).toEqual(whole.subarray(105));
    expect(() => new Derivative(0)).toThrow(/sampleRateHz/);
  });
});
