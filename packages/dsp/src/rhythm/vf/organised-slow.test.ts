import { describe, expect, it } from 'vitest';
import { steadyBeatTimes, synthesizeEcg } from '../../synth/index.js';
import { ORGANISED_MIN_CORR, ORGANISED_MIN_PERIOD_S, organisedSlow, SINUSOIDAL_MIN_PEAK_FRACTION } from './organised-slow.js';
import { bandPassedWindow } from './testing.js';
import { emptyFeatures, WindowFeatureExtractor, type WindowFeatures } from './window-features.js';

const lead = (periodS: number, periodCorr: number, peakFraction = 0.7): WindowFeatures => ({ ...emptyFeatures(), periodS, periodCorr, peakFraction });

const FS = 250; // Hz

/** Features of the last 4 s of `signal`, as the detector sees them. */
function featuresOf(signal: Float64Array): WindowFeatures {
  const w = bandPassedWindow(signal, FS);
  return new WindowFeatureExtractor(FS, w.length).compute(w, emptyFeatures());
}

describe('organisedSlow', () => {
  it('is true only when every analysable lead repeats its complex slower than flutter', () => {
    const slow = lead(0.42, 0.9);
    expect(organisedSlow([slow, slow], [true, true])).toBe(true);
    expect(organisedSlow([slow, lead(0.2, 0.9)], [true, true])).toBe(false); // one lead at 300/min
    expect(organisedSlow([slow, lead(0.42, 0.5)], [true, true])).toBe(false); // one lead not repeating
    expect(organisedSlow([slow, lead(0.2, 0.9)], [true, false])).toBe(true); // the other lead is not analysable
  });

  it('is false at the bounds just missed and when no lead is analysable', () => {
    expect(organisedSlow([lead(ORGANISED_MIN_PERIOD_S - 0.02, 0.95)], [true])).toBe(false);
    expect(organisedSlow([lead(0.6, ORGANISED_MIN_CORR - 0.01)], [true])).toBe(false);
    expect(organisedSlow([lead(0, 0)], [true])).toBe(false); // no clear period
    expect(organisedSlow([lead(0.6, 0.95)], [false])).toBe(false);
  });

  it('does not veto a sinusoid: flutter without separate QRS and T, however slow', () => {
    expect(organisedSlow([lead(0.46, 0.95, SINUSOIDAL_MIN_PEAK_FRACTION)], [true])).toBe(false);
    expect(organisedSlow([lead(0.46, 0.95, SINUSOIDAL_MIN_PEAK_FRACTION - 0.01)], [true])).toBe(true);
    // One rhythm on every lead: a sinusoid on one lead only (a wide smooth complex seen end-on) does not lift the veto
    expect(organisedSlow([lead(0.46, 0.95), lead(0.46, 0.95, 0.95)], [true, true])).toBe(true);
    expect(organisedSlow([lead(0.46, 0.95, 0.95), lead(0.46, 0.95, 0.92)], [true, true])).toBe(false);
    expect(organisedSlow([lead(0.46, 0.95), lead(0.46, 0.95, 0.95)], [false, true])).toBe(false);
  });

  it('tells a sine-wave rhythm at 130/min from a regular rhythm of QRS complexes at 140/min by their harmonics', () => {
    const n = 12 * FS;
    const sine = new Float64Array(n);
    for (let i = 0; i < n; i++) sine[i] = 1.5 * Math.sin((2 * Math.PI * (130 / 60) * i) / FS);
    const flutter = featuresOf(sine);
    expect(flutter.periodS).toBeGreaterThanOrEqual(ORGANISED_MIN_PERIOD_S);
    expect(flutter.periodCorr).toBeGreaterThanOrEqual(ORGANISED_MIN_CORR);
    expect(flutter.peakFraction).toBeGreaterThanOrEqual(SINUSOIDAL_MIN_PEAK_FRACTION);
    expect(organisedSlow([flutter], [true])).toBe(false);

    const tachy = synthesizeEcg({ sampleRate: FS, beatTimes: steadyBeatTimes(140, 12, 0), duration: 12 }).signal;
    const sinus = featuresOf(tachy);
    expect(sinus.periodCorr).toBeGreaterThanOrEqual(ORGANISED_MIN_CORR);
    expect(sinus.peakFraction).toBeLessThan(SINUSOIDAL_MIN_PEAK_FRACTION);
    expect(organisedSlow([sinus], [true])).toBe(true);
  });
});
