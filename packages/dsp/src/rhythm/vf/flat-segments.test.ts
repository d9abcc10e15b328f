import { describe, expect, it } from 'vitest';
import { steadyBeatTimes, synthesizeEcg } from '../../synth/index.js';
import { bandPassedWindow, WINDOW_S } from './testing.js';
import { FLAT_SEGMENT_SECONDS, FlatSegments } from './flat-segments.js';

/** Sum of three sinusoids at 3-6 Hz, like coarse VF: it never rests. */
function sinusoids(fs: number, seconds: number): Float64Array {
  return Float64Array.from({ length: seconds * fs }, (_, i) => {
    const t = i / fs;
    return Math.sin(2 * Math.PI * 3.1 * t) + 0.7 * Math.sin(2 * Math.PI * 4.7 * t + 1) + 0.5 * Math.sin(2 * Math.PI * 5.9 * t + 2);
  });
}

describe('FlatSegments', () => {
  it.each([
    [250, 60],
    [250, 140],
    [360, 90],
  ])('finds the isoelectric segments of sinus rhythm (fs %i Hz, %i/min) and none in VF-like sinusoids', (fs, bpm) => {
    const flat = new FlatSegments(fs, WINDOW_S * fs);
    const ecg = synthesizeEcg({ sampleRate: fs, beatTimes: steadyBeatTimes(bpm, 12, 0.02), duration: 12 }).signal;
    const sinus = flat.fraction(bandPassedWindow(ecg, fs));
    const vf = flat.fraction(bandPassedWindow(sinusoids(fs, 12), fs));
    expect(sinus).toBeGreaterThan(0.25);
    expect(vf).toBeLessThan(0.1); // only where two crests happen to coincide
  });

  it('counts exactly the segments whose range is small against the window amplitude', () => {
    const fs = 250;
    const n = WINDOW_S * fs;
    const seg = Math.round(FLAT_SEGMENT_SECONDS * fs);
    const count = Math.floor(n / seg);
    // Alternate a full-swing segment and a flat one (a 1 % ripple).
    const x = Float64Array.from({ length: n }, (_, i) => {
      const s = Math.floor(i / seg);
      const phase = (2 * Math.PI * (i % seg)) / seg;
      return s % 2 === 0 ? Math.sin(phase) : 0.01 * Math.sin(phase);
    });
    expect(new FlatSegments(fs, n).fraction(x)).toBeCloseTo(Math.floor(count / 2) / count, 10);
  });

  it('gives 0 for a flat window rather than dividing by its zero range', () => {
    expect(new FlatSegments(250, 1000).fraction(new Float64Array(1000).fill(0.3))).toBe(0);
  });
});
