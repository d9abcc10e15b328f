export { ShockableDetector, DEFAULT_THRESHOLD, DEFAULT_URGENT_THRESHOLD, DEFAULT_SURE_THRESHOLD, HOP_SECONDS, WINDOW_SECONDS, type ShockableDetectorOptions, type ShockDecision } from './shockable-detector.js';
export { CLOSE_AFTER_SECONDS, OPEN_SPAN_SECONDS, SWITCH_AFTER_SECONDS, decisionCounts, type DecisionCounts } from './hysteresis.js';
export {
  INPUT_COUNT,
  MIN_P2P_MV,
  MODEL,
  MODEL_INPUTS,
  VT_MAX_DOMINANT_HZ,
  VT_MIN_PEAK_FRACTION,
  WEIGHT_COUNT,
  checkModel,
  modelInputs,
  modelTerms,
  shockableKind,
  shockableProbability,
  type ShockableModel,
  type WindowClass,
} from './classifier.js';
export { FEATURE_NAMES, WindowFeatureExtractor, type WindowFeatures } from './window-features.js';
export { detectShockable } from './detect-shockable.js';
export { LeadSoloRecord, MAX_SOLO_FALSE_SHARE, MIN_SOLO_FALSE, MIN_SOLO_SECONDS, REPLACED_AFTER_S } from './solo-record.js';
