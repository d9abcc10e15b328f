import { describe, expect, it } from 'vitest';
import { MovingWindowIntegrator } from './integrator.js';
import { RESUM_PERIOD } from './movingSum.js';
import { applyFilter } from './stream.js';
import { randomChunks, runChunked, seededRandom } from './testing.js';

function directMean(x: Float64Array, n: number, width: number): number {
  let s = 0;
  for (let k = 0; k < width; k++) if (n - k >= 0) s += x[n - k];
  return s / width;
}

describe('MovingWindowIntegrator', () => {
  it('equals the mean of the last W samples computed directly (rel 1e-12)', () => {
    const random = seededRandom(11);
    for (const width of [1, 2, 7, 54]) {
      const x = Float64Array.from({ length: 800 }, () => random() * 10);
      const y = applyFilter(new MovingWindowIntegrator(width), x);
      for (let n = 0; n < x.length; n++) {
        const want = directMean(x, n, width);
        expect(Math.abs(y[n] - want)).toBeLessThanOrEqual(1e-12 * Math.abs(want) + 1e-15);
      }
    }
  });

  it('does not drift: the residue a huge burst leaves in the running sum is gone after the re-sum', () => {
    const width = 50;
    const x = new Float64Array(RESUM_PERIOD + 4 * width);
    const random = seededRandom(12);
    for (let n = 0; n < x.length; n++) x[n] = n < width ? 1e12 * random() : 1e-3 * random();
    const y = applyFilter(new MovingWindowIntegrator(width), x);
    // Right after the burst has left, subtract-add rounding leaves an error ~1e12·2^-53 ≈ 1e-4.
    // After the re-sum at RESUM_PERIOD samples the mean is exact to the last few bits.
    for (let n = RESUM_PERIOD; n < x.length; n++) {
      const want = directMean(x, n, width);
      expect(Math.abs(y[n] - want)).toBeLessThanOrEqual(1e-12 * want);
    }
  });

  it('is chunk-invariant bit for bit across the re-sum boundary, in place too; NaN counts as 0', () => {
    const random = seededRandom(13);
    const x = Float64Array.from({ length: RESUM_PERIOD + 5000 }, () => random() ** 4 * 100);
    const whole = applyFilter(new MovingWindowIntegrator(30), x);
    const chunks = randomChunks(x.length, 4000, 14);
    expect(runChunked(new MovingWindowIntegrator(30), x, chunks)).toEqual(whole);
    expect(runChunked(new MovingWindowIntegrator(30), x, chunks, true)).toEqual(whole);
    const bad = Float64Array.from(x.subarray(0, 200));
    bad[50] = NaN;
    const zeroed = Float64Array.from(bad);
    zeroed[50] = 0;
    expect(applyFilter(new MovingWindowIntegrator(30), bad)).toEqual(applyFilter(new MovingWindowIntegrator(30), zeroed));
    expect(new MovingWindowIntegrator(31).delaySamples).toBe(15);
    expect(() => new MovingWindowIntegrator(0)).toThrow(/widthSamples/);
  });
});
