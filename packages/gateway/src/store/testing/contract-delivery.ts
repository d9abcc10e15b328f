import { expect, it } from 'vitest';
import { StoreError } from '../errors.js';
import type { NewMessage } from '../types.js';
import type { ContractContext } from './fixtures.js';
import { msg } from './fixtures.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    return (err as StoreError).code;
  }
  return undefined;
}

export function deliveryCases(ctx: ContractContext): void {
  it('deletes on ack only, ignores unknown ids and counts what it deleted', () => {
    const box = ctx.open();
    box.enqueue([msg('vitals'), msg('vitals')]);
    const batch = box.nextBatch(10, Infinity);
    expect(box.ack([batch[0]!.id, 'van1/nobody/vitals/1', 'garbage', 'van1/dev1/vitals/99'])).toBe(1);
    expect(box.ack([batch[0]!.id])).toBe(0);
    expect(box.stats().messages).toBe(1);
    expect(box.ack([batch[1]!.id])).toBe(1);
    expect(box.nextBatch(10, Infinity)).toEqual([]);
  });

  it('counts failed attempts and dead-letters after maxAttempts instead of blocking the stream', () => {
    const box = ctx.open({ maxAttempts: 3 });
    box.enqueue([msg('vitals', 'dev1', 4, 7), msg('vitals')]);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const head = box.nextBatch(1, Infinity)[0]!;
      expect(head.seq).toBe(1);
      expect(box.nack(head.id, `broker said no ${attempt}`).outcome).toBe(attempt < 3 ? 'retry' : 'dead');
    }
    expect(box.nextBatch(10, Infinity).map((m) => m.seq)).toEqual([2]);
    const [dead] = box.deadLetters();
    expect(dead).toMatchObject({ id: 'van1/dev1/vitals/1', stream: 'vitals', attempts: 3, reason: 'broker said no 3' });
    expect([...dead!.payload]).toEqual([7, 7, 7, 7]);
    expect(box.stats()).toMatchObject({ messages: 1, deadLetters: 1, deadLettered: 1 });
  });

  it('dead-letters a permanent refusal at once', () => {
    const box = ctx.open();
    box.enqueue([msg('alerts')]);
    const [m] = box.nextBatch(1, Infinity);
    expect(box.nack(m!.id, 'not authorised', true)).toEqual({ outcome: 'dead', attempts: 1 });
    expect(box.stats().messages).toBe(0);
    expect(box.deadLetters()[0]!.reason).toBe('not authorised');
    expect(box.nack(m!.id, 'again')).toEqual({ outcome: 'unknown' });
  });

  it('release returns in-flight messages without counting an attempt (link lost)', () => {
    const box = ctx.open({ maxAttempts: 1 });
    box.enqueue([msg('alerts'), msg('vitals')]);
    const batch = box.nextBatch(10, Infinity);
    expect(box.stats().inFlight).toBe(2);
    expect(box.release([batch[0]!.id])).toBe(1);
    expect(box.release()).toBe(1);
    const again = box.nextBatch(10, Infinity);
    expect(again.map((m) => [m.id, m.attempts])).toEqual(batch.map((m) => [m.id, 0]));
  });

  it('refuses a batch with a bad message whole: nothing stored, no seq used', () => {
    const box = ctx.open({ maxMessageBytes: 100 });
    const bad: NewMessage[] = [
      { ...msg('vitals'), site: 'van/1' },
      { ...msg('vitals'), stream: 'ecg' as never },
      { ...msg('vitals'), topic: 'a/+/b' },
      { ...msg('vitals'), payload: [1, 2] as never },
      msg('vitals', 'dev1', 101),
    ];
    for (const b of bad) expect(codeOf(() => box.enqueue([msg('vitals'), b]))).toBe('E_STORE_INPUT');
    expect(codeOf(() => box.validate(bad[0]!))).toBe('E_STORE_INPUT');
    expect(box.stats().messages).toBe(0);
    expect(box.enqueue([msg('vitals')])[0]!.seq).toBe(1);
    expect(codeOf(() => box.nextBatch(0, 100))).toBe('E_STORE_INPUT');
    expect(codeOf(() => box.nextBatch(1, 0))).toBe('E_STORE_INPUT');
  });

  it('continues sequences after close and reopen', () => {
    const box = ctx.open();
    box.enqueue([msg('vitals'), msg('vitals'), msg('alerts')]);
    box.ack(box.nextBatch(10, Infinity).map((m) => m.id));
    box.close();
    const reopened = ctx.open();
    expect(reopened.enqueue([msg('vitals'), msg('alerts')]).map((m) => m.id)).toEqual([
      'van1/dev1/vitals/3',
      'van1/dev1/alerts/2',
    ]);
  });

  it('hands out again, with the same id and bytes, what was in flight but unacked at close', () => {
    const box = ctx.open();
    box.enqueue([msg('vitals', 'dev1', 3, 1), msg('vitals', 'dev1', 3, 2), msg('waveform', 'dev1', 3, 3)]);
    const batch = box.nextBatch(10, Infinity);
    box.ack([batch[0]!.id]);
    box.close();
    const again = ctx.open().nextBatch(10, Infinity);
    expect(again.map((m) => [m.id, [...m.payload], m.createdAt])).toEqual(
      batch.slice(1).map((m) => [m.id, [...m.payload], m.createdAt]),
    );
  });

  it('refuses every call after close with E_STORE_CLOSED', () => {
    const box = ctx.open();
    box.close();
    box.close();
    expect(codeOf(() => box.enqueue([msg('vitals')]))).toBe('E_STORE_CLOSED');
    expect(codeOf(() => box.nextBatch(1, 1))).toBe('E_STORE_CLOSED');
    expect(codeOf(() => box.stats())).toBe('E_STORE_CLOSED');
  });
}
