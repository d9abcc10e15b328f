import { RateLimiter } from '../store/rate-limiter.js';
import { storedBytes, type Message, type OutboxStore } from '../store/types.js';
import { DropGuard, type DropGuardOptions } from './drop-guard.js';
import { PublishError } from './errors.js';
import type { HubLink, LinkInfo, PublishOutcome } from './hub-link.js';
import { LOST } from './hub-link.js';
import { publishPacketBytes } from './packet-size.js';
import { isPermanentRefusal, isRefusal, REASON, reasonText } from './reason-codes.js';
import type { LinkLogger, Timers } from './runtime.js';
import { realTimers, silentLogger } from './runtime.js';

/** The part of HubLink the publisher needs (a seam, not a mock: tests use the real link). */
export type PublishLink = Pick<HubLink, 'online' | 'ready' | 'info' | 'publish' | 'on' | 'off'>;

export interface RateOptions {
  /** Sustained messages per second. Default Infinity (unlimited). */
  messagesPerSecond?: number;
  /** Sustained payload + topic bytes per second. Default Infinity (unlimited). */
  bytesPerSecond?: number;
  /** Bucket size in seconds of the rate. Default 1. */
  burstSeconds?: number;
}

export interface PublisherOptions {
  outbox: OutboxStore;
  link: PublishLink;
  /** Messages published and not yet PUBACKed, at most (also capped by the broker's Receive Maximum). Default 256. */
  window?: number;
  /** Most payload + topic bytes asked of the outbox at once. Default 1 MiB. */
  batchBytes?: number;
  /** Limits on what leaves the gateway, so replay after a long outage does not flood a weak uplink. */
  rate?: RateOptions;
  /** Pause after a refusal that may pass later (quota exceeded...), ms. Default 1000. */
  retryDelayMs?: number;
  /**
   * PUBACKed ids committed to the outbox together, at most this many per transaction; each commit
   * costs an fsync (several ms on a loaded box), so one per PUBACK would cap the rate. Default window/2.
   */
  ackBatch?: number;
  /** Longest a PUBACKed id waits for its batch, ms (nothing else in flight: at once). Default 5. */
  ackDelayMs?: number;
  /** Safety poll for messages enqueued without `wake()`, ms. Default 1000. */
  pollMs?: number;
  /**
   * Finding a message the hub answers by closing the connection (drop-guard.ts): after repeated
   * drops messages go one at a time, and one the hub drops the link on, alone, 3 times in a row
   * (each within 5 s of a proven round trip) is dead-lettered. `{ deadAfterQuickDrops: 0 }` turns it off.
   */
  dropGuard?: DropGuardOptions;
  logger?: LinkLogger;
  timers?: Timers;
  /** Clock of the rate limiters, ms. Default Date.now. */
  now?: () => number;
}

export interface PublisherStats {
  /** PUBLISH packets handed to the link. */
  published: number;
  /** PUBACKed and deleted from the outbox. */
  acked: number;
  /** Refused by the broker (PUBACK >= 0x80). */
  refused: number;
  /** Moved to dead letters by this publisher (refusals and packets over the broker's maximum). */
  deadLettered: number;
  /** Given back to the outbox because the link dropped before their PUBACK. */
  released: number;
  /** Dead-lettered because the hub closed the connection each time they were sent alone (also in deadLettered). */
  droppedLink: number;
  inFlight: number;
}

/**
 * Drains the outbox through the hub link. The outbox decides what goes next (alerts first, each
 * stream in order); the publisher keeps at most `window` messages in flight, deletes a message only
 * on its PUBACK (acks are batched into one transaction per event-loop turn), nacks refusals so a
 * message the broker will never take is dead-lettered instead of blocking its stream, and gives
 * everything in flight back to the outbox when the link drops.
 */
export class Publisher {
  private readonly outbox: OutboxStore;
  private readonly link: PublishLink;
  private readonly log: LinkLogger;
  private readonly timers: Timers;
  private readonly window: number;
  private readonly batchBytes: number;
  private readonly retryDelayMs: number;
  private readonly pollMs: number;
  private readonly ackBatch: number;
  private readonly ackDelayMs: number;
  private ackTimer: unknown = null;
  private readonly messageRate: RateLimiter | null;
  private readonly byteRate: RateLimiter | null;
  private readonly inFlight = new Set<string>();
  private readonly guard: DropGuard;
  private readonly now: () => number;
  /** Messages whose publish reported LOST on the current connection (the drop may be reported after). */
  private lostThisConnection: string[] = [];
  private pendingAcks: string[] = [];
  private running = false;
  private pumpQueued = false;
  private ackQueued = false;
  private waitTimer: unknown = null;
  private pollTimer: unknown = null;
  private readonly counts = { published: 0, acked: 0, refused: 0, deadLettered: 0, released: 0, droppedLink: 0 };

