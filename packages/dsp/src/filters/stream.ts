/** Input accepted by every streaming kernel: device samples (Float32) or processed ones (Float64). */
export type SampleArray = Float32Array | Float64Array;

/**
 * A one-sample-in, one-sample-out streaming kernel. State lives in the object; the output is
 * identical whatever the chunk sizes. `process` may run in place (`input === output`).
 */
export interface StreamFilter {
  /** Filters `input[0..length)` into `output[0..length)`. Allocates nothing. */
  process(input: SampleArray, output: Float64Array, length?: number): void;
  /** Returns the state to "all past input was zero". */
  reset(): void;
}

/**
 * Batch helper: runs `signal` through `filter` (from its current state) in one call and returns
 * a new array. Thin wrapper over `filter.process`; no delay compensation.
 */
export function applyFilter(filter: StreamFilter, signal: SampleArray): Float64Array {
  const output = new Float64Array(signal.length);
  filter.process(signal, output, signal.length);
  return output;
}

/** Throws a RangeError when the arrays cannot hold `length` samples. Called once per chunk. */
export function checkLengths(input: SampleArray, output: Float64Array, length: number): void {
  if (!(Number.isInteger(length) && length >= 0 && length <= input.length && length <= output.length)) {
    throw new RangeError(
      `length ${length} must be an integer in [0, min(input.length=${input.length}, output.length=${output.length})]`,
    );
  }
}

/**
 * Throws a RangeError unless `[offset, offset + length)` lies inside an array of `size` samples.
 * Streaming pushes take a range of the caller's block instead of a subarray view: a view is an
 * object, and the gateway pushes every serial read, tens of times a second.
 */
export function checkRange(what: string, size: number, offset: number, length: number): void {
  if (!(Number.isInteger(offset) && Number.isInteger(length) && offset >= 0 && length >= 0 && offset + length <= size)) {
    throw new RangeError(`${what}: samples [${offset}, ${offset + length}) are not inside the ${size} given`);
  }
}
