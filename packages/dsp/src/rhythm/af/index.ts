export { AfDetector, detectAf } from './detector.js';
export { AF_DEFAULTS, type AfDetectorOptions } from './options.js';
export { AfInputError, AtrialInputError, type AfErrorCode, type AtrialErrorCode } from './errors.js';
export { AF_STRIP_RULE, isAfStrip, measureAfStrip, type AfStripMeasure, type AfStripRule } from './strip.js';
export { AtrialActivity, atrialScores, type AtrialActivityOptions } from './atrial-activity.js';
