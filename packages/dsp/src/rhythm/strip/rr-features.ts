import { DspParameterError, requirePositive } from '../../filters/errors.js';

/**
 * RR-interval features of a short strip that stay informative with a few wrong detections:
 * entropy and shares rather than means and standard deviations, so one missed or extra beat
 * moves them by one interval's weight and no more.
 */
export interface RrFeatures {
  intervals: number; // plausible RR intervals (30-240 bpm) used
  meanRr: number | null; // s
  /**
   * Coefficient of sample entropy (Lake & Moorman 2011): SampEn(m = 1) of the RR series with a
   * tolerance that grows from 20 ms until enough matches exist, plus ln(2r) - ln(mean RR), so
   * it is comparable across rates and tolerances. AF -0.5..1 and above, sinus rhythm -2..-1.
   * Null for fewer than 8 intervals.
   */
  cosen: number | null;
  /** Share of successive differences over 1/16 of the local mean RR (pNN50 scaled to the rate: 50 ms at 75 bpm). */
  successiveShare: number | null;
  /**
   * Lorenz-plot dispersion across the identity line: median |ΔRR| / mean RR of the pair, over
   * every plausible pair (a few odd intervals cannot move a median far).
   */
  lorenzSpread: number | null;
  /**
   * Share of the intervals whose length repeats: |RR - RR'| under 1/32 of their mean for some
   * other interval among the next four. Regular rhythms, bigeminy and flutter with fixed block
   * repeat; AF rarely does.
   */
  repeatShare: number | null;
}

const RR_MIN = 0.25; // s, 240 bpm
const RR_MAX = 2; // s, 30 bpm
const MIN_INTERVALS = 8;
const SUCCESSIVE_FRACTION = 1 / 16;
const REPEAT_FRACTION = 1 / 32;
const REPEAT_LOOKAHEAD = 4;
const TOLERANCE_START = 0.02; // s
const TOLERANCE_MAX = 0.4; // s
const MIN_MATCHES = 5; // (m + 1)-length matches SampEn needs to be more than noise

/** RR features of beat sample indices (increasing) at `sampleRate`. */
export function rrFeatures(beats: ArrayLike<number>, sampleRate: number /* Hz */): RrFeatures {
  requirePositive('sampleRate', sampleRate);
  const rr = new Float64Array(Math.max(0, beats.length - 1));
  let n = 0;
  for (let i = 1; i < beats.length; i++) {
    const x = (beats[i] - beats[i - 1]) / sampleRate;
    if (!(x > 0)) throw new DspParameterError('beats', beats[i], `expected increasing sample indices (beat ${i})`);
    if (x >= RR_MIN && x <= RR_MAX) rr[n++] = x;
  }
  const series = rr.subarray(0, n);
  if (n < MIN_INTERVALS) return { intervals: n, meanRr: n > 0 ? mean(series) : null, cosen: null, successiveShare: null, lorenzSpread: null, repeatShare: null };
  const mrr = mean(series);
  const rel = new Float64Array(n - 1);
  let over = 0;
  for (let i = 1; i < n; i++) {
    rel[i - 1] = Math.abs(series[i] - series[i - 1]) / (0.5 * (series[i] + series[i - 1]));
    if (rel[i - 1] > SUCCESSIVE_FRACTION) over++;
  }
  return {
    intervals: n,
    meanRr: mrr,
    cosen: cosen(series, mrr),
    successiveShare: over / (n - 1),
    lorenzSpread: median(rel),
    repeatShare: repeatShare(series),
  };
}

/** COSEn of the series: the tolerance grows from 20 ms (x1.5) until MIN_MATCHES (m + 1) matches. */
function cosen(rr: Float64Array, meanRr: number): number {
  for (let r = TOLERANCE_START; ; r *= 1.5) {
    const [a, b] = matches(rr, r);
    if ((a >= MIN_MATCHES && b > 0) || r * 1.5 > TOLERANCE_MAX) {
      // no match even at the widest tolerance: as unpredictable as the series allows to measure
      const sampEn = a > 0 && b > 0 ? -Math.log(a / b) : Math.log(Math.max(1, b));
      return sampEn + Math.log(2 * r) - Math.log(meanRr);
    }
  }
}

/** Pairs of templates of length 1 (b) and 2 (a) within tolerance r (Chebyshev), self-matches excluded. */
function matches(rr: Float64Array, r: number): [number, number] {
  let a = 0;
  let b = 0;
  const n = rr.length - 1; // templates of length 1 that have a successor, as SampEn counts them
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (Math.abs(rr[i] - rr[j]) > r) continue;
      b++;
      if (Math.abs(rr[i + 1] - rr[j + 1]) <= r) a++;
    }
  }
  return [a, b];
}

function repeatShare(rr: Float64Array): number {
  let rep = 0;
  for (let i = 0; i < rr.length; i++) {
    for (let j = i + 1; j <= i + REPEAT_LOOKAHEAD && j < rr.length; j++) {
      if (Math.abs(rr[i] - rr[j]) < REPEAT_FRACTION * 0.5 * (rr[i] + rr[j])) {
        rep++;
        break;
      }
    }
  }
  return rep / rr.length;
}

function mean(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

function median(x: Float64Array): number {
  const s = Float64Array.from(x).sort();
  const m = s.length >> 1;
  return s.length & 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}
