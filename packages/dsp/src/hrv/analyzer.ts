import { DspParameterError, requirePositive } from '../filters/errors.js';
import type { BeatLabel } from '../rhythm/types.js';
import { HrvSpectrum } from './spectrum.js';
import { timeDomain } from './time-domain.js';
import type { HrvCounts, HrvNullReason, HrvWindow } from './types.js';

export interface HrvAnalyzerOptions {
  sampleRate: number; // Hz of the beat sample indices
  /** Window length, s (default 300: the Task Force short-term recording). */
  windowSeconds?: number;
  /** Fewest NN intervals for figures (default 100: 5 min at 20 bpm; below that SDNN means little). */
  minNn?: number;
  /** Largest share of excluded intervals for figures (default 0.2, as is usual after Malik). */
  maxExcludedFraction?: number;
}

const MIN_RR_S = 0.3;
const MAX_RR_S = 2.0;
const MAX_JUMP = 0.2; // Malik et al. 1989: more than 20 % from the preceding interval is not sinus
const MAX_RATE_BPM = 300; // sizes the buffers

/**
 * Streaming HRV over non-overlapping windows ending at multiples of `windowSeconds` (counted
 * from sample 0). Push beats in time order with their labels (default 'N' when the caller has
 * none); an interval belongs to the window holding the beat that ends it. A window is reported
 * once a beat (or `advanceTo`) reaches past its end; `flush` ends the stream, dropping the
 * last partial window. Normal-to-normal selection:
 * - both beats labelled N (S, V and Q beats end or start excluded intervals, counted);
 * - 0.3 s <= RR <= 2.0 s;
 * - if the preceding interval was between two N beats (in range or not), RR within 20 % of it
 *   (Malik); after an interval excluded for its labels there is no reference.
 * Buffers are preallocated for 300 bpm; nothing is allocated per beat.
 */
export class HrvAnalyzer {
  private readonly fs: number;
  private readonly windowSamples: number;
  private readonly minNn: number;
  private readonly maxExcluded: number;
  private readonly nn: Float64Array;
  private readonly times: Float64Array;
  private readonly follows: Uint8Array;
  private readonly spectrum: HrvSpectrum;
  private count = 0;
  private window = 0; // index of the open window
  private counts: HrvCounts = emptyCounts();
  private prevSample = -1;
  private prevLabel: BeatLabel = 'N';
  private prevRr = NaN; // preceding N-N interval, s; NaN when the preceding interval was not one
  private prevAccepted = false;

  constructor(options: HrvAnalyzerOptions, private readonly onWindow: (w: HrvWindow) => void) {
    requirePositive('sampleRate', options.sampleRate);
    const seconds = options.windowSeconds ?? 300;
    requirePositive('windowSeconds', seconds);
    const maxExcluded = options.maxExcludedFraction ?? 0.2;
    if (!(maxExcluded >= 0 && maxExcluded <= 1)) throw new DspParameterError('maxExcludedFraction', maxExcluded, 'expected 0..1');
    this.fs = options.sampleRate;
    this.windowSamples = Math.round(seconds * options.sampleRate);
    this.minNn = options.minNn ?? 100;
    this.maxExcluded = maxExcluded;
    const capacity = Math.ceil((seconds * MAX_RATE_BPM) / 60) + 2;
    this.nn = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
    this.follows = new Uint8Array(capacity);
    this.spectrum = new HrvSpectrum(seconds, capacity);
  }

  /** Next beat: its sample index (increasing) and label. */
  push(sample: number, label: BeatLabel = 'N'): void {
    if (sample <= this.prevSample) throw new DspParameterError('sample', sample, `expected > the previous beat (${this.prevSample})`);
    this.advanceTo(sample);
    const c = this.counts;
    c.beats[label]++;
    if (this.prevSample >= 0) this.interval(sample, label);
    this.prevSample = sample;
    this.prevLabel = label;
  }