  constructor(options: PublisherOptions) {
    this.outbox = options.outbox;
    this.link = options.link;
    this.log = options.logger ?? silentLogger;
    this.timers = options.timers ?? realTimers;
    this.window = positiveInteger('window', options.window ?? 256);
    this.batchBytes = positive('batchBytes', options.batchBytes ?? 1024 * 1024);
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.pollMs = options.pollMs ?? 1000;
    this.ackBatch = positiveInteger('ackBatch', options.ackBatch ?? Math.max(1, Math.floor(this.window / 2)));
    this.ackDelayMs = options.ackDelayMs ?? 5;
    this.guard = new DropGuard(options.dropGuard);
    this.now = options.now ?? Date.now;
    const rate = options.rate ?? {};
    const burst = rate.burstSeconds ?? 1;
    const limiter = (perSecond: number | undefined): RateLimiter | null =>
      perSecond === undefined || perSecond === Infinity ? null : new RateLimiter({ ratePerSecond: perSecond, burst: perSecond * burst, now: options.now });
    this.messageRate = limiter(rate.messagesPerSecond);
    this.byteRate = limiter(rate.bytesPerSecond);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.link.on('online', this.onOnline);
    this.link.on('ready', this.onReady);
    this.link.on('offline', this.onOffline);
    this.schedulePoll();
    this.wake();
  }

