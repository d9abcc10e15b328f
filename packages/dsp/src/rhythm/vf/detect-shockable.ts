import type { SampleArray } from '../../filters/stream.js';
import type { Episode } from '../types.js';
import { ShockableDetector, type ShockDecision } from './shockable-detector.js';

/**
 * Whole-record wrapper over ShockableDetector: the closed VFIB/VT episodes of one or two leads
 * (mV, same length), in time order. `observer` sees every window decision.
 */
export function detectShockable(
  leads: readonly SampleArray[],
  sampleRate: number, // Hz
  observer?: (decision: Readonly<ShockDecision>) => void,
): Episode[] {
  const episodes: Episode[] = [];
  const count = leads.length >= 2 ? 2 : 1;
  const detector = new ShockableDetector({ sampleRate, leads: count }, (e, event) => {
    if (event === 'close') episodes.push({ ...e });
  }, observer);
  detector.push(leads[0], count === 2 ? leads[1] : undefined);
  detector.flush();
  return episodes;
}
