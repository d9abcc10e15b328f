import type { SimDevice } from './devices/sim-device.js';
import type { SimEndpoint } from './endpoints/endpoint.js';
import { DeviceClockFault } from './faults/device-clock.js';
import type { EcgNoiseKind } from './faults/ecg-noise.js';
import { runFaultSchedule, type FaultSchedule, type FaultTarget } from './faults/schedule.js';
import { misreadUart } from './faults/uart-mismatch.js';
import { seededRandom } from './random.js';

export type { FaultSchedule } from './faults/schedule.js';

export interface SimulatorOptions {
  /** Pacing tick, ms: how often due bytes are written. Default 20 (a 360 Hz ECG goes out ~7 frames at a time). */
  tickMs?: number;
  /** Seed for fault bytes. */
  seed?: number;
}

export interface SimulatorStats {
  bytesWritten: number;
  garbageBytes: number; // written as faults
  garbageBursts: number;
  unplugs: number;
  dropped: number; // by the endpoint, nobody reading
  noiseBursts: number;
  leadOffs: number;
  silences: number;
  clockJumps: number;
  /** Bytes the wrong-baud receiver read with a framing error (delivered as 0x00). */
  framingErrors: number;
}

/** Protocol baud rates a port is read at by default (the gateway's DEVICE_DEFAULTS), for the wrong-baud fault. */
const NOMINAL_BAUD: Record<SimDevice['protocol'], number> = { masimo: 9600, openview: 57600, ad8232: 115200, hl7: 9600 };

/**
 * Runs one simulated device on one endpoint in real time, and injects faults on request (tests) or
 * on a schedule (CLI). Faults act where they would in the field: garbage on the line, the port
 * unplugged, the device falling silent, electrodes off.
 */
export class Simulator implements FaultTarget {
  readonly stats: SimulatorStats = { bytesWritten: 0, garbageBytes: 0, garbageBursts: 0, unplugs: 0, dropped: 0, noiseBursts: 0, leadOffs: 0, silences: 0, clockJumps: 0, framingErrors: 0 };
  readonly clock = new DeviceClockFault();
  private timer: ReturnType<typeof setInterval> | null = null;
  private stopSchedule: (() => void) | null = null;
  private baud: { device: number; listen: number } | null = null;
  private readonly replugTimers = new Set<ReturnType<typeof setTimeout>>();
  private startedAt = 0;
  private silentUntil = 0;
  private pendingGarbage: Uint8Array[] = [];
  private readonly random: () => number;

  constructor(
    readonly device: SimDevice,
    readonly endpoint: SimEndpoint,
    private readonly options: SimulatorOptions = {},
  ) {
    this.random = seededRandom(options.seed ?? 1);
    endpoint.onData((b) => device.receive?.(b));
  }

  get address(): string {
    return this.endpoint.address;
  }

  async start(): Promise<void> {
    await this.endpoint.open();
    this.startedAt = performance.now();
    this.timer = setInterval(() => this.tick(), this.options.tickMs ?? 20);
    this.tick();
  }

  /** ms since start, on the monotonic clock. */
  elapsed(): number {
    return performance.now() - this.startedAt;
  }

  private tick(): void {
    const now = this.elapsed();
    if (this.device.waitsForPeer && !this.endpoint.connected) return;
    // The device paces itself on its own (possibly drifting) crystal.
    const bytes = this.device.produce(this.clock.deviceElapsed(now));
    if (now < this.silentUntil) return; // produced and thrown away: the device's clock runs on
    for (const g of this.pendingGarbage) this.send(g);
    this.pendingGarbage = [];
    if (bytes.length > 0) this.send(bytes);
  }

  private send(sent: Uint8Array): void {
    let bytes = sent;
    if (this.baud) {
      const r = misreadUart(sent, this.baud.device, this.baud.listen);
      bytes = r.bytes;
      this.stats.framingErrors += r.framingErrors;
    }
    this.endpoint.write(bytes);
    this.stats.bytesWritten += bytes.length;
    this.stats.dropped = this.endpoint.dropped;
  }

  /** Writes `n` bytes of line noise between two of the device's frames (or lines) at the next tick. */
  injectGarbage(n = 16): Uint8Array {
    const g = this.device.garbage(n, this.random);
    this.pendingGarbage.push(g);
    this.stats.garbageBytes += g.length;
    this.stats.garbageBursts++;
    return g;
  }

  /** The port goes away now; with `forMs`, it comes back by itself after that long. */
  async unplug(forMs?: number): Promise<void> {
    this.stats.unplugs++;
    await this.endpoint.unplug();
    if (forMs === undefined) return;
    const t = setTimeout(() => {
      this.replugTimers.delete(t);
      void this.replug();
    }, forMs);
    this.replugTimers.add(t);
  }

  replug(): Promise<void> {
    return this.endpoint.replug();
  }

  /** The device sends nothing for `ms` (a hung board); the port stays. */
  silence(ms: number): void {
    this.stats.silences++;
    this.silentUntil = this.elapsed() + ms;
  }

  /** Electrodes off (ECG boards) or sensor off (oximeter), as the device reports it; no effect on HL7. */
  setLeadOff(off: boolean): void {
    if (off) this.stats.leadOffs++;
    this.device.setLeadOff?.(off);
  }

  /** ECG boards only: muscle ('emg') or electrode-motion noise added to the ECG for `seconds` of signal. */
  noiseBurst(kind: EcgNoiseKind, seconds: number, rmsMv?: number): void {
    if (!this.device.noiseBurst) throw new RangeError(`${this.device.protocol} sends no ECG: noise bursts apply to openview and ad8232`);
    this.device.noiseBurst(kind, seconds, rmsMv);
    this.stats.noiseBursts++;
  }

  /** The device's crystal runs `ppm` fast (negative: slow) from now on: pacing and timestamps drift. */
  driftClock(ppm: number): void {
    this.clock.setDrift(ppm, this.elapsed());
  }

  /** The device's wall clock jumps by `ms` (timestamps only: Masimo and HL7; ECG boards send no time). */
  jumpClock(ms: number): void {
    this.clock.jump(ms);
    this.stats.clockJumps++;
    this.device.setClockOffset?.(this.clock.offsetMs);
  }

  /**
   * The device sends at `deviceBaud` while the port is read at `listenBaud` (default: the protocol's
   * usual rate); null sets it right again. See faults/uart-mismatch.ts for what the reader then sees.
   */
  wrongBaud(deviceBaud: number | null, listenBaud = NOMINAL_BAUD[this.device.protocol]): void {
    this.baud = deviceBaud === null ? null : { device: deviceBaud, listen: listenBaud };
  }

  /** Starts the faults of a schedule (CLI options); a second call replaces the first. */
  schedule(faults: FaultSchedule): void {
    this.stopSchedule?.();
    this.stopSchedule = runFaultSchedule(this, faults);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopSchedule?.();
    this.stopSchedule = null;
    for (const t of this.replugTimers) clearTimeout(t);
    this.replugTimers.clear();
    await this.endpoint.close();
    this.device.close?.();
  }
}
