import type { SampleArray } from '../../filters/stream.js';
import type { BeatLabel } from '../types.js';
import { FibrillatoryWaves, POST_S } from './fibrillatory-waves.js';

/** Whole-strip f-wave evidence (batch wrapper over FibrillatoryWaves). */
export interface FWaveEvidence {
  atrialRms: number; // mV, NaN when no interval could be measured
  atrialShare: number; // 0-1 of the residual wide-band energy, NaN when none
  relativeRms: number; // atrialRms / the average beat's QRS peak-to-peak, NaN when none
  atrialUnexplained: number; // 0-1, FibrillatoryWaves.atrialUnexplained
  wideUnexplained: number; // 0-1
  pWindowUnexplained: number; // 0-1
  qrsMatchShare: number; // 0-1, FibrillatoryWaves.qrsMatchShare
  measuredSeconds: number; // s of TQ-and-PR signal measured
}

/** The f-wave evidence of a whole lead with its beats (sample indices, increasing) and optional labels. */
export function fWaveEvidence(
  signal: SampleArray, // mV
  beats: ArrayLike<number>,
  sampleRate: number, // Hz
  labels?: ArrayLike<BeatLabel | undefined>,
): FWaveEvidence {
  const fw = new FibrillatoryWaves({ sampleRate });
  const step = Math.max(1, Math.round(sampleRate));
  const lag = Math.round(POST_S * sampleRate);
  let b = 0;
  for (let at = 0; at < signal.length; at += step) {
    fw.push(signal.subarray(at, Math.min(signal.length, at + step)));
    for (; b < beats.length && beats[b] + lag < fw.samples; b++) fw.beat(beats[b], labels?.[b]);
  }
  const amp = fw.beatAmplitude;
  return {
    atrialRms: fw.atrialRms,
    atrialShare: fw.atrialShare,
    relativeRms: amp > 0 ? fw.atrialRms / amp : Number.NaN,
    atrialUnexplained: fw.atrialUnexplained,
    wideUnexplained: fw.wideUnexplained,
    pWindowUnexplained: fw.pWindowUnexplained,
    qrsMatchShare: fw.qrsMatchShare,
    measuredSeconds: fw.measuredSamples / sampleRate,
  };
}
