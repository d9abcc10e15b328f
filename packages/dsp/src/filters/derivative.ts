import { requirePositive } from './errors.js';
import { checkLengths, type SampleArray, type StreamFilter } from './stream.js';

/**
 * Five-point derivative of Pan & Tompkins (1985), made causal and sample-rate aware:
 *
 *   y[n] = (fs / 8) · (x[n] + 2·x[n-1] - 2·x[n-3] - x[n-4])
 *
 * Output units are input units per second (a ramp of slope s per second gives exactly s once
 * the window is full), so thresholds do not depend on the sample rate. Linear phase, delay
 * {@link Derivative.DELAY_SAMPLES} = 2 samples. |H(f)| ≈ 2πf up to about 0.15·fs (30 Hz at 200 Hz)
 * and falls to 0 at Nyquist, which the QRS detector wants.
 * Non-finite input samples count as 0, so a NaN leaves the window after 4 samples.
 */
export class Derivative implements StreamFilter {
  /** Group delay, samples. */
  static readonly DELAY_SAMPLES = 2;
  private readonly gain: number;
  /** x[n-1], x[n-2], x[n-3], x[n-4]. */
  private readonly history = new Float64Array(4);

  constructor(readonly sampleRateHz: number) {
    requirePositive('sampleRateHz', sampleRateHz);
    this.gain = sampleRateHz / 8;
  }

  process(input: SampleArray, output: Float64Array, length: number = input.length): void {
    checkLengths(input, output, length);
    const h = this.history;
    const g = this.gain;
    let x1 = h[0], x2 = h[1], x3 = h[2], x4 = h[3];
    for (let i = 0; i < length; i++) {
      let x = input[i];
      if (x - x !== 0) x = 0;
      output[i] = g * (x + 2 * x1 - 2 * x3 - x4);
      x4 = x3;
      x3 = x2;
      x2 = x1;
      x1 = x;
    }
    h[0] = x1;
    h[1] = x2;
    h[2] = x3;
    h[3] = x4;
  }

  reset(): void {
    this.history.fill(0);
  }
}
