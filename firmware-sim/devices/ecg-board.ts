import { encodeAd8232, encodeAds1292rFrame } from '@clinic-edge/devices';
import type { EcgSampleSource } from '../ecg-source.js';
import { NoisyEcgSource, type EcgNoiseKind } from '../faults/ecg-noise.js';
import { concatBytes, noiseBytes } from '../random.js';
import type { SimDevice } from './sim-device.js';

export interface EcgBoardOptions {
  /** ADC counts per mV and the count at 0 mV: the gateway's device defaults unless changed. */
  gain?: number;
  baseline?: number;
}

/**
 * Frames due by a time, at the source's real rate: the count follows the elapsed time, not the timer
 * ticks, so a late tick sends more frames instead of slowing the ECG down.
 */
abstract class EcgBoard implements SimDevice {
  abstract readonly protocol: 'openview' | 'ad8232';
  protected leadOff = false;
  private sent = 0; // samples
  private readonly scratch: Float64Array;
  protected readonly source: NoisyEcgSource;

  constructor(source: EcgSampleSource) {
    this.source = new NoisyEcgSource(source);
    this.scratch = new Float64Array(Math.ceil(source.sampleRate) * 2);
  }

  abstract get description(): string;
  protected abstract encode(samples: Float64Array): Uint8Array;
  abstract garbage(n: number, random: () => number): Uint8Array;

  /** Samples sent so far. */
  get samplesSent(): number {
    return this.sent;
  }

  produce(elapsedMs: number): Uint8Array {
    const due = Math.floor((elapsedMs * this.source.sampleRate) / 1000) - this.sent;
    const parts: Uint8Array[] = [];
    for (let left = due; left > 0; ) {
      const n = Math.min(left, this.scratch.length);
      const chunk = this.scratch.subarray(0, n);
      this.source.next(chunk);
      parts.push(this.encode(chunk));
      left -= n;
    }
    this.sent += Math.max(0, due);
    return parts.length === 1 ? parts[0] : concatBytes(parts);
  }

  setLeadOff(off: boolean): void {
    this.leadOff = off;
  }

  noiseBurst(kind: EcgNoiseKind, seconds: number, rmsMv?: number): void {
    this.source.startBurst(kind, seconds, rmsMv);
  }

  close(): void {
    this.source.close();
  }
}

const AD8232_NOT_NOISE = [0x0a, 0x0d, 0x20, 0x09, 0x21, 0x2d, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39];
const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

/**
 * ProtoCentral ADS1292R board in its current OpenView layout (len 8: ECG, RESP, HR, RR as int16).
 * Lead-off is what the firmware does: every field zero. Respiration is a slow sine at 15 breaths/min.
 */
export class OpenViewBoard extends EcgBoard {
  readonly protocol = 'openview' as const;
  private readonly gain: number;
  private readonly baseline: number;
  private n = 0;

  constructor(source: EcgSampleSource, private readonly heartRate: number | null, options: EcgBoardOptions = {}) {
    super(source);
    this.gain = options.gain ?? 200;
    this.baseline = options.baseline ?? 0;
  }

  get description(): string {
    return `ADS1292R (OpenView frames, ${this.gain} counts/mV): ${this.source.description}`;
  }

  protected encode(samples: Float64Array): Uint8Array {
    const frames: Uint8Array[] = [];
    for (let i = 0; i < samples.length; i++, this.n++) {
      if (this.leadOff) {
        frames.push(encodeAds1292rFrame({ ecg: 0, resp: 0, heartRate: 0, respRate: 0 }));
        continue;
      }
      const ecg = clamp(Math.round(samples[i] * this.gain + this.baseline), -32768, 32767);
      const resp = Math.round(1000 * Math.sin((2 * Math.PI * 0.25 * this.n) / this.source.sampleRate));
      frames.push(encodeAds1292rFrame({ ecg, resp, heartRate: this.heartRate, respRate: 15 }));
    }
    return concatBytes(frames);
  }

  garbage(n: number, random: () => number): Uint8Array {
    return noiseBytes(n, random);
  }
}

/** AD8232 module on a 10-bit ADC printing one value per line (SparkFun sketch), `!` for lead-off. */
export class Ad8232Board extends EcgBoard {
  readonly protocol = 'ad8232' as const;
  private readonly gain: number;
  private readonly baseline: number;
  private readonly values: (number | 'leadOff')[] = [];

  constructor(source: EcgSampleSource, options: EcgBoardOptions & { adcMax?: number } = {}, private readonly adcMax = options.adcMax ?? 1023) {
    super(source);
    this.gain = options.gain ?? 31;
    this.baseline = options.baseline ?? 512;
  }

  get description(): string {
    return `AD8232 (ASCII lines, ${this.gain} counts/mV around ${this.baseline}): ${this.source.description}`;
  }

  protected encode(samples: Float64Array): Uint8Array {
    this.values.length = 0;
    for (let i = 0; i < samples.length; i++) {
      this.values.push(this.leadOff ? 'leadOff' : clamp(Math.round(samples[i] * this.gain + this.baseline), 0, this.adcMax));
    }
    return encodeAd8232(this.values);
  }

  garbage(n: number, random: () => number): Uint8Array {
    // No digits, sign, '!' or blanks: a noise line must never read as a sample.
    return concatBytes([noiseBytes(Math.max(1, n), random, AD8232_NOT_NOISE), Uint8Array.of(0x0d, 0x0a)]);
  }
}
