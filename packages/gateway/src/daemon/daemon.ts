import type { GatewayConfig } from '../config/types.js';
import { toDeviceConfig } from '../config/device-config.js';
import type { GatewayLogger } from '../log/logger.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { StampingOutbox } from '../pipeline/stamp.js';
import { HubLink } from '../publish/hub-link.js';
import { Publisher } from '../publish/publisher.js';
import { DeviceSource } from '../serial/device-source.js';
import type { DeviceConfig } from '../serial/device-config.js';
import { statusPathFor } from '../status/status-file.js';
import { StatusReporter } from '../status/status-reporter.js';
import { Enqueuer } from '../store/enqueuer.js';
import { Outbox } from '../store/outbox.js';
import type { NewMessage } from '../store/types.js';
import { REQUEST_POLL_MS, serveRequests } from './requests.js';

/** What the daemon needs of a device source (serial's DeviceSource fits; tests may pass their own). */
export type SourceLike = Pick<DeviceSource, 'on' | 'start' | 'stop'>;

export interface DaemonOptions {
  config: GatewayConfig;
  logger: GatewayLogger;
  /** Where hub.passwordEnv is looked up. Default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  makeSource?: (device: DeviceConfig, logger: GatewayLogger) => SourceLike;
  /** On stop, how long to keep publishing what is stored while the hub is reachable, ms. Default 1500. */
  drainMs?: number;
  now?: () => number;
  /** Where `clinic-edge status` reads the daemon's state; false for none. Default `<store.path>.status.json`. */
  statusFile?: string | false;
  /** Hub reconnect backoff (default 1 s doubling to 60 s); the demo shortens it so a restored link is seen at once. */
  hubBackoff?: { initialMs?: number; maxMs?: number };
}

const defaultSource = (device: DeviceConfig, logger: GatewayLogger): SourceLike => new DeviceSource(device, { logger });

/**
 * Lifecycle only: opens the outbox, starts the hub link and publisher, then the device sources and
 * the pipeline between them; stops in the reverse order so that nothing read is lost: devices stop
 * first, the pipeline's partial frames are flushed, the enqueuer commits, the publisher gets a short
 * drain, and the database closes last. The constructor does no I/O.
 */
export class Daemon {
  private outbox: Outbox | null = null;
  private enqueuer: Enqueuer | null = null;
  private link: HubLink | null = null;
  private publisher: Publisher | null = null;
  private pipeline: Pipeline | null = null;
  private status: StatusReporter | null = null;
  private requestTimer: NodeJS.Timeout | null = null;
  private readonly sources: SourceLike[] = [];
  private stopping: Promise<void> | null = null;
  private readonly log: GatewayLogger;
  private dropped = 0;

  constructor(private readonly o: DaemonOptions) {
    this.log = o.logger;
  }

  /** Messages the outbox refused (logged each time); should stay 0. */
  get droppedMessages(): number {
    return this.dropped;
  }

  get outboxStats(): ReturnType<Outbox['stats']> | null {
    return this.outbox?.stats() ?? null;
  }

