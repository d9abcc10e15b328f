/**
 * Fixture for crash.test.ts, run as a child process: enqueues forever and writes to stdout, after each
 * enqueue returned, the ids it stored. The parent SIGKILLs it mid-stream. Each payload holds the
 * child's own count for that stream (uint32 LE), so the parent can check seq === count.
 * argv: <outbox path> <'enqueue' | 'enqueuer'>
 */
import { writeSync } from 'node:fs';
import { Enqueuer } from '../enqueuer.js';
import { Outbox } from '../outbox.js';
import type { Message, NewMessage, Stream } from '../types.js';
import { prng } from './fixtures.js';

const [path, mode] = process.argv.slice(2) as [string, string];
const box = new Outbox({ path, maxBytes: 1e12 });
const rand = prng(process.pid);
const kinds: Stream[] = ['alerts', 'vitals', 'summary', 'waveform', 'status'];
const counts = new Map<string, number>();

function next(): NewMessage {
  const device = `d${Math.floor(rand() * 3)}`;
  const stream = kinds[Math.floor(rand() * kinds.length)]!;
  const key = `${device}/${stream}`;
  const n = (counts.get(key) ?? 0) + 1;
  counts.set(key, n);
  const payload = new Uint8Array(64 + Math.floor(rand() * 512));
  new DataView(payload.buffer).setUint32(0, n, true);
  return { site: 'van1', device, stream, topic: `clinic/van1/${device}/${stream}`, payload };
}

/** Synchronous write, so a report is on the pipe before the next message is made. */
function report(stored: Message[]): void {
  if (stored.length > 0) writeSync(1, `${stored.map((m) => m.id).join(' ')}\n`);
}

if (mode === 'enqueue') {
  for (;;) report(box.enqueue(Array.from({ length: 1 + Math.floor(rand() * 40) }, next)));
} else {
  const q = new Enqueuer(box, { maxBatch: 64, maxDelayMs: 2, onFlush: report });
  const loop = (): void => {
    for (let i = Math.floor(rand() * 100); i > 0; i -= 1) q.push(next());
    setTimeout(loop, Math.floor(rand() * 3));
  };
  loop();
}
