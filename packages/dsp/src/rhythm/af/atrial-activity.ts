import { BiquadCascade } from '../../filters/biquad.js';
import { butterworthLowpass } from '../../filters/butterworth.js';
import { requirePositive } from '../../filters/errors.js';
import { checkRange, type SampleArray } from '../../filters/stream.js';
import type { BeatLabel } from '../types.js';
import { AtrialInputError } from './errors.js';
import { detrendedCorrelation, detrendInPlace } from './window-correlation.js';

export interface AtrialActivityOptions {
  sampleRate: number; // Hz
  /**
   * Signal kept for late beats, s. A beat must be passed to `beat()` within this time of its R
   * peak having been pushed (the QRS detector's delay is well under 1 s). Default 4.
   */
  historySeconds?: number;
  /** 2: a second lead is pushed beside the first, to find where each QRS starts (not scored). Default 1. */
  leads?: 1 | 2;
}

/**
 * The P-wave window, s before the beat's mark (cut shorter at either end: the previous T wave,
 * this QRS). P onset is PR (0.12-0.20 s) + R-from-QRS-onset (~0.04 s) before R, the P wave lasts ~0.1 s.
 */
const P_FROM_S = 0.3;
const P_TO_S = 0.08;
/**
 * The window also ends before this beat's QRS: a P wave ends before the QRS begins (the PR
 * segment, 0.05-0.12 s), while the beat's mark may sit anywhere in a wide QRS (the detector's
 * marks fall 30-40 ms after the R peak of a narrow one, up to 100 ms after a wide one's: mitdb
 * 119, 208). Fixed to the mark, the window of a wide or slurred QRS held its onset, which repeats
 * at a fixed distance like a P wave: vfdb 609's 17 min of AF (QRS ~0.16 s) read as P waves and
 * never as AF, and so did aftdb n03's minute of AF. The QRS is found as the first sample within
 * QRS_SEARCH_S before the mark whose slope reaches QRS_SLOPE_FRACTION of the steepest there (f-waves
 * and P waves stay well under it); the window ends QRS_GAP_S before that (the onset, and the 20 Hz
 * low-pass smearing it).
 */
const QRS_SEARCH_S = 0.16;
const QRS_SLOPE_FRACTION = 0.2;
const QRS_GAP_S = 0.04;
/**
 * With a second lead the QRS starts where either lead sees it first: the first vectors of a wide
 * QRS can be nearly isoelectric on one lead (vfdb 609: its first lead shows the QRS 40 ms after its
 * second). The second lead's start counts only if its QRS is at least SECOND_MIN_SLOPE of the first
 * lead's steepness (not off, not a tiny complex), and it moves the start SECOND_MAX_LEAD_S earlier at
 * most (a steep slope further ahead is noise, not the same complex's onset).
 */
const SECOND_MIN_SLOPE = 0.25;
const SECOND_MAX_LEAD_S = 0.06;
/** Shortest usable window, s, once the previous T wave is cut off: about one P wave. */
const MIN_WINDOW_S = 0.1;
/** Bazett: QT ≈ 0.40 s · sqrt(RR / 1 s) at a normal QTc; the T wave ends that long after R. */
const QTC_S = 0.4;
/** P waves are < 10 Hz; a 20 Hz low-pass removes muscle noise and mains before correlating. */
const LOWPASS_HZ = 20;
/** Template: exponential mean over about 8 beats (follows slow P changes, outvotes one odd beat). */
const TEMPLATE_WEIGHT = 1 / 8;
/** Beats in the template before a score is given. */
const MIN_TEMPLATE_BEATS = 4;
const BLOCK = 256; // samples filtered per pass

/**
 * Atrial activity before each QRS, streaming (one lead, mV): for every beat, how well the
 * pre-QRS window (0.30-0.08 s before R, cut at the estimated end of the previous T wave)
 * matches a running template of that window built from the preceding beats. A sinus or ectopic
 * atrial rhythm puts the same P wave at the same distance before each QRS (a fixed PR), so the
 * match is high (0.8-1); in AF there is no P wave, only fibrillatory waves unrelated to the QRS,
 * and the match is low (0-0.4). Both windows are linearly detrended first, so baseline wander
 * and the previous T wave's tail do not count as a P wave.
 *
 * Input: `push` the signal in any chunks, then `beat(r)` for each beat once its R peak has been
 * pushed (beats in time order). The score of a beat depends only on the samples before its R
 * peak and on earlier beats, so it is the same whatever the chunk sizes. Nothing is allocated
 * after construction.
 */
