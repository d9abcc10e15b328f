import { DspParameterError, requireInteger, requirePositive } from './errors.js';
import { frequencyResponse } from './response.js';

/**
 * Butterworth design by analog prototype poles + bilinear transform with prewarping.
 *
 * Every function returns second-order sections `[b0, b1, b2, a1, a2]` (see `BiquadCascade`),
 * one section per conjugate pole pair, plus a first-order section (b2 = a2 = 0) when the pole
 * count is odd. Each section is scaled to unity gain at the reference frequency (DC for
 * lowpass and bandstop, Nyquist for highpass, the band centre for bandpass), so the cascade
 * has unity passband gain and no section amplifies much. Because the cutoff is prewarped,
 * |H| at the cutoff is exactly 1/√2 (-3.0103 dB) and
 * |H(f)|² = 1 / (1 + (Ω(f)/Ωc)^(2N)) with Ω(f) = 2·fs·tan(π f / fs).
 */

const MAX_ORDER = 32;

interface Complex { re: number; im: number }
const cx = (re: number, im = 0): Complex => ({ re, im });
const add = (a: Complex, b: Complex): Complex => cx(a.re + b.re, a.im + b.im);
const sub = (a: Complex, b: Complex): Complex => cx(a.re - b.re, a.im - b.im);
const mul = (a: Complex, b: Complex): Complex => cx(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
const scale = (a: Complex, k: number): Complex => cx(a.re * k, a.im * k);
function div(a: Complex, b: Complex): Complex {
  const d = b.re * b.re + b.im * b.im;
  return cx((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d);
}
function sqrt(a: Complex): Complex {
  const r = Math.hypot(a.re, a.im);
  const re = Math.sqrt((r + a.re) / 2);
  const im = Math.sqrt((r - a.re) / 2);
  return cx(re, a.im < 0 ? -im : im);
}

/** Left-half-plane poles of the order-N normalised (Ωc = 1) analog Butterworth lowpass:
 *  the upper-half ones (each stands for a conjugate pair) and, for odd N, the real pole -1. */
function prototypePoles(order: number): { upper: Complex[]; real: boolean } {
  const upper: Complex[] = [];
  for (let k = 0; k < Math.floor(order / 2); k++) {
    const theta = (Math.PI * (2 * k + order + 1)) / (2 * order);
    upper.push(cx(Math.cos(theta), Math.sin(theta)));
  }
  return { upper, real: order % 2 === 1 };
}

/** Prewarped analog angular frequency (rad/s) that the bilinear transform maps onto `hz`. */
function prewarp(hz: number, fs: number): number {
  return 2 * fs * Math.tan((Math.PI * hz) / fs);
}

/** Bilinear transform of one analog pole: z = (2fs + s) / (2fs - s). */
function bilinear(s: Complex, fs: number): Complex {
  return div(add(cx(2 * fs), s), sub(cx(2 * fs), s));
}

/** Denominator [a1, a2] of a section whose poles are z1 and z2 (a conjugate pair or two reals). */
function denominator(z1: Complex, z2: Complex): [number, number] {
  return [-(z1.re + z2.re), mul(z1, z2).re];
}

type Numerator = readonly [number, number, number];

/** Appends one section, scaling its numerator for unity gain at `refHz`. */
function pushSection(out: number[], num: Numerator, a1: number, a2: number, refHz: number, fs: number): void {
  const gain = frequencyResponse([num[0], num[1], num[2], a1, a2], refHz, fs).magnitude;
  out.push(num[0] / gain, num[1] / gain, num[2] / gain, a1, a2);
}

function checkOrderAndRate(order: number, sampleRateHz: number): void {
  requireInteger('order', order, 1);
  if (order > MAX_ORDER) throw new DspParameterError('order', order, `expected <= ${MAX_ORDER}`);
  requirePositive('sampleRateHz', sampleRateHz);
}

function checkCutoff(name: string, hz: number, sampleRateHz: number): void {
  if (!(hz > 0 && hz < sampleRateHz / 2)) {
    throw new DspParameterError(name, hz, `expected 0 < ${name} < sampleRateHz/2 = ${sampleRateHz / 2} Hz`);
  }
}

function checkBand(lowHz: number, highHz: number, sampleRateHz: number): void {
  checkCutoff('lowHz', lowHz, sampleRateHz);
  checkCutoff('highHz', highHz, sampleRateHz);
  if (!(lowHz < highHz)) throw new DspParameterError('lowHz', lowHz, `expected lowHz < highHz = ${highHz}`);
}

/** Lowpass/highpass: analog poles Ωc·p (lowpass) or Ωc/p (highpass), zeros all at z = -1 or z = 1. */
function design1(order: number, cutoffHz: number, fs: number, high: boolean): Float64Array {
  const wc = prewarp(cutoffHz, fs);
  const { upper, real } = prototypePoles(order);
  const ref = high ? fs / 2 : 0;
  const zero = high ? -1 : 1; // numerator (1 + zero·z^-1)^k
  const out: number[] = [];
  for (const p of upper) {
    const s = high ? div(cx(wc), p) : scale(p, wc);
    const z = bilinear(s, fs);
    const [a1, a2] = denominator(z, cx(z.re, -z.im));
    pushSection(out, [1, 2 * zero, 1], a1, a2, ref, fs);
  }
  if (real) {
    const z = bilinear(cx(-wc), fs);
    pushSection(out, [1, zero, 0], -z.re, 0, ref, fs);
  }
  return Float64Array.from(out);
}

/**
 * Lowpass → bandpass/bandstop: each prototype pole p becomes the two roots of
 * s² - q·s + Ω0² = 0 with q = p·BW (bandpass) or BW/p (bandstop), Ω0 = √(Ω1·Ω2), BW = Ω2 - Ω1.
 */
function design2(order: number, lowHz: number, highHz: number, fs: number, stop: boolean): Float64Array {
  const w1 = prewarp(lowHz, fs), w2 = prewarp(highHz, fs);
  const w0 = Math.sqrt(w1 * w2), bw = w2 - w1;
  const centreHz = (fs / Math.PI) * Math.atan(w0 / (2 * fs)); // digital image of Ω0
  const wd = (2 * Math.PI * centreHz) / fs;
  const num: Numerator = stop ? [1, -2 * Math.cos(wd), 1] : [1, 0, -1];
  const ref = stop ? 0 : centreHz;
  const roots = (p: Complex): [Complex, Complex] => {
    const q = stop ? div(cx(bw), p) : scale(p, bw);
    const d = sqrt(sub(mul(q, q), cx(4 * w0 * w0)));
    return [scale(add(q, d), 0.5), scale(sub(q, d), 0.5)];
  };
  const { upper, real } = prototypePoles(order);
  const out: number[] = [];
  for (const p of upper) {
    for (const s of roots(p)) {
      const z = bilinear(s, fs);
      const [a1, a2] = denominator(z, cx(z.re, -z.im));
      pushSection(out, num, a1, a2, ref, fs);
    }
  }
  if (real) {
    // Roots of a real quadratic: a conjugate pair or two reals; one real section either way.
    const [s1, s2] = roots(cx(-1));
    const [a1, a2] = denominator(bilinear(s1, fs), bilinear(s2, fs));
    pushSection(out, num, a1, a2, ref, fs);
  }
  return Float64Array.from(out);
}

/** Order-N Butterworth lowpass, -3.0103 dB at `cutoffHz`, DC gain 1, zero gain at Nyquist.
 *  ceil(N/2) sections. Group delay at DC grows with N/cutoff (e.g. N=2, 15 Hz: ~15 ms). */
export function butterworthLowpass(order: number, cutoffHz: number, sampleRateHz: number): Float64Array {
  checkOrderAndRate(order, sampleRateHz);
  checkCutoff('cutoffHz', cutoffHz, sampleRateHz);
  return design1(order, cutoffHz, sampleRateHz, false);
}

/** Order-N Butterworth highpass, -3.0103 dB at `cutoffHz`, zero gain at DC, gain 1 at Nyquist. */
export function butterworthHighpass(order: number, cutoffHz: number, sampleRateHz: number): Float64Array {
  checkOrderAndRate(order, sampleRateHz);
  checkCutoff('cutoffHz', cutoffHz, sampleRateHz);
  return design1(order, cutoffHz, sampleRateHz, true);
}

/**
 * Butterworth bandpass from an order-N prototype (2N poles, N sections): -3.0103 dB at
 * `lowHz` and `highHz`, gain 1 at the centre √(Ω1Ω2) (mapped back to Hz), zero at DC and Nyquist.
 */
export function butterworthBandpass(order: number, lowHz: number, highHz: number, sampleRateHz: number): Float64Array {
  checkOrderAndRate(order, sampleRateHz);
  checkBand(lowHz, highHz, sampleRateHz);
  return design2(order, lowHz, highHz, sampleRateHz, false);
}

/** Butterworth bandstop from an order-N prototype (N sections): -3.0103 dB at `lowHz` and
 *  `highHz`, a zero at the centre frequency, gain 1 at DC and Nyquist. */
export function butterworthBandstop(order: number, lowHz: number, highHz: number, sampleRateHz: number): Float64Array {
  checkOrderAndRate(order, sampleRateHz);
  checkBand(lowHz, highHz, sampleRateHz);
  return design2(order, lowHz, highHz, sampleRateHz, true);
}
