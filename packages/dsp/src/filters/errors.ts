/** Stable error codes raised by the DSP building blocks. */
export type DspErrorCode = 'E_DSP_PARAM';

/**
 * A filter or resampler was asked for something it cannot do (bad cutoff, width, rate...).
 * Thrown from constructors and design functions only, never from `process`.
 */
export class DspParameterError extends RangeError {
  readonly code: DspErrorCode = 'E_DSP_PARAM';
  constructor(
    readonly parameter: string,
    readonly value: unknown,
    requirement: string,
  ) {
    super(`${parameter} = ${String(value)} is invalid: ${requirement}`);
    this.name = 'DspParameterError';
  }
}

/** Throws unless `value` is a finite number strictly greater than 0. */
export function requirePositive(parameter: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new DspParameterError(parameter, value, 'expected a finite number > 0');
  }
}

/** Throws unless `value` is an integer >= `min`. */
export function requireInteger(parameter: string, value: number, min: number): void {
  if (!(Number.isInteger(value) && value >= min)) {
    throw new DspParameterError(parameter, value, `expected an integer >= ${min}`);
  }
}
