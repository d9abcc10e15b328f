import { DspParameterError } from '../../filters/errors.js';
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
 * the weights; the shortCorr term of earlier fits, weight 0, is gone) on the 1-s decisions of
 * every analysable lead of the shared vfdb, cudb, mitdb and nstdb records: positives VF/VFL and
 * VT at ≥ 180/min; negatives NSR, other rhythms and asystole at equal weight, mitdb/nstdb
 * negatives at 0.1 (their easy sinus windows would otherwise outvote the hard ones). Transition
 * seconds, noise and slow VT are left out.
 *
 * The rows are the windows that end whole seconds, whatever the detector's hop, measured as the
 * detector measures them: on the 250 Hz grid with the 50/60 Hz notches (lead-window.ts). Per
 * second through the detector (bench/rhythm/vf.ts, 0.5-s hop, organised-rhythm veto), urgent tier
 * (two whole-second windows >= 0.7 or one >= 0.95, shockable-detector.ts), in-sample ->
 * leave-one-record-out (each record scored by a model fitted without it; the held-out PhysioNet
 * halves will judge like that): vfdb VF Se 93.60 -> 93.23, rapid VT 94.98 -> 94.98, NSR Sp
 * 99.75 -> 99.05 (8305 of 8385 s), other Sp 99.44 -> 99.46, asystole 90.79 -> 90.79; cudb VF Se
 * 77.83 -> 75.58 (75.58 -> 74.01 before highFraction left out the harmonics of coarse periodic
 * rhythms from 5 Hz, window-features.ts, when vfdb read VF 93.56 -> 92.95 and NSR 99.73 -> 99.00,
 * one second short of > 99 %; 74.16 -> 72.58 before unreadable windows held an open episode,
 * hysteresis.ts; 72.28 -> 71.61 before the veto spared sinusoids, organised-slow.ts), NSR 97.84
 * (cu09 alone, 232 s; 98.71 before the hold), other 98.65 -> 98.65; nstdb 118e* and mitdb no
 * false second either way, 207's flutter 95.54 %. Any tier (from 0.5): vfdb 96.02 -> 95.49,
 * 98.92 -> 98.92, 99.30 -> 97.84, 98.92 -> 98.97; cudb 84.42 -> 82.55.
 *
 * History. The first model (false alarms weighted 4:1) read vfdb NSR Sp 95.0 in-sample but ~77 %
 * left out: it had learnt vfdb 418's sinus complexes, not sinus rhythm. Equal weights gave
 * NSR Sp 97.50 → 94.32, VF Se 94.96 → 93.81, cudb VF Se 76.10 → 74.91. Adding flatFraction (the
 * isoelectric share, flat-segments.ts: organised rhythms rest between complexes, VF never does)
 * and logPeriod brought the figures above. The weak sides remain wide sinus complexes between
 * runs of wide beats (vfdb 418, 424) and organised, clipped or post-shock VF (cudb cu07, cu11,
 * cu15, cu23).
 *
 * The previous weights, fitted when each record was measured on its own grid and without the
 * notches, read held out vfdb VF 92.82, NSR Sp 99.01, other 99.52, asystole 96.05, cudb VF 69.89;
 * on the current windows they would have been refitted anyway, as fit.ts reproduces these.
 *
 * The model can also weigh the pairwise products of its inputs (fit.ts FIT.pairwise), on inputs
 * standardised by the training windows: one feature means different things in different company
 * (high-frequency power marks QRS complexes over a flat baseline, not disorganised fast VF that
 * never rests, cu07). Left out, that lifts cudb VF Se by 5-7 points but costs asystole
 * specificity and mitdb 207's flutter (figures in fit.ts), so the shipped weights stay linear:
 * mean 0 and scale 1 leave the inputs raw and the 45 product weights are 0.
 */
export interface ShockableModel {
  /** Mean of each of MODEL_INPUTS over the training windows. */
  mean: readonly number[];
  /** Standard deviation of each of MODEL_INPUTS over the training windows. */
  scale: readonly number[];
  /** WEIGHT_COUNT weights: bias, one per standardised input, one per pair i <= j (row by row). */
  weights: readonly number[];
}

/**
 * The model's inputs, functions of the window features (window-features.ts), in order. shortCorr
 * is not one: left out of the fit it cost cudb VF Se 4-5 points (organised VF in cu07, cu15
 * repeats like a regular rhythm at short lags). logPeriod alone cost cudb 5 points too, but beside
 * flatFraction it buys vfdb NSR Sp and keeps nstdb free of false seconds.
 */
