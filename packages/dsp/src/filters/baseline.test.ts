import { describe, expect, it } from 'vitest';
import { BaselineWanderFilter } from './baseline.js';
import { RESUM_PERIOD } from './movingSum.js';
import { applyFilter } from './stream.js';
import { randomChunks, rms, runChunked, seededRandom, sine } from './testing.js';

const RATES = [250, 360, 500];

/** |H(f)| = |1 - D²|, D the L-point moving average's (real, zero-phase) response. */
function analyticGain(f: number, length: number, fs: number): number {
  const w = (Math.PI * f) / fs;
  const d = f === 0 ? 1 : Math.sin(w * length) / (length * Math.sin(w));
  return Math.abs(1 - d * d);
}

/** Steady-state gain of the running filter on a sine, over 10-40 s: whole periods of every tested f. */
function measuredGain(f: number, fs: number): number {
  const x = sine(40 * fs, f, fs);
  const y = applyFilter(new BaselineWanderFilter({ sampleRateHz: fs }), x);
  return rms(y, 10 * fs, 40 * fs) / rms(x, 10 * fs, 40 * fs);
}

describe('BaselineWanderFilter', () => {
  it('attenuates 0.2 Hz by more than 20 dB, is -3 dB at 0.67 Hz (±2 %) and flat within 0.05 dB over 5-20 Hz', () => {
    for (const fs of RATES) {
      const filter = new BaselineWanderFilter({ sampleRateHz: fs });
      const L = filter.windowSamples;
      expect(20 * Math.log10(analyticGain(0.2, L, fs))).toBeLessThan(-20);
      expect(20 * Math.log10(measuredGain(0.2, fs))).toBeLessThan(-20);
      expect(20 * Math.log10(analyticGain(0.67 * 0.98, L, fs))).toBeLessThan(-3.0103);
      expect(20 * Math.log10(analyticGain(0.67 * 1.02, L, fs))).toBeGreaterThan(-3.0103);
      for (let f = 5; f <= 20; f += 0.25) expect(Math.abs(20 * Math.log10(analyticGain(f, L, fs)))).toBeLessThan(0.05);
      for (const f of [5, 10, 20]) expect(Math.abs(20 * Math.log10(measuredGain(f, fs)))).toBeLessThan(0.05);
    }
  });

  it('equals the delayed input minus the triangular FIR computed directly (|err| <= 1e-12)', () => {
    const fs = 250;
    const filter = new BaselineWanderFilter({ sampleRateHz: fs });
    const L = filter.windowSamples;
    const random = seededRandom(21);
    const x = Float64Array.from({ length: 1500 }, (_, n) => 50 + Math.sin(n / 40) + random());
    const y = applyFilter(filter, x);
    const at = (n: number): number => (n >= 0 ? x[n] : 0);
    for (let n = 0; n < x.length; n += 7) {
      let tri = 0;
      for (let k = 0; k <= 2 * L - 2; k++) tri += (L - Math.abs(k - (L - 1))) * at(n - k);
      expect(Math.abs(y[n] - (at(n - (L - 1)) - tri / (L * L)))).toBeLessThanOrEqual(1e-12 * 50);
    }
  });

  it('has linear phase: a 10 Hz sine comes out delayed by exactly delaySamples = L-1', () => {
    const fs = 360;
    const filter = new BaselineWanderFilter({ sampleRateHz: fs });
    expect(filter.delaySamples).toBe(filter.windowSamples - 1);
    expect(filter.delaySamples / fs).toBeCloseTo(0.85, 2);
    const x = sine(10 * fs, 10, fs);
    const y = applyFilter(filter, x);
    for (let n = 4 * fs; n < x.length; n++) expect(Math.abs(y[n] - x[n - filter.delaySamples])).toBeLessThan(0.01);
  });

  it('lets a step settle to exactly 0 after 2(L-1) samples, even with a large offset', () => {
    const fs = 500;
    const filter = new BaselineWanderFilter({ sampleRateHz: fs });
    const x = new Float64Array(5 * fs).fill(1000, 100);
    const y = applyFilter(filter, x);
    for (let n = 100 + 2 * (filter.windowSamples - 1); n < x.length; n++) expect(Math.abs(y[n])).toBeLessThan(1e-9);
  });

  it('is chunk-invariant bit for bit across the re-sum boundary, in place too; NaN counts as 0', () => {
    const fs = 250;
    const random = seededRandom(22);
    const x = Float64Array.from({ length: RESUM_PERIOD + 3000 }, (_, n) => Math.sin(n / 300) * 3 + random());
    const whole = applyFilter(new BaselineWanderFilter({ sampleRateHz: fs }), x);
    const chunks = randomChunks(x.length, 5000, 23);
    expect(runChunked(new BaselineWanderFilter({ sampleRateHz: fs }), x, chunks)).toEqual(whole);
    expect(runChunked(new BaselineWanderFilter({ sampleRateHz: fs }), x, chunks, true)).toEqual(whole);
    const bad = x.slice(0, 2000);
    bad[10] = NaN;
    const y = applyFilter(new BaselineWanderFilter({ sampleRateHz: fs }), bad);
    expect(y.every(Number.isFinite)).toBe(true);
    expect(() => new BaselineWanderFilter({ sampleRateHz: 250, cutoffHz: 100 })).toThrow(/cutoffHz/);
  });
});
