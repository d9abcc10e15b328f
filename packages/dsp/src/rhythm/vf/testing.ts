/**
 * Test support for the shockable-rhythm detector (not exported from the package): a synthetic VF
 * signal, and the window a feature sees, cut from a synthetic signal the way the detector cuts it.
 */
import { BiquadCascade } from '../../filters/biquad.js';
import { butterworthBandpass } from '../../filters/butterworth.js';

export const WINDOW_S = 4;

/** The last 4 s of `signal` after the detector's 1-30 Hz band-pass. */
export function bandPassedWindow(signal: Float64Array, fs: number): Float64Array {
  const f = new BiquadCascade(butterworthBandpass(2, 1, 30, fs));
  const y = new Float64Array(signal.length);
  f.process(signal, y, signal.length);
  return y.slice(y.length - WINDOW_S * fs);
}

/** VF-like signal: four sinusoids of 4-7 Hz whose frequencies and amplitudes wander, mV. */
export function syntheticVf(seconds: number, fs: number, seed = 7): Float64Array {
  const n = Math.round(seconds * fs);
  const out = new Float64Array(n);
  const base = [4.2, 5.1, 6.0, 7.0];
  const phase = [0.3 + seed, 1.1, 2.0, 2.9];
  for (let i = 0; i < n; i++) {
    const t = i / fs;
    let v = 0;
    for (let k = 0; k < 4; k++) {
      const f = base[k] * (1 + 0.15 * Math.sin(2 * Math.PI * (0.13 + 0.07 * k) * t + k));
      phase[k] += (2 * Math.PI * f) / fs;
      v += 0.25 * (1 + 0.6 * Math.sin(2 * Math.PI * (0.21 + 0.05 * k) * t + 2 * k)) * Math.sin(phase[k]);
    }
    out[i] = v;
  }
  return out;
}
