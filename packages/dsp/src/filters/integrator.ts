import { requireInteger } from './errors.js';
import { RESUM_PERIOD, sumRing } from './movingSum.js';
import { checkLengths, type SampleArray, type StreamFilter } from './stream.js';

/**
 * Moving-window integrator of Pan & Tompkins: the mean of the last `widthSamples` inputs,
 *
 *   y[n] = (1/W) · Σ_{k=0}^{W-1} x[n-k]     (samples before the stream count as 0)
 *
 * O(1) per sample: a running sum over a Float64Array ring. The running sum is rebuilt from
 * the ring every `max(W, 65536)` samples so rounding residue cannot accumulate (see
 * movingSum.ts). Delay (W-1)/2 samples; for QRS work W ≈ 150 ms · fs.
 * Non-finite input samples count as 0, so a NaN cannot poison the sum.
 */
export class MovingWindowIntegrator implements StreamFilter {
  private readonly ring: Float64Array;
  private readonly resumPeriod: number;
  private index = 0;
  private sum = 0;
  private untilResum: number;

  constructor(readonly widthSamples: number) {
    requireInteger('widthSamples', widthSamples, 1);
    this.ring = new Float64Array(widthSamples);
    this.resumPeriod = Math.max(widthSamples, RESUM_PERIOD);
    this.untilResum = this.resumPeriod;
  }

  /** Group delay, samples: (W - 1) / 2. */
  get delaySamples(): number {
    return (this.widthSamples - 1) / 2;
  }

  process(input: SampleArray, output: Float64Array, length: number = input.length): void {
    checkLengths(input, output, length);
    const ring = this.ring;
    const width = ring.length;
    const inv = 1 / width;
    let index = this.index, sum = this.sum, untilResum = this.untilResum;
    let i = 0;
    while (i < length) {
      // A branch-free run up to the chunk end, the ring's wrap or the next re-sum.
      const end = Math.min(length, i + (width - index), i + untilResum);
      untilResum -= end - i;
      for (; i < end; i++, index++) {
        let x = input[i];
        if (x - x !== 0) x = 0;
        sum += x - ring[index];
        ring[index] = x;
        output[i] = sum * inv;
      }
      if (index === width) index = 0;
      if (untilResum === 0) {
        sum = sumRing(ring, index);
        untilResum = this.resumPeriod;
      }
    }
    this.index = index;
    this.sum = sum;
    this.untilResum = untilResum;
  }

  reset(): void {
    this.ring.fill(0);
    this.index = 0;
    this.sum = 0;
    this.untilResum = this.resumPeriod;
  }
}
