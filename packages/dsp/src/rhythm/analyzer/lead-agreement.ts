import type { SampleArray } from '../../filters/stream.js';
import { QrsDetector } from '../../qrs/detector.js';

/** Window over which the two leads' beats are matched, s (as bSQI: Li, Mark & Clifford 2008). */
const WINDOW_S = 10;
/** Beats match within this, s (EC57's match window). */
const MATCH_S = 0.15;
/** Each lead must show this many beats in the window for an F1: a lead that is off (flat) proves nothing. */
const MIN_BEATS = 4;
/**
 * agreement()'s value when one lead shows beats (MIN_BEATS or more) and the other fewer: either that
 * lead is off, which proves nothing, or it is on but its complexes are too small for a detector
 * (mitdb 101's V1, 0.16 mV), so the beats rest on the other lead alone. Only the caller knows
 * which (the leads' own lead-off records).
 */
export const ONE_LEAD_SILENT = -1;
const RING = 256; // beats kept per lead: > 10 s at 300 bpm plus the delay

/**
 * Do the two leads see the same heartbeats? Every real beat, sinus or ventricular, is one
 * electrical event seen on every lead at the same moment; electrode-motion and muscle artefact
 * is picked up by each electrode pair on its own (in nstdb the two noise channels are
 * independent), so beats "found" in it on one lead are absent from the other. Electrode-motion
 * noise is in the ECG's own band, so the spectral quality features and the one-lead bSQI (two
 * detectors fooled alike) miss it; this cross-lead agreement does not.
 *
 * Streaming: one single-lead QrsDetector per lead; `agreement(k)` is the F1 of the leads' beats
 * over the 10 s ending with second k, available once `complete > k` (a fixed delay of
 * `delay` samples after the end of the second). NaN when either lead shows fewer than 4 beats.
 */
export class LeadAgreement {
  readonly delay: number; // samples after a second's end before it is complete
  private readonly qrs: QrsDetector[];
  private readonly rings = [new Float64Array(RING), new Float64Array(RING)];
  private readonly counts = [0, 0]; // beats ever pushed per lead
  private readonly sec: number; // samples per second
  private readonly tol: number; // samples
  private pushed = 0;
  private flushed = false;
  /** Set by agreement(): the lead (0, 1) that showed too few beats while the other showed enough; -1 otherwise. */
  silentLead = -1;

  constructor(readonly sampleRate: number /* Hz */) {
    this.sec = Math.round(sampleRate);
    this.tol = Math.round(MATCH_S * sampleRate);
    this.qrs = [0, 1].map((l) => new QrsDetector({ sampleRate, leads: 1 }, (s) => this.add(l, s)));
    this.delay = this.qrs[0].delay + this.tol + 1;
  }

  /** Seconds 0..complete-1 can be judged. */
  get complete(): number {
    if (this.flushed) return Math.ceil(this.pushed / this.sec);
    return Math.max(0, Math.floor((this.pushed - this.delay) / this.sec));
  }

  /** The next samples of both leads, `[offset, offset + length)` of each. */
  push(lead0: SampleArray, lead1: SampleArray, offset = 0, length = lead0.length - offset): void {
    this.qrs[0].push(lead0, undefined, offset, length);
    this.qrs[1].push(lead1, undefined, offset, length);
    this.pushed += length;
  }

  flush(): void {
    this.qrs[0].flush();
    this.qrs[1].flush();
    this.flushed = true;
  }

  /**
   * F1 (0..1) of the two leads' beats over the window ending with second k; ONE_LEAD_SILENT if one
   * lead shows too few and the other does not (which one: `silentLead`); NaN if both show too few.
   */
  agreement(k: number): number {
    const to = (k + 1) * this.sec;
    const from = to - WINDOW_S * this.sec;
    const [a, na] = this.range(0, from, to);
    const [b, nb] = this.range(1, from, to);
    this.silentLead = -1;
    if (na < MIN_BEATS && nb < MIN_BEATS) return Number.NaN;
    if (na < MIN_BEATS || nb < MIN_BEATS) {
      this.silentLead = na < MIN_BEATS ? 0 : 1;
      return ONE_LEAD_SILENT;
    }
    const ra = this.rings[0];
    const rb = this.rings[1];
    let matched = 0;
    let j = b;
    const endB = b + nb;
    for (let i = a; i < a + na; i++) {
      const x = ra[i % RING];
      while (j < endB && rb[j % RING] < x - this.tol) j++;
      if (j < endB && rb[j % RING] <= x + this.tol) {
        matched++;
        j++;
      }
    }
    return (2 * matched) / (na + nb);
  }

  private add(lead: number, sample: number): void {
    this.rings[lead][this.counts[lead] % RING] = sample;
    this.counts[lead]++;
  }

  /** First index (absolute) and count of lead's beats in [from, to). */
  private range(lead: number, from: number, to: number): [number, number] {
    const ring = this.rings[lead];
    const n = this.counts[lead];
    let first = n;
    let last = n;
    for (let i = n - 1; i >= 0 && i >= n - RING; i--) {
      const s = ring[i % RING];
      if (s >= to) last = i;
      else if (s >= from) first = i;
      else break;
    }
    return [first, Math.max(0, last - first)];
  }
}
