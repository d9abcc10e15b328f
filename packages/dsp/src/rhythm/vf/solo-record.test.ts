import { describe, expect, it } from 'vitest';
import { LeadSoloRecord, MAX_SOLO_FALSE_SHARE, MIN_SOLO_FALSE, MIN_SOLO_SECONDS, REPLACED_AFTER_S } from './solo-record.js';

describe('LeadSoloRecord', () => {
  const URGENT = 0.7;
  const quiet = Float64Array.of(0.1, 0.2);
  const onlyB = Float64Array.of(0.1, 0.9);

  function record(falseB: number, seconds: number, pairShockable = false): LeadSoloRecord {
    const r = new LeadSoloRecord(2);
    for (let s = 0; s < seconds; s++) r.observe(s < falseB ? onlyB : quiet, pairShockable, URGENT);
    return r;
  }

  it('distrusts a lead whose urgent-tier seconds alone pass the share, and only that lead', () => {
    const n = 1000;
    const r = record(Math.floor(MAX_SOLO_FALSE_SHARE * n) + 1, n);
    expect(r.unreliable(1)).toBe(true);
    expect(r.unreliable(0)).toBe(false);
    expect(record(Math.floor(MAX_SOLO_FALSE_SHARE * n), n).unreliable(1)).toBe(false);
  });

  it('judges nobody before MIN_SOLO_SECONDS, nor on fewer than MIN_SOLO_FALSE seconds', () => {
    expect(record(MIN_SOLO_FALSE + 5, MIN_SOLO_SECONDS - 1).unreliable(1)).toBe(false);
    expect(record(MIN_SOLO_FALSE + 5, MIN_SOLO_SECONDS).unreliable(1)).toBe(true);
    expect(record(MIN_SOLO_FALSE - 1, MIN_SOLO_SECONDS).unreliable(1)).toBe(false);
  });

  it('does not count seconds the pair called shockable: both leads in VF is no false alarm', () => {
    expect(record(500, 1000, true).unreliable(1)).toBe(false);
  });

  it('starts a lead afresh when it comes back after REPLACED_AFTER_S unreadable seconds, and keeps the other lead\'s record', () => {
    for (const [gap, distrusted] of [[REPLACED_AFTER_S - 1, true], [REPLACED_AFTER_S, false]] as const) {
      const r = record(MIN_SOLO_SECONDS, 2 * MIN_SOLO_SECONDS);
      for (let s = 0; s < gap; s++) r.readable(1, false);
      r.readable(1, true);
      expect(r.unreliable(1)).toBe(distrusted);
    }
    const r = new LeadSoloRecord(2);
    for (let s = 0; s < 2 * MIN_SOLO_SECONDS; s++) r.observe(Float64Array.of(0.9, 0.9), false, URGENT);
    for (let s = 0; s < REPLACED_AFTER_S; s++) r.readable(0, false);
    r.readable(0, true);
    expect([r.unreliable(0), r.unreliable(1)]).toEqual([false, true]);
  });
});
