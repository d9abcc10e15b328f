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
 * Share of the 0.5-30 Hz power around the dominant frequency (window-features.ts peakFraction) from
 * which a lead is a sinusoid; when every analysable lead is, the veto does not apply. Ventricular
 * flutter and the sine-wave rhythm of the dying heart have no separate QRS, ST and T, so no
 * harmonics, and can repeat as slowly as 120-140/min (cudb cu15). A regular rhythm of QRS complexes, however wide, leaves more
 * than a tenth of its power in the harmonics. On the shared vfdb, cudb, mitdb and nstdb records,
 * of the windows this veto held back (p >= 0.5, in-sample model), those whose every lead reached
 * 0.9 were 37 of cu15's VF, 7 of slow VT (vfdb 420, 430) and no NSR, other or asystole window;
 * cu09's wide-complex sinus tachycardia stays under 0.85.
 *
 * Measured through the detector (bench/rhythm/vf/fit.ts, urgent tier, in-sample / each record left
 * out of the model's fit): cudb VF Se 72.28 / 71.61 -> 74.16 / 72.58 %, any tier 77.90 / 76.48 ->
 * 81.35 / 79.10 %; every other figure with a goal on vfdb, cudb, mitdb and nstdb unchanged (no
 * false second added; vfdb's slow VT, which has none, 50.02 -> 50.21 % in-sample); at system level
 * (vf-system) cudb VF seconds with an urgent flag 75.96 -> 77.83 %.
 */
export const SINUSOIDAL_MIN_PEAK_FRACTION = 0.9;

/**
 * Whether every analysable lead of a window shows a regular organised rhythm slower than
 * ventricular flutter: the same complex every ORGANISED_MIN_PERIOD_S or more, at autocorrelation
 * ORGANISED_MIN_CORR or more, and not a sinusoid on every one (SINUSOIDAL_MIN_PEAK_FRACTION). Such
 * a window is not shockable however wide and smooth its
 * complexes (sinus or supraventricular tachycardia with bundle-branch block, slow VT), which is
 * what the spectral and complexity features, blind to repetition, take for VF. False when no lead
 * is analysable. The beat rules still judge slow VT from its beats.
 */
export function organisedSlow(features: readonly Readonly<WindowFeatures>[], analysable: readonly boolean[]): boolean {
  let seen = 0;
  let sinusoidal = 0;
  for (let l = 0; l < features.length; l++) {
    if (!analysable[l]) continue;
    const f = features[l];
    if (!(f.periodS >= ORGANISED_MIN_PERIOD_S && f.periodCorr >= ORGANISED_MIN_CORR)) return false;
    seen++;
    if (f.peakFraction >= SINUSOIDAL_MIN_PEAK_FRACTION) sinusoidal++;
  }
  return seen > 0 && sinusoidal < seen;
}
