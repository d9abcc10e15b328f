import * as dsp from '@clinic-edge/dsp';
import type { Lead } from '../../bin/lib/detect-beats.js';
import { CliError } from '../../bin/lib/errors.js';
import type { ScoredAnnotation } from '../scoring/ec57.js';

type Resample = (signal: Lead, fromHz: number, toHz: number) => Lead;
type MapIndex = (index: number, fromHz: number, toHz: number) => number;

/**
 * The dsp package's resampler, looked up at run time: it is written alongside this harness, and
 * the accuracy benchmark must still run (without --resample) where it is not there yet.
 */
function resampler(): { resample: Resample; mapSampleIndex: MapIndex } {
  const api = dsp as unknown as { resample?: Resample; mapSampleIndex?: MapIndex };
  if (typeof api.resample !== 'function' || typeof api.mapSampleIndex !== 'function') {
    throw new CliError('--resample needs resample() and mapSampleIndex() from @clinic-edge/dsp, which this build does not export');
  }
  return { resample: api.resample, mapSampleIndex: api.mapSampleIndex };
}

/** Leads and reference annotations of one record carried from `fromHz` to `toHz`. */
export function resampleRecord(
  leads: readonly Lead[],
  reference: readonly ScoredAnnotation[],
  fromHz: number,
  toHz: number,
): { leads: Lead[]; reference: ScoredAnnotation[] } {
  if (fromHz === toHz) return { leads: [...leads], reference: [...reference] };
  const { resample, mapSampleIndex } = resampler();
  return {
    leads: leads.map((lead) => resample(lead, fromHz, toHz)),
    reference: reference.map((a) => ({ ...a, sample: mapSampleIndex(a.sample, fromHz, toHz) })),
  };
}
