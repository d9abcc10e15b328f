import type { FeatureThreshold, QualityClass, QualityFeatures, QualityProblem, QualityThresholds } from './types.js';

/**
 * Default thresholds and why:
 * - bsqi: good >= 0.90, poor <= 0.60 — the optimal / unqualified limits of the matched-beat
 *   index qSQI in Zhao & Zhang (Front. Physiol. 9:727, 2018), after Li, Mark & Clifford
 *   (Physiol. Meas. 29:15, 2008), where clean records agree above 0.9.
 * - clippedFraction: good <= 1 %, poor >= 5 % of the second (a clipped R wave of 20-40 ms per
 *   beat is 2-5 %; more than that hides QRS shape and amplitude).
 * - nanFraction (short gaps): good <= 1 %, poor >= 10 %; from 50 % the lead counts as off.
 * - muscleDb, mainsDb, baselineDb: set so that the class boundaries fall near the signal-to-
 *   noise ratios at which Smital et al. (IEEE TBME 67(10):2721, 2020) found ECG good for full-
 *   wave analysis (18 dB) and for QRS detection only (5 dB), SNR as in Moody's nst (QRS
 *   peak-to-peak² / 8 over noise power). The mapping from nst SNR to our band ratios was
 *   measured on synthetic ECG (1.2 mV R, 75 bpm) with white noise, a 50 Hz sine and a 0.3 Hz
 *   sine (see signal-quality.test.ts, which asserts it): mains -6 / +7 dB and muscle -17 / -7 dB
 *   sit at nst 18 / 5 dB. Wander below 0.7 Hz is what the monitoring band's 0.67 Hz high-pass
 *   removes and barely touches beat detection, so baseline is judged more leniently: good up to
 *   nst 6 dB (+6), poor from -6 dB (+18), i.e. wander about twice the QRS amplitude, where
 *   amplifiers saturate and ST cannot be read. (At good = 0 dB, 39 % of the clean mitdb seconds
 *   were 'not good' for baseline alone.)
 * - flat: range < 10 µV (2 ADC steps of a 200 adu/mV recorder) over a whole second; a living
 *   heart, even in asystole, leaves tens of µV of baseline activity and noise on a connected lead.
 */
export const DEFAULT_QUALITY_THRESHOLDS: QualityThresholds = {
  bsqi: { good: 0.9, poor: 0.6, ideal: 1 },
  clippedFraction: { good: 0.01, poor: 0.05, ideal: 0 },
  nanFraction: { good: 0.01, poor: 0.1, ideal: 0 },
  mainsDb: { good: -6, poor: 7 },
  muscleDb: { good: -17, poor: -7 },
  baselineDb: { good: 6, poor: 18 },
  flatRangeMv: 0.01,
  railLeadOffFraction: 0.9,
  nanLeadOffFraction: 0.5,
};

const GOOD = 2 / 3;
const POOR = 1 / 3;

/**
 * Feature score 0..1, piecewise linear: 1 at `ideal` (default: as far beyond `good` as `poor` is
 * on the other side), 2/3 at `good`, 1/3 at `poor`, 0 as far beyond `poor` again; clamped.
 */
export function featureScore(value: number, t: FeatureThreshold): number {
  const step = t.poor - t.good;
  if (step === 0) return value === t.good ? 1 : 0;
  const ideal = t.ideal ?? t.good - step;
  const u = (value - t.good) / step; // 0 at good, 1 at poor
  if (u <= 0) {
    const v = (value - ideal) / (t.good - ideal); // 0 at ideal, 1 at good
    return v <= 0 ? 1 : 1 - v / 3;
  }
  const s = GOOD - u / 3;
  return s < 0 ? 0 : s;
}

export interface Classification {
  index: number;
  class: QualityClass;
  leadOff: boolean;
  problems: QualityProblem[];
}

/** Lead-off state first; otherwise the worst feature score sets index and class. */
export function classifyQuality(f: QualityFeatures, t: QualityThresholds): Classification {
  const off: QualityProblem[] = [];
  if (f.nanFraction >= t.nanLeadOffFraction) off.push('gap');
  if (f.nanFraction < 1 && f.rangeMv < t.flatRangeMv) off.push('flat');
  if (f.railFraction >= t.railLeadOffFraction) off.push('rail');
  if (off.length > 0) return { index: 0, class: 'unusable', leadOff: true, problems: off };

  // Scores go into module scratch, not per-second tuples: this runs every second on every lead.
  let k = 0;
  k = score(k, 'gap', featureScore(f.nanFraction, t.nanFraction));
  k = score(k, 'clipping', featureScore(f.clippedFraction, t.clippedFraction));
  k = score(k, 'mains', featureScore(f.mainsDb, t.mainsDb));
  k = score(k, 'muscle', featureScore(f.muscleDb, t.muscleDb));
  k = score(k, 'baseline', featureScore(f.baselineDb, t.baselineDb));
  // No beats from either detector (asystole, or the first seconds): agreement says nothing,
  // and must not turn a real asystole into "noise".
  if (f.bsqi !== null) k = score(k, 'beats', featureScore(f.bsqi, t.bsqi));
  let index = 1;
  for (let i = 0; i < k; i++) if (SCORES[i] < index) index = SCORES[i];
  const problems = problemsWorstFirst(k);
  const cls: QualityClass = index >= GOOD ? 'good' : index >= POOR ? 'acceptable' : 'poor';
  return { index, class: cls, leadOff: false, problems };
}

const SCORE_NAMES: QualityProblem[] = [];
const SCORES = new Float64Array(8);
const ORDER = new Int8Array(8);

function score(k: number, problem: QualityProblem, value: number): number {
  SCORE_NAMES[k] = problem;
  SCORES[k] = value;
  return k + 1;
}

/** The problems among SCORES[0..k) below GOOD, worst first (ties in listing order). */
function problemsWorstFirst(k: number): QualityProblem[] {
  let n = 0;
  for (let i = 0; i < k; i++) {
    if (!(SCORES[i] < GOOD)) continue;
    let at = n++;
    for (; at > 0 && SCORES[ORDER[at - 1]] > SCORES[i]; at--) ORDER[at] = ORDER[at - 1];
    ORDER[at] = i;
  }
  const out: QualityProblem[] = new Array<QualityProblem>(n);
  for (let j = 0; j < n; j++) out[j] = SCORE_NAMES[ORDER[j]];
  return out;
}