  /** Reports every window that ends at or before `sample` (use it when beats stop coming). */
  advanceTo(sample: number): void {
    while (sample >= (this.window + 1) * this.windowSamples) this.close();
  }

  /** End of the stream: the open, partial window is dropped. */
  flush(): void {
    this.count = 0;
    this.counts = emptyCounts();
  }

  private interval(sample: number, label: BeatLabel): void {
    const c = this.counts;
    c.intervals++;
    const rr = (sample - this.prevSample) / this.fs;
    const accepted = this.select(rr, label);
    if (accepted) {
      const i = this.count;
      if (i < this.nn.length) {
        this.nn[i] = rr * 1000;
        this.times[i] = sample / this.fs;
        this.follows[i] = this.prevAccepted && i > 0 ? 1 : 0;
        this.count++;
        c.nn++;
      }
    }
    this.prevAccepted = accepted;
  }

  /** Applies the NN rules, counting what they exclude; keeps the reference interval up to date. */
  private select(rr: number, label: BeatLabel): boolean {
    const c = this.counts;
    if (label !== 'N' || this.prevLabel !== 'N') {
      c.excludedLabel++;
      this.prevRr = NaN;
      return false;
    }
    if (rr < MIN_RR_S || rr > MAX_RR_S) {
      c.excludedRange++;
      this.prevRr = rr; // still the preceding interval: what follows a false beat is compared with it
      return false;
    }
    const ref = this.prevRr;
    this.prevRr = rr; // Malik compares with the preceding interval, excluded or not
    if (ref === ref && Math.abs(rr - ref) > MAX_JUMP * ref) {
      c.excludedJump++;
      return false;
    }
    return true;
  }

  private close(): void {
    const start = this.window * this.windowSamples;
    this.onWindow(this.result(start, start + this.windowSamples));
    this.window++;
    this.count = 0;
    this.counts = emptyCounts();
    this.prevAccepted = false; // successive differences stay within a window
  }

  private result(start: number, end: number): HrvWindow {
    const c = this.counts;
    const n = this.count;
    const excluded = c.intervals - c.nn;
    const reason: HrvNullReason | null = n < Math.max(2, this.minNn) ? 'too-few-nn' : excluded > this.maxExcluded * c.intervals ? 'too-much-excluded' : null;
    const base = { start, end, counts: c, reason };
    if (reason !== null) return { ...base, meanNnMs: null, sdnnMs: null, rmssdMs: null, pnn50: null, hrMeanBpm: null, lfMs2: null, hfMs2: null, lfHf: null };
    const td = timeDomain(this.nn, this.follows, n);
    const sp = this.spectrum.compute(this.times, this.nn, n);
    return {
      ...base,
      ...td,
      lfMs2: sp ? sp.lfMs2 : null,
      hfMs2: sp ? sp.hfMs2 : null,
      lfHf: sp && sp.hfMs2 > 0 ? sp.lfMs2 / sp.hfMs2 : null,
    };
  }
}

function emptyCounts(): HrvCounts {
  return { beats: { N: 0, S: 0, V: 0, Q: 0 }, intervals: 0, nn: 0, excludedLabel: 0, excludedRange: 0, excludedJump: 0 };
}

/**
 * Batch helper: HRV of a whole record, one result per complete window. `beats` are sample
 * indices, `labels` (optional) their labels; `endSample` (default: the last beat) closes the
 * windows that end by then.
 */
export function hrvOfRecord(
  beats: ArrayLike<number>,
  options: HrvAnalyzerOptions & { labels?: ArrayLike<BeatLabel>; endSample?: number },
): HrvWindow[] {
  const out: HrvWindow[] = [];
  const a = new HrvAnalyzer(options, (w) => out.push(w));
  for (let i = 0; i < beats.length; i++) a.push(beats[i], options.labels ? options.labels[i] : 'N');
  if (options.endSample !== undefined) a.advanceTo(options.endSample);
  a.flush();
  return out;
}
