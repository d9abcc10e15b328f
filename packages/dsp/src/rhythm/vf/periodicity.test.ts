import { describe, expect, it } from 'vitest';
import { steadyBeatTimes, synthesizeEcg } from '../../synth/index.js';
import { bandPassedWindow, WINDOW_S } from './testing.js';
import { Periodicity, SHORT_LAG_END_SECONDS, type PeriodicityResult } from './periodicity.js';

function periodicity(x: Float64Array, fs: number): PeriodicityResult {
  return new Periodicity(fs, x.length).compute(x, { periodS: -1, periodCorr: -1, shortCorr: -1 });
}

describe('Periodicity', () => {
  it.each([
    [250, 50],
    [250, 75],
    [360, 120],
    [128, 150],
  ])('finds the RR of a steady rhythm (fs %i Hz, %i/min) and no VF-like repetition', (fs, bpm) => {
    const ecg = synthesizeEcg({ sampleRate: fs, beatTimes: steadyBeatTimes(bpm, 12, 0.02), duration: 12 }).signal;
    const r = periodicity(bandPassedWindow(ecg, fs), fs);
    const step = 1 / (fs / Math.max(1, Math.round(fs / 60))); // s per decimated sample
    expect(Math.abs(r.periodS - 60 / bpm)).toBeLessThanOrEqual(1.01 * step);
    expect(r.periodCorr).toBeGreaterThan(0.6); // sharp QRS complexes decorrelate with a few ms of RR jitter
    expect(r.shortCorr).toBeLessThan(0.5);
  });

  it('sees a 5 Hz oscillation repeat at 0.2 s, well inside the shockable lags', () => {
    const fs = 250;
    const x = new Float64Array(WINDOW_S * fs).map((_, i) => Math.sin((2 * Math.PI * 5 * i) / fs));
    const r = periodicity(x, fs);
    expect(r.periodS).toBeGreaterThan(0.18);
    expect(r.periodS).toBeLessThan(0.22);
    expect(r.periodS).toBeLessThan(SHORT_LAG_END_SECONDS);
    expect(r.shortCorr).toBeGreaterThan(0.95);
  });

  it('reports no period for a flat window', () => {
    expect(periodicity(new Float64Array(WINDOW_S * 250), 250)).toEqual({ periodS: 0, periodCorr: 0, shortCorr: 0 });
  });
});
