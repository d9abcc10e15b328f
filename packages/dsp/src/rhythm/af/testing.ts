/** Test support for the AF tests (not exported from the package). */

/** Beat sample indices from RR intervals (s) at `fs` Hz, the first beat at 1 s. */
export function beatsFromRr(rrs: readonly number[], fs: number): number[] {
  const out = [fs];
  for (const rr of rrs) out.push(out[out.length - 1] + Math.round(rr * fs));
  return out;
}
