import { ecgChannels, millivoltsPerUnit, SignalReader, type RecordHeader } from '@clinic-edge/wfdb';
import type { LeadPush } from './detect-beats.js';
import { CliError } from './errors.js';

/**
 * The signals of a record the detectors read: the ones asked for, else the record's ECG leads
 * (at most two; by the header's descriptions and units, so a pressure, pleth or respiration
 * signal beside the ECG is never taken for a lead).
 */
export function chooseEcgChannels(header: RecordHeader, asked?: readonly number[], option = '--channels'): number[] {
  const nsig = header.signals.length;
  if (nsig === 0) throw new CliError(`${header.file}: record has no signals to analyse`);
  let channels: number[];
  if (asked !== undefined) {
    const missing = asked.find((c) => c >= nsig);
    if (missing !== undefined) throw new CliError(`${header.file}: ${option} ${asked.join(',')}: signal ${missing} does not exist; the record has signals 0..${nsig - 1}`);
    if (asked.length < 1 || asked.length > 2 || new Set(asked).size !== asked.length) {
      throw new CliError(`${header.file}: ${option} ${asked.join(',')}: give one or two different signals`);
    }
    channels = [...asked];
  } else {
    channels = ecgChannels(header);
    if (channels.length === 0) {
      const named = header.signals.map((s, i) => `${i} ${s.description || '(no description)'} [${s.units}]`).join('; ');
      throw new CliError(`${header.file}: no ECG signal among ${named}; name the lead(s) with ${option} if one of them is ECG`);
    }
  }
  const multi = channels.find((c) => header.signals[c].samplesPerFrame !== 1);
  if (multi !== undefined) throw new CliError(`${header.file}: signal ${multi} has several samples per frame; not supported`);
  return channels;
}

/** Frames read per block: a few hundred kB per lead, whatever the record's length. */
const BLOCK_FRAMES = 1 << 16;

/**
 * Streams the chosen signals in millivolts, the unit every amplitude bar of the detectors is set
 * in (a lead stored in µV or V is scaled; a signal in other units, one the user asked for, is
 * read as it is), to `push` in pieces of `chunk` frames (default: a block), each a range of
 * reused block arrays. A day-long Holter record is read in constant memory. Returns the frames read.
 */
export function streamLeadsMv(
  header: RecordHeader,
  channels: readonly number[],
  push: LeadPush,
  chunk?: number,
): number {
  const reader = new SignalReader(header, { channels: [...channels] });
  try {
    // a whole number of chunks per block, so every push but the last is exactly `chunk` frames
    const step = chunk && chunk > 0 ? chunk : BLOCK_FRAMES;
    const block = step * Math.max(1, Math.floor(BLOCK_FRAMES / step));
    const leads = channels.map(() => new Float64Array(block));
    const scales = channels.map((c) => millivoltsPerUnit(header.signals[c].units) ?? 1);
    let total = 0;
    for (let n = reader.readFramesInto(block, undefined, leads); n > 0; n = reader.readFramesInto(block, undefined, leads)) {
      scale(leads, scales, n);
      for (let at = 0; at < n; at += step) push(leads, at, Math.min(step, n - at));
      total += n;
    }
    return total;
  } finally {
    reader.close();
  }
}

/** Frames [from, to) of one signal, in mV as streamLeadsMv reads it (an ECG strip for a report). */
export function readLeadRangeMv(header: RecordHeader, channel: number, from: number, to: number): Float64Array {
  const reader = new SignalReader(header, { channels: [channel], start: from, end: to, verifyChecksum: false });
  try {
    const out = [new Float64Array(reader.end - reader.start)];
    reader.readFramesInto(out[0].length, undefined, out);
    scale(out, [millivoltsPerUnit(header.signals[channel].units) ?? 1], out[0].length);
    return out[0];
  } finally {
    reader.close();
  }
}

function scale(leads: Float64Array[], scales: readonly number[], n: number): void {
  for (let k = 0; k < leads.length; k++) {
    const f = scales[k];
    if (f === 1) continue;
    const lead = leads[k];
    for (let i = 0; i < n; i++) lead[i] *= f;
  }
}

/** What the leads are, for a summary line: "MLII + V1". */
export function leadNames(header: RecordHeader, channels: readonly number[]): string {
  return channels.map((c) => header.signals[c].description || `signal ${c}`).join(' + ');
}
