import { describe, expect, it } from 'vitest';
import { mixNoise, noiseRms, nstSegments, qrsPeakToPeak } from './noise-mix.js';

const FS = 100; // Hz: small numbers keep the arithmetic checkable

/** Spikes of 2 mV peak-to-peak (+1.5 / -0.5) at every beat on a flat line. */
function spikes(seconds: number, beats: number[]): Float64Array {
  const s = new Float64Array(seconds * FS);
  for (const b of beats) {
    s[b] = 1.5;
    s[b + 2] = -0.5;
  }
  return s;
}

describe('nst-style noise mixing', () => {
  it('measures QRS amplitude as the median peak-to-peak around beats, noise as trimmed RMS of 1 s windows', () => {
    const beats = [150, 250, 350, 450];
    const sig = spikes(6, beats);
    sig[252] = -1.5; // one beat with 3 mV: the median ignores it
    expect(qrsPeakToPeak(sig, beats, FS)).toBe(2);
    const noise = Float64Array.from({ length: 20 * FS }, (_, i) => 5 + (i % 2 ? 0.3 : -0.3)); // offset removed per window
    expect(noiseRms(noise, FS)).toBeCloseTo(0.3, 12);
  });

  it('scales the noise to the SNR nst defines: (p-p)²/8 over noise power', () => {
    const seconds = 700;
    const beats = Array.from({ length: seconds - 1 }, (_, k) => k * FS + 50);
    const sig = spikes(seconds, beats);
    const noise = Float64Array.from({ length: 60 * FS }, (_, i) => (i % 2 ? 1 : -1)); // RMS 1
    for (const snr of [12, 6, 0, -6]) {
      const mix = mixNoise(sig, noise, { sampleRate: FS, snrDb: snr, beats });
      expect(mix.qrsPeakToPeakMv).toBe(2);
      expect(mix.noiseRmsMv).toBeCloseTo(1, 12);
      expect(10 * Math.log10(2 ** 2 / 8 / mix.gain ** 2)).toBeCloseTo(snr, 10);
    }
  });

  it('adds noise only in the 2-minute segments from 5:00 on, with no step where it switches', () => {
    const seconds = 1000;
    const beats = Array.from({ length: seconds - 1 }, (_, k) => k * FS + 50);
    const sig = spikes(seconds, beats);
    const noise = Float64Array.from({ length: seconds * FS }, (_, i) => 3 + Math.sin(i / 7)); // 3 mV offset
    const mix = mixNoise(sig, noise, { sampleRate: FS, snrDb: 0, beats });
    expect(mix.noisy).toEqual([[300 * FS, 420 * FS], [540 * FS, 660 * FS], [780 * FS, 900 * FS]]);
    const added = (i: number): number => mix.signal[i] - sig[i];
    for (let i = 0; i < 300 * FS; i++) expect(added(i)).toBe(0); // the first 5 minutes are untouched
    const inNoise = (i: number): boolean => mix.noisy.some(([a, b]) => i >= a && i < b);
    for (let i = 1; i < sig.length; i++) {
      const step = added(i) - added(i - 1);
      // Inside a segment what is added follows the scaled noise; outside it is a constant; at a switch, no jump.
      const expected = inNoise(i) && inNoise(i - 1) ? mix.gain * (noise[i] - noise[i - 1]) : 0;
      const atSwitch = inNoise(i) !== inNoise(i - 1);
      expect(Math.abs(step - expected)).toBeLessThan(atSwitch ? mix.gain * 0.3 : 1e-9);
    }
  });
});

describe('nstSegments', () => {
  it('lists [5:00, 7:00), [9:00, 11:00), ... clipped to the record', () => {
    const min = 60 * FS;
    expect(nstSegments(30 * min + 560, FS)).toEqual([
      [5 * min, 7 * min], [9 * min, 11 * min], [13 * min, 15 * min], [17 * min, 19 * min], [21 * min, 23 * min], [25 * min, 27 * min], [29 * min, 30 * min + 560],
    ]);
  });
});
