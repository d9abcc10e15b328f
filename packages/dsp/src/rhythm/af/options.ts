import { DspParameterError, requireInteger, requirePositive } from '../../filters/errors.js';
import type { RrReference } from './rr-irregularity.js';

export interface AfDetectorOptions {
  sampleRate: number; // Hz of the beat sample indices
  /**
   * RR intervals in the centred median window of irregularity (odd). Longer is steadier, shorter
   * decides sooner. Default 35 (about 20 s of AF at 100 bpm): on afdb a 25-interval window let
   * short AF-like bursts of atrial ectopy through; 51 gained little more and blurs boundaries.
   */
  windowBeats?: number;
  /**
   * Median irregularity (|ΔRR| / mean RR) at or above which a regular stretch turns AF, at a
   * ventricular rate of 60 bpm or slower (see fastThresholdFactor for faster rates).
   */
  onThreshold?: number;
  /** Median irregularity below which an AF stretch turns regular again (hysteresis). */
  offThreshold?: number;
  /**
   * Median novelty (nearest earlier Lorenz-plot point, / mean RR) also needed to turn AF; an AF
   * stretch turns regular below noveltyThreshold × offThreshold / onThreshold.
   */
  noveltyThreshold?: number;
  /**
   * Factor applied to all three thresholds (on, off, novelty) at 150 bpm and faster, reached
   * linearly in RR from 1 at 60 bpm (1 s) to this at 150 bpm (0.4 s); the rate is the median
   * of the window's clean intervals. At fast ventricular rates the AV node's refractory period
   * bounds how short an AF interval can be, so AF is less irregular in |ΔRR| / RR, while sinus
   * tachycardia is very regular; at slow rates sinus arrhythmia is largest. 1 turns it off.
   */
  fastThresholdFactor?: number;
  /**
   * COSEn (coefficient of sample entropy, Lake & Moorman 2011; WindowCosen) of the window's RR
   * intervals, nats, at or above which a stretch may turn AF; an AF stretch turns regular below
   * it minus COSEN_HYSTERESIS. A third bar beside |ΔRR| and novelty: those judge intervals one or
   * two at a time, entropy judges how the intervals follow one another, so clusters of similar
   * short and long intervals (runs of atrial ectopy, rate drifts) that pass the first two stay
   * out, while AF's near-independent intervals pass it. Not scaled with the rate (COSEn already
   * removes it). Default -Infinity (off); 4 is the bar fitted on afdb, with onThreshold 0.055
   * and fastThresholdFactor 0.9 (see AF_DEFAULTS for why that is not the default yet).
   */
  cosenThreshold?: number;
  /** Earlier Lorenz-plot points each new one is compared with. Default 24. */
  noveltyBeats?: number;
  /**
   * AF intervals in a row before an episode opens. Default 45: about 30 s at the 90 bpm typical
   * of AF, the duration that defines an AF episode; shorter irregular bursts (atrial ectopy) are
   * not reported. The episode's start is still backdated to its first AF interval.
   */
  minOnBeats?: number;
  /** Non-AF intervals in a row before an episode closes. Default 45 (a regular run under ~30 s does not split an episode). */
  minOffBeats?: number;
  /** An interval this much (fraction of the mean RR) short, followed by a pause this much longer, is ectopic. Default 0.15. */
  ectopicFraction?: number;
  /** Intervals outside [minRr, maxRr] s are detector errors or pauses, not rhythm. Defaults 0.2, 3. */
  minRr?: number;
  maxRr?: number;
  /**
   * Reference RR against which a premature interval is judged (RrIrregularity): 'median' (default
   * here) the median of the last 9 clean RR, 'mean' the running mean the strip measure uses. The
   * mean is pulled up by AF's long intervals, so ordinary short AF intervals were dropped as
   * premature and AF lost its irregularity.
   */
  ectopicReference?: RrReference;
  /**
   * A beat-to-beat gap longer than this (s) ends the stream segment: any open episode closes at
   * its last AF interval before the gap, and the beats after it are judged on their own, as after
   * flush(). AF that stops often does so into a long pause before sinus or escape beats take over
   * (tachy-brady); without the cut the AF intervals before the pause filled half of the window
   * after it and kept the episode open 7-11 s into the escape rhythm (mitdb 201). A missed run of
   * beats (lost signal) also ends the segment: nothing is known about the rhythm there. Default 3.
   */
  pauseRr?: number;
  /**
   * Median P-wave score (pushBeat's third argument) over the window at or above which the
   * stretch is not AF: the pre-QRS window then shares a waveform with the template (r >= 0.7:
   * the template explains about half of the window's variance), i.e. organised atrial activity
   * at a fixed PR. Sinus rhythm scores 0.85-1 on lead II, AF around 0 (MIT-BIH 201/203 per-beat
   * quartiles -0.4..0.45). Default 0.7: a veto needs clear P waves, so noise that happens to
   * correlate cannot hide AF (0.5-0.6 lost 3-10 points of Se on mitdb 203 and aftdb).
   */
  pWaveThreshold?: number;
  /**
   * Move each episode's start and end to the change point of the intervals around them
   * (EdgeRefiner): the medians and their hysteresis put both several beats late. Default true;
   * false leaves them where the decisions changed (for comparison).
   */
  refineEdges?: boolean;
}

