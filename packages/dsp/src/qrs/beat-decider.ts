import type { LeadFeature } from './lead-feature.js';

/**
 * Turns the integrated QRS energy of one lead into beats.
 *
 * The rules are those that made Pan and Tompkins' detector the reference (adaptive signal and
 * noise levels, a lower threshold for search-back after a missed beat, a refractory period, the
 * T-wave test), made strictly streaming: every decision about a candidate is taken at most
 * `maxWait` samples after it, so each beat is reported exactly `delay` samples after its R peak.
 *
 * One decider watches one lead; `LeadMerger` combines two.
 */
export class BeatDecider {
  readonly delay: number; // samples from R peak to report
  private readonly fs: number;
  private readonly floor: number;
  private readonly onBeat: (sample: number) => void;
  /**
   * Quality of the beat being reported, valid during `onBeat`: a field rather than a second
   * argument, for the reason given at `judged` (the detectors of signal quality and of the
   * analyzer share this code, so the call is not inlined).
   */
  reportedQuality = 0;

  // timing constants, samples
  private readonly confirm: number;
  private readonly refractory: number;
  private readonly tWave: number;
  private readonly maxWait: number;
  private readonly learn: number;
  private readonly lag: number; // longest distance from an R peak to its energy hump's top

  // history rings (absolute sample index & mask)
  private readonly mask: number;
  private readonly bandRing: Float64Array;
  private readonly energyRing: Float64Array;

  // candidate tracking on the energy
  private rising = true;
  private peakVal = 0;
  private peakIdx = -1;
  private trough = 0;

  // candidates not yet accepted (search-back pool)
  private readonly candVal: Float64Array;
  private readonly candIdx: Float64Array;
  private candHead = 0;
  private candCount = 0;
  /**
   * Energy of the candidate being judged, named by the sample its hump tops at: a field rather
   * than an argument of the methods that judge it, because a fractional number passed to a call
   * V8 does not inline is boxed on the heap, and these run for every beat.
   */
  private judged = 0;

  // adaptive signal and noise levels of the energy peaks
  private spk = 0;
  private npk = 0;
  private learning = true;
  private learnEnd: number; // sample at which learning ends (exclusive)
  private readonly settle: number; // samples after learning in which a silence means learning again
  private settleUntil = 0;
  private readonly relearnGap: number; // samples without a beat that make learning start again while settling
  private lastBeat = -Infinity; // energy-hump index of the last accepted beat
  private lastBeatVal = 0;
  private lastR = -Infinity; // R-peak sample of the last accepted beat
  private prevR = -Infinity; // and of the one before
  private nextSearch = Infinity;
  private nextEvent = 0; // the earliest of learning's end, the next search-back and the next report
  private readonly rr: Float64Array; // last 8 RR intervals, samples
  private rrPos = 0;
  private rrSum = 0;

  // accepted beats waiting for their report time
  private readonly pending: Float64Array;
  private readonly pendingHump: Float64Array;
  private readonly pendingQuality: Float64Array;
  private pendHead = 0;
  private pendCount = 0;
  private nextReport = Infinity;

  /**
   * @param floor energy of the smallest complex that may count as a beat (see `smallestBeatEnergy`):
   *   without it the adaptive thresholds would sink into the noise of a flat line during asystole
   *   and report noise as beats, hiding the asystole.
   */
  constructor(sampleRate: number, lead: LeadFeature, floor: number, onBeat: (sample: number) => void) {
    const fs = sampleRate;
    this.fs = fs;
    this.floor = floor;
    this.onBeat = onBeat;
    this.confirm = Math.round(0.2 * fs);
    this.refractory = Math.round(0.2 * fs);
    this.tWave = Math.round(0.36 * fs);
    this.maxWait = Math.round(1.5 * fs);
    this.learn = Math.round(1.5 * fs);
    this.learnEnd = this.learn;
    this.settle = Math.round(SETTLE_S * fs);
    this.relearnGap = Math.round(RELEARN_GAP_S * fs);
    this.lag = lead.window + Math.round(0.05 * fs);
    this.delay = Math.max(this.maxWait, this.learn) + this.confirm + this.lag;
    if (lead.mask + 1 < this.delay + this.lag + 2 + 1024) throw new RangeError('BeatDecider: the lead keeps too short a history');
    this.mask = lead.mask;
    this.bandRing = lead.band;
    this.energyRing = lead.energy;
    this.candVal = new Float64Array(CAND_MAX);
    this.candIdx = new Float64Array(CAND_MAX);
    this.rr = new Float64Array(8).fill(fs);
    this.rrSum = 8 * fs;
    this.pending = new Float64Array(PEND_MAX);
    this.pendingHump = new Float64Array(PEND_MAX);
    this.pendingQuality = new Float64Array(PEND_MAX);
  }

