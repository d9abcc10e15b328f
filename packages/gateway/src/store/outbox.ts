import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import { Evictor } from './eviction.js';
import { InFlight } from './in-flight.js';
import { counterName, Ledger } from './ledger.js';
import { formatId, parseId } from './message-id.js';
import { migrate } from './migrations.js';
import { openDatabase } from './open-database.js';
import { buildStats } from './outbox-stats.js';
import { selectBatch } from './select-batch.js';
import type { Statements } from './statements.js';
import { prepareStatements } from './statements.js';
import { RequestBox } from './requests.js';
import type { StreamInfo } from './stream-registry.js';
import { StreamRegistry } from './stream-registry.js';
import { storedBytes, type DeadLetter, type Message, type NackResult, type NewMessage, type OutboxOptions, type OutboxStats, type OutboxStore, type Stream } from './types.js';
import { assertPositive, assertPositiveInteger, assertValid } from './validate.js';

export interface OutboxFileOptions extends OutboxOptions {
  /** The SQLite file; created 0600 (and narrowed to 0600 if wider). */
  path: string;
}

const DEFAULTS = {
  maxBytes: 256 * 1024 * 1024,
  maxAgeMs: 14 * 24 * 3600 * 1000,
  ageCheckIntervalMs: 1000,
  maxAttempts: 5,
  maxInFlightPerStream: 32,
  maxMessageBytes: 1024 * 1024,
  maxDeadLetters: 10_000,
};

/**
 * The store-and-forward outbox: a SQLite file that is the source of truth for everything not yet
 * acknowledged by the hub. Every write is one transaction, durable (fsynced) when the call returns.
 * In-flight state is memory only: after a restart every unacknowledged message is pending again and
 * is sent again with the same id and bytes (at-least-once). See select-batch.ts for ordering.
 */
