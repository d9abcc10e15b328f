import { DspParameterError, requirePositive } from './errors.js';
import { RESUM_PERIOD, sumRing } from './movingSum.js';
import { checkLengths, type SampleArray, type StreamFilter } from './stream.js';

/**
 * Bandwidths the standards ask of ECG equipment:
 * - diagnostic (AHA 2007, Kligfield et al.; IEC 60601-2-25): 0.05-150 Hz (250 Hz for
 *   children); AHA allows the low cut-off to rise to 0.67 Hz if the filter has linear phase,
 *   because it is phase distortion, not the cut-off, that bends the ST segment;
 * - monitoring (IEC 60601-2-27, AAMI EC13): 0.67-40 Hz.
 *
 * We remove baseline wander with a linear-phase high-pass so that ST segments reach the
 * specialist undistorted and the monitoring band is met:
 *
 *   y[n] = x[n - (L-1)] - T[n],  T = the input through two cascaded L-point moving averages
 *
 * i.e. the delayed input minus a triangular (2L-1)-tap lowpass with the same delay.
 * |H(f)| = 1 - D(f)², D(f) = sin(π f L / fs) / (L sin(π f / fs)), and L is chosen so
 * |H| = -3 dB at `cutoffHz` (default 0.67 Hz). With that default, at 250/360/500 Hz:
 * -20.6 dB at 0.2 Hz (breathing), -3 dB at 0.67 Hz (±1 %), at worst -0.42 dB near 1.6 Hz,
 * within 0.05 dB from 5 to 150 Hz, zero at DC; a step is gone after 2(L-1) samples.
 * Group delay: exactly L-1 samples (≈ 0.85 s) at every frequency; read `delaySamples`.
 *
 * Cost: O(1) per sample (two running sums over Float64Array rings, re-summed every 65536
 * samples against drift, see movingSum.ts). Non-finite input samples count as 0.
 */
export interface BaselineWanderOptions {
  /** Sample rate, Hz. */
  sampleRateHz: number;
  /** -3 dB frequency, Hz (default 0.67). */
  cutoffHz?: number;
}

/** Default baseline cut-off, Hz: the IEC 60601-2-27 monitoring low edge. */
export const DEFAULT_BASELINE_CUTOFF_HZ = 0.67;

/** x with (sin x / x)² = 1 - 1/√2: where 1 - D² crosses -3 dB, in units of π·f·L/fs. */
const HALF_POWER_X = 1.7996025155702253;

/** Linear-phase baseline-wander high-pass (see module comment). Delay `delaySamples` = L-1. */
export class BaselineWanderFilter implements StreamFilter {
  /** Moving-average length L, samples. */
  readonly windowSamples: number;
  /** Group delay at every frequency, samples (L - 1). */
  readonly delaySamples: number;
  private readonly input: Float64Array;
  private readonly smoothed: Float64Array;
  private index = 0;
  private sum1 = 0;
  private sum2 = 0;
  private untilResum: number;
  private readonly resumPeriod: number;

  constructor(options: BaselineWanderOptions) {
    const { sampleRateHz, cutoffHz = DEFAULT_BASELINE_CUTOFF_HZ } = options;
    requirePositive('sampleRateHz', sampleRateHz);
    requirePositive('cutoffHz', cutoffHz);
    const length = Math.round((HALF_POWER_X * sampleRateHz) / (Math.PI * cutoffHz));
    if (length < 2) {
      throw new DspParameterError('cutoffHz', cutoffHz, `too high for ${sampleRateHz} Hz; expected < ${sampleRateHz / 4} Hz`);
    }
    this.windowSamples = length;
    this.delaySamples = length - 1;
    this.input = new Float64Array(length);
    this.smoothed = new Float64Array(length);
    this.resumPeriod = Math.max(length, RESUM_PERIOD);
    this.untilResum = this.resumPeriod;
  }

  process(input: SampleArray, output: Float64Array, length: number = input.length): void {
    checkLengths(input, output, length);
    const ring1 = this.input, ring2 = this.smoothed;
    const size = ring1.length;
    const inv = 1 / size;
    let index = this.index, sum1 = this.sum1, sum2 = this.sum2, untilResum = this.untilResum;
    let i = 0;
    while (i < length) {
      // A branch-free run up to the chunk end, the rings' wrap or the next re-sum.
      const end = Math.min(length, i + (size - index), i + untilResum);
      untilResum -= end - i;
      for (; i < end; i++) {
        let x = input[i];
        if (x - x !== 0) x = 0;
        sum1 += x - ring1[index];
        ring1[index] = x;
        const m = sum1 * inv;
        sum2 += m - ring2[index];
        ring2[index] = m;
        // The oldest input, x[n - (L-1)], sits one slot on (slot 0 after the last): the delay matching T.
        output[i] = (index + 1 === size ? ring1[0] : ring1[index + 1]) - sum2 * inv;
        index++;
      }
      if (index === size) index = 0;
      if (untilResum === 0) {
        sum1 = sumRing(ring1, index);
        sum2 = sumRing(ring2, index);
        untilResum = this.resumPeriod;
      }
    }
    this.index = index;
    this.sum1 = sum1;
    this.sum2 = sum2;
    this.untilResum = untilResum;
  }

  reset(): void {
    this.input.fill(0);
    this.smoothed.fill(0);
    this.index = 0;
    this.sum1 = 0;
    this.sum2 = 0;
    this.untilResum = this.resumPeriod;
  }
}