export class AtrialActivity {
  readonly sampleRate: number; // Hz
  private readonly filter: BiquadCascade;
  private readonly block = new Float64Array(BLOCK);
  private readonly ring: Float64Array; // low-passed signal
  private readonly filter1: BiquadCascade | null; // the second lead's, when there is one
  private readonly ring1: Float64Array | null;
  private lastBad1 = -Infinity;
  private readonly secondMaxLead: number; // samples
  private steep = 0; // steepOn(): first steep sample
  private steepMax = 0; // steepOn(): steepest slope, mV per sample
  private readonly from: number; // samples before R where the window starts
  private readonly to: number; // samples before R where it ends
  private readonly minWindow: number; // samples
  private readonly qrsSearch: number; // samples
  private readonly qrsGap: number; // samples
  private readonly window: Float64Array;
  private readonly template: Float64Array;
  private readonly learning: Float64Array; // the whole window, kept before the correlation detrends part of it
  private readonly result = new Float64Array(1); // out[0] of detrendedCorrelation
  private templateBeats = 0;
  private pushed = 0; // samples pushed
  private lastBad = -Infinity; // last non-finite sample pushed
  private prevBeat = Number.NaN;

  constructor(opts: AtrialActivityOptions) {
    const fs = opts.sampleRate;
    requirePositive('sampleRate', fs);
    const history = opts.historySeconds ?? 4;
    requirePositive('historySeconds', history);
    this.sampleRate = fs;
    this.filter = new BiquadCascade(butterworthLowpass(4, Math.min(LOWPASS_HZ, 0.4 * fs), fs));
    this.from = Math.round(P_FROM_S * fs);
    this.to = Math.round(P_TO_S * fs);
    this.minWindow = Math.round(MIN_WINDOW_S * fs);
    this.qrsSearch = Math.round(QRS_SEARCH_S * fs);
    this.qrsGap = Math.round(QRS_GAP_S * fs);
    this.ring = new Float64Array(Math.ceil(history * fs) + this.from);
    const two = opts.leads === 2;
    this.filter1 = two ? new BiquadCascade(butterworthLowpass(4, Math.min(LOWPASS_HZ, 0.4 * fs), fs)) : null;
    this.ring1 = two ? new Float64Array(this.ring.length) : null;
    this.secondMaxLead = Math.round(SECOND_MAX_LEAD_S * fs);
    this.window = new Float64Array(this.from - this.to + 1);
    this.template = new Float64Array(this.window.length);
    this.learning = new Float64Array(this.window.length);
  }

  /** Samples pushed so far. */
  get samples(): number {
    return this.pushed;
  }

  /**
   * Next samples of the lead, mV, `chunk[offset..offset + length)`, and of the second lead at the
   * same places of `second` when there are two. Non-finite samples mark the windows around them
   * unusable (on the second lead: its QRS starts are not used there).
   */
  push(chunk: SampleArray, offset = 0, length = chunk.length - offset, second?: SampleArray): void {
    checkRange('AtrialActivity', chunk.length, offset, length);
    if (this.ring1 && (!second || second.length !== chunk.length)) throw new RangeError('AtrialActivity: two leads were configured; push both, of equal lengths');
    for (let at = offset; at < offset + length; at += BLOCK) {
      const n = Math.min(BLOCK, offset + length - at);
      this.filterInto(chunk, at, n, this.filter, this.ring, 0);
      if (this.ring1) this.filterInto(second!, at, n, this.filter1!, this.ring1, 1);
      this.pushed += n;
    }
  }

  /**
   * Low-passes chunk[at..at + n) of lead `lead` into `ring` after the samples pushed so far, and
   * notes its last non-finite sample in the lead's field: a number returned from a call V8 does not
   * inline is boxed on the heap, and this runs on every push.
   */
  private filterInto(chunk: SampleArray, at: number, n: number, filter: BiquadCascade, ring: Float64Array, lead: 0 | 1): void {
    const block = this.block;
    for (let i = 0; i < n; i++) {
      const x = chunk[at + i];
      if (!Number.isFinite(x)) {
        if (lead === 0) this.lastBad = this.pushed + i;
        else this.lastBad1 = this.pushed + i;
      }
      block[i] = x;
    }
    filter.process(block, block, n); // in place: a copy, not a view, of the caller's block
    for (let i = 0; i < n; i++) ring[(this.pushed + i) % ring.length] = block[i];
  }

  /**
   * Score of the last beat(): a field, not a return value, because V8 boxes a fractional number a
   * call returns on the heap unless it inlines the call, and beat() runs for every beat.
   */
  score = Number.NaN;

