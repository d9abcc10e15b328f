/**
 * Kaiser-window lowpass design (Kaiser 1974; Oppenheim & Schafer §7.5.3).
 * Frequencies here are normalised to the sample rate of the filter (cycles per sample).
 */

/** Modified Bessel function of the first kind, order 0, by its power series (converges for all x). */
export function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1, sum = 1;
  for (let k = 1; term > sum * 1e-17; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}

/** Kaiser β for a stopband attenuation of `attenuationDb` (dB, > 0). */
export function kaiserBeta(attenuationDb: number): number {
  if (attenuationDb > 50) return 0.1102 * (attenuationDb - 8.7);
  if (attenuationDb >= 21) return 0.5842 * (attenuationDb - 21) ** 0.4 + 0.07886 * (attenuationDb - 21);
  return 0;
}

/** Odd tap count meeting `attenuationDb` over a transition `transitionWidth` cycles/sample wide. */
export function kaiserLength(attenuationDb: number, transitionWidth: number): number {
  const n = Math.ceil((attenuationDb - 7.95) / (2.285 * 2 * Math.PI * transitionWidth)) + 1;
  return n % 2 === 1 ? n : n + 1;
}

/**
 * Linear-phase windowed-sinc lowpass, `length` taps (odd), -6 dB at `cutoff` cycles/sample,
 * DC gain 1. Delay (length - 1) / 2 samples.
 */
export function kaiserLowpass(length: number, cutoff: number, beta: number): Float64Array {
  const h = new Float64Array(length);
  const centre = (length - 1) / 2;
  const norm = besselI0(beta);
  let sum = 0;
  for (let k = 0; k < length; k++) {
    const t = k - centre;
    const sinc = t === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
    const r = t / centre;
    const window = centre === 0 ? 1 : besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / norm;
    h[k] = sinc * window;
    sum += h[k];
  }
  for (let k = 0; k < length; k++) h[k] /= sum;
  return h;
}
