/**
 * Test support for the shockable-rhythm features (not exported from the package): the window a
 * feature sees, cut from a synthetic signal the way the detector cuts it.
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
