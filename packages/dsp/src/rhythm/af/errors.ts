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

/** Stable code for beats given to AtrialActivity out of order or before their signal. */
export type AtrialErrorCode = 'E_AF_ATRIAL_BEAT';

/**
 * AtrialActivity.beat() was given a beat that is not an integer sample, not after the previous
 * beat, or whose R peak has not been pushed yet. The beat is refused and nothing changes.
 */
export class AtrialInputError extends RangeError {
  readonly code: AtrialErrorCode = 'E_AF_ATRIAL_BEAT';
  constructor(
    readonly sample: number,
    readonly previous: number,
    readonly pushed: number,
  ) {
    super(
      `AtrialActivity: beat at sample ${sample} must be an integer after the previous beat (${previous}) and before the samples pushed so far (${pushed}); push the signal first and give beats in order`,
    );
    this.name = 'AtrialInputError';
  }
}
