import { DspParameterError, requirePositive } from '../../filters/errors.js';
import { checkRange, type SampleArray } from '../../filters/stream.js';
import type { Episode, EpisodeSink } from '../types.js';
import { checkModel, MIN_P2P_MV, MODEL, shockableKind, shockableProbability, type ShockableModel, type WindowClass } from './classifier.js';
import { decisionCounts, EpisodeHysteresis } from './hysteresis.js';
import { analysisGrid, LeadWindow } from './lead-window.js';
import { LeadSoloRecord } from './solo-record.js';
import { organisedSlow } from './organised-slow.js';
import { emptyFeatures, WindowFeatureExtractor, type WindowFeatures } from './window-features.js';

export interface ShockableDetectorOptions {
  sampleRate: number; // Hz
  /** Leads fed to push(); with 2 the window's probability is the mean over the analysable leads. */
  leads?: 1 | 2;
  /** Weights of the window model; default MODEL (classifier.ts). For refits and leave-one-out benchmarks. */
  model?: Readonly<ShockableModel>;
  /**
   * Window probability at or above which a window is shockable, 0..1; default DEFAULT_THRESHOLD.
   * A policy choice between missed VF and false alarms: leaving each record out of the fit,
   * 0.5 reads vfdb VF Se 94.9 / NSR Sp 97.6 and cudb VF Se 77.2; 0.7 reads vfdb 92.9 / 99.1
   * (every AHA goal on vfdb met) but cudb VF Se 70.1 (classifier.ts).
   */
  threshold?: number;
  /**
   * Window probability, threshold..1, of the urgent tier; default DEFAULT_URGENT_THRESHOLD (or
   * `threshold` when that is higher). Episodes open as 'warning' (possible VF, check the patient)
   * and are escalated to 'urgent' after consecutive windows at this level over OPEN_SPAN_SECONDS (hysteresis.ts).
   * Equal to `threshold`: every episode is urgent from its open.
   */
  urgentThreshold?: number;
  /**
   * Keep an episode urgent until it closes once escalated (default false: lowered to a warning after
   * CLOSE_AFTER_SECONDS below the urgent tier, hysteresis.ts). Latching finds more VF seconds urgent
   * (leaving each record out, vfdb 94.3 against 92.9, cudb 72.4 against 70.1) but misses the AHA
   * sinus goal on vfdb (NSR Sp 98.81).
   */
  latchUrgent?: boolean;
  /**
   * Window probability, urgentThreshold..1, from which one window alone opens or escalates an urgent
   * episode (hysteresis.ts); default DEFAULT_SURE_THRESHOLD. 1 or more: never (every urgent flag
   * waits for consecutive windows over OPEN_SPAN_SECONDS).
   */
  sureThreshold?: number;
  /** Time between decisions, s, a whole fraction of a second; default HOP_SECONDS. For benchmarks. */
  hopSeconds?: number;
  /**
   * Count the hysteresis on every decision (decisionCounts(hopSeconds)) instead of on the decisions
   * that end whole seconds only (default false). A trade, not a gain; see HOP_SECONDS.
   */
  countEveryDecision?: boolean;
}

/** Default window threshold: equal odds. */
export const DEFAULT_THRESHOLD = 0.5;
/**
 * Default urgent tier: leaving each record out of the fit, the urgent flags reach the AHA goals on
 * vfdb (per second VF Se 93.23, rapid VT 94.98, NSR Sp 99.05, other Sp 99.46; cudb VF Se 75.58;
 * with the sure tier below, 0.5-s hop, the organised-rhythm veto, the 250 Hz grid, mains notches,
 * the hold through unreadable windows and the high band without the harmonics of coarse fast VF);
 * the 0.5-0.7 band, where much of cudb's organised or post-shock VF sits, stays visible as a
 * warning (any flag: vfdb VF 95.49, cudb 82.55). Measured by
 * bench/rhythm/vf/fit.ts. (The figures of the other choices below were measured before the grid and
 * the notches, with the weights of that time.)
 */
export const DEFAULT_URGENT_THRESHOLD = 0.7;

