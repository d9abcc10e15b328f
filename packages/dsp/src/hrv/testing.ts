/** Test support for HRV (not exported from the package). */

/**
 * A notched QRS (two R lobes 40 ms apart, σ 8 ms, as in bundle-branch block) every `rrSeconds`,
 * whose larger lobe alternates from beat to beat (1 and 0.85 mV), with P and T waves; `times` are
 * the first lobes' samples. The QRS detector's mark follows the larger lobe.
 */
export function alternatingNotch(fs: number, beats: number, rrSeconds = 0.8): { signal: Float64Array; times: number[] } {
  const rr = Math.round(rrSeconds * fs);
  const signal = new Float64Array((beats + 2) * rr);
  const times: number[] = [];
  const sd = 0.008 * fs;
  const gap = 0.04 * fs;
  for (let b = 0; b < beats; b++) {
    const t = (b + 1) * rr;
    times.push(t);
    const first = b % 2 === 0 ? 1 : 0.85;
    const second = b % 2 === 0 ? 0.85 : 1;
    for (let k = Math.round(t - 6 * sd); k <= t + gap + 6 * sd; k++) {
      signal[k] += first * Math.exp(-0.5 * ((k - t) / sd) ** 2) + second * Math.exp(-0.5 * ((k - t - gap) / sd) ** 2);
    }
    wave(signal, t - 0.2 * fs, 0.025 * fs, 0.12); // P
    wave(signal, t + 0.3 * fs, 0.06 * fs, 0.3); // T
  }
  return { signal, times };
}

/** Adds a Gaussian wave of `height` mV centred at sample `at`, σ `sd` samples, within the signal. */
function wave(signal: Float64Array, at: number, sd: number, height: number): void {
  const from = Math.max(0, Math.round(at - 5 * sd));
  const to = Math.min(signal.length - 1, Math.round(at + 5 * sd));
  for (let k = from; k <= to; k++) signal[k] += height * Math.exp(-0.5 * ((k - at) / sd) ** 2);
}
