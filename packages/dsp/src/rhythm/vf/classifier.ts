import type { WindowFeatures } from './window-features.js';

/** What one analysis window looks like. */
export type WindowClass = 'none' | 'VFIB' | 'VT';

export interface WindowDecision {
  kind: WindowClass;
  /** Logistic probability that the window is shockable, 0..1 (0 when a gate refused it). */
  probability: number;
  /** Why a window was refused before the logistic model: 'gap', 'flat', or null. */
  gate: 'gap' | 'flat' | null;
}

/** Peak-to-peak amplitude below which a window is asystole/lead-off, not VF, mV (AHA: fine VF ≥ 0.1 mV). */
export const MIN_P2P_MV = 0.1;

/** Dominant frequency below which a shockable window is rapid VT rather than flutter/VF, Hz (240/min). */
export const VT_MAX_DOMINANT_HZ = 4;

/** Logistic model weights (first fit, vfdb+cudb+mitdb+nstdb windows, classes balanced). */
export const MODEL = {
  bias: -2.377,
  leak: -4.898,
  tcsc: 3.787,
  peakFraction: 5.732,
  highFraction: -19.641,
  logDominantHz: 1.354,
};

export function shockableProbability(f: Readonly<WindowFeatures>): number {
  const z =
    MODEL.bias +
    MODEL.leak * f.leak +
    MODEL.tcsc * f.tcsc +
    MODEL.peakFraction * f.peakFraction +
    MODEL.highFraction * f.highFraction +
    MODEL.logDominantHz * Math.log(Math.max(f.dominantHz, 0.5));
  return 1 / (1 + Math.exp(-z));
}