/**
 * Default sure tier: one window this sure raises the urgent flag without waiting for a second. VF
 * fills the 4-s window over ~4 s, so the probability climbs to 0.9+ in the window that is mostly
 * VF; waiting for the next one costs a second of every onset. Leaving each record out of the fit
 * (bench/rhythm/vf/fit.ts, urgent tier, without -> with): vfdb VF Se 92.46 -> 92.66, NSR Sp
 * 99.06 -> 99.01, other Sp 99.54 -> 99.52, rapid VT 94.98 either way; cudb VF Se 70.11 -> 70.71;
 * mitdb and nstdb 118e* no false second either way. At system level (bench rhythm vf-system, the
 * full analyzer) vfdb VF/rapid VT episodes flagged urgent within 5 s 33 -> 34 of 40 (median
 * 3.4 -> 3.0 s), cudb 19 -> 19 of 23 (3.5 -> 3.2 s). A lower tier misses the sinus goal: at 0.9,
 * left out, vfdb NSR Sp 98.89 (VF Se 92.78, cudb 71.09). (These figures are of the 1-s hop; see
 * HOP_SECONDS for the 0.5-s one, which checks this tier twice a second.)
 */
export const DEFAULT_SURE_THRESHOLD = 0.95;

/** One analysis decision, handed to the optional observer (benchmarks, diagnostics). */
export interface ShockDecision {
  /** Sample just after the analysed window: the decision is made once this many samples are in. */
  sample: number;
  kind: WindowClass;
  probability: number; // 0..1, mean over the analysable leads; 0 when none is
  /** Per lead; `analysable[l]` false when lead l had a gap or was flat (features then stale). */
  features: readonly Readonly<WindowFeatures>[];
  analysable: readonly boolean[];
  /**
   * True on the decisions that end a whole second of the stream (every 1 / hop-th): for consumers
   * that want one window a second (the analyzer's periodicity ring).
   */
  endsSecond: boolean;
  /**
   * True when one lead alone was read and its record while both were read (solo-record.ts) keeps
   * it from the urgent tier: the episode this decision feeds stays a warning.
   */
  heldAtWarning: boolean;
}

/** Analysis window, s: long enough for a few cycles of 3-7 Hz VF and a spectral resolution of 0.25 Hz. */
export const WINDOW_SECONDS = 4;
/**
 * Time between decisions, s. Half a second: at onset the probability climbs as VF fills the
 * window, and a window at the sure tier waited up to a second for the next decision. The
 * hysteresis still counts the decisions that end whole seconds only (its runs span the same
 * time as before); the decisions between them can only raise the urgent flag sooner, at the
 * sure tier (EpisodeHysteresis.between). Leaving each record out (bench/rhythm/vf/fit.ts),
 * 1 -> 0.5 s: vfdb VF Se 92.66 -> 92.87, rapid VT 94.98 either way (episodes urgent within 5 s
 * 6 -> 7 of 7), NSR Sp 99.01, other 99.52, asystole 96.05 all unchanged; cudb VF Se 70.71 ->
 * 71.16 (NSR 88.36 -> 87.93: one second of cu09); mitdb 207's flutter 95.54 -> 97.32; mitdb and
 * nstdb 118e* no false second. At system level (bench rhythm vf-system) vfdb VF/rapid VT episodes
 * urgent within 5 s 34 -> 36 of 40 (median 3.0 -> 2.8 s), cudb 19 of 23 either way (3.2 s), and
 * the urgent-free NSR and other seconds on vfdb stay 98.89 and 98.92 %. Counting every half-second
 * decision instead (countEveryDecision: three to open, six to close) does better at system level
 * (36 of 40, median 2.7 s; cudb 23 found, 20 of 23 within 5 s; NSR 99.13 %, other 99.05 %) but
 * gives the finer grid twice the chances to string sinus windows of vfdb 418 and 424 over the
 * tier, left out: vfdb NSR Sp 98.60, asystole Sp 89.47 (VF Se 93.60).
 *
 * An onset check was measured too and removed (commit 44a506c holds it): a model fitted alike on the
 * trailing 2 s of each window, left out per record, letting a window at the urgent tier count as
 * sure when those 2 s reached 0.9 and the 2 s before them were below 0.5. Left out: vfdb VF Se
 * 92.87 -> 93.52, VF episodes urgent within 5 s 30 -> 31 of 33, cudb VF 71.16 -> 72.06, but vfdb NSR
 * Sp 99.01 -> 98.87 (vfdb 418's wide sinus complexes; 98.15 without the 2-s-before condition);
 * at system level 36 -> 36 of 40 within 5 s, urgent-free NSR 98.89 -> 98.82 %.
 */
