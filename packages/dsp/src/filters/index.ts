/**
 * Streaming filters for ECG: every kernel keeps its state, writes into caller-owned output and
 * gives the same result whatever the chunk sizes. Units: Hz for frequencies, samples for delays.
 */
export { DspParameterError, type DspErrorCode } from './errors.js';
export { applyFilter, type SampleArray, type StreamFilter } from './stream.js';
export { BiquadCascade, SECTION_STRIDE } from './biquad.js';
export { frequencyResponse, type FrequencyResponse } from './response.js';
export { butterworthBandpass, butterworthBandstop, butterworthHighpass, butterworthLowpass } from './butterworth.js';
export { Derivative } from './derivative.js';
export { MovingWindowIntegrator } from './integrator.js';
export { createMainsNotch, DEFAULT_NOTCH_QUALITY, mainsNotchesBelowNyquist, mainsNotchSections, type MainsNotchOptions } from './notch.js';
export {
  detectMainsFrequency,
  MainsFrequencyDetector,
  type MainsDecision,
  type MainsDetectorOptions,
  type MainsFrequency,
} from './mainsDetector.js';
export { BaselineWanderFilter, DEFAULT_BASELINE_CUTOFF_HZ, type BaselineWanderOptions } from './baseline.js';
export { forEachNotchedBlock, MainsNotchLeads, mainsNotchFrequencies, type MainsNotchChoice, type MainsNotchLeadsOptions, type NotchedBlockSink } from './mains-notch-leads.js';
export { HUM_FADE_SECONDS, HUM_OFF_RMS_MV, HUM_OFF_SECONDS, HUM_ON_RMS_MV, HUM_ON_SECONDS, HumGate } from './hum-gate.js';
