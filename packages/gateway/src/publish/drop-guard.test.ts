import { describe, expect, it } from 'vitest';
import { DropGuard } from './drop-guard.js';

/** Drops `ids` at `now`, after sending `alone` (if any) alone at `sentAt`; returns the ids condemned. */
function dropAlone(g: DropGuard, id: string, sentAt: number, now: number): string[] {
  g.online(sentAt);
  g.sent(id, true, sentAt);
  return g.dropped([id], now).condemned.map((c) => c.id);
}

describe('DropGuard', () => {
  it('isolates once a message has been in flight at two drops, not at one', () => {
    const g = new DropGuard();
    g.dropped(['a', 'b', 'c'], 1000);
    expect(g.isolating(1000)).toBe(false);
    g.dropped(['b', 'c', 'd'], 2000);
    expect(g.isolating(2000)).toBe(true);
  });

  it('condemns a message the link dropped on, alone and quickly, three connections in a row', () => {
    const g = new DropGuard();
    g.dropped(['a', 'bad'], 0);
    g.dropped(['a', 'bad'], 100);
    expect(g.isolating(200)).toBe(true);
    g.sent('a', true, 300);
    g.settled('a'); // acknowledged: 'a' is not the culprit
    expect(dropAlone(g, 'bad', 1000, 1010)).toEqual([]);
    expect(dropAlone(g, 'bad', 3000, 3010)).toEqual([]);
    expect(dropAlone(g, 'bad', 7000, 7010)).toEqual(['bad']);
    expect(g.isolating(8000)).toBe(false); // nothing else was at the bar
    expect(g.size).toBe(0);
  });

  it('does not count a drop that came after quickDropMs (a slow upload on a weak link), and starts the count again', () => {
    const g = new DropGuard({ quickDropMs: 5000 });
    g.dropped(['big'], 0);
    g.dropped(['big'], 10);
    expect(dropAlone(g, 'big', 100, 200)).toEqual([]);
    expect(dropAlone(g, 'big', 1000, 1100)).toEqual([]);
    expect(dropAlone(g, 'big', 2000, 9000)).toEqual([]); // survived 7 s in flight: resets
    expect(dropAlone(g, 'big', 10_000, 10_100)).toEqual([]);
    expect(dropAlone(g, 'big', 11_000, 11_100)).toEqual([]);
    expect(dropAlone(g, 'big', 12_000, 12_100)).toEqual(['big']);
  });

  it('never counts a drop with several messages in flight as quick, nor one sent alone outside isolation', () => {
    const g = new DropGuard();
    for (let t = 0; t < 10; t++) expect(g.dropped(['x', 'y'], t * 100).condemned).toEqual([]);
    const h = new DropGuard();
    // sent(..., alone = false): the publisher says alone only while isolating
    for (let t = 0; t < 10; t++) {
      h.sent('z', false, t * 100);
      expect(h.dropped(['z'], t * 100 + 1).condemned).toEqual([]);
    }
  });

  it('ends isolation when its suspects are settled, or after calmMs online without a drop', () => {
    const g = new DropGuard({ calmMs: 60_000 });
    g.dropped(['a', 'b'], 0);
    g.dropped(['a', 'b'], 10);
    g.settled('a');
    expect(g.isolating(20)).toBe(true);
    g.settled('b');
    expect(g.isolating(30)).toBe(false);

    const h = new DropGuard({ calmMs: 60_000 });
    h.dropped(['gone'], 0);
    h.dropped(['gone'], 10); // then expires from the outbox: never settled
    h.online(1000);
    expect(h.isolating(60_999)).toBe(true);
    expect(h.isolating(61_000)).toBe(false);
    expect(h.size).toBe(0);
  });

  it('is off with deadAfterQuickDrops 0: never isolates, never condemns', () => {
    const g = new DropGuard({ deadAfterQuickDrops: 0 });
    for (let t = 0; t < 10; t++) {
      g.sent('bad', true, t * 100);
      expect(g.dropped(['bad'], t * 100 + 1).condemned).toEqual([]);
      expect(g.isolating(t * 100 + 2)).toBe(false);
    }
  });
});