export const HOP_SECONDS = 0.5;

/**
 * Streaming detector of shockable rhythms on the ECG signal itself: ventricular fibrillation and
 * flutter (episode type VFIB) and rapid ventricular tachycardia (VT), in two tiers: 'warning' from
 * `threshold`, escalated to 'urgent' from `urgentThreshold` (and lowered again below it, unless latched).
 * It does not rely on QRS detection, which breaks down in VF.
 *
 * Every HOP_SECONDS it analyses the trailing WINDOW_SECONDS of each lead, resampled to
 * ANALYSIS_RATE_HZ, band-passed and notched at 50 and 60 Hz (lead-window.ts: the same grid
 * whatever the device's rate, deaf to mains hum),
 * (window-features.ts), refuses windows with gaps (NaN) or with less than MIN_P2P_MV peak to peak
 * (asystole, lead off), and scores the rest with a logistic model (classifier.ts). Windows that
 * pass are VT when organised around a dominant frequency below VT_MAX_DOMINANT_HZ, else VFIB,
 * unless every analysable lead repeats one complex regularly slower than ventricular flutter
 * (organised-slow.ts: period >= 0.4 s, autocorrelation >= 0.8) and is not a sinusoid (flutter
 * and sine-wave rhythms have no harmonics), which is never shockable.
 * That veto, a fixed rule, took cudb's wide-complex sinus tachycardia (cu09, ~145/min) out of the
 * VF alarms: urgent tier, each record left out of the model's fit (fit.ts), cudb NSR Sp 87.93 ->
 * 98.71 %, at the cost of cu15's sinusoidal 120/min "VF" (cudb VF Se 71.16 -> 69.89; in-sample
 * 72.28 -> 70.79); vfdb VF 92.87 -> 92.82, rapid VT, NSR, other and asystole unchanged (94.98,
 * 99.01, 99.52, 96.05), mitdb 207's flutter 97.32 either way. At system level (vf-system) cudb
 * seconds of NSR without an urgent flag 88.36 -> 96.98 %, shockable episodes within 5 s unchanged.
 * Sparing sinusoids (SINUSOIDAL_MIN_PEAK_FRACTION) later gave back most of cu15 (organised-slow.ts).
 *
 * Episodes follow hysteresis.ts, counted on the decisions that end whole seconds: one opens after
 * consecutive shockable decisions over OPEN_SPAN_SECONDS, so its 'open' event comes a fixed `delay`
 * samples after the reported `start` (the first sample of the first shockable window), or at the
 * first window at the sure tier, any decision, without that wait. A window that no lead could be
 * read in (a gap on every lead) counts neither way: an open episode is held through up to
 * HOLD_MAX_SECONDS of them (hysteresis.ts), so a VF alarm is not cleared by a lost or saturated
 * signal. Decisions fall on fixed samples counted from the first one, so the output does not
 * depend on how the input is chunked.
 *
 * With two leads, each lead's record while both are read is kept (solo-record.ts): a lead that
 * alone reached the urgent tier in more than 1 % of the seconds the pair saw nothing shockable
 * raises a warning at most once it is the only lead read (the other flat or lost).
 */
export class ShockableDetector {
  readonly sampleRate: number; // Hz
  readonly leadCount: 1 | 2;
  readonly window: number; // samples per analysis window, at the input's rate (the features see it at ANALYSIS_RATE_HZ)
  readonly hop: number; // samples between decisions
  /** Samples from an episode's reported start to the sample at which its 'open' event is raised. */
  readonly delay: number;

