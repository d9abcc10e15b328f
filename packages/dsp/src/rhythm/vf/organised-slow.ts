import type { WindowFeatures } from './window-features.js';

/**
 * Shortest period, s, of a rhythm that is never shockable when it repeats regularly: 150/min,
 * the lower bound of ventricular flutter (150-300/min) and of every AED maker's rapid-VT rate.
 */
export const ORGANISED_MIN_PERIOD_S = 0.4;
/**
 * Autocorrelation at that period from which the window repeats one waveform (r 0.8: the complex
 * explains about two thirds of the next one's variance). VF does not repeat like that: on the
 * shared vfdb, cudb and mitdb records 1 of 3665 VF/VFL decisions at p >= 0.7 did, against 22 of
 * 26 in cudb cu09's wide-complex sinus tachycardia (~145/min).
 */
export const ORGANISED_MIN_CORR = 0.8;

/**
 * Whether every analysable lead of a window shows a regular organised rhythm slower than
 * ventricular flutter: the same complex every ORGANISED_MIN_PERIOD_S or more, at autocorrelation
 * ORGANISED_MIN_CORR or more. Such a window is not shockable however wide and smooth its
 * complexes (sinus or supraventricular tachycardia with bundle-branch block, slow VT), which is
 * what the spectral and complexity features, blind to repetition, take for VF. False when no lead
 * is analysable. The beat rules still judge slow VT from its beats.
 */
export function organisedSlow(features: readonly Readonly<WindowFeatures>[], analysable: readonly boolean[]): boolean {
  let seen = 0;
  for (let l = 0; l < features.length; l++) {
    if (!analysable[l]) continue;
    const f = features[l];
    if (!(f.periodS >= ORGANISED_MIN_PERIOD_S && f.periodCorr >= ORGANISED_MIN_CORR)) return false;
    seen++;
  }
  return seen > 0;
}
