import type { BeatLabel } from '../types.js';
import { WindowMedian } from './window-median.js';

/** Settings of the RR stage; see AfDetectorOptions for their meaning. */
export interface RrStageSettings {
  /** Hz: intervals are pushed in samples at this rate (1: in seconds). */
  sampleRate: number;
  minRr: number; // s
  maxRr: number; // s
  ectopicFraction: number; // 0..1
  noveltyBeats: number; // earlier Lorenz-plot points a new one is compared with
  /**
   * What a premature interval is judged against: 'mean' (default) a running mean of the clean RR
   * (weight 1/8), 'median' the median of the last REFERENCE_BEATS clean RR. See RrReference.
   */
  reference?: RrReference;
}

/**
 * Reference RR of the ectopic filter. The running mean follows AF's scatter, so in AF a long
 * interval drags it up and the next ordinary short one looks premature and is dropped, which
 * thins out exactly the irregularity AF is detected by; the median of the last few clean RR is
 * not moved by one long interval.
 */
export type RrReference = 'mean' | 'median';

/** Clean intervals the median reference is taken over (odd: a true middle value). */
const REFERENCE_BEATS = 9;

/**
 * Earlier Lorenz-plot points needed before novelty is measured: at the start of a stream it is
 * measured against the few there are, so AF already present is found within the first window.
 */
const MIN_NOVELTY_POINTS = 8;

/** Marks a dropped interval (ectopic, impossible, noise) or a measure not yet defined. */
const NaNv = Number.NaN;

/**
 * Turns RR intervals into a per-interval irregularity, one interval behind the input (an
 * interval can only be called premature once the next one shows the pause after it).
 *
 * Ectopic filtering (after Petrėnas et al. 2015): an interval ending on a 'V' (or 'Q') beat, the
 * interval right after a 'V', and, whatever the labels, a premature interval followed by a clearly
 * longer one (short-long: a premature beat and its pause) are dropped, so isolated and frequent
 * ectopics and bigeminy leave the clean RR series of the underlying rhythm.
 *
 * Two measures per clean interval r(n), both over the local mean RR so they do not depend on
 * the heart rate (ΔRR shrinks as the rate rises):
 *  - irregularity |r(n) − r(n−1)| / mean (normalised successive difference, as nRMSSD, Dash 2009);
 *  - novelty: how far the Lorenz-plot point (r(n−1), r(n)) lies from every recent point (below).
 * AF is both irregular and never repeats itself; ectopy the filter missed (PACs barely premature,
 * trigeminy), sinus arrhythmia and flutter with variable block are irregular but repetitive.
 */
export class RrIrregularity {
  /** Last interval released: its length (s) and irregularity (NaN when it was dropped). */
  outRr = NaNv;
  outIrregularity = NaNv;
  /** Last interval released: its novelty (NaN when dropped or too early). */
  outNovelty = NaNv;
  private readonly s: RrStageSettings;
  private hasPending = false;
  private pendRr = NaNv;
  private pendLabel: BeatLabel | undefined;
  private pendForced = false; // pending interval follows a ventricular beat
  private nextRr = NaNv; // s: the interval after the pending one, NaN if unknown
  private ref = NaNv; // reference RR (running mean or recent median of clean RR), s
  private readonly refWindow: WindowMedian | null; // recent clean RR, for the median reference
  private readonly history: Float64Array; // ring of clean RR, s
  private historyCount = 0;

  constructor(settings: RrStageSettings) {
    this.s = settings;
    this.history = new Float64Array(settings.noveltyBeats + 2);
    this.refWindow = settings.reference === 'median' ? new WindowMedian(REFERENCE_BEATS) : null;
  }

