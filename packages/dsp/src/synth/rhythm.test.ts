import { describe, expect, it } from 'vitest';
import { analyzeRecord } from '../rhythm/analyzer/batch.js';
import { planRhythm, type SyntheticRhythm } from './rhythm.js';
import { synthesizeEcg } from './synthetic-ecg.js';

/** Plays three minutes of a planned rhythm through the full analyzer and returns its episodes. */
function episodesOf(rhythm: SyntheticRhythm) {
  const fs = 250;
  const plan = planRhythm(rhythm, 75, 180, 11);
  const ecg = synthesizeEcg({ sampleRate: fs, beatTimes: plan.beatTimes, duration: plan.duration, ventricular: plan.ventricular, fibrillation: plan.fibrillation, noiseMv: 0.02 });
  return { plan, result: analyzeRecord([ecg.signal], { sampleRate: fs }, 997) };
}

describe('synthetic rhythms, as the gateway analyzer reads them', () => {
  it('normal sinus rhythm raises nothing urgent and no AF', () => {
    const { result } = episodesOf('normal');
    expect(result.episodes.filter((e) => e.severity === 'urgent' || e.type === 'AFIB')).toEqual([]);
  });

  it('atrial fibrillation is irregular enough to be called AFIB', () => {
    const { plan, result } = episodesOf('af');
    const rr = Array.from(plan.beatTimes.subarray(1), (t, i) => t - plan.beatTimes[i]);
    const mean = rr.reduce((a, b) => a + b, 0) / rr.length;
    const sd = Math.sqrt(rr.reduce((a, b) => a + (b - mean) ** 2, 0) / rr.length);
    expect(sd / mean).toBeGreaterThan(0.15);
    expect(result.episodes.some((e) => e.type === 'AFIB')).toBe(true);
  });

  it('ventricular premature beats come out labelled V, with their compensatory pauses', () => {
    const { plan, result } = episodesOf('pvc');
    const v = result.beats.filter((b) => b.label === 'V').length;
    expect(plan.ventricular.size).toBeGreaterThan(20);
    expect(v).toBeGreaterThanOrEqual(0.9 * plan.ventricular.size);
    expect(result.episodes.filter((e) => e.type === 'AFIB')).toEqual([]);
  });

  it('a 3.5 s sinus arrest is an urgent pause', () => {
    const { result } = episodesOf('pause');
    expect(result.episodes.some((e) => (e.type === 'PAUSE' || e.type === 'ASYSTOLE') && e.severity === 'urgent')).toBe(true);
  });
});
