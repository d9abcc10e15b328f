import { expect, it } from 'vitest';
import type { OutboxStore, Stream } from '../types.js';
import type { ContractContext } from './fixtures.js';
import { msg } from './fixtures.js';

/** Every message below stores 100 bytes: 99 payload + 1 topic. */
const m100 = (stream: Stream) => msg(stream, 'dev1', 99);

function left(box: OutboxStore): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const m of box.nextBatch(10_000, Infinity)) (out[m.stream] ??= []).push(m.seq);
  box.release();
  return out;
}

export function boundsCases(ctx: ContractContext): void {
  it('over the byte bound evicts the oldest waveform first and counts it; alerts stay', () => {
    const box = ctx.open({ maxBytes: 1000 });
    box.enqueue([m100('alerts'), m100('vitals'), m100('summary'), m100('status')]);
    box.enqueue([1, 2, 3, 4, 5, 6, 7, 8].map(() => m100('waveform')));
    expect(left(box)).toEqual({ alerts: [1], vitals: [1], summary: [1], status: [1], waveform: [3, 4, 5, 6, 7, 8] });
    const s = box.stats();
    expect(s.bytes).toBe(1000);
    expect(s.byStream.waveform).toMatchObject({ messages: 6, bytes: 600, evicted: 2, evictedBytes: 200 });
    expect(s.evicted).toBe(2);
    expect(s.overBytes).toBe(false);
  });

  it('then evicts status, summary and vitals in that order, never alerts, and reports overflow', () => {
    const box = ctx.open({ maxBytes: 500 });
    box.enqueue([m100('vitals'), m100('summary'), m100('status'), m100('waveform')]);
    const steps: Record<string, number[]>[] = [];
    for (let i = 0; i < 6; i += 1) {
      box.enqueue([m100('alerts'), m100('alerts')]);
      steps.push(left(box));
    }
    expect(steps[0]).toEqual({ alerts: [1, 2], vitals: [1], summary: [1], status: [1] });
    expect(steps[1]).toEqual({ alerts: [1, 2, 3, 4], vitals: [1] });
    expect(steps[2]).toEqual({ alerts: [1, 2, 3, 4, 5, 6] });
    expect(steps[5]).toEqual({ alerts: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] });
    const s = box.stats();
    expect(s.overBytes).toBe(true);
    expect(s.overflowEvents).toBe(4);
    expect(s.byStream.alerts).toMatchObject({ messages: 12, evicted: 0 });
    for (const k of ['vitals', 'summary', 'status', 'waveform'] as const) expect(s.byStream[k].evicted).toBe(1);
  });

  it('keeps eviction counters across close and reopen', () => {
    const box = ctx.open({ maxBytes: 200 });
    box.enqueue([m100('waveform'), m100('waveform'), m100('waveform')]);
    box.close();
    const s = ctx.open({ maxBytes: 200 }).stats();
    expect(s.byStream.waveform).toMatchObject({ messages: 2, evicted: 1, evictedBytes: 100 });
  });

  it('evicts everything but alerts older than maxAge, by the injected clock', () => {
    const box = ctx.open({ maxAgeMs: 60_000, ageCheckIntervalMs: 1000 });
    const all: Stream[] = ['alerts', 'vitals', 'summary', 'status', 'waveform'];
    box.enqueue(all.map(m100));
    ctx.clock.advance(30_000);
    box.enqueue(all.map(m100));
    ctx.clock.advance(30_000);
    expect(box.evictExpired()).toBe(0);
    ctx.clock.advance(1000);
    expect(box.stats().byStream.vitals.oldestAgeMs).toBe(61_000);
    // nextBatch applies the age bound itself once the check interval has passed.
    expect(left(box)).toEqual({ alerts: [1, 2], vitals: [2], summary: [2], status: [2], waveform: [2] });
    const s = box.stats();
    expect(s.evicted).toBe(4);
    expect(s.byStream.alerts.oldestAgeMs).toBe(61_000);
    expect(s.byStream.vitals).toMatchObject({ evicted: 1, oldestAgeMs: 31_000 });
  });

  it('reports counts, bytes, ages and in-flight per stream and per priority', () => {
    const box = ctx.open();
    box.enqueue([m100('alerts'), m100('vitals'), m100('vitals'), m100('summary'), m100('waveform')]);
    ctx.clock.advance(5000);
    box.nextBatch(2, Infinity);
    const s = box.stats();
    expect(s).toMatchObject({ messages: 5, bytes: 500, inFlight: 2, evicted: 0, deadLetters: 0 });
    expect(s.byStream.vitals).toMatchObject({ priority: 1, messages: 2, bytes: 200, inFlight: 1, oldestAgeMs: 5000 });
    expect(s.byStream.status).toMatchObject({ messages: 0, oldestAgeMs: null });
    expect(s.byPriority[0]).toMatchObject({ messages: 1, inFlight: 1 });
    expect(s.byPriority[1]).toMatchObject({ messages: 3, bytes: 300, inFlight: 1 });
    expect(s.byPriority[2]).toMatchObject({ messages: 1, inFlight: 0 });
  });
}
