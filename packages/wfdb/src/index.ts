export { WfdbError, isWfdbError, type WfdbErrorCode, type WfdbErrorContext } from './errors.js';
export { parseHeader, readHeader, recordPathOf, DEFAULT_GAIN, DEFAULT_SAMPLE_RATE, type RecordHeader, type SignalSpec } from './header.js';
export { supportedFormats, isSupportedFormat, defaultAdcResolution } from './formats.js';
export { SignalReader, type ReadOptions, type SignalChunk, type PhysicalArray } from './signal-reader.js';
export { readRecord, type WfdbRecord } from './read-record.js';
export { annotationCodes, pseudoCodes, ACMAX, mnemonicOf, codeOf, describeCode, isBeatCode } from './codes.js';
export {
  decodeAnnotations,
  encodeAnnotations,
  readAnnotations,
  writeAnnotations,
  writeBeatAnnotations,
  type Annotation,
  type AnnotationInput,
} from './annotations.js';
export { writeRecord, type RecordToWrite, type SignalToWrite, type WrittenRecord } from './write-record.js';
export { ecgChannels, isEcgSignal, millivoltsPerUnit } from './ecg-channels.js';
