import type { SampleArray } from '../../filters/stream.js';
import { classifyStrip, type StripModel, type StripVerdict } from './classify.js';
import { measureStrip, type StripFeatures } from './features.js';
import { STRIP_MODEL } from './model.js';

/**
 * Longest recording judged as one strip, s. The classifier was fitted on 9-60 s strips; past
 * 90 s a recording holds rhythm changes a single verdict would hide, and the streaming
 * analyzer's episodes say more.
 */
export const STRIP_MAX_SECONDS = 90;

export interface StripReport extends StripVerdict {
  features: StripFeatures;
}

/** One lead of a short recording (mV) end to end: measureStrip, then classifyStrip. */
export function analyzeStrip(signal: SampleArray, sampleRate: number /* Hz */, model: StripModel = STRIP_MODEL): StripReport {
  const { features } = measureStrip(signal, sampleRate);
  return { ...classifyStrip(features, model), features };
}
