import { EventEmitter } from 'node:events';
import { DeviceProtocolError, type DeviceCounters, type DeviceProtocol } from '@clinic-edge/devices';
import { resolveDeviceConfig, type DeviceConfig, type ResolvedDeviceConfig } from './device-config.js';
import type { DeviceSourceEvents, DeviceState, DeviceStatus } from './events.js';
import { GarbleLog } from './garble-log.js';
import { createTransport } from './port-spec.js';
import { createHandler } from './protocols/index.js';
import type { HandlerContext, ProtocolHandler } from './protocols/handler.js';
import { Backoff } from '../backoff.js';
import { quietLogger, systemClock, type DeviceClock, type DeviceLogger } from './runtime.js';
import type { Transport, TransportLink } from './transport.js';

/**
 * Reopening a lost port: first retry after 0.5 s (a replugged USB device is usually back by then),
 * at most every 30 s, with less jitter than the hub link needs since only this box's ports compete.
 */
const PORT_BACKOFF = { initialMs: 500, maxMs: 30_000, jitter: 0.3 } as const;

export interface DeviceSourceOptions {
  clock?: DeviceClock;
  logger?: DeviceLogger;
  /** Default: from the config's port (createTransport). Tests pass their own. */
  transport?: Transport;
  random?: () => number; // for the backoff jitter
}

/**
 * One configured device: a protocol decoder over a transport, supervised.
 * - 'online' when valid data flows (first valid frame after start, reopen or silence);
 * - 'offline' when no valid data came for `silenceMs` (garbage does not count), or the port is lost
 *   or cannot be opened;
 * - 'reconnecting' before each reopen attempt, with its number and delay (exponential backoff + jitter).
 * The backoff restarts from its first delay once valid data flows again. Garbled input is counted,
 * logged without content (rate-limited) and never stops the reader. Construction does no I/O: start().
 */
export class DeviceSource extends EventEmitter<DeviceSourceEvents> {
  readonly config: ResolvedDeviceConfig;
  readonly transport: Transport;
  private readonly clock: DeviceClock;
  private readonly logger: DeviceLogger;
  private readonly handler: ProtocolHandler;
  private readonly backoff: Backoff;
  private readonly garbleLog: GarbleLog;
  private current: DeviceState | null = null;
  private running = false;
  private lastGoodAt = 0;
  private watchdog: unknown = null;
  private retry: unknown = null;
  private opens = 0;
  private openedAt = 0; // ms, when the port was last opened
  private discarded = 0; // bytes, as last seen
  private reported = false; // a garbled event during the current push

  constructor(config: DeviceConfig, options: DeviceSourceOptions = {}) {
    super();
    this.config = resolveDeviceConfig(config);
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? quietLogger;
    this.transport = options.transport ?? createTransport(this.config.port, this.config.baudRate);
    this.backoff = new Backoff({ ...PORT_BACKOFF, ...this.config.backoff, random: options.random ?? this.config.backoff.random });
    this.garbleLog = new GarbleLog(this.config.id, this.config.garbleLogIntervalMs, this.clock, this.logger);
    this.handler = createHandler(this.config.protocol, this.context());
    this.transport.on('data', (chunk, link) => this.onData(chunk, link));
    this.transport.on('linkEnd', (link) => this.handler.endLink(link));
    this.transport.on('lost', (err) => this.onLost(err));
  }

  get state(): DeviceState | null {
    return this.current;
  }

  /** Garbled-input and frame counters over the device's whole life. */
  counters(): DeviceCounters {
    return this.handler.counters();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastGoodAt = this.clock.now();
    void this.connect();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.clearTimer('watchdog');
    this.clearTimer('retry');
    await this.transport.close();
    this.handler.restart();
    this.setState('offline', 'stopped');
  }

  private context(): HandlerContext {
    return {
      config: this.config,
      clock: this.clock,
      alive: () => this.onAlive(),
      garbled: (e) => this.onGarbled(e),
      ecg: (block) => this.emit('ecg', block),
      vitals: (reading) => this.emit('vitals', reading),
      ack: (code, sent) => this.emit('ack', { deviceId: this.config.id, code, sent }),
    };
  }

