import { describe, expect, it } from 'vitest';
import { DspParameterError } from '../../filters/errors.js';
import { planRhythm, steadyBeatTimes, synthesizeEcg } from '../../synth/index.js';
import { analyzeStrip } from './analyze.js';
import { classifyStrip, STRIP_CLASSES } from './classify.js';
import { measureStrip } from './features.js';
import { STRIP_MODEL } from './model.js';

const FS = 300; // Hz, as the CinC 2017 handheld strips

const verdict = (beatTimes: ArrayLike<number>, fibrillation = false, seconds = 30) =>
  classifyStrip(measureStrip(synthesizeEcg({ sampleRate: FS, beatTimes, duration: seconds, fibrillation, noiseMv: 0.01 }).signal, FS).features);

describe('classifyStrip end to end (measureStrip on a synthetic ECG)', () => {
  it('calls sinus rhythm at 70 bpm normal and irregular AF with f waves AF', () => {
    expect(verdict(steadyBeatTimes(70, 30, 0.03)).label).toBe('N');
    for (const [rate, seed] of [[80, 3], [110, 5]]) expect(verdict(planRhythm('af', rate, 30, seed).beatTimes, true).label).toBe('A');
  });

  it('does not call a regular sinus tachycardia AF', () => {
    const v = verdict(steadyBeatTimes(130, 30, 0.02));
    expect(v.label).not.toBe('A');
    expect(v.probabilities.A).toBeLessThan(0.5);
  });

  it('calls a strip with too few beats noise without asking the model, with the reason', () => {
    const v = verdict([0.5, 1.5, 2.5], false, 4);
    expect(v).toMatchObject({ label: '~', reason: 'too few beats' });
    expect(v.probabilities['~']).toBe(1);
  });

  it('gives probabilities that sum to one', () => {
    const v = verdict(planRhythm('pvc', 70, 30, 2).beatTimes);
    expect(STRIP_CLASSES.reduce((t, c) => t + v.probabilities[c], 0)).toBeCloseTo(1, 12);
  });

  it('refuses a model whose weights do not match the classes', () => {
    const f = measureStrip(synthesizeEcg({ sampleRate: FS, beatTimes: steadyBeatTimes(70, 20), duration: 20, noiseMv: 0.01 }).signal, FS).features;
    expect(() => classifyStrip(f, { ...STRIP_MODEL, weights: STRIP_MODEL.weights.slice(1) })).toThrow(DspParameterError);
  });
});

describe('analyzeStrip', () => {
  it('is measureStrip then classifyStrip, with the features it decided on', () => {
    const { signal } = synthesizeEcg({ sampleRate: FS, beatTimes: planRhythm('af', 95, 20, 8).beatTimes, duration: 20, fibrillation: true, noiseMv: 0.01 });
    const features = measureStrip(signal, FS).features;
    expect(analyzeStrip(signal, FS)).toEqual({ ...classifyStrip(features), features });
  });
});
