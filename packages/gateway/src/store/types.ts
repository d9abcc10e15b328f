/** The kinds of data a device stream carries; each has a fixed priority (see priority.ts). */
export type Stream = 'alerts' | 'vitals' | 'summary' | 'waveform' | 'status';
export const STREAMS: readonly Stream[] = ['alerts', 'vitals', 'summary', 'waveform', 'status'];

/** 0 is sent first. */
export type Priority = 0 | 1 | 2;
export const PRIORITIES: readonly Priority[] = [0, 1, 2];

/** What a message counts for in the outbox's byte limit, its ledger and the publisher's byte rate: payload plus topic. */
export function storedBytes(topic: string, payload: Uint8Array): number {
  return payload.byteLength + Buffer.byteLength(topic);
}

/** What a producer hands to the outbox; the store assigns `seq`, `id` and `priority`. */
export interface NewMessage {
  site: string;
  device: string;
  stream: Stream;
  topic: string;
  payload: Uint8Array;
  /** Gateway wall clock, ms since epoch; defaults to the outbox clock at enqueue. */
  createdAt?: number;
}

/** A stored message. Duplicates after a restart carry the same `id` and the same bytes. */
export interface Message {
  /** `${site}/${device}/${stream}/${seq}`: stable across retries and restarts. */
  id: string;
  site: string;
  device: string;
  stream: Stream;
  /** Per (site, device, stream), from 1, never reused, persisted with the message. */
  seq: number;
  priority: Priority;
  topic: string;
  payload: Uint8Array;
  /** Gateway wall clock, ms since epoch. */
  createdAt: number;
  /** Failed publish attempts so far (nack without `permanent`). */
  attempts: number;
}

export interface OutboxOptions {
  /** Clock, ms since epoch. Injected so retention is tested with fake time. */
  now?: () => number;
  /** Bound on stored payload + topic bytes (not SQLite page overhead). Default 256 MiB. */
  maxBytes?: number;
  /** Messages older than this are evicted, alerts excepted. Default 14 days; Infinity disables. */
  maxAgeMs?: number;
  /** How often enqueue/nextBatch check the age bound, ms. Default 1000. */
  ageCheckIntervalMs?: number;
  /** Failed attempts before a message is dead-lettered. Default 5. */
  maxAttempts?: number;
  /** Messages of one stream handed out together; 1 gives strict per-stream order at the hub. Default 32. */
  maxInFlightPerStream?: number;
  /** Largest accepted payload, bytes. Default 1 MiB. */
  maxMessageBytes?: number;
  /** Dead letters kept (oldest dropped beyond). Default 10,000. */
  maxDeadLetters?: number;
}

export type NackResult =
  | { outcome: 'retry'; attempts: number }
  | { outcome: 'dead'; attempts: number }
  | { outcome: 'unknown' };

export interface DeadLetter {
  id: string;
  stream: Stream;
  topic: string;
  payload: Uint8Array;
  createdAt: number;
  attempts: number;
  reason: string;
  /** When it was dead-lettered, ms since epoch. */
  deadAt: number;
}

export interface StreamStats {
  priority: Priority;
  messages: number;
  bytes: number;
  /** Age of the oldest stored message, ms; null when none. */
  oldestAgeMs: number | null;
  inFlight: number;
  /** Evicted by the byte or age bound since the file was created (persisted). */
  evicted: number;
  evictedBytes: number;
}

export interface PriorityStats {
  messages: number;
  bytes: number;
  oldestAgeMs: number | null;
  inFlight: number;
}

export interface OutboxStats {
  messages: number;
  bytes: number;
  maxBytes: number;
  maxAgeMs: number;
  /** True when only alerts are left and they exceed maxBytes (they are kept, never evicted). */
  overBytes: boolean;
  /** Times an enqueue ended over the byte bound with nothing evictable left (persisted). */
  overflowEvents: number;
  inFlight: number;
  evicted: number;
  /** Rows now in dead_letters. */
  deadLetters: number;
  /** Messages ever dead-lettered (persisted; survives trimming of dead_letters). */
  deadLettered: number;
  byStream: Record<Stream, StreamStats>;
  byPriority: Record<Priority, PriorityStats>;
}

/** What the publisher and the CLI rely on; every implementation must pass `outboxContract`. */
export interface OutboxStore {
  /** Throws StoreError E_STORE_INPUT if `msg` would be refused by `enqueue`. */
  validate(msg: NewMessage): void;
  /** Stores all messages in one transaction; durable when it returns. All or nothing. */
  enqueue(msgs: readonly NewMessage[]): Message[];
  /** The next messages to publish, in publish order (see outbox.ts for the exact guarantee). */
  nextBatch(limit: number, maxBytes: number): Message[];
  /** Deletes messages the broker acknowledged (PUBACK). Unknown ids are ignored. Returns deleted count. */
  ack(ids: readonly string[]): number;
  /** A publish of this message failed; counts an attempt or dead-letters it. */
  nack(id: string, reason: string, permanent?: boolean): NackResult;
  /** Returns in-flight messages to pending without counting an attempt (link lost). All if no ids. */
  release(ids?: readonly string[]): number;
  /** Applies the age bound now; returns the number of messages evicted. */
  evictExpired(): number;
  deadLetters(limit?: number): DeadLetter[];
  stats(): OutboxStats;
  close(): void;
}
