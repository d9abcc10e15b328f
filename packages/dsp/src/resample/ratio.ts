import { DspParameterError, requirePositive } from '../filters/errors.js';

/** Largest up or down factor accepted: keeps polyphase tables (≈ up × taps per phase) small. */
export const MAX_RATIO_TERM = 1000;

/** A resampling ratio toHz / fromHz = up / down in lowest terms. */
export interface RationalRatio {
  up: number;
  down: number;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * Reduces toHz / fromHz to up / down (e.g. 360 → 128 Hz: 16/45; 360 → 250: 25/36;
 * 360 → 500: 25/18). Rates may have up to three decimals (millihertz); up and down must
 * not exceed {@link MAX_RATIO_TERM}.
 */
export function rationalRatio(fromHz: number, toHz: number): RationalRatio {
  requirePositive('fromHz', fromHz);
  requirePositive('toHz', toHz);
  const a = Math.round(fromHz * 1000), b = Math.round(toHz * 1000);
  if (Math.abs(a - fromHz * 1000) > 1e-6 || Math.abs(b - toHz * 1000) > 1e-6) {
    throw new DspParameterError('fromHz/toHz', `${fromHz}/${toHz}`, 'rates must be whole millihertz');
  }
  const g = gcd(a, b);
  const up = b / g, down = a / g;
  if (up > MAX_RATIO_TERM || down > MAX_RATIO_TERM) {
    throw new DspParameterError('toHz/fromHz', `${up}/${down}`, `up and down must be <= ${MAX_RATIO_TERM}`);
  }
  return { up, down };
}

/**
 * Maps a sample index at `fromHz` to the nearest sample index at `toHz` (same time origin:
 * index n is at n / rate seconds). Resampler outputs are time-aligned this way, so annotation
 * indices map with no delay term. Ties round up.
 */
export function mapSampleIndex(index: number, fromHz: number, toHz: number): number {
  requirePositive('fromHz', fromHz);
  requirePositive('toHz', toHz);
  return Math.round((index * toHz) / fromHz);
}
