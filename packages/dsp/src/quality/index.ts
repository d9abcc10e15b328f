/**
 * ECG signal quality, per channel and per second: lead-off (flat, rail, missing samples),
 * clipping, mains hum, muscle noise, baseline wander and beat agreement of two detectors (bSQI),
 * combined into an index 0..1 and a class.
 */
export { EMPTY_SECOND_MV2, EMPTY_SECOND_RANGE_MV, isEmptySecond, SignalQuality, type SignalQualityOptions } from './signal-quality.js';
export { qualityOfRecord } from './batch.js';
export { classifyQuality, DEFAULT_QUALITY_THRESHOLDS, featureScore, type Classification } from './classify.js';
export { CurveLengthDetector } from './curve-length-detector.js';
export { BeatRing, beatAgreement } from './beat-agreement.js';
export type { FeatureThreshold, QualityClass, QualityFeatures, QualityProblem, QualityRecord, QualityThresholds } from './types.js';
