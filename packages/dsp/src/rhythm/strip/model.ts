import type { StripModel } from './classify.js';

/**
 * The short-strip classifier's coefficients, frozen. Fitted by bench/rhythm/strip-fit.ts
 * (multinomial logistic regression, ridge l2 = 3 on standardised inputs, 1500 gradient steps)
 * on the 401 cinc2017 training strips in ../shared/data (134 N, 100 A, 100 O, 67 ~), each
 * measured end to end from its signal by measureStrip; strips classifyStrip sends to '~' before
 * the model (too few beats, implausible rate) are left out of the fit.
 *
 * Record-level 10-fold cross-validation, stratified by class, seeds 1-5 (every strip classified
 * by a model fitted without it): AF F1 85.29 / 86.70 / 86.70 / 86.83 / 85.85 %, mean 86.28 %;
 * challenge score (mean F1 of N, A, O) mean 73.53 %. In-sample: AF F1 86.28 %, score 74.27 %.
 * The inputs were chosen among 17 candidates by backward elimination under cross-validation
 * (seeds 1-2) and checked on seeds 3-5, so the figures carry a little selection optimism.
 *
 * Reading the weights (standardised inputs): AF is the class that rises with pNN50-like
 * successive differences, RR irregularity and f-wave band share, and falls with a consistent
 * P wave (pWaveZ); '~' rises where the ectopic filter keeps few intervals and the f-wave
 * measure finds too few clean ones; N falls with any rate away from 70 bpm.
 */
export const STRIP_MODEL: StripModel = {
  inputs: ['logIrregularity', 'logRawIrregularity', 'cosen', 'successiveShare', 'pWaveZ', 'fWaveShare', 'fWaveUnmeasured', 'cleanShare', 'rateDeviation'],
  mean: [-3.46277, -3.01801, -1.71995, 0.427286, 0.967734, 0.290429, 0.16, 0.656261, 0.215227],
  scale: [1.22837, 1.31384, 0.946607, 0.32706, 0.720088, 0.205096, 0.366606, 0.274039, 0.189779],
  weights: [
    [0.286678, -0.263587, 0.391377, -1.33975, 0.614751, 0.0562592, -0.293399, 0.138575, -0.725827], // N
    [0.282166, 0.295117, -0.268032, 1.28706, -1.00585, 0.325614, 0.179393, 0.9177, 0.235977], // A
    [-0.292136, -0.0994476, -0.297109, 0.215366, 0.30375, 0.0879908, -0.763204, 0.10405, 0.0937445], // O
    [-0.276708, 0.0679175, 0.173764, -0.162681, 0.0873513, -0.469864, 0.87721, -1.16033, 0.396105], // ~
  ],
  bias: [0.439504, -0.188393, 0.703267, -0.954379],
};
