import { describe, expect, it } from 'vitest';
import { seededRandom as rng } from '../../filters/testing.js';
import { beatsFromRr } from './testing.js';
import { DspParameterError } from '../../filters/errors.js';
import type { BeatLabel } from '../types.js';
import { isAfStrip, measureAfStrip } from './strip.js';

const FS = 300; // Hz, as the CinC 2017 handheld strips


const beatsOf = (rrs: readonly number[]): number[] => beatsFromRr(rrs, FS);

/** 30 s strips: AF (independent RR, ±25%) at several rates, and its look-alikes. */
const afRr = (n: number, mean: number, seed: number): number[] => {
  const r = rng(seed);
  return Array.from({ length: n }, () => mean * (1 + 0.25 * (2 * r() - 1)));
};
/** Respiratory sinus arrhythmia: ±8% over a 4-beat breath, the strongest seen at rest in the young. */
const sinusArrhythmia = (n: number, mean: number): number[] => Array.from({ length: n }, (_, i) => mean * (1 + 0.08 * Math.sin((2 * Math.PI * i) / 4.3)));

describe('whole-strip AF measure', () => {
  it('calls AF at 60, 100 and 150 bpm', () => {
    for (const [mean, seed] of [[1, 1], [0.6, 2], [0.4, 3]] as const) {
      const m = measureAfStrip(beatsOf(afRr(Math.round(30 / mean), mean, seed)), FS);
      expect(isAfStrip(m)).toBe(true);
      expect(m.heartRate).toBeCloseTo(60 / mean, -1);
    }
  });

  it('does not call sinus arrhythmia, bigeminy or flutter with alternating block AF', () => {
    expect(isAfStrip(measureAfStrip(beatsOf(sinusArrhythmia(35, 0.85)), FS))).toBe(false);
    const bigeminy = Array.from({ length: 40 }, (_, i) => (i % 2 ? 1.0 : 0.6));
    expect(isAfStrip(measureAfStrip(beatsOf(bigeminy), FS))).not.toBe(true);
    const flutter = Array.from({ length: 40 }, (_, i) => (i % 3 === 2 ? 0.8 : 0.4)); // 2:1, 2:1, 4:1 at 300/min
    expect(isAfStrip(measureAfStrip(beatsOf(flutter), FS))).toBe(false);
  });

  it('leaves V-labelled beats out, so PVCs in sinus rhythm do not read as AF', () => {
    const rr: number[] = [];
    const labels: (BeatLabel | undefined)[] = ['N'];
    for (let i = 0; i < 36; i++) {
      const v = i % 4 === 3; // quadrigeminy with a late-coupled PVC that the short-long rule alone may miss
      rr.push(v ? 0.72 : 0.82 + (i % 4 === 0 && i > 0 ? 0.2 : 0));
      labels.push(v ? 'V' : 'N');
    }
    expect(isAfStrip(measureAfStrip(beatsOf(rr), FS, labels))).toBe(false);
  });

  it('does not call an irregular strip AF when its beats carry repeating P waves', () => {
    const beats = beatsOf(afRr(40, 0.7, 5));
    expect(isAfStrip(measureAfStrip(beats, FS))).toBe(true);
    const withP = measureAfStrip(beats, FS, undefined, beats.map(() => 0.9));
    expect(withP.pWave).toBeCloseTo(0.9);
    expect(isAfStrip(withP)).toBe(false);
    expect(isAfStrip(measureAfStrip(beats, FS, undefined, beats.map(() => 0.1)))).toBe(true);
    expect(measureAfStrip(beats, FS, undefined, beats.map((_, i) => (i < 5 ? 0.9 : Number.NaN))).pWave).toBeNull(); // too few to judge
  });

  it('without P waves, trusts the raw RR: AF that the ectopic filter thinned out is still AF', () => {
    // alternating short-long AF intervals: the short-long rule drops most of them as ectopic
    const r = rng(6);
    const rr = Array.from({ length: 40 }, (_, i) => (i % 2 ? 0.9 : 0.55) * (1 + 0.15 * (2 * r() - 1)));
    const beats = beatsOf(rr);
    const m = measureAfStrip(beats, FS, undefined, beats.map(() => 0.05));
    expect(m.rawIrregularity).toBeGreaterThan(0.3);
    expect(isAfStrip(m)).toBe(true);
    expect(isAfStrip(measureAfStrip(beats, FS, undefined, beats.map(() => 0.9)))).toBe(false); // P waves: atrial ectopy, not AF
  });

  it('refuses to judge a strip with too few beats, and rejects beats out of order', () => {
    const m = measureAfStrip(beatsOf(afRr(6, 0.7, 4)), FS);
    expect(m.intervals).toBe(6);
    expect(isAfStrip(m)).toBeNull();
    expect(measureAfStrip([], FS)).toMatchObject({ intervals: 0, clean: 0, irregularity: null, heartRate: null });
    expect(() => measureAfStrip([300, 600, 600], FS)).toThrow(DspParameterError);
  });
});
