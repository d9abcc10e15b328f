import { SignalQuality, type SignalQualityOptions } from './signal-quality.js';
import type { QualityRecord } from './types.js';

/** Batch helper: the quality records of a whole channel (thin wrapper over {@link SignalQuality}). */
export function qualityOfRecord(signal: ArrayLike<number>, options: SignalQualityOptions): QualityRecord[] {
  const out: QualityRecord[] = [];
  const q = new SignalQuality(options, (r) => out.push(r));
  q.push(signal);
  q.flush();
  return out;
}
