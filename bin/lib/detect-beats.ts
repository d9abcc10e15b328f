import { MainsNotchLeads, QrsDetector } from '@clinic-edge/dsp';

/** Samples of one lead (physical units, mV). */
export type Lead = Float32Array | Float64Array;

/** Feeds a detector samples [offset, offset + length) of each lead. */
export type LeadPush = (leads: readonly Lead[], offset: number, length: number) => void;

/**
 * Runs the streaming detector over what `feed` pushes (one or two leads, mV, in ranges of its
 * blocks), through the analyzer's mains front end first (50 and 60 Hz, notched while a lead hums).
 * Returns R-peak sample indices from the record start. The result must not depend on how the
 * record is cut into pushes; the CLI tests check it.
 */
export function detectBeatsFrom(leadCount: number, sampleRate: number /* Hz */, feed: (push: LeadPush) => void): Int32Array {
  if (leadCount !== 1 && leadCount !== 2) throw new RangeError(`detectBeatsFrom: give 1 or 2 leads, got ${leadCount}`);
  const found: number[] = [];
  const detector = new QrsDetector({ sampleRate, leads: leadCount }, (sample) => found.push(sample));
  const notch = new MainsNotchLeads({ sampleRate, leads: leadCount });
  const toDetector = (a: Float64Array, b: Float64Array | undefined, length: number): void => detector.push(a, b, 0, length);
  feed((leads, offset, length) => notch.run(leads[0], leads[1], offset, length, toDetector));
  detector.flush();
  return Int32Array.from(found);
}

/** detectBeatsFrom over leads held in memory, `chunk` samples a push (default: the whole record in one). */
export function detectBeats(leads: readonly Lead[], sampleRate: number /* Hz */, chunk?: number): Int32Array {
  return detectBeatsFrom(leads.length, sampleRate, (push) => {
    const n = leads[0].length;
    const step = chunk && chunk > 0 ? chunk : n;
    for (let at = 0; at < n; at += step) push(leads, at, Math.min(step, n - at));
  });
}

/** Mean heart rate from the mean RR interval, bpm; undefined with fewer than two beats. */
export function meanHeartRate(beats: ArrayLike<number>, sampleRate: number /* Hz */): number | undefined {
  if (beats.length < 2) return undefined;
  const spanSamples = beats[beats.length - 1] - beats[0];
  if (spanSamples <= 0) return undefined;
  return (60 * sampleRate * (beats.length - 1)) / spanSamples;
}