  /** Consume the lead's feature for samples `start`...`start + length - 1`. */
  run(start: number, length: number): void {
    const mask = this.mask;
    const er = this.energyRing;
    const confirm = this.confirm;
    // Peak tracking is the per-sample work: kept in locals; everything else happens on events.
    let rising = this.rising, peakVal = this.peakVal, peakIdx = this.peakIdx, trough = this.trough;
    let next = this.nextEvent;
    const end = start + length;
    for (let n = start; n < end; n++) {
      const f = er[n & mask];
      if (rising) {
        if (f > peakVal) {
          peakVal = f;
          peakIdx = n;
        } else if (n - peakIdx >= confirm) {
          // A local maximum that stayed the largest for `confirm` samples: a candidate.
          rising = false;
          trough = f;
          if (peakVal > f) {
            this.judged = peakVal;
            this.candidate(peakIdx, n);
            next = this.nextEvent;
          }
        }
      } else if (f < trough) {
        trough = f;
      } else if (f > trough) {
        rising = true;
        peakVal = f;
        peakIdx = n;
      }
      if (n >= next) {
        this.events(n);
        next = this.nextEvent;
      }
    }
    this.rising = rising;
    this.peakVal = peakVal;
    this.peakIdx = peakIdx;
    this.trough = trough;
  }

  private events(n: number): void {
    if (this.learning && n + 1 >= this.learnEnd) this.endLearning(n);
    if (n >= this.nextSearch) this.searchBack(n);
    if (n >= this.nextReport) this.report(n);
    this.refreshEvent();
  }

  private refreshEvent(): void {
    const learnAt = this.learning ? this.learnEnd - 1 : Infinity;
    this.nextEvent = Math.min(learnAt, this.nextSearch, this.nextReport);
  }

  /** Report every decided beat now (end of record), none at or beyond `end`. */
  drain(end: number): void {
    while (this.pendCount > 0) {
      const r = this.pending[this.pendHead];
      this.reportedQuality = this.pendingQuality[this.pendHead];
      this.pendHead = (this.pendHead + 1) % PEND_MAX;
      this.pendCount--;
      if (r < end) this.onBeat(r);
    }
    this.nextReport = Infinity;
    this.refreshEvent();
  }

  /** A hump topping at sample `c`, of energy `judged`. */
  private candidate(c: number, n: number): void {
    if (this.learning) this.pushCandidate(c);
    else this.classify(c, n);
    this.refreshEvent();
  }

  /** Judges the candidate at sample `c` whose energy is `judged`. */
  private classify(c: number, n: number): void {
    const v = this.judged;
    const sinceLast = c - this.lastBeat;
    if (sinceLast < this.refractory) {
      // Two humps within a refractory period: keep the larger as the beat (a tall P wave or a
      // noise spike may have been taken first), provided its report is still pending.
      if (v > 2 * this.lastBeatVal && this.replaceLast(c)) return;
      return;
    }
    const thr1 = this.npk + 0.25 * (this.spk - this.npk);
    if (v >= thr1 && v >= this.floor && !this.looksLikeT(v, sinceLast)) {
      this.accept(c, 0.125);
    } else {
      this.npk += 0.125 * (v - this.npk);
      this.pushCandidate(c);
    }
    void n;
  }

  /** A hump soon after a beat and much weaker than it is that beat's T wave. */
  private looksLikeT(v: number, sinceLast: number): boolean {
    return sinceLast < this.tWave && v < 0.5 * this.lastBeatVal;
  }

