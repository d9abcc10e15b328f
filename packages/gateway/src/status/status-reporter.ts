import type { DeviceStatus, GarbledInput } from '../serial/events.js';
import type { OutboxStats } from '../store/index.js';
import { redactUrl, writeStatusFile, type DaemonStatus, type DeviceStatusEntry } from './status-file.js';

export interface StatusReporterOptions {
  file: string;
  site: string;
  hubUrl: string;
  devices: { id: string; protocol: string; port: string }[];
  /** Current outbox figures; null when the outbox is closed. */
  outbox: () => OutboxStats | null;
  intervalMs?: number; // default 2000
  now?: () => number;
  /** Where a failed write is reported (a full disk must not stop the daemon). */
  onError?: (err: Error) => void;
}

/**
 * Keeps the daemon's status file current: device states, hub link, outbox depth and the last error.
 * Writes at most every `intervalMs` on its own timer, plus at once when a device or the link changes
 * state. The constructor does no I/O.
 */
export class StatusReporter {
  private readonly status: DaemonStatus;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly now: () => number;

  constructor(private readonly o: StatusReporterOptions) {
    this.now = o.now ?? Date.now;
    const t = this.now();
    this.status = {
      v: 1,
      pid: process.pid,
      site: o.site,
      startedAt: t,
      updatedAt: t,
      state: 'running',
      devices: o.devices.map((d): DeviceStatusEntry => ({ ...d, state: 'starting', reason: 'opening the port', since: t, garbled: 0 })),
      hub: { url: redactUrl(o.hubUrl), online: false, since: null, lastError: null },
      outbox: null,
      lastError: null,
    };
  }

  start(): void {
    this.write();
    this.timer = setInterval(() => this.write(), this.o.intervalMs ?? 2000);
    this.timer.unref();
  }

  device(s: DeviceStatus): void {
    const d = this.status.devices.find((x) => x.id === s.deviceId);
    if (!d) return;
    if (d.state !== s.state) d.since = s.at;
    d.state = s.state;
    d.reason = s.reason;
    if (s.state === 'offline' && s.reason !== 'stopped') this.error(`${s.deviceId}: ${s.reason}`);
    this.write();
  }

  garbled(g: GarbledInput): void {
    const d = this.status.devices.find((x) => x.id === g.deviceId);
    if (d) d.garbled++;
  }

  hubOnline(): void {
    this.status.hub.online = true;
    this.status.hub.since = this.now();
    this.write();
  }

  hubOffline(reason: string): void {
    this.status.hub.online = false;
    this.status.hub.since = this.now();
    if (reason !== 'stopped') this.status.hub.lastError = reason;
    this.write();
  }

  hubFailure(message: string): void {
    this.status.hub.lastError = message;
    this.error(`hub: ${message}`);
  }

  error(message: string): void {
    this.status.lastError = { at: this.now(), message };
  }

  /** Marks the daemon stopping (then stopped): the file stays, so `status` can say when and how it ended. */
  stopping(): void {
    this.status.state = 'stopping';
    this.write();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.status.state = 'stopped';
    this.write();
  }

  private write(): void {
    const s = this.status;
    s.updatedAt = this.now();
    try {
      const o = this.o.outbox();
      if (o) {
        const byStream: Record<string, number> = {};
        let oldest: number | null = null;
        for (const [k, v] of Object.entries(o.byStream)) {
          byStream[k] = v.messages;
          if (v.oldestAgeMs !== null && (oldest === null || v.oldestAgeMs > oldest)) oldest = v.oldestAgeMs;
        }
        s.outbox = { messages: o.messages, bytes: o.bytes, oldestAgeMs: oldest, byStream, deadLetters: o.deadLetters, evicted: o.evicted };
      }
    } catch {
      // The outbox is closing: keep the last figures.
    }
    try {
      writeStatusFile(this.o.file, s);
    } catch (err) {
      this.o.onError?.(err as Error);
    }
  }
}
