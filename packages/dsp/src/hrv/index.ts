/**
 * Heart-rate variability over 5-minute windows of normal-to-normal intervals: time domain
 * (meanNN, SDNN, RMSSD, pNN50, HR) and LF/HF power by Welch's method on a 4 Hz spline-resampled
 * NN series (Task Force 1996).
 */
export { HrvAnalyzer, hrvOfRecord, type HrvAnalyzerOptions } from './analyzer.js';
export { HrvSpectrum, HF_BAND, HRV_RESAMPLE_HZ, LF_BAND, type HrvSpectrumResult } from './spectrum.js';
export { timeDomain, type TimeDomain } from './time-domain.js';
export type { HrvCounts, HrvNullReason, HrvWindow } from './types.js';
