import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Schedule } from './enqueuer.js';
import { Enqueuer } from './enqueuer.js';
import { Outbox } from './outbox.js';
import { FakeClock, msg } from './testing/fixtures.js';
import type { Message } from './types.js';

/** Timers that fire only when the test says so. */
function manualSchedule() {
  const pending: { fn: () => void; delayMs: number; cancelled: boolean }[] = [];
  const schedule: Schedule = (fn, delayMs) => {
    const t = { fn, delayMs, cancelled: false };
    pending.push(t);
    return { cancel: () => (t.cancelled = true) };
  };
  const fire = () => {
    for (const t of pending.splice(0)) if (!t.cancelled) t.fn();
  };
  const armed = () => pending.filter((t) => !t.cancelled).map((t) => t.delayMs);
  return { schedule, fire, armed };
}

describe('Enqueuer', () => {
  let dir: string;
  let path: string;
  let box: Outbox;
  const clock = new FakeClock();
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'enqueuer-'));
    path = join(dir, 'outbox.db');
    box = new Outbox({ path, now: clock.now });
  });
  afterEach(() => {
    box.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits when maxBatch messages are buffered, in push order', () => {
    const timers = manualSchedule();
    const q = new Enqueuer(box, { maxBatch: 3, schedule: timers.schedule });
    expect(q.push(msg('vitals'))).toEqual([]);
    expect(q.push(msg('waveform'))).toEqual([]);
    expect(box.stats().messages).toBe(0);
    const stored = q.push(msg('vitals'));
    expect(stored.map((m) => m.id)).toEqual(['van1/dev1/vitals/1', 'van1/dev1/waveform/1', 'van1/dev1/vitals/2']);
    expect(box.stats().messages).toBe(3);
    expect(q.buffered).toBe(0);
  });

  it('commits after maxDelayMs by its timer and reports the commit', () => {
    const timers = manualSchedule();
    const flushed: Message[][] = [];
    const q = new Enqueuer(box, { maxDelayMs: 4, schedule: timers.schedule, onFlush: (m) => flushed.push(m) });
    q.push(msg('vitals'));
    q.push(msg('vitals'));
    expect(timers.armed()).toEqual([4]);
    timers.fire();
    expect(flushed.map((b) => b.length)).toEqual([2]);
    expect(box.stats().messages).toBe(2);
  });

  it('flushes an alert at once, with what was buffered before it', () => {
    const timers = manualSchedule();
    const q = new Enqueuer(box, { schedule: timers.schedule });
    q.push(msg('vitals'));
    const stored = q.push(msg('alerts'));
    expect(stored.map((m) => m.stream)).toEqual(['vitals', 'alerts']);
    expect(timers.armed()).toEqual([]);
    box.close();
    box = new Outbox({ path, now: clock.now });
    expect(box.stats().messages).toBe(2);
  });

  it('stamps createdAt at push time, not at flush time', () => {
    const timers = manualSchedule();
    const q = new Enqueuer(box, { schedule: timers.schedule, now: clock.now });
    const pushedAt = clock.t;
    q.push(msg('vitals'));
    clock.advance(50);
    expect(q.flush()[0]!.createdAt).toBe(pushedAt);
  });

  it('refuses a bad message at push without buffering it, and refuses pushes after close', () => {
    const q = new Enqueuer(box, { schedule: manualSchedule().schedule });
    q.push(msg('vitals'));
    expect(() => q.push({ ...msg('vitals'), device: 'a/b' })).toThrow(expect.objectContaining({ code: 'E_STORE_INPUT' }));
    expect(q.buffered).toBe(1);
    expect(q.close()).toHaveLength(1);
    expect(() => q.push(msg('vitals'))).toThrow(expect.objectContaining({ code: 'E_STORE_CLOSED' }));
  });

  it('keeps the buffer when a timed flush fails, reports it and retries', () => {
    const timers = manualSchedule();
    const errors: unknown[] = [];
    let failing = true;
    const flaky = {
      validate: box.validate.bind(box),
      enqueue: (m: Parameters<Outbox['enqueue']>[0]) => {
        if (failing) throw new Error('disk full');
        return box.enqueue(m);
      },
    };
    const q = new Enqueuer(flaky, { schedule: timers.schedule, onError: (e) => errors.push(e) });
    q.push(msg('vitals'));
    timers.fire();
    expect(errors).toHaveLength(1);
    expect(q.buffered).toBe(1);
    failing = false;
    timers.fire();
    expect(box.stats().messages).toBe(1);
  });
});
