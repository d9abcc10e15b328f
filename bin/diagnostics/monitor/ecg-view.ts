import { MainsFrequencyDetector, MainsNotchLeads, QrsDetector, SignalQuality, type QualityRecord } from '@clinic-edge/dsp';
import type { EcgBlock } from '@clinic-edge/gateway';

const WIDTH = 60; // columns of the trace
const ROWS = 5; // lines of the trace
const SPAN_S = 4; // seconds shown

/**
 * What `monitor` shows of an ECG: heart rate from the last RR intervals, beat marks under a small text
 * trace of the last few seconds, and quality warnings (lead-off, noise, mains hum) from the same DSP the
 * gateway runs. Display state only; the ECG is analysed as it arrives.
 */
export class EcgView {
  private readonly detector: QrsDetector;
  private readonly notch: MainsNotchLeads; // in front of the detector, as in the analyzer
  private readonly toDetector = (x: Float64Array, _b: Float64Array | undefined, length: number): void => this.detector.push(x, undefined, 0, length);
  private readonly quality: SignalQuality;
  private readonly mains: MainsFrequencyDetector;
  private readonly trace: Float64Array; // last SPAN_S seconds, mV (NaN = lead off)
  private written = 0; // samples ever pushed
  private held = 0;
  private readonly beats: number[] = []; // sample indices, last ~20
  private lastQuality: QualityRecord | null = null;
  private leadOffSamples = 0; // in the last second
  /** Beats detected so far. */
  beatCount = 0;

  constructor(private readonly fs: number) {
    this.detector = new QrsDetector({ sampleRate: fs, leads: 1 }, (s) => {
      this.beats.push(s);
      this.beatCount++;
      if (this.beats.length > 20) this.beats.shift();
    });
    this.notch = new MainsNotchLeads({ sampleRate: fs, leads: 1 });
    this.quality = new SignalQuality({ sampleRate: fs }, (r) => (this.lastQuality = r));
    this.mains = new MainsFrequencyDetector({ sampleRateHz: fs });
    this.trace = new Float64Array(Math.round(SPAN_S * fs));
  }

  push(b: EcgBlock): void {
    const x = b.mV[0];
    const feed = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (Number.isNaN(v)) this.leadOffSamples++;
      else this.held = v;
      feed[i] = Number.isNaN(v) ? this.held : v; // the detector must never see NaN
      this.trace[this.written++ % this.trace.length] = v;
    }
    this.notch.run(feed, undefined, 0, feed.length, this.toDetector);
    this.quality.push(x);
    if (!this.mains.decision) this.mains.push(feed);
  }

  heartRate(): number | null {
    const rr: number[] = [];
    for (let i = Math.max(1, this.beats.length - 6); i < this.beats.length; i++) rr.push((this.beats[i] - this.beats[i - 1]) / this.fs);
    if (rr.length < 2) return null;
    rr.sort((a, b) => a - b);
    const med = rr[rr.length >> 1];
    // No beat for 3 RR: the rate shown would be stale (pause or asystole): say so instead.
    const since = (this.written - this.detector.delay - (this.beats[this.beats.length - 1] ?? 0)) / this.fs;
    return since > Math.max(3, 3 * med) ? 0 : 60 / med;
  }

  /** Warnings in plain words, worst first. */
  warnings(): string[] {
    const w: string[] = [];
    // With an electrode off the rest is meaningless: say only that.
    if (this.leadOffSamples > 0) return ['LEAD OFF: an electrode is not on the skin (check the leads and the gel)'];
    const q = this.lastQuality;
    if (q?.leadOff && this.leadOffSamples === 0) w.push('NO SIGNAL: a flat or railed line (electrode off, or the cable broken)');
    if (q && !q.leadOff) {
      if (q.problems.includes('mains')) w.push('MAINS HUM: keep the cables away from power leads, check the right-leg/ground electrode');
      if (q.problems.includes('muscle')) w.push('MUSCLE NOISE: ask the patient to relax and lie still, keep warm');
      if (q.problems.includes('baseline')) w.push('BASELINE WANDER: breathing or movement; check the electrodes stick well');
      if (q.problems.includes('beats') || q.problems.includes('clipping')) w.push(`POOR SIGNAL (${q.problems.join(', ')}): heart rate may be wrong`);
    }
    const m = this.mains.decision;
    if (m && m.detected !== 'none' && !w.some((x) => x.startsWith('MAINS'))) w.push(`mains hum at ${m.detected} Hz is visible in the signal`);
    return w;
  }

  /** The trace of the last seconds as text, beat marks (^) on the line below. */
  traceLines(): string[] {
    const n = this.trace.length;
    const have = Math.min(this.written, n);
    const cols: { lo: number; hi: number }[] = [];
    let min = Infinity;
    let max = -Infinity;
    for (let c = 0; c < WIDTH; c++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let k = Math.floor((c * have) / WIDTH); k < Math.floor(((c + 1) * have) / WIDTH); k++) {
        const v = this.trace[(this.written - have + k) % n];
        if (Number.isNaN(v)) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      cols.push({ lo, hi });
      if (lo < min) min = lo;
      if (hi > max) max = hi;
    }
    const range = max - min > 0.05 ? max - min : 1;
    const row = (v: number): number => Math.min(ROWS - 1, Math.max(0, Math.round(((max - v) / range) * (ROWS - 1))));
    const grid = Array.from({ length: ROWS }, () => new Array<string>(WIDTH).fill(' '));
    cols.forEach((c, i) => {
      if (!Number.isFinite(c.lo)) {
        grid[ROWS - 1][i] = '_'; // lead off
        return;
      }
      for (let r = row(c.hi); r <= row(c.lo); r++) grid[r][i] = r === row(c.hi) ? '*' : '|';
    });
    const marks = new Array<string>(WIDTH).fill(' ');
    const first = this.written - have;
    for (const b of this.beats) {
      const col = Math.floor(((b - first) * WIDTH) / Math.max(1, have));
      if (col >= 0 && col < WIDTH) marks[col] = '^';
    }
    return [...grid.map((g) => `  ${g.join('')}`), `  ${marks.join('')}`];
  }

  /** Called once a second by the monitor after it has shown the second. */
  nextSecond(): void {
    this.leadOffSamples = 0;
  }
}