  private endLearning(n: number): void {
    if (!this.learnLevels(n, -Infinity)) {
      // Nothing but a flat line or noise so far (lead off at start): learn again on the next stretch.
      this.learnEnd = n + this.learn;
      return;
    }
    this.learning = false;
    this.settleUntil = n + this.settle;
  }

  /**
   * Sets the signal and noise levels from the last `learn` samples of energy and judges the
   * candidates from `since` on, in order; false (nothing changed) when that stretch never reaches
   * the floor.
   */
  private learnLevels(n: number, since: number): boolean {
    const mask = this.mask;
    const from = Math.max(0, n + 1 - this.learn);
    let max = 0;
    let sum = 0;
    for (let s = from; s <= n; s++) {
      const f = this.energyRing[s & mask];
      sum += f;
      if (f > max) max = f;
    }
    if (max < this.floor) return false;
    this.spk = 0.5 * max;
    this.npk = 0.5 * (sum / (n + 1 - from));
    const count = this.candCount;
    const head = this.candHead;
    this.candCount = 0;
    for (let j = 0; j < count; j++) {
      const p = (head + j) % CAND_MAX;
      if (this.candIdx[p] < since) continue;
      this.judged = this.candVal[p];
      this.classify(this.candIdx[p], n);
    }
    this.scheduleSearch();
    return true;
  }

  /** Takes the hump topping at sample `c`, of energy `judged`, as a beat. */
  private accept(c: number, weight: number): void {
    const v = this.judged;
    if (this.lastBeat > -Infinity) {
      const rr = c - this.lastBeat;
      this.rrSum += rr - this.rr[this.rrPos];
      this.rr[this.rrPos] = rr;
      this.rrPos = (this.rrPos + 1) & 7;
    }
    // An artefact many times a beat's size must not lift the threshold above the next beats.
    this.spk += weight * (Math.min(v, SPIKE_CAP * this.spk) - this.spk);
    this.lastBeat = c;
    this.lastBeatVal = v;
    this.dropCandidatesUpTo(c);
    const r = this.locate(c, this.lastR + this.refractory);
    this.prevR = this.lastR;
    this.lastR = r;
    this.enqueue(r, c);
    this.scheduleSearch();
  }

  /** R peak of the complex whose energy hump tops at `c`: the largest band-passed deflection before it. */
  private locate(c: number, notBefore: number): number {
    const mask = this.mask;
    const ring = this.bandRing;
    const bandDelay = Math.round(BAND_DELAY_S * this.fs);
    // R peaks, like the humps, must keep the refractory distance.
    const from = Math.max(c - this.lag, notBefore + bandDelay);
    let best = c;
    let bestAbs = -1;
    for (let s = from; s <= c; s++) {
      const a = Math.abs(ring[s & mask]);
      if (a > bestAbs) {
        bestAbs = a;
        best = s;
      }
    }
    return Math.max(0, best - bandDelay);
  }

  /**
   * How clearly beats stand out of this lead's noise when a beat is accepted: the ratio of the
   * signal level to the noise level of the decision variable (larger is cleaner).
   */
  private quality(): number {
    return this.spk / (this.npk + 1e-3 * this.spk);
  }

  private replaceLast(c: number): boolean {
    const v = this.judged;
    if (this.pendCount === 0) return false;
    const last = (this.pendHead + this.pendCount - 1) % PEND_MAX;
    if (this.pendingHump[last] !== this.lastBeat) return false;
    const r = this.locate(c, this.prevR + this.refractory);
    this.pending[last] = r;
    this.lastR = r;
    this.pendingHump[last] = c;
    this.lastBeat = c;
    this.lastBeatVal = v;
    this.spk += 0.125 * (v - this.spk);
    this.dropCandidatesUpTo(c);
    this.nextReport = this.pending[this.pendHead] + this.delay;
    this.scheduleSearch();
    return true;
  }

  private scheduleSearch(): void {
    const rrAvg = this.rrSum / 8;
    const wait = Math.min(Math.round(1.66 * rrAvg), this.maxWait);
    this.nextSearch = this.lastBeat > -Infinity ? this.lastBeat + wait : Infinity;
  }

