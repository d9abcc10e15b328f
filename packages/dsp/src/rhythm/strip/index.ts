export { FibrillatoryWaves, type FibrillatoryWavesOptions } from './fibrillatory-waves.js';
export { fWaveEvidence, type FWaveEvidence } from './fwave-evidence.js';
export { rrFeatures, type RrFeatures } from './rr-features.js';
export { measureStrip, stripFeatures, type StripBeats, type StripFeatures } from './features.js';
export { classifyStrip, stripInputs, STRIP_CLASSES, STRIP_INPUTS, type StripClass, type StripInput, type StripModel, type StripVerdict } from './classify.js';
export { STRIP_MODEL } from './model.js';
export { analyzeStrip, STRIP_MAX_SECONDS, type StripReport } from './analyze.js';
