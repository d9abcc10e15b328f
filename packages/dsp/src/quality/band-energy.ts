import { BiquadCascade } from '../filters/biquad.js';

/**
 * Energy of one frequency band, kept per window (second) for the last `history` windows so a
 * power can be read over a trailing span of whole windows. The band filter runs continuously
 * (its state crosses window boundaries); only the bookkeeping is per window.
 */
export class BandEnergy {
  private readonly filter: BiquadCascade;
  private readonly perWindow: Float64Array; // energy (mV²·samples) of each recent window
  private readonly perWindowCount: Float64Array; // samples of each recent window
  private slot = 0;
  private current = 0;
  private currentCount = 0;

  constructor(sections: ArrayLike<number>, history: number) {
    this.filter = new BiquadCascade(sections);
    this.perWindow = new Float64Array(history);
    this.perWindowCount = new Float64Array(history);
  }

  /** Filters `input[0..length)` into `scratch` and adds the output's energy to the current window. */
  add(input: Float64Array, scratch: Float64Array, length: number): void {
    this.filter.process(input, scratch, length);
    // Summed straight into the window total, sample by sample: a partial sum per chunk would
    // round differently for different chunkings.
    let e = this.current;
    for (let i = 0; i < length; i++) e += scratch[i] * scratch[i];
    this.current = e;
    this.currentCount += length;
  }

  /** Closes the current window. */
  endWindow(): void {
    this.perWindow[this.slot] = this.current;
    this.perWindowCount[this.slot] = this.currentCount;
    this.slot = (this.slot + 1) % this.perWindow.length;
    this.current = 0;
    this.currentCount = 0;
  }

  /** Mean power (mV²) over the last `windows` closed windows (fewer at the start). */
  power(windows: number): number {
    const h = this.perWindow.length;
    let e = 0, n = 0;
    for (let k = 1; k <= Math.min(windows, h); k++) {
      const s = (this.slot - k + h) % h;
      e += this.perWindow[s];
      n += this.perWindowCount[s];
    }
    return n > 0 ? e / n : 0;
  }
}
