import { DspParameterError } from '../../filters/errors.js';
import type { StripFeatures } from './features.js';
import { STRIP_MODEL } from './model.js';

/** The CinC 2017 classes: normal sinus rhythm, AF, other rhythm, too noisy to classify. */
export const STRIP_CLASSES = ['N', 'A', 'O', '~'] as const;
export type StripClass = (typeof STRIP_CLASSES)[number];

/**
 * The model's inputs, each a transform of one StripFeatures field chosen for its physiology:
 * logs for ratios that span decades, Fisher's z for a correlation, distance from 70 bpm in
 * log-rate for brady- and tachycardia alike. NaN where the strip does not give the feature;
 * the model fills in its training mean there (no evidence either way).
 */
export const STRIP_INPUTS = {
  logIrregularity: (f: StripFeatures) => log(f.irregularity), // RR irregularity, ectopics removed
  logRawIrregularity: (f: StripFeatures) => log(f.rawIrregularity), // the same, ectopics kept
  cosen: (f: StripFeatures) => f.cosen ?? Number.NaN, // RR entropy, rate-normalised
  successiveShare: (f: StripFeatures) => f.successiveShare ?? Number.NaN, // pNN50 scaled to the rate
  pWaveZ: (f: StripFeatures) => (f.pWave === null ? Number.NaN : Math.atanh(Math.min(0.98, Math.max(-0.95, f.pWave)))),
  fWaveShare: (f: StripFeatures) => f.fWaveShare ?? Number.NaN, // f-wave band share after QRST cancellation
  fWaveUnmeasured: (f: StripFeatures) => (f.fWaveShare === null ? 1 : 0), // too few clean intervals: noise or chaos
  cleanShare: (f: StripFeatures) => f.cleanShare, // intervals neither ectopic nor impossible
  qrsMatchShare: (f: StripFeatures) => f.qrsMatchShare ?? Number.NaN, // beats conducted alike: not noise
  rateDeviation: (f: StripFeatures) => (f.heartRate === null ? Number.NaN : Math.abs(Math.log(f.heartRate / 70))),
  // candidates bench/rhythm/strip-select.ts also tried, which the frozen model does without
  pWaveUnmeasured: (f: StripFeatures) => (f.pWave === null ? 1 : 0),
  repeatShare: (f: StripFeatures) => f.repeatShare ?? Number.NaN,
  atrialUnexplained: (f: StripFeatures) => f.atrialUnexplained ?? Number.NaN,
  wideUnexplained: (f: StripFeatures) => f.wideUnexplained ?? Number.NaN,
  badRrFraction: (f: StripFeatures) => f.badRrFraction,
  poorShare: (f: StripFeatures) => f.poorShare,
  logRate: (f: StripFeatures) => (f.heartRate === null ? Number.NaN : Math.log(f.heartRate)),
  logNovelty: (f: StripFeatures) => log(f.novelty),
} as const satisfies Record<string, (f: StripFeatures) => number>;

export type StripInput = keyof typeof STRIP_INPUTS;

/** A multinomial logistic model over standardised STRIP_INPUTS. */
export interface StripModel {
  inputs: readonly StripInput[];
  mean: readonly number[]; // per input, also the value a missing input takes
  scale: readonly number[]; // per input standard deviation
  weights: readonly (readonly number[])[]; // [class in STRIP_CLASSES order][input]
  bias: readonly number[]; // per class
}

export interface StripVerdict {
  label: StripClass;
  probabilities: Record<StripClass, number>; // 0-1, sum 1 (all on '~' when the beats are not usable)
  /** Why the model was not asked, when it was not. */
  reason?: 'too few beats' | 'implausible rate';
}

/** Shortest strip rhythm the model is asked about: fewer beats cannot show a rhythm. */
const MIN_BEATS = 5;
/** Rates outside this (bpm) are not a rhythm the QRS detector can have followed: noise. */
const MIN_RATE = 30;
const MAX_RATE = 220;

/** The model's standardised input vector of a strip, written into `out`. */
export function stripInputs(f: StripFeatures, model: StripModel = STRIP_MODEL, out = new Float64Array(model.inputs.length)): Float64Array {
  for (let i = 0; i < model.inputs.length; i++) {
    const x = STRIP_INPUTS[model.inputs[i]](f);
    out[i] = Number.isFinite(x) ? (x - model.mean[i]) / model.scale[i] : 0;
  }
  return out;
}

/**
 * The strip's class: '~' without the model when there are too few beats or an implausible rate
 * (the detector followed noise), else the most probable class of the model.
 */
export function classifyStrip(f: StripFeatures, model: StripModel = STRIP_MODEL): StripVerdict {
  if (model.weights.length !== STRIP_CLASSES.length || model.inputs.length !== model.mean.length) {
    throw new DspParameterError('model', model.inputs.length, 'expected one weight row per class and a mean per input');
  }
  const noise = (reason: StripVerdict['reason']): StripVerdict => ({ label: '~', probabilities: { N: 0, A: 0, O: 0, '~': 1 }, reason });
  if (f.beats < MIN_BEATS) return noise('too few beats');
  if (f.heartRate === null || f.heartRate < MIN_RATE || f.heartRate > MAX_RATE) return noise('implausible rate');
  const x = stripInputs(f, model);
  const z = model.weights.map((w, c) => w.reduce((t, wi, i) => t + wi * x[i], model.bias[c]));
  const top = Math.max(...z);
  const e = z.map((v) => Math.exp(v - top));
  const total = e.reduce((t, v) => t + v, 0);
  const probabilities = Object.fromEntries(STRIP_CLASSES.map((c, i) => [c, e[i] / total])) as Record<StripClass, number>;
  const label = STRIP_CLASSES[z.indexOf(top)];
  return { label, probabilities };
}

function log(x: number | null): number {
  return x === null ? Number.NaN : Math.log(Math.max(x, 1e-3));
}
