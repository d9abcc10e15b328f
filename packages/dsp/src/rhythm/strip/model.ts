import type { StripModel } from './classify.js';

/**
 * The short-strip classifier's coefficients, frozen. Fitted by bench/rhythm/strip-fit.ts
 * (multinomial logistic regression, ridge l2 = 3 on standardised inputs, 1500 gradient steps)
 * on the 401 cinc2017 training strips in ../shared/data (134 N, 100 A, 100 O, 67 ~), each
 * measured end to end from its signal by measureStrip; strips classifyStrip sends to '~' before
 * the model (too few beats, implausible rate) are left out of the fit.
 *
 * Record-level 10-fold cross-validation, stratified by class, seeds 1-5 (every strip classified
 * by a model fitted without it): AF F1 86.70 / 87.13 / 88.56 / 89.00 / 88.12 %, mean 87.90 %;
 * challenge score (mean F1 of N, A, O) 75.13 / 73.41 / 74.45 / 75.09 / 74.15 %, mean 74.44 %.
 * In-sample: AF F1 89.11 %, score 76.18 %. Refitted after the P-wave window learnt to end before
 * the QRS (atrial-activity.ts; before: CV 87.15 / 74.33, in-sample 88.00 / 76.20), and before
 * that after the QRS detector learnt to learn again after the electrodes' transient (its beats
 * changed on a few strips that start with one). The inputs were chosen by backward elimination
 * under cross-validation over 17 candidates, then QRS consistency was added as a marker of
 * beats found in noise; bench/rhythm/strip-select.ts holds that procedure over all 18
 * STRIP_INPUTS. Repeating the choice inside each fold (nested 10-fold CV, seed 1: inputs and
 * weights chosen on the nine training folds only) gives AF F1 85.15 %, score 71.63 % (87.56 /
 * 71.82 before fWaveShare was capped at 1): choosing the inputs on these strips flatters the
 * AF figure by up to ~2.5 points and the N/O split more; expect ~85-88 % on unseen strips.
 * Not used in the fit, 30-s windows of the shared mitdb records (lead 0, 360 Hz;
 * `node dist/bench/rhythm/strip-mitdb.js`): 49 of 49 all-AF windows called A, 43 of 1466
 * windows without AF (2.93 %; 28, 1.91 %, before the P-wave window ended before the QRS: the
 * paced records 107 and 217 went 5 -> 14 and 0 -> 9, their paced QRS onsets no longer read as
 * P waves; the unpaced ones 23 -> 20).
 *
 * Reading the weights (standardised inputs): AF is the class that rises with pNN50-like
 * successive differences, RR irregularity and f-wave band share, and falls with a consistent
 * P wave (pWaveZ); '~' rises where the ectopic filter keeps few intervals, the f-wave measure
 * finds too few clean ones and the QRS complexes do not match each other; N falls with any
 * rate away from 70 bpm.
 */
export const STRIP_MODEL: StripModel = {
  inputs: ['logIrregularity', 'logRawIrregularity', 'cosen', 'successiveShare', 'pWaveZ', 'fWaveShare', 'fWaveUnmeasured', 'cleanShare', 'rateDeviation', 'qrsMatchShare'],
  mean: [-3.45965, -3.01111, -1.71447, 0.428547, 0.918984, 0.283308, 0.145, 0.660284, 0.215089, 0.900896],
  scale: [1.22869, 1.31837, 0.950054, 0.327579, 0.727092, 0.197496, 0.352101, 0.272864, 0.189485, 0.205153],
  weights: [
    [0.230329, -0.213878, 0.393146, -1.31372, 0.600927, 0.0822776, -0.251001, 0.181642, -0.693717, 0.101648], // N
    [0.263393, 0.331813, -0.242398, 1.21721, -1.01254, 0.338445, 0.303364, 0.86428, 0.291899, 0.404138], // A
    [-0.206393, -0.101014, -0.426441, 0.277338, 0.367512, 0.0913879, -0.699251, 0.238544, 0.135639, -0.182031], // O
    [-0.287329, -0.0169203, 0.275693, -0.180834, 0.0440991, -0.51211, 0.646888, -1.28447, 0.266179, -0.323756], // ~
  ],
  bias: [0.45858, -0.188924, 0.731949, -1.0016],
};