  /** Call when messages were enqueued (e.g. from Enqueuer's onFlush): publishes on the next turn. */
  wake(): void {
    if (!this.running || this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  /** Stops publishing; PUBACKs received so far are committed, everything else in flight goes back to pending. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.link.off('online', this.onOnline);
    this.link.off('ready', this.onReady);
    this.link.off('offline', this.onOffline);
    for (const t of [this.waitTimer, this.pollTimer, this.ackTimer]) if (t !== null) this.timers.clearTimeout(t);
    this.waitTimer = this.pollTimer = this.ackTimer = null;
    this.flushAcks();
    this.releaseAll();
  }

  stats(): PublisherStats {
    return { ...this.counts, inFlight: this.inFlight.size };
  }

  private readonly onOnline = (): void => {
    this.guard.online(this.now());
    this.lostThisConnection = [];
    this.wake();
  };

  private readonly onReady = (): void => this.wake();

  private readonly onOffline = (): void => {
    this.flushAcks();
    this.judgeDrop();
    this.releaseAll();
  };

  /** Tells the drop guard what was in flight when the link went, and dead-letters what it condemns. */
  private judgeDrop(): void {
    const dropped = [...this.lostThisConnection, ...this.inFlight];
    this.lostThisConnection = [];
    const { condemned } = this.guard.dropped(dropped, this.now());
    for (const { id, quickDrops } of condemned) {
      this.inFlight.delete(id);
      const reason =
        `the hub closed the connection each time this message was sent alone (${quickDrops} times in a row, ` +
        `each within ${this.guard.quickDropMs} ms): how an MQTT 3.1.1 broker refuses a publish (not authorised, or over its packet limit)`;
      const result = this.outbox.nack(id, reason, true);
      if (result.outcome === 'dead') {
        this.counts.deadLettered += 1;
        this.counts.droppedLink += 1;
      }
      this.log.error({ id, quickDrops, outcome: result.outcome }, 'hub keeps closing the connection on one message; dead-lettered so its stream can go on');
    }
  }

  private pump(): void {
    try {
      this.fill();
    } catch (err) {
      // A store failure must not kill the daemon: the data is still in the file; try again later.
      this.log.error({ err: (err as Error).message }, 'publisher could not read the outbox; retrying');
      this.pauseFor(this.retryDelayMs);
    }
  }

  private fill(): void {
    const info = this.link.info;
    if (!this.running || !info || this.waitTimer !== null) return;
    // After repeated drops, one message at a time and only once the link has made a round trip, so a
    // drop points at the one message in flight (drop-guard.ts).
    const isolating = this.guard.isolating(this.now());
    if (isolating && !this.link.ready) return;
    const window = isolating ? 1 : Math.min(this.window, info.receiveMaximum);
    while (this.inFlight.size < window) {
      const allowance = this.allowance(window - this.inFlight.size);
      if (allowance === null) return;
      const batch = this.outbox.nextBatch(allowance.messages, allowance.bytes);
      if (batch.length === 0) return;
      this.takeTokens(batch);
      if (!this.send(batch, info, isolating)) return;
    }
  }

  /** How much the rate limits let through now; null (and a timer set) when nothing. */
  private allowance(room: number): { messages: number; bytes: number } | null {
    let messages = room;
    let bytes = this.batchBytes;
    if (this.messageRate) messages = Math.min(messages, Math.floor(this.messageRate.tokens));
    if (this.byteRate) bytes = Math.min(bytes, Math.floor(this.byteRate.tokens));
    if (messages >= 1 && bytes >= 1) return { messages, bytes };
    const waitMs = Math.max(this.messageRate?.waitMs(1) ?? 0, this.byteRate?.waitMs(1) ?? 0, 1);
    this.pauseFor(waitMs);
    return null;
  }

  /** The outbox may hand out one message larger than the byte allowance (so it cannot block); it empties the bucket. */
  private takeTokens(batch: readonly Message[]): void {
    if (this.messageRate) this.messageRate.tryTake(batch.length);
    if (this.byteRate) {
      const bytes = batch.reduce((n, m) => n + storedBytes(m.topic, m.payload), 0);
      if (!this.byteRate.tryTake(bytes)) this.byteRate.tryTake(Math.floor(this.byteRate.tokens));
    }
  }

  /** Publishes the batch in order; false if the link dropped meanwhile (the rest goes back to pending). */
  private send(batch: readonly Message[], info: LinkInfo, isolating: boolean): boolean {
    for (let i = 0; i < batch.length; i++) {
      const msg = batch[i]!;
      const packetBytes = publishPacketBytes(msg.topic, msg.payload.byteLength, info.protocolVersion);
      if (packetBytes > info.maximumPacketSize) {
        this.refuse(msg.id, `packet of ${packetBytes} bytes is over the broker's maximum packet size ${info.maximumPacketSize}`, REASON.packetTooLarge);
        continue;
      }
      this.guard.sent(msg.id, isolating && this.inFlight.size === 0, this.now());
      this.inFlight.add(msg.id);
      // Not retained, not even device status: that stream mixes kinds (device state, lead-off, garbled
      // input), so a retained "latest" would mislead; only the gateway's own birth/last will is retained.
      const sent = this.link.publish(msg.topic, msg.payload, false, (outcome) => this.settle(msg.id, outcome));
      if (!sent) {
        this.inFlight.delete(msg.id);
        this.counts.released += this.outbox.release(batch.slice(i).map((m) => m.id));
        return false;
      }
      this.counts.published += 1;
    }
    return true;
  }

  private settle(id: string, outcome: PublishOutcome): void {
    if (!this.inFlight.delete(id)) return;
    if (outcome === LOST) {
      this.lostThisConnection.push(id);
      this.counts.released += this.outbox.release([id]);
      return;
    }
    this.guard.settled(id);
    if (!isRefusal(outcome)) {
      this.pendingAcks.push(id);
      this.scheduleAckFlush();
      return;
    }
    this.counts.refused += 1;
    this.refuse(id, reasonText(outcome), outcome);
  }

  private refuse(id: string, reason: string, reasonCode: number): void {
    this.guard.settled(id);
    const permanent = isPermanentRefusal(reasonCode);
    const result = this.outbox.nack(id, reason, permanent);
    if (result.outcome === 'dead') this.counts.deadLettered += 1;
    this.log.warn({ id, reasonCode, permanent, outcome: result.outcome }, `hub refused a message: ${reason}`);
    if (!permanent && result.outcome === 'retry') this.pauseFor(this.retryDelayMs);
    else this.wake();
  }

  /**
   * Commits on the next turn (so PUBACKs read from one socket chunk share a transaction) when the
   * batch is full or nothing else is in flight, otherwise within ackDelayMs.
   */
  private scheduleAckFlush(): void {
    if (this.ackQueued) return;
    if (this.pendingAcks.length >= this.ackBatch || this.inFlight.size === 0) {
      this.ackQueued = true;
      setImmediate(() => this.flushAcks());
    } else if (this.ackTimer === null) {
      this.ackTimer = this.timers.setTimeout(() => {
        this.ackTimer = null;
        if (!this.ackQueued) this.flushAcks();
      }, this.ackDelayMs);
    }
  }

  private flushAcks(): void {
    this.ackQueued = false;
    if (this.ackTimer !== null) this.timers.clearTimeout(this.ackTimer);
    this.ackTimer = null;
    if (this.pendingAcks.length === 0) return;
    const ids = this.pendingAcks;
    this.pendingAcks = [];
    try {
      this.outbox.ack(ids);
    } catch (err) {
      // Delivered but not yet deleted (disk full?): keep the ids and try again; the worst case is a duplicate.
      this.pendingAcks = ids.concat(this.pendingAcks);
      this.log.error({ err: (err as Error).message, ids: ids.length }, 'outbox ack failed; retrying');
      this.ackQueued = true;
      this.timers.setTimeout(() => this.flushAcks(), this.retryDelayMs);
      return;
    }
    this.counts.acked += ids.length;
    this.wake();
  }

  private releaseAll(): void {
    if (this.inFlight.size === 0) return;
    this.counts.released += this.outbox.release([...this.inFlight]);
    this.inFlight.clear();
  }

  private pauseFor(ms: number): void {
    if (this.waitTimer !== null || !this.running) return;
    this.waitTimer = this.timers.setTimeout(() => {
      this.waitTimer = null;
      this.pump();
    }, ms);
  }

  private schedulePoll(): void {
    this.pollTimer = this.timers.setTimeout(() => {
      this.pollTimer = null;
      if (!this.running) return;
      this.pump();
      this.schedulePoll();
    }, this.pollMs);
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new PublishError('E_MQTT_CONFIG', `${name} must be an integer >= 1, got ${String(value)}`, { [name]: value });
  return value;
}

function positive(name: string, value: number): number {
  if (!(value > 0)) throw new PublishError('E_MQTT_CONFIG', `${name} must be > 0, got ${String(value)}`, { [name]: value });
  return value;
}
