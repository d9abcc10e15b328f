import { mapSampleIndex, resample } from '@clinic-edge/dsp';
import type { Lead } from '../../bin/lib/detect-beats.js';
import type { ScoredAnnotation } from '../scoring/ec57.js';

/**
 * Leads and reference annotations of one record carried from `fromHz` to `toHz`. The dsp
 * resampler compensates its delay, so output sample m is at m / toHz and annotations map by
 * time alone (nearest sample).
 */
export function resampleRecord(
  leads: readonly Lead[],
  reference: readonly ScoredAnnotation[],
  fromHz: number,
  toHz: number,
): { leads: Lead[]; reference: ScoredAnnotation[] } {
  if (fromHz === toHz) return { leads: [...leads], reference: [...reference] };
  return {
    leads: leads.map((lead) => resample(lead, fromHz, toHz)),
    reference: reference.map((a) => ({ ...a, sample: mapSampleIndex(a.sample, fromHz, toHz) })),
  };
}
