import type { SampleArray } from '../filters/stream.js';
import { RationalResampler, type ResamplerOptions } from './rationalResampler.js';

/**
 * Batch resampling of a whole signal from `fromHz` to `toHz`: a thin wrapper over
 * {@link RationalResampler} (process, then flush). Returns ⌈n · toHz / fromHz⌉ samples;
 * output sample m is at time m / toHz, input sample n at n / fromHz (no delay to undo).
 */
export function resample(
  signal: SampleArray,
  fromHz: number,
  toHz: number,
  options: Omit<ResamplerOptions, 'fromHz' | 'toHz'> = {},
): Float64Array {
  const resampler = new RationalResampler({ ...options, fromHz, toHz });
  const output = new Float64Array(resampler.maxOutputLength(signal.length));
  const written = resampler.process(signal, output);
  resampler.flush(output.subarray(written));
  return output;
}