  /**
   * The beat whose R peak is at `sample` (beats in time order, the peak already pushed): sets
   * `score` to the correlation (-1..1) of its pre-QRS window with the P-wave template, or NaN when
   * it cannot be judged (too few template beats yet, a window cut too short by the previous T wave at a fast
   * rate, missing samples, or a beat older than the history). 'V' and 'Q' beats are scored NaN
   * and left out of the template: a ventricular beat has no P wave of its own.
   */
  beat(sample: number, label?: BeatLabel): void {
    if (!Number.isInteger(sample) || sample >= this.pushed || sample <= this.prevBeat) {
      throw new AtrialInputError(sample, this.prevBeat, this.pushed);
    }
    const prev = this.prevBeat;
    this.prevBeat = sample;
    this.score = Number.NaN;
    if (label === 'V' || label === 'Q') return;
    const start = sample - this.from;
    const oldest = this.pushed - this.ring.length;
    if (start < 0 || start < oldest || this.lastBad >= start) return;
    // cut the window where the previous beat's T wave is estimated to end
    let first = 0;
    if (prev === prev) {
      const tEnd = prev + Math.round(QTC_S * Math.sqrt((sample - prev) / this.sampleRate) * this.sampleRate);
      first = Math.max(0, tEnd - start);
    }
    const w = this.window;
    const len = w.length;
    if (len - first < this.minWindow) return;
    for (let i = 0; i < len; i++) w[i] = this.ring[(start + i) % this.ring.length];
    // and where this beat's QRS begins: only what comes before it can be a P wave
    this.findQrs(sample, Math.max(start, oldest + 1));
    const last = Math.min(len, this.qrsStart - this.qrsGap - start);
    if (first === 0) this.learning.set(w);
    if (this.templateBeats >= MIN_TEMPLATE_BEATS && last - first >= this.minWindow) {
      detrendedCorrelation(w, this.template, first, last, this.result);
      this.score = this.result[0];
    }
    if (first === 0) this.learn();
  }

  /** First steep sample of the last beat's QRS (see findQrs). */
  private qrsStart = 0;

  /**
   * Sets `qrsStart`: where this beat's QRS starts to steepen on the first lead (steepOn), or
   * earlier on the second one (SECOND_MIN_SLOPE, SECOND_MAX_LEAD_S).
   */
  private findQrs(mark: number, floor: number): void {
    const from = Math.max(floor, mark - this.qrsSearch) + 1;
    this.steepOn(this.ring, mark, from);
    this.qrsStart = this.steep;
    if (!this.ring1 || this.lastBad1 >= from - 1) return;
    const first = this.steep;
    const firstMax = this.steepMax;
    this.steepOn(this.ring1, mark, from);
    if (this.steepMax >= SECOND_MIN_SLOPE * firstMax && this.steep < first) this.qrsStart = Math.max(this.steep, first - this.secondMaxLead);
  }

  /**
   * Sets `steepMax` to the steepest slope of `ring` in [from, mark] and `steep` to the first sample
   * there whose slope reaches QRS_SLOPE_FRACTION of it. Only samples up to the mark are read, so
   * the result does not depend on how much signal after it has been pushed.
   */
  private steepOn(ring: Float64Array, mark: number, from: number): void {
    const n = ring.length;
    let maxSlope = 0;
    for (let i = from; i <= mark; i++) {
      const d = Math.abs(ring[i % n] - ring[(i - 1) % n]);
      if (d > maxSlope) maxSlope = d;
    }
    this.steepMax = maxSlope;
    const bar = QRS_SLOPE_FRACTION * maxSlope;
    this.steep = mark;
    for (let i = from; i <= mark; i++) {
      if (Math.abs(ring[i % n] - ring[(i - 1) % n]) >= bar) {
        this.steep = i;
        return;
      }
    }
  }

  /** Forgets the signal, the template and the last beat (a new patient or a lead change). */
  reset(): void {
    this.filter.reset();
    this.ring.fill(0);
    this.filter1?.reset();
    this.ring1?.fill(0);
    this.lastBad1 = -Infinity;
    this.template.fill(0);
    this.templateBeats = 0;
    this.pushed = 0;
    this.lastBad = -Infinity;
    this.prevBeat = Number.NaN;
  }

  /** The full (uncut) window joins the template, detrended. */
  private learn(): void {
    const w = this.learning;
    const t = this.template;
    detrendInPlace(w, 0, w.length);
    if (this.templateBeats === 0) t.set(w);
    else for (let i = 0; i < w.length; i++) t[i] += TEMPLATE_WEIGHT * (w[i] - t[i]);
    this.templateBeats++;
  }
}

/**
 * Batch helper: the P-wave score of each beat (sample indices, increasing) of a whole lead, with
 * optional beat labels and second lead. Thin wrapper over AtrialActivity, pushed one second at a time.
 */
export function atrialScores(
  signal: SampleArray, // mV
  beats: ArrayLike<number>,
  sampleRate: number, // Hz
  labels?: ArrayLike<BeatLabel | undefined>,
  second?: SampleArray, // mV: a second lead, for where each QRS starts
): Float64Array {
  const aa = new AtrialActivity({ sampleRate, leads: second ? 2 : 1 });
  const out = new Float64Array(beats.length);
  const step = Math.max(1, Math.round(sampleRate));
  let b = 0;
  for (let at = 0; at < signal.length; at += step) {
    const end = Math.min(signal.length, at + step);
    aa.push(signal, at, end - at, second);
    while (b < beats.length && beats[b] < aa.samples) {
      aa.beat(beats[b], labels?.[b]);
      out[b] = aa.score;
      b++;
    }
  }
  out.fill(Number.NaN, b);
  return out;
}
