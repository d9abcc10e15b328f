import { QrsDetector } from '@clinic-edge/dsp';

/** Samples of one lead (physical units, mV). */
export type Lead = Float32Array | Float64Array;

/**
 * Runs the streaming detector over one or two leads of a record held in memory, feeding it
 * `chunk` samples at a time (default: the whole record in one push). Returns R-peak sample
 * indices from the record start. The result must not depend on `chunk`; the CLI tests check it.
 */
export function detectBeats(leads: readonly Lead[], sampleRate: number /* Hz */, chunk?: number): Int32Array {
  if (leads.length !== 1 && leads.length !== 2) throw new RangeError(`detectBeats: give 1 or 2 leads, got ${leads.length}`);
  const found: number[] = [];
  const detector = new QrsDetector({ sampleRate, leads: leads.length }, (sample) => found.push(sample));
  const [lead0, lead1] = leads;
  const n = lead0.length;
  const step = chunk && chunk > 0 ? chunk : n;
  for (let at = 0; at < n; at += step) {
    const end = Math.min(n, at + step);
    detector.push(lead0.subarray(at, end), lead1?.subarray(at, end));
  }
  detector.flush();
  return Int32Array.from(found);
}

/** Mean heart rate from the mean RR interval, bpm; undefined with fewer than two beats. */
export function meanHeartRate(beats: ArrayLike<number>, sampleRate: number /* Hz */): number | undefined {
  if (beats.length < 2) return undefined;
  const spanSamples = beats[beats.length - 1] - beats[0];
  if (spanSamples <= 0) return undefined;
  return (60 * sampleRate * (beats.length - 1)) / spanSamples;
}
