/**
 * A running sum updated by "add newest, subtract oldest" drifts: every update rounds, and a
 * large value that entered and left the window can leave a residue of ~|value|·2^-53 forever.
 * Kernels that keep one therefore re-sum their ring from scratch every RESUM_PERIOD samples
 * (counted in samples, never per chunk, so chunking cannot change the result). The cost is
 * one extra addition per ring slot every RESUM_PERIOD samples.
 */
export const RESUM_PERIOD = 65536;

/** Exact-order sum of a ring buffer (oldest first from `start`), deterministic for a given state. */
export function sumRing(ring: Float64Array, start: number): number {
  let sum = 0;
  for (let i = start; i < ring.length; i++) sum += ring[i];
  for (let i = 0; i < start; i++) sum += ring[i];
  return sum;
}