  private async connect(): Promise<void> {
    this.retry = null;
    if (!this.running) return;
    try {
      await this.transport.open();
    } catch (err) {
      if (!this.running) return;
      this.setState('offline', `cannot open ${this.transport.description}: ${(err as Error).message}`);
      this.scheduleReconnect();
      return;
    }
    if (!this.running) {
      await this.transport.close();
      return;
    }
    this.opens++;
    this.openedAt = this.clock.now();
    this.logger.info({ device: this.config.id, port: this.transport.description, opens: this.opens }, 'device port open');
    if (this.opens > 1) this.handler.restart();
    this.armWatchdog(this.config.silenceMs);
  }

  private scheduleReconnect(): void {
    const delayMs = this.backoff.next();
    this.setState('reconnecting', `reopening ${this.transport.description} in ${delayMs} ms`, { attempt: this.backoff.attempts, delayMs });
    this.retry = this.clock.setTimeout(() => void this.connect(), delayMs);
  }

  private onData(chunk: Uint8Array, link: TransportLink): void {
    if (!this.running) return;
    this.reported = false;
    this.handler.push(chunk, link);
    // Framers drop noise between frames silently while hunting; it is still garbled input to report.
    const c = this.handler.counters();
    if (c.bytesDiscarded > this.discarded && !this.reported) {
      const protocol: DeviceProtocol = this.config.protocol === 'hl7' ? 'mllp' : this.config.protocol;
      this.onGarbled(new DeviceProtocolError('E_FRAME', `${c.bytesDiscarded - this.discarded} bytes outside any frame discarded`, { protocol }));
    }
    this.discarded = c.bytesDiscarded;
  }

  private onAlive(): void {
    this.lastGoodAt = this.clock.now();
    if (this.current !== 'online') {
      this.backoff.reset();
      this.setState('online', 'valid data from the device');
    }
  }

  private onGarbled(error: DeviceProtocolError): void {
    this.reported = true;
    const counters = this.handler.counters();
    this.garbleLog.report(error, counters.framesBad + counters.tooLong + counters.truncated, counters.bytesDiscarded);
    this.emit('garbled', { deviceId: this.config.id, code: error.code, counters });
  }

  private onLost(err: Error): void {
    if (!this.running) return;
    this.clearTimer('watchdog');
    this.logger.warn({ device: this.config.id, port: this.transport.description, code: (err as { code?: string }).code }, 'device port lost');
    this.setState('offline', err.message);
    this.scheduleReconnect();
  }

  /** One timer at a time: on expiry it checks how long ago valid data came, and re-arms for the rest. */
  private armWatchdog(ms: number): void {
    this.clearTimer('watchdog');
    this.watchdog = this.clock.setTimeout(() => this.onWatchdog(), ms);
  }

  private onWatchdog(): void {
    this.watchdog = null;
    if (!this.running || !this.transport.isOpen) return;
    const quiet = this.clock.now() - this.lastGoodAt;
    if (quiet < this.config.silenceMs) return this.armWatchdog(this.config.silenceMs - quiet);
    if (this.current !== 'offline') this.setState('offline', `no valid data for ${Math.round(quiet / 1000)} s (limit ${this.config.silenceMs / 1000} s)`);
    if (this.opens > 1 && this.lastGoodAt < this.openedAt) {
      // Reopened after a loss and silent since: the device node can outlive its device (a USB
      // adapter pulled while we reopened it), so close it and keep retrying with backoff.
      void this.transport.close().then(() => {
        if (this.running && this.retry === null) this.scheduleReconnect();
      });
      return;
    }
    this.armWatchdog(this.config.silenceMs);
  }

  private clearTimer(which: 'watchdog' | 'retry'): void {
    const handle = this[which];
    if (handle !== null) this.clock.clearTimeout(handle);
    this[which] = null;
  }

  private setState(state: DeviceState, reason: string, extra: Pick<DeviceStatus, 'attempt' | 'delayMs'> = {}): void {
    if (state === this.current && state !== 'reconnecting') return;
    this.current = state;
    const status: DeviceStatus = { deviceId: this.config.id, state, reason, at: this.clock.now(), ...extra };
    this.logger.info({ device: this.config.id, state, reason, ...extra }, 'device status');
    this.emit('status', status);
  }
}