export class Outbox implements OutboxStore {
  readonly path: string;
  /** Requests from the command line to the daemon that holds this file (requests.ts). */
  readonly requests: RequestBox;
  private readonly cfg: typeof DEFAULTS;
  private readonly now: () => number;
  private readonly db: Database.Database;
  private readonly st: Statements;
  private readonly streams: StreamRegistry;
  private readonly ledger: Ledger;
  private readonly evictor: Evictor;
  private readonly inFlight = new InFlight();
  private readonly tx: ReturnType<Outbox['transactions']>;
  private lastAgeCheck = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(options: OutboxFileOptions) {
    this.path = options.path;
    this.now = options.now ?? Date.now;
    this.cfg = resolveOptions(options);
    this.db = openDatabase(options.path);
    try {
      migrate(this.db, this.now);
      this.st = prepareStatements(this.db);
      this.streams = new StreamRegistry(this.st);
      this.ledger = new Ledger(this.st);
      this.evictor = new Evictor(this.st, this.ledger, this.streams);
      this.tx = this.transactions();
      this.requests = new RequestBox(this.db);
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  validate(msg: NewMessage): void {
    assertValid(msg, this.cfg.maxMessageBytes);
  }

  enqueue(msgs: readonly NewMessage[]): Message[] {
    this.assertOpen();
    if (msgs.length === 0) return [];
    msgs.forEach((m, i) => assertValid(m, this.cfg.maxMessageBytes, i));
    const now = this.now();
    const { stored, evicted } = this.write(() => this.tx.insert.immediate(msgs, now));
    this.forget(evicted);
    this.expireIfDue(now);
    return stored;
  }

  nextBatch(limit: number, maxBytes: number): Message[] {
    this.assertOpen();
    assertPositiveInteger('limit', limit);
    assertPositive('maxBytes', maxBytes);
    this.expireIfDue(this.now());
    const src = { st: this.st, streams: this.streams, inFlight: this.inFlight, window: this.cfg.maxInFlightPerStream };
    return selectBatch(src, limit, maxBytes);
  }

  ack(ids: readonly string[]): number {
    this.assertOpen();
    if (ids.length === 0) return 0;
    // An ack need not survive a power cut: losing one only sends that message again (with the same
    // id and bytes, which the hub already de-duplicates). So ack commits skip the fsync; in WAL mode
    // the next FULL commit (any enqueue) flushes them with it, and the file stays consistent.
    this.db.pragma('synchronous = NORMAL');
    try {
      const deleted = this.write(() => this.tx.deleteAcked.immediate(ids));
      this.forget(ids);
      return deleted;
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  nack(id: string, reason: string, permanent = false): NackResult {
    this.assertOpen();
    this.inFlight.delete(id);
    const parsed = parseId(id);
    const stream = parsed && this.streams.find(parsed.site, parsed.device, parsed.stream);
    if (!parsed || !stream) return { outcome: 'unknown' };
    const why = String(reason).slice(0, 500);
    return this.write(() => this.tx.countAttempt.immediate(id, stream, parsed.seq, why, permanent));
  }

  release(ids?: readonly string[]): number {
    this.assertOpen();
    let released = 0;
    for (const id of ids ?? this.inFlight.ids()) if (this.inFlight.delete(id)) released += 1;
    return released;
  }

  evictExpired(): number {
    this.assertOpen();
    const now = this.now();
    this.lastAgeCheck = now;
    if (!Number.isFinite(this.cfg.maxAgeMs)) return 0;
    const cutoff = now - this.cfg.maxAgeMs;
    const evicted = this.write(() => this.tx.evictOlderThan.immediate(cutoff));
    this.forget(evicted);
    return evicted.length;
  }

  deadLetters(limit = 100): DeadLetter[] {
    this.assertOpen();
    assertPositiveInteger('limit', limit);
    type Row = { id: string; kind: Stream; topic: string; created_at: number; attempts: number; reason: string; dead_at: number; payload: Uint8Array };
    return (this.st.listDead.all(limit) as Row[]).map((r) => ({
      id: r.id,
      stream: r.kind,
      topic: r.topic,
      payload: r.payload,
      createdAt: r.created_at,
      attempts: r.attempts,
      reason: r.reason,
      deadAt: r.dead_at,
    }));
  }

  /**
   * Puts dead letters back in the queue, for after the hub's side was fixed (an ACL, a packet limit):
   * each with its id, topic, bytes and creation time, no attempts, sent again like any message of its
   * stream (its old seq first; the hub sees it late, as after an outage). `ids` limits it to those;
   * by default every dead letter. A dead letter whose stream is unknown, or whose seq is somehow
   * pending again, stays where it is and is named in `kept`. The byte limit is enforced afterwards,
   * as after an enqueue. One transaction: all or nothing.
   *
   * Only the process that holds the file for publishing may run it: it keeps the queue's totals in
   * memory, and another process's change would not reach them. `clinic-edge queue --requeue-dead`
   * asks a running daemon to do it (requests.ts) and does it itself when none runs.
   */
  requeueDead(ids?: readonly string[]): { requeued: string[]; kept: string[] } {
    this.assertOpen();
    const wanted = ids ? new Set(ids) : null;
    return this.write(() => this.tx.requeueDead.immediate(wanted));
  }

  stats(): OutboxStats {
    this.assertOpen();
    const { st, ledger, inFlight } = this;
    return buildStats({ st, ledger, inFlight, now: this.now(), maxBytes: this.cfg.maxBytes, maxAgeMs: this.cfg.maxAgeMs });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.inFlight.clear();
    this.db.close();
  }

  /** The write transactions, wrapped once; each method below runs inside one of them. */
  private transactions() {
    return {
      insert: this.db.transaction((msgs: readonly NewMessage[], now: number) => this.insert(msgs, now)),
      deleteAcked: this.db.transaction((ids: readonly string[]) => this.deleteAcked(ids)),
      countAttempt: this.db.transaction((id: string, s: StreamInfo, seq: number, why: string, permanent: boolean) =>
        this.countAttempt(id, s, seq, why, permanent),
      ),
      evictOlderThan: this.db.transaction((cutoff: number) => this.evictor.evictOlderThan(cutoff)),
      requeueDead: this.db.transaction((wanted: ReadonlySet<string> | null) => this.moveDeadBack(wanted)),
    };
  }

  private insert(msgs: readonly NewMessage[], now: number): { stored: Message[]; evicted: string[] } {
    // One sequence update per stream per batch: seqs are allocated in the transaction that stores them.
    const infos = msgs.map((m) => this.streams.resolve(m.site, m.device, m.stream));
    const counts = new Map<StreamInfo, number>();
    for (const s of infos) counts.set(s, (counts.get(s) ?? 0) + 1);
    const next = new Map<StreamInfo, number>();
    for (const [s, n] of counts) {
      const { last_seq } = this.st.allocateSeqs.get(n, s.id) as { last_seq: number };
      next.set(s, last_seq - n + 1);
    }
    const stored = msgs.map((m, i): Message => {
      const s = infos[i]!;
      const seq = next.get(s)!;
      next.set(s, seq + 1);
      const createdAt = m.createdAt ?? now;
      const bytes = storedBytes(m.topic, m.payload);
      this.st.insertMessage.run(s.id, seq, s.stream, m.topic, createdAt, bytes, m.payload);
      this.ledger.added(s.stream, bytes);
      this.streams.maybePending.add(s.id);
      const id = formatId(s.site, s.device, s.stream, seq);
      return { id, site: s.site, device: s.device, stream: s.stream, seq, priority: s.priority, topic: m.topic, payload: m.payload, createdAt, attempts: 0 };
    });
    const evicted = this.ledger.bytes > this.cfg.maxBytes ? this.evictor.enforceBytes(this.cfg.maxBytes) : [];
    return { stored, evicted };
  }

  private deleteAcked(ids: readonly string[]): number {
    let deleted = 0;
    for (const id of ids) {
      const p = parseId(id);
      const s = p && this.streams.find(p.site, p.device, p.stream);
      if (!p || !s) continue;
      const row = this.st.deleteBySeq.get(s.id, p.seq) as { kind: Stream; bytes: number } | undefined;
      if (!row) continue;
      this.ledger.removed(row.kind, row.bytes);
      deleted += 1;
    }
    return deleted;
  }

  private countAttempt(id: string, s: StreamInfo, seq: number, reason: string, permanent: boolean): NackResult {
    type Row = { qid: number; kind: Stream; topic: string; created_at: number; bytes: number; payload: Uint8Array };
    const row = this.st.findBySeq.get(s.id, seq) as Row | undefined;
    if (!row) return { outcome: 'unknown' };
    const { attempts } = this.st.countAttempt.get(reason, row.qid) as { attempts: number };
    if (!permanent && attempts < this.cfg.maxAttempts) return { outcome: 'retry', attempts };
    this.st.insertDead.run(id, row.kind, row.topic, row.created_at, attempts, reason, this.now(), row.payload);
    this.st.deleteByQid.run(row.qid);
    this.st.trimDead.run(this.cfg.maxDeadLetters);
    this.ledger.removed(row.kind, row.bytes);
    this.ledger.count(counterName.deadLettered, 1);
    return { outcome: 'dead', attempts };
  }

  /**
   * qid is queue order (selectBatch interleaves streams by it and expects it to follow seq within a
   * stream). Requeued messages are old ones, so they get qids before every waiting message, in the
   * order they died; then each stream they joined has its qids put back in seq order.
   */
  private moveDeadBack(wanted: ReadonlySet<string> | null): { requeued: string[]; kept: string[] } {
    type Row = { dead_id: number; id: string; kind: Stream; topic: string; created_at: number; payload: Uint8Array };
    const rows = (this.st.allDead.all() as Row[]).filter((r) => !wanted || wanted.has(r.id));
    const requeued: string[] = [];
    const kept: string[] = [];
    const touched = new Set<number>();
    const { q } = this.st.minQid.get() as { q: number | null };
    let qid = Math.min(q ?? 1, 1) - rows.length;
    for (const r of rows) {
      const p = parseId(r.id);
      const s = p && this.streams.find(p.site, p.device, p.stream);
      if (!p || !s || this.st.findBySeq.get(s.id, p.seq) !== undefined) {
        kept.push(r.id);
        continue;
      }
      const bytes = storedBytes(r.topic, r.payload);
      this.st.insertMessageAt.run(qid++, s.id, p.seq, s.stream, r.topic, r.created_at, bytes, r.payload);
      this.st.deleteDead.run(r.dead_id);
      this.ledger.added(s.stream, bytes);
      this.streams.maybePending.add(s.id);
      touched.add(s.id);
      requeued.push(r.id);
    }
    for (const streamId of touched) this.orderQidsBySeq(streamId);
    if (this.ledger.bytes > this.cfg.maxBytes) this.forget(this.evictor.enforceBytes(this.cfg.maxBytes));
    return { requeued, kept };
  }

  /** Gives the stream's messages its own qids again, sorted, in seq order (through a free range: qid is the key). */
  private orderQidsBySeq(streamId: number): void {
    const bySeq = (this.st.qidsBySeq.all(streamId) as { qid: number }[]).map((r) => r.qid);
    const sorted = [...bySeq].sort((a, b) => a - b);
    if (bySeq.every((qid, i) => qid === sorted[i])) return;
    const { q } = this.st.minQid.get() as { q: number };
    const parked = Math.min(q, 0) - bySeq.length - 1;
    bySeq.forEach((qid, i) => this.st.setQid.run(parked - i, qid));
    bySeq.forEach((_, i) => this.st.setQid.run(sorted[i], parked - i));
  }

  private expireIfDue(now: number): void {
    if (now - this.lastAgeCheck >= this.cfg.ageCheckIntervalMs) this.evictExpired();
  }

  private forget(ids: readonly string[]): void {
    for (const id of ids) this.inFlight.delete(id);
  }

  /** Runs a write transaction; if it fails, memory is re-read from the file it rolled back to. */
  private write<T>(tx: () => T): T {
    try {
      return tx();
    } catch (err) {
      this.streams.reload();
      this.ledger.reload();
      throw err;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('E_STORE_CLOSED', `outbox ${this.path} is closed`, { path: this.path });
  }
}

function resolveOptions(o: OutboxOptions): typeof DEFAULTS {
  const cfg = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
    const value = o[key];
    if (value !== undefined) cfg[key] = value;
  }
  assertPositive('maxBytes', cfg.maxBytes);
  assertPositive('maxAgeMs', cfg.maxAgeMs);
  assertPositive('ageCheckIntervalMs', cfg.ageCheckIntervalMs);
  assertPositiveInteger('maxAttempts', cfg.maxAttempts);
  assertPositiveInteger('maxInFlightPerStream', cfg.maxInFlightPerStream);
  assertPositiveInteger('maxMessageBytes', cfg.maxMessageBytes);
  assertPositiveInteger('maxDeadLetters', cfg.maxDeadLetters);
  return cfg;
}
