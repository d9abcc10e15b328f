import { describe, expect, it } from 'vitest';
import { emptyFeatures, WindowFeatureExtractor } from './window-features.js';

const FS = 250; // Hz
const N = 4 * FS; // samples: the detector's 4-s window
const BIN_HZ = FS / 1024; // the extractor pads the window to 1024 samples

/** A 4-s window of sines: [frequency Hz, amplitude mV] each, phases spread so the sum is no pulse train. */
function tones(...parts: [number, number][]): Float64Array {
  const x = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const t = i / FS;
    for (let p = 0; p < parts.length; p++) x[i] += parts[p][1] * Math.sin(2 * Math.PI * parts[p][0] * t + p);
  }
  return x;
}

const highFraction = (x: Float64Array): number => new WindowFeatureExtractor(FS, N).compute(x, emptyFeatures()).highFraction;

describe('WindowFeatureExtractor highFraction', () => {
  // a rhythm on an FFT bin, so that its harmonics fall where the extractor places them
  const fast = 22 * BIN_HZ; // 5.37 Hz, 322/min: fibrillation
  const slow = 16 * BIN_HZ; // 3.91 Hz, 234/min: as fast as VT gets

  it('leaves out the harmonics of a rhythm of 5 Hz or more: they are its own waveform, not QRS content', () => {
    const x = tones([fast, 1], [3 * fast, 0.3], [4 * fast, 0.3], [5 * fast, 0.2]);
    expect(highFraction(x)).toBeLessThan(0.005);
  });

  it('still counts high-band power off those harmonics', () => {
    const between = 3.5 * fast; // 18.8 Hz, 2.7 Hz from the nearest harmonic
    const x = tones([fast, 1], [3 * fast, 0.3], [between, 0.3]);
    const expected = 0.09 / (1 + 0.09 + 0.09); // power of the tone between over all
    expect(highFraction(x)).toBeGreaterThan(0.8 * expected);
  });

  it('keeps the lines where no one rhythm holds half the power: there the highest peak is happenstance', () => {
    const x = tones([fast, 1], [3 * fast, 0.8], [4 * fast, 0.8]); // peakFraction 1 / 2.28
    const expected = (0.64 + 0.64) / (1 + 0.64 + 0.64);
    expect(highFraction(x)).toBeGreaterThan(0.9 * expected);
  });

  it('keeps the lines of a small oscillation: under 0.2 mV it is as likely tremor as fine VF', () => {
    const x = tones([fast, 0.04], [3 * fast, 0.012], [4 * fast, 0.012], [5 * fast, 0.008]); // ~0.1 mV peak to peak
    const expected = (0.09 + 0.09 + 0.04) / (1 + 0.09 + 0.09 + 0.04);
    expect(highFraction(x)).toBeGreaterThan(0.9 * expected);
  });

  it('counts the harmonics of a slower rhythm: there they are the complexes', () => {
    const x = tones([slow, 1], [3 * slow, 0.3], [4 * slow, 0.3], [5 * slow, 0.2]);
    const expected = (0.09 + 0.04) / (1 + 0.09 + 0.09 + 0.04); // 12-30 Hz holds the 4th and 5th (the 3rd is at 11.7 Hz)
    expect(highFraction(x)).toBeGreaterThan(0.8 * expected);
  });
});