  private readonly leads: LeadWindow[];
  private readonly extractor: WindowFeatureExtractor;
  private readonly scratch: Float64Array;
  private readonly features: WindowFeatures[];
  private readonly analysable: boolean[];
  private readonly perLead: Float64Array; // each lead's own probability in the last window
  private readonly solo: LeadSoloRecord;
  private readonly countEvery: boolean;
  private readonly decision: ShockDecision;
  private readonly hysteresis: EpisodeHysteresis;
  private readonly model: Readonly<ShockableModel>;
  private readonly threshold: number;
  readonly urgentThreshold: number;
  private written = 0;
  private decisions = 0; // made so far
  private readonly perSecond: number; // decisions per second
  private readonly hopSeconds: number; // s
  private nextDecision: number;

  constructor(
    opts: ShockableDetectorOptions,
    sink: EpisodeSink,
    private readonly observer?: (decision: Readonly<ShockDecision>) => void,
  ) {
    requirePositive('sampleRate', opts.sampleRate);
    const leads = opts.leads ?? 1;
    if (leads !== 1 && leads !== 2) throw new DspParameterError('leads', leads, 'expected 1 or 2');
    this.sampleRate = opts.sampleRate;
    this.leadCount = leads;
    this.model = opts.model ?? MODEL;
    checkModel(this.model);
    this.threshold = opts.threshold ?? DEFAULT_THRESHOLD;
    if (!(this.threshold > 0 && this.threshold < 1)) throw new DspParameterError('threshold', this.threshold, 'expected a probability strictly between 0 and 1');
    this.urgentThreshold = opts.urgentThreshold ?? Math.max(this.threshold, DEFAULT_URGENT_THRESHOLD);
    if (!(this.urgentThreshold >= this.threshold && this.urgentThreshold <= 1)) {
      throw new DspParameterError('urgentThreshold', this.urgentThreshold, `expected a probability from threshold (${this.threshold}) to 1`);
    }
    const sure = opts.sureThreshold ?? Math.max(this.urgentThreshold, DEFAULT_SURE_THRESHOLD);
    if (!(sure >= this.urgentThreshold)) throw new DspParameterError('sureThreshold', sure, `expected a probability from urgentThreshold (${this.urgentThreshold}) up`);
    this.hopSeconds = opts.hopSeconds ?? HOP_SECONDS;
    this.perSecond = Math.round(1 / this.hopSeconds);
    if (!(this.perSecond >= 1 && Math.abs(this.perSecond * this.hopSeconds - 1) < 1e-9)) {
      throw new DspParameterError('hopSeconds', this.hopSeconds, 'expected a whole fraction of a second (1, 0.5, 0.25, ...)');
    }
    this.window = Math.round(WINDOW_SECONDS * opts.sampleRate);
    this.hop = Math.round(this.hopSeconds * opts.sampleRate);
    const grid = analysisGrid(opts.sampleRate);
    this.leads = Array.from({ length: leads }, () => new LeadWindow(opts.sampleRate, WINDOW_SECONDS, grid));
    this.extractor = new WindowFeatureExtractor(grid?.analysisHz ?? opts.sampleRate, this.leads[0].length);
    this.scratch = new Float64Array(this.leads[0].length);
    this.features = Array.from({ length: leads }, emptyFeatures);
    this.analysable = Array.from({ length: leads }, () => false);
    this.perLead = new Float64Array(leads);
    this.solo = new LeadSoloRecord(leads);
    this.decision = { sample: 0, kind: 'none', probability: 0, features: this.features, analysable: this.analysable, endsSecond: false, heldAtWarning: false };
    const sureTier = sure >= 1 ? Number.POSITIVE_INFINITY : sure;
    this.countEvery = opts.countEveryDecision ?? false;
    const counted = this.countEvery ? this.hopSeconds : 1; // s between the decisions the hysteresis counts
    this.hysteresis = new EpisodeHysteresis(this.window, Math.round(counted * opts.sampleRate), sink, this.urgentThreshold, opts.latchUrgent ?? false, sureTier, decisionCounts(counted));
    this.delay = this.hysteresis.delay;
    this.nextDecision = this.decisionSample(1);
  }

