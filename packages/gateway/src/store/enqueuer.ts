import { StoreError } from './errors.js';
import type { Message, NewMessage, OutboxStore } from './types.js';
import { assertPositive, assertPositiveInteger } from './validate.js';

/** A one-shot timer; injected so tests control when the delayed flush happens. */
export type Schedule = (fn: () => void, delayMs: number) => { cancel(): void };

const realSchedule: Schedule = (fn, delayMs) => {
  // Not unref'd: a pending flush holds measurements that exist nowhere else, so it keeps the process up.
  const timer = setTimeout(fn, delayMs);
  return { cancel: () => clearTimeout(timer) };
};

export interface EnqueuerOptions {
  /** Flush when this many messages are buffered. Default 256. */
  maxBatch?: number;
  /** Flush at most this long after the first buffered message, ms. Default 5. */
  maxDelayMs?: number;
  /** Clock stamped on messages without createdAt, ms epoch. Default Date.now. */
  now?: () => number;
  schedule?: Schedule;
  /** Called after every flush that committed, with what it committed (e.g. to wake the publisher). */
  onFlush?: (stored: Message[]) => void;
  /** Called when a timer-driven flush fails; the messages stay buffered and are retried. */
  onError?: (err: unknown) => void;
}

/**
 * Groups single messages into one outbox transaction, because each transaction costs an fsync.
 *
 * Durability: a pushed message is NOT durable when `push` returns, only once a flush that includes it
 * has committed: when `flush()` returns, or when `onFlush` reports it. The one exception is an alert:
 * pushing an alert flushes at once (with everything buffered before it, keeping per-stream order), so
 * an alert is durable when `push` returns. A crash loses at most `maxDelayMs` of non-alert data.
 */
export class Enqueuer {
  private buffer: NewMessage[] = [];
  private timer: { cancel(): void } | null = null;
  private closed = false;
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;
  private readonly now: () => number;
  private readonly schedule: Schedule;

  constructor(
    private readonly outbox: Pick<OutboxStore, 'enqueue' | 'validate'>,
    private readonly options: EnqueuerOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 256;
    this.maxDelayMs = options.maxDelayMs ?? 5;
    assertPositiveInteger('maxBatch', this.maxBatch);
    assertPositive('maxDelayMs', this.maxDelayMs);
    this.now = options.now ?? Date.now;
    this.schedule = options.schedule ?? realSchedule;
  }

  /** Messages waiting for the next flush (not yet durable). */
  get buffered(): number {
    return this.buffer.length;
  }

  /**
   * Buffers `msg` (stamping createdAt now). Throws StoreError E_STORE_INPUT for a message the outbox
   * would refuse, so one bad message never poisons a batch; nothing is buffered in that case.
   * If the flush an alert triggers fails (disk full), push rethrows but the messages stay buffered.
   * Returns the stored alert (and everything flushed with it) when it flushed, else an empty array.
   */
  push(msg: NewMessage): Message[] {
    if (this.closed) throw new StoreError('E_STORE_CLOSED', 'enqueuer is closed; create a new one');
    this.outbox.validate(msg);
    this.buffer.push(msg.createdAt === undefined ? { ...msg, createdAt: this.now() } : msg);
    if (msg.stream === 'alerts' || this.buffer.length >= this.maxBatch) return this.flush();
    this.timer ??= this.schedule(() => this.flushFromTimer(), this.maxDelayMs);
    return [];
  }

  /** Commits everything buffered in one transaction; durable when it returns. Throws if it fails (nothing is lost: the messages stay buffered). */
  flush(): Message[] {
    this.timer?.cancel();
    this.timer = null;
    if (this.buffer.length === 0) return [];
    const batch = this.buffer;
    const stored = this.outbox.enqueue(batch);
    this.buffer = [];
    this.options.onFlush?.(stored);
    return stored;
  }

  /** Flushes and refuses further pushes. */
  close(): Message[] {
    const stored = this.flush();
    this.closed = true;
    return stored;
  }

  private flushFromTimer(): void {
    this.timer = null;
    try {
      this.flush();
    } catch (err) {
      this.options.onError?.(err);
      this.timer = this.schedule(() => this.flushFromTimer(), this.maxDelayMs);
    }
  }
}
