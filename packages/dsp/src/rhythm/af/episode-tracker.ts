import type { Episode, EpisodeSink } from '../types.js';
import type { EdgeRefiner } from './edge-refiner.js';

/**
 * Turns a per-interval AF/not-AF decision into AFIB episodes with onset and offset hysteresis:
 * an episode opens after `minOn` AF intervals in a row (its start backdated to the first of them)
 * and closes after `minOff` non-AF intervals in a row (its end backdated to the last AF interval),
 * so a short irregular run never raises an alarm and a short regular run inside AF does not split
 * the episode. One Episode object per episode; nothing is allocated per interval.
 */
export class EpisodeTracker {
  private readonly sink: EpisodeSink;
  private readonly minOn: number;
  private readonly minOff: number;
  private readonly severity: Episode['severity'];
  private open: Episode | null = null;
  private runAf = 0;
  private runOther = 0;
  private candidateStart = 0; // sample
  private candidateIndex = 0; // interval
  private lastAfEnd = 0; // sample
  private lastAfIndex = 0; // interval
  private confidenceSum = 0;
  private confidenceCount = 0;
  /**
   * 0..1 confidence of the interval the next `add()` brings. An input field rather than an
   * argument: V8 boxes a fractional argument on the heap for a call it does not inline, and this
   * runs once per beat.
   */
  nextConfidence = 0;

  constructor(
    sink: EpisodeSink,
    minOn: number,
    minOff: number,
    severity: Episode['severity'],
    private readonly edges: EdgeRefiner | null = null,
  ) {
    this.sink = sink;
    this.minOn = minOn;
    this.minOff = minOff;
    this.severity = severity;
  }

  /** Whether an episode is open now. */
  get inEpisode(): boolean {
    return this.open !== null;
  }

  /**
   * One interval [start, end] (samples) with its decision, its index in the stream segment (for
   * the edge refiner), and its confidence in `nextConfidence`.
   */
  add(isAf: boolean, start: number, end: number, index = 0): void {
    const confidence = this.nextConfidence;
    if (isAf) {
      if (this.runAf === 0) {
        this.candidateStart = start;
        this.candidateIndex = index;
        if (!this.open) this.confidenceSum = this.confidenceCount = 0;
      }
      this.runAf++;
      this.runOther = 0;
      this.lastAfEnd = end;
      this.lastAfIndex = index;
      this.confidenceSum += confidence;
      this.confidenceCount++;
      if (!this.open && this.runAf >= this.minOn) {
        this.open = {
          type: 'AFIB',
          severity: this.severity,
          start: this.edges ? this.edges.onset(this.candidateIndex) : this.candidateStart,
          end: null,
          confidence: this.meanConfidence(),
        };
        this.sink(this.open, 'open');
      }
    } else {
      this.runOther++;
      this.runAf = 0;
      if (this.open && this.runOther >= this.minOff) this.close(true);
    }
  }

  /** End of stream: close the open episode at its last AF interval. */
  finish(): void {
    if (this.open) this.close(false);
    this.runAf = this.runOther = 0;
  }

  /**
   * `changed`: closed because the rhythm changed (minOff regular intervals), so the edge refiner
   * may place the end; at the end of a segment (a pause, the end of the stream) AF was seen up to
   * its last interval and ends there.
   */
  private close(changed: boolean): void {
    const ep = this.open as Episode;
    ep.end = changed && this.edges ? this.edges.offset(this.lastAfIndex) : this.lastAfEnd;
    ep.confidence = this.meanConfidence();
    this.open = null;
    this.sink(ep, 'close');
  }

  private meanConfidence(): number {
    return this.confidenceCount > 0 ? Math.round((this.confidenceSum / this.confidenceCount) * 1000) / 1000 : 0;
  }
}