  start(): void {
    const c = this.o.config;
    const now = this.o.now ?? Date.now;
    // One stream may carry a whole backlog (a van back in coverage): let it fill the publisher's window
    // (256) instead of 32 per round trip. Order at the hub is still by seq except for retried messages.
    this.outbox = new Outbox({ path: c.store.path, maxBytes: c.store.maxBytes, maxAgeMs: c.store.maxAgeMs, maxInFlightPerStream: 256, now });
    const stats = this.outbox.stats();
    this.log.info({ path: c.store.path, messages: stats.messages, storedBytes: stats.bytes, deadLetters: stats.deadLetters }, 'outbox open');
    this.enqueuer = new Enqueuer(this.outbox, {
      now,
      // A burst (replayed device buffer, many devices at once) commits in fewer fsyncs; a quiet
      // stream still commits within maxDelayMs, and an alert at once.
      maxBatch: 1024,
      onFlush: () => this.publisher?.wake(),
      onError: (err) => this.log.error({ err: (err as Error).message }, 'outbox write failed; retrying (messages kept in memory)'),
    });
    const h = c.hub;
    this.link = new HubLink({
      url: h.url,
      site: c.siteId,
      allowInsecure: h.allowInsecure,
      tls: h.tls,
      username: h.username,
      passwordFile: h.passwordFile,
      passwordEnv: h.passwordEnv,
      env: this.o.env,
      backoff: this.o.hubBackoff,
      logger: this.log.child({ part: 'hub' }),
      now,
    });
    if (this.o.statusFile !== false) {
      this.status = new StatusReporter({
        file: this.o.statusFile ?? statusPathFor(c.store.path),
        site: c.siteId,
        hubUrl: h.url,
        devices: c.devices.map((d) => ({ id: d.id, protocol: d.protocol, port: d.port ?? `mllp://0.0.0.0:${d.listenPort}` })),
        outbox: () => this.outbox?.stats() ?? null,
        now,
        onError: (err) => this.log.warn({ err: err.message }, 'status file not written'),
      });
      const st = this.status;
      this.link.on('online', () => st.hubOnline());
      this.link.on('offline', (e) => st.hubOffline(e.reason));
      this.link.on('failure', (e) => st.hubFailure(e.message));
    }
    this.publisher = new Publisher({ outbox: new StampingOutbox(this.outbox), link: this.link, rate: h.rate, dropGuard: h.dropGuard, logger: this.log.child({ part: 'publisher' }), now });
    this.link.start();
    this.publisher.start();
    const outbox = this.outbox;
    const publisher = this.publisher;
    this.requestTimer = setInterval(() => serveRequests(outbox, () => publisher.wake(), this.log, now()), REQUEST_POLL_MS);
    this.requestTimer.unref();
    const pacedDevices = new Set(c.devices.filter((d) => d.pacedPatient === true).map((d) => d.id));
    this.pipeline = new Pipeline({ site: c.siteId, summaryIntervalS: c.pipeline.summaryIntervalS, frameSeconds: c.pipeline.frameSeconds, mains: c.pipeline.mains, pacedDevices, emit: this.emit, now });
    const make = this.o.makeSource ?? defaultSource;
    for (const d of c.devices) {
      const log = this.log; // the device's own log lines name it already
      const source = make(toDeviceConfig(d), log);
      const guard = <T>(what: string, fn: (x: T) => void) => (x: T): void => {
        try {
          fn(x);
        } catch (err) {
          // One device's bad data must not stop the others, nor the daemon.
          log.error({ err: (err as Error).message, device: d.id, stage: what }, 'pipeline failed on a device event; skipped');
        }
      };
      source.on('ecg', guard('ecg', (b) => this.pipeline!.ecg(b)));
      source.on('vitals', guard('vitals', (r) => this.pipeline!.vitals(r)));
      source.on('status', guard('status', (s) => this.pipeline!.status(s)));
      source.on('garbled', guard('garbled', (g) => this.pipeline!.garbled(g)));
      if (this.status) {
        const st = this.status;
        source.on('status', (x) => st.device(x));
        source.on('garbled', (g) => st.garbled(g));
      }
      this.sources.push(source);
      source.start();
    }
    this.status?.start();
    this.log.info({ site: c.siteId, devices: c.devices.length }, 'gateway started');
  }

  /** Stops everything in order; safe to call twice (the second call waits for the first). */
  stop(reason = 'stop'): Promise<void> {
    this.stopping ??= this.shutdown(reason);
    return this.stopping;
  }

  private readonly emit = (msg: NewMessage): void => {
    try {
      this.enqueuer!.push(msg);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'E_STORE_INPUT') {
        this.dropped++;
        this.log.error({ err: (err as Error).message, device: msg.device, stream: msg.stream }, 'message refused by the outbox');
      } else {
        // An alert's immediate flush failed (disk full?): it stays buffered and is retried with the next flush.
        this.log.error({ err: (err as Error).message, device: msg.device, stream: msg.stream }, 'outbox flush failed; kept in memory and retried');
      }
    }
  };

  private async shutdown(reason: string): Promise<void> {
    this.log.info({ reason }, 'gateway stopping');
    this.status?.stopping();
    await Promise.all(this.sources.map((s) => s.stop().catch((err: unknown) => this.log.warn({ err: (err as Error).message }, 'device stop failed'))));
    this.pipeline?.flush();
    try {
      this.enqueuer?.close();
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'final outbox flush failed');
    }
    await this.drain(this.o.drainMs ?? 1500);
    if (this.requestTimer) clearInterval(this.requestTimer);
    this.publisher?.stop();
    await this.link?.stop(1000);
    const stats = this.outbox?.stats();
    this.status?.stop();
    this.outbox?.close();
    this.log.info({ waiting: stats?.messages ?? 0 }, 'gateway stopped');
  }

  /** While the hub is reachable, give the publisher a moment to send what is stored (it stays stored otherwise). */
  private async drain(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline && this.link?.online && (this.outbox?.stats().messages ?? 0) > 0) {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
