import { describe, expect, it } from 'vitest';
import { DspParameterError } from '../../filters/errors.js';
import { randomChunks, seededRandom as rng } from '../../filters/testing.js';
import { steadyBeatTimes, synthesizeEcg } from '../../synth/index.js';
import type { BeatLabel } from '../types.js';
import { FibrillatoryWaves } from './fibrillatory-waves.js';
import { fWaveEvidence } from './fwave-evidence.js';

const FS = 300; // Hz, as the CinC 2017 handheld strips

/** 30 s at a steady 70 bpm: with P waves (sinus) or with f waves and none (regularised AF). */
const strip = (fibrillation: boolean, seed = 1): { signal: Float64Array; beats: Int32Array } =>
  synthesizeEcg({ sampleRate: FS, beatTimes: steadyBeatTimes(70, 30, 0.03, seed), duration: 30, fibrillation, noiseMv: 0.01, seed });

describe('FibrillatoryWaves', () => {
  it('leaves f waves in the residual and cancels P and T waves, even at a regular rate', () => {
    const sinus = fWaveEvidence(strip(false).signal, strip(false).beats, FS);
    const af = fWaveEvidence(strip(true).signal, strip(true).beats, FS);
    expect(af.measuredSeconds).toBeGreaterThan(15);
    expect(af.atrialUnexplained).toBeGreaterThan(5 * sinus.atrialUnexplained);
    expect(af.relativeRms).toBeGreaterThan(2 * sinus.relativeRms);
    expect(af.atrialShare).toBeGreaterThan(sinus.atrialShare);
    // the synthetic f waves are 0.04 x 1.2 mV sines: RMS in the band ~0.04 mV
    expect(af.atrialRms).toBeGreaterThan(0.02);
    expect(af.atrialRms).toBeLessThan(0.08);
  });

  it('gives the same sums whatever the chunk sizes', () => {
    const { signal, beats } = strip(true, 4);
    const batch = fWaveEvidence(signal, beats, FS);
    for (const seed of [1, 2]) {
      const fw = new FibrillatoryWaves({ sampleRate: FS });
      const lag = Math.round(0.45 * FS);
      let at = 0;
      let b = 0;
      for (const n of randomChunks(signal.length, 700, seed)) {
        fw.push(signal.subarray(at, at + n));
        at += n;
        for (; b < beats.length && beats[b] + lag < fw.samples; b++) fw.beat(beats[b]);
      }
      expect(fw.atrialRms).toBe(batch.atrialRms);
      expect(fw.atrialUnexplained).toBe(batch.atrialUnexplained);
    }
  });

  it('leaves out intervals with missing samples and those next to ventricular beats', () => {
    const { signal, beats } = strip(true, 5);
    const all = fWaveEvidence(signal, beats, FS);
    const gap = Float64Array.from(signal);
    gap.fill(Number.NaN, 10 * FS, 11 * FS);
    const withGap = fWaveEvidence(gap, beats, FS);
    expect(withGap.measuredSeconds).toBeLessThan(all.measuredSeconds - 1);
    expect(Number.isFinite(withGap.atrialRms)).toBe(true);
    const labels = Array.from(beats, (_, i): BeatLabel => (i % 5 === 2 ? 'V' : 'N'));
    expect(fWaveEvidence(signal, beats, FS, labels).measuredSeconds).toBeLessThan(0.7 * all.measuredSeconds);
  });

  it('finds the QRS complexes alike in AF and unlike where the beats were picked from noise', () => {
    const { signal, beats } = strip(true, 6);
    expect(fWaveEvidence(signal, beats, FS).qrsMatchShare).toBeGreaterThan(0.95);
    // the same signal with "beats" a detector might take from noise: anywhere, not on the QRS
    const random = rng(9);
    const noiseBeats = Int32Array.from(beats, (b, i) => (i < 6 ? b : b + Math.round((random() - 0.5) * 0.3 * FS)));
    expect(fWaveEvidence(signal, noiseBeats, FS).qrsMatchShare).toBeLessThan(0.5);
  });

  it('refuses a beat whose window has not been pushed yet', () => {
    const fw = new FibrillatoryWaves({ sampleRate: FS });
    fw.push(new Float64Array(FS));
    expect(() => fw.beat(FS - 10)).toThrow(DspParameterError);
    expect(() => new FibrillatoryWaves({ sampleRate: 0 })).toThrow(DspParameterError);
  });
});
