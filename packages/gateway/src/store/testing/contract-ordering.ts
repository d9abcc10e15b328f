import { expect, it } from 'vitest';
import type { Message, Stream } from '../types.js';
import type { ContractContext } from './fixtures.js';
import { msg, prng } from './fixtures.js';

const streamOf = (m: Message) => `${m.site}/${m.device}/${m.stream}`;

export function orderingCases(ctx: ContractContext): void {
  it('allocates seq per device stream from 1 and builds ids site/device/stream/seq', () => {
    const box = ctx.open();
    const stored = box.enqueue([msg('vitals', 'a'), msg('vitals', 'b'), msg('vitals', 'a'), msg('alerts', 'a')]);
    expect(stored.map((m) => m.id)).toEqual(['van1/a/vitals/1', 'van1/b/vitals/1', 'van1/a/vitals/2', 'van1/a/alerts/1']);
    expect(stored.map((m) => m.priority)).toEqual([1, 1, 1, 0]);
    expect(box.enqueue([msg('vitals', 'a')])[0]!.seq).toBe(3);
  });

  it('hands out alerts first after an outage, then vitals/summary/status in enqueue order, then waveform', () => {
    const box = ctx.open();
    const order: Stream[] = [];
    for (let i = 0; i < 10; i += 1) {
      const round: Stream[] = ['waveform', 'vitals', 'summary', 'status'];
      if (i % 3 === 2) round.push('alerts');
      box.enqueue(round.map((s) => msg(s, s === 'summary' ? 'dev2' : 'dev1')));
      order.push(...round);
    }
    const batch = box.nextBatch(1000, Infinity);
    expect(batch).toHaveLength(order.length);
    expect(batch.slice(0, 3).map((m) => m.stream)).toEqual(['alerts', 'alerts', 'alerts']);
    const middle = order.filter((s) => s === 'vitals' || s === 'summary' || s === 'status');
    expect(batch.slice(3, 3 + middle.length).map((m) => m.stream)).toEqual(middle);
    expect(batch.slice(3 + middle.length).every((m) => m.stream === 'waveform')).toBe(true);
  });

  it('keeps lower priorities waiting while alerts are pending behind their window', () => {
    const box = ctx.open({ maxInFlightPerStream: 2 });
    box.enqueue([msg('vitals'), msg('vitals'), msg('vitals')]);
    box.enqueue([1, 2, 3, 4, 5].map(() => msg('alerts')));
    const first = box.nextBatch(100, Infinity);
    expect(first.map((m) => m.id)).toEqual(['van1/dev1/alerts/1', 'van1/dev1/alerts/2']);
    expect(box.nextBatch(100, Infinity)).toEqual([]);
    box.ack(first.map((m) => m.id));
    const second = box.nextBatch(100, Infinity);
    expect(second.map((m) => m.seq)).toEqual([3, 4]);
    box.ack(second.map((m) => m.id));
    const third = box.nextBatch(100, Infinity);
    expect(third.map((m) => m.id)).toEqual(['van1/dev1/alerts/5', 'van1/dev1/vitals/1', 'van1/dev1/vitals/2']);
  });

  it('keeps each stream in seq order with at most its window in flight, whatever order the acks come in', () => {
    const box = ctx.open({ maxInFlightPerStream: 4 });
    const rand = prng(7);
    const kinds: Stream[] = ['alerts', 'vitals', 'summary', 'waveform', 'status'];
    const expected = new Map<string, number>();
    for (let sent = 0; sent < 400; ) {
      const n = 1 + Math.floor(rand() * 9);
      const batch = Array.from({ length: n }, () => msg(kinds[Math.floor(rand() * 5)]!, `d${Math.floor(rand() * 3)}`));
      for (const m of box.enqueue(batch)) expected.set(streamOf(m), m.seq);
      sent += n;
    }
    const flying = new Map<string, Message>();
    const delivered = new Map<string, number>();
    for (let round = 0; round < 10_000 && (flying.size > 0 || box.stats().messages > 0); round += 1) {
      for (const m of box.nextBatch(1 + Math.floor(rand() * 20), Infinity)) {
        expect(m.seq).toBe((delivered.get(streamOf(m)) ?? 0) + 1);
        delivered.set(streamOf(m), m.seq);
        flying.set(m.id, m);
        expect([...flying.values()].filter((f) => streamOf(f) === streamOf(m)).length).toBeLessThanOrEqual(4);
      }
      const acks = [...flying.keys()].filter(() => rand() < 0.5);
      box.ack(acks);
      for (const id of acks) flying.delete(id);
    }
    expect(delivered).toEqual(expected);
  });

  it('hands a nacked message out again before any later message of its stream', () => {
    const box = ctx.open({ maxInFlightPerStream: 1 });
    box.enqueue([msg('vitals'), msg('vitals'), msg('vitals')]);
    const [first] = box.nextBatch(10, Infinity);
    expect(box.nack(first!.id, 'timeout')).toEqual({ outcome: 'retry', attempts: 1 });
    const again = box.nextBatch(10, Infinity);
    expect(again.map((m) => [m.seq, m.attempts])).toEqual([[1, 1]]);
    box.ack([again[0]!.id]);
    expect(box.nextBatch(10, Infinity).map((m) => m.seq)).toEqual([2]);
  });

  it('slides the window of a stream on as acks come, and holds it after a nack until the window empties', () => {
    const box = ctx.open({ maxInFlightPerStream: 3 });
    box.enqueue([1, 2, 3, 4, 5, 6, 7].map(() => msg('vitals')));
    const first = box.nextBatch(10, Infinity);
    expect(first.map((m) => m.seq)).toEqual([1, 2, 3]);
    box.ack([first[0]!.id]);
    expect(box.nextBatch(10, Infinity).map((m) => m.seq)).toEqual([4]);
    expect(box.nack(first[1]!.id, 'refused').outcome).toBe('retry');
    expect(box.nextBatch(10, Infinity)).toEqual([]); // seq 2 waits below 3 and 4 in flight
    box.ack([first[2]!.id, 'van1/dev1/vitals/4']);
    expect(box.nextBatch(10, Infinity).map((m) => m.seq)).toEqual([2, 5, 6]);
  });

  it('stops at limit and before maxBytes, but returns an oversized first message alone', () => {
    const box = ctx.open();
    box.enqueue([msg('waveform', 'dev1', 499), msg('vitals', 'dev1', 99), msg('vitals', 'dev1', 99), msg('vitals', 'dev1', 99)]);
    expect(box.nextBatch(2, Infinity).map((m) => m.seq)).toEqual([1, 2]);
    box.release();
    expect(box.nextBatch(10, 250).map((m) => m.seq)).toEqual([1, 2]);
    box.release();
    box.ack(box.nextBatch(10, Infinity).filter((m) => m.stream === 'vitals').map((m) => m.id));
    box.release();
    expect(box.nextBatch(10, 100).map((m) => m.stream)).toEqual(['waveform']);
  });
}
