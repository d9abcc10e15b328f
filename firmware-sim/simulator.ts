import type { SimDevice } from './devices/sim-device.js';
import type { SimEndpoint } from './endpoints/endpoint.js';
import { seededRandom } from './random.js';

export interface SimulatorOptions {
  /** Pacing tick, ms: how often due bytes are written. Default 20 (a 360 Hz ECG goes out ~7 frames at a time). */
  tickMs?: number;
  /** Seed for fault bytes. */
  seed?: number;
}

/** Faults scheduled from the command line: each `every` seconds. More kinds come with issue 5. */
export interface FaultSchedule {
  garbageEverySeconds?: number;
  garbageBytes?: number; // default 16
  unplugEverySeconds?: number;
  unplugForSeconds?: number; // default 3
}

export interface SimulatorStats {
  bytesWritten: number;
  garbageBytes: number; // written as faults
  garbageBursts: number;
  unplugs: number;
  dropped: number; // by the endpoint, nobody reading
}

/**
 * Runs one simulated device on one endpoint in real time, and injects faults on request (tests) or
 * on a schedule (CLI). Faults act where they would in the field: garbage on the line, the port
 * unplugged, the device falling silent, electrodes off.
 */
export class Simulator {
  readonly stats: SimulatorStats = { bytesWritten: 0, garbageBytes: 0, garbageBursts: 0, unplugs: 0, dropped: 0 };
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly faultTimers: ReturnType<typeof setInterval>[] = [];
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
    const bytes = this.device.produce(now);
    if (now < this.silentUntil) return; // produced and thrown away: the device's clock runs on
    for (const g of this.pendingGarbage) this.send(g);
    this.pendingGarbage = [];
    if (bytes.length > 0) this.send(bytes);
  }

  private send(bytes: Uint8Array): void {
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
    this.silentUntil = this.elapsed() + ms;
  }

  setLeadOff(off: boolean): void {
    this.device.setLeadOff?.(off);
  }

  /** Starts the faults of a schedule (CLI options). */
  schedule(faults: FaultSchedule): void {
    if (faults.garbageEverySeconds) {
      this.faultTimers.push(setInterval(() => this.injectGarbage(faults.garbageBytes ?? 16), faults.garbageEverySeconds * 1000));
    }
    if (faults.unplugEverySeconds) {
      const away = (faults.unplugForSeconds ?? 3) * 1000;
      this.faultTimers.push(setInterval(() => void this.unplug(away), faults.unplugEverySeconds * 1000));
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const t of this.faultTimers) clearInterval(t);
    this.faultTimers.length = 0;
    for (const t of this.replugTimers) clearTimeout(t);
    this.replugTimers.clear();
    await this.endpoint.close();
    this.device.close?.();
  }
}
