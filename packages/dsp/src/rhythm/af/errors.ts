/** Stable code for beats fed out of order. */
export type AfErrorCode = 'E_AF_BEAT_ORDER';

/**
 * A beat arrived at or before the previous one. The beat is refused and the detector's state is
 * left as it was, so the caller can go on with the next good beat.
 */
export class AfInputError extends RangeError {
  readonly code: AfErrorCode = 'E_AF_BEAT_ORDER';
  constructor(
    readonly sample: number,
    readonly previous: number,
  ) {
    super(`AfDetector: beat at sample ${sample} is not after the previous beat (${previous}); feed beats in time order`);
    this.name = 'AfInputError';
  }
}
