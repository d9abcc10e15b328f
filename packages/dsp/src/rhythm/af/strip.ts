import type { BeatLabel } from '../types.js';
import { DspParameterError, requirePositive } from '../../filters/errors.js';
import { AF_DEFAULTS } from './options.js';
import { RrIrregularity } from './rr-irregularity.js';

/**
 * Whole-strip RR measures for short recordings (a 9-60 s strip from a handheld or a spot check).
 * On a strip the episode tracker's window and hysteresis eat most of the beats (an episode needs
 * about 13 beats to open even with strip settings), so a strip is judged as one window instead:
 * the medians over all of its clean intervals of the same two per-interval measures the streaming
 * detector uses (RrIrregularity: ectopic and impossible intervals dropped, |ΔRR| / mean RR and
 * Lorenz-plot novelty). The idea is that of Lake & Moorman's COSEn (2011): one irregularity
 * figure for the whole short record rather than a run-length rule.
 */
export interface AfStripMeasure {
  intervals: number; // RR intervals in the strip
  clean: number; // of those, measured (not ectopic, not impossible, not V/Q)
  irregularity: number | null; // median |ΔRR| / mean RR over the clean intervals
  rawIrregularity: number | null; // the same over every plausible interval (30-240 bpm), ectopics kept
  novelty: number | null; // median Lorenz-plot novelty / mean RR (needs > 8 clean intervals)
  heartRate: number | null; // bpm, from the median of all plausible intervals
  pWave: number | null; // median P-wave score (AtrialActivity) of the beats with one; null without
}

export interface AfStripRule {
  /**
   * Median |ΔRR| / mean RR at or above which the strip is AF. 0.07: resting sinus rhythm, even with
   * respiratory arrhythmia, stays under ~0.05 beat to beat, AF runs at 0.1-0.2 (AFDB AF medians).
   */
  irregularity?: number;
  /**
   * Median novelty also needed: 0.015 of the mean RR (9 ms at 60 bpm), the resolution of a
   * 250-300 Hz beat time twice over, so repeating rhythms (bigeminy, flutter with a fixed or
   * alternating block) fall under it while AF, which never revisits a Lorenz-plot point, does not.
   */
  novelty?: number;
  /** Fewest clean intervals a decision needs (default 8: fewer cannot tell AF from chance). */
  minClean?: number;
  /** Least share of the intervals that must be clean (default 0.5): below it beats are not trusted. */
  minCleanShare?: number;
  /** Median P-wave score at or above which the strip is not AF, as AfDetectorOptions.pWaveThreshold. */
  pWave?: number;
  /**
   * Median P-wave score below which the strip has no P waves at all (0.3: chance correlation of
   * unrelated waveforms, AF medians -0.1..0.2). Without P waves there is no sinus rhythm whose
   * ectopics the filter should remove, so the strip is AF when its raw RR (ectopics kept) is as
   * irregular as the `irregularity` bar, even if the ectopic filter left too few clean intervals.
   */
  noPWave?: number;
}

export const AF_STRIP_RULE: Required<AfStripRule> = {
  irregularity: 0.07,
  novelty: 0.015,
  minClean: 8,
  minCleanShare: 0.25,
  pWave: AF_DEFAULTS.pWaveThreshold,
  noPWave: 0.3,
};

/** Plausible RR (s) for the heart rate: 30-240 bpm. */
const RATE_RR_MIN = 0.25;
const RATE_RR_MAX = 2;

/**
 * Measures a strip: beat sample indices (increasing) at `sampleRate`, optional beat labels
 * ('V' and 'Q' beats leave the rhythm, as in AfDetector) and optional per-beat P-wave scores
 * (atrialScores). A thin batch wrapper over RrIrregularity.
 */
export function measureAfStrip(
  beats: ArrayLike<number>,
  sampleRate: number, // Hz
  labels?: ArrayLike<BeatLabel | undefined>,
  pWaves?: ArrayLike<number>,
): AfStripMeasure {
  requirePositive('sampleRate', sampleRate);
  const o = AF_DEFAULTS;
  const stage = new RrIrregularity({ sampleRate, minRr: o.minRr, maxRr: o.maxRr, ectopicFraction: o.ectopicFraction, noveltyBeats: o.noveltyBeats });
  const n = Math.max(0, beats.length - 1);
  const irr = new Float64Array(n);
  const nov = new Float64Array(n);
  const rates = new Float64Array(n);
  let ni = 0;
  let nn = 0;
  let nr = 0;
  const take = (): void => {
    if (stage.outIrregularity === stage.outIrregularity) irr[ni++] = stage.outIrregularity;
    if (stage.outNovelty === stage.outNovelty) nov[nn++] = stage.outNovelty;
  };
  for (let i = 1; i < beats.length; i++) {
    const rr = (beats[i] - beats[i - 1]) / sampleRate;
    if (!(rr > 0)) throw new DspParameterError('beats', beats[i], `expected increasing sample indices (beat ${i})`);
    if (rr >= RATE_RR_MIN && rr <= RATE_RR_MAX) rates[nr++] = rr;
    if (stage.push(beats[i] - beats[i - 1], labels?.[i])) take();
  }
  if (stage.flush()) take();
  const diffs = new Float64Array(Math.max(0, nr - 1));
  let nd = 0;
  for (let i = 1; i < nr; i++) diffs[nd++] = Math.abs(rates[i] - rates[i - 1]) / (0.5 * (rates[i] + rates[i - 1]));
  const rawIrregularity = median(diffs, nd);
  const mrr = median(rates, nr);
  const p = new Float64Array(pWaves?.length ?? 0);
  let np = 0;
  for (let i = 0; i < p.length; i++) if (pWaves && pWaves[i] === pWaves[i]) p[np++] = pWaves[i];
  return {
    intervals: n,
    clean: ni,
    irregularity: median(irr, ni),
    rawIrregularity,
    novelty: median(nov, nn),
    heartRate: mrr === null ? null : 60 / mrr,
    pWave: np >= AF_STRIP_RULE.minClean ? median(p, np) : null,
  };
}

/**
 * The strip's AF call: null when it cannot be judged (too few clean intervals, or most intervals
 * dropped as ectopic or impossible: the beats are not trusted), else whether it is AF.
 */
export function isAfStrip(m: AfStripMeasure, rule: AfStripRule = {}): boolean | null {
  const r = { ...AF_STRIP_RULE, ...rule };
  if (m.pWave !== null && m.pWave < r.noPWave && m.rawIrregularity !== null && m.rawIrregularity >= r.irregularity) return true;
  if (m.clean < r.minClean || m.clean < r.minCleanShare * m.intervals) return null;
  if (m.irregularity === null || m.novelty === null) return null;
  if (m.pWave !== null && m.pWave >= r.pWave) return false;
  return m.irregularity >= r.irregularity && m.novelty >= r.novelty;
}

function median(x: Float64Array, n: number): number | null {
  if (n === 0) return null;
  const s = x.subarray(0, n).sort();
  const m = n >> 1;
  return n & 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}