  /**
   * Next interval, in samples (an integer where beats are sample indices: V8 boxes a fractional
   * argument on the heap for a call it does not inline, and this runs once per beat), `label` the
   * beat that ends it. Returns true when an interval (the previous one) is released into
   * outRr/outIrregularity/outNovelty. Intermediate values pass between the methods below in
   * fields, for the same reason.
   */
  push(samples: number, label: BeatLabel | undefined): boolean {
    const rr = samples / this.s.sampleRate;
    if (!this.hasPending) {
      this.setPending(rr, label, false);
      return false;
    }
    this.nextRr = rr;
    const forceNext = this.release();
    this.setPending(rr, label, forceNext);
    return true;
  }

  /** End of stream: release the interval still held, judged without the one after it. */
  flush(): boolean {
    if (!this.hasPending) return false;
    this.nextRr = NaNv;
    this.release();
    this.hasPending = false;
    return true;
  }

  reset(): void {
    this.hasPending = false;
    this.ref = NaNv;
    this.refWindow?.reset();
    this.historyCount = 0;
    this.outRr = this.outIrregularity = this.outNovelty = NaNv;
  }

  private setPending(rr: number, label: BeatLabel | undefined, forced: boolean): void {
    this.hasPending = true;
    this.pendRr = rr;
    this.pendLabel = label;
    this.pendForced = forced;
  }

  /** Judges the pending interval, with `nextRr`; returns whether `nextRr` is compensatory. */
  private release(): boolean {
    const rr = this.pendRr;
    const next = this.nextRr;
    const s = this.s;
    let valid = !this.pendForced && this.pendLabel !== 'Q' && rr >= s.minRr && rr <= s.maxRr;
    let forceNext = false;
    if (this.pendLabel === 'V') {
      valid = false;
      forceNext = true;
    } else if (valid && next === next && this.ref === this.ref) {
      const g = s.ectopicFraction * this.ref;
      if (rr < this.ref - g && next - rr > g) {
        valid = false;
        forceNext = true;
      }
    }
    this.outRr = rr;
    if (valid) this.measure();
    else this.outIrregularity = this.outNovelty = NaNv;
    return forceNext;
  }

  /** Irregularity and novelty of the clean interval `outRr`, then it joins the history. */
  private measure(): void {
    const rr = this.outRr;
    const h = this.history;
    const len = h.length;
    const n = this.historyCount;
    const prev = n > 0 ? h[(n - 1) % len] : NaNv;
    this.outIrregularity = n > 0 ? Math.abs(rr - prev) / (0.5 * (rr + prev)) : NaNv;
    this.outNovelty = NaNv;
    if (n > MIN_NOVELTY_POINTS) this.measureNovelty(Math.min(this.s.noveltyBeats, n - 1));
    h[n % len] = rr;
    this.historyCount = n + 1;
    if (this.refWindow) {
      this.refWindow.push(rr);
      this.refWindow.measure(1);
      this.ref = this.refWindow.median;
    } else {
      this.ref = this.ref === this.ref ? this.ref + (rr - this.ref) / 8 : rr;
    }
  }

  /**
   * Sets outNovelty to the distance from the point (prev, outRr) of the Lorenz (Poincaré) plot,
   * prev the last interval in the history, to its nearest neighbour among the previous
   * `noveltyBeats` points, Chebyshev, over the mean RR. Any rhythm that repeats itself (sinus,
   * sinus arrhythmia, bigeminy/trigeminy, flutter with a fixed or alternating block, pacing)
   * revisits the same few points, so the distance is small; AF scatters the points (Sarkar et al.
   * 2008), so it stays large.
   */
  private measureNovelty(points: number): void {
    const rr = this.outRr;
    const h = this.history;
    const len = h.length;
    const n = this.historyCount;
    const prev = h[(n - 1) % len];
    let best = Infinity;
    let sum = rr;
    for (let k = 1; k <= points; k++) {
      const a = h[(n - k - 1) % len]; // point (a, b)
      const b = h[(n - k) % len];
      sum += b;
      const d = Math.max(Math.abs(rr - b), Math.abs(prev - a));
      if (d < best) best = d;
    }
    this.outNovelty = best / (sum / (points + 1));
  }
}
