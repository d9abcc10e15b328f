import { encodeMasimoLine, MASIMO_EXCEPTION_BITS } from '@clinic-edge/devices';
import { concatBytes, noiseBytes } from '../random.js';
import type { SimDevice } from './sim-device.js';

export interface MasimoOximeterOptions {
  spo2?: number; // %, default 97
  pulseRate?: number; // beats/min, default 72
  serialNumber?: string;
  /** The device clock at start (it is set by hand on the device and is often wrong). Default: now. */
  deviceStart?: Date;
  random?: () => number;
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

/**
 * Masimo Radical-7 in ASCII mode 1: one line per second with SpO2 and pulse rate wandering a little
 * around the set values. Sensor off (the lead-off fault) sends the sensor-off exception with dashes.
 */
export class MasimoOximeter implements SimDevice {
  readonly protocol = 'masimo' as const;
  readonly description: string;
  private lines = 0;
  private sensorOff = false;
  private clockOffset = 0; // ms, a clock-jump fault
  private readonly start: number;
  private readonly random: () => number;

  constructor(private readonly options: MasimoOximeterOptions = {}) {
    this.start = (options.deviceStart ?? new Date()).getTime();
    this.random = options.random ?? Math.random;
    this.description = `Masimo Radical-7 ASCII, 1 line/s, SpO2 ~${options.spo2 ?? 97}%, pulse ~${options.pulseRate ?? 72}/min`;
  }

  /** Lines sent so far. */
  get linesSent(): number {
    return this.lines;
  }

  produce(elapsedMs: number): Uint8Array {
    const parts: Uint8Array[] = [];
    while (this.lines * 1000 <= elapsedMs) parts.push(ascii(this.line(this.lines++)));
    return concatBytes(parts);
  }

  private line(k: number): string {
    const t = new Date(this.start + this.clockOffset + k * 1000);
    const wobble = (): number => Math.round((this.random() - 0.5) * 2);
    const off = this.sensorOff;
    return encodeMasimoLine({
      deviceTime: { year: t.getFullYear(), month: t.getMonth() + 1, day: t.getDate(), hour: t.getHours(), minute: t.getMinutes(), second: t.getSeconds() },
      serialNumber: this.options.serialNumber ?? '0000012345',
      spo2: off ? null : Math.min(100, (this.options.spo2 ?? 97) + wobble()),
      pulseRate: off ? null : (this.options.pulseRate ?? 72) + wobble(),
      perfusionIndex: off ? null : 2.5,
      spco: null,
      spmet: null,
      desat: null,
      piDelta: null,
      pvi: null,
      alarm: 0,
      exceptions: off ? MASIMO_EXCEPTION_BITS.sensorOff : 0,
    });
  }

  setLeadOff(off: boolean): void {
    this.sensorOff = off;
  }

  setClockOffset(ms: number): void {
    this.clockOffset = ms;
  }

  garbage(n: number, random: () => number): Uint8Array {
    return concatBytes([noiseBytes(Math.max(1, n), random, [0x0a, 0x0d]), Uint8Array.of(0x0d, 0x0a)]);
  }
}
