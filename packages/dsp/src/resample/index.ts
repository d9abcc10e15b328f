/**
 * Sample-rate conversion for ECG: a streaming rational polyphase resampler whose output index m
 * is at time m / toHz (group delay compensated inside; only latency remains), a batch wrapper,
 * and index mapping for annotations. Units: Hz for rates, samples for indices, seconds for latency.
 */
export { RationalResampler, type ResamplerOptions } from './rationalResampler.js';
export { resample } from './resample.js';
export { mapSampleIndex, MAX_RATIO_TERM, rationalRatio, type RationalRatio } from './ratio.js';
export { besselI0, kaiserBeta, kaiserLength, kaiserLowpass } from './kaiser.js';