  /** No beat for too long: take the best candidate above the lower threshold, if any. */
  private searchBack(n: number): void {
    const thr2 = 0.5 * (this.npk + 0.25 * (this.spk - this.npk));
    const oldest = n - this.maxWait;
    let bestV = -1;
    let bestC = -1;
    for (let j = 0; j < this.candCount; j++) {
      const p = (this.candHead + j) % CAND_MAX;
      const c = this.candIdx[p];
      const v = this.candVal[p];
      if (c < oldest || c - this.lastBeat < this.refractory) continue;
      if (this.looksLikeT(v, c - this.lastBeat)) continue;
      if (v >= thr2 && v >= this.floor && v > bestV) {
        bestV = v;
        bestC = c;
      }
    }
    if (bestC >= 0) {
      this.judged = bestV;
      this.accept(bestC, 0.25);
      if (this.nextSearch <= n) this.searchBack(n);
      return;
    }
    // In the first seconds, while the electrodes settle, a long silence after learning more likely
    // means levels learnt from their transient than a heart that stopped: learn again on the last
    // stretch, and judge its candidates (those within maxWait, so reports keep their fixed delay).
    if (n < this.settleUntil && n - this.lastBeat >= this.relearnGap && this.learnLevels(n, n - this.maxWait)) {
      // still no beat: look again in a while, not at every sample
      if (this.nextSearch <= n) this.nextSearch = n + (this.maxWait >> 1);
      return;
    }
    // Nothing worth taking: lower the signal level a little so that a beat that became much
    // smaller (electrode moved, gain changed) is found again, but never down into the noise.
    this.spk = Math.max(0.8 * this.spk, 3 * this.npk);
    this.nextSearch = n + (this.maxWait >> 1);
  }

  private pushCandidate(c: number): void {
    if (this.candCount === CAND_MAX) {
      this.candHead = (this.candHead + 1) % CAND_MAX;
      this.candCount--;
    }
    const p = (this.candHead + this.candCount) % CAND_MAX;
    this.candVal[p] = this.judged;
    this.candIdx[p] = c;
    this.candCount++;
  }

  private dropCandidatesUpTo(c: number): void {
    while (this.candCount > 0 && this.candIdx[this.candHead] <= c) {
      this.candHead = (this.candHead + 1) % CAND_MAX;
      this.candCount--;
    }
  }

  private enqueue(r: number, hump: number): void {
    if (this.pendCount === PEND_MAX) this.report(Infinity);
    const p = (this.pendHead + this.pendCount) % PEND_MAX;
    this.pending[p] = r;
    this.pendingHump[p] = hump;
    this.pendingQuality[p] = this.quality();
    this.pendCount++;
    this.nextReport = this.pending[this.pendHead] + this.delay;
  }

  private report(n: number): void {
    while (this.pendCount > 0 && this.pending[this.pendHead] + this.delay <= n) {
      const r = this.pending[this.pendHead];
      this.reportedQuality = this.pendingQuality[this.pendHead];
      this.pendHead = (this.pendHead + 1) % PEND_MAX;
      this.pendCount--;
      this.onBeat(r);
    }
    this.nextReport = this.pendCount > 0 ? this.pending[this.pendHead] + this.delay : Infinity;
  }
}

const CAND_MAX = 64;
/** Seconds after learning during which the electrodes may still be settling (see searchBack). */
const SETTLE_S = 15;
/** Gap, s, past the longest RR of a slow rhythm (30/min) and short of the urgent pause (3 s). */
const RELEARN_GAP_S = 2.5;
/** Largest step, relative to the current level, that one beat may move a level by. */
const SPIKE_CAP = 3;
const PEND_MAX = 64;
/**
 * Correction for the QRS band-pass's delay taken off each mark, s. Less than the delay itself
 * (26-30 ms at 10-15 Hz, where a narrow QRS has its energy; 53-75 ms at 5-7 Hz, a wide one's), so
 * the marks sit about 33 ms after the R peak of a normal beat on mitdb and later on wide ones
 * (`bench rhythm --parts marks`). The beat classifier, the P-wave window and the strip classifier
 * are fitted to marks placed so (README, "Where the marks sit").
 */
export const BAND_DELAY_S = 0.008;
