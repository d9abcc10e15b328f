import type { WindowFeatures } from './window-features.js';

/** What one analysis window looks like. */
export type WindowClass = 'none' | 'VFIB' | 'VT';

/** Peak-to-peak amplitude below which a window is asystole/lead-off, not VF, mV (AHA: fine VF ≥ 0.1 mV). */
export const MIN_P2P_MV = 0.1;

/**
 * Rapid VT is organised: most power sits around one peak below 4.5 Hz (270/min). Windows that
 * are shockable and organised like that are VT, the rest (fibrillation, flutter) VFIB.
 */
export const VT_MAX_DOMINANT_HZ = 4.5;
export const VT_MIN_PEAK_FRACTION = 0.85;

/**
 * Logistic model over the window features, fitted by bench/rhythm/vf/fit.ts (IRLS, ridge 1e-2 on
 * the weights) on the 1-s decisions of every analysable lead of the shared vfdb, cudb, mitdb and
 * nstdb records: positives VF/VFL and VT at ≥ 180/min; negatives NSR, other rhythms and asystole
 * at equal weight, mitdb/nstdb negatives at 0.1 (their easy sinus windows would otherwise outvote
 * the hard ones). Transition seconds, noise and slow VT are left out.
 *
 * Per second through the detector (bench/rhythm/vf.ts), in-sample → leave-one-record-out (each
 * record scored by a model fitted without it; the held-out PhysioNet halves will judge like that):
 * vfdb VF Se 94.96 → 93.81, rapid VT Se 94.98 → 94.98, NSR Sp 97.50 → 94.32, other Sp 98.24 → 98.49;
 * cudb VF Se 76.10 → 74.91, NSR Sp 92.67 → 92.67, other Sp 98.91 → 98.89; nstdb 118e* no false
 * second; mitdb 3 → 6 false seconds. The previous model (false alarms weighted 4:1, no saturation
 * bridging) read vfdb NSR Sp 95.0 and cudb VF Se 85.0 in-sample, but its window-level
 * leave-one-out NSR Sp was ~77 %: it had learnt vfdb 418's sinus complexes, not sinus rhythm.
 * The weak sides are wide, smooth sinus complexes (vfdb 418, LOO 76.6 %) and organised or
 * clipped VF (cudb cu07, cu11, cu15).
 */
export interface ShockableModel {
  bias: number;
  leak: number;
  tcsc: number;
  peakFraction: number;
  highFraction: number;
  logDominantHz: number; // weight of ln(max(dominantHz, 0.5 Hz))
  phaseFill: number;
  lz: number;
  /** Weight of ln(max(periodS, 0.1 s)): organised rhythms repeat at the RR, VF every 0.12-0.33 s. Optional (0). */
  logPeriod?: number;
  /** Weight of the autocorrelation at VF-like lags (periodicity.ts). Optional (0). */
  shortCorr?: number;
}

export const MODEL: Readonly<ShockableModel> = {
  bias: -4.756,
  leak: -9.544,
  tcsc: -10.777,
  peakFraction: 2.509,
  highFraction: -44.835,
  logDominantHz: 0.773,
  phaseFill: 42.528,
  lz: 16.152,
};

/** Probability, 0..1, that a window with these features is a shockable rhythm. */
export function shockableProbability(f: Readonly<WindowFeatures>, model: Readonly<ShockableModel> = MODEL): number {
  const z =
    model.bias +
    model.leak * f.leak +
    model.tcsc * f.tcsc +
    model.peakFraction * f.peakFraction +
    model.highFraction * f.highFraction +
    model.logDominantHz * Math.log(Math.max(f.dominantHz, 0.5)) +
    model.phaseFill * f.phaseFill +
    model.lz * f.lz +
    (model.logPeriod ?? 0) * Math.log(Math.max(f.periodS, 0.1)) +
    (model.shortCorr ?? 0) * f.shortCorr;
  return 1 / (1 + Math.exp(-z));
}

/** VT when organised and below VT_MAX_DOMINANT_HZ, else VFIB (only called for shockable windows). */
export function shockableKind(f: Readonly<WindowFeatures>): 'VFIB' | 'VT' {
  return f.peakFraction >= VT_MIN_PEAK_FRACTION && f.dominantHz < VT_MAX_DOMINANT_HZ ? 'VT' : 'VFIB';
}
