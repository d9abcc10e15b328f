import type { StripModel } from './classify.js';

/**
 * The short-strip classifier's coefficients, frozen. Fitted by bench/rhythm/strip-fit.ts
 * (multinomial logistic regression, ridge l2 = 3 on standardised inputs, 1500 gradient steps)
 * on the 401 cinc2017 training strips in ../shared/data (134 N, 100 A, 100 O, 67 ~), each
 * measured end to end from its signal by measureStrip; strips classifyStrip sends to '~' before
 * the model (too few beats, implausible rate) are left out of the fit.
 *
 * Record-level 10-fold cross-validation, stratified by class, seeds 1-5 (every strip classified
 * by a model fitted without it): AF F1 87.44 / 87.44 / 88.00 / 88.00 / 87.56 %, mean 87.69 %;
 * challenge score (mean F1 of N, A, O) 74.74 / 73.96 / 74.05 / 74.47 / 74.32 %, mean 74.31 %.
 * In-sample: AF F1 88.56 %, score 76.12 %. The inputs were chosen by backward elimination
 * under cross-validation over 17 candidates, then QRS consistency was added as a marker of
 * beats found in noise; bench/rhythm/strip-select.ts holds that procedure over all 18 STRIP_INPUTS.
 * Repeating the choice inside each fold (nested 10-fold CV, seed 1: inputs and weights chosen
 * on the nine training folds only) gives AF F1 87.56 %, score 71.82 %, so the choice flatters
 * the AF figure little (the N/O split more).
 *
 * Reading the weights (standardised inputs): AF is the class that rises with pNN50-like
 * successive differences, RR irregularity and f-wave band share, and falls with a consistent
 * P wave (pWaveZ); '~' rises where the ectopic filter keeps few intervals, the f-wave measure
 * finds too few clean ones and the QRS complexes do not match each other; N falls with any
 * rate away from 70 bpm.
 */
export const STRIP_MODEL: StripModel = {
  inputs: ['logIrregularity', 'logRawIrregularity', 'cosen', 'successiveShare', 'pWaveZ', 'fWaveShare', 'fWaveUnmeasured', 'cleanShare', 'rateDeviation', 'qrsMatchShare'],
  mean: [-3.46277, -3.01801, -1.71995, 0.427286, 0.967734, 0.290429, 0.16, 0.656261, 0.215227, 0.904647],
  scale: [1.22837, 1.31384, 0.946607, 0.32706, 0.720088, 0.205096, 0.366606, 0.274039, 0.189779, 0.197628],
  weights: [
    [0.291448, -0.256486, 0.402899, -1.32137, 0.598659, 0.0427252, -0.310243, 0.103202, -0.70835, 0.0743922], // N
    [0.263639, 0.289756, -0.233076, 1.22112, -1.00059, 0.325473, 0.242136, 0.807752, 0.235622, 0.404364], // A
    [-0.27081, -0.10199, -0.326287, 0.241919, 0.311637, 0.0595498, -0.762934, 0.169165, 0.11251, -0.193003], // O
    [-0.284277, 0.0687207, 0.156464, -0.141663, 0.0902931, -0.427748, 0.831041, -1.08012, 0.360219, -0.285753], // ~
  ],
  bias: [0.443612, -0.173792, 0.697736, -0.967556],
};
