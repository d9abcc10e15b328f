import { smallMedian } from '../stats/small-median.js';

/** Seconds of plainly seen beats whose QRS-band power the reference is the median of. */
export const REFERENCE_SECONDS = 15;
/** Seconds it needs before it is given (before that it is 0: no reference). */
export const REFERENCE_MIN_SECONDS = 5;

/**
 * The patient's usual QRS-band power on one lead, mV²: the median of the power of the last
 * REFERENCE_SECONDS seconds in which the lead plainly showed beats. The caller decides which
 * seconds those are; seconds without beats must not be observed, so that a pause or asystole,
 * however long, leaves the reference where the beats put it. A median, so that a few seconds of
 * noise that both beat detectors took for beats do not move it.
 */
export class QrsPowerReference {
  private readonly ring = new Float64Array(REFERENCE_SECONDS);
  private readonly scratch = new Float64Array(REFERENCE_SECONDS);
  private seen = 0;
  /** mV²; 0 until REFERENCE_MIN_SECONDS seconds have been observed. */
  value = 0;

  observe(powerMv2: number): void {
    this.ring[this.seen++ % REFERENCE_SECONDS] = powerMv2;
    const n = Math.min(this.seen, REFERENCE_SECONDS);
    this.value = n < REFERENCE_MIN_SECONDS ? 0 : smallMedian(this.ring, n, this.scratch);
  }
}
