import { describe, expect, it } from 'vitest';
import { seededRandom as rng } from '../../filters/testing.js';
import { beatsFromRr } from '../af/testing.js';
import { rrFeatures } from './rr-features.js';

const FS = 300; // Hz

/** AF: independent RR, uniform ±25 % of the mean. */
const afRr = (n: number, mean: number, seed: number): number[] => {
  const r = rng(seed);
  return Array.from({ length: n }, () => mean * (1 + 0.25 * (2 * r() - 1)));
};
/** Sinus rhythm with respiratory arrhythmia (±5 % over a 4.3-beat breath) and ±1 % beat-to-beat jitter. */
const sinusRr = (n: number, mean: number, seed: number): number[] => {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => mean * (1 + 0.05 * Math.sin((2 * Math.PI * i) / 4.3) + 0.01 * (2 * r() - 1)));
};

describe('rrFeatures', () => {
  it('separates AF from sinus rhythm by entropy and successive differences at 60 and 120 bpm', () => {
    for (const mean of [1, 0.5]) {
      const n = Math.round(30 / mean);
      const af = rrFeatures(beatsFromRr(afRr(n, mean, 7), FS), FS);
      const sinus = rrFeatures(beatsFromRr(sinusRr(n, mean, 7), FS), FS);
      expect(af.cosen as number).toBeGreaterThan((sinus.cosen as number) + 1);
      expect(af.successiveShare as number).toBeGreaterThan(0.6);
      expect(sinus.successiveShare as number).toBeLessThan(0.3);
      expect(af.repeatShare as number).toBeLessThan(sinus.repeatShare as number);
      expect(af.meanRr as number).toBeCloseTo(mean, 1);
    }
  });

  it('normalises COSEn for the rate: the same AF at 60 and 120 bpm reads alike', () => {
    const slow = rrFeatures(beatsFromRr(afRr(30, 1, 3), FS), FS).cosen as number;
    const fast = rrFeatures(beatsFromRr(afRr(60, 0.5, 3), FS), FS).cosen as number;
    expect(Math.abs(slow - fast)).toBeLessThan(0.6);
  });

  it('moves by about one interval for one missed beat', () => {
    const rr = sinusRr(40, 0.8, 2);
    const missed = [...rr.slice(0, 20), rr[20] + rr[21], ...rr.slice(22)]; // the detector skipped a beat
    const a = rrFeatures(beatsFromRr(rr, FS), FS);
    const b = rrFeatures(beatsFromRr(missed, FS), FS);
    expect(Math.abs((b.successiveShare as number) - (a.successiveShare as number))).toBeLessThanOrEqual(2 / 37 + 1e-9);
    expect(Math.abs((b.lorenzSpread as number) - (a.lorenzSpread as number))).toBeLessThan(0.01);
  });

  it('gives no figures for fewer than 8 plausible intervals', () => {
    const f = rrFeatures(beatsFromRr([0.8, 0.8, 0.8, 0.8, 0.8], FS), FS);
    expect(f.intervals).toBe(5);
    expect([f.cosen, f.successiveShare, f.lorenzSpread, f.repeatShare]).toEqual([null, null, null, null]);
  });
});