export type ResolvedAfOptions = Required<AfDetectorOptions>;

/**
 * Hysteresis of the COSEn bar, nats: ln(0.8) ≈ −0.22, the same 0.8 ratio the off threshold of
 * the linear measures has, on a log scale.
 */
export const COSEN_HYSTERESIS = 0.2;

/**
 * onThreshold and fastThresholdFactor are the values fitted on the shared afdb records, RR only
 * (bench/rhythm/af-loo.ts: grid 0.05-0.07 × 0.5-1, window and hysteresis fixed, the fit judged
 * by its total shortfall to the targets Se 97.5 / Sp 98.5 %): in-sample duration Se 97.55 %,
 * Sp 98.33 %; refitted leaving each record out in turn, the held-out records score Se 97.08 %,
 * Sp 98.36 %. With the edge refiner (refineEdges) these defaults read 97.76 / 98.29 in-sample and
 * the held-out records 97.21 / 98.34; the in-sample fit would now take on 0.07, fast × 0.6 by a
 * hair (shortfall 0.17 against 0.21 points of Sp; 97.53 / 98.33), which changes nothing end to end
 * on mitdb, so the defaults stayed.
 * With the COSEn bar in the fit (off or 3.8-4.2) the fit is on 0.055, fast × 0.9, COSEn 4:
 * in-sample Se 97.68 / Sp 98.44 %, held out 97.07 / 98.41 % (with the edge refiner 97.87 / 98.38
 * and 97.33 / 98.40). It is not the default: where the rhythm must be judged on RR alone off
 * afdb, it calls more sinus rhythm with ectopy AF. On the mitdb records without AF with no P-wave
 * evidence (`af-run.js mitdb atrial=none`, the classifier's labels) false AF rises from 5.20 min
 * (0.75 %) to 9.14 min (1.32 %, over the 1 % target); with one electrode off (`--parts leadoff`,
 * the first lead flat) it adds 3 false AF warnings (108, 115). The afdb gain held out, 0.12 and
 * 0.06 points, is smaller than that. (It once also let 0.7 min of false AF through on paced 104
 * end to end; that is gone.)
 * offThreshold stays 0.8 × on and the novelty bar 0.5 × on, the ratios the detector had before.
 */
export const AF_DEFAULTS: Omit<ResolvedAfOptions, 'sampleRate'> = {
  windowBeats: 35,
  onThreshold: 0.06,
  offThreshold: 0.048,
  noveltyThreshold: 0.03,
  fastThresholdFactor: 0.8,
  cosenThreshold: -Infinity,
  noveltyBeats: 24,
  minOnBeats: 45,
  minOffBeats: 45,
  ectopicFraction: 0.15,
  minRr: 0.2,
  maxRr: 3,
  pWaveThreshold: 0.7,
  ectopicReference: 'median',
  pauseRr: 3,
  refineEdges: true,
};

export function resolveAfOptions(opts: AfDetectorOptions): ResolvedAfOptions {
  const o: ResolvedAfOptions = { ...AF_DEFAULTS, ...stripUndefined(opts), sampleRate: opts.sampleRate };
  requirePositive('sampleRate', o.sampleRate);
  requireInteger('windowBeats', o.windowBeats, 3);
  if (o.windowBeats % 2 === 0) throw new DspParameterError('windowBeats', o.windowBeats, 'expected an odd number (a centred window)');
  requirePositive('onThreshold', o.onThreshold);
  requirePositive('offThreshold', o.offThreshold);
  if (o.offThreshold > o.onThreshold) {
    throw new DspParameterError('offThreshold', o.offThreshold, `expected <= onThreshold (${o.onThreshold})`);
  }
  requirePositive('noveltyThreshold', o.noveltyThreshold);
  requirePositive('fastThresholdFactor', o.fastThresholdFactor);
  if (Number.isNaN(o.cosenThreshold) || o.cosenThreshold === Infinity) {
    throw new DspParameterError('cosenThreshold', o.cosenThreshold, 'expected a finite number or -Infinity (off)');
  }
  requireInteger('noveltyBeats', o.noveltyBeats, 2);
  requireInteger('minOnBeats', o.minOnBeats, 1);
  requireInteger('minOffBeats', o.minOffBeats, 1);
  if (!(o.ectopicFraction >= 0 && o.ectopicFraction < 1)) {
    throw new DspParameterError('ectopicFraction', o.ectopicFraction, 'expected a number in [0, 1)');
  }
  requirePositive('pWaveThreshold', o.pWaveThreshold);
  requirePositive('minRr', o.minRr);
  if (o.ectopicReference !== 'mean' && o.ectopicReference !== 'median') {
    throw new DspParameterError('ectopicReference', o.ectopicReference, "expected 'mean' or 'median'");
  }
  requirePositive('pauseRr', o.pauseRr);
  if (!(o.maxRr > o.minRr)) throw new DspParameterError('maxRr', o.maxRr, `expected > minRr (${o.minRr})`);
  return o;
}

function stripUndefined(opts: AfDetectorOptions): Partial<AfDetectorOptions> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) if (v !== undefined) out[k] = v;
  return out as Partial<AfDetectorOptions>;
}
