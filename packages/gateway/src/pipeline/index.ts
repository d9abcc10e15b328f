export { WaveformEncoder, decodeWaveform, WaveformCodecError, WAVEFORM_CODEC_VERSION, type WaveformFrame, type LeadOffRun } from './waveform-codec.js';
export { VITAL_CODES, ECG_HEART_RATE, BP_PANEL_LOINC, WAVEFORM_UNIT, MDC_ECG_ELEC_POTL, type ObservationCodes } from './codes.js';
export { BODY_VERSION, jsonMessage, waveformMessage, type Times } from './messages.js';
export { stampPayload, waveformSeq, StampingOutbox } from './stamp.js';
export { WaveformFramer } from './waveform-framer.js';
export { SummaryWindow, type SummaryFigures } from './summary-window.js';
export { EcgChannel, type EcgChannelOptions } from './ecg-channel.js';
export { Pipeline, type PipelineOptions } from './pipeline.js';
