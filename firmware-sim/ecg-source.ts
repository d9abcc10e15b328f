import { planRhythm, synthesizeEcg, type SyntheticRhythm } from '@clinic-edge/dsp';
import { SignalReader } from '@clinic-edge/wfdb';

/** An endless single-lead ECG at a fixed rate, for the ECG board simulators. */
export interface EcgSampleSource {
  readonly sampleRate: number; // Hz
  /** What it plays, for the banner ("mitdb 119 lead MLII from 0 s", "synthetic 72 bpm"). */
  readonly description: string;
  /** Fills `out` with the next samples, mV. */
  next(out: Float64Array): void;
  close(): void;
}

/**
 * A PhysioNet record played from `startSeconds`, looping back to the start of the record at its end.
 * Reads a second or so at a time, so a 30-minute record is never held whole. An invalid sample
 * (NaN in WFDB) repeats the last valid value: a board always sends something.
 */
export class RecordEcgSource implements EcgSampleSource {
  readonly sampleRate: number;
  readonly description: string;
  private reader: SignalReader;
  private readonly buf: Float64Array[];
  private have = 0;
  private used = 0;
  private last = 0;

  constructor(
    private readonly record: string,
    startSeconds = 0,
    private readonly channel = 0,
  ) {
    const first = new SignalReader(record, { channels: [channel] });
    this.sampleRate = first.header.sampleRate;
    const start = Math.round(startSeconds * this.sampleRate);
    if (start >= first.end) {
      first.close();
      throw new RangeError(`start ${startSeconds} s is past the end of ${record} (${(first.end / this.sampleRate).toFixed(0)} s)`);
    }
    first.close();
    this.reader = new SignalReader(record, { channels: [channel], start, verifyChecksum: false });
    const lead = this.reader.header.signals[channel]?.description || `signal ${channel}`;
    this.description = `${this.reader.header.recordName} lead ${lead} at ${this.sampleRate} Hz from ${startSeconds} s, looping`;
    this.buf = [new Float64Array(Math.ceil(this.sampleRate))];
  }

  next(out: Float64Array): void {
    for (let i = 0; i < out.length; i++) {
      if (this.used === this.have) this.refill();
      const v = this.buf[0][this.used++];
      if (!Number.isNaN(v)) this.last = v;
      out[i] = this.last;
    }
  }

  private refill(): void {
    this.have = this.reader.readFramesInto(this.buf[0].length, undefined, this.buf);
    if (this.have === 0) {
      this.reader.close();
      this.reader = new SignalReader(this.record, { channels: [this.channel], verifyChecksum: false });
      this.have = this.reader.readFramesInto(this.buf[0].length, undefined, this.buf);
    }
    this.used = 0;
  }

  close(): void {
    this.reader.close();
  }
}

/** A synthetic ECG (synth/) of a chosen rhythm and mean heart rate, looping about every minute. */
export class SyntheticEcgSource implements EcgSampleSource {
  readonly description: string;
  private readonly loop: Float64Array;
  private at = 0;

  constructor(
    readonly sampleRate: number,
    heartRate: number, // bpm
    rhythm: SyntheticRhythm = 'normal',
  ) {
    // The plan ends one mean RR after its last beat, so the seam does not make a pause or an extra beat.
    const plan = planRhythm(rhythm, heartRate, 60);
    // 20 µV of noise and a breathing baseline: a real amplifier's floor, so a pause reads as a pause, not as a lead off.
    this.loop = synthesizeEcg({ sampleRate, beatTimes: plan.beatTimes, duration: plan.duration, ventricular: plan.ventricular, fibrillation: plan.fibrillation, noiseMv: 0.02 }).signal;
    this.description = `synthetic ECG, ${rhythm === 'normal' ? 'sinus rhythm' : rhythm === 'af' ? 'atrial fibrillation' : rhythm === 'pvc' ? 'sinus with ventricular premature beats' : 'sinus with 3.5 s pauses'}, ${heartRate} bpm, ${sampleRate} Hz`;
  }

  next(out: Float64Array): void {
    for (let i = 0; i < out.length; i++) {
      out[i] = this.loop[this.at++];
      if (this.at === this.loop.length) this.at = 0;
    }
  }

  close(): void {}
}
