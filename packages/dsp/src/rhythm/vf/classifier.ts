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
 * Logistic model over the window features, fitted (IRLS, L2 1e-2) on the 1-s decisions of the
 * shared vfdb, cudb, mitdb and nstdb records: positives VF/VFL and VT at ≥ 180/min, negatives
 * NSR, other rhythms and asystole weighted 4:1 (a false alarm in a village clinic is paid for
 * in trust). Transition seconds, noise and slow VT were left out of the fit. Leave-one-record-out
 * refits (per window, before hysteresis): VF flagged 94.0 % vfdb / 87.0 % cudb (in-sample 94.9 /
 * 89.4), but vfdb NSR wrongly flagged 23.1 % (in-sample 5.2 %): sinus rhythm in that database is
 * the weak side, and a held-out record with unusual sinus complexes will show it.
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
  bias: -6.423,
  leak: -9.995,
  tcsc: -6.822,
  peakFraction: 3.972,
  highFraction: -54.08,
  logDominantHz: 0.399,
  phaseFill: 36.798,
  lz: 26.087,
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
