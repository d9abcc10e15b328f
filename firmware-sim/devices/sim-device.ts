import type { EcgNoiseKind } from '../faults/ecg-noise.js';

/**
 * A simulated device: produces the bytes it would have sent by a given time, and hears what the
 * gateway answers. Time is ms since the simulator started, so the device's own clock (and, later,
 * its drift) stays inside the device.
 */
export interface SimDevice {
  readonly protocol: 'openview' | 'ad8232' | 'masimo' | 'hl7';
  /** What the device is (for the banner): rate, record, settings. */
  readonly description: string;
  /** True for devices that talk only while connected (a monitor over MLLP); false for free-running boards. */
  readonly waitsForPeer?: boolean;
  /** Bytes due between the previous call and `elapsedMs`; empty when nothing is due. */
  produce(elapsedMs: number): Uint8Array;
  /** Bytes from the gateway (HL7 ACKs). */
  receive?(bytes: Uint8Array): void;
  /**
   * Garbage as this protocol's line would carry it, complete in itself: for line protocols a line of
   * noise ended by CR LF (so the good lines around it stay whole), for binary ones raw noise bytes.
   */
  garbage(n: number, random: () => number): Uint8Array;
  /** Electrodes or sensor off (true) or back on (false), as the device reports it. */
  setLeadOff?(off: boolean): void;
  /** ECG boards: add muscle or electrode-motion noise to the next `seconds` of ECG (faults/ecg-noise.ts). */
  noiseBurst?(kind: EcgNoiseKind, seconds: number, rmsMv?: number): void;
  /** Devices that timestamp (Masimo, HL7): their wall clock is off by this much, ms. */
  setClockOffset?(ms: number): void;
  close?(): void;
}
