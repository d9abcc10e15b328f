export { WaveformEncoder, decodeWaveform, WaveformCodecError, WAVEFORM_CODEC_VERSION, type WaveformFrame, type LeadOffRun } from './waveform-codec.js';
