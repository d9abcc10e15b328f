import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Enqueuer } from './enqueuer.js';
import { Outbox } from './outbox.js';
import type { NewMessage, Stream } from './types.js';

export interface ThroughputOptions {
  /** Messages per phase. Default 200,000. */
  messages?: number;
  /** Messages per enqueue() transaction and per nextBatch() call. Default 500. */
  batch?: number;
  /** Payload size, bytes. Default 200 (a vitals or summary record; waveform chunks are larger). */
  payloadBytes?: number;
  /** Devices, each with vitals, waveform and summary streams. Default 4. */
  devices?: number;
  /** Directory for the temporary outbox file (use the real data disk). Default os.tmpdir(). */
  dir?: string;
}

export interface PhaseResult {
  messages: number;
  seconds: number;
  perSecond: number;
}

export interface ThroughputResult {
  options: Required<Omit<ThroughputOptions, 'dir'>> & { dir: string };
  /** enqueue(batch) transactions, each fsynced. */
  enqueueBatched: PhaseResult;
  /** Enqueuer.push one message at a time (flushes every 256). */
  enqueuer: PhaseResult;
  /** nextBatch(batch) then ack(all of it), until empty. */
  nextBatchAck: PhaseResult;
}

/**
 * Measures the outbox on a real file with the production pragmas (WAL, synchronous=FULL).
 * Synchronous on purpose: better-sqlite3 is, and a bench should see its true cost. For bench/.
 */
export function measureOutboxThroughput(options: ThroughputOptions = {}): ThroughputResult {
  const o = {
    messages: options.messages ?? 200_000,
    batch: options.batch ?? 500,
    payloadBytes: options.payloadBytes ?? 200,
    devices: options.devices ?? 4,
    dir: options.dir ?? tmpdir(),
  };
  const dir = mkdtempSync(join(o.dir, 'outbox-bench-'));
  const box = new Outbox({ path: join(dir, 'outbox.db'), maxBytes: Number.MAX_SAFE_INTEGER, maxInFlightPerStream: o.batch });
  try {
    const source = messages(o.messages, o.payloadBytes, o.devices);
    const enqueueBatched = timed(o.messages, () => {
      for (let i = 0; i < source.length; i += o.batch) box.enqueue(source.slice(i, i + o.batch));
    });
    const enqueuer = timed(o.messages, () => {
      const q = new Enqueuer(box);
      for (const m of source) q.push(m);
      q.close();
    });
    const nextBatchAck = timed(2 * o.messages, () => {
      for (let b = box.nextBatch(o.batch, Infinity); b.length > 0; b = box.nextBatch(o.batch, Infinity)) {
        box.ack(b.map((m) => m.id));
      }
    });
    return { options: o, enqueueBatched, enqueuer, nextBatchAck };
  } finally {
    box.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function messages(count: number, payloadBytes: number, devices: number): NewMessage[] {
  const kinds: Stream[] = ['vitals', 'waveform', 'summary'];
  const payload = new Uint8Array(payloadBytes).fill(0x5a);
  return Array.from({ length: count }, (_, i) => {
    const device = `dev${i % devices}`;
    const stream = kinds[Math.floor(i / devices) % kinds.length]!;
    return { site: 'bench', device, stream, topic: `clinic/bench/${device}/${stream}`, payload };
  });
}

function timed(messages: number, run: () => void): PhaseResult {
  const start = performance.now();
  run();
  const seconds = (performance.now() - start) / 1000;
  return { messages, seconds, perSecond: Math.round(messages / seconds) };
}
