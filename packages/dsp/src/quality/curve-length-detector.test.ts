import { describe, expect, it } from 'vitest';
import { gaussian, randomChunks, seededRandom } from '../filters/testing.js';
import { synthesizeEcg, steadyBeatTimes } from '../synth/synthetic-ecg.js';
import { CurveLengthDetector } from './curve-length-detector.js';
import { BeatRing, beatAgreement } from './beat-agreement.js';

function detect(signal: Float64Array, fs: number, chunks?: number[]): number[] {
  const found: number[] = [];
  const d = new CurveLengthDetector(fs, (s) => found.push(s));
  if (!chunks) d.push(signal);
  else {
    let at = 0;
    for (const n of chunks) {
      d.push(signal, at, n);
      at += n;
    }
  }
  d.flush();
  return found;
}

/** Reference beats after the learning period that have a detection within 150 ms, and detections without one. */
function score(ref: ArrayLike<number>, found: number[], fs: number, from: number): { missed: number; extra: number } {
  const tol = 0.15 * fs;
  const refs = Array.from(ref).filter((r) => r >= from + tol);
  const missed = refs.filter((r) => !found.some((f) => Math.abs(f - r) <= tol)).length;
  const extra = found.filter((f) => !Array.from(ref).some((r) => Math.abs(f - r) <= tol)).length;
  return { missed, extra };
}

describe('CurveLengthDetector (second detector for bSQI)', () => {
  for (const fs of [128, 250, 360, 1000]) {
    it(`finds every synthetic beat within 150 ms and nothing else at ${fs} Hz, ventricular beats included`, () => {
      const ecg = synthesizeEcg({ sampleRate: fs, beatTimes: steadyBeatTimes(72, 60, 0.15, 4), duration: 60, ventricular: new Set([10, 11, 30]) });
      const found = detect(ecg.signal, fs);
      const d = new CurveLengthDetector(fs, () => {});
      expect(score(ecg.beats, found, fs, d.learnEnd)).toEqual({ missed: 0, extra: 0 });
    });
  }

  it('keeps up with 180 bpm and a sudden halving of amplitude', () => {
    const fs = 250;
    const ecg = synthesizeEcg({ sampleRate: fs, beatTimes: steadyBeatTimes(180, 40), duration: 40 });
    const sig = ecg.signal.map((x, i) => (i > 20 * fs ? 0.4 * x : x));
    expect(score(ecg.beats, detect(sig, fs), fs, 2 * fs)).toEqual({ missed: 0, extra: 0 });
  });

  it('finds nothing in a flat line or in 20 µV noise', () => {
    const fs = 360;
    const g = gaussian(seededRandom(2));
    expect(detect(new Float64Array(60 * fs), fs)).toEqual([]);
    expect(detect(new Float64Array(60 * fs).map(() => 0.02 * g()), fs)).toEqual([]);
  });

  it('gives the same beats whatever the chunk sizes and reports each within maxDelay', () => {
    const fs = 360;
    const g = gaussian(seededRandom(8));
    const ecg = synthesizeEcg({ sampleRate: fs, beatTimes: steadyBeatTimes(90, 60, 0.2), duration: 60 }).signal.map((x) => x + 0.1 * g());
    const whole = detect(ecg, fs);
    expect(detect(ecg, fs, randomChunks(ecg.length, 300, 5))).toEqual(whole);
    const d = new CurveLengthDetector(fs, (s) => lags.push(n - s));
    const lags: number[] = [];
    let n = 0;
    for (let i = 0; i < ecg.length; i++, n++) d.push(ecg, i, 1);
    expect(lags.length).toBe(whole.length);
    expect(Math.max(...lags)).toBeLessThanOrEqual(d.maxDelay);
  });
});

describe('beatAgreement (bSQI)', () => {
  const ring = (beats: number[]): BeatRing => {
    const r = new BeatRing(16);
    for (const b of beats) r.push(b);
    return r;
  };
  it('is 1 for identical beats within tolerance, F1 for partial agreement, null without beats', () => {
    expect(beatAgreement(ring([100, 400, 700]), ring([110, 395, 690]), 0, 1000, 20)).toBe(1);
    // A: 3 beats, 2 matched; B: 4 beats, 2 matched -> F1 = 4/7
    expect(beatAgreement(ring([100, 400, 700]), ring([100, 250, 400, 900]), 0, 1000, 20)).toBeCloseTo(4 / 7, 12);
    expect(beatAgreement(ring([]), ring([]), 0, 1000, 20)).toBeNull();
    expect(beatAgreement(ring([100]), ring([]), 0, 1000, 20)).toBe(0);
  });
  it('counts beats inside the window only, but finds partners just outside it', () => {
    expect(beatAgreement(ring([95, 500, 1200]), ring([105, 500, 1190]), 100, 1000, 20)).toBe(1);
  });
  it('keeps the newest beats when full', () => {
    const r = new BeatRing(4);
    for (let i = 1; i <= 6; i++) r.push(i * 10);
    expect([r.size, r.at(0), r.at(3)]).toEqual([4, 30, 60]);
    r.dropBefore(45);
    expect([r.size, r.at(0)]).toEqual([2, 50]);
  });
});
