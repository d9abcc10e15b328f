import type { StripModel } from './classify.js';

/**
 * The short-strip classifier's coefficients, frozen. Fitted by bench/rhythm/strip-fit.ts
 * (multinomial logistic regression, ridge l2 = 3 on standardised inputs, 1500 gradient steps)
 * on the 401 cinc2017 training strips in ../shared/data (134 N, 100 A, 100 O, 67 ~), each
 * measured end to end from its signal by measureStrip; strips classifyStrip sends to '~' before
 * the model (too few beats, implausible rate) are left out of the fit.
 *
 * Record-level 10-fold cross-validation, stratified by class, seeds 1-5 (every strip classified
 * by a model fitted without it): AF F1 87.44 / 87.44 / 88.00 / 88.00 / 88.00 %, mean 87.78 %;
 * challenge score (mean F1 of N, A, O) 74.74 / 73.96 / 74.05 / 74.47 / 74.48 %, mean 74.34 %.
 * In-sample: AF F1 88.00 %, score 75.48 %. The inputs were chosen by backward elimination
 * under cross-validation over 17 candidates, then QRS consistency was added as a marker of
 * beats found in noise; bench/rhythm/strip-select.ts holds that procedure over all 18
 * STRIP_INPUTS. Repeating the choice inside each fold (nested 10-fold CV, seed 1: inputs and
 * weights chosen on the nine training folds only) gives AF F1 85.15 %, score 71.63 % (87.56 /
 * 71.82 before fWaveShare was capped at 1): choosing the inputs on these strips flatters the
 * AF figure by up to ~2.5 points and the N/O split more; expect ~85-88 % on unseen strips.
 * Not used in the fit, 30-s windows of the shared mitdb records (lead 0, 360 Hz): 49 of 49
 * all-AF windows called A, 29 of 1466 windows without AF (2.0 %).
 *
 * Reading the weights (standardised inputs): AF is the class that rises with pNN50-like
 * successive differences, RR irregularity and f-wave band share, and falls with a consistent
 * P wave (pWaveZ); '~' rises where the ectopic filter keeps few intervals, the f-wave measure
 * finds too few clean ones and the QRS complexes do not match each other; N falls with any
 * rate away from 70 bpm.
 */
export const STRIP_MODEL: StripModel = {
  inputs: ['logIrregularity', 'logRawIrregularity', 'cosen', 'successiveShare', 'pWaveZ', 'fWaveShare', 'fWaveUnmeasured', 'cleanShare', 'rateDeviation', 'qrsMatchShare'],
  mean: [-3.46277, -3.01801, -1.71995, 0.427286, 0.967734, 0.288444, 0.16, 0.656261, 0.215227, 0.904647],
  scale: [1.22837, 1.31384, 0.946607, 0.32706, 0.720088, 0.196221, 0.366606, 0.274039, 0.189779, 0.197628],
  weights: [
    [0.291862, -0.25464, 0.403641, -1.32282, 0.598271, 0.0415021, -0.311414, 0.103618, -0.70806, 0.0745738], // N
    [0.261077, 0.286158, -0.236451, 1.22299, -1.00171, 0.333933, 0.241891, 0.803231, 0.23225, 0.403649], // A
    [-0.269042, -0.10013, -0.323984, 0.241044, 0.312222, 0.0496994, -0.762525, 0.172426, 0.113361, -0.193064], // O
    [-0.283897, 0.0686122, 0.156794, -0.141219, 0.091219, -0.425135, 0.832048, -1.07927, 0.362449, -0.285159], // ~
  ],
  bias: [0.445101, -0.173487, 0.697968, -0.969582],
};
