import { smallMedian } from '../../stats/small-median.js';
import type { BeatLabel } from '../types.js';

/**
 * A run of ventricular beats may hold beats that could not be judged (Q) for up to this long
 * after its last V, s, where the caller has other evidence of an organised fast rhythm (the
 * signal's own periodicity). In muscle noise many complexes of a real VT are drowned and come
 * out Q; a supraventricular (N or S) beat still ends the run at once, since it proves the
 * ventricles were captured from above, and so does 3 s (9-15 complexes of VT) without one
 * complex that can be seen to be ventricular.
 */
export const MAX_UNJUDGED_S = 3;
/** RR intervals whose central value is the run's rate: robust to a missed and to an extra (noise) beat. */
const RR_HISTORY = 7;

export type RunStep = 'extended' | 'outside' | 'ended';

/**
 * The current run of V beats, with the Q beats inside it, and its ventricular rate: the central
 * value of its last RR intervals (between consecutive beats of the run, V or Q). A missed complex
 * doubles one interval and a noise detection halves one; a central value shrugs off either while
 * they are a minority. Fixed-size state, nothing allocated per beat.
 */
export class VentricularRun {
  /** V beats in the run. */
  vCount = 0;
  /** V and Q beats in the run. */
  beats = 0;
  /** Q beats between the first and the last V. */
  unjudged = 0;
  /** First and last V beat of the run, samples (-1: no run). */
  first = -1;
  last = -1;
  private prev = -1; // last beat of the run, V or Q
  private trailingQ = 0; // Q beats after the last V
  private readonly rr = new Float64Array(RR_HISTORY);
  private readonly sorted = new Float64Array(RR_HISTORY);
  private rrCount = 0;
  private rrNext = 0;
  private readonly maxUnjudged: number; // samples

  constructor(sampleRate: number /* Hz */) {
    this.maxUnjudged = Math.round(MAX_UNJUDGED_S * sampleRate);
  }

  get active(): boolean {
    return this.vCount > 0;
  }

  /**
   * Offers the next beat. 'extended': it belongs to the run (a V, or a Q soon after the last V
   * when `tolerateQ`); 'ended': it ends the run (N or S, or any other Q) and the caller must
   * close the run, then `reset()`; 'outside': no run and the beat starts none (N, S or Q).
   * A V with no run open starts one ('extended').
   */
  offer(sample: number, label: BeatLabel, tolerateQ: boolean): RunStep {
    if (label === 'V') {
      if (this.vCount === 0) this.start(sample);
      else this.push(sample);
      this.unjudged += this.trailingQ;
      this.trailingQ = 0;
      this.vCount++;
      this.last = sample;
      return 'extended';
    }
    if (this.vCount === 0) return 'outside';
    if (label === 'Q' && tolerateQ && sample - this.last <= this.maxUnjudged) {
      this.push(sample);
      this.trailingQ++;
      return 'extended';
    }
    return 'ended';
  }

  reset(): void {
    this.vCount = this.beats = this.rrCount = this.rrNext = this.unjudged = this.trailingQ = 0;
    this.first = this.last = this.prev = -1;
  }

  /** Starts the run afresh at a V beat already offered (an open VT ended there, the run goes on slower). */
  restart(sample: number): void {
    this.start(sample);
    this.vCount = 1;
    this.last = sample;
  }

  /** The run's latest RR interval, samples (Infinity before two beats). */
  lastRr(): number {
    return this.rrCount === 0 ? Infinity : this.rr[(this.rrNext + RR_HISTORY - 1) % RR_HISTORY];
  }

  /**
   * The run's rate as an RR, samples (Infinity before two beats): the mean of the three middle
   * values of its recent RR (of all of them while fewer than five: a triplet is VT only if the
   * triplet as a whole is fast). Like the median it ignores a missed or an extra detection once
   * the run is long; unlike it, it does not jump between the two intervals of an alternating
   * rhythm (V beats in pairs, short-long-short-long, as in bigeminy of wide beats), where the
   * median of seven flips with whichever interval has four.
   */
  centralRr(): number {
    const n = this.rrCount;
    if (n === 0) return Infinity;
    if (n < 5) return meanOf(this.rr, n);
    const median = smallMedian(this.rr, n, this.sorted);
    if (n % 2 === 0) return median;
    const mid = (n - 1) >> 1;
    return (this.sorted[mid - 1] + median + this.sorted[mid + 1]) / 3;
  }

  private start(sample: number): void {
    this.reset();
    this.first = this.prev = sample;
    this.beats = 1;
  }

  private push(sample: number): void {
    this.rr[this.rrNext] = sample - this.prev;
    this.rrNext = (this.rrNext + 1) % RR_HISTORY;
    if (this.rrCount < RR_HISTORY) this.rrCount++;
    this.prev = sample;
    this.beats++;
  }
}

function meanOf(values: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  return sum / n;
}
