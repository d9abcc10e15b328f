import type { StripModel } from './classify.js';

/**
 * The short-strip classifier's coefficients, frozen. Fitted by bench/rhythm/strip-fit.ts
 * (multinomial logistic regression, ridge l2 = 3 on standardised inputs, 1500 gradient steps)
 * on the 401 cinc2017 training strips in ../shared/data (134 N, 100 A, 100 O, 67 ~), each
 * measured end to end from its signal by measureStrip; strips classifyStrip sends to '~' before
 * the model (too few beats, implausible rate) are left out of the fit.
 *
 * Record-level 10-fold cross-validation, stratified by class, seeds 1-5 (every strip classified
 * by a model fitted without it): AF F1 86.43 / 87.00 / 87.44 / 87.44 / 87.44 %, mean 87.15 %;
 * challenge score (mean F1 of N, A, O) 75.11 / 74.07 / 74.00 / 74.86 / 73.64 %, mean 74.33 %.
 * In-sample: AF F1 88.00 %, score 76.20 %. Refitted after the QRS detector learnt to learn again
 * after the electrodes' transient (its beats changed on a few strips that start with one). The inputs were chosen by backward elimination
 * under cross-validation over 17 candidates, then QRS consistency was added as a marker of
 * beats found in noise; bench/rhythm/strip-select.ts holds that procedure over all 18
 * STRIP_INPUTS. Repeating the choice inside each fold (nested 10-fold CV, seed 1: inputs and
 * weights chosen on the nine training folds only) gives AF F1 85.15 %, score 71.63 % (87.56 /
 * 71.82 before fWaveShare was capped at 1): choosing the inputs on these strips flatters the
 * AF figure by up to ~2.5 points and the N/O split more; expect ~85-88 % on unseen strips.
 * Not used in the fit, 30-s windows of the shared mitdb records (lead 0, 360 Hz): 49 of 49
 * all-AF windows called A, 28 of 1466 windows without AF (1.91 %).
 *
 * Reading the weights (standardised inputs): AF is the class that rises with pNN50-like
 * successive differences, RR irregularity and f-wave band share, and falls with a consistent
 * P wave (pWaveZ); '~' rises where the ectopic filter keeps few intervals, the f-wave measure
 * finds too few clean ones and the QRS complexes do not match each other; N falls with any
 * rate away from 70 bpm.
 */
export const STRIP_MODEL: StripModel = {
  inputs: ['logIrregularity', 'logRawIrregularity', 'cosen', 'successiveShare', 'pWaveZ', 'fWaveShare', 'fWaveUnmeasured', 'cleanShare', 'rateDeviation', 'qrsMatchShare'],
  mean: [-3.45965, -3.01111, -1.71447, 0.428547, 0.958147, 0.283308, 0.145, 0.660284, 0.215089, 0.900896],
  scale: [1.22869, 1.31837, 0.950054, 0.327579, 0.720965, 0.197496, 0.352101, 0.272864, 0.189485, 0.205153],
  weights: [
    [0.256905, -0.222493, 0.397137, -1.31953, 0.586216, 0.0805315, -0.248352, 0.162522, -0.684928, 0.117697], // N
    [0.193392, 0.323091, -0.246087, 1.26787, -0.969053, 0.340676, 0.306836, 0.905888, 0.268327, 0.396461], // A
    [-0.192486, -0.0800443, -0.430594, 0.248373, 0.274413, 0.0895388, -0.694593, 0.230317, 0.131446, -0.166082], // O
    [-0.257811, -0.0205533, 0.279544, -0.196714, 0.108424, -0.510746, 0.636109, -1.29873, 0.285156, -0.348075], // ~
  ],
  bias: [0.428112, -0.140453, 0.713561, -1.00122],
};