  /**
   * Feeds the next samples, mV, `[offset, offset + length)` of each lead; lead1 is required (same
   * length) when the detector has 2 leads.
   */
  push(lead0: SampleArray, lead1?: SampleArray, offset = 0, length = lead0.length - offset): void {
    if (this.leadCount === 2 && (lead1 === undefined || lead1.length !== lead0.length)) {
      throw new DspParameterError('lead1', lead1?.length, `expected ${lead0.length} samples for the second lead`);
    }
    checkRange('ShockableDetector', lead0.length, offset, length);
    const end = offset + length;
    let i = offset;
    while (i < end) {
      const n = Math.min(end - i, this.nextDecision - this.written);
      this.leads[0].push(lead0, i, i + n);
      if (lead1 !== undefined && this.leadCount === 2) this.leads[1].push(lead1, i, i + n);
      i += n;
      this.written += n;
      if (this.written === this.nextDecision) {
        this.decisions++;
        this.decide();
        this.nextDecision = this.decisionSample(this.decisions + 1);
      }
    }
  }

  /** End of stream: closes an open episode at the end of its last shockable window. */
  flush(): void {
    this.hysteresis.flush();
  }

  /** The episode open now, if any (a copy). */
  get current(): Readonly<Episode> | null {
    return this.hysteresis.current;
  }

  /**
   * Sample at which decision k (1, 2, ...) is made: k hops from the first sample, rounded, so that
   * every 1 / hop-th decision falls exactly on a whole second whatever the sample rate.
   */
  private decisionSample(k: number): number {
    const second = Math.floor(k / this.perSecond);
    const part = k - second * this.perSecond;
    return Math.round(second * this.sampleRate) + Math.round((part * this.sampleRate) / this.perSecond);
  }

  private decide(): void {
    let sum = 0;
    let count = 0;
    let best = -1;
    let bestP = -1;
    let readable = false; // some lead's window is whole (flat or not)
    for (let l = 0; l < this.leadCount; l++) {
      const lead = this.leads[l];
      this.analysable[l] = false;
      if (!lead.valid) continue;
      readable = true;
      lead.copyTo(this.scratch);
      const f = this.extractor.compute(this.scratch, this.features[l]);
      if (f.p2p < MIN_P2P_MV) continue;
      this.analysable[l] = true;
      const p = shockableProbability(f, this.model);
      this.perLead[l] = p;
      sum += p;
      count++;
      if (p > bestP) {
        bestP = p;
        best = l;
      }
    }
    const probability = count > 0 ? sum / count : 0;
    let kind: WindowClass = 'none';
    if (probability >= this.threshold && !organisedSlow(this.features, this.analysable)) kind = shockableKind(this.features[best]);
    const endsSecond = this.decisions % this.perSecond === 0;
    if (endsSecond && this.leadCount === 2) {
      for (let l = 0; l < 2; l++) this.solo.readable(l, this.analysable[l]);
      if (count === 2) this.solo.observe(this.perLead, kind !== 'none', this.urgentThreshold);
    }
    // one lead of two read alone, and that lead has cried wolf alone before: a warning at most
    const held = this.leadCount === 2 && count === 1 && this.solo.unreliable(best);
    const judged = held ? Math.min(probability, Math.max(this.threshold, this.urgentThreshold - 1e-9)) : probability;
    this.decision.sample = this.written;
    this.decision.kind = kind;
    this.decision.probability = probability;
    this.decision.endsSecond = endsSecond;
    this.decision.heldAtWarning = held;
    this.observer?.(this.decision);
    if (!(this.countEvery || endsSecond)) {
      if (readable) this.hysteresis.between(this.written, kind, judged);
    } else if (readable) this.hysteresis.update(this.written, kind, judged);
    else this.hysteresis.unreadable();
  }
}
