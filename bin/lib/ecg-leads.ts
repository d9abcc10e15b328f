import { ecgChannels, millivoltsPerUnit, readRecord, type RecordHeader } from '@clinic-edge/wfdb';
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

/**
 * Reads the chosen signals in millivolts, the unit every amplitude bar of the detectors is set
 * in: a lead stored in µV or V is scaled; a signal in other units (one the user asked for) is
 * read as it is.
 */
export function readLeadsMv(header: RecordHeader, channels: readonly number[]): Float64Array[] {
  const rec = readRecord(header, { channels: [...channels] });
  return rec.signals.map((s, k) => {
    const lead = Float64Array.from(s);
    const scale = millivoltsPerUnit(header.signals[channels[k]].units) ?? 1;
    if (scale !== 1) for (let i = 0; i < lead.length; i++) lead[i] *= scale;
    return lead;
  });
}

/** What the leads are, for a summary line: "MLII + V1". */
export function leadNames(header: RecordHeader, channels: readonly number[]): string {
  return channels.map((c) => header.signals[c].description || `signal ${c}`).join(' + ');
}
