import type { BeatLabel } from '../rhythm/types.js';
import { MATCH_CORR } from './clusters.js';

/** What the rules look at for one beat. Times in seconds, ratios plain. */
export interface BeatFeatures {
  /** A dominant (normal) class with enough members exists. */
  hasDominant: boolean;
  /** The beat was put into the dominant class. */
  inDominant: boolean;
  /** Correlation of the beat with the dominant template, best alignment, -1..1. */
  corrDominant: number;
  /** QRS duration of the beat's class minus that of the dominant class, s. */
  widthDelta: number;
  /** The main deflection (in the dominant's main lead) points the other way. */
  flipped: boolean;
  /** Preceding RR over the patient's normal RR (NN mean, or the local median early on). */
  prematurity: number;
  /** Following RR over preceding RR (following capped at the look-ahead); > 1: a pause followed. */
  pauseRatio: number;
}

/**
 * Ventricular: clearly unlike the patient's own normal beat and wider or of opposite polarity.
 * Correlation < 0.8 is far below beat-to-beat variation of one focus (> 0.9), and 20 ms wider
 * is the smallest step a ventricular origin (cell-to-cell conduction, QRS >= 120 ms against a
 * normal 80-100 ms) makes. Very unlike (< 0.5) is ventricular whatever the width: some PVCs
 * are narrow on a band-limited lead, and supraventricular aberration rarely changes shape so.
 * Width alone never makes V: a bundle-branch-block patient's dominant beat is wide already.
 */
const V_CORR = 0.8;
const V_WIDER_S = 0.02;
const V_CORR_ALONE = 0.5;
/** Supraventricular premature: RR at most 87 % of the normal RR (the classic 10-15 % prematurity). */
const S_PREMATURE = 0.87;
/** ... and no shorter pause after it (an early beat followed by another early one is irregular rhythm). */
const S_PAUSE = 1.0;

export function decideLabel(f: Readonly<BeatFeatures>): BeatLabel {
  if (!f.hasDominant) return 'Q';
  if (!f.inDominant && f.corrDominant < MATCH_CORR) {
    const unlike = f.corrDominant < V_CORR && (f.widthDelta >= V_WIDER_S || f.flipped);
    if (unlike || f.corrDominant < V_CORR_ALONE) return 'V';
  }
  if (f.prematurity > 0 && f.prematurity < S_PREMATURE && f.pauseRatio >= S_PAUSE) return 'S';
  return 'N';
}