export const MODEL_INPUTS = ['leak', 'tcsc', 'peakFraction', 'highFraction', 'logDominantHz', 'phaseFill', 'lz', 'logPeriod', 'flatFraction'] as const;
export const INPUT_COUNT = MODEL_INPUTS.length;
export const WEIGHT_COUNT = 1 + INPUT_COUNT + (INPUT_COUNT * (INPUT_COUNT + 1)) / 2;

/**
 * The model's raw inputs of one window into out[0..INPUT_COUNT). Logarithms for the frequency
 * (ln of max(dominantHz, 0.5 Hz)) and the period (ln of max(periodS, 0.1 s)): organised rhythms
 * repeat at the RR, VF every 0.12-0.33 s, a ratio scale.
 */
export function modelInputs(f: Readonly<WindowFeatures>, out: Float64Array): Float64Array {
  out[0] = f.leak;
  out[1] = f.tcsc;
  out[2] = f.peakFraction;
  out[3] = f.highFraction;
  out[4] = Math.log(Math.max(f.dominantHz, 0.5));
  out[5] = f.phaseFill;
  out[6] = f.lz;
  out[7] = Math.log(Math.max(f.periodS, 0.1));
  out[8] = f.flatFraction;
  return out;
}

/** The terms the weights multiply, from standardised inputs z[0..INPUT_COUNT): 1, each z, each z_i z_j (i <= j). */
export function modelTerms(z: Float64Array, out: Float64Array, at = 0): Float64Array {
  out[at] = 1;
  for (let i = 0; i < INPUT_COUNT; i++) out[at + 1 + i] = z[i];
  let k = at + 1 + INPUT_COUNT;
  for (let i = 0; i < INPUT_COUNT; i++) for (let j = i; j < INPUT_COUNT; j++) out[k++] = z[i] * z[j];
  return out;
}

/** Throws a DspParameterError unless the model's arrays have the lengths the inputs need. */
export function checkModel(model: Readonly<ShockableModel>): void {
  if (model.mean.length !== INPUT_COUNT || model.scale.length !== INPUT_COUNT) {
    throw new DspParameterError('model', model.mean.length, `expected mean and scale of ${INPUT_COUNT} inputs (${MODEL_INPUTS.join(', ')})`);
  }
  if (model.weights.length !== WEIGHT_COUNT) throw new DspParameterError('model', model.weights.length, `expected ${WEIGHT_COUNT} weights`);
}

// Scratch for shockableProbability: one window at a time, allocated once.
const raw = new Float64Array(INPUT_COUNT);
const terms = new Float64Array(WEIGHT_COUNT);

/** Probability, 0..1, that a window with these features is a shockable rhythm. */
export function shockableProbability(f: Readonly<WindowFeatures>, model: Readonly<ShockableModel> = MODEL): number {
  modelInputs(f, raw);
  for (let i = 0; i < INPUT_COUNT; i++) raw[i] = (raw[i] - model.mean[i]) / model.scale[i];
  modelTerms(raw, terms);
  let z = 0;
  for (let k = 0; k < WEIGHT_COUNT; k++) z += model.weights[k] * terms[k];
  return 1 / (1 + Math.exp(-z));
}

/** The linear model (FIT.pairwise off): raw inputs, no products. */
export const MODEL: Readonly<ShockableModel> = {
  mean: [0, 0, 0, 0, 0, 0, 0, 0, 0],
  scale: [1, 1, 1, 1, 1, 1, 1, 1, 1],
  // bias, leak, tcsc, peakFraction, highFraction, logDominantHz, phaseFill, lz, logPeriod, flatFraction; then the 45 products
  weights: [5.836, -8.174, -15.949, 1.842, -50.011, -0.285, 34.022, 0.609, -1.111, -13.819, ...new Array<number>(45).fill(0)],
};

/** VT when organised and below VT_MAX_DOMINANT_HZ, else VFIB (only called for shockable windows). */
export function shockableKind(f: Readonly<WindowFeatures>): 'VFIB' | 'VT' {
  return f.peakFraction >= VT_MIN_PEAK_FRACTION && f.dominantHz < VT_MAX_DOMINANT_HZ ? 'VT' : 'VFIB';
}
